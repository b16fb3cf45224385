//! `roadmap today [--minutes N]`: a short plan for today's study time: reviews due, topics
//! in progress, then the next topics.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::State;
use crate::render::Ui;
use crate::render::grid::{ListColumn, RowList};
use crate::report::days::{DayPlan, heading};
use crate::report::plan::{self, DueItem, REVIEW_MINUTES, remaining};
use crate::report::{Progress, next};
use crate::settings;
use crate::text::line;
use crate::timeparse::format_minutes;

use super::load_progress;
use super::logged_on_doing;

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
    /// In a day-by-day roadmap: which day today is, and its block.
    #[serde(skip)]
    pub day: Option<DayPlan>,
    /// In a day-by-day roadmap: the minutes a day that finish today's block on time.
    #[serde(skip)]
    pub per_day: Option<u64>,
}

/// `today [--minutes N]`: the budget and the plan.
pub fn run(args: &Args, session: &mut Session) -> Result<TodayReport> {
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    let progress = load_progress(store, ctx.roadmap)?;
    let due = plan::due(&progress, ctx.today());
    let logged = logged_on_doing(store, &ctx, &progress)?;
    let day = super::day_plan(store, &ctx, &progress)?;
    let budget = match args.minutes {
        Some(m) => u64::from(m),
        None => settings::weekly_target_minutes(store)? / STUDY_DAYS,
    };
    let per_day = day.as_ref().map(|d| block_per_day(d, &progress, &logged));
    Ok(TodayReport {
        items: plan_today(&progress, &due, &logged, budget),
        budget,
        day,
        per_day,
    })
}

/// In a day-by-day roadmap, the minutes a day that finish today's block, and what earlier
/// blocks left, by the block's last day.
pub fn block_per_day(day: &DayPlan, progress: &Progress, logged: &HashMap<String, u64>) -> u64 {
    let Some(block) = &day.block else {
        return 0;
    };
    let open: std::collections::HashSet<&str> = day
        .behind
        .iter()
        .chain(&day.this_block)
        .map(|t| t.id.as_str())
        .collect();
    let minutes: u64 = progress
        .counted()
        .filter(|t| open.contains(&*t.id))
        .map(|t| remaining(t, logged))
        .sum();
    let days_left = (i64::from(block.last_day) - day.day + 1).max(1) as u64;
    minutes.div_ceil(days_left)
}

/// Why an item is in today's plan.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Why {
    Review,
    /// Choose a track (the roadmap has tracks and none is chosen yet).
    Choose,
    Doing,
    Next,
}

/// One item of today's plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TodayItem {
    pub id: String,
    pub title: String,
    pub why: Why,
    pub minutes: u64,
    /// The topic's whole estimate, as written.
    pub estimate: Option<String>,
}

/// Fills today's budget: due reviews first, then topics in progress, then next topics.
/// Each item gets what is left of it or of the budget, whichever is less.
/// Time set aside to choose a track: reading the tracks' summaries.
const CHOOSE_MINUTES: u64 = 15;

fn plan_today(
    progress: &Progress,
    due: &[DueItem],
    logged: &HashMap<String, u64>,
    budget_minutes: u64,
) -> Vec<TodayItem> {
    let mut left = budget_minutes;
    let mut items = Vec::new();
    let mut take = |id: &str, title: &str, why: Why, wanted: u64, estimate: Option<String>| {
        if left == 0 {
            return false;
        }
        let minutes = wanted.min(left);
        left -= minutes;
        items.push(TodayItem {
            id: id.to_string(),
            title: title.to_string(),
            why,
            minutes,
            estimate,
        });
        true
    };
    for d in due {
        if !take(&d.id, &d.title, Why::Review, REVIEW_MINUTES, None) {
            return items;
        }
    }
    if let Some(choice) = crate::report::choice(progress)
        && !take("track", &choice, Why::Choose, CHOOSE_MINUTES, None)
    {
        return items;
    }
    for t in progress.counted().filter(|t| t.state == State::Doing) {
        if !take(
            &t.id,
            &t.title,
            Why::Doing,
            remaining(t, logged),
            t.estimate.map(str::to_string),
        ) {
            return items;
        }
    }
    for t in next(progress, usize::MAX) {
        if !take(
            &t.id,
            &t.title,
            Why::Next,
            remaining(&t, logged),
            t.estimate.map(str::to_string),
        ) {
            break;
        }
    }
    items
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
    if let Some(day) = &r.day {
        let _ = writeln!(out, "{}", heading(day, r.per_day));
    }
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
            Why::Choose => "choose",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::State;
    use crate::report::plan::tests::{d, progress};

    #[test]
    fn today_fills_the_budget_in_order() {
        // Empty roadmap state: the next topics.
        let fresh = progress(&[]);
        let items = plan_today(&fresh, &[], &HashMap::new(), 120);
        let got: Vec<(&str, Why, u64)> = items
            .iter()
            .map(|i| (i.id.as_str(), i.why, i.minutes))
            .collect();
        assert_eq!(got, [("a", Why::Next, 120)]);
        // Mid-way: a review, a doing topic, then next ones.
        let mid = progress(&[
            ("a", State::Done, Some("2026-11-20")),
            ("b", State::Doing, None),
        ]);
        let due = plan::due(&mid, d("2026-11-23"));
        let mut logged = HashMap::new();
        logged.insert("b".to_string(), 9 * 60 + 30);
        let items = plan_today(&mid, &due, &logged, 120);
        let got: Vec<(&str, Why, u64)> = items
            .iter()
            .map(|i| (i.id.as_str(), i.why, i.minutes))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Why::Review, 15),
                ("b", Why::Doing, 30),
                ("c", Why::Next, 75)
            ]
        );
        // Finished: nothing to do.
        let done = progress(&[
            ("a", State::Done, None),
            ("b", State::Done, None),
            ("c", State::Done, None),
            ("d", State::Done, None),
        ]);
        assert!(plan_today(&done, &[], &HashMap::new(), 120).is_empty());
    }
}
