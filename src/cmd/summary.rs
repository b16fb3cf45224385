//! `roadmap summary [--week [WEEK] | --since DATE [--until DATE]]`: a period's report, a
//! week by default: what moved, what was done, time studied, notes, streaks and what comes
//! next, with the state of every topic at the period's start and end. Markdown, or JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};
use clap::ValueEnum;
use serde::Serialize;

use crate::app::Session;
use crate::clock;
use crate::error::{Error, Result};
use crate::ids::{IdMap, id_map};
use crate::model::{Event, EventKind, State};
use crate::render::markdown::inline;
use crate::report::plan::PlanReport;
use crate::report::{Counts, Progress, RoadmapRef, TopicRow, next, streaks};
use crate::roadmap::Roadmap;
use crate::settings;
use crate::store::Store;
use crate::timeparse::{format_minutes, parse_week};

use super::{Ctx, event_ids, load_progress, long_period};

/// The arguments of `summary`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An ISO week (2026-W47) or a date inside it [default: this week]
    #[arg(long, value_name = "WEEK", num_args = 0..=1, default_missing_value = "today")]
    pub week: Option<String>,
    /// First day of the period
    #[arg(long, value_name = "DATE", conflicts_with = "week")]
    pub since: Option<String>,
    /// Last day of the period [default: today]
    #[arg(long, value_name = "DATE", conflicts_with = "week", requires = "since")]
    pub until: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SummaryFormat::Markdown)]
    pub format: SummaryFormat,
}

/// Output formats of `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    Json,
}

/// Works out the period from `--week [WEEK]` or `--since DATE [--until DATE]`; the current
/// week when neither is given.
fn period(ctx: &Ctx, args: &Args) -> Result<Period> {
    let (week, since, until) = (
        args.week.as_deref(),
        args.since.as_deref(),
        args.until.as_deref(),
    );
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

/// `summary`: the period is checked before the store is opened.
pub fn run(args: &Args, session: &mut Session) -> Result<SummaryReport> {
    let (ctx, store) = session.split();
    let period = period(&ctx, args)?;
    summary(store.open(&ctx)?, &ctx, period)
}

/// Builds the summary of `period`.
fn summary(store: &Store, ctx: &Ctx, period: Period) -> Result<SummaryReport> {
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
    long_period(store, Some(start), Some(end))?;
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
    let plan = super::projection(store, ctx, &now)?;
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

/// The days a summary covers, both ends included.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The ISO week (`2026-W47`) when the period is one.
    pub week: Option<String>,
}

/// Overall progress at the start and at the end of the period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Movement {
    pub start: Counts,
    pub end: Counts,
    /// Topics done at the end that were not at the start (net).
    pub done_delta: i64,
    /// Percentage points gained.
    pub percent_delta: f64,
}

/// A topic completed or started in the period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dated {
    pub id: String,
    pub title: String,
    pub section: String,
    pub section_title: String,
    pub date: NaiveDate,
}

/// Study time on one day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DayMinutes {
    pub date: NaiveDate,
    pub minutes: u64,
}

/// Study time in one section.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionMinutes {
    pub id: String,
    pub title: String,
    pub minutes: u64,
}

/// Study time in the period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Study {
    pub total_minutes: u64,
    /// The weekly target scaled to the period's length.
    pub target_minutes: u64,
    pub days_studied: usize,
    /// Every day of the period up to today, oldest first.
    pub by_day: Vec<DayMinutes>,
    /// Sections with time logged, most time first.
    pub by_section: Vec<SectionMinutes>,
}

/// A note written in the period: a `note` event, or the `--note` of another event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NoteItem {
    pub date: NaiveDate,
    pub id: String,
    pub title: String,
    pub text: String,
    /// The event that carried the note.
    pub kind: EventKind,
}

/// Streaks as of the end of the period.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Streaks {
    pub current_days: u32,
    pub longest_days: u32,
}

/// A topic to do next.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NextItem {
    pub id: String,
    pub title: String,
    pub estimate: Option<String>,
}

/// `roadmap summary`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryReport {
    pub roadmap: RoadmapRef,
    pub period: Period,
    pub progress: Movement,
    pub completed: Vec<Dated>,
    pub started: Vec<Dated>,
    pub study: Study,
    pub notes: Vec<NoteItem>,
    pub streak: Streaks,
    pub next: Vec<NextItem>,
    /// Whether anything at all happened in the period.
    pub active: bool,
    /// The projection to the target date, when one is set (as of today).
    pub plan: Option<PlanReport>,
    /// The day the summary was made, for its footer.
    #[serde(skip)]
    pub made_on: NaiveDate,
}

