//! The schedule: the topics left, laid onto calendar days and weeks at the weekly hours,
//! with time kept for the reviews that fall due. `plan` takes its projected finish from
//! here, `plan --schedule` shows the weeks, and `plan --ics` writes the study days' blocks:
//! one computation, so that the three cannot disagree.
//!
//! # The model
//! The weekly minutes are spread evenly over the study days of each week (every day for
//! `plan` and the schedule; the chosen days for the calendar file), today included unless
//! the input says otherwise. Each study day first serves the reviews due on or before it
//! (15 minutes each), then the topics in [`order`]: one after the other, each as long as
//! what is left of its estimate (scaled by the learner's ratio when one applies), a long
//! topic running on over days and weeks. A topic finished on day D is due for its first
//! review on D + 3 (FSRS's first interval after a check); a topic already done is due on
//! its card's date. Later reviews of either are not foreseen.
//!
//! Time is counted in units of 1/N minute, N the study days of a week: a study day holds
//! as many units as the week has minutes, so every quantity is a whole number and a full
//! week holds exactly the weekly minutes.
//!
//! Nothing here reads the clock, the store or the terminal.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::model::State;
use crate::review::{Card, Rating};
use crate::timeparse::monday_of;

use super::plan::{DEFAULT_ESTIMATE_MINUTES, HoursFrom, PaceInput, REVIEW_MINUTES, remaining};
use super::{Progress, RoadmapRef, TopicRow};

/// The furthest a schedule looks: a thousand years. Beyond it there is no finish.
const HORIZON_DAYS: i64 = 365 * 1000;

/// The days of the week one studies on, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days([bool; 7]);

impl Days {
    /// Every day of the week: `plan` and the schedule spread the weekly hours evenly.
    pub const EVERY: Days = Days([true; 7]);
    /// Monday to Friday: the calendar file's default.
    pub const WEEKDAYS: Days = Days([true, true, true, true, true, false, false]);

    /// These days (0 = Monday); `None` when none is given.
    pub fn of(days: &[u32]) -> Option<Days> {
        let mut mask = [false; 7];
        for &d in days {
            *mask.get_mut(d as usize)? = true;
        }
        mask.contains(&true).then_some(Days(mask))
    }

    /// Whether `day` is one of these days.
    pub fn has(&self, day: NaiveDate) -> bool {
        self.0[day.weekday().num_days_from_monday() as usize]
    }

    /// These days, 0 for Monday to 6 for Sunday.
    pub fn indexes(&self) -> impl Iterator<Item = usize> + '_ {
        (0..7).filter(|&i| self.0[i])
    }

    /// How many days of a week these are (1 to 7).
    pub fn count(&self) -> u64 {
        self.0.iter().filter(|d| **d).count() as u64
    }
}

/// What a schedule is computed from, besides the progress.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleInput<'i> {
    pub today: NaiveDate,
    /// The minutes of study a week.
    pub weekly_minutes: u64,
    pub days: Days,
    /// Whether today is still a study day (the calendar file: not once its time has passed).
    pub today_open: bool,
    /// Minutes logged on each topic in progress.
    pub logged: &'i HashMap<String, u64>,
    /// The learner's ratio of time taken to estimates, when it applies.
    pub ratio: Option<f64>,
}

/// What a piece of a study day is spent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// A topic, by its index in `Progress::topics`.
    Topic(usize),
    /// A review of a done topic, by its index in `Progress::topics`.
    Review(usize),
}

/// One piece of one study day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub day: NaiveDate,
    pub work: Work,
    /// Whole minutes, counted so that a topic's pieces add up to its time exactly.
    pub minutes: u64,
    /// Minutes into the day's study time at which it starts.
    pub offset: u64,
    /// Whether the topic (or review) is finished with this piece.
    pub last: bool,
}

/// The days of a schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub today: NaiveDate,
    pub pieces: Vec<Piece>,
    /// The day the last topic is finished (today when nothing is left); `None` when there
    /// is no study time, or the finish lies beyond a thousand years.
    pub finish: Option<NaiveDate>,
    /// The time of all the open topics, as planned.
    pub topic_minutes: u64,
    /// The time of the reviews served before the finish.
    pub review_minutes: u64,
}

