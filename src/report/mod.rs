//! What the reports of several commands are built from: [`Progress`], the roadmap with the
//! state of every topic, its [`TopicRow`]s, counts, streaks and the next topics up; and
//! [`plan`], the review schedule and the pace projection. Each command's own report is
//! built in its module under [`crate::cmd`].
//!
//! Nothing here reads the clock, the store or the terminal.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::ids::id_map;
use crate::model::KnownTopic;
use crate::model::{State, Status};
use crate::roadmap::{Roadmap, Topic};

pub mod calibration;
pub mod days;
pub mod plan;
pub mod schedule;
#[cfg(test)]
mod scope_tests;

/// A roadmap's id and title.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoadmapRef {
    pub id: String,
    pub title: String,
}

/// A topic with its state: one row of `list`. It borrows the roadmap's text (a retired
/// topic, no longer in the roadmap, owns its own), so that a view of 10,000 topics copies
/// no string.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicRow<'a> {
    pub id: Cow<'a, str>,
    pub section: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub summary: &'a str,
    pub kind: &'static str,
    pub state: State,
    pub requires: &'a [String],
    pub estimate: Option<&'a str>,
    /// The estimate in minutes.
    pub estimate_minutes: Option<u32>,
    /// The day its next review is due (done topics only).
    pub due: Option<NaiveDate>,
    /// Whether the topic has left the roadmap (its progress is kept).
    pub retired: bool,
    /// Whether it counts toward the total, `next` and the plan (see [`Scope`]).
    pub scope: Scope,
    /// The track it belongs to, if it is not for every learner.
    pub track: Option<&'a str>,
}

/// Whether a topic counts: toward the total and the percentage, in `next` and `today`, and
/// in the plan. One rule for all of them, decided in [`Progress::new`].
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Counted,
    /// Marked optional and not started, or one of a pick-N group beyond the N it needs, or
    /// skipped within such a group.
    Optional,
    /// A topic of a track the learner has not chosen (or of any track, before a choice).
    OffTrack,
}

/// The roadmap with every topic's state: the input of most reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress<'a> {
    pub roadmap: RoadmapRef,
    /// Section ids and titles, in order.
    pub sections: Vec<(String, String)>,
    /// Current topics in roadmap order, then retired ones.
    pub topics: Vec<TopicRow<'a>>,
    /// The roadmap's tracks, id and title, in order (empty: it has none).
    pub tracks: Vec<(String, String)>,
    /// The track the learner chose, if the roadmap has tracks and one was chosen.
    pub track: Option<String>,
}

impl<'a> TopicRow<'a> {
    /// The row of a current topic in the given state.
    pub(crate) fn of(t: &'a Topic, status: Status) -> TopicRow<'a> {
        TopicRow {
            id: Cow::Borrowed(&t.id),
            section: Cow::Borrowed(&t.section),
            title: Cow::Borrowed(&t.title),
            summary: &t.summary,
            kind: t.kind.as_str(),
            state: status.state,
            requires: &t.requires,
            estimate: t.estimate.as_deref(),
            estimate_minutes: t.estimate_minutes,
            due: status.due,
            retired: false,
            scope: Scope::Counted,
            track: t.track.as_deref(),
        }
    }

    /// Whether the topic counts toward the total, `next` and the plan.
    pub fn counts(&self) -> bool {
        !self.retired && self.scope == Scope::Counted
    }
}

impl<'a> Progress<'a> {
    /// Builds the view from the roadmap, the state of each topic in roadmap order (already
    /// merged over renames; missing ones are todo) and the retired topics with their states.
    ///
    /// `track` is the track the learner chose; one the roadmap does not have is no choice.
    pub fn new(
        roadmap: &'a Roadmap,
        states: &[Status],
        retired: Vec<(KnownTopic, Status)>,
        track: Option<&str>,
    ) -> Progress<'a> {
        let mut topics: Vec<TopicRow> = Vec::with_capacity(states.len() + retired.len());
        topics.extend(
            roadmap
                .topics()
                .enumerate()
                .map(|(i, t)| TopicRow::of(t, states.get(i).copied().unwrap_or_default())),
        );
        topics.extend(retired.into_iter().map(|(k, status)| TopicRow {
            id: Cow::Owned(k.id),
            section: Cow::Owned(k.section),
            title: Cow::Owned(k.title),
            summary: "",
            kind: "study",
            state: status.state,
            requires: &[],
            estimate: None,
            estimate_minutes: None,
            due: status.due,
            retired: true,
            scope: Scope::Counted,
            track: None,
        }));
        let track = track.filter(|id| roadmap.tracks.iter().any(|t| t.id == *id));
        scope(roadmap, &mut topics, track);
        Progress {
            roadmap: RoadmapRef {
                id: roadmap.id.clone(),
                title: roadmap.title.clone(),
            },
            sections: roadmap
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.title.clone()))
                .collect(),
            topics,
            tracks: roadmap
                .tracks
                .iter()
                .map(|t| (t.id.clone(), t.title.clone()))
                .collect(),
            track: track.map(str::to_string),
        }
    }

    /// Current topics that count (see [`Scope`]).
    pub fn counted(&self) -> impl Iterator<Item = &TopicRow<'a>> {
        self.topics.iter().filter(|t| t.counts())
    }

    /// Whether the roadmap has tracks and none is chosen yet: then the choice comes first.
    pub fn choice_pending(&self) -> bool {
        !self.tracks.is_empty() && self.track.is_none()
    }

    pub(crate) fn current(&self) -> impl Iterator<Item = &TopicRow<'a>> {
        self.topics.iter().filter(|t| !t.retired)
    }
}

