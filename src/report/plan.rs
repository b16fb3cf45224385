//! Pacing: what is due for review (review, today and status show it) and whether the
//! learner will finish by their date (plan, status and summary show it). Pure functions of
//! their inputs.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::State;

use super::schedule::{self, Days, ScheduleInput};
use super::{Progress, TopicRow};

/// A topic whose review is due.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DueItem {
    pub id: String,
    pub title: String,
    pub section: String,
    pub due: NaiveDate,
    /// Days past due (0 when due today).
    pub overdue_days: i64,
}

fn due_rows<'p, 'a>(
    progress: &'p Progress<'a>,
    today: NaiveDate,
) -> impl Iterator<Item = (&'p TopicRow<'a>, NaiveDate)> {
    progress
        .topics
        .iter()
        .filter(|t| !t.retired && t.state == State::Done)
        .filter_map(move |t| Some((t, t.due.filter(|d| *d <= today)?)))
}

/// How many done topics are due for review on or before `today`.
pub fn due_count(progress: &Progress, today: NaiveDate) -> usize {
    due_rows(progress, today).count()
}

/// Done topics due for review on or before `today`, most overdue first.
pub fn due(progress: &Progress, today: NaiveDate) -> Vec<DueItem> {
    let mut items: Vec<DueItem> = due_rows(progress, today)
        .map(|(t, due)| DueItem {
            id: t.id.to_string(),
            title: t.title.to_string(),
            section: t.section.to_string(),
            due,
            overdue_days: (today - due).num_days(),
        })
        .collect();
    items.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
    items
}

/// The estimate assumed for a topic that has none, in minutes.
pub const DEFAULT_ESTIMATE_MINUTES: u64 = 120;
/// Time set aside for one review, in minutes.
pub const REVIEW_MINUTES: u64 = 15;
/// A topic in progress is never planned at less than this, however much was logged.
const MIN_REMAINING_MINUTES: u64 = 15;

/// What is left of a topic: its estimate less the time logged on it, for a doing topic.
pub(crate) fn remaining(t: &TopicRow, logged: &HashMap<String, u64>) -> u64 {
    let estimate = t
        .estimate_minutes
        .map_or(DEFAULT_ESTIMATE_MINUTES, u64::from);
    match t.state {
        State::Doing => estimate
            .saturating_sub(logged.get(&*t.id).copied().unwrap_or(0))
            .max(MIN_REMAINING_MINUTES),
        State::Todo => estimate,
        State::Done | State::Skipped => 0,
    }
}

/// On track or not.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Projected to finish a week or more early.
    Ahead,
    OnTrack,
    Behind,
}

/// What a plan is computed from, besides the progress.
#[derive(Debug, Clone, PartialEq)]
pub struct PaceInput {
    pub today: NaiveDate,
    pub by: NaiveDate,
    /// The weekly hours the learner intends to study.
    pub planned_hours_per_week: f64,
    /// Minutes logged on each topic in progress.
    pub logged: HashMap<String, u64>,
    /// Minutes logged in the last four weeks.
    pub minutes_last_4_weeks: u64,
    /// Ids of topics checked in the last four weeks.
    pub checked_last_4_weeks: Vec<String>,
    /// The day of the first event, if there is any.
    pub first_day: Option<NaiveDate>,
    /// The weekly hours given on this command line (`--hours-per-week`): they replace the
    /// measured pace for this projection.
    pub given_hours_per_week: Option<f64>,
    /// The learner's ratio of time taken to estimates, when enough finished topics back it
    /// (see [`super::calibration`]): the remaining estimates are scaled by it.
    pub ratio: Option<f64>,
}

/// Where the weekly hours of a projection come from.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum HoursFrom {
    /// `--hours-per-week` on this command line.
    Given,
    /// The measured pace.
    Pace,
    /// The weekly target saved (or the default), with no pace measured yet.
    Planned,
}

