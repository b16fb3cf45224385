//! `roadmap plan [--by DATE] [--hours-per-week N]`: the learner's pace, the projected
//! finish, and the weekly hours needed to finish by the target date; the target and the
//! hours are remembered. The projection (`cmd::projection`) is shared: `status` and
//! `summary` show it too. `plan --schedule` shows the weeks that projection is made of
//! ([`crate::report::schedule`]), and `plan --ics FILE` writes their study blocks to a
//! calendar file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::app::Session;
use crate::error::{Error, Result};
use crate::render::{Ui, ics, markdown, verdict};
use crate::report::days::{DayPlan, heading};
use crate::report::plan::{self, HoursFrom, PaceInput, PlanReport};
use crate::report::schedule::{self, Days, ScheduleReport, Week, Work};
use crate::report::{Progress, TopicRow};
use crate::settings;
use crate::store::Store;
use crate::text::line;
use crate::timeparse::format_minutes;

use super::{Ctx, load_progress, pace_input};

/// The arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day you want to finish by, YYYY-MM-DD (remembered)
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// The hours a week you plan to study (remembered; default 10); this projection and
    /// schedule run at them
    #[arg(long, value_name = "N")]
    pub hours_per_week: Option<f64>,
    /// The topics left, week by week: dates, topics, hours, reviews, sections finished
    #[arg(long, conflicts_with = "ics")]
    pub schedule: bool,
    /// Only the first N weeks of the schedule or the calendar file
    #[arg(long, value_name = "N")]
    pub weeks: Option<u64>,
    /// The schedule as text, Markdown or JSON
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Write the study blocks to FILE, an iCalendar file to import into a calendar app
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// The days to study on, with --ics [default: mon,tue,wed,thu,fri]
    #[arg(long, value_name = "DAYS")]
    pub days: Option<String>,
    /// When study starts on those days, HH:MM, with --ics [default: 19:00]
    #[arg(long, value_name = "HH:MM")]
    pub at: Option<String>,
}

/// `--format` of `plan --schedule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// When the calendar file's blocks start, if `--at` is not given.
const DEFAULT_AT: NaiveTime = match NaiveTime::from_hms_opt(19, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The suffix that makes the calendar file's UIDs globally unique (a reserved domain: no
/// one else's calendar uses it).
const UID_DOMAIN: &str = "roadmap.invalid";

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

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Parses `--days`: day names (`mon` or `monday`, any case), comma-separated.
pub fn parse_days(text: &str) -> Result<Days> {
    let hint = "name days like mon,wed,sat (mon tue wed thu fri sat sun)";
    let mut days = Vec::new();
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let lower = word.to_ascii_lowercase();
        let found = DAY_NAMES.iter().position(|d| {
            lower.len() >= 3 && (lower == *d || full_day(d).is_some_and(|f| f.starts_with(&*lower)))
        });
        match found {
            Some(i) => days.push(i as u32),
            None => {
                return Err(Error::usage_hint(
                    format!("unknown day `{}` in --days", line(word)),
                    hint,
                ));
            }
        }
    }
    Days::of(&days)
        .ok_or_else(|| Error::usage_hint(format!("--days `{}` names no day", line(text)), hint))
}

fn full_day(short: &str) -> Option<&'static str> {
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let i = DAY_NAMES.iter().position(|d| *d == short)?;
    full.get(i).copied()
}

