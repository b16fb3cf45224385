//! Reports: pure functions from the roadmap, the topics' states, the events and `now` to
//! plain structs that serialise to the documented JSON and that `render` turns into text.
//!
//! Nothing here reads the clock, the store or the terminal.

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::ids::id_map;
use crate::model::KnownTopic;
use crate::model::{Event, State, Status};
use crate::roadmap::{Resource, Roadmap, Topic};

pub mod activity;
pub mod plan;
pub mod summary;

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
}

/// The roadmap with every topic's state: the input of most reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress<'a> {
    pub roadmap: RoadmapRef,
    /// Section ids and titles, in order.
    pub sections: Vec<(String, String)>,
    /// Current topics in roadmap order, then retired ones.
    pub topics: Vec<TopicRow<'a>>,
}

impl<'a> TopicRow<'a> {
    /// The row of a current topic in the given state.
    fn of(t: &'a Topic, status: Status) -> TopicRow<'a> {
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
        }
    }
}

impl<'a> Progress<'a> {
    /// Builds the view from the roadmap, the state of each topic in roadmap order (already
    /// merged over renames; missing ones are todo) and the retired topics with their states.
    pub fn new(
        roadmap: &'a Roadmap,
        states: &[Status],
        retired: Vec<(KnownTopic, Status)>,
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
        }));
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
        }
    }

    fn current(&self) -> impl Iterator<Item = &TopicRow<'a>> {
        self.topics.iter().filter(|t| !t.retired)
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
    Progress::new(roadmap, &states, Vec::new())
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
    fn of<'a, 'b: 'a>(topics: impl Iterator<Item = &'a TopicRow<'b>>) -> Counts {
        Counts::of_states(topics.map(|t| t.state))
    }

    fn of_states(states: impl Iterator<Item = State>) -> Counts {
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

/// A section's line in `status`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionStatus {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub counts: Counts,
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

/// Facts about activity that `status` shows beside progress.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Activity {
    pub streak_days: u32,
    pub longest_streak_days: u32,
    pub minutes_this_week: u64,
    pub weekly_target_minutes: u64,
}

/// `roadmap status`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatusReport {
    pub roadmap: RoadmapRef,
    /// The section asked for, if any.
    pub section: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
    pub sections: Vec<SectionStatus>,
    #[serde(flatten)]
    pub activity: Activity,
    /// Ids of the next topics up.
    pub next: Vec<String>,
    /// Topics in progress.
    pub in_progress: Vec<TopicRef>,
    /// The next topics up, with titles.
    pub up_next: Vec<TopicRef>,
    /// How many done topics are due for review.
    pub reviews_due: usize,
    /// The projection to the target date, when one is set.
    pub plan: Option<plan::PlanReport>,
}

/// How many topics `status` lists as next up.
pub const STATUS_NEXT: usize = 5;

/// Builds `status`, for the whole roadmap or one section.
pub fn status(progress: &Progress, section: Option<&str>, activity: Activity) -> StatusReport {
    let in_scope = |t: &&TopicRow| section.is_none_or(|s| t.section == s);
    let sections = progress
        .sections
        .iter()
        .filter(|(id, _)| section.is_none_or(|s| s == id))
        .map(|(id, title)| SectionStatus {
            id: id.clone(),
            title: title.clone(),
            counts: Counts::of(progress.current().filter(|t| &t.section == id)),
        })
        .collect();
    let up_next: Vec<TopicRef> = next(progress, usize::MAX)
        .into_iter()
        .filter(|t| section.is_none_or(|s| t.section == s))
        .take(STATUS_NEXT)
        .map(|t| TopicRef::from(&t))
        .collect();
    StatusReport {
        roadmap: progress.roadmap.clone(),
        section: section.map(str::to_string),
        counts: Counts::of(progress.current().filter(in_scope)),
        sections,
        activity,
        next: up_next.iter().map(|t| t.id.clone()).collect(),
        in_progress: progress
            .current()
            .filter(in_scope)
            .filter(|t| t.state == State::Doing)
            .map(TopicRef::from)
            .collect(),
        up_next,
        reviews_due: 0,
        plan: None,
    }
}

/// `roadmap list`: topics filtered by section and state, current ones in roadmap order, then
/// retired ones.
pub fn list<'a>(
    progress: &Progress<'a>,
    section: Option<&str>,
    state: Option<State>,
) -> Vec<TopicRow<'a>> {
    progress
        .topics
        .iter()
        .filter(|t| section.is_none_or(|s| t.section == s))
        .filter(|t| state.is_none_or(|s| t.state == s))
        .cloned()
        .collect()
}

