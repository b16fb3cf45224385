//! review, plan and today: the study routine beyond a checklist.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};

use crate::clock;
use crate::error::{Error, Result};
use crate::model::{EventKind, Rating, State};
use crate::report::plan::{self, DueItem, PaceInput, PlanReport, TodayItem};
use crate::report::{Progress, WriteReport};
use crate::store::Store;

use super::progress::{Intent, apply};
use super::{Ctx, event_ids, load_progress, settings};

/// `review`: the topics due now, most overdue first.
pub fn due(store: &Store, ctx: &Ctx) -> Result<Vec<DueItem>> {
    let progress = load_progress(store, ctx.roadmap)?;
    Ok(plan::due(&progress, ctx.today()))
}

/// `review TOPIC RATING`: records the review; the topic must be done.
pub fn record(store: &mut Store, mut intent: Intent, rating: Rating) -> Result<WriteReport> {
    let state = super::progress::status(store, intent.topic)?.state;
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

/// Parses `--by`: a day after today, YYYY-MM-DD.
pub fn parse_by(ctx: &Ctx, text: &str) -> Result<NaiveDate> {
    let hint = "give the day you want to finish by, like 2027-06-30";
    let day = text.trim().parse::<NaiveDate>().map_err(|_| {
        Error::usage_hint(
            format!("bad date `{}` for --by", crate::text::line(text)),
            hint,
        )
    })?;
    if day <= ctx.today() {
        return Err(Error::usage_hint(
            format!("--by {day} is not in the future (today is {})", ctx.today()),
            hint,
        ));
    }
    Ok(day)
}

/// Checks `--hours-per-week`.
pub fn parse_hours(hours: f64) -> Result<f64> {
    if hours.is_finite() && hours > 0.0 && hours <= 168.0 {
        Ok(hours)
    } else {
        Err(Error::usage(format!(
            "bad --hours-per-week `{hours}`: give a number of hours above 0 and at most 168"
        )))
    }
}

/// Minutes logged on each topic in progress (including under the ids it was renamed from).
fn logged_on_doing(store: &Store, ctx: &Ctx, progress: &Progress) -> Result<HashMap<String, u64>> {
    let doing: HashSet<&str> = progress
        .topics
        .iter()
        .filter(|t| !t.retired && t.state == State::Doing)
        .map(|t| &*t.id)
        .collect();
    let mut logged = HashMap::new();
    for topic in ctx.roadmap.topics().filter(|t| doing.contains(&*t.id)) {
        logged.insert(
            topic.id.to_string(),
            store.minutes_logged(&event_ids(topic))?,
        );
    }
    Ok(logged)
}

/// The pace facts of the last four weeks, for `plan` and `status`.
fn pace_input(store: &Store, ctx: &Ctx, progress: &Progress, by: NaiveDate) -> Result<PaceInput> {
    let today = ctx.today();
    let four_weeks_ago = today - Duration::days(27);
    let logged = logged_on_doing(store, ctx, progress)?;
    Ok(PaceInput {
        today,
        by,
        planned_hours_per_week: settings::hours_per_week(store)?,
        logged,
        minutes_last_4_weeks: store
            .days(four_weeks_ago, today)?
            .iter()
            .map(|d| d.minutes)
            .sum(),
        checked_last_4_weeks: store.checked_since(clock::day_start(four_weeks_ago))?,
        first_day: store.first_event_at()?.map(clock::local_day),
    })
}

/// What `plan` did: a projection to the target date, or, with no date set yet, only the
/// weekly hours saved.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub enum PlanOutcome {
    Projection(PlanReport),
    /// The keys of a projection are there too (`plan --json` always has them), all null.
    HoursOnly {
        by: Option<NaiveDate>,
        remaining_minutes: Option<u64>,
        hours_per_week_needed: Option<f64>,
        pace_hours_per_week: Option<f64>,
        projected_finish: Option<NaiveDate>,
        verdict: Option<plan::Verdict>,
        hours_per_week: f64,
    },
}

/// `plan [--by DATE] [--hours-per-week N]`: saves what was given, then projects.
pub fn plan(
    store: &mut Store,
    ctx: &Ctx,
    by: Option<NaiveDate>,
    hours: Option<f64>,
) -> Result<PlanOutcome> {
    let target = by.or(settings::target_date(store)?);
    if target.is_none() && hours.is_none() {
        return Err(Error::usage_hint(
            "no target date yet",
            "set one: roadmap plan --by 2027-06-30",
        ));
    }
    // Only what was given is written: `roadmap plan` alone is a read.
    settings::save(store, hours, by, ctx.now.with_timezone(&chrono::Utc))?;
    let Some(target) = target else {
        return Ok(PlanOutcome::HoursOnly {
            by: None,
            remaining_minutes: None,
            hours_per_week_needed: None,
            pace_hours_per_week: None,
            projected_finish: None,
            verdict: None,
            hours_per_week: settings::hours_per_week(store)?,
        });
    };
    let progress = load_progress(store, ctx.roadmap)?;
    let input = pace_input(store, ctx, &progress, target)?;
    Ok(PlanOutcome::Projection(plan::plan(&progress, &input)))
}

/// The projection for `status` and `summary`, when a target date is set.
pub fn projection(store: &Store, ctx: &Ctx, progress: &Progress) -> Result<Option<PlanReport>> {
    match settings::target_date(store)? {
        Some(by) => {
            let input = pace_input(store, ctx, progress, by)?;
            Ok(Some(plan::plan(progress, &input)))
        }
        None => Ok(None),
    }
}

/// The study days a week that the daily budget assumes.
pub const STUDY_DAYS: u64 = 5;

/// `today [--minutes N]`: the budget and the plan.
pub fn today(store: &Store, ctx: &Ctx, minutes: Option<u32>) -> Result<(u64, Vec<TodayItem>)> {
    let budget = match minutes {
        Some(m) => u64::from(m),
        None => settings::weekly_target_minutes(store)? / STUDY_DAYS,
    };
    let progress = load_progress(store, ctx.roadmap)?;
    let due = plan::due(&progress, ctx.today());
    let logged = logged_on_doing(store, ctx, &progress)?;
    Ok((budget, plan::today(&progress, &due, &logged, budget)))
}
