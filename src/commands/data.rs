//! Export and import of the event log as JSON Lines.

use std::io::{BufRead, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Event, EventKind, EventRef, Rating, Refusal};
use crate::store::Store;
use crate::text;

/// What `import` did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportReport {
    pub read: usize,
    pub added: usize,
}

/// Writes every event, one JSON object a line, in the order they were stored.
pub fn export(store: &Store, out: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    let mut line = Vec::with_capacity(512);
    store.for_each_event(|e| {
        line.clear();
        json_line(&mut line, &e);
        out.write_all(&line)?;
        n += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
}

/// One event as a line of the export format: exactly what serde_json writes for
/// [`Event`] through [`crate::json`] (same keys, order and escapes; a test holds the two
/// together), without building an `Event` first. An export of a million events spends most
/// of its time here.
pub fn json_line(out: &mut Vec<u8>, e: &EventRef) {
    out.extend_from_slice(b"{\"id\":");
    json_str(out, e.id);
    out.extend_from_slice(b",\"topic\":");
    json_str(out, e.topic);
    out.extend_from_slice(b",\"kind\":\"");
    out.extend_from_slice(e.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"at\":\"");
    rfc3339(out, e.at);
    out.extend_from_slice(b"\",\"minutes\":");
    match e.minutes {
        Some(m) => {
            let _ = write!(out, "{m}");
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"note\":");
    match e.note {
        Some(n) => json_str(out, n),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"rating\":");
    match e.rating {
        Some(r) => {
            out.push(b'"');
            out.extend_from_slice(r.as_str().as_bytes());
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b"}\n");
}

/// A JSON string with [`crate::json`]'s escapes: serde_json's for `"`, `\\` and control
/// characters below U+0020 (short forms where JSON has them, else `\u00XX` in lower case),
/// then `\uXXXX` for each character [`text::escaped_in_json`] names; everything else as is.
fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most text needs no escape: step over it eight bytes at a time.
        if let Some(chunk) = bytes.get(i..i + 8)
            && !any_escape(u64::from_le_bytes(chunk.try_into().unwrap_or_default()))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        match ESCAPE[usize::from(b)] {
            0 => i += 1,
            MAYBE => {
                // `b` starts a character (no continuation byte is marked): is it one to escape?
                match s.get(i..).and_then(|rest| rest.chars().next()) {
                    Some(c) if text::escaped_in_json(c) => {
                        out.extend_from_slice(&bytes[start..i]);
                        out.extend_from_slice(&crate::json::unicode_escape(c));
                        i += c.len_utf8();
                        start = i;
                    }
                    _ => i += 1,
                }
            }
            short => {
                out.extend_from_slice(&bytes[start..i]);
                if short == b'u' {
                    out.extend_from_slice(&crate::json::unicode_escape(char::from(b)));
                } else {
                    out.extend_from_slice(&[b'\\', short]);
                }
                i += 1;
                start = i;
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The bytes that begin the UTF-8 of every character [`text::escaped_in_json`] names: DEL,
/// 0xC2 (U+0080 to U+00BF, C1 among them), 0xD8 (U+061C) and 0xE2 (U+2000 to U+2FFF, the
/// other bidi controls). A test checks every character against this list.
const MAYBE_BYTES: [u8; 4] = [0x7f, 0xc2, 0xd8, 0xe2];

/// Whether any of the eight bytes in `w` is one [`ESCAPE`] marks: below 0x20, `"`, `\`,
/// or one of [`MAYBE_BYTES`]. Never wrong when it says no; it may say yes for a word that
/// needs nothing.
const fn any_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is below `n` (n <= 0x80) only if subtracting `n` borrows into its top bit.
    const fn below(x: u64, n: u8) -> u64 {
        x.wrapping_sub(ONES * n as u64) & !x & HIGH
    }
    const fn equal(x: u64, b: u8) -> u64 {
        below(x ^ (ONES * b as u64), 1)
    }
    let quote = equal(w, b'"');
    let backslash = equal(w, b'\\');
    // The top bit of each byte below 0x20 or from DEL up, in one pass (adding to the low seven
    // bits of a byte cannot carry into the next). Most words have none.
    let low = w & !HIGH;
    let outside = (w | low.wrapping_add(ONES) | !low.wrapping_add(ONES * 0x60)) & HIGH;
    if outside == 0 {
        return quote | backslash != 0;
    }
    quote | backslash | below(w, 0x20) != 0
        || equal(w, MAYBE_BYTES[0])
            | equal(w, MAYBE_BYTES[1])
            | equal(w, MAYBE_BYTES[2])
            | equal(w, MAYBE_BYTES[3])
            != 0
}

/// In [`ESCAPE`], a byte that may begin a character to escape, which is then looked at whole.
const MAYBE: u8 = 1;

/// For each byte, 0 when it is written as is, [`MAYBE`] for [`MAYBE_BYTES`], else the
/// letter after the backslash.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    let mut m = 0;
    while m < MAYBE_BYTES.len() {
        table[MAYBE_BYTES[m] as usize] = MAYBE;
        m += 1;
    }
    table
};

/// Unix seconds as `2026-11-23T20:00:00Z`, as chrono's `to_rfc3339_opts(Secs, true)` writes
/// them (by hand for years 0 to 9999; through chrono, which signs other years, otherwise).
fn rfc3339(out: &mut Vec<u8>, secs: i64) {
    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    const WRITTEN_BY_HAND: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;
    if !WRITTEN_BY_HAND.contains(&secs) {
        let at = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
        let text = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let two = |out: &mut Vec<u8>, n: i64| {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8])
    };
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let second = secs.rem_euclid(86_400);
    two(out, year / 100);
    two(out, year % 100);
    out.push(b'-');
    two(out, month);
    out.push(b'-');
    two(out, day);
    out.push(b'T');
    two(out, second / 3600);
    out.push(b':');
    two(out, second / 60 % 60);
    out.push(b':');
    two(out, second % 60);
    out.push(b'Z');
}

/// The proleptic Gregorian (year, month, day) `days` after 1970-01-01, by Howard Hinnant's
/// `civil_from_days`: count in 400-year eras that start on March 1st, so the leap day is
/// the last day of its year. Twenty-odd arithmetic steps instead of chrono's general path,
/// which was a tenth of an export's instructions.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // 0 is March
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    (era * 400 + year_of_era + i64::from(month <= 2), month, day)
}

/// Exports to `path` without ever leaving it half-written: the events go to a temporary file
/// beside it, which replaces `path` only once it is complete and on disk. On failure the
/// previous file (say, yesterday's backup) is untouched.
pub fn export_to_file(store: &Store, path: &Path) -> Result<usize> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // Readable by you alone, like the store it copies (notes can be personal).
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&temp).map_err(write_err)?;
        let mut out = std::io::BufWriter::new(file);
        let n = export(store, &mut out).map_err(|e| match e {
            Error::Io(source) => write_err(source),
            other => other,
        })?;
        out.into_inner()
            .map_err(|e| write_err(e.into_error()))?
            .sync_all()
            .map_err(write_err)?;
        std::fs::rename(&temp, path).map_err(write_err)?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// The page cache an import uses: an import inserts into the events and their id index
/// at many places, and the default 2 MiB cache would make it read and write the same pages
/// over and over. Pages are taken only as they are used.
const IMPORT_CACHE_MIB: i64 = 768;

/// Events parsed ahead of the inserts, per hand-over between the two threads.
const BATCH: usize = 2048;

/// Opens a file to import: before the store, so that a wrong path leaves no new store.
pub fn open_import(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
        user_input: true,
    })
}

