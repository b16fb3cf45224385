//! JSON as `roadmap` writes it: serde_json's, with untrusted text kept off the terminal.
//!
//! serde_json escapes only the characters JSON requires (below U+0020, `"` and `\`), so a
//! C1 control such as U+009B (CSI to some terminals) or a bidi override from a roadmap or a
//! note would reach `roadmap show X --json | less` as it is. [`Escaping`] wraps a serde_json
//! formatter and writes the characters [`crate::text::escaped_in_json`] names as `\u009b`,
//! in lower case like serde_json's own `\u001b`: still valid JSON, and the same string once
//! parsed.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::text::escaped_in_json;

/// `c` as a JSON escape, `\u` and four lower-case hex digits. Only for characters of the
/// Basic Multilingual Plane, which every character [`escaped_in_json`] names is in.
fn unicode_escape(c: char) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let n = c as u32;
    let digit = |shift: u32| HEX[((n >> shift) & 0xf) as usize];
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

/// A serde_json formatter that writes what `F` writes, except that the characters
/// [`escaped_in_json`] names are escaped.
#[derive(Debug, Clone, Default)]
pub struct Escaping<F>(pub F);

/// Writes `fragment` (text serde_json needs no escape for) with those characters escaped.
fn write_fragment<W: ?Sized + Write>(out: &mut W, fragment: &str) -> io::Result<()> {
    // Every character to escape is at or above DEL: ASCII text below it, most of what is
    // written, goes out as it is.
    if fragment.bytes().all(|b| b < 0x7f) {
        return out.write_all(fragment.as_bytes());
    }
    let mut start = 0;
    for (i, c) in fragment.char_indices() {
        if escaped_in_json(c) {
            out.write_all(&fragment.as_bytes()[start..i])?;
            out.write_all(&unicode_escape(c))?;
            start = i + c.len_utf8();
        }
    }
    out.write_all(&fragment.as_bytes()[start..])
}

/// Passes each layout call on to the wrapped formatter; these are the calls in which
/// serde_json's compact and pretty formatters differ.
macro_rules! pass_on {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $name<W: ?Sized + Write>(&mut self, out: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(out $(, $arg)*)
        }
    )*};
}

impl<F: Formatter> Formatter for Escaping<F> {
    #[inline]
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_fragment(out, fragment)
    }

    pass_on! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
    }
}

/// A serializer for pretty JSON (two-space indent, as `serde_json::to_writer_pretty`).
pub fn pretty<W: Write>(out: W) -> serde_json::Serializer<W, Escaping<PrettyFormatter<'static>>> {
    serde_json::Serializer::with_formatter(out, Escaping(PrettyFormatter::new()))
}

/// Writes `value` as pretty JSON, with no newline after it.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    value.serialize(&mut pretty(out)).map_err(io::Error::from)
}

/// Writes `value` as compact JSON on one line, with no newline after it.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            out,
            Escaping(CompactFormatter),
        ))
        .map_err(io::Error::from)
}

/// Writes `value` as one line of JSON Lines (compact, then a newline), made whole in
/// `line` (scratch space, reused between calls) and written to `out` at once.
pub fn write_line<T: Serialize + ?Sized>(
    out: &mut (impl Write + ?Sized),
    line: &mut Vec<u8>,
    value: &T,
) -> io::Result<()> {
    line.clear();
    to_writer(&mut *line, value)?;
    line.push(b'\n');
    out.write_all(line)
}

/// `value` as compact JSON on one line, as `serde_json::to_string` writes it but escaped.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value).map_err(serde_json::Error::io)?;
    // Only valid UTF-8 is ever written: serde_json's output and ASCII escapes.
    Ok(String::from_utf8(out).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_c1_and_bidi_and_parses_back() {
        let text = "a\u{9b}31m\u{202e}b\u{7f}\u{200f}\u{61c}\u{2069}\u{80}\u{9f}\u{a0}é\u{1b}\n\"";
        let json = to_string(&text).unwrap();
        assert_eq!(
            json,
            r#""a\u009b31m\u202eb\u007f\u200f\u061c\u2069\u0080\u009f"#.to_string()
                + "\u{a0}é"
                + r#"\u001b\n\"""#
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn layout_is_serde_json_own() {
        let value = serde_json::json!({"a": [1, {"b": null}], "c": [], "d": {}, "e": "x"});
        let mut pretty_out = Vec::new();
        to_writer_pretty(&mut pretty_out, &value).unwrap();
        assert_eq!(pretty_out, serde_json::to_vec_pretty(&value).unwrap());
        assert_eq!(
            to_string(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }

    #[test]
    fn keys_are_escaped_too() {
        let map = std::collections::BTreeMap::from([("k\u{9b}", "v\u{202e}")]);
        assert_eq!(to_string(&map).unwrap(), r#"{"k\u009b":"v\u202e"}"#);
    }
}
