//! `roadmap paths`: where the store and the roadmap live.

use serde::Serialize;

use crate::app::Edges;
use crate::error::Result;
use crate::roadmap;
use crate::store::Store;

/// Where things are, for `paths`.
#[derive(Debug, Serialize)]
pub struct PathsReport {
    pub store: String,
    pub roadmap: String,
    pub user_roadmap: Option<String>,
}

/// `paths`: the roadmap is the one in use, which an existing store may remember.
pub fn run(edges: &Edges) -> Result<PathsReport> {
    let paths = &edges.paths;
    let store = match paths.db.exists() {
        true => Some(Store::open(&paths.db)?),
        false => None,
    };
    let roadmap = edges.roadmap_file(store.as_ref())?;
    Ok(PathsReport {
        store: paths.db.display().to_string(),
        roadmap: roadmap
            .as_ref()
            .map_or_else(|| roadmap::EMBEDDED_NAME.to_string(), |f| f.display()),
        user_roadmap: paths.user_roadmap.as_ref().map(|p| p.display().to_string()),
    })
}

/// `paths` as text.
pub fn render(p: &PathsReport) -> String {
    format!(
        "store:   {}\nroadmap: {}\nuser roadmap (init writes it): {}\n",
        p.store,
        p.roadmap,
        p.user_roadmap.as_deref().unwrap_or("(no config dir)")
    )
}
