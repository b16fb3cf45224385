//! `roadmap import FILE`: merges the events of a JSON Lines export into the store
//! (idempotent: an event already there is skipped). It needs the store alone, as export
//! does; the file is opened, and into a new store checked whole, before the store is.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Event, EventKind, Rating, Refusal};
use crate::store::Store;
use crate::text;

/// The arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The JSON Lines file
    pub file: PathBuf,
}

/// What `import` did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportReport {
    pub read: usize,
    pub added: usize,
}

/// An import file, opened, and checked whole if the store is new.
pub struct Checked<'a> {
    path: &'a Path,
    file: std::fs::File,
}

/// Opens the file, before the store: a wrong path leaves no new store. Into a store that
/// does not exist yet (`store_exists` false) every line is checked first, so that a bad
/// file leaves no new, empty store behind.
pub fn check(args: &Args, store_exists: bool, now: DateTime<Local>) -> Result<Checked<'_>> {
    let path = args.file.as_path();
    let file = open_import(path)?;
    if !store_exists {
        parse_lines(open_import(path)?, path, now.to_utc(), |_| true)?;
    }
    Ok(Checked { path, file })
}

/// Imports the checked file into `store`.
pub fn run(store: &mut Store, checked: Checked, now: DateTime<Local>) -> Result<ImportReport> {
    import(store, checked.file, checked.path, now.to_utc())
}

/// What `import` did, as text.
pub fn render(r: &ImportReport) -> String {
    format!(
        "imported {} ({} read, {} already here)\n",
        crate::text::count(r.added as u64, "new event"),
        r.read,
        r.read - r.added
    )
}

/// The page cache an import uses: an import inserts into the events and their id index
/// at many places, and the default 2 MiB cache would make it read and write the same pages
/// over and over. Pages are taken only as they are used.
const IMPORT_CACHE_MIB: i64 = 768;

/// Events parsed ahead of the inserts, per hand-over between the two threads.
const BATCH: usize = 2048;

/// Opens a file to import: before the store, so that a wrong path leaves no new store.
fn open_import(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
        user_input: true,
    })
}

/// Reads a JSON Lines file (from [`open_import`]) and adds the events the store lacks, streaming it in one
/// transaction. Every line is checked: one bad line and nothing from the file is imported.
///
/// The file is read and parsed on a second thread while this one inserts: the two take
/// about the same time, and a learner's machine has more than one core.
fn import(
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
pub(crate) fn json_refusal(line: &str, e: &serde_json::Error) -> Refusal {
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
