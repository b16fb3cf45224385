//! `roadmap review [TOPIC RATING]`: the topics due for review, or, given a topic and a
//! rating, a review of it recorded as one event.

use std::fmt::Write as _;

use clap::ValueEnum;
use serde::Serialize;

use crate::app::Session;
use crate::cli::OnArgs;
use crate::error::{Error, Result};
use crate::model::{EventKind, Rating, State};
use crate::render::Ui;
use crate::render::grid::{Grid, GridCell};
use crate::report::plan::{self, DueItem};
use crate::store::Store;
use crate::text::{line, width, wrap};

use super::mark::{self, Intent, WriteReport, apply};
use super::{Ctx, load_progress};

/// The arguments of `review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The topic you reviewed
    #[arg(requires = "rating")]
    pub topic: Option<String>,
    /// How well you recalled it
    #[arg(value_enum)]
    pub rating: Option<RatingArg>,
    #[command(flatten)]
    pub when: OnArgs,
}

/// A review rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatingArg {
    /// Forgot it: review again soon
    Again,
    /// Recalled with effort
    Hard,
    /// Recalled
    Good,
    /// Recalled at once
    Easy,
}

/// What `review` did: listed what is due, or recorded a review.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ReviewReport {
    Due(Vec<DueItem>),
    Recorded(WriteReport),
}

/// `review` alone lists what is due; `review TOPIC RATING` records a review.
pub fn run(args: &Args, session: &mut Session) -> Result<ReviewReport> {
    let (ctx, store) = session.split();
    let Some(topic) = &args.topic else {
        return Ok(ReviewReport::Due(due(store.open(&ctx)?, &ctx)?));
    };
    let rating = match args.rating {
        Some(RatingArg::Again) => Rating::Again,
        Some(RatingArg::Hard) => Rating::Hard,
        Some(RatingArg::Easy) => Rating::Easy,
        Some(RatingArg::Good) | None => Rating::Good,
    };
    let intent = mark::prepare(
        &ctx,
        EventKind::Review,
        topic,
        args.when.on.as_deref(),
        None,
        None,
    )?;
    Ok(ReviewReport::Recorded(record(
        store.open(&ctx)?,
        intent,
        rating,
    )?))
}

/// `review` as text.
pub fn render(r: &ReviewReport, ui: &Ui) -> String {
    match r {
        ReviewReport::Due(items) => render_due(items, ui),
        ReviewReport::Recorded(r) => mark::render(r, ui),
    }
}

/// `review`: the topics due now, most overdue first.
pub fn due(store: &Store, ctx: &Ctx) -> Result<Vec<DueItem>> {
    let progress = load_progress(store, ctx.roadmap)?;
    Ok(plan::due(&progress, ctx.today()))
}

/// `review TOPIC RATING`: records the review; the topic must be done.
pub fn record(store: &mut Store, mut intent: Intent, rating: Rating) -> Result<WriteReport> {
    let state = super::topic_status(store, intent.topic)?.state;
    if state != State::Done {
        return Err(Error::usage_hint(
            format!(
                "`{}` is {}, not done: only done topics are reviewed",
                intent.topic.id,
                state.as_str()
            ),
            format!("check it first: roadmap check {}", intent.topic.id),
        ));
    }
    // Done now, but it must have been done when the review is dated, too (a check in the
    // same second counts: scripts check and review at once).
    let ids = super::event_ids(intent.topic);
    let after = intent.event.at + chrono::Duration::seconds(1);
    let then = store.status_before(&ids, &[after])?;
    if then.first().is_none_or(|s| s.state != State::Done) {
        return Err(Error::usage_hint(
            format!(
                "`{}` was not done yet on {}: a review comes after the check",
                intent.topic.id,
                crate::clock::local_day(intent.event.at)
            ),
            "date the review on or after the day you checked the topic",
        ));
    }
    intent.event.kind = EventKind::Review;
    intent.event.rating = Some(rating);
    apply(store, intent)
}

/// `review` with no topic: what is due.
fn render_due(items: &[DueItem], ui: &Ui) -> String {
    if items.is_empty() {
        return "Nothing is due for review today.\n".to_string();
    }
    // On a narrow terminal OVERDUE goes first (DUE says it too), then DUE: the list is
    // most overdue first.
    let mut grid = Grid::new(&["ID", "DUE", "OVERDUE", "TITLE"])
        .whole(&[0, 1, 2])
        .droppable(&[2, 1])
        .one_line();
    for d in items {
        let overdue = match d.overdue_days {
            0 => "today".to_string(),
            1 => "1 day".to_string(),
            n => format!("{n} days"),
        };
        grid.row(vec![
            GridCell::new(d.id.as_str()),
            GridCell::new(d.due.to_string()),
            GridCell::new(overdue),
            GridCell::new(line(&d.title)),
        ]);
    }
    let mut out = grid.render(ui);
    let (lead, command) = (
        "Record each with:",
        "roadmap review TOPIC again|hard|good|easy",
    );
    out.push('\n');
    match ui.width {
        // The command on a line of its own, so that it stays whole where it can.
        Some(w) if width(lead) + 1 + width(command) > w && width(command) + 2 <= w => {
            let _ = writeln!(out, "{lead}\n  {command}");
        }
        Some(w) => {
            for l in wrap(&format!("{lead} {command}"), w) {
                let _ = writeln!(out, "{l}");
            }
        }
        None => {
            let _ = writeln!(out, "{lead} {command}");
        }
    }
    out
}
