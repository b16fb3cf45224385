//! Markdown escaping, for the summary (see [`crate::cmd::summary`]): text from the roadmap
//! and from notes is neutralised and escaped, so a title cannot break a table or inject
//! links or HTML.

use crate::text;

/// Escapes text for inline Markdown: control characters neutralised, line breaks folded,
/// and every character with a Markdown meaning backslash-escaped.
pub fn inline(s: &str) -> String {
    let shown = text::line(s);
    let shown = shown.trim();
    let marker = list_marker_end(shown);
    // Most text has nothing to escape: one pass over the bytes, one copy.
    if marker.is_none() && !shown.bytes().any(needs_escape) {
        return shown.to_string();
    }
    let mut out = String::with_capacity(shown.len() + 8);
    for (i, c) in shown.char_indices() {
        if (c.is_ascii() && needs_escape(c as u8)) || marker == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where text that is put at the start of a line or a list item would begin a list (or a
/// setext heading's underline) and change the rendering: the offset of the `-`, `+` or `=`
/// it starts with, or of the `.` or `)` after the number it starts with (`1. Intro`).
fn list_marker_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    match bytes.first()? {
        b'-' | b'+' | b'=' => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(bytes.get(digits), Some(b'.' | b')')).then_some(digits)
        }
        _ => None,
    }
}

/// Characters that mean something to Markdown (or to GitHub's tables and HTML) inline.
fn needs_escape(b: u8) -> bool {
    matches!(
        b,
        b'\\'
            | b'`'
            | b'*'
            | b'_'
            | b'['
            | b']'
            | b'<'
            | b'>'
            | b'|'
            | b'#'
            | b'~'
            | b'&'
            | b'!'
            | b'{'
            | b'}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("[x](http://e) <b>"), "\\[x\\](http://e) \\<b\\>");
        assert_eq!(
            inline("# not a heading\nsecond"),
            "\\# not a heading second"
        );
        assert_eq!(inline("esc\u{1b}[1m"), "esc\u{241b}\\[1m");
        assert_eq!(inline("C++ & Go_lang"), "C++ \\& Go\\_lang");
        // Text that would start a list where it begins a line or a list item.
        assert_eq!(inline("- dash title"), "\\- dash title");
        assert_eq!(inline("+ plus"), "\\+ plus");
        assert_eq!(inline("1) paren"), "1\\) paren");
        assert_eq!(inline("12. Intro"), "12\\. Intro");
        assert_eq!(inline("=== x"), "\\=== x");
        assert_eq!(inline("HTTP/2 vs 3.0 - a-b"), "HTTP/2 vs 3.0 - a-b");
        assert_eq!(inline("2-3 trees"), "2-3 trees");
    }
}
