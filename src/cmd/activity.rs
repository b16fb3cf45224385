//! `roadmap activity [--weeks N]`: a calendar of study time per local day over the last
//! weeks, one row per weekday and one column per week.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::DayTotal;
use crate::render::Ui;
use crate::text::width;
use crate::timeparse::{format_minutes, monday_of};

/// The arguments of `activity`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many weeks to show, ending with this one
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=53), value_name = "N")]
    pub weeks: u32,
}

/// `activity`: on a terminal, the most recent weeks that fit its width (JSON has them all).
pub fn run(args: &Args, session: &mut Session) -> Result<ActivityReport> {
    let shown = match session.ui.width {
        Some(w) if !session.json => args.weeks.min(weeks_fitting(w)),
        _ => args.weeks,
    };
    let (ctx, store) = session.split();
    let days = store.open(&ctx)?.days(NaiveDate::MIN, ctx.today())?;
    let mut r = activity(&days, ctx.today(), shown);
    r.asked = args.weeks;
    Ok(r)
}

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
    /// The number of weeks asked for: fewer are shown when fewer fit the terminal.
    #[serde(skip)]
    pub asked: u32,
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
pub(crate) fn activity(days: &[DayTotal], today: NaiveDate, weeks: u32) -> ActivityReport {
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
        asked: weeks,
    }
}

/// How many weeks of the activity calendar fit a terminal `width` columns wide: a day's
/// name and a space, then two columns a week.
fn weeks_fitting(width: usize) -> u32 {
    u32::try_from(width.saturating_sub(4) / 2)
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The activity calendar: one row per weekday, one column per week, shaded by study time.
pub fn render(r: &ActivityReport, ui: &Ui) -> String {
    let asked = r.asked;
    let shades: [&str; 5] = if ui.width.is_some() {
        ["·", "░", "▒", "▓", "█"]
    } else {
        [".", ":", "+", "*", "#"]
    };
    let mut out = String::new();
    let header = format!(
        "Activity {} to {}: {} logged; active on {}",
        r.from,
        r.to,
        format_minutes(r.total_minutes),
        crate::text::count(r.active_days as u32, "day")
    );
    let _ = writeln!(
        out,
        "{}",
        ui.bold(&ui.fit(&header, ui.width.unwrap_or(usize::MAX)))
    );
    // A month's name above the week whose Monday is among its first seven days, and above
    // the first week shown, so that a short calendar still says when it is.
    let mut months = String::from("    ");
    for (i, week) in r.weeks.iter().enumerate() {
        let Some(first) = week.first() else { continue };
        let col = 4 + 2 * i + 1;
        if (first.date.day() <= 7 || i == 0) && months.len() < col {
            while months.len() < col {
                months.push(' ');
            }
            months.push_str(&first.date.format("%b").to_string());
        }
    }
    if !months.trim().is_empty() {
        let _ = writeln!(out, "{}", months.trim_end());
    }
    for (row, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let mut l = format!("{name} ");
        for week in &r.weeks {
            match week.get(row) {
                Some(day) => {
                    let shade = shades[usize::from(day.level.min(4))];
                    let painted = if day.level == 0 {
                        ui.dim(shade)
                    } else {
                        ui.paint_color(Some(comfy_table::Color::Green), shade)
                    };
                    let _ = write!(l, " {painted}");
                }
                None => l.push_str("  "),
            }
        }
        let _ = writeln!(out, "{}", l.trim_end());
    }
    let [none, low, mid, high, top] = shades;
    let legend = format!(
        "    {none} none  {low} under 30m  {mid} under 1h  {high} under 2h  {top} 2h or more"
    );
    if ui.width.is_some_and(|w| w < width(&legend)) {
        let _ = writeln!(
            out,
            "{none} 0  {low} <30m  {mid} <1h  {high} <2h  {top} 2h+"
        );
    } else {
        let _ = writeln!(out, "{legend}");
    }
    if r.weeks.len() < asked as usize {
        let _ = writeln!(
            out,
            "{}",
            ui.fit(
                &format!(
                    "The last {} of {asked} weeks fit; pipe it for all.",
                    r.weeks.len()
                ),
                ui.width.unwrap_or(usize::MAX)
            )
        );
    }
    out
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