/// Parses `--at`: HH:MM, 24-hour (`7:30` too).
pub fn parse_at(text: &str) -> Result<NaiveTime> {
    let bad = || {
        Error::usage_hint(
            format!("bad time `{}` for --at", line(text)),
            "give the time as HH:MM, 24-hour, like 19:00 or 07:30",
        )
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = (
        number(h, 1..=2).ok_or_else(bad)?,
        number(m, 2..=2).ok_or_else(bad)?,
    );
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// What `plan` was asked for, checked.
enum Mode {
    Plan,
    Schedule {
        weeks: Option<usize>,
        format: Format,
    },
    Ics {
        path: PathBuf,
        weeks: Option<usize>,
        days: Days,
        at: NaiveTime,
    },
}

fn mode(args: &Args) -> Result<Mode> {
    let weeks = match args.weeks {
        Some(0) => {
            return Err(Error::usage_hint(
                "--weeks 0 shows nothing",
                "give 1 or more weeks, or leave --weeks out for all of them",
            ));
        }
        Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        None => None,
    };
    if args.ics.is_none() && (args.days.is_some() || args.at.is_some()) {
        return Err(Error::usage_hint(
            "--days and --at choose the calendar file's study blocks",
            "write one: roadmap plan --ics study.ics --days mon,wed,sat --at 19:00",
        ));
    }
    if let Some(path) = &args.ics {
        if args.format.is_some() {
            return Err(Error::usage(
                "--format is for --schedule; --ics writes iCalendar",
            ));
        }
        super::check_output(path)?;
        return Ok(Mode::Ics {
            path: path.clone(),
            weeks,
            days: args
                .days
                .as_deref()
                .map_or(Ok(Days::WEEKDAYS), parse_days)?,
            at: args.at.as_deref().map_or(Ok(DEFAULT_AT), parse_at)?,
        });
    }
    if args.schedule {
        return Ok(Mode::Schedule {
            weeks,
            format: args.format.unwrap_or(Format::Text),
        });
    }
    if weeks.is_some() || args.format.is_some() {
        return Err(Error::usage_hint(
            "--weeks and --format are for the schedule",
            "roadmap plan --schedule --weeks 4",
        ));
    }
    Ok(Mode::Plan)
}

/// What `plan` did: a projection to the target date; with no date set yet, a projection
/// without one; the schedule; or the calendar file written.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub enum PlanOutcome {
    Projection(PlanReport),
    /// The keys of a projection are there too (`plan --json` always has them); those that
    /// need a date are null.
    NoDate {
        by: Option<NaiveDate>,
        remaining_minutes: u64,
        roadmap_minutes: u64,
        estimate_ratio: Option<f64>,
        hours_per_week_needed: Option<f64>,
        pace_hours_per_week: Option<f64>,
        projected_finish: Option<NaiveDate>,
        verdict: Option<plan::Verdict>,
        /// The weekly target saved.
        planned_hours_per_week: f64,
        /// The hours the projection runs at, and where they come from.
        hours_per_week: f64,
        hours_from: HoursFrom,
        /// Whether `--hours-per-week` was given (and saved) now.
        #[serde(skip)]
        saved: bool,
    },
    Schedule(Box<ScheduleOut>),
    Ics(IcsReport),
    /// A day-by-day roadmap: the projection (to the plan's last day, unless `--by` gives
    /// another), and where the learner is in the plan's days.
    DayByDay {
        #[serde(flatten)]
        plan: PlanReport,
        day_plan: DayPlan,
        /// The minutes a day that finish today's block and what earlier ones left.
        #[serde(skip)]
        per_day: u64,
    },
}

/// The schedule and the format asked for.
#[derive(Debug, serde::Serialize)]
pub struct ScheduleOut {
    #[serde(flatten)]
    pub report: ScheduleReport,
    #[serde(skip)]
    pub markdown: bool,
}

/// What `plan --ics` wrote.
#[derive(Debug, serde::Serialize)]
pub struct IcsReport {
    pub path: PathBuf,
    /// How many events (study blocks) it holds.
    pub events: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub days: Vec<&'static str>,
    pub at: String,
    /// Each study day's block, in minutes.
    pub block_minutes: u64,
    pub projected_finish: Option<NaiveDate>,
}

/// `plan`: every argument is checked before the store is opened.
pub fn run(args: &Args, session: &mut Session) -> Result<PlanOutcome> {
    let mode = mode(args)?;
    let (by, hours) = {
        let (ctx, _) = session.split();
        let by = args.by.as_deref().map(|b| parse_by(&ctx, b)).transpose()?;
        (by, args.hours_per_week.map(parse_hours).transpose()?)
    };
    if matches!(mode, Mode::Ics { .. }) {
        // The calendar's events carry each topic's summary and first resource.
        session.fill_details(None)?;
    }
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    // Only what was given is written: `roadmap plan` alone is a read.
    settings::save(store, hours, by, ctx.now.with_timezone(&chrono::Utc))?;
    match mode {
        Mode::Plan => plan(store, &ctx, by, hours),
        Mode::Schedule { weeks, format } => {
            let (progress, input) = inputs(store, &ctx, hours)?;
            Ok(PlanOutcome::Schedule(Box::new(ScheduleOut {
                report: schedule::report(&progress, &input, weeks),
                markdown: format == Format::Markdown,
            })))
        }
        Mode::Ics {
            path,
            weeks,
            days,
            at,
        } => {
            let (progress, input) = inputs(store, &ctx, hours)?;
            let (calendar, report) = calendar(&ctx, &progress, &input, &path, weeks, days, at);
            super::write_atomic(&path, ics::write(&calendar).as_bytes())?;
            Ok(PlanOutcome::Ics(report))
        }
    }
}

/// The progress and the pace facts, with the hours given now.
fn inputs<'a>(
    store: &Store,
    ctx: &Ctx<'a>,
    hours: Option<f64>,
) -> Result<(Progress<'a>, PaceInput)> {
    let progress = load_progress(store, ctx.roadmap)?;
    let target = settings::target_date(store)?.unwrap_or(ctx.today());
    let mut input = pace_input(store, ctx, &progress, target)?;
    input.given_hours_per_week = hours;
    Ok((progress, input))
}