/// The measured pace, hours a week, and the weeks it is measured over; `None` without any
/// history. Measured over the last four weeks: the larger of time logged and the estimates
/// of topics completed.
pub fn pace(progress: &Progress, input: &PaceInput) -> Option<(f64, u32)> {
    let mut estimates = crate::ids::id_map(progress.topics.len());
    estimates.extend(progress.topics.iter().map(|t| {
        let e = t
            .estimate_minutes
            .map_or(DEFAULT_ESTIMATE_MINUTES, u64::from);
        (&*t.id, e)
    }));
    let completed_minutes: u64 = input
        .checked_last_4_weeks
        .iter()
        .filter_map(|id| estimates.get(id.as_str()))
        .sum();
    // A history younger than four weeks is measured over the weeks it has, so that a
    // first day's study is not spread over four weeks.
    let weeks = input.first_day.map(|first| {
        let days = (input.today - first).num_days().max(0) + 1;
        u32::try_from(days.div_euclid(7) + i64::from(days % 7 != 0))
            .unwrap_or(4)
            .clamp(1, 4)
    })?;
    let pace = input.minutes_last_4_weeks.max(completed_minutes) as f64 / 60.0 / f64::from(weeks);
    Some((pace, weeks))
}

/// The weekly hours a projection runs at, where they come from, and the measured pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The measured pace and the weeks it is measured over (see [`pace`]).
    pub pace: Option<(f64, u32)>,
    pub hours: f64,
    pub from: HoursFrom,
}

/// The weekly hours a projection runs at: those given, else the measured pace, else the
/// planned ones.
pub fn rate(progress: &Progress, input: &PaceInput) -> Rate {
    let measured = pace(progress, input);
    let (hours, from) = match (input.given_hours_per_week, measured) {
        (Some(h), _) => (h, HoursFrom::Given),
        (None, Some((p, _))) => (p, HoursFrom::Pace),
        (None, None) => (input.planned_hours_per_week, HoursFrom::Planned),
    };
    Rate {
        pace: measured,
        hours,
        from,
    }
}

/// The schedule's input for a projection at `hours` a week, every day of the week.
pub fn schedule_input<'i>(input: &'i PaceInput, hours: f64) -> ScheduleInput<'i> {
    ScheduleInput {
        today: input.today,
        weekly_minutes: (hours * 60.0).round().max(0.0) as u64,
        days: Days::EVERY,
        today_open: true,
        logged: &input.logged,
        ratio: input.ratio,
    }
}

/// `roadmap plan`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanReport {
    pub by: NaiveDate,
    pub today: NaiveDate,
    pub remaining_topics: usize,
    /// Of those, how many have no estimate (counted at 2h each).
    pub unestimated_topics: usize,
    /// The topics' time as planned: by the roadmap's estimates, scaled by the learner's
    /// ratio when it applies.
    pub remaining_minutes: u64,
    /// The same by the roadmap's estimates alone.
    pub roadmap_minutes: u64,
    /// The ratio applied to the estimates (null: none yet).
    pub estimate_ratio: Option<f64>,
    /// The time the schedule keeps for reviews before the finish.
    pub review_minutes: u64,
    pub weeks_left: f64,
    pub hours_per_week_needed: f64,
    pub planned_hours_per_week: f64,
    /// Measured over the last four weeks: the larger of time logged and the estimates of
    /// topics completed. Null without any history.
    pub pace_hours_per_week: Option<f64>,
    /// The weeks the pace is measured over: four, or fewer in the first weeks of history.
    pub pace_weeks: Option<u32>,
    /// The weekly hours the projection runs at, and where they come from.
    pub hours_per_week: f64,
    pub hours_from: HoursFrom,
    /// The schedule's last day at those hours. Null when they are zero.
    pub projected_finish: Option<NaiveDate>,
    pub verdict: Verdict,
    /// Days after `by` that the projection lands (negative: early). Null with no projection.
    pub days_late: Option<i64>,
}