/// Everything a summary is computed from.
pub struct SummaryInput<'a> {
    pub roadmap: &'a Roadmap,
    pub period: Period,
    /// The states of the roadmap's topics, in its order, at the start and at the end of
    /// the period.
    pub at_start: &'a [State],
    pub at_end: &'a [State],
    /// Current state, for what comes next.
    pub now: &'a Progress<'a>,
    /// Events in the period, in any order.
    pub events: &'a [Event],
    /// Every local day with activity up to the end of the period.
    pub active_days: &'a BTreeSet<NaiveDate>,
    pub weekly_target_minutes: u64,
    pub today: NaiveDate,
}

/// How many next topics a summary lists.
pub const SUMMARY_NEXT: usize = 5;

/// Builds the summary.
fn build(input: &SummaryInput) -> SummaryReport {
    let roadmap = input.roadmap;
    // Events count for the topic that now carries their id (renames included); the value
    // is the topic and its place in roadmap order, which is its place in `at_start` and
    // `at_end` too.
    let mut canonical: IdMap<(usize, &crate::roadmap::Topic)> = id_map(input.now.topics.len());
    for (i, t) in roadmap.topics().enumerate() {
        canonical.insert(&t.id, (i, t));
        for old in &t.renamed_from {
            canonical.insert(old, (i, t));
        }
    }
    let state_in = |states: &[State], at: Option<usize>| at.and_then(|i| states.get(i)).copied();
    let section_title = |id: &str| {
        roadmap
            .sections
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.title.clone())
    };
    let describe = |raw: &str, date: NaiveDate| -> Dated {
        match canonical.get(raw) {
            Some((_, t)) => Dated {
                id: t.id.to_string(),
                title: t.title.to_string(),
                section: t.section.to_string(),
                section_title: section_title(&t.section),
                date,
            },
            None => Dated {
                id: raw.to_string(),
                title: raw.to_string(),
                section: String::new(),
                section_title: "(not in this roadmap)".to_string(),
                date,
            },
        }
    };

    let mut events: Vec<&Event> = input.events.iter().collect();
    events.sort_by(|a, b| Event::order(a, b));

    // Completed: the last check in the period of each topic that is done at the end.
    let mut completed: BTreeMap<&str, Dated> = BTreeMap::new();
    // Started: the first start or log in the period of a topic that was todo at the start,
    // unless it was checked or skipped before that.
    let mut started: BTreeMap<&str, Dated> = BTreeMap::new();
    let mut closed: BTreeSet<&str> = BTreeSet::new();
    let mut by_day: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut by_section: IdMap<u64> = id_map(16);
    let mut notes = Vec::new();
    for e in &events {
        let date = clock::local_day(e.at);
        // The topic that now carries the event's id; text is copied only for what is listed.
        let found = canonical.get(e.topic.as_str()).copied();
        let (at, topic) = (found.map(|f| f.0), found.map(|f| f.1));
        let id: &str = topic.map_or(&e.topic, |t| &t.id);
        if matches!(e.kind, EventKind::Check | EventKind::Skip) {
            closed.insert(id);
        }
        match e.kind {
            EventKind::Check if state_in(input.at_end, at) == Some(State::Done) => {
                completed.insert(id, describe(&e.topic, date));
            }
            EventKind::Start | EventKind::Log
                if state_in(input.at_start, at).unwrap_or_default() == State::Todo
                    && !closed.contains(id) =>
            {
                started
                    .entry(id)
                    .or_insert_with(|| describe(&e.topic, date));
            }
            _ => {}
        }
        if let Some(text) = e.note.as_deref().filter(|t| !t.trim().is_empty()) {
            let d = describe(&e.topic, date);
            notes.push(NoteItem {
                date,
                id: d.id,
                title: d.title,
                text: text.to_owned(),
                kind: e.kind,
            });
        }
        if let Some(m) = e.minutes {
            *by_day.entry(date).or_default() += u64::from(m);
            let section = topic.map_or("", |t| &t.section);
            *by_section.entry(section).or_default() += u64::from(m);
        }
    }
    // By day, then in roadmap order (`c2` before `c10`), then topics it no longer has.
    let place = |d: &Dated| canonical.get(d.id.as_str()).map_or(usize::MAX, |(i, _)| *i);
    let order = |a: &Dated, b: &Dated| {
        (a.date, place(a))
            .cmp(&(b.date, place(b)))
            .then_with(|| a.id.cmp(&b.id))
    };
    let mut completed: Vec<Dated> = completed.into_values().collect();
    completed.sort_by(order);
    let mut started: Vec<Dated> = started.into_values().collect();
    started.sort_by(order);

    let last_day = input.period.to.min(input.today);
    let mut days = Vec::new();
    let mut day = input.period.from;
    while day <= last_day {
        days.push(DayMinutes {
            date: day,
            minutes: by_day.get(&day).copied().unwrap_or(0),
        });
        day += Duration::days(1);
    }
    let mut sections: Vec<SectionMinutes> = by_section
        .into_iter()
        .map(|(id, minutes)| SectionMinutes {
            title: if id.is_empty() {
                "(not in this roadmap)".to_string()
            } else {
                section_title(id)
            },
            id: id.to_string(),
            minutes,
        })
        .collect();
    sections.sort_by(|a, b| b.minutes.cmp(&a.minutes).then(a.id.cmp(&b.id)));

    let period_days = (input.period.to - input.period.from).num_days() + 1;
    let target_minutes =
        (input.weekly_target_minutes as f64 * period_days as f64 / 7.0).round() as u64;
    let (current_days, longest_days) = streaks(input.active_days, last_day);
    // What counts is what counts now (a track chosen since, a topic started since).
    let counts = |states: &[State]| {
        Counts::of_states(
            states
                .iter()
                .zip(&input.now.topics)
                .filter(|(_, t)| t.counts())
                .map(|(s, _)| *s),
        )
    };
    let start = counts(input.at_start);
    let end = counts(input.at_end);
    let next = next(input.now, SUMMARY_NEXT)
        .into_iter()
        .map(|t: TopicRow| NextItem {
            id: t.id.into_owned(),
            title: t.title.into_owned(),
            estimate: t.estimate.map(str::to_string),
        })
        .collect();

    SummaryReport {
        roadmap: input.now.roadmap.clone(),
        period: input.period.clone(),
        progress: Movement {
            done_delta: end.done as i64 - start.done as i64,
            percent_delta: ((end.percent - start.percent) * 10.0).round() / 10.0,
            start,
            end,
        },
        completed,
        started,
        study: Study {
            total_minutes: days.iter().map(|d| d.minutes).sum(),
            target_minutes,
            days_studied: days.iter().filter(|d| d.minutes > 0).count(),
            by_day: days,
            by_section: sections,
        },
        notes,
        streak: Streaks {
            current_days,
            longest_days,
        },
        next,
        active: !input.events.is_empty(),
        plan: None,
        made_on: input.today,
    }
}