/// Reads and checks every line of the file at `path`, keeping nothing: for an import into a
/// store that does not exist yet, so that a bad file leaves no new, empty store behind.
pub fn check_import(path: &Path, now: DateTime<Utc>) -> Result<()> {
    parse_lines(open_import(path)?, path, now, |_| true)
}

/// Reads a JSON Lines file (from [`open_import`]) and adds the events the store lacks, streaming it in one
/// transaction. Every line is checked: one bad line and nothing from the file is imported.
///
/// The file is read and parsed on a second thread while this one inserts: the two take
/// about the same time, and a learner's machine has more than one core.
pub fn import(
    store: &mut Store,
    file: std::fs::File,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<ImportReport> {
    store.set_cache_mib(IMPORT_CACHE_MIB)?;
    // A file with more events than the store holds (a line is rarely under 100 bytes) is
    // loaded in bulk: see Store::append_from.
    let lines_at_most = file.metadata().map_or(0, |m| m.len() / 100);
    let bulk = lines_at_most > 10_000 && lines_at_most > store.approx_event_count()?.max(0) as u64;
    let (send, receive) = std::sync::mpsc::sync_channel::<Result<Vec<Event>>>(4);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = parse_lines(file, path, now, |batch| send.send(Ok(batch)).is_ok())
                .map_err(|e| send.send(Err(e)));
        });
        let mut read = 0;
        let added = store.append_from(bulk, |add| {
            for batch in receive.iter() {
                for event in &batch? {
                    add(event)?;
                    read += 1;
                }
            }
            Ok(())
        })?;
        // On an error above, `receive` is dropped here and the reader stops at its next batch.
        Ok(ImportReport { read, added })
    })
}

