//! `roadmap plan [--by DATE] [--hours-per-week N]`: the learner's pace, the projected
//! finish, and the weekly hours needed to finish by the target date; the target and the
//! hours are remembered. The projection (`cmd::projection`) is shared: `status` and
//! `summary` show it too.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::app::Session;
use crate::error::{Error, Result};
use crate::render::{Ui, verdict};
use crate::report::plan::{self, PlanReport};
use crate::settings;
use crate::store::Store;
use crate::timeparse::format_minutes;

use super::{Ctx, load_progress, pace_input};

/// The arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day you want to finish by, YYYY-MM-DD (remembered)
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// The hours a week you plan to study (remembered; default 10)
    #[arg(long, value_name = "N")]
    pub hours_per_week: Option<f64>,
}

/// Parses `--by`: a day after today, YYYY-MM-DD.
fn parse_by(ctx: &Ctx, text: &str) -> Result<NaiveDate> {
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
fn parse_hours(hours: f64) -> Result<f64> {
    if hours.is_finite() && hours > 0.0 && hours <= 168.0 {
        Ok(hours)
    } else {
        Err(Error::usage(format!(
            "bad --hours-per-week `{hours}`: give a number of hours above 0 and at most 168"
        )))
    }
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

/// `plan`: both arguments are checked before the store is opened.
pub fn run(args: &Args, session: &mut Session) -> Result<PlanOutcome> {
    let (ctx, store) = session.split();
    let by = args.by.as_deref().map(|b| parse_by(&ctx, b)).transpose()?;
    let hours = args.hours_per_week.map(parse_hours).transpose()?;
    plan(store.open(&ctx)?, &ctx, by, hours)
}

/// `plan [--by DATE] [--hours-per-week N]`: saves what was given, then projects.
fn plan(
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

/// `plan` as text.
pub fn render(r: &PlanOutcome, ui: &Ui) -> String {
    match r {
        PlanOutcome::Projection(p) => projection_text(p, ui),
        PlanOutcome::HoursOnly { hours_per_week, .. } => hours_only(*hours_per_week),
    }
}

fn hours(h: f64) -> String {
    format_minutes((h * 60.0).round() as u64)
}

/// `plan`.
/// `plan --hours-per-week N` before any target date: what was saved, and what comes next.
fn hours_only(hours_per_week: f64) -> String {
    format!(
        "Weekly target: {} a week, saved.\n\
         No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n",
        hours(hours_per_week)
    )
}

fn projection_text(p: &PlanReport, ui: &Ui) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        ui.bold(&format!("Target {} ({} weeks left)", p.by, p.weeks_left))
    );
    let mut left = format!(
        "Left:      {}, about {}",
        crate::text::count(p.remaining_topics as u64, "topic"),
        format_minutes(p.remaining_minutes)
    );
    if p.unestimated_topics > 0 {
        let _ = write!(
            left,
            " ({} without an estimate, counted at 2h each)",
            p.unestimated_topics
        );
    }
    let _ = writeln!(out, "{left}");
    let _ = writeln!(
        out,
        "Needed:    {} a week to finish on time",
        hours(p.hours_per_week_needed)
    );
    match p.pace_hours_per_week {
        Some(pace) => {
            let over = match p.pace_weeks {
                Some(1) => "in your first week".to_string(),
                Some(n @ 2..=3) => format!("over your first {n} weeks"),
                _ => "over the last 4 weeks".to_string(),
            };
            let _ = writeln!(
                out,
                "Pace:      {} a week {over} (planned {})",
                hours(pace),
                hours(p.planned_hours_per_week)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Pace:      no history yet; assuming the planned {} a week",
                hours(p.planned_hours_per_week)
            );
        }
    }
    let _ = writeln!(out, "Verdict:   {}", verdict(p));
    out
}
