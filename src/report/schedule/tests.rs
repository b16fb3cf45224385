//! Unit and property tests of the schedule, compiled only for tests (`#[cfg(test)] mod
//! tests;` in `schedule.rs`).

use std::collections::HashMap;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::model::Status;
use crate::report::plan::{self, PaceInput};
use crate::roadmap::{Source, load};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One generated topic: estimate (minutes, 0 = none), prerequisites (offsets back to
/// earlier topics), state, due in days from today for done ones, track (0 none, 1 or 2),
/// group (0 none, 1), optional.
type Gen = (u32, Vec<usize>, u8, i64, u8, u8, bool);

fn topic() -> impl Strategy<Value = Gen> {
    (
        prop_oneof![Just(0u32), 5u32..900],
        prop::collection::vec(1usize..6, 0..3),
        0u8..4,
        -10i64..30,
        0u8..3,
        0u8..2,
        any::<bool>(),
    )
}

/// A roadmap of the generated topics in up to three sections, with two tracks and a pick-1
/// group, viewed with the generated states and the chosen track (0: none).
fn progress(topics: &[Gen], track: u8) -> Progress<'static> {
    let mut toml = String::from(
        "[roadmap]\nid = \"p\"\ntitle = \"P\"\n\
         [[tracks]]\nid = \"java\"\ntitle = \"Java\"\n[[tracks]]\nid = \"go\"\ntitle = \"Go\"\n\
         [[groups]]\nid = \"g\"\ntitle = \"G\"\npick = 1\n",
    );
    let grouped = topics.iter().any(|t| t.5 == 1);
    if !grouped {
        toml = toml.replace("[[groups]]\nid = \"g\"\ntitle = \"G\"\npick = 1\n", "");
    }
    let today = d("2026-11-23");
    let mut states = Vec::new();
    for (i, (estimate, requires, state, due, track, group, optional)) in topics.iter().enumerate() {
        if i % 7 == 0 {
            toml.push_str(&format!("[[sections]]\nid = \"s{i}\"\ntitle = \"S{i}\"\n"));
        }
        toml.push_str(&format!(
            "[[sections.topics]]\nid = \"t{i}\"\ntitle = \"T{i}\"\n"
        ));
        if *estimate > 0 {
            toml.push_str(&format!("estimate = \"{estimate}m\"\n"));
        }
        let mut reqs: Vec<String> = requires
            .iter()
            .filter(|&&back| back <= i)
            .map(|back| format!("\"t{}\"", i - back))
            .collect();
        reqs.sort();
        reqs.dedup();
        if !reqs.is_empty() {
            toml.push_str(&format!("requires = [{}]\n", reqs.join(", ")));
        }
        if *track > 0 {
            toml.push_str(if *track == 1 {
                "track = \"java\"\n"
            } else {
                "track = \"go\"\n"
            });
        }
        if *group == 1 {
            toml.push_str("group = \"g\"\n");
        }
        if *optional {
            toml.push_str("optional = true\n");
        }
        let state = [State::Todo, State::Doing, State::Done, State::Skipped][*state as usize];
        let due = (state == State::Done).then(|| today + Duration::days(*due));
        states.push((i, Status { state, due }));
    }
    let roadmap = load(&Source {
        name: "p".into(),
        text: toml,
    })
    .unwrap();
    let roadmap: &'static crate::roadmap::Roadmap = Box::leak(Box::new(roadmap));
    let by_index: Vec<Status> = states.iter().map(|(_, s)| *s).collect();
    let track = match track {
        1 => Some("java"),
        2 => Some("go"),
        _ => None,
    };
    Progress::new(roadmap, &by_index, Vec::new(), track)
}

fn input(hours: f64, logged: HashMap<String, u64>, ratio: Option<f64>) -> PaceInput {
    PaceInput {
        today: d("2026-11-23"),
        by: d("2027-06-30"),
        planned_hours_per_week: hours,
        logged,
        minutes_last_4_weeks: 0,
        checked_last_4_weeks: vec![],
        first_day: None,
        given_hours_per_week: None,
        ratio,
    }
}