/// `plan [--by DATE] [--hours-per-week N]`: projects, to the target date if there is one.
fn plan(
    store: &mut Store,
    ctx: &Ctx,
    by: Option<NaiveDate>,
    hours: Option<f64>,
) -> Result<PlanOutcome> {
    let progress = load_progress(store, ctx.roadmap)?;
    // A day-by-day roadmap's target is its last day, unless --by says otherwise.
    let days = super::day_plan(store, ctx, &progress)?;
    let plan_end = days
        .as_ref()
        .map(|d| d.end)
        .filter(|end| *end > ctx.today());
    let target = by.or(plan_end).or(settings::target_date(store)?);
    let weekly_set = hours.is_some() || store.setting("hours_per_week")?.is_some();
    if target.is_none() && !weekly_set {
        return Err(Error::usage_hint(
            "no target date yet",
            "set one: roadmap plan --by 2027-06-30",
        ));
    }
    let mut input = pace_input(store, ctx, &progress, target.unwrap_or(ctx.today()))?;
    input.given_hours_per_week = hours;
    let p = plan::plan(&progress, &input);
    if let Some(day_plan) = days {
        let per_day = super::today::block_per_day(&day_plan, &progress, &input.logged);
        return Ok(PlanOutcome::DayByDay {
            plan: p,
            day_plan,
            per_day,
        });
    }
    if target.is_some() {
        return Ok(PlanOutcome::Projection(p));
    }
    Ok(PlanOutcome::NoDate {
        by: None,
        remaining_minutes: p.remaining_minutes,
        roadmap_minutes: p.roadmap_minutes,
        estimate_ratio: p.estimate_ratio,
        hours_per_week_needed: None,
        pace_hours_per_week: p.pace_hours_per_week,
        projected_finish: p.projected_finish,
        verdict: None,
        planned_hours_per_week: p.planned_hours_per_week,
        hours_per_week: p.hours_per_week,
        hours_from: p.hours_from,
        saved: hours.is_some(),
    })
}

