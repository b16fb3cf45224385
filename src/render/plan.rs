//! Text for review, plan and today.

use std::fmt::Write as _;

use crate::report::plan::{DueItem, PlanReport, TodayItem, Verdict, Why};
use crate::text::{line, width, wrap};
use crate::timeparse::format_minutes;

use super::Ui;
use super::grid::{Grid, GridCell, ListColumn, RowList};

/// `review` with no topic: what is due.
pub fn due(items: &[DueItem], ui: &Ui) -> String {
    if items.is_empty() {
        return "Nothing is due for review today.\n".to_string();
    }
    // On a narrow terminal OVERDUE goes first (DUE says it too), then DUE: the list is
    // most overdue first.
    let mut grid = Grid::new(&["ID", "DUE", "OVERDUE", "TITLE"])
        .whole(&[0, 1, 2])
        .droppable(&[2, 1])
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
    let (lead, command) = (
        "Record each with:",
        "roadmap review TOPIC again|hard|good|easy",
    );
    out.push('\n');
    match ui.width {
        // The command on a line of its own, so that it stays whole where it can.
        Some(w) if width(lead) + 1 + width(command) > w && width(command) + 2 <= w => {
            let _ = writeln!(out, "{lead}\n  {command}");
        }
        Some(w) => {
            for l in wrap(&format!("{lead} {command}"), w) {
                let _ = writeln!(out, "{l}");
            }
        }
        None => {
            let _ = writeln!(out, "{lead} {command}");
        }
    }
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
    // On a narrow terminal the minutes go first (the heading has their sum), then the
    // titles: what to do with each topic is the plan.
    let mut list = RowList::new(&[
        ListColumn::fixed(6),
        ListColumn::fixed(6).right(),
        ListColumn::WHOLE,
        ListColumn::TEXT,
    ])
    .droppable(&[1, 3]);
    for i in items {
        let why = match i.why {
            Why::Review => "review",
            Why::Doing => "doing",
            Why::Next => "next",
        };
        list.row(vec![
            why.to_string(),
            format_minutes(i.minutes),
            i.id.clone(),
            line(&i.title).into_owned(),
        ]);
    }
    list.render(ui, &mut out);
    out
}