/// `roadmap next`: todo topics whose prerequisites are all done or skipped, in roadmap order.
pub fn next<'a>(progress: &Progress<'a>, count: usize) -> Vec<TopicRow<'a>> {
    let mut states = id_map(progress.topics.len());
    states.extend(progress.current().map(|t| (&*t.id, t.state)));
    progress
        .current()
        .filter(|t| t.state == State::Todo)
        .filter(|t| {
            t.requires
                .iter()
                .all(|r| matches!(states.get(&**r), Some(State::Done | State::Skipped)))
        })
        .take(count)
        .cloned()
        .collect()
}

/// A prerequisite (or dependant) with its state, in `show`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Related {
    pub id: String,
    pub title: String,
    pub state: State,
}

impl From<&TopicRow<'_>> for Related {
    fn from(t: &TopicRow) -> Self {
        Related {
            id: t.id.to_string(),
            title: t.title.to_string(),
            state: t.state,
        }
    }
}

/// `roadmap show TOPIC`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowReport<'a> {
    #[serde(flatten)]
    pub topic: TopicRow<'a>,
    pub section_title: String,
    pub resources: Vec<Resource>,
    pub prerequisites: Vec<Related>,
    pub unlocks: Vec<Related>,
    pub minutes_logged: u64,
    /// Every event of the topic (and the ids it was renamed from), oldest first.
    pub events: Vec<Event>,
}

/// Builds `show` for `topic`, given its events oldest first.
pub fn show<'a>(progress: &Progress<'a>, topic: &'a Topic, events: Vec<Event>) -> ShowReport<'a> {
    let related = |id: &str| progress.current().find(|t| t.id == id).map(Related::from);
    // Current topics first, then retired ones.
    let row = progress
        .topics
        .iter()
        .find(|t| t.id == topic.id)
        .cloned()
        .unwrap_or_else(|| TopicRow::of(topic, Status::default()));
    ShowReport {
        section_title: progress
            .sections
            .iter()
            .find(|(id, _)| *id == topic.section)
            .map(|(_, title)| title.clone())
            .unwrap_or_default(),
        resources: topic.resources.clone(),
        prerequisites: topic.requires.iter().filter_map(|r| related(r)).collect(),
        unlocks: progress
            .current()
            .filter(|t| t.requires.contains(&topic.id))
            .map(Related::from)
            .collect(),
        minutes_logged: events.iter().filter_map(|e| e.minutes).map(u64::from).sum(),
        events,
        topic: row,
    }
}

/// The result of a write command.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WriteReport {
    pub event: Event,
    pub title: String,
    pub before: State,
    pub after: State,
    /// When the topic is next due for review, if it is done.
    pub next_review: Option<NaiveDate>,
    /// The event changed nothing because a later event (by date) sets the state: a
    /// backdated `check` before an `uncheck`, say.
    pub decided_later: bool,
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
mod tests {
    use super::*;
    use crate::roadmap::{Source, load};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sample() -> Roadmap {
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

    fn progress(states: &[(&str, State)]) -> Progress<'static> {
        let states: Vec<(&str, Status)> = states
            .iter()
            .map(|&(id, state)| (id, Status { state, due: None }))
            .collect();
        test_progress(sample(), &states)
    }

    fn ids<'a>(rows: &'a [TopicRow]) -> Vec<&'a str> {
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
    fn percent_leaves_out_skipped() {
        let p = progress(&[
            ("a", State::Done),
            ("b", State::Skipped),
            ("c", State::Doing),
        ]);
        let s = status(&p, None, Activity::default());
        assert_eq!((s.counts.total, s.counts.done, s.counts.skipped), (4, 1, 1));
        assert_eq!(s.counts.percent, 33.3);
        assert_eq!(s.sections[0].counts.percent, 50.0);
        assert_eq!(s.sections[1].counts.percent, 0.0);
        assert_eq!(s.in_progress[0].id, "c");
        let one = status(&p, Some("two"), Activity::default());
        assert_eq!(one.counts.total, 1);
        assert_eq!(one.sections.len(), 1);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(0, 0), 0.0);
    }

    #[test]
    fn retired_topics_count_in_no_total() {
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
        let roadmap = sample();
        let p = Progress::new(&roadmap, &[], vec![(retired, done)]);
        assert_eq!(status(&p, None, Activity::default()).counts.done, 0);
        let done = list(&p, None, Some(State::Done));
        assert_eq!(ids(&done), ["gone"]);
        assert!(done[0].retired);
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
