//! `roadmap use ID`: switches the roadmap in use, and remembers the choice in the store.
//! ID is a roadmap `add` keeps, or the default one (the config dir's file, else the
//! built-in roadmap), which undoes the choice.

use serde::Serialize;

use crate::app::Edges;
use crate::error::{Error, Result};
use crate::paths::{self, RoadmapFile};
use crate::roadmap::{self, Source};
use crate::store::Store;
use crate::text::line;

/// The arguments of `use`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The id of a roadmap added with `add`, or of the default roadmap
    pub id: String,
}

/// The roadmap now in use.
#[derive(Debug, Serialize)]
pub struct UseReport {
    pub id: String,
    pub title: String,
    /// Whether it is the default roadmap (no choice is remembered then).
    pub default: bool,
}

/// Checks that `id` names a roadmap, then remembers it.
pub fn run(args: &Args, edges: &Edges) -> Result<UseReport> {
    let now = edges.now()?;
    let default_source = match paths::roadmap_file(None) {
        Some(f) => f.source()?,
        None => Source::embedded(),
    };
    let added = paths::added_roadmap(&args.id).map(RoadmapFile::Path);
    let (r, default) = match added {
        Some(f) => (roadmap::load(&f.source()?)?, false),
        None => {
            let default = roadmap::load(&default_source)?;
            match roadmap::builtin(&args.id) {
                _ if default.id == args.id => (default, true),
                Some(b) => (roadmap::load(&Source::builtin(b))?, false),
                None => {
                    return Err(Error::usage_hint(
                        format!("no roadmap `{}` to use", line(&args.id)),
                        format!(
                            "`roadmap roadmaps` lists them; `roadmap add FILE` adds one; `{}` is the default",
                            default.id
                        ),
                    ));
                }
            }
        }
    };
    let mut store = Store::open(&edges.paths.db)?;
    crate::settings::set_in_use(
        &mut store,
        if default { "" } else { &args.id },
        now.to_utc(),
    )?;
    Ok(UseReport {
        id: r.id,
        title: r.title,
        default,
    })
}

/// `use` as text.
pub fn render(r: &UseReport) -> String {
    format!(
        "now in use: `{}` ({}){}\n",
        r.id,
        line(&r.title),
        if r.default {
            ", the default roadmap"
        } else {
            ""
        }
    )
}
