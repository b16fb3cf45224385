//! `summary`: a period's report, with the state of every topic at its start and its end.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration};

use crate::clock;
use crate::error::{Error, Result};
use crate::model::State;
use crate::report::summary::{Period, SummaryInput, SummaryReport, summary as build};
use crate::store::Store;
use crate::timeparse::parse_week;

use super::{Ctx, event_ids, load_progress, settings};

/// Works out the period from `--week [WEEK]` or `--since DATE [--until DATE]`; the current
/// week when neither is given.
pub fn period(
    ctx: &Ctx,
    week: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<Period> {
    let today = ctx.today();
    if let Some(since) = since {
        let from = ctx.date(since)?;
        let to = until.map(|u| ctx.date(u)).transpose()?.unwrap_or(today);
        if from > to {
            return Err(Error::usage(format!(
                "--since {from} is after --until {to}"
            )));
        }
        return Ok(Period {
            from,
            to,
            week: None,
        });
    }
    let monday = parse_week(week.unwrap_or("today"), today).map_err(|m| {
        Error::usage_hint(m, "weeks look like 2026-W47, or any date inside the week")
    })?;
    let iso = monday.iso_week();
    Ok(Period {
        from: monday,
        to: monday + Duration::days(6),
        week: Some(format!("{}-W{:02}", iso.year(), iso.week())),
    })
}

/// Builds the summary of `period`.
pub fn summary(store: &Store, ctx: &Ctx, period: Period) -> Result<SummaryReport> {
    let start = clock::day_start(period.from);
    let end = clock::day_start(period.to + Duration::days(1));
    // Hundreds of small queries may follow: one read transaction for all of them.
    let _snapshot = store.snapshot()?;
    let now = load_progress(store, ctx.roadmap)?;
    // A topic's state at the start or the end of the period differs from its state now
    // only if it has had an event since the start. The state cache says which topics have
    // (however far back the period is); only those are worked out, each by reading back
    // from the instant to the event that last set its state outright. A topic without an
    // event in the period ends it as it began it: one instant is enough.
    let active = store.topics_active_since(start)?;
    super::long_period(store, Some(start), Some(end))?;
    let events = store.events_between(Some(start), Some(end), None)?;
    let mut in_period = crate::ids::id_map(64);
    in_period.extend(events.iter().map(|e| (e.topic.as_str(), ())));
    // Current topics come first in `now`, in roadmap order.
    let mut at_start: Vec<State> = now
        .topics
        .iter()
        .filter(|t| !t.retired)
        .map(|t| t.state)
        .collect();
    let mut at_end = at_start.clone();
    for (i, topic) in ctx.roadmap.topics().enumerate() {
        let ids = event_ids(topic);
        if !ids.iter().any(|id| active.contains(*id)) {
            continue;
        }
        let instants: &[_] = if ids.iter().any(|id| in_period.contains_key(id)) {
            &[start, end]
        } else {
            &[start]
        };
        // Only states are reported for the two instants, not review dates.
        let states = match ids[..] {
            [id] => store.states_before(id, instants)?,
            // A renamed topic's events carry several ids: fold them all, in order.
            _ => store
                .status_before(&ids, instants)?
                .into_iter()
                .map(|s| s.state)
                .collect(),
        };
        if let (Some(&s), Some(&e)) = (states.first(), states.last()) {
            at_start[i] = s;
            at_end[i] = e;
        }
    }
    let last = period.to.min(ctx.today());
    let active_days: BTreeSet<_> = store
        .days(chrono::NaiveDate::MIN, last)?
        .into_iter()
        .map(|d| d.day)
        .collect();
    let plan = super::plan::projection(store, ctx, &now)?;
    let mut report = build(&SummaryInput {
        roadmap: ctx.roadmap,
        period,
        at_start: &at_start,
        at_end: &at_end,
        now: &now,
        events: &events,
        active_days: &active_days,
        weekly_target_minutes: settings::weekly_target_minutes(store)?,
        today: ctx.today(),
    });
    report.plan = plan;
    Ok(report)
}
