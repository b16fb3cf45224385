//! Making untrusted text safe and fitting it into columns.
//!
//! Roadmap files and notes come from other people. Before any of their text reaches a
//! terminal it passes through [`clean`] (for blocks) or [`line`] (for one-line cells), which
//! replace control characters (C0 except newline and tab, DEL, C1) and bidirectional
//! overrides, so a roadmap cannot move the cursor, recolour the screen or reorder text.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What text output replaces: C0 controls except newline and tab, DEL, C1 (U+009B alone
/// starts a control sequence on some terminals), and the bidirectional embeddings,
/// overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder what follows.
fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether JSON output writes `c` as a `\u` escape although JSON allows it as it is: the
/// characters at and above DEL that text output replaces ([`clean`]), and the bidi marks
/// (U+200E, U+200F, U+061C). JSON escapes every character below U+0020 itself. An escape
/// loses nothing, so the marks are escaped too, though text output keeps them (they steer
/// only the neutral characters around them, and right-to-left text uses them).
///
/// The one JSON writer, `crate::json` (serde_json with this escaping), asks this.
pub fn escaped_in_json(c: char) -> bool {
    c >= '\u{7f}' && (is_unsafe(c) || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}'))
}

fn replacement(c: char) -> char {
    match c {
        // C0 controls have visible pictures: ESC becomes ␛.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Neutralises control characters, keeping newlines and tabs.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_unsafe(c) { replacement(c) } else { c })
            .collect(),
    )
}

/// Whether `s` is printable ASCII only, which needs no change: most text, checked quickly.
fn plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Neutralises control characters and folds newlines and tabs into spaces, for one line.
pub fn line(s: &str) -> Cow<'_, str> {
    if plain_ascii(s) {
        return Cow::Borrowed(s);
    }
    if !s
        .chars()
        .any(|c| is_unsafe(c) || c == '\n' || c == '\t' || c == '\r')
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c if is_unsafe(c) => replacement(c),
                c => c,
            })
            .collect(),
    )
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    // Printable ASCII is one column a byte.
    if plain_ascii(s) {
        return s.len();
    }
    UnicodeWidthStr::width(s)
}

/// `n` and a noun, plural unless `n` is one: `1 topic`, `3 topics`.
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    match n.into() {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// Cuts `s` to at most `max` columns, ending with `…` when it had to cut. It cuts between
/// grapheme clusters, so that an emoji family or a letter with its accents stays whole.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut used = 0;
    let mut end = 0;
    for (at, grapheme) in s.grapheme_indices(true) {
        used += width(grapheme);
        if used > max - 1 {
            break;
        }
        end = at + grapheme.len();
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

/// Breaks `s` into lines of at most `max` columns at spaces; a word longer than a line
/// stands alone on its own line. Newlines in `s` are kept as breaks; other runs of
/// whitespace are one space, as a tab would be of any width on a terminal.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    // Words are broken at spaces only: not inside an id such as `write-ahead-logging`.
    let options = textwrap::Options::new(max)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut lines = Vec::new();
    for paragraph in s.split('\n') {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        let spaced = words.join(" ");
        lines.extend(
            textwrap::wrap(&spaced, &options)
                .into_iter()
                .map(Cow::into_owned),
        );
    }
    lines
}

/// The width of the widest word (run of non-whitespace) in `s`.
pub fn longest_word(s: &str) -> usize {
    s.split_whitespace().map(width).max().unwrap_or(0)
}

/// Pads `s` with spaces on the right to `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let w = width(s);
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_neutralised() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\u{1b}[31mred"), "a\u{241b}[31mred");
        assert_eq!(clean("keep\nnew\tlines"), "keep\nnew\tlines");
        assert_eq!(
            clean("bell\u{7}del\u{7f}csi\u{9b}"),
            "bell\u{2407}del\u{2421}csi\u{fffd}"
        );
        assert_eq!(clean("rtl\u{202e}x"), "rtl\u{fffd}x");
        assert_eq!(line("two\nlines\r\tx\u{1b}"), "two lines  x\u{241b}");
    }

    #[test]
    fn fitting() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("日本語のタイトル", 7), "日本語…");
        assert_eq!(width(&fit("日本語のタイトル", 7)), 7);
        assert_eq!(fit("abc", 0), "");
        // A family emoji (man ZWJ woman ZWJ girl ZWJ boy) is one grapheme two columns wide:
        // kept whole or left out whole, never cut at a joiner.
        let family = "ab \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466} cd efgh";
        let kept = "ab \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}";
        assert_eq!(fit(family, 8), format!("{kept} c…"));
        assert_eq!(fit(family, 6), format!("{kept}…"));
        assert_eq!(fit(family, 5), "ab …");
        assert_eq!(fit("cafe\u{301} au lait", 5), "cafe\u{301}…");
        assert_eq!(
            wrap("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
        assert_eq!(wrap("a\nb c", 80), ["a", "b c"]);
        assert_eq!(
            wrap("supercalifragilistic x", 5),
            ["supercalifragilistic", "x"]
        );
        assert_eq!(wrap("日本語 日本語", 7), ["日本語", "日本語"]);
        // Runs of whitespace are one space; a hyphen is no place to break.
        assert_eq!(
            wrap("write-ahead  logging\tand recovery", 12),
            ["write-ahead", "logging and", "recovery"]
        );
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(longest_word("note: EXPLAIN  ANALYZE 日本語"), 7);
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("日本", 3), "日本");
    }
}