/// The open topics that count, in the order they are studied: topics in progress first,
/// then the others in roadmap order, each after those of its prerequisites that are still
/// open (a prerequisite done, skipped or that does not count is no obstacle). Indexes into
/// `progress.topics`.
///
/// This is the seam for other orders (day-numbered sections): the timeline takes any order
/// in which prerequisites come first.
pub fn order(progress: &Progress) -> Vec<usize> {
    let open = |t: &TopicRow| t.counts() && matches!(t.state, State::Todo | State::Doing);
    let mut index = crate::ids::id_map(progress.topics.len());
    index.extend(
        progress
            .topics
            .iter()
            .enumerate()
            .filter(|(_, t)| open(t))
            .map(|(i, t)| (&*t.id, i)),
    );
    let roots = progress
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| open(t) && t.state == State::Doing)
        .chain(
            progress
                .topics
                .iter()
                .enumerate()
                .filter(|(_, t)| open(t) && t.state == State::Todo),
        )
        .map(|(i, _)| i);
    let mut seen = vec![false; progress.topics.len()];
    let mut out = Vec::with_capacity(index.len());
    // Depth first, prerequisites before the topic, without recursion (a chain of 10,000).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        stack.push((root, 0));
        while let Some((at, next)) = stack.last_mut() {
            let requires = progress.topics[*at].requires;
            if let Some(r) = requires.get(*next) {
                *next += 1;
                if let Some(&j) = index.get(r.as_str())
                    && !seen[j]
                {
                    seen[j] = true;
                    stack.push((j, 0));
                }
            } else {
                out.push(*at);
                stack.pop();
            }
        }
    }
    out
}

/// A topic's time in the schedule: what is left of its estimate, the estimate scaled by
/// `ratio` first when one applies.
pub fn topic_minutes(t: &TopicRow, logged: &HashMap<String, u64>, ratio: Option<f64>) -> u64 {
    let Some(ratio) = ratio else {
        return remaining(t, logged);
    };
    let estimate = t
        .estimate_minutes
        .map_or(DEFAULT_ESTIMATE_MINUTES, u64::from);
    let scaled = (estimate as f64 * ratio).round().max(1.0) as u64;
    let mut row = t.clone();
    row.estimate_minutes = Some(u32::try_from(scaled).unwrap_or(u32::MAX));
    remaining(&row, logged)
}

