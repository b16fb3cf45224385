//! `roadmap list [--section S] [--state STATE]`: the topics, filtered, as a table (the
//! same table `next` shows).

use clap::ValueEnum;

use crate::app::Session;
use crate::error::Result;
use crate::model::State;
use crate::render::Ui;
use crate::render::grid::{Grid, GridCell};
use crate::report::{Progress, Scope, TopicRow};
use crate::text::line;

use super::load_progress;

/// The arguments of `list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only topics of this section (its id)
    #[arg(long, value_name = "SECTION")]
    pub section: Option<String>,
    /// Only topics in this state
    #[arg(long, value_enum, value_name = "STATE")]
    pub state: Option<StateArg>,
}

/// A topic state, as `list --state` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    Todo,
    Doing,
    Done,
    Skipped,
}

/// `list`: with `--json`, each topic's summary and resources too.
pub fn run<'s>(args: &Args, session: &'s mut Session) -> Result<Vec<TopicRow<'s>>> {
    if session.json {
        session.fill_details(None)?;
    }
    let (ctx, store) = session.split();
    if let Some(s) = &args.section {
        ctx.section(s)?;
    }
    let state = args.state.map(|s| match s {
        StateArg::Todo => State::Todo,
        StateArg::Doing => State::Doing,
        StateArg::Done => State::Done,
        StateArg::Skipped => State::Skipped,
    });
    let progress = load_progress(store.open(&ctx)?, ctx.roadmap)?;
    Ok(list(&progress, args.section.as_deref(), state))
}

/// `roadmap list`: topics filtered by section and state, current ones in roadmap order, then
/// retired ones.
fn list<'a>(
    progress: &Progress<'a>,
    section: Option<&str>,
    state: Option<State>,
) -> Vec<TopicRow<'a>> {
    progress
        .topics
        .iter()
        .filter(|t| section.is_none_or(|s| t.section == s))
        .filter(|t| state.is_none_or(|s| t.state == s))
        .cloned()
        .collect()
}

/// `list` (and `next`) as a table.
pub fn render(rows: &[TopicRow], ui: &Ui) -> String {
    if rows.is_empty() {
        return "No topics match.\n".to_string();
    }
    // Ids stay whole so that they can be copied; a long title is cut, not wrapped.
    let mut grid = Grid::new(&["ID", "STATE", "SECTION", "EST", "TITLE"])
        .whole(&[0, 1, 3])
        .droppable(&[2, 3])
        .one_line();
    for t in rows {
        let state = match (t.retired, t.scope, t.track) {
            (true, _, _) => format!("{} (retired)", t.state.as_str()),
            (false, Scope::Optional, _) => format!("{} (optional)", t.state.as_str()),
            (false, Scope::OffTrack, Some(track)) => {
                format!("{} ({} track)", t.state.as_str(), line(track))
            }
            _ => t.state.as_str().to_string(),
        };
        let state = match crate::render::state_color(t.state) {
            Some(color) => GridCell::colored(state, color),
            None => GridCell::new(state),
        };
        grid.row(vec![
            GridCell::new(&*t.id),
            state,
            GridCell::new(line(&t.section)),
            GridCell::new(t.estimate.unwrap_or("")),
            GridCell::new(line(&t.title)),
        ]);
    }
    grid.render(ui)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::{ids, sample, with_retired_done};

    #[test]
    fn retired_topics_are_listed() {
        let roadmap = sample();
        let p = with_retired_done(&roadmap);
        let done = list(&p, None, Some(State::Done));
        assert_eq!(ids(&done), ["gone"]);
        assert!(done[0].retired);
    }
}