/// Decides each current topic's [`Scope`] (`topics` holds the current ones first, in
/// roadmap order, as the roadmap's own topics):
/// - a topic of a track other than `track` (of any track, with none chosen) is off track;
/// - a topic marked optional counts once started (doing or done);
/// - in a pick-N group, the topics started count, and so many of the others as the group
///   still needs, first in roadmap order; skipped ones fill no place.
fn scope(roadmap: &Roadmap, topics: &mut [TopicRow], track: Option<&str>) {
    let started = |t: &TopicRow| matches!(t.state, State::Doing | State::Done);
    let mut open_places: HashMap<&str, i64> = roadmap
        .groups
        .iter()
        .map(|g| (g.id.as_str(), i64::from(g.pick)))
        .collect();
    // First the places started topics take, then the rest in order.
    for (t, topic) in topics.iter().zip(roadmap.topics()) {
        let on_track = topic.track.is_none() || topic.track.as_deref() == track;
        if on_track
            && started(t)
            && let Some(group) = &topic.group
            && let Some(n) = open_places.get_mut(group.as_str())
        {
            *n -= 1;
        }
    }
    for (t, topic) in topics.iter_mut().zip(roadmap.topics()) {
        let on_track = topic.track.is_none() || topic.track.as_deref() == track;
        t.scope = if !on_track {
            Scope::OffTrack
        } else if started(t) {
            Scope::Counted
        } else if topic.optional {
            Scope::Optional
        } else if let Some(group) = &topic.group {
            match open_places.get_mut(group.as_str()) {
                Some(n) if *n > 0 && t.state == State::Todo => {
                    *n -= 1;
                    Scope::Counted
                }
                _ => Scope::Optional,
            }
        } else {
            Scope::Counted
        };
    }
}

/// A test's view of `roadmap` with the given states by topic id; the roadmap is leaked so
/// that the view can borrow it for the rest of the test.
#[cfg(test)]
pub fn test_progress(roadmap: Roadmap, states: &[(&str, Status)]) -> Progress<'static> {
    let roadmap: &'static Roadmap = Box::leak(Box::new(roadmap));
    let by_id: std::collections::HashMap<&str, Status> = states.iter().copied().collect();
    let states: Vec<Status> = roadmap
        .topics()
        .map(|t| by_id.get(&*t.id).copied().unwrap_or_default())
        .collect();
    Progress::new(roadmap, &states, Vec::new(), None)
}

/// Counts of one group of topics.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub doing: usize,
    pub skipped: usize,
    /// done / (total - skipped) x 100, to one decimal.
    pub percent: f64,
}

impl Counts {
    pub(crate) fn of<'a, 'b: 'a>(topics: impl Iterator<Item = &'a TopicRow<'b>>) -> Counts {
        Counts::of_states(topics.map(|t| t.state))
    }

    pub(crate) fn of_states(states: impl Iterator<Item = State>) -> Counts {
        let mut c = Counts::default();
        for state in states {
            c.total += 1;
            match state {
                State::Done => c.done += 1,
                State::Doing => c.doing += 1,
                State::Skipped => c.skipped += 1,
                State::Todo => {}
            }
        }
        c.percent = percent(c.done, c.total - c.skipped);
        c
    }
}

/// `part / whole` as a percentage with one decimal; 0 of 0 is 0.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// A topic named in a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicRef {
    pub id: String,
    pub title: String,
}

impl From<&TopicRow<'_>> for TopicRef {
    fn from(t: &TopicRow) -> Self {
        TopicRef {
            id: t.id.to_string(),
            title: t.title.to_string(),
        }
    }
}

