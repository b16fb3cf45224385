//! A reader for the roadmap cache that stores written before the cache became postcard
//! (layout `RMP1`). It is read once per roadmap, at the first sync after an upgrade, so
//! that renames an earlier file made (see [`Roadmap::inherit_renames`]) still carry over
//! when the file has changed since: the store then writes the roadmap in today's layout.
//! Nothing writes this layout any more.
//!
//! Layout, every number a LEB128 varint (the version zigzagged); a string is `offset length`
//! into the table that follows the magic:
//!
//! ```text
//! "RMP1" table_len table_bytes
//! id title version hash section_count
//!   section: id title summary topic_count
//!     topic: id title kind estimate? estimate_minutes+1 requires_count {str} renamed_count {str}
//! ```

use crate::roadmap::{Kind, Roadmap, Section, Topic};

/// The roadmap in a cached copy of layout `RMP1`, without summaries and resources; `None`
/// for anything else, or a copy that does not decode cleanly.
pub fn decode(bytes: &[u8]) -> Option<Roadmap> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(b"RMP1")?,
        table: "",
    };
    let table_len = usize::try_from(r.num()?).ok()?;
    r.table = std::str::from_utf8(r.bytes.get(..table_len)?).ok()?;
    r.bytes = &r.bytes[table_len..];

    let id = r.text()?;
    let title = r.text()?;
    let zigzag = r.num()?;
    let version = ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
    let hash = r.text()?;
    let mut sections = Vec::new();
    for _ in 0..r.num()? {
        let section = r.text()?;
        let section_title = r.text()?;
        let summary = r.text()?;
        let mut topics = Vec::new();
        for _ in 0..r.num()? {
            let id = r.text()?;
            let title = r.text()?;
            let kind = match r.byte()? {
                0 => Kind::Study,
                1 => Kind::Practice,
                2 => Kind::Project,
                3 => Kind::Milestone,
                _ => return None,
            };
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
            let mut topic = Topic::retired(id, section.clone(), title);
            topic.kind = kind;
            topic.estimate = estimate;
            topic.estimate_minutes = estimate_minutes;
            topic.requires = requires;
            topic.renamed_from = renamed_from;
            topics.push(topic);
        }
        sections.push(Section {
            id: section,
            title: section_title,
            summary,
            days: None,
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
        tracks: Vec::new(),
        groups: Vec::new(),
        hash,
        details: false,
        retired: Vec::new(),
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    table: &'a str,
}

impl Reader<'_> {
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

    fn text(&mut self) -> Option<String> {
        let start = usize::try_from(self.num()?).ok()?;
        let len = usize::try_from(self.num()?).ok()?;
        Some(self.table.get(start..start.checked_add(len)?)?.to_string())
    }

    fn list(&mut self) -> Option<Vec<String>> {
        // Each entry takes at least two bytes: a damaged count cannot ask for much.
        let n = usize::try_from(self.num()?).ok()?;
        if n > self.bytes.len() / 2 {
            return None;
        }
        (0..n).map(|_| self.text()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached roadmap of the store an earlier binary wrote (tests/fixtures/upgrade).
    fn blob() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/upgrade/store-0.1.db"
        );
        let conn =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        conn.query_row("SELECT packed FROM roadmaps", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn reads_what_the_earlier_binary_wrote() {
        let r = decode(&blob()).unwrap();
        assert_eq!((r.id.as_str(), r.title.as_str()), ("upgrade", "Upgrade"));
        let topics: Vec<(&str, &[String], Option<u32>)> = r
            .topics()
            .map(|t| (&*t.id, &t.renamed_from[..], t.estimate_minutes))
            .collect();
        assert_eq!(
            topics,
            [
                ("sql-joins", &["joins".to_string()][..], Some(120)),
                ("indexes", &[][..], None)
            ]
        );
    }

    #[test]
    fn anything_damaged_is_not_used() {
        let blob = blob();
        for end in 0..blob.len() {
            assert_eq!(decode(&blob[..end]), None, "cut at {end}");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        assert_eq!(
            decode(b"RMP1\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"),
            None
        );
    }
}
