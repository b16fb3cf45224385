//! `roadmap export [--output FILE]`: every event as JSON Lines, read from the store alone
//! (a backup works while the roadmap file is half edited, or broken). To stdout the events
//! are written as they are read: a log of years does not fit a report held in memory.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::Store;

/// The arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Writes every event to `--output`, or to `out`; to a file, says how many to `out`.
pub fn run(args: &Args, store: &Store, out: &mut dyn Write) -> Result<()> {
    match &args.output {
        None => {
            export(store, out)?;
        }
        Some(path) => {
            let n = export_to_file(store, path)?;
            out.write_all(render(n, path).as_bytes())?;
        }
    }
    Ok(())
}

/// What `export --output` did, as text.
pub fn render(events: usize, path: &Path) -> String {
    let events = crate::text::count(events as u64, "event");
    format!("exported {events} to {}\n", path.display())
}

/// Writes every event, one JSON object a line, in the order they were stored.
pub fn export(store: &Store, out: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    let mut line = Vec::with_capacity(256);
    store.for_each_event(|e| {
        crate::json::write_line(out, &mut line, &e)?;
        n += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
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

#[cfg(test)]
mod tests {
    use crate::model::{Event, EventKind, EventRef, Rating};
    use proptest::prelude::*;

    /// The line an export writes for a stored event, and the line for the same event as
    /// [`Event`], the type import reads: the export format is that type's JSON.
    fn both(e: &EventRef) -> (String, String) {
        let borrowed = crate::json::to_string(e).unwrap();
        let owned = Event {
            id: e.id.into(),
            topic: e.topic.into(),
            kind: e.kind,
            at: chrono::DateTime::from_timestamp(e.at, 0).unwrap(),
            minutes: e.minutes,
            note: e.note.map(str::to_string),
            rating: e.rating,
        };
        (borrowed, crate::json::to_string(&owned).unwrap())
    }

    #[test]
    fn an_exported_line_is_the_event_as_import_reads_it() {
        for kind in EventKind::ALL {
            let e = EventRef {
                id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                topic: "sql-joins",
                kind,
                at: 1_763_928_000,
                minutes: Some(90),
                note: Some("csi\u{9b}31m rlo\u{202e}"),
                rating: Some(Rating::Hard),
            };
            let (borrowed, owned) = both(&e);
            assert_eq!(borrowed, owned);
        }
        let e = EventRef {
            id: "x",
            topic: "t",
            kind: EventKind::Check,
            at: 0,
            minutes: None,
            note: None,
            rating: None,
        };
        assert_eq!(
            both(&e).0,
            r#"{"id":"x","topic":"t","kind":"check","at":"1970-01-01T00:00:00Z","minutes":null,"note":null,"rating":null}"#
        );
    }

    proptest! {
        #[test]
        fn any_text_and_instant_match(
            id in "\\PC{0,40}",
            note in proptest::option::of(any::<String>()),
            at in 0i64..253_402_300_799,
            minutes in proptest::option::of(any::<u32>()),
        ) {
            let e = EventRef {
                id: &id,
                topic: "t",
                kind: EventKind::Note,
                at,
                minutes,
                note: note.as_deref(),
                rating: None,
            };
            let (borrowed, owned) = both(&e);
            prop_assert_eq!(borrowed, owned);
        }
    }
}
