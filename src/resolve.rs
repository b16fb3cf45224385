//! Turning what the user typed into a topic of the roadmap.
//!
//! In order: an exact id; an id the topic was renamed from; a unique id prefix; a unique
//! case-insensitive part of a title; the exact id of a retired topic (one the roadmap no
//! longer has, when the caller has filled them in). Anything else is an error that lists up
//! to five of the closest ids.

use crate::error::{Error, Result};
use crate::roadmap::{Roadmap, Topic};
use crate::text;

/// How many candidates an error lists.
const SUGGESTIONS: usize = 5;

/// Finds the topic `query` names.
pub fn topic<'r>(roadmap: &'r Roadmap, query: &str) -> Result<&'r Topic> {
    let shown = text::line(query);
    if query.trim().is_empty() {
        return Err(Error::usage(
            "empty topic: give a topic id, like `sql-joins`",
        ));
    }
    if let Some(t) = roadmap.topics().find(|t| t.id == query) {
        return Ok(t);
    }
    if let Some(t) = roadmap
        .topics()
        .find(|t| t.renamed_from.iter().any(|old| old == query))
    {
        return Ok(t);
    }
    let by_prefix: Vec<&Topic> = roadmap
        .topics()
        .filter(|t| t.id.starts_with(query))
        .collect();
    match by_prefix.len() {
        1 => return Ok(by_prefix[0]),
        n if n > 1 => return Err(ambiguous(&shown, "id prefix", &by_prefix)),
        _ => {}
    }
    let needle = folded(query);
    let by_title: Vec<&Topic> = roadmap
        .topics()
        .filter(|t| folded(&t.title).contains(&needle))
        .collect();
    match by_title.len() {
        1 => return Ok(by_title[0]),
        n if n > 1 => return Err(ambiguous(&shown, "title part", &by_title)),
        _ => {}
    }
    // A topic this version of the roadmap dropped: its history is kept, and named by id.
    if let Some(t) = roadmap.retired.iter().find(|t| t.id == query) {
        return Ok(t);
    }
    let closest = closest_ids(roadmap, query);
    let hint = if closest.is_empty() {
        "`roadmap list` shows every topic".to_string()
    } else {
        format!("closest: {}", closest.join(", "))
    };
    Err(Error::usage_hint(
        format!("unknown topic `{shown}` in roadmap `{}`", roadmap.id),
        hint,
    ))
}

/// Text as titles are compared: in one Unicode normal form (NFKC), so that `Café` typed
/// with a composed `é` finds a title written with `e` and a combining accent, and a
/// full-width or ligature letter finds its plain one; then lowercase.
fn folded(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect::<String>().to_lowercase()
}

fn ambiguous(shown: &str, what: &str, matches: &[&Topic]) -> Error {
    let ids: Vec<&str> = matches.iter().take(SUGGESTIONS).map(|t| &*t.id).collect();
    let more = if matches.len() > SUGGESTIONS {
        format!(" and {} more", matches.len() - SUGGESTIONS)
    } else {
        String::new()
    };
    Error::usage_hint(
        format!(
            "`{shown}` is ambiguous: {} topics match that {what}",
            matches.len()
        ),
        format!("did you mean {}{more}?", ids.join(", ")),
    )
}

/// Up to five ids nearest to `query` by edit distance, nearest first.
fn closest_ids(roadmap: &Roadmap, query: &str) -> Vec<String> {
    let query: String = query.chars().take(128).collect::<String>().to_lowercase();
    let mut scored: Vec<(usize, &str)> = roadmap
        .topics()
        .map(|t| {
            // Compare with the id and with its start, so `joins` finds `sql-joins` and
            // `sql-jion` finds `sql-joins`.
            let whole = strsim::levenshtein(&query, &t.id);
            let part =
                t.id.split('-')
                    .map(|w| strsim::levenshtein(&query, w))
                    .min()
                    .unwrap_or(whole);
            (whole.min(part + 1), &*t.id)
        })
        .collect();
    scored.sort();
    let limit = (query.chars().count() / 2).max(2);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(SUGGESTIONS)
        .map(|(_, id)| id.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::{Source, load};

    fn roadmap() -> Roadmap {
        let mut text =
            "[roadmap]\nid = \"r\"\ntitle = \"R\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n"
                .to_string();
        for (id, title, old) in [
            ("sql-basics", "SQL basics", ""),
            ("sql-joins", "SQL joins", "joins"),
            ("rest-apis", "REST APIs", ""),
            ("graphql", "GraphQL", ""),
            ("cafe", "Cafe\u{301} au lait", ""),
            ("ligature", "\u{fb01}le systems", ""),
        ] {
            text.push_str(&format!(
                "[[sections.topics]]\nid = \"{id}\"\ntitle = \"{title}\"\n"
            ));
            if !old.is_empty() {
                text.push_str(&format!("renamed_from = [\"{old}\"]\n"));
            }
        }
        load(&Source {
            name: "t".into(),
            text,
        })
        .unwrap()
    }

    fn usage(e: Error) -> (String, Option<String>) {
        match e {
            Error::Usage { message, hint } => (message, hint),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn matching_order() {
        let r = roadmap();
        assert_eq!(topic(&r, "sql-joins").unwrap().id, "sql-joins");
        assert_eq!(topic(&r, "joins").unwrap().id, "sql-joins");
        assert_eq!(topic(&r, "sql-j").unwrap().id, "sql-joins");
        assert_eq!(topic(&r, "graph").unwrap().id, "graphql");
        assert_eq!(topic(&r, "rest apis").unwrap().id, "rest-apis");
        assert_eq!(topic(&r, "BASICS").unwrap().id, "sql-basics");
        // Composed and decomposed accents, and a ligature, match one another.
        assert_eq!(topic(&r, "caf\u{e9} au").unwrap().id, "cafe");
        assert_eq!(topic(&r, "CAF\u{c9}").unwrap().id, "cafe");
        assert_eq!(topic(&r, "file sys").unwrap().id, "ligature");
    }

    #[test]
    fn errors() {
        let r = roadmap();
        let (message, hint) = usage(topic(&r, "sql").unwrap_err());
        assert_eq!(message, "`sql` is ambiguous: 2 topics match that id prefix");
        assert_eq!(hint.as_deref(), Some("did you mean sql-basics, sql-joins?"));
        let (message, hint) = usage(topic(&r, "sql-jions").unwrap_err());
        assert_eq!(message, "unknown topic `sql-jions` in roadmap `r`");
        assert_eq!(hint.as_deref(), Some("closest: sql-joins"));
        let (_, hint) = usage(topic(&r, "zzzzzzzzzzzz").unwrap_err());
        assert_eq!(hint.as_deref(), Some("`roadmap list` shows every topic"));
        let (message, _) = usage(topic(&r, "\u{1b}[2J").unwrap_err());
        assert!(!message.contains('\u{1b}'));
        assert!(topic(&r, "").is_err());
    }
}
