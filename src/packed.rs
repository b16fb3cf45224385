//! The store's cached copy of a validated roadmap, in a compact binary form made to be read
//! fast: one command on a 10,000-topic roadmap reads it whole, and must stay instant.
//!
//! All text sits in one string table, checked as UTF-8 once; topics refer to it by offset
//! and length, so decoding copies no text and allocates no string (the topics' text borrows
//! the bytes, which the caller keeps for the life of the process: see [`crate::roadmap::Text`]).
//! A prerequisite points at the same bytes as the id of the topic it names.
//!
//! Layout, every number a LEB128 varint (signed ones zigzagged):
//!
//! ```text
//! MAGIC  table_len table_bytes
//! id title version hash  section_count
//!   section: id title summary topic_count
//!     topic: id title kind estimate estimate_minutes requires_count {str} renamed_count {str}
//! ```
//! A string is `offset length` into the table; `estimate` and `estimate_minutes` are 0 for
//! none, else the value plus one (for the estimate, a string follows a 1).
//!
//! Anything that does not decode cleanly (another version's layout, a damaged row) is simply
//! not used: the caller then parses the roadmap file again.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::roadmap::{Kind, Roadmap, Section, Text, Topic};

const MAGIC: &[u8; 4] = b"RMP1";
/// The fewest bytes a section (three strings and a count) and a topic take.
const SECTION_MIN_BYTES: usize = 7;
const TOPIC_MIN_BYTES: usize = 9;