/// The calendar file's events: the schedule laid onto the chosen days, a block of the
/// weekly hours divided among them each day from `at`.
fn calendar(
    ctx: &Ctx,
    progress: &Progress,
    input: &PaceInput,
    path: &Path,
    weeks: Option<usize>,
    days: Days,
    at: NaiveTime,
) -> (ics::Calendar, IcsReport) {
    let hours = plan::rate(progress, input).hours;
    let mut sched = plan::schedule_input(input, hours);
    sched.days = days;
    sched.today_open = ctx.now.time() < at;
    let order = schedule::order(progress);
    let timeline = schedule::timeline(progress, &order, &sched);
    let this_week = crate::timeparse::monday_of(input.today);
    let within = |day: NaiveDate| {
        weeks.is_none_or(|n| {
            usize::try_from((crate::timeparse::monday_of(day) - this_week).num_days() / 7)
                .is_ok_and(|w| w < n)
        })
    };
    let roadmap = &progress.roadmap.id;
    let mut events: Vec<ics::Event> = Vec::new();
    let mut blocks = vec![0usize; progress.topics.len()];
    let mut review_blocks = 0usize;
    // Reviews of one day are one event.
    let mut reviews: Option<(ics::Event, NaiveDate, Vec<String>)> = None;
    let flush = |events: &mut Vec<ics::Event>,
                 r: &mut Option<(ics::Event, NaiveDate, Vec<String>)>| {
        if let Some((mut e, _, titles)) = r.take() {
            e.summary = format!("Review: {}", titles.join(", "));
            e.description = format!(
                "Spaced review of {}. Record each with: roadmap review TOPIC again|hard|good|easy",
                crate::text::count(titles.len() as u64, "topic")
            );
            events.push(e);
        }
    };
    for p in timeline
        .pieces
        .iter()
        .filter(|p| p.minutes > 0 && within(p.day))
    {
        let start = p.day.and_time(at) + Duration::minutes(p.offset as i64);
        let end = start + Duration::minutes(p.minutes as i64);
        match p.work {
            Work::Review(i) => {
                let title = one_line(&progress.topics[i].title);
                match &mut reviews {
                    Some((e, day, titles)) if *day == p.day && e.end == start => {
                        e.end = end;
                        if !titles.contains(&title) {
                            titles.push(title);
                        }
                    }
                    _ => {
                        flush(&mut events, &mut reviews);
                        let uid = format!("{roadmap}-reviews-{review_blocks}@{UID_DOMAIN}");
                        review_blocks += 1;
                        let e = ics::Event {
                            uid,
                            start,
                            end,
                            summary: String::new(),
                            description: String::new(),
                        };
                        reviews = Some((e, p.day, vec![title]));
                    }
                }
            }
            Work::Topic(i) => {
                flush(&mut events, &mut reviews);
                let t = &progress.topics[i];
                let k = blocks[i];
                blocks[i] += 1;
                events.push(ics::Event {
                    uid: format!("{roadmap}-{}-{k}@{UID_DOMAIN}", t.id),
                    start,
                    end,
                    summary: one_line(&t.title),
                    description: description(ctx, t, p.last),
                });
            }
        }
    }
    flush(&mut events, &mut reviews);
    let report = IcsReport {
        path: path.to_path_buf(),
        events: events.len(),
        first: events.first().map(|e| e.start.date()),
        last: events.last().map(|e| e.start.date()),
        days: days.indexes().map(|i| DAY_NAMES[i]).collect(),
        at: at.format("%H:%M").to_string(),
        block_minutes: sched.weekly_minutes / days.count().max(1),
        projected_finish: timeline.finish,
    };
    let calendar = ics::Calendar {
        name: format!("roadmap: {}", progress.roadmap.title),
        stamp: ctx.now.to_utc(),
        events,
    };
    (calendar, report)
}

/// A title for one line of a calendar: line breaks and controls folded away.
fn one_line(s: &str) -> String {
    line(s).trim().to_string()
}

