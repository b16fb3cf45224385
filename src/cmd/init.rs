//! `roadmap init`: writes the built-in roadmap to the config dir for editing.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::paths::Paths;
use crate::roadmap;

/// The arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

/// Writes the built-in roadmap to the user's config dir and returns its path. Refuses to
/// overwrite without `--force`.
pub fn run(args: &Args, paths: &Paths) -> Result<PathBuf> {
    let path = paths.user_roadmap.clone().ok_or_else(|| {
        Error::usage_hint(
            "cannot find a config directory for the roadmap",
            "copy the roadmap anywhere and pass it with --roadmap FILE",
        )
    })?;
    if path.exists() && !args.force {
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

/// What `init` wrote, and what to do next (text only: `init` has no JSON form).
pub fn render(path: &Path) -> String {
    format!(
        "wrote {}\nedit it, then check it with: roadmap validate {}\n",
        path.display(),
        path.display()
    )
}
