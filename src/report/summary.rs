//! The summary of a period (a week by default): what moved, what was done, time studied,
//! notes, streaks and what comes next. A pure function of its inputs.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::clock;
use crate::model::{Event, EventKind, State};
use crate::roadmap::Roadmap;

use super::{Counts, Progress, RoadmapRef, TopicRow, streaks};
use crate::ids::{IdMap, id_map};

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
    pub plan: Option<super::plan::PlanReport>,
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
pub fn summary(input: &SummaryInput) -> SummaryReport {
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
    let start = Counts::of_states(input.at_start.iter().copied());
    let end = Counts::of_states(input.at_end.iter().copied());
    let next = super::next(input.now, SUMMARY_NEXT)
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
    }
}