/// A study block's description: the topic's summary and its first web resource.
fn description(ctx: &Ctx, t: &TopicRow, last: bool) -> String {
    let mut out = String::new();
    let summary = t.summary.trim();
    if !summary.is_empty() {
        out.push_str(summary);
        out.push_str("\n\n");
    }
    let topic = ctx.roadmap.topics().find(|x| x.id == *t.id);
    if let Some(r) = topic.and_then(|x| {
        x.resources
            .iter()
            .find(|r| r.url.starts_with("https://") || r.url.starts_with("http://"))
    }) {
        let _ = write!(out, "{}: {}\n\n", one_line(&r.title), one_line(&r.url));
    }
    if last {
        let _ = write!(out, "Done? roadmap check {}", t.id);
    } else {
        let _ = write!(out, "Log your time: roadmap log {} 1h", t.id);
    }
    out
}

/// `plan` as text.
pub fn render(r: &PlanOutcome, ui: &Ui) -> String {
    match r {
        PlanOutcome::Projection(p) => projection_text(p, ui),
        PlanOutcome::DayByDay {
            plan,
            day_plan,
            per_day,
        } => heading(day_plan, Some(*per_day)) + "\n" + &projection_text(plan, ui),
        PlanOutcome::NoDate {
            remaining_minutes,
            roadmap_minutes,
            estimate_ratio,
            projected_finish,
            hours_per_week,
            hours_from,
            saved,
            ..
        } => {
            let mut out = String::new();
            if *saved {
                let _ = writeln!(
                    out,
                    "Weekly target: {} a week, saved.",
                    hours(*hours_per_week)
                );
            }
            let finish = match projected_finish {
                Some(f) => format!("projected finish {f}"),
                None => "no projected finish: no study logged in the last 4 weeks".to_string(),
            };
            let _ = writeln!(
                out,
                "{}: about {} left, {finish}.",
                capitalize(&at_hours(*hours_per_week, *hours_from)),
                format_minutes(*remaining_minutes)
            );
            if let Some(r) = estimate_ratio {
                let _ = writeln!(
                    out,
                    "{}.",
                    capitalize(&ratio_line(*r, *roadmap_minutes, *remaining_minutes))
                );
            }
            out.push_str(
                "No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n",
            );
            out
        }
        PlanOutcome::Schedule(s) if s.markdown => schedule_markdown(&s.report),
        PlanOutcome::Schedule(s) => schedule_text(&s.report, ui),
        PlanOutcome::Ics(r) => ics_text(r),
    }
}

