//! Commands about the tool itself: init, validate, paths, completions and the man page.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::roadmap::{self, Source};

/// Writes the built-in roadmap to the user's config dir. Refuses to overwrite without `force`.
pub fn init(paths: &Paths, force: bool) -> Result<PathBuf> {
    let path = paths.user_roadmap.clone().ok_or_else(|| {
        Error::usage_hint(
            "cannot find a config directory for the roadmap",
            "copy the roadmap anywhere and pass it with --roadmap FILE",
        )
    })?;
    if path.exists() && !force {
        return Err(Error::usage_hint(
            format!("`{}` already exists", path.display()),
            "edit it, or run `roadmap init --force` to replace it with the default",
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, roadmap::EMBEDDED).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// What `validate` found in a good file.
#[derive(Debug, Serialize)]
pub struct Validated {
    pub file: String,
    pub id: String,
    pub sections: usize,
    pub topics: usize,
}

/// Checks a roadmap file; every problem is in the error.
pub fn validate(file: &Path) -> Result<Validated> {
    let source = Source::read(file)?;
    let r = roadmap::load(&source)?;
    Ok(Validated {
        file: source.name,
        id: r.id.clone(),
        sections: r.sections.len(),
        topics: r.topics().count(),
    })
}

/// Where things are, for `paths`.
#[derive(Debug, Serialize)]
pub struct PathsReport {
    pub store: String,
    pub roadmap: String,
    pub user_roadmap: Option<String>,
}

/// `paths`.
pub fn paths(paths: &Paths) -> PathsReport {
    PathsReport {
        store: paths.db.display().to_string(),
        roadmap: paths.roadmap.as_ref().map_or_else(
            || roadmap::EMBEDDED_NAME.to_string(),
            |p| p.display().to_string(),
        ),
        user_roadmap: paths.user_roadmap.as_ref().map(|p| p.display().to_string()),
    }
}

/// Writes the man page (roff).
pub fn man(out: &mut dyn Write) -> Result<()> {
    crate::manpage::write(out)?;
    Ok(())
}
