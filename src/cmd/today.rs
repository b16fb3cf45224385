//! `roadmap today [--minutes N]`: a short plan for today's study time: reviews due, topics
//! in progress, then the next topics.

use std::fmt::Write as _;

use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::render::Ui;
use crate::render::grid::{ListColumn, RowList};
use crate::report::plan::{self, TodayItem, Why};
use crate::settings;
use crate::text::line;
use crate::timeparse::format_minutes;

use super::load_progress;
use super::plan::logged_on_doing;

/// The arguments of `today`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Today's study time in minutes, up to a day [default: weekly target / 5]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=1440))]
    pub minutes: Option<u32>,
}

/// The study days a week that the daily budget assumes.
pub const STUDY_DAYS: u64 = 5;

/// `today`'s plan, and the budget it fills. Its JSON is the list of items.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct TodayReport {
    pub items: Vec<TodayItem>,
    /// Today's study time, in minutes.
    #[serde(skip)]
    pub budget: u64,
}

/// `today [--minutes N]`: the budget and the plan.
pub fn run(args: &Args, session: &mut Session) -> Result<TodayReport> {
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    let budget = match args.minutes {
        Some(m) => u64::from(m),
        None => settings::weekly_target_minutes(store)? / STUDY_DAYS,
    };
    let progress = load_progress(store, ctx.roadmap)?;
    let due = plan::due(&progress, ctx.today());
    let logged = logged_on_doing(store, &ctx, &progress)?;
    Ok(TodayReport {
        items: plan::today(&progress, &due, &logged, budget),
        budget,
    })
}

/// `today` as text.
pub fn render(r: &TodayReport, ui: &Ui) -> String {
    let (budget, items) = (r.budget, &r.items);
    if items.is_empty() {
        return if budget == 0 {
            "No study time planned for today.\n".to_string()
        } else {
            "Nothing left to plan: every topic is done or skipped, and no review is due.\n"
                .to_string()
        };
    }
    let mut out = String::new();
    let planned: u64 = items.iter().map(|i| i.minutes).sum();
    let _ = writeln!(
        out,
        "{}\n",
        ui.bold(&format!(
            "Today: {} planned of {}",
            format_minutes(planned),
            format_minutes(budget)
        ))
    );
    // On a narrow terminal the minutes go first (the heading has their sum), then the
    // titles: what to do with each topic is the plan.
    let mut list = RowList::new(&[
        ListColumn::fixed(6),
        ListColumn::fixed(6).right(),
        ListColumn::WHOLE,
        ListColumn::TEXT,
    ])
    .droppable(&[1, 3]);
    for i in items {
        let why = match i.why {
            Why::Review => "review",
            Why::Doing => "doing",
            Why::Next => "next",
        };
        list.row(vec![
            why.to_string(),
            format_minutes(i.minutes),
            i.id.clone(),
            line(&i.title).into_owned(),
        ]);
    }
    list.render(ui, &mut out);
    out
}