fn hours(h: f64) -> String {
    format_minutes((h * 60.0).round() as u64)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "at your planned 10h a week" (hours given now are saved as the plan too), or "at your
/// pace of 4h a week".
fn at_hours(h: f64, from: HoursFrom) -> String {
    match from {
        HoursFrom::Pace => format!("at your pace of {} a week", hours(h)),
        HoursFrom::Given | HoursFrom::Planned => format!("at your planned {} a week", hours(h)),
    }
}

/// "1.4×", "0.85×".
fn times(r: f64) -> String {
    format!("{r}×")
}

/// "you take 1.4× the estimates: 120h by the roadmap, 168h at your pace".
fn ratio_line(r: f64, roadmap: u64, yours: u64) -> String {
    format!(
        "you take {} the estimates: {} by the roadmap, {} at your pace",
        times(r),
        format_minutes(roadmap),
        format_minutes(yours)
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
    if let Some(r) = p.estimate_ratio {
        let _ = writeln!(
            out,
            "Estimates: {}",
            ratio_line(r, p.roadmap_minutes, p.remaining_minutes)
        );
    }
    let _ = writeln!(
        out,
        "Needed:    {} a week to finish on time",
        hours(p.hours_per_week_needed)
    );
    // The pace the projection ran at, to the minute, where it did; else as measured.
    let shown = match p.hours_from {
        HoursFrom::Pace => Some(p.hours_per_week),
        _ => p.pace_hours_per_week,
    };
    let measured = shown.map(|pace| {
        let over = match p.pace_weeks {
            Some(1) => "in your first week".to_string(),
            Some(n @ 2..=3) => format!("over your first {n} weeks"),
            _ => "over the last 4 weeks".to_string(),
        };
        format!("{} a week {over}", hours(pace))
    });
    let pace = match (p.hours_from, measured) {
        (HoursFrom::Given, Some(m)) => {
            format!("{m}; projected at the {} you gave", hours(p.hours_per_week))
        }
        (HoursFrom::Given, None) => format!(
            "no history yet; projected at the {} you gave",
            hours(p.hours_per_week)
        ),
        (_, Some(m)) => format!("{m} (planned {})", hours(p.planned_hours_per_week)),
        (_, None) => format!(
            "no history yet; projected at your planned {} a week",
            hours(p.planned_hours_per_week)
        ),
    };
    let _ = writeln!(out, "Pace:      {pace}");
    if p.review_minutes > 0 {
        let _ = writeln!(
            out,
            "Reviews:   {} of the weekly hours kept for reviews until then",
            format_minutes(p.review_minutes)
        );
    }
    let verdict = match p.hours_from {
        HoursFrom::Pace => verdict(p),
        from if p.remaining_minutes > 0 => {
            format!("{}: {}", at_hours(p.hours_per_week, from), verdict(p))
        }
        _ => verdict(p),
    };
    let _ = writeln!(out, "Verdict:   {verdict}");
    out
}

/// The headline of a schedule: what is left, at what hours, until when.
fn schedule_headline(r: &ScheduleReport) -> String {
    let what = format!(
        "{}, about {}",
        crate::text::count(r.remaining_topics as u64, "topic"),
        format_minutes(r.remaining_minutes)
    );
    let reviews = if r.review_minutes > 0 {
        format!(", and {} of reviews", format_minutes(r.review_minutes))
    } else {
        String::new()
    };
    let finish = match r.projected_finish {
        Some(f) => format!("projected finish {f}"),
        None => "no projected finish: no study time in the last 4 weeks".to_string(),
    };
    format!(
        "{what}{reviews}\n{}: {finish}",
        capitalize(&at_hours(r.hours_per_week, r.hours_from))
    )
}

/// Notes under the headline: the learner's ratio, a track still to choose, weeks left out.
fn schedule_notes(r: &ScheduleReport) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(ratio) = r.estimate_ratio {
        notes.push(format!(
            "{}.",
            capitalize(&ratio_line(ratio, r.roadmap_minutes, r.remaining_minutes))
        ));
    }
    if r.track_pending {
        notes.push(
            "No track chosen yet: its topics are not in this schedule (roadmap track ID).".into(),
        );
    }
    notes
}

fn week_dates(w: &Week) -> String {
    if w.from == w.to {
        w.from.format("%a %Y-%m-%d").to_string()
    } else {
        format!(
            "{} to {}",
            w.from.format("%a %Y-%m-%d"),
            w.to.format("%a %Y-%m-%d")
        )
    }
}

fn more_weeks(r: &ScheduleReport) -> Option<String> {
    let more = r.weeks_total.saturating_sub(r.weeks.len());
    (more > 0).then(|| {
        format!(
            "{} more until {}.",
            crate::text::count(more as u64, "week"),
            r.projected_finish
                .map_or_else(|| "the end".to_string(), |f| f.to_string())
        )
    })
}

/// `plan --schedule` as text.
fn schedule_text(r: &ScheduleReport, ui: &Ui) -> String {
    let mut out = String::new();
    let headline = schedule_headline(r);
    let (what, when) = headline.split_once('\n').unwrap_or((&headline, ""));
    let _ = writeln!(out, "{}\n{when}.", ui.bold(&format!("Schedule: {what}")));
    for note in schedule_notes(r) {
        let _ = writeln!(out, "{note}");
    }
    if r.remaining_topics == 0 {
        out.push_str("Nothing left to schedule: every topic that counts is done or skipped.\n");
        return out;
    }
    for w in &r.weeks {
        let _ = writeln!(
            out,
            "\n{}",
            ui.bold(&format!(
                "Week {}: {}, {}",
                w.week,
                week_dates(w),
                format_minutes(w.minutes)
            ))
        );
        if w.review_minutes > 0 {
            let _ = writeln!(
                out,
                "  {:>6}  reviews ({})",
                format_minutes(w.review_minutes),
                crate::text::count(w.reviews.len() as u64, "topic")
            );
        }
        for t in &w.topics {
            let note = part(t).map_or(String::new(), |p| format!(" ({p})"));
            let _ = writeln!(
                out,
                "  {:>6}  {}  {}{note}",
                format_minutes(t.minutes),
                t.id,
                line(&t.title)
            );
        }
        for m in &w.milestones {
            let _ = writeln!(
                out,
                "  {}",
                ui.paint_color(
                    crate::render::state_color(crate::model::State::Done),
                    &format!("milestone: {} finished", line(&m.title))
                )
            );
        }
    }
    if let Some(more) = more_weeks(r) {
        let _ = writeln!(out, "\n{more}");
    }
    out
}

/// Which part of a topic a week holds, unless it holds the whole: it starts, continues or
/// finishes there.
fn part(t: &schedule::Slot) -> Option<&'static str> {
    match (t.continued, t.finished) {
        (true, true) => Some("finishes"),
        (true, false) => Some("continues"),
        (false, false) => Some("starts"),
        (false, true) => None,
    }
}

