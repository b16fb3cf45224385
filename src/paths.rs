//! Where the store and the user's roadmap live.
//!
//! Flags win, then environment variables (read by clap into the same flags), then the
//! platform's data and config directories from `dirs`. Nothing here touches the disk except
//! to ask whether the user's roadmap file exists.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::roadmap::{Builtin, Source};

/// The resolved locations for one run.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The SQLite store.
    pub db: PathBuf,
    /// The roadmap file, or `None` for the default built-in roadmap.
    pub roadmap: Option<RoadmapFile>,
    /// Whether `--roadmap` or ROADMAP_FILE named it (else the roadmap in use, chosen with
    /// `use` and remembered in the store, wins over the default).
    pub named: bool,
    /// Where `init` writes the roadmap, and where it is looked for.
    pub user_roadmap: Option<PathBuf>,
}

/// The store's file name inside the data dir.
const DB_FILE: &str = "progress.db";
/// The user's roadmap's file name inside the config dir.
const ROADMAP_FILE: &str = "roadmap.toml";
/// The folder under the platform dirs.
const APP_DIR: &str = "roadmap";
/// The folder under the config dir where `add` keeps roadmaps.
const ADDED_DIR: &str = "roadmaps";

impl Paths {
    /// Resolves the paths from the flags (which already hold ROADMAP_DB and ROADMAP_FILE).
    pub fn resolve(db: Option<&Path>, roadmap: Option<&Path>) -> Result<Paths> {
        let user_roadmap = user_roadmap();
        let db = match db {
            Some(p) => p.to_path_buf(),
            None => dirs::data_dir()
                .map(|d| d.join(APP_DIR).join(DB_FILE))
                .ok_or_else(|| {
                    Error::usage_hint(
                        "cannot find a data directory for the store",
                        "set ROADMAP_DB or pass --db PATH",
                    )
                })?,
        };
        Ok(Paths {
            db,
            roadmap: roadmap_file(roadmap),
            named: roadmap.is_some(),
            user_roadmap,
        })
    }
}

/// The user's roadmap file in the config dir, whether or not it exists.
pub fn user_roadmap() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(APP_DIR).join(ROADMAP_FILE))
}

/// Where a roadmap comes from: a file, or one of the roadmaps built into the binary.
#[derive(Debug, Clone)]
pub enum RoadmapFile {
    Path(PathBuf),
    Builtin(&'static Builtin),
}

impl RoadmapFile {
    /// The roadmap `add` keeps as `id`, else the built-in roadmap `id`.
    pub fn by_id(id: &str) -> Option<RoadmapFile> {
        added_roadmap(id)
            .map(RoadmapFile::Path)
            .or_else(|| crate::roadmap::builtin(id).map(RoadmapFile::Builtin))
    }

    /// Its text, read (a file) or built in.
    pub fn source(&self) -> Result<Source> {
        match self {
            RoadmapFile::Path(p) => Source::read(p),
            RoadmapFile::Builtin(b) => Ok(Source::builtin(b)),
        }
    }

    /// The key of its text in the store (see [`crate::roadmap::content_hash`]); a file is
    /// hashed a piece at a time.
    pub fn hash(&self) -> Result<String> {
        match self {
            RoadmapFile::Path(p) => crate::roadmap::file_hash(p),
            RoadmapFile::Builtin(b) => Ok(crate::roadmap::content_hash(b.text)),
        }
    }

    /// The file's path, or the built-in roadmap's name, for messages.
    pub fn display(&self) -> String {
        match self {
            RoadmapFile::Path(p) => p.display().to_string(),
            RoadmapFile::Builtin(b) => b.name.to_string(),
        }
    }
}

/// The roadmap to use: the one named (a file, or the id of a roadmap `add` keeps or of a
/// built-in one), else the user's if it exists, else `None` for the default built-in one.
pub fn roadmap_file(named: Option<&Path>) -> Option<RoadmapFile> {
    match named {
        Some(p) if !p.exists() => Some(
            p.to_str()
                .and_then(RoadmapFile::by_id)
                .unwrap_or_else(|| RoadmapFile::Path(p.to_path_buf())),
        ),
        Some(p) => Some(RoadmapFile::Path(p.to_path_buf())),
        None => user_roadmap()
            .filter(|p| p.is_file())
            .map(RoadmapFile::Path),
    }
}

/// Where `add` keeps its roadmaps: `<id>.toml` for each, and `<id>.md` beside it for one
/// added from Markdown (the text `checklist` writes back).
pub fn added_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(APP_DIR).join(ADDED_DIR))
}

/// The file of the added roadmap `id`, if there is one.
pub fn added_roadmap(id: &str) -> Option<PathBuf> {
    if !crate::roadmap::is_valid_id(id) {
        return None;
    }
    added_dir()
        .map(|d| d.join(format!("{id}.toml")))
        .filter(|p| p.is_file())
}
