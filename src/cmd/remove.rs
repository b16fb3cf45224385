//! `roadmap remove ID`: takes a roadmap `add` keeps off the list. Its events stay, as events
//! always do, and count again if it is added back; its files are moved aside, not deleted.

use serde::Serialize;

use crate::app::Edges;
use crate::error::{Error, Result};
use crate::paths;
use crate::roadmap::{self, Source};
use crate::store::Store;
use crate::text::line;

/// The arguments of `remove`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The id of a roadmap added with `add`
    pub id: String,
}

/// What `remove` did.
#[derive(Debug, Serialize)]
pub struct RemoveReport {
    pub id: String,
    pub title: String,
    /// Where its files went.
    pub moved_to: String,
    /// Whether it was the roadmap in use (the default is in use now).
    pub was_in_use: bool,
}

/// Moves the roadmap's files aside and forgets it as an added roadmap.
pub fn run(args: &Args, edges: &Edges) -> Result<RemoveReport> {
    let now = edges.now()?;
    let Some(file) = paths::added_roadmap(&args.id) else {
        return Err(Error::usage_hint(
            format!("no added roadmap `{}`", line(&args.id)),
            "`roadmap roadmaps` lists the roadmaps; only those added with `add` can be removed",
        ));
    };
    let r = roadmap::load(&Source::read(&file)?)?;
    let mut store = Store::open(&edges.paths.db)?;
    let dir = file.parent().map(|d| d.join("removed")).unwrap_or_default();
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let stamp = now.format("%Y%m%dT%H%M%S");
    for ext in ["md", "toml"] {
        let from = file.with_extension(ext);
        if from.is_file() {
            let to = dir.join(format!("{}.{stamp}.{ext}", args.id));
            std::fs::rename(&from, &to).map_err(|source| Error::Write { path: to, source })?;
        }
    }
    let at = now.to_utc();
    let was_in_use = crate::settings::in_use(&store)?.as_deref() == Some(args.id.as_str());
    let mut pairs = vec![(super::add::source_key(&args.id), String::new())];
    if was_in_use {
        pairs.push((crate::settings::ROADMAP_IN_USE.to_string(), String::new()));
    }
    let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    store.set_settings(&pairs, at)?;
    store.set_sync_values(&[(&super::add::from_key(&args.id), "")])?;
    Ok(RemoveReport {
        id: args.id.clone(),
        title: r.title,
        moved_to: dir.display().to_string(),
        was_in_use,
    })
}

/// `remove` as text.
pub fn render(r: &RemoveReport) -> String {
    let mut out = format!(
        "removed roadmap `{}` ({}); its events stay in the store\n  its files are in {}\n",
        r.id,
        line(&r.title),
        line(&r.moved_to)
    );
    if r.was_in_use {
        out += "now in use: the default roadmap\n";
    }
    out
}