/// `plan --schedule --format markdown`.
fn schedule_markdown(r: &ScheduleReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Schedule: {}\n", markdown::inline(&r.roadmap.title));
    let _ = writeln!(out, "{}.", schedule_headline(r).replace('\n', ". "));
    for note in schedule_notes(r) {
        let _ = writeln!(out, "\n{}", markdown::inline(&note));
    }
    if r.remaining_topics == 0 {
        out.push_str("\nNothing left to schedule: every topic that counts is done or skipped.\n");
        return out;
    }
    for w in &r.weeks {
        let _ = writeln!(
            out,
            "\n## Week {}: {} ({})\n",
            w.week,
            week_dates(w),
            format_minutes(w.minutes)
        );
        if w.review_minutes > 0 {
            let _ = writeln!(
                out,
                "- Reviews: {} ({})",
                format_minutes(w.review_minutes),
                w.reviews
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        for t in &w.topics {
            let note = part(t).map_or(String::new(), |p| format!(", {p}"));
            let _ = writeln!(
                out,
                "- {} (`{}`): {}{note}",
                markdown::inline(&t.title),
                t.id,
                format_minutes(t.minutes)
            );
        }
        for m in &w.milestones {
            let _ = writeln!(
                out,
                "- **Milestone**: {} finished",
                markdown::inline(&m.title)
            );
        }
    }
    if let Some(more) = more_weeks(r) {
        let _ = writeln!(out, "\n{more}");
    }
    out
}

/// `plan --ics FILE`: what was written.
fn ics_text(r: &IcsReport) -> String {
    let mut out = format!(
        "Wrote {} to {}",
        crate::text::count(r.events as u64, "study block"),
        line(&r.path.to_string_lossy())
    );
    match (r.first, r.last) {
        (Some(first), Some(last)) => {
            let _ = write!(out, ": {first} to {last}");
        }
        _ => out.push_str(": nothing left to study"),
    }
    let _ = writeln!(
        out,
        ", {} at {}, {} a day.",
        r.days.join(","),
        r.at,
        format_minutes(r.block_minutes)
    );
    out.push_str(
        "Import it into your calendar app; importing it again after a new plan updates the same events.\n",
    );
    out
}