/// The longest line `import` reads: an event with a note of the most the command line
/// takes ([`crate::model::MAX_NOTE`]), every byte of it escaped, fits several times over.
const MAX_LINE_BYTES: usize = 1 << 20;

/// Reads and checks every line of `file`, handing the events to `deliver` in batches until
/// it returns false. The first bad line is the error.
fn parse_lines(
    file: std::fs::File,
    path: &Path,
    now: DateTime<Utc>,
    mut deliver: impl FnMut(Vec<Event>) -> bool,
) -> Result<()> {
    let name = path.display().to_string();
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut batch = Vec::with_capacity(BATCH);
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        // One byte past the longest line, so that an endless one (`/dev/zero`) ends.
        let read = std::io::Read::take(&mut reader, MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
                user_input: true,
            })?;
        if read == 0 {
            break;
        }
        let bad = |problem: Refusal| Error::Usage {
            message: format!("{name}:{number}: {}", text::line(&problem.message)),
            hint: problem.hint.map(str::to_string),
        };
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if line.len() > MAX_LINE_BYTES {
            return Err(bad(format!(
                "a line longer than {} MiB: each line is one event",
                MAX_LINE_BYTES >> 20
            )
            .into()));
        }
        let line = std::str::from_utf8(&line).map_err(|_| bad("not valid UTF-8".into()))?;
        // A byte-order mark, which some Windows editors put at the start of a file.
        let line = if number == 1 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        if line.trim().is_empty() {
            continue;
        }
        let event: Event = serde_json::from_str(line).map_err(|e| bad(json_refusal(line, &e)))?;
        event.check().map_err(bad)?;
        event.check_at(now).map_err(bad)?;
        batch.push(event);
        if batch.len() == BATCH
            && !deliver(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
        {
            return Ok(());
        }
    }
    if !batch.is_empty() {
        deliver(batch);
    }
    Ok(())
}

/// Why `line` is not an event, for the error `e` that serde_json gave. Its messages for a
/// value of the wrong type name neither the field nor, for an enum, the problem (`"rating":5`
/// is "expected value"), so a line that is well-formed JSON is looked at again, as plain JSON,
/// only on this error path, to name the field, its value and what it should be.
fn json_refusal(line: &str, e: &serde_json::Error) -> Refusal {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
        return json_problem(e).into();
    };
    let Some(fields) = value.as_object() else {
        return format!(
            "{} instead of an event: each line is one JSON object, like {{\"id\":…,\"topic\":…}}",
            json_type(&value)
        )
        .into();
    };
    let names = |all: &[&str]| all.join(", ");
    let kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
    let ratings: Vec<&str> = Rating::ALL.iter().map(|r| r.as_str()).collect();
    for (key, v) in fields {
        let text = v.as_str();
        let wanted = match key.as_str() {
            "id" | "topic" | "at" if text.is_none() => "a string".to_string(),
            "kind" if !text.is_some_and(|t| kinds.contains(&t)) => {
                format!("one of {}", names(&kinds))
            }
            "note" if !(v.is_null() || text.is_some()) => "a string or null".to_string(),
            "minutes" if !(v.is_null() || v.is_number()) => format!(
                "a whole number from 1 to {}, or null",
                crate::timeparse::MAX_LOG_MINUTES
            ),
            "rating" if !(v.is_null() || text.is_some_and(|t| ratings.contains(&t))) => {
                format!("one of {}, or null", names(&ratings))
            }
            _ => continue,
        };
        // A string where one belongs (a misspelt kind) as it would be typed; anything else
        // as JSON, so that `"30"` for minutes keeps the quotes that make it wrong.
        let shown = match (key.as_str(), text) {
            ("kind" | "rating", Some(t)) => t.to_string(),
            _ => v.to_string(),
        };
        let shown = text::fit(&shown, 60);
        return format!("bad `{key}` `{shown}`: {wanted}").into();
    }
    json_problem(e).into()
}

