//! Escaping for SVG and HTML (`card`, `map`), for the JSON a page carries inside a
//! `<script>` element, and the rule for links.
//!
//! Text from a roadmap or a note is untrusted: it goes through [`crate::text`] first (control
//! and bidi characters replaced by visible ones), then every character with a meaning in
//! markup is written as a character reference. The result is valid XML 1.0 as well as HTML,
//! whatever the input: XML forbids most C0 controls, and one raw ESC would break the document.
//! A link is written only when it is http(s) ([`safe_url`]).

use std::fmt::Write as _;

use crate::text;

/// Escapes `s` for XML or HTML text and for attribute values in either quote, on one line
/// (newlines and tabs become spaces).
pub fn escape(s: &str) -> String {
    escape_clean(&text::line(s))
}

fn escape_clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not characters in XML 1.0 (text::clean leaves them).
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `url` when it is an http or https link (the scheme in any case, then `://` and a host);
/// `None` for anything else: `javascript:`, `data:`, relative paths, or text with
/// whitespace or control characters in it, which a browser would strip before reading the
/// scheme. A `None` is shown as text, never as an `href`.
pub fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'));
    (clean && !rest.is_empty() && !rest.starts_with('/')).then_some(url)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// JSON text made safe to put inside an HTML `<script>` element: `<`, `>` and `&` as `\u`
/// escapes, so that no `</script>` or `<!--` can appear, and U+2028 and U+2029 too (old
/// JavaScript parsers end a line there). Only JSON strings can hold these characters, and
/// the escapes mean the same characters there, so the value is unchanged.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_inert_in_markup() {
        assert_eq!(
            escape("</svg><script>alert(1)</script>"),
            "&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("\"'&<>"), "&quot;&#39;&amp;&lt;&gt;");
        // C0 controls (forbidden in XML), DEL, C1 and bidi controls become visible characters.
        assert_eq!(escape("a\u{0}b\u{1b}c"), "a\u{2400}b\u{241b}c");
        assert_eq!(
            escape("x\u{202e}y\u{2066}z\u{9b}"),
            "x\u{fffd}y\u{fffd}z\u{fffd}"
        );
        assert_eq!(escape("two\nlines\tand\u{ffff}"), "two lines and\u{fffd}");
        assert_eq!(escape("plain café 日本"), "plain café 日本");
    }

    #[test]
    fn only_http_links() {
        assert_eq!(
            safe_url("https://example.com/a?b=1&c"),
            Some("https://example.com/a?b=1&c")
        );
        assert_eq!(safe_url(" HTTP://Example.com "), Some("HTTP://Example.com"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "java\tscript:alert(1)",
            "https://",
            "https:///etc/passwd",
            "//evil.example",
            "file:///etc/passwd",
            "http://a b",
            "https://x\u{1b}y",
            "https://x\"onmouseover=alert(1)",
            "vbscript:x",
            "",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn json_cannot_close_its_script() {
        let json = r#"{"t":"</script><!-- & \u2028"}"#.replace("\\u2028", "\u{2028}");
        let safe = script_json(&json);
        assert_eq!(
            safe,
            r#"{"t":"\u003c/script\u003e\u003c!-- \u0026 \u2028"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        let orig: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, orig);
    }
}