pub(crate) fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Compares what is left with the time there is. The projected finish is the schedule's
/// ([`super::schedule`]): the same topics, at the same hours, with the reviews.
pub fn plan(progress: &Progress, input: &PaceInput) -> PlanReport {
    let open: Vec<&TopicRow> = progress
        .topics
        .iter()
        .filter(|t| t.counts() && matches!(t.state, State::Todo | State::Doing))
        .collect();
    let roadmap_minutes: u64 = open.iter().map(|t| remaining(t, &input.logged)).sum();
    let rate = rate(progress, input);
    let order = schedule::order(progress);
    let timeline = schedule::timeline(progress, &order, &schedule_input(input, rate.hours));
    let remaining_minutes = timeline.topic_minutes;
    let days_left = (input.by - input.today).num_days().max(0);
    let weeks_left = days_left as f64 / 7.0;
    let hours_needed = if remaining_minutes == 0 {
        0.0
    } else if weeks_left > 0.0 {
        remaining_minutes as f64 / 60.0 / weeks_left
    } else {
        f64::INFINITY
    };
    let projected_finish = timeline.finish;
    let days_late = projected_finish.map(|p| (p - input.by).num_days());
    let verdict = match days_late {
        Some(d) if d <= -7 => Verdict::Ahead,
        Some(d) if d <= 0 => Verdict::OnTrack,
        _ => Verdict::Behind,
    };
    PlanReport {
        by: input.by,
        today: input.today,
        remaining_topics: open.len(),
        unestimated_topics: open.iter().filter(|t| t.estimate_minutes.is_none()).count(),
        remaining_minutes,
        roadmap_minutes,
        estimate_ratio: input.ratio,
        review_minutes: timeline.review_minutes,
        weeks_left: one_decimal(weeks_left),
        hours_per_week_needed: if hours_needed.is_finite() {
            one_decimal(hours_needed)
        } else {
            remaining_minutes as f64 / 60.0
        },
        planned_hours_per_week: input.planned_hours_per_week,
        pace_hours_per_week: rate.pace.map(|p| one_decimal(p.0)),
        pace_weeks: rate.pace.map(|p| p.1),
        hours_per_week: rate.hours,
        hours_from: rate.from,
        projected_finish,
        verdict,
        days_late,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Status;
    use crate::roadmap::{Source, load};

    pub(crate) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Four topics of 10h, 10h, 5h and (no estimate) 2h.
    pub(crate) fn progress(states: &[(&str, State, Option<&str>)]) -> Progress<'static> {
        let r = load(&Source {
            name: "t".into(),
            text: "[roadmap]\nid = \"r\"\ntitle = \"R\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
                   [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nestimate = \"10h\"\n\
                   [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\nestimate = \"10h\"\n\
                   [[sections.topics]]\nid = \"c\"\ntitle = \"C\"\nestimate = \"5h\"\nrequires = [\"a\"]\n\
                   [[sections.topics]]\nid = \"d\"\ntitle = \"D\"\n"
                .into(),
        })
        .unwrap();
        let states: Vec<(&str, Status)> = states
            .iter()
            .map(|&(id, state, due)| {
                let status = Status {
                    state,
                    due: due.map(d),
                };
                (id, status)
            })
            .collect();
        crate::report::test_progress(r, &states)
    }

    fn input(minutes_4w: u64, has_history: bool) -> PaceInput {
        PaceInput {
            today: d("2026-11-23"),
            by: d("2027-01-18"), // 8 weeks
            planned_hours_per_week: 10.0,
            logged: HashMap::new(),
            minutes_last_4_weeks: minutes_4w,
            checked_last_4_weeks: vec![],
            first_day: has_history.then(|| d("2025-01-01")),
            given_hours_per_week: None,
            ratio: None,
        }
    }

    #[test]
    fn no_history_uses_the_planned_hours() {
        let p = plan(&progress(&[]), &input(0, false));
        assert_eq!(p.remaining_minutes, 27 * 60);
        assert_eq!(p.unestimated_topics, 1);
        assert_eq!(p.hours_per_week_needed, 3.4);
        assert_eq!(p.pace_hours_per_week, None);
        // 27h at 10h/week, today included, and 30m for the first reviews of a and b (due
        // three days after each is finished, before the finish): 27h30m, 19.25 days, the
        // 20th day.
        assert_eq!(p.review_minutes, 30);
        assert_eq!(p.projected_finish, Some(d("2026-12-12")));
        assert_eq!(p.verdict, Verdict::Ahead);
    }

    #[test]
    fn on_track_and_behind_follow_the_measured_pace() {
        // 4h a week measured: 27h and three reviews (45m) take 48.6 days, the 49th day:
        // 10 Jan, 8 days early: ahead.
        let p = plan(&progress(&[]), &input(16 * 60, true));
        assert_eq!(p.pace_hours_per_week, Some(4.0));
        assert_eq!(p.projected_finish, Some(d("2027-01-10")));
        assert_eq!(p.verdict, Verdict::Ahead);
        // 3.5h a week: 27h45m take 55.5 days, the 56th day: 17 Jan, a day early: on track.
        let p = plan(&progress(&[]), &input(14 * 60, true));
        assert_eq!(p.projected_finish, Some(d("2027-01-17")));
        assert_eq!((p.verdict, p.days_late), (Verdict::OnTrack, Some(-1)));
        // 2h a week: 27h45m take 97.1 days -> behind by 41 days.
        let p = plan(&progress(&[]), &input(8 * 60, true));
        assert_eq!((p.verdict, p.days_late), (Verdict::Behind, Some(41)));
        // History, but nothing in four weeks: no projection.
        let p = plan(&progress(&[]), &input(0, true));
        assert_eq!((p.projected_finish, p.verdict), (None, Verdict::Behind));
    }

    #[test]
    fn a_young_history_is_measured_over_the_weeks_it_has() {
        let mut i = input(3 * 60, true);
        // Began today: 3h in the first week.
        i.first_day = Some(i.today);
        let p = plan(&progress(&[]), &i);
        assert_eq!((p.pace_hours_per_week, p.pace_weeks), (Some(3.0), Some(1)));
        // Began 10 days ago (day 11 is in the second week): 1.5h a week.
        i.first_day = Some(d("2026-11-13"));
        let p = plan(&progress(&[]), &i);
        assert_eq!((p.pace_hours_per_week, p.pace_weeks), (Some(1.5), Some(2)));
        // Began long ago: the last four weeks.
        i.first_day = Some(d("2020-01-01"));
        let p = plan(&progress(&[]), &i);
        assert_eq!((p.pace_hours_per_week, p.pace_weeks), (Some(0.8), Some(4)));
    }

    #[test]
    fn completed_topics_count_as_pace_and_doing_topics_count_what_is_left() {
        let mut i = input(0, true);
        i.checked_last_4_weeks = vec!["a".into(), "b".into()];
        i.logged.insert("c".into(), 4 * 60);
        let p = plan(
            &progress(&[
                ("a", State::Done, None),
                ("b", State::Done, None),
                ("c", State::Doing, None),
            ]),
            &i,
        );
        assert_eq!(p.pace_hours_per_week, Some(5.0));
        assert_eq!(p.remaining_minutes, 60 + 120);
        let done = plan(
            &progress(&[
                ("a", State::Done, None),
                ("b", State::Done, None),
                ("c", State::Done, None),
                ("d", State::Skipped, None),
            ]),
            &i,
        );
        assert_eq!((done.remaining_minutes, done.verdict), (0, Verdict::Ahead));
    }

    #[test]
    fn due_is_most_overdue_first() {
        let p = progress(&[
            ("a", State::Done, Some("2026-11-20")),
            ("b", State::Done, Some("2026-11-10")),
            ("c", State::Done, Some("2026-11-24")),
        ]);
        let due = due(&p, d("2026-11-23"));
        let ids: Vec<(&str, i64)> = due
            .iter()
            .map(|x| (x.id.as_str(), x.overdue_days))
            .collect();
        assert_eq!(ids, [("b", 13), ("a", 3)]);
    }
}