/// `Mon 16 Nov`: written out rather than through chrono's formatter, which parses its
/// pattern on every call (a busy week's notes call this thousands of times).
fn day(d: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {}",
        WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize]
    )
}

/// `16–22 Nov 2026`, `30 Nov – 6 Dec 2026`, `29 Dec 2025 – 4 Jan 2026`.
fn range(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        from.format("%-d %b %Y").to_string()
    } else if from.year() != to.year() {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    } else if from.month() != to.month() {
        format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
    } else {
        format!("{}–{}", from.format("%-d"), to.format("%-d %b %Y"))
    }
}

fn topic(id: &str, title: &str) -> String {
    format!("{} (`{}`)", inline(title), inline(id).replace('`', ""))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary as a Markdown document (GitHub-flavoured: plain CommonMark plus tables),
/// ending with a newline. It is the same on a terminal and in a pipe; text from the roadmap
/// and from notes is escaped ([`inline`]), so a title cannot break a table or inject links
/// or HTML.
pub fn render(r: &SummaryReport) -> String {
    let made_on = r.made_on;
    let mut out = String::new();
    let p = &r.period;
    let span = range(p.from, p.to);
    let (noun, heading) = match &p.week {
        Some(w) => ("this week", format!("Week {w} · {span}")),
        None => ("in this period", format!("Summary · {span}")),
    };
    let _ = writeln!(out, "# {heading}\n");

    let m = &r.progress;
    let mut line = format!(
        "**{}**: {} of {} topics done ({:.1}%)",
        inline(&r.roadmap.title),
        m.end.done,
        m.end.total - m.end.skipped,
        m.end.percent
    );
    match m.done_delta {
        0 => {}
        d if d > 0 => {
            let _ = write!(line, ", up {d} {noun} (+{:.1} points)", m.percent_delta);
        }
        d => {
            let _ = write!(line, ", down {} {noun} ({:.1} points)", -d, m.percent_delta);
        }
    }
    if m.end.doing > 0 {
        let _ = write!(line, "; {} in progress", m.end.doing);
    }
    let _ = writeln!(out, "{line}.\n");
    if let Some(plan) = &r.plan {
        let _ = writeln!(
            out,
            "**Target {}**: {}; {} a week needed.\n",
            plan.by,
            crate::render::verdict(plan),
            format_minutes((plan.hours_per_week_needed * 60.0).round() as u64)
        );
    }

    if !r.active {
        let _ = writeln!(
            out,
            "A quiet stretch: nothing was recorded {noun}. One short session on one topic is \
             enough to get going again.\n"
        );
        next_up(&mut out, r);
        footer(&mut out, made_on);
        return out;
    }

    let s = &r.study;
    let _ = writeln!(
        out,
        "| Completed | Started | Studied | Days studied | Streak |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} of {} | {} of {} | {} (longest {}) |\n",
        r.completed.len(),
        r.started.len(),
        format_minutes(s.total_minutes),
        format_minutes(s.target_minutes),
        s.days_studied,
        s.by_day.len(),
        plural(r.streak.current_days as usize, "day", "days"),
        r.streak.longest_days
    );

    dated_table(&mut out, "Completed", &r.completed);
    dated_table(&mut out, "Started", &r.started);

    if s.total_minutes > 0 {
        let _ = writeln!(out, "## Study time\n");
        let _ = writeln!(out, "| Day | Time |\n|---|---:|");
        // A long period lists only the days with time.
        let long = s.by_day.len() > 14;
        for d in s.by_day.iter().filter(|d| !long || d.minutes > 0) {
            let time = if d.minutes == 0 {
                "–".to_string()
            } else {
                format_minutes(d.minutes)
            };
            let _ = writeln!(out, "| {} | {time} |", day(d.date));
        }
        let _ = writeln!(
            out,
            "| **Total** | **{}** |\n",
            format_minutes(s.total_minutes)
        );
        let _ = writeln!(out, "| Section | Time |\n|---|---:|");
        for sec in &s.by_section {
            let _ = writeln!(
                out,
                "| {} | {} |",
                inline(&sec.title),
                format_minutes(sec.minutes)
            );
        }
        out.push('\n');
    }

    if !r.notes.is_empty() {
        let _ = writeln!(out, "## Notes\n");
        for n in &r.notes {
            // A note given with another event says which.
            let with = match n.kind {
                EventKind::Note => String::new(),
                kind => format!(" ({})", kind.as_str()),
            };
            let _ = writeln!(
                out,
                "- **{}**, {}{with}: {}",
                day(n.date),
                inline(&n.title),
                inline(&n.text)
            );
        }
        out.push('\n');
    }
    next_up(&mut out, r);
    footer(&mut out, made_on);
    out
}

fn dated_table(out: &mut String, heading: &str, items: &[Dated]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    let _ = writeln!(out, "| Topic | Section | Day |\n|---|---|---|");
    for d in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            topic(&d.id, &d.title),
            inline(&d.section_title),
            day(d.date)
        );
    }
    out.push('\n');
}

fn next_up(out: &mut String, r: &SummaryReport) {
    if r.next.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Next up\n");
    for (i, n) in r.next.iter().enumerate() {
        let estimate = n
            .estimate
            .as_deref()
            .map(|e| format!(", about {e}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}. {}{estimate}", i + 1, topic(&n.id, &n.title));
    }
    out.push('\n');
}

fn footer(out: &mut String, made_on: NaiveDate) {
    let _ = writeln!(out, "---\n\n_Made with `roadmap summary` on {made_on}._");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ranges() {
        assert_eq!(range(d("2026-11-16"), d("2026-11-22")), "16–22 Nov 2026");
        assert_eq!(
            range(d("2026-11-30"), d("2026-12-06")),
            "30 Nov – 6 Dec 2026"
        );
        assert_eq!(
            range(d("2025-12-29"), d("2026-01-04")),
            "29 Dec 2025 – 4 Jan 2026"
        );
        assert_eq!(range(d("2026-11-16"), d("2026-11-16")), "16 Nov 2026");
    }
}