/// `roadmap next`: todo topics whose prerequisites are all done or skipped, in roadmap order.
///
/// Only topics that count are proposed. A prerequisite that does not count is no obstacle
/// when it is optional and not started, or of a track not chosen; before a track is chosen,
/// a track's topic is one (whichever track is chosen, one of them will count).
pub fn next<'a>(progress: &Progress<'a>, count: usize) -> Vec<TopicRow<'a>> {
    let mut states = id_map(progress.topics.len());
    states.extend(progress.current().map(|t| (&*t.id, (t.state, t.scope))));
    let chosen = progress.track.is_some();
    progress
        .counted()
        .filter(|t| t.state == State::Todo)
        .filter(|t| {
            t.requires.iter().all(|r| match states.get(&**r) {
                Some((State::Done | State::Skipped, _) | (_, Scope::Optional)) => true,
                Some((_, Scope::OffTrack)) => chosen,
                _ => false,
            })
        })
        .take(count)
        .cloned()
        .collect()
}

/// Before a track is chosen, what to do first: `choose a track: roadmap track java | python`.
pub fn choice(progress: &Progress) -> Option<String> {
    progress.choice_pending().then(|| {
        let ids: Vec<&str> = progress.tracks.iter().map(|(id, _)| id.as_str()).collect();
        format!("choose a track: roadmap track {}", ids.join(" | "))
    })
}

/// The current and the longest streak, from the set of local days with activity.
///
/// The current streak runs back from today, or from yesterday while today has no activity
/// yet, so an empty morning does not break it.
pub fn streaks(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> (u32, u32) {
    let mut current = 0;
    let mut day = if days.contains(&today) {
        today
    } else {
        today - Duration::days(1)
    };
    while days.contains(&day) {
        current += 1;
        day -= Duration::days(1);
    }
    let mut longest = 0;
    let mut run = 0;
    let mut prev: Option<NaiveDate> = None;
    for &d in days {
        run = match prev {
            Some(p) if d - p == Duration::days(1) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(d);
    }
    (current, longest)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::roadmap::{Source, load};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A roadmap of four topics in two sections, for tests.
    pub(crate) fn sample() -> Roadmap {
        load(&Source {
            name: "t".into(),
            text: "[roadmap]\nid = \"r\"\ntitle = \"R\"\n\
                   [[sections]]\nid = \"one\"\ntitle = \"One\"\n\
                   [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\n\
                   [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\nrequires = [\"a\"]\n\
                   [[sections.topics]]\nid = \"c\"\ntitle = \"C\"\n\
                   [[sections]]\nid = \"two\"\ntitle = \"Two\"\n\
                   [[sections.topics]]\nid = \"d\"\ntitle = \"D\"\nrequires = [\"b\", \"c\"]\n"
                .into(),
        })
        .unwrap()
    }

    /// [`sample`] with these states, for tests.
    pub(crate) fn progress(states: &[(&str, State)]) -> Progress<'static> {
        let states: Vec<(&str, Status)> = states
            .iter()
            .map(|&(id, state)| (id, Status { state, due: None }))
            .collect();
        test_progress(sample(), &states)
    }

    /// [`sample`], all todo, and a retired topic `gone` of section `one` that was done.
    pub(crate) fn with_retired_done(roadmap: &Roadmap) -> Progress<'_> {
        let retired = KnownTopic {
            id: "gone".into(),
            section: "one".into(),
            title: "Gone".into(),
            retired: true,
        };
        let done = Status {
            state: State::Done,
            due: None,
        };
        Progress::new(roadmap, &[], vec![(retired, done)], None)
    }

    pub(crate) fn ids<'a>(rows: &'a [TopicRow]) -> Vec<&'a str> {
        rows.iter().map(|t| &*t.id).collect()
    }

    #[test]
    fn next_needs_prerequisites_done_or_skipped() {
        assert_eq!(ids(&next(&progress(&[]), 10)), ["a", "c"]);
        let p = progress(&[("a", State::Done), ("c", State::Doing)]);
        assert_eq!(ids(&next(&p, 10)), ["b"]);
        let p = progress(&[
            ("a", State::Skipped),
            ("b", State::Done),
            ("c", State::Skipped),
        ]);
        assert_eq!(ids(&next(&p, 10)), ["d"]);
        assert_eq!(ids(&next(&progress(&[]), 1)), ["a"]);
    }

    #[test]
    fn streak_edges() {
        let days: BTreeSet<NaiveDate> = [
            "2026-11-01",
            "2026-11-02",
            "2026-11-03",
            "2026-11-10",
            "2026-11-11",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        // Today active, yesterday active.
        assert_eq!(streaks(&days, d("2026-11-11")), (2, 3));
        // Today not yet active: yesterday's streak still stands.
        assert_eq!(streaks(&days, d("2026-11-12")), (2, 3));
        // A whole day missed breaks it.
        assert_eq!(streaks(&days, d("2026-11-13")), (0, 3));
        assert_eq!(streaks(&BTreeSet::new(), d("2026-11-13")), (0, 0));
        // Across a month and a year boundary.
        let days: BTreeSet<NaiveDate> = ["2025-12-30", "2025-12-31", "2026-01-01"]
            .iter()
            .map(|s| d(s))
            .collect();
        assert_eq!(streaks(&days, d("2026-01-01")), (3, 3));
    }
}
