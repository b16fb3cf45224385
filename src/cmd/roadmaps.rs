//! `roadmap roadmaps`: the roadmaps this store has seen, the one in use marked, then the
//! built-in ones it has not used yet; those taken off the list with `remove` are left out
//! (their events stay).

use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::KnownRoadmap;
use crate::render::Ui;
use crate::render::grid::{Grid, GridCell};
use crate::text::line;

/// A roadmap as the store knows it, and whether it is the one in use.
#[derive(Debug, Serialize)]
pub struct RoadmapRow {
    #[serde(flatten)]
    pub known: KnownRoadmap,
    pub in_use: bool,
}

/// `roadmaps`.
pub fn run(session: &mut Session) -> Result<Vec<RoadmapRow>> {
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    let mut rows = Vec::new();
    let known_roadmaps = store.roadmaps()?;
    let known_ids: Vec<String> = known_roadmaps.iter().map(|k| k.id.clone()).collect();
    for known in known_roadmaps {
        let removed = store
            .setting(&super::add::source_key(&known.id))?
            .is_some_and(|from| from.is_empty());
        if !removed || known.id == ctx.roadmap.id {
            rows.push(RoadmapRow {
                in_use: known.id == ctx.roadmap.id,
                known,
            });
        }
    }
    // The built-in roadmaps this store has not used yet: `roadmap use ID` chooses one.
    for b in crate::roadmap::BUILTINS {
        if known_ids.iter().any(|id| id == b.id) {
            continue;
        }
        if let Ok(r) = crate::roadmap::load(&crate::roadmap::Source::builtin(b)) {
            rows.push(RoadmapRow {
                in_use: false,
                known: KnownRoadmap {
                    topics: r.topics().count() as i64,
                    id: r.id,
                    title: r.title,
                    version: r.version,
                },
            });
        }
    }
    Ok(rows)
}

/// `roadmaps` as a table: every roadmap the store has synced; the one in use is marked.
pub fn render(rows: &[RoadmapRow], ui: &Ui) -> String {
    let mut grid = Grid::new(&["", "ID", "VERSION", "TOPICS", "TITLE"])
        .whole(&[1])
        .one_line();
    for RoadmapRow { known: r, in_use } in rows {
        grid.row(vec![
            GridCell::new(if *in_use { "*" } else { "" }),
            GridCell::new(r.id.as_str()),
            GridCell::new(r.version.to_string()),
            GridCell::new(r.topics.to_string()),
            GridCell::new(line(&r.title)),
        ]);
    }
    grid.render(ui)
}