/// Encodes `roadmap` without its summaries and resources (the store keeps those apart).
pub fn encode(roadmap: &Roadmap) -> Vec<u8> {
    let mut table = Table::default();
    let mut body = Vec::new();
    let mut text = |body: &mut Vec<u8>, s: &str| {
        let (offset, len) = table.add(s);
        put(body, offset);
        put(body, len);
    };
    text(&mut body, &roadmap.id);
    text(&mut body, &roadmap.title);
    put(&mut body, zigzag(roadmap.version));
    text(&mut body, &roadmap.hash);
    put(&mut body, roadmap.sections.len() as u64);
    for section in &roadmap.sections {
        text(&mut body, &section.id);
        text(&mut body, &section.title);
        text(&mut body, &section.summary);
        put(&mut body, section.topics.len() as u64);
        for topic in &section.topics {
            text(&mut body, &topic.id);
            text(&mut body, &topic.title);
            body.push(kind_code(topic.kind));
            match &topic.estimate {
                None => put(&mut body, 0),
                Some(e) => {
                    put(&mut body, 1);
                    text(&mut body, e);
                }
            }
            put(
                &mut body,
                topic.estimate_minutes.map_or(0, |m| u64::from(m) + 1),
            );
            for list in [&topic.requires, &topic.renamed_from] {
                put(&mut body, list.len() as u64);
                for id in list {
                    text(&mut body, id);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(MAGIC.len() + 5 + table.bytes.len() + body.len());
    out.extend_from_slice(MAGIC);
    put(&mut out, table.bytes.len() as u64);
    out.extend_from_slice(table.bytes.as_bytes());
    out.extend_from_slice(&body);
    out
}

/// Decodes what [`encode`] wrote. The topics borrow their text from `bytes`.
pub fn decode(bytes: &'static [u8]) -> Option<Roadmap> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(MAGIC)?,
        table: "",
    };
    let table_len = usize::try_from(r.num()?).ok()?;
    let table = r.bytes.get(..table_len)?;
    r.table = std::str::from_utf8(table).ok()?;
    r.bytes = &r.bytes[table_len..];

    let id = r.text()?.into_owned();
    let title = r.text()?.into_owned();
    let version = unzigzag(r.num()?);
    let hash = r.text()?.into_owned();
    let section_count = r.count(SECTION_MIN_BYTES)?;
    let mut sections = Vec::with_capacity(section_count);
    for _ in 0..section_count {
        let section_id = r.text()?;
        let section_title = r.text()?.into_owned();
        let summary = r.text()?.into_owned();
        let topic_count = r.count(TOPIC_MIN_BYTES)?;
        let mut topics = Vec::with_capacity(topic_count);
        for _ in 0..topic_count {
            let id = r.text()?;
            let title = r.text()?;
            let kind = kind_of(r.byte()?)?;
            let estimate = match r.num()? {
                0 => None,
                1 => Some(r.text()?),
                _ => return None,
            };
            let estimate_minutes = match r.num()? {
                0 => None,
                m => Some(u32::try_from(m - 1).ok()?),
            };
            let requires = r.list()?;
            let renamed_from = r.list()?;
            topics.push(Topic {
                id,
                section: section_id.clone(),
                title,
                summary: String::new(),
                kind,
                estimate,
                estimate_minutes,
                requires,
                renamed_from,
                resources: Vec::new(),
            });
        }
        sections.push(Section {
            id: section_id.into_owned(),
            title: section_title,
            summary,
            topics,
        });
    }
    if !r.bytes.is_empty() {
        return None;
    }
    Some(Roadmap {
        id,
        title,
        version,
        sections,
        hash,
        details: false,
        retired: Vec::new(),
    })
}

/// The string table being built: each distinct string once.
#[derive(Default)]
struct Table {
    bytes: String,
    seen: HashMap<String, (u64, u64)>,
}

impl Table {
    fn add(&mut self, s: &str) -> (u64, u64) {
        if let Some(&at) = self.seen.get(s) {
            return at;
        }
        let at = (self.bytes.len() as u64, s.len() as u64);
        self.bytes.push_str(s);
        self.seen.insert(s.to_string(), at);
        at
    }
}

struct Reader {
    bytes: &'static [u8],
    table: &'static str,
}

impl Reader {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    fn num(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of things still to read, each at least `min_bytes` long: never more than
    /// the bytes left can hold, so a damaged count cannot ask for a huge allocation.
    fn count(&mut self, min_bytes: usize) -> Option<usize> {
        let n = usize::try_from(self.num()?).ok()?;
        (n <= self.bytes.len() / min_bytes).then_some(n)
    }

    fn text(&mut self) -> Option<Text> {
        let start = usize::try_from(self.num()?).ok()?;
        let len = usize::try_from(self.num()?).ok()?;
        let table: &'static str = self.table;
        table.get(start..start.checked_add(len)?).map(Cow::Borrowed)
    }

    fn list(&mut self) -> Option<Vec<Text>> {
        let n = self.count(2)?;
        (0..n).map(|_| self.text()).collect()
    }
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn kind_code(kind: Kind) -> u8 {
    match kind {
        Kind::Study => 0,
        Kind::Practice => 1,
        Kind::Project => 2,
        Kind::Milestone => 3,
    }
}

fn kind_of(code: u8) -> Option<Kind> {
    Some(match code {
        0 => Kind::Study,
        1 => Kind::Practice,
        2 => Kind::Project,
        3 => Kind::Milestone,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::{Source, load};

    fn leak(v: Vec<u8>) -> &'static [u8] {
        v.leak()
    }

    fn without_details(mut r: Roadmap) -> Roadmap {
        r.details = false;
        for t in r.sections.iter_mut().flat_map(|s| s.topics.iter_mut()) {
            t.summary.clear();
            t.resources.clear();
        }
        r
    }

    #[test]
    fn the_built_in_roadmap_round_trips_and_borrows_its_text() {
        let r = load(&Source::embedded()).unwrap();
        let back = decode(leak(encode(&r))).unwrap();
        assert!(back.topics().all(|t| matches!(t.id, Cow::Borrowed(_))));
        assert_eq!(back, without_details(r));
    }

    #[test]
    fn every_field_round_trips() {
        let text = "[roadmap]\nid = \"r\"\ntitle = \"R ✓\"\nversion = 3\n\
                    [[sections]]\nid = \"s\"\ntitle = \"S\"\nsummary = \"about S\"\n\
                    [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nkind = \"milestone\"\n\
                    [[sections.topics]]\nid = \"b\"\ntitle = \"Bé\"\nestimate = \"1h30m\"\n\
                    requires = [\"a\"]\nrenamed_from = [\"old-b\", \"older-b\"]\n";
        let r = load(&Source {
            name: "t".into(),
            text: text.into(),
        })
        .unwrap();
        let back = decode(leak(encode(&r))).unwrap();
        assert_eq!(back.version, 3);
        assert_eq!(back, without_details(r));
    }

    #[test]
    fn damaged_bytes_are_refused_not_trusted() {
        let r = load(&Source::embedded()).unwrap();
        let good = encode(&r);
        assert!(decode(leak(Vec::new())).is_none());
        assert!(decode(leak(b"RMP0".to_vec())).is_none());
        // Every truncation, and a byte flipped at many places, either fails to decode or
        // decodes to something; it never panics.
        for cut in (0..good.len()).step_by(97) {
            assert!(decode(leak(good[..cut].to_vec())).is_none(), "cut at {cut}");
        }
        for at in (4..good.len()).step_by(89) {
            let mut bad = good.clone();
            bad[at] ^= 0xa5;
            let _ = decode(leak(bad));
        }
        // A count larger than what is left is refused before anything is allocated.
        let mut huge = MAGIC.to_vec();
        // An empty table; id, title, version and hash all empty or zero; then the count.
        huge.extend([0, 0, 0, 0, 0, 0, 0, 0]);
        put(&mut huge, u64::MAX >> 1);
        assert!(decode(leak(huge)).is_none());
    }
}