/// How a JSON value that is not an object is named in a message.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// serde_json's message without its `at line 1 column 63` (a line is one event), with the
/// column kept where it points into the line.
fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let bare = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(message, _)| message);
    match e.classify() {
        serde_json::error::Category::Data => bare.to_string(),
        _ => format!(
            "{bare} (column {}); each line is one JSON object",
            e.column()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, Rating};
    use proptest::prelude::*;

    /// The line `json_line` writes and the one serde_json writes for the same event, with
    /// the formatter every other JSON output uses.
    fn both(e: &EventRef) -> (String, String) {
        let mut fast = Vec::new();
        json_line(&mut fast, e);
        let owned = Event {
            id: e.id.into(),
            topic: e.topic.into(),
            kind: e.kind,
            at: chrono::DateTime::from_timestamp(e.at, 0).unwrap(),
            minutes: e.minutes,
            note: e.note.map(str::to_string),
            rating: e.rating,
        };
        let slow = crate::json::to_string(&owned).unwrap() + "\n";
        (String::from_utf8(fast).unwrap(), slow)
    }

    #[test]
    fn every_escape_and_field_matches_serde_json() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let c1: String = ('\u{80}'..='\u{9f}').collect();
        let note = format!(
            "{controls} \" \\ / \u{7f} é 日本 \u{2028} 🦀 {c1} \u{a0}\u{202a}\u{202b}\u{202c}\u{202d}\
             \u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}\u{200d}\u{2029}—’"
        );
        for (at, minutes, note, rating) in [
            (
                1_763_928_000,
                Some(90),
                Some(note.as_str()),
                Some(Rating::Hard),
            ),
            (0, None, None, None),
            (
                -62_135_596_800,
                Some(u32::MAX),
                Some(""),
                Some(Rating::Again),
            ),
            (253_402_300_799, Some(1), Some("x"), Some(Rating::Easy)),
            (253_402_300_800, None, None, Some(Rating::Good)),
            (-62_135_596_801, None, None, None),
            (-62_167_219_200, None, None, None),
            (-62_167_219_201, None, None, None),
            (951_782_400, None, None, None),
            (1_709_164_799, None, None, None),
        ] {
            for kind in EventKind::ALL {
                let e = EventRef {
                    id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                    topic: "sql-joins",
                    kind,
                    at,
                    minutes,
                    note,
                    rating,
                };
                let (fast, slow) = both(&e);
                assert_eq!(fast, slow);
            }
        }
    }

    #[test]
    fn the_eight_byte_test_finds_every_marked_byte_anywhere() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = b;
                let marked = ESCAPE[usize::from(b)] != 0;
                assert_eq!(
                    any_escape(u64::from_le_bytes(word)),
                    marked,
                    "{b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn the_fast_path_stops_at_every_character_to_escape() {
        let mut seen = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if text::escaped_in_json(c) {
                let mut utf8 = [0; 4];
                let first = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(MAYBE_BYTES.contains(&first), "{c:?} starts with {first:#x}");
                assert!(any_escape(u64::from_le_bytes([
                    b'a', b'b', first, 0x61, 0x62, 0x63, 0x64, 0x65
                ])));
                seen += 1;
            }
        }
        // DEL, 32 C1, 9 bidi controls, 3 marks.
        assert_eq!(seen, 45);
        let mut line = Vec::new();
        json_str(
            &mut line,
            "csi\u{9b}31m rlo\u{202e} lrm\u{200e} alm\u{61c} nbsp\u{a0} dash—",
        );
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "\"csi\\u009b31m rlo\\u202e lrm\\u200e alm\\u061c nbsp\u{a0} dash—\""
        );
    }

    proptest! {
        #[test]
        fn any_text_matches_serde_json(
            id in "\\PC{0,40}",
            topic in ".{0,40}",
            note in proptest::option::of(any::<String>()),
            at in -50_000_000_000i64..50_000_000_000,
            minutes in proptest::option::of(any::<u32>()),
        ) {
            let e = EventRef {
                id: &id,
                topic: &topic,
                kind: EventKind::Note,
                at,
                minutes,
                note: note.as_deref(),
                rating: None,
            };
            let (fast, slow) = both(&e);
            prop_assert_eq!(fast, slow);
        }

        /// Text dense in escapes (C0, `"`, `\\`, DEL, C1, bidi controls and marks, and their
        /// neighbours that are written as they are), so that they fall anywhere in and across
        /// the eight-byte steps, and instants from before year 0 to after 9999, so that the hand-written
        /// dates meet chrono's at both ends.
        #[test]
        fn escapes_and_dates_match_serde_json(
            note in "[a-z\"\\\\\x00-\x1f\x7f-\u{a1}é日🦀 \u{61b}-\u{61d}\u{200d}-\u{2010}\u{2028}-\u{202f}\u{2065}-\u{206a}—’]{0,40}",
            at in -62_300_000_000i64..253_500_000_000,
        ) {
            let e = EventRef {
                id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                topic: &note,
                kind: EventKind::Note,
                at,
                minutes: None,
                note: Some(&note),
                rating: None,
            };
            let (fast, slow) = both(&e);
            prop_assert_eq!(fast, slow);
        }
    }
}
