//! `roadmap next [-n N]`: the topics that can be started now, every prerequisite done or
//! skipped.

use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::State;
use crate::render::Ui;
use crate::report::{TopicRow, choice, next};

use super::load_progress;

/// The arguments of `next`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many to show
    #[arg(
        short = 'n',
        long = "count",
        default_value_t = 5,
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000)
    )]
    pub count: usize,
}

/// `next`: the topics that can be started, and whether any topic is still todo at all.
/// Its JSON is the list of topics.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct NextReport<'a> {
    pub topics: Vec<TopicRow<'a>>,
    #[serde(skip)]
    pub any_todo: bool,
    /// Before a track is chosen: the choice, which comes first.
    #[serde(skip)]
    pub choice: Option<String>,
}

/// `next`: with `--json`, each topic's summary and resources too.
pub fn run<'s>(args: &Args, session: &'s mut Session) -> Result<NextReport<'s>> {
    if session.json {
        session.fill_details(None)?;
    }
    let (ctx, store) = session.split();
    let progress = load_progress(store.open(&ctx)?, ctx.roadmap)?;
    let any_todo = progress
        .topics
        .iter()
        .any(|t| t.counts() && t.state == State::Todo);
    Ok(NextReport {
        topics: next(&progress, args.count),
        any_todo,
        choice: choice(&progress),
    })
}

/// `next` as text: the table, or why it is empty.
pub fn render(r: &NextReport, ui: &Ui) -> String {
    let first = r
        .choice
        .as_ref()
        .map_or(String::new(), |c| format!("First, {c}\n\n"));
    let rest = match (r.topics.is_empty(), r.any_todo) {
        (false, _) => super::list::render(&r.topics, ui),
        (true, true) => "Nothing to start: every todo topic waits on a prerequisite.\n".into(),
        (true, false) => "Nothing to start: no topic is left to do.\n".into(),
    };
    first + &rest
}