/// Lays the topics of `order` onto study days (see the module's header).
pub fn timeline(progress: &Progress, order: &[usize], input: &ScheduleInput) -> Timeline {
    let n = input.days.count().max(1);
    // A study day holds as many units (1/n minute) as the week has minutes.
    let per_day = input.weekly_minutes;
    let mut queue: VecDeque<(usize, u64)> = order
        .iter()
        .map(|&i| {
            let m = topic_minutes(&progress.topics[i], input.logged, input.ratio);
            (i, m.saturating_mul(n))
        })
        .collect();
    let topic_minutes: u64 = queue.iter().map(|(_, u)| u / n).sum();
    let mut reviews: BinaryHeap<Reverse<(NaiveDate, usize)>> = progress
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.retired && t.state == State::Done)
        .filter_map(|(i, t)| Some(Reverse((t.due?, i))))
        .collect();
    let review_units = REVIEW_MINUTES * n;
    let first_review = Duration::days(Card::first(Rating::Good, input.today).interval);
    let mut out = Timeline {
        today: input.today,
        pieces: Vec::new(),
        finish: None,
        topic_minutes,
        review_minutes: 0,
    };
    if queue.is_empty() {
        out.finish = Some(input.today);
        return out;
    }
    if per_day == 0 {
        return out;
    }
    // The review being served, with the units it still needs.
    let mut serving: Option<(usize, u64)> = None;
    // Units consumed since today: pieces start and end at these positions.
    let mut at: u64 = 0;
    let mut day = input.today;
    let last_day = input.today + Duration::days(HORIZON_DAYS);
    while !queue.is_empty() {
        if day > last_day {
            return out;
        }
        let study = input.days.has(day) && (day != input.today || input.today_open);
        if !study {
            day += Duration::days(1);
            continue;
        }
        let day_start = at;
        let mut left = per_day;
        let push = |out: &mut Timeline, work: Work, units: u64, last: bool, at: &mut u64| {
            let minutes = (*at + units) / n - *at / n;
            out.pieces.push(Piece {
                day,
                work,
                minutes,
                offset: *at / n - day_start / n,
                last,
            });
            if matches!(work, Work::Review(_)) {
                out.review_minutes += minutes;
            }
            *at += units;
        };
        while left > 0 {
            if serving.is_none()
                && let Some(Reverse((due, i))) = reviews.peek().copied()
                && due <= day
            {
                reviews.pop();
                serving = Some((i, review_units));
            }
            if let Some((i, need)) = serving {
                let units = need.min(left);
                push(&mut out, Work::Review(i), units, units == need, &mut at);
                left -= units;
                serving = (units < need).then_some((i, need - units));
                continue;
            }
            let Some((i, need)) = queue.front_mut() else {
                break;
            };
            let (i, units) = (*i, (*need).min(left));
            let done = units == *need;
            *need -= units;
            push(&mut out, Work::Topic(i), units, done, &mut at);
            left -= units;
            if done {
                queue.pop_front();
                reviews.push(Reverse((day + first_review, i)));
            }
        }
        if queue.is_empty() {
            out.finish = Some(day);
        }
        day += Duration::days(1);
    }
    out
}

/// A topic's time in one week.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Slot {
    pub id: String,
    pub title: String,
    pub section: String,
    pub minutes: u64,
    /// Whether it was started in an earlier week (or before the schedule, when in progress).
    pub continued: bool,
    /// Whether it is finished this week.
    pub finished: bool,
}

/// A section whose last topic is finished in a week.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Milestone {
    pub section: String,
    pub title: String,
}

/// One calendar week of the schedule (Monday to Sunday, local time).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Week {
    /// 1 for the week of today.
    pub week: u32,
    pub monday: NaiveDate,
    /// The first day of it that is in the schedule (today, in the first week).
    pub from: NaiveDate,
    /// The last: Sunday, or the finish in the last week.
    pub to: NaiveDate,
    /// Topics and reviews.
    pub minutes: u64,
    pub topics: Vec<Slot>,
    pub review_minutes: u64,
    /// The done topics reviewed (or begun) this week.
    pub reviews: Vec<String>,
    pub milestones: Vec<Milestone>,
}

/// How many calendar weeks a timeline spans.
pub fn week_count(timeline: &Timeline) -> usize {
    let mut n = 0;
    let mut last = None;
    for p in &timeline.pieces {
        let monday = monday_of(p.day);
        if last != Some(monday) {
            n += 1;
            last = Some(monday);
        }
    }
    n
}

