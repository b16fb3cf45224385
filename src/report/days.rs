//! A day-by-day roadmap (its sections carry `days = [first, last]`, as the 90-day plan's
//! ten-day blocks do): which day of the plan today is, counted from the day the learner
//! started it, the block that day falls in, and what earlier blocks left undone.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::model::State;
use crate::roadmap::Roadmap;

use super::{Progress, TopicRef};

/// One block of days: a section with `days`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Block {
    pub id: String,
    pub title: String,
    pub first_day: u32,
    pub last_day: u32,
    /// The dates those days fall on.
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Where the learner is in a day-by-day roadmap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DayPlan {
    /// Day 1 of the plan.
    pub start: NaiveDate,
    /// Today's day of the plan (1 on the start day; past the last day once it is over).
    pub day: i64,
    /// The plan's last day, and its date.
    pub last_day: u32,
    pub end: NaiveDate,
    /// The block today falls in (none before the first block's day, between blocks, or
    /// after the last).
    pub block: Option<Block>,
    /// Topics that count, of blocks whose last day has passed, not done or skipped.
    pub behind: Vec<TopicRef>,
    /// Topics that count, of today's block, not done or skipped.
    pub this_block: Vec<TopicRef>,
}

/// The day plan of `roadmap` started on `start`, or `None` if no section has days.
pub fn day_plan(
    roadmap: &Roadmap,
    progress: &Progress,
    start: NaiveDate,
    today: NaiveDate,
) -> Option<DayPlan> {
    let last_day = roadmap
        .sections
        .iter()
        .filter_map(|s| s.days)
        .map(|d| d.1)
        .max()?;
    let date_of = |day: u32| start + Duration::days(i64::from(day) - 1);
    let day = (today - start).num_days() + 1;
    let open = |section: &str| {
        progress
            .counted()
            .filter(|t| t.section == section && matches!(t.state, State::Todo | State::Doing))
            .map(TopicRef::from)
            .collect::<Vec<_>>()
    };
    let mut behind = Vec::new();
    let mut block = None;
    let mut this_block = Vec::new();
    for s in &roadmap.sections {
        let Some((first, last)) = s.days else {
            continue;
        };
        if i64::from(last) < day {
            behind.extend(open(&s.id));
        } else if i64::from(first) <= day && block.is_none() {
            this_block = open(&s.id);
            block = Some(Block {
                id: s.id.clone(),
                title: s.title.clone(),
                first_day: first,
                last_day: last,
                from: date_of(first),
                to: date_of(last),
            });
        }
    }
    Some(DayPlan {
        start,
        day,
        last_day,
        end: date_of(last_day),
        block,
        behind,
        this_block,
    })
}

/// The heading of a day plan, two lines at most: `Day 23 of 90: Days 21-30: SQL (to
/// 2026-12-20)`, then what is open in the block and behind from earlier blocks, with
/// `per_day`, the minutes a day that finish both by the block's last day.
pub fn heading(p: &DayPlan, per_day: Option<u64>) -> String {
    let last = i64::from(p.last_day);
    if p.day < 1 {
        return format!("Day 1 of {} is {}\n", p.last_day, p.start);
    }
    if p.day > last {
        return format!(
            "Past day {} (the plan ended on {}): {} left\n",
            p.last_day,
            p.end,
            topics(p.behind.len())
        );
    }
    let mut s = format!("Day {} of {}", p.day, p.last_day);
    if let Some(b) = &p.block {
        s += &format!(": {} (to {})", crate::text::line(&b.title), b.to);
    }
    s.push('\n');
    let mut open = Vec::new();
    if p.block.is_some() {
        open.push(format!("{} open in this block", topics(p.this_block.len())));
    }
    if !p.behind.is_empty() {
        open.push(format!("{} behind", p.behind.len()));
    }
    if !open.is_empty() {
        s += &open.join(", ");
        if let Some(m) = per_day.filter(|m| *m > 0) {
            s += &format!(": {} a day catches up", crate::timeparse::format_minutes(m));
        }
        s.push('\n');
    }
    s
}

fn topics(n: usize) -> String {
    if n == 1 {
        "1 topic".to_string()
    } else {
        format!("{n} topics")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::report::test_progress;
    use crate::roadmap::{Source, load};

    fn roadmap() -> Roadmap {
        load(&Source {
            name: "t.toml".into(),
            text: r#"
[roadmap]
id = "d"
title = "D"
[[sections]]
id = "a"
title = "A"
days = [1, 10]
[[sections.topics]]
id = "a1"
title = "A1"
[[sections]]
id = "b"
title = "B"
days = [11, 20]
[[sections.topics]]
id = "b1"
title = "B1"
[[sections.topics]]
id = "b2"
title = "B2"
"#
            .into(),
        })
        .unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn days_count_from_the_start_and_earlier_blocks_left_open_are_behind() {
        let done = Status {
            state: State::Done,
            due: None,
        };
        let p = test_progress(roadmap(), &[("b1", done)]);
        let r = roadmap();
        let plan = day_plan(&r, &p, d("2026-12-01"), d("2026-12-12")).unwrap();
        assert_eq!(plan.day, 12);
        assert_eq!(plan.end, d("2026-12-20"));
        assert_eq!(plan.block.as_ref().map(|b| b.id.as_str()), Some("b"));
        assert_eq!(plan.block.as_ref().map(|b| b.from), Some(d("2026-12-11")));
        let ids = |v: &[TopicRef]| v.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&plan.behind), ["a1"]);
        assert_eq!(ids(&plan.this_block), ["b2"]);
        assert_eq!(
            heading(&plan, Some(75)),
            "Day 12 of 20: B (to 2026-12-20)\n\
             1 topic open in this block, 1 behind: 1h15m a day catches up\n"
        );
        let first = day_plan(&r, &p, d("2026-12-01"), d("2026-12-01")).unwrap();
        assert_eq!((first.day, first.behind.len()), (1, 0));
        let after = day_plan(&r, &p, d("2026-12-01"), d("2027-01-30")).unwrap();
        assert_eq!(after.block, None);
        assert_eq!(
            heading(&after, None),
            "Past day 20 (the plan ended on 2026-12-20): 2 topics left\n"
        );
    }

    #[test]
    fn a_roadmap_without_days_has_no_day_plan() {
        let r = crate::report::tests::sample();
        let p = test_progress(r.clone(), &[]);
        assert_eq!(day_plan(&r, &p, d("2026-12-01"), d("2026-12-02")), None);
    }
}
