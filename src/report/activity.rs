//! The activity calendar: study time per local day over the last weeks, as a 7-row grid.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::model::DayTotal;
use crate::timeparse::monday_of;

/// One day of the calendar.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub minutes: u64,
    pub events: u64,
    /// 0 (nothing) to 4 (two hours or more).
    pub level: u8,
}

/// `roadmap activity`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActivityReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total_minutes: u64,
    pub active_days: usize,
    /// Week columns, oldest first; each holds Monday..Sunday, with days after today left out.
    pub weeks: Vec<Vec<Day>>,
}

/// The shade of a day: any activity is at least 1; then by study time.
pub fn level(minutes: u64, events: u64) -> u8 {
    match minutes {
        0 if events == 0 => 0,
        0..30 => 1,
        30..60 => 2,
        60..120 => 3,
        _ => 4,
    }
}

/// Builds the calendar of the `weeks` weeks that end with the current one.
pub fn activity(days: &[DayTotal], today: NaiveDate, weeks: u32) -> ActivityReport {
    let by_day: HashMap<NaiveDate, &DayTotal> = days.iter().map(|d| (d.day, d)).collect();
    let first = monday_of(today) - Duration::weeks(i64::from(weeks.max(1)) - 1);
    let mut columns = Vec::new();
    let mut monday = first;
    let (mut total, mut active) = (0, 0);
    while monday <= today {
        let mut column = Vec::new();
        for offset in 0..7 {
            let date = monday + Duration::days(offset);
            if date > today {
                break;
            }
            let (minutes, events) = by_day.get(&date).map_or((0, 0), |d| (d.minutes, d.events));
            total += minutes;
            if events > 0 {
                active += 1;
            }
            column.push(Day {
                date,
                minutes,
                events,
                level: level(minutes, events),
            });
        }
        columns.push(column);
        monday += Duration::weeks(1);
    }
    ActivityReport {
        from: first,
        to: today,
        total_minutes: total,
        active_days: active,
        weeks: columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn grid_shape_and_levels() {
        let days = [
            DayTotal {
                day: d("2026-11-02"),
                events: 1,
                minutes: 0,
            },
            DayTotal {
                day: d("2026-11-18"),
                events: 2,
                minutes: 45,
            },
            DayTotal {
                day: d("2026-11-23"),
                events: 1,
                minutes: 150,
            },
            // Outside the window: left out.
            DayTotal {
                day: d("2026-10-01"),
                events: 1,
                minutes: 600,
            },
        ];
        let r = activity(&days, d("2026-11-24"), 4);
        assert_eq!(r.from, d("2026-11-02"));
        assert_eq!(r.weeks.len(), 4);
        assert_eq!(r.weeks[0].len(), 7);
        assert_eq!(r.weeks[3].len(), 2, "only Monday and Tuesday of this week");
        assert_eq!(r.weeks[0][0].level, 1);
        assert_eq!(r.weeks[2][2].level, 2);
        assert_eq!(r.weeks[3][0].level, 4);
        assert_eq!((r.total_minutes, r.active_days), (195, 3));
        assert_eq!(
            [level(0, 0), level(59, 1), level(60, 1), level(120, 1)],
            [0, 2, 3, 4]
        );
    }
}
