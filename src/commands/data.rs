//! Export and import of the event log as JSON Lines.

use std::io::{BufRead, Write};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Event;
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
    store.for_each_event(|e| {
        serde_json::to_writer(&mut *out, &e).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
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
        let file = std::fs::File::create(&temp).map_err(write_err)?;
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

/// The page cache an import uses: an import inserts into three indexes at random places,
/// and the default 2 MiB cache would make it read and write the same pages over and over.
const IMPORT_CACHE_MIB: i64 = 256;

/// Reads a JSON Lines file and adds the events the store lacks, streaming it in one
/// transaction. Every line is checked: one bad line and nothing from the file is imported.
pub fn import(store: &mut Store, path: &Path) -> Result<ImportReport> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
        user_input: true,
    })?;
    let name = path.display().to_string();
    store.set_cache_mib(IMPORT_CACHE_MIB)?;
    let mut read = 0;
    let added = store.append_from(|add| {
        let reader = std::io::BufReader::with_capacity(1 << 20, file);
        for (i, line) in reader.split(b'\n').enumerate() {
            let number = i + 1;
            let line = line.map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
                user_input: true,
            })?;
            let bad = |message: String| Error::Invalid {
                problems: vec![format!("{name}:{number}: {}", text::line(&message))],
            };
            let line = std::str::from_utf8(&line).map_err(|_| bad("not valid UTF-8".into()))?;
            if line.trim().is_empty() {
                continue;
            }
            let event: Event = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
            event.check().map_err(bad)?;
            add(&event)?;
            read += 1;
        }
        Ok(())
    })?;
    Ok(ImportReport { read, added })
}
