//! Ids from text: slugs in the roadmap id grammar, made unique in document order.
//!
//! A slug is the text's letters and digits, lowercased, in hyphen-separated words: accents
//! are dropped after NFKD decomposition (`Café` is `cafe`), every other character separates
//! words. It is cut to [`SLUG_MAX`] bytes at a word boundary (short enough to type and to
//! fit a table; the id grammar allows [`MAX_ID_LEN`]). Text with no ASCII letter or
//! digit (all CJK, all emoji) gets `item-` and 8 hex digits of the BLAKE3 hash of its
//! normalised text instead, so that it too comes out the same every time.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::roadmap::MAX_ID_LEN;

/// The longest slug made from an item's text.
pub const SLUG_MAX: usize = 48;

/// The ASCII words of `text`: lowercase letters and digits, accents dropped.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.nfkd() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            // An accent of the letter before it: dropped, the word goes on.
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Text compared for sameness: its words joined by spaces, or, for text without ASCII
/// words, the text itself lowercased with its whitespace collapsed.
pub(crate) fn normal(text: &str) -> String {
    let w = words(text);
    if w.is_empty() {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    } else {
        w.join(" ")
    }
}

/// Joins `words` with hyphens, keeping as many whole words as fit in `max` bytes; a first
/// word longer than `max` is cut.
fn join_within(words: &[String], max: usize) -> String {
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&w[..max.min(w.len())]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// The slug of `text`, at most `max` bytes: see the module documentation.
pub fn slug_within(text: &str, max: usize) -> String {
    let w = words(text);
    if w.is_empty() {
        let hash = blake3::hash(normal(text).as_bytes()).to_hex();
        return format!("item-{}", &hash.as_str()[..8]);
    }
    join_within(&w, max)
}

/// The slug of `text` (see the module documentation).
pub fn slug(text: &str) -> String {
    slug_within(text, SLUG_MAX)
}

/// `base`, or if that is taken `base-2`, `base-3`, … (cut so that the whole stays within
/// [`MAX_ID_LEN`]), whichever is first free; the id returned is marked taken.
pub fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    if taken.insert(base.to_string()) {
        return base.to_string();
    }
    let parts: Vec<String> = base.split('-').map(str::to_string).collect();
    let mut n: u64 = 2;
    loop {
        let suffix = format!("-{n}");
        let id = format!("{}{suffix}", join_within(&parts, MAX_ID_LEN - suffix.len()));
        if taken.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::is_valid_id;

    #[test]
    fn slugs() {
        assert_eq!(slug("**Arrays** (video)"), "arrays-video");
        assert_eq!(slug("Café crème: Übung"), "cafe-creme-ubung");
        assert_eq!(slug("C++ & Go_lang"), "c-go-lang");
        assert_eq!(slug("  HTTP/2 -- vs 3.0  "), "http-2-vs-3-0");
        let cjk = slug("数据结构");
        assert!(cjk.starts_with("item-") && is_valid_id(&cjk), "{cjk}");
        assert_eq!(cjk, slug("数据结构 "), "stable, whitespace aside");
        assert_ne!(cjk, slug("算法"));
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= SLUG_MAX && long.ends_with("word"), "{long}");
        let one = slug(&"x".repeat(100));
        assert_eq!(one.len(), SLUG_MAX);
        assert!(is_valid_id(&one));
    }

    #[test]
    fn unique_ids() {
        let mut taken = HashSet::new();
        assert_eq!(unique("a", &mut taken), "a");
        assert_eq!(unique("a", &mut taken), "a-2");
        assert_eq!(unique("a-2", &mut taken), "a-2-2");
        assert_eq!(unique("a", &mut taken), "a-3");
        let long = slug(&"word ".repeat(40));
        let again = unique(&long, &mut taken);
        assert_eq!(again, long);
        let second = unique(&long, &mut taken);
        assert!(second.ends_with("-2") && second.len() <= MAX_ID_LEN && is_valid_id(&second));
    }
}
