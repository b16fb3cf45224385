//! Where the store and the user's roadmap live.
//!
//! Flags win, then environment variables (read by clap into the same flags), then the
//! platform's data and config directories from `dirs`. Nothing here touches the disk except
//! to ask whether the user's roadmap file exists.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The resolved locations for one run.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The SQLite store.
    pub db: PathBuf,
    /// The roadmap file, or `None` for the built-in roadmap.
    pub roadmap: Option<PathBuf>,
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

/// The roadmap file to use: the one named (a file, or the id of a roadmap `add` keeps),
/// else the user's if it exists, else `None` for the built-in roadmap.
pub fn roadmap_file(named: Option<&Path>) -> Option<PathBuf> {
    match named {
        Some(p) if !p.exists() => Some(
            p.to_str()
                .and_then(added_roadmap)
                .unwrap_or_else(|| p.to_path_buf()),
        ),
        Some(p) => Some(p.to_path_buf()),
        None => user_roadmap().filter(|p| p.is_file()),
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
