//! Text for review, plan and today.

use std::fmt::Write as _;

use crate::report::plan::{DueItem, PlanReport, TodayItem, Verdict, Why};
use crate::text::{line, pad};
use crate::timeparse::format_minutes;

use super::Ui;
use super::grid::{Grid, GridCell};

/// `review` with no topic: what is due.
pub fn due(items: &[DueItem], ui: &Ui) -> String {
    if items.is_empty() {
        return "Nothing is due for review today.\n".to_string();
    }
    let mut grid = Grid::new(&["ID", "DUE", "OVERDUE", "TITLE"])
        .whole(&[0, 1, 2])
        .one_line();
    for d in items {
        let overdue = match d.overdue_days {
            0 => "today".to_string(),
            1 => "1 day".to_string(),
            n => format!("{n} days"),
        };
        grid.row(vec![
            GridCell::new(d.id.as_str()),
            GridCell::new(d.due.to_string()),
            GridCell::new(overdue),
            GridCell::new(line(&d.title)),
        ]);
    }
    let mut out = grid.render(ui);
    let _ = writeln!(
        out,
        "\nRecord each with: roadmap review TOPIC again|hard|good|easy"
    );
    out
}

fn hours(h: f64) -> String {
    format_minutes((h * 60.0).round() as u64)
}

/// The one-line verdict, shared by `plan` and `status`.
pub fn verdict(p: &PlanReport) -> String {
    match (p.verdict, p.projected_finish, p.days_late) {
        (_, _, _) if p.remaining_minutes == 0 => "everything is done".to_string(),
        (Verdict::Ahead, Some(f), Some(late)) => {
            format!("ahead: projected {f}, {} days early", -late)
        }
        (Verdict::OnTrack, Some(f), _) => format!("on track: projected {f}"),
        (Verdict::Behind, Some(f), Some(late)) => {
            format!("behind: projected {f}, {late} days late")
        }
        _ => "behind: no study logged in the last 4 weeks".to_string(),
    }
}

/// `plan`.
/// `plan --hours-per-week N` before any target date: what was saved, and what comes next.
pub fn hours_only(hours_per_week: f64) -> String {
    format!(
        "Weekly target: {} a week, saved.\n\
         No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n",
        hours(hours_per_week)
    )
}

pub fn plan(p: &PlanReport, ui: &Ui) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        ui.bold(&format!("Target {} ({} weeks left)", p.by, p.weeks_left))
    );
    let mut left = format!(
        "Left:      {}, about {}",
        crate::text::count(p.remaining_topics as u64, "topic"),
        format_minutes(p.remaining_minutes)
    );
    if p.unestimated_topics > 0 {
        let _ = write!(
            left,
            " ({} without an estimate, counted at 2h each)",
            p.unestimated_topics
        );
    }
    let _ = writeln!(out, "{left}");
    let _ = writeln!(
        out,
        "Needed:    {} a week to finish on time",
        hours(p.hours_per_week_needed)
    );
    match p.pace_hours_per_week {
        Some(pace) => {
            let over = match p.pace_weeks {
                Some(1) => "in your first week".to_string(),
                Some(n @ 2..=3) => format!("over your first {n} weeks"),
                _ => "over the last 4 weeks".to_string(),
            };
            let _ = writeln!(
                out,
                "Pace:      {} a week {over} (planned {})",
                hours(pace),
                hours(p.planned_hours_per_week)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Pace:      no history yet; assuming the planned {} a week",
                hours(p.planned_hours_per_week)
            );
        }
    }
    let _ = writeln!(out, "Verdict:   {}", verdict(p));
    out
}

/// `today`.
pub fn today(budget: u64, items: &[TodayItem], ui: &Ui) -> String {
    if items.is_empty() {
        return if budget == 0 {
            "No study time planned for today.\n".to_string()
        } else {
            "Nothing left to plan: every topic is done or skipped, and no review is due.\n"
                .to_string()
        };
    }
    let mut out = String::new();
    let planned: u64 = items.iter().map(|i| i.minutes).sum();
    let _ = writeln!(
        out,
        "{}\n",
        ui.bold(&format!(
            "Today: {} planned of {}",
            format_minutes(planned),
            format_minutes(budget)
        ))
    );
    let id_w = items.iter().map(|i| i.id.len()).max().unwrap_or(0);
    for i in items {
        let why = match i.why {
            Why::Review => "review",
            Why::Doing => "doing",
            Why::Next => "next",
        };
        let time = format_minutes(i.minutes);
        let room = ui
            .width
            .map_or(usize::MAX, |w| w.saturating_sub(id_w + 20).max(10));
        let _ = writeln!(
            out,
            "  {}  {:>6}  {}  {}",
            pad(why, 6),
            time,
            pad(&i.id, id_w),
            ui.fit(&line(&i.title), room)
        );
    }
    out
}