fn check(p: &Progress, input: &PaceInput, days: Days, today_open: bool) {
    let order = order(p);
    let mut sched = plan::schedule_input(input, input.planned_hours_per_week);
    sched.days = days;
    sched.today_open = today_open;
    let t = timeline(p, &order, &sched);
    // Every open topic that counts is scheduled, once, and nothing else.
    let open: Vec<usize> = p
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| t.counts() && matches!(t.state, State::Todo | State::Doing))
        .map(|(i, _)| i)
        .collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, open);
    // When each topic starts and finishes (day, position in the timeline).
    let mut first: HashMap<usize, (NaiveDate, usize)> = HashMap::new();
    let mut last: HashMap<usize, (NaiveDate, usize)> = HashMap::new();
    for (k, piece) in t.pieces.iter().enumerate() {
        if let Work::Topic(i) = piece.work {
            first.entry(i).or_insert((piece.day, k));
            if piece.last {
                last.insert(i, (piece.day, k));
            }
        }
        assert!(days.has(piece.day));
        assert!(piece.day > input.today || (piece.day == input.today && today_open));
    }
    let index: HashMap<&str, usize> = p
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (&*t.id, i))
        .collect();
    // No topic before its prerequisites: an open one that counts finishes first.
    for &i in &open {
        let Some(&(_, start)) = first.get(&i) else {
            continue;
        };
        for r in p.topics[i].requires {
            let j = index[r.as_str()];
            if open.contains(&j) {
                let (_, end) = last[&j];
                assert!(
                    end < start,
                    "{} before its prerequisite {}",
                    p.topics[i].id,
                    r
                );
            }
        }
    }
    // No week holds more than the weekly hours, reviews included; no day more than its
    // share (whole minutes, rounded up).
    let n = days.count();
    let mut per_week: HashMap<NaiveDate, u64> = HashMap::new();
    let mut per_day: HashMap<NaiveDate, u64> = HashMap::new();
    for piece in &t.pieces {
        *per_week.entry(monday_of(piece.day)).or_default() += piece.minutes;
        *per_day.entry(piece.day).or_default() += piece.minutes;
    }
    for minutes in per_week.values() {
        assert!(
            *minutes <= sched.weekly_minutes,
            "{minutes} > {}",
            sched.weekly_minutes
        );
    }
    for minutes in per_day.values() {
        assert!(*minutes <= sched.weekly_minutes.div_ceil(n));
    }
    // The pieces of each topic add up to its time.
    let mut sums: HashMap<usize, u64> = HashMap::new();
    for piece in &t.pieces {
        if let Work::Topic(i) = piece.work {
            *sums.entry(i).or_default() += piece.minutes;
        }
    }
    for &i in open.iter().filter(|_| t.finish.is_some()) {
        let want = topic_minutes(&p.topics[i], &input.logged, input.ratio);
        assert_eq!(sums.get(&i).copied().unwrap_or(0), want);
    }
    // It finishes on the day of the last piece of the last topic.
    match t.finish {
        Some(f) if open.is_empty() => assert_eq!(f, input.today),
        Some(f) => assert_eq!(Some(f), last.values().map(|x| x.0).max()),
        None => assert!(sched.weekly_minutes == 0 && !open.is_empty()),
    }
    // The weeks: every piece in one, the last ending on the finish.
    let weeks = weeks(p, &t, None);
    assert_eq!(weeks.len(), week_count(&t));
    if let (Some(w), Some(f)) = (weeks.last(), t.finish)
        && !open.is_empty()
    {
        assert_eq!(w.to, f);
    }
    let shown: u64 = weeks.iter().map(|w| w.minutes).sum();
    assert_eq!(shown, t.pieces.iter().map(|x| x.minutes).sum::<u64>());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("ROADMAP_TEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn schedules_respect_prerequisites_hours_and_plans_finish(
        topics in prop::collection::vec(topic(), 0..25),
        track in 0u8..3,
        hours in prop_oneof![Just(0.0), 0.2f64..60.0],
        logged in prop::collection::vec(0u64..600, 25),
        ratio in prop_oneof![Just(None), (1u32..40).prop_map(|r| Some(f64::from(r) / 10.0))],
        days in prop::collection::vec(0u32..7, 1..5),
        today_open in any::<bool>(),
    ) {
        let p = progress(&topics, track);
        let logged: HashMap<String, u64> = logged
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("t{i}"), *m))
            .collect();
        let input = input(hours, logged, ratio);
        check(&p, &input, Days::EVERY, true);
        check(&p, &input, Days::of(&days).unwrap(), today_open);
        // plan's projected finish is the schedule's, and so is what is left.
        let plan = plan::plan(&p, &input);
        let report = report(&p, &input, Some(2));
        prop_assert_eq!(plan.projected_finish, report.projected_finish);
        prop_assert_eq!(plan.remaining_minutes, report.remaining_minutes);
        prop_assert_eq!(plan.review_minutes, report.review_minutes);
        prop_assert!(report.weeks.len() <= 2);
    }
}

#[test]
fn topics_in_progress_come_first_after_their_open_prerequisites() {
    // t0 <- t1 <- t2; t2 is in progress: t0 and t1 come before it, then t3.
    let topic_of = |requires: Vec<usize>, state: u8| (60, requires, state, 0, 0, 0, false);
    let p = progress(
        &[
            topic_of(vec![], 0),
            topic_of(vec![1], 0),
            topic_of(vec![1], 1),
            topic_of(vec![], 0),
        ],
        0,
    );
    assert_eq!(order(&p), [0, 1, 2, 3]);
    let p = progress(
        &[
            topic_of(vec![], 0),
            topic_of(vec![], 0),
            topic_of(vec![1], 1),
            topic_of(vec![], 1),
        ],
        0,
    );
    // t3 is in progress too, and has no prerequisite: t1 (for t2), t2, t3, then t0.
    assert_eq!(order(&p), [1, 2, 3, 0]);
}

#[test]
fn a_topic_longer_than_a_week_spans_weeks() {
    let p = progress(&[(25 * 60, vec![], 0, 0, 0, 0, false)], 0);
    let input = input(10.0, HashMap::new(), None);
    let r = report(&p, &input, None);
    // 25h at 10h a week from Monday: 17.5 days, the 18th: Thursday of the third week.
    assert_eq!(r.projected_finish, Some(d("2026-12-10")));
    let shape: Vec<(u32, u64, bool, bool)> = r
        .weeks
        .iter()
        .map(|w| {
            (
                w.week,
                w.topics[0].minutes,
                w.topics[0].continued,
                w.topics[0].finished,
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (1, 600, false, false),
            (2, 600, true, false),
            (3, 300, true, true)
        ]
    );
    assert_eq!(r.weeks[2].milestones.len(), 1);
    assert_eq!(r.weeks[2].to, d("2026-12-10"));
}