/// The weeks of a timeline: the first `limit` of them (all with `None`).
pub fn weeks(progress: &Progress, timeline: &Timeline, limit: Option<usize>) -> Vec<Week> {
    let mut open_in_section: HashMap<&str, usize> = HashMap::new();
    for p in &timeline.pieces {
        if let Work::Topic(i) = p.work
            && p.last
        {
            *open_in_section
                .entry(&*progress.topics[i].section)
                .or_default() += 1;
        }
    }
    let titles: HashMap<&str, &str> = progress
        .sections
        .iter()
        .map(|(id, t)| (id.as_str(), t.as_str()))
        .collect();
    let mut out: Vec<Week> = Vec::new();
    let mut started = vec![false; progress.topics.len()];
    for p in &timeline.pieces {
        let monday = monday_of(p.day);
        if out.last().is_none_or(|w| w.monday != monday) {
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
            let week = (monday - monday_of(timeline.today)).num_days() / 7 + 1;
            out.push(Week {
                week: u32::try_from(week).unwrap_or(u32::MAX),
                monday,
                from: p.day,
                to: monday + Duration::days(6),
                minutes: 0,
                topics: Vec::new(),
                review_minutes: 0,
                reviews: Vec::new(),
                milestones: Vec::new(),
            });
        }
        let Some(w) = out.last_mut() else { break };
        w.minutes += p.minutes;
        match p.work {
            Work::Review(i) => {
                w.review_minutes += p.minutes;
                let id = &progress.topics[i].id;
                if w.reviews.last().is_none_or(|r| r != id) && !w.reviews.iter().any(|r| r == id) {
                    w.reviews.push(id.to_string());
                }
            }
            Work::Topic(i) => {
                let t = &progress.topics[i];
                let continued = started[i] || t.state == State::Doing;
                started[i] = true;
                match w.topics.last_mut() {
                    Some(s) if s.id == *t.id => {
                        s.minutes += p.minutes;
                        s.finished = p.last;
                    }
                    _ => w.topics.push(Slot {
                        id: t.id.to_string(),
                        title: t.title.to_string(),
                        section: t.section.to_string(),
                        minutes: p.minutes,
                        continued,
                        finished: p.last,
                    }),
                }
                if p.last
                    && let Some(n) = open_in_section.get_mut(&*t.section)
                {
                    *n -= 1;
                    if *n == 0 {
                        w.milestones.push(Milestone {
                            section: t.section.to_string(),
                            title: titles.get(&*t.section).unwrap_or(&"").to_string(),
                        });
                    }
                }
            }
        }
    }
    // The first week starts today (or at its first study day), the last ends at the finish.
    if let (Some(last), Some(finish)) = (out.last_mut(), timeline.finish)
        && monday_of(finish) == last.monday
    {
        last.to = finish;
    }
    out
}

/// `plan --schedule`: the weeks ahead, with what they are computed from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScheduleReport {
    pub roadmap: RoadmapRef,
    pub today: NaiveDate,
    /// The weekly hours the schedule runs at, and where they come from.
    pub hours_per_week: f64,
    pub hours_from: HoursFrom,
    /// The measured pace (null without history).
    pub pace_hours_per_week: Option<f64>,
    pub remaining_topics: usize,
    /// The topics' time as planned (scaled by `estimate_ratio` when it applies).
    pub remaining_minutes: u64,
    /// The same by the roadmap's estimates alone.
    pub roadmap_minutes: u64,
    pub estimate_ratio: Option<f64>,
    /// The time kept for reviews before the finish.
    pub review_minutes: u64,
    /// The schedule's last day, as `plan` projects it (null when the hours are zero).
    pub projected_finish: Option<NaiveDate>,
    /// Whether the roadmap has tracks and none is chosen: their topics are left out.
    pub track_pending: bool,
    /// All the weeks the schedule spans; `weeks` may show fewer (`--weeks`).
    pub weeks_total: usize,
    pub weeks: Vec<Week>,
}

/// The schedule of `plan --schedule`, at the hours `plan` projects at: `limit` weeks of it
/// (all with `None`).
pub fn report(progress: &Progress, input: &PaceInput, limit: Option<usize>) -> ScheduleReport {
    let rate = super::plan::rate(progress, input);
    let order = order(progress);
    let timeline = timeline(
        progress,
        &order,
        &super::plan::schedule_input(input, rate.hours),
    );
    let roadmap_minutes = order
        .iter()
        .map(|&i| remaining(&progress.topics[i], &input.logged))
        .sum();
    ScheduleReport {
        roadmap: progress.roadmap.clone(),
        today: input.today,
        hours_per_week: rate.hours,
        hours_from: rate.from,
        pace_hours_per_week: rate.pace.map(|p| super::plan::one_decimal(p.0)),
        remaining_topics: order.len(),
        remaining_minutes: timeline.topic_minutes,
        roadmap_minutes,
        estimate_ratio: input.ratio,
        review_minutes: timeline.review_minutes,
        projected_finish: timeline.finish,
        track_pending: progress.choice_pending(),
        weeks_total: week_count(&timeline),
        weeks: weeks(progress, &timeline, limit),
    }
}

#[cfg(test)]
mod tests;
