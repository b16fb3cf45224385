//! `roadmap status [SECTION]`: overall and per-section progress, the topics in progress
//! and next up, the streak, this week's study time, reviews due and the target date's
//! projection.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{DateTime, Local, NaiveDate};
use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::State;
use crate::render::Ui;
use crate::render::grid::{ListColumn, RowList};
use crate::report::{self, Counts, Progress, RoadmapRef, TopicRef, TopicRow, next, streaks};
use crate::settings;
use crate::store::Store;
use crate::text::{line, pad, width};
use crate::timeparse::{format_minutes, monday_of};

use super::{Ctx, load_progress};

/// The arguments of `status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this section (its id)
    pub section: Option<String>,
}

/// Streaks and this week's study time.
pub fn activity(store: &Store, ctx: &Ctx) -> Result<Activity> {
    let today = ctx.today();
    let all = store.days(NaiveDate::MIN, today)?;
    let days: BTreeSet<NaiveDate> = all.iter().map(|d| d.day).collect();
    let (streak_days, longest_streak_days) = streaks(&days, today);
    let monday = monday_of(today);
    let minutes_this_week = all
        .iter()
        .filter(|d| d.day >= monday)
        .map(|d| d.minutes)
        .sum();
    Ok(Activity {
        streak_days,
        longest_streak_days,
        minutes_this_week,
        weekly_target_minutes: settings::weekly_target_minutes(store)?,
    })
}

/// `status [SECTION]`.
pub fn run(args: &Args, session: &mut Session) -> Result<StatusReport> {
    let (ctx, store) = session.split();
    let section = args.section.as_deref();
    if let Some(s) = section {
        ctx.section(s)?;
    }
    let store = store.open(&ctx)?;
    let progress = load_progress(store, ctx.roadmap)?;
    let mut r = status(&progress, section, activity(store, &ctx)?);
    r.reviews_due = report::plan::due_count(&progress, ctx.today());
    r.plan = super::projection(store, &ctx, &progress)?;
    r.last_sync = store.sync_value("last_sync")?;
    r.synced_with = match store.sync_value("remote")? {
        Some(remote) => Some(remote),
        None => store.sync_value("folder")?,
    };
    Ok(r)
}

/// A section's line in `status`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionStatus {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub counts: Counts,
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
    /// Before a track is chosen: the choice, which comes first (null once chosen).
    pub choice: Option<String>,
    /// The track chosen, if the roadmap has tracks.
    pub track: Option<String>,
    /// How many done topics are due for review.
    pub reviews_due: usize,
    /// The projection to the target date, when one is set.
    pub plan: Option<report::plan::PlanReport>,
    /// When this store last synced (`roadmap sync`), RFC 3339; null when never.
    pub last_sync: Option<String>,
    /// The remote or folder it syncs with, once sync is set up (shown as text only).
    #[serde(skip)]
    pub synced_with: Option<String>,
}

/// How many topics `status` lists as next up.
pub const STATUS_NEXT: usize = 5;

/// Builds `status`, for the whole roadmap or one section.
pub(crate) fn status(
    progress: &Progress,
    section: Option<&str>,
    activity: Activity,
) -> StatusReport {
    let in_scope = |t: &&TopicRow| section.is_none_or(|s| t.section == s);
    let sections = progress
        .sections
        .iter()
        .filter(|(id, _)| section.is_none_or(|s| s == id))
        .map(|(id, title)| SectionStatus {
            id: id.clone(),
            title: title.clone(),
            counts: Counts::of(progress.counted().filter(|t| &t.section == id)),
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
        counts: Counts::of(progress.counted().filter(in_scope)),
        sections,
        activity,
        next: up_next.iter().map(|t| t.id.clone()).collect(),
        in_progress: progress
            .counted()
            .filter(in_scope)
            .filter(|t| t.state == State::Doing)
            .map(TopicRef::from)
            .collect(),
        up_next,
        choice: crate::report::choice(progress),
        track: progress.track.clone(),
        reviews_due: 0,
        plan: None,
        last_sync: None,
        synced_with: None,
    }
}

fn counts_line(c: &Counts) -> String {
    let mut s = format!("{} of {} done ({:.1}%)", c.done, c.total, c.percent);
    if c.doing > 0 {
        let _ = write!(s, ", {} doing", c.doing);
    }
    if c.skipped > 0 {
        let _ = write!(s, ", {} skipped", c.skipped);
    }
    s
}

/// `status` as text.
pub fn render(r: &StatusReport, ui: &Ui) -> String {
    let mut out = String::new();
    let title = line(&r.roadmap.title);
    let scope = match (&r.section, r.sections.first()) {
        (Some(_), Some(s)) => format!("{title}: {}", line(&s.title)),
        _ => title.into_owned(),
    };
    // A long title is cut, never the counts after it.
    let counts = counts_line(&r.counts);
    let room = ui
        .width
        .map_or(usize::MAX, |w| w.saturating_sub(width(&counts) + 2).max(10));
    let head = format!("{}: {counts}", ui.fit(&scope, room));
    let _ = writeln!(out, "{}", ui.bold(&head));
    let wide = ui.width.unwrap_or(80);
    let overall_cells = wide.saturating_sub(10).clamp(10, 50);
    let _ = writeln!(
        out,
        "{} {:>5.1}%",
        ui.bar(r.counts.percent, overall_cells),
        r.counts.percent
    );

    if !r.sections.is_empty() && (r.section.is_none() || r.sections.len() > 1) {
        out.push('\n');
        let cells = if wide < 60 { 10 } else { 20 };
        let counts: Vec<String> = r
            .sections
            .iter()
            .map(|s| format!("{}/{}", s.counts.done, s.counts.total - s.counts.skipped))
            .collect();
        let count_w = counts.iter().map(|c| c.len()).max().unwrap_or(3);
        // "  " title "  " [bar] "  " count "  " percent
        let fixed = 2 + 2 + (cells + 2) + 2 + count_w + 2 + 6;
        let longest = r
            .sections
            .iter()
            .map(|s| width(&line(&s.title)))
            .max()
            .unwrap_or(0);
        let title_w = match ui.width {
            Some(w) => longest.min(w.saturating_sub(fixed).max(8)),
            None => longest,
        };
        for (s, count) in r.sections.iter().zip(&counts) {
            let t = line(&s.title);
            let _ = writeln!(
                out,
                "  {}  {}  {:>count_w$}  {:>5.1}%",
                pad(&ui.fit(&t, title_w), title_w),
                ui.bar(s.counts.percent, cells),
                count,
                s.counts.percent,
            );
        }
    }

    topic_block(&mut out, ui, "Doing", &r.in_progress);
    if let Some(choice) = &r.choice {
        let _ = write!(out, "\nFirst, {choice}\n");
    }
    topic_block(&mut out, ui, "Next up", &r.up_next);
    out.push('\n');
    let mut foot = format!(
        "Streak: {} (longest {})",
        days(r.activity.streak_days),
        days(r.activity.longest_streak_days)
    );
    let _ = write!(
        foot,
        "   This week: {} of {}",
        format_minutes(r.activity.minutes_this_week),
        format_minutes(r.activity.weekly_target_minutes)
    );
    let _ = writeln!(out, "{foot}");
    if r.reviews_due > 0 {
        let _ = writeln!(out, "Reviews due: {} (roadmap review)", r.reviews_due);
    }
    if let Some(p) = &r.plan {
        let _ = writeln!(out, "Target {}: {}", p.by, crate::render::verdict(p));
    }
    if let Some(with) = &r.synced_with {
        let when = r
            .last_sync
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map_or_else(
                || "never".to_string(),
                |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
            );
        let _ = writeln!(out, "Last sync: {when} with {}", line(with));
    }
    out
}

fn days(n: u32) -> String {
    crate::text::count(n, "day")
}

fn topic_block(out: &mut String, ui: &Ui, heading: &str, topics: &[TopicRef]) {
    if topics.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", ui.bold(heading));
    let mut list = RowList::new(&[ListColumn::WHOLE, ListColumn::TEXT]).droppable(&[1]);
    for t in topics {
        list.row(vec![t.id.clone(), line(&t.title).into_owned()]);
    }
    list.render(ui, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::percent;
    use crate::report::tests::{progress, sample, with_retired_done};

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
        let roadmap = sample();
        let p = with_retired_done(&roadmap);
        assert_eq!(status(&p, None, Activity::default()).counts.done, 0);
    }

    use crate::text::width;

    fn report(title: &str) -> StatusReport {
        let counts = Counts {
            total: 4,
            done: 1,
            doing: 1,
            skipped: 0,
            percent: 25.0,
        };
        StatusReport {
            roadmap: crate::report::RoadmapRef {
                id: "r".into(),
                title: "R".into(),
            },
            section: None,
            counts,
            sections: vec![SectionStatus {
                id: "s".into(),
                title: title.into(),
                counts,
            }],
            activity: Activity {
                streak_days: 1,
                longest_streak_days: 3,
                minutes_this_week: 90,
                weekly_target_minutes: 600,
            },
            next: vec!["b".into()],
            choice: None,
            track: None,
            reviews_due: 0,
            plan: None,
            last_sync: None,
            synced_with: None,
            in_progress: vec![TopicRef {
                id: "a".into(),
                title: "A\u{1b}[2J".into(),
            }],
            up_next: vec![TopicRef {
                id: "b".into(),
                title: "B".into(),
            }],
        }
    }

    #[test]
    fn status_in_a_pipe_is_plain() {
        let ui = Ui {
            color: false,
            width: None,
        };
        let out = render(&report("Section"), &ui);
        assert_eq!(
            out,
            "R: 1 of 4 done (25.0%), 1 doing\n\
             [#############-------------------------------------]  25.0%\n\
             \n  Section  [#####---------------]  1/4   25.0%\n\
             \nDoing\n  a  A\u{241b}[2J\n\
             \nNext up\n  b  B\n\
             \nStreak: 1 day (longest 3 days)   This week: 1h30m of 10h\n"
        );
    }

    #[test]
    fn status_fits_a_narrow_terminal() {
        let ui = Ui {
            color: false,
            width: Some(80),
        };
        let long = "A very long section title that goes on and on well past any sensible width";
        let mut r = report(long);
        r.roadmap.title = long.to_string();
        let out = render(&r, &ui);
        for l in out.lines() {
            assert!(width(l) <= 80, "too wide: {l:?}");
        }
        assert!(out.contains('…'));
        // The title is cut, the counts after it are kept.
        assert!(
            out.lines()
                .next()
                .unwrap()
                .ends_with("…: 1 of 4 done (25.0%), 1 doing")
        );
        let colored = render(
            &report("S"),
            &Ui {
                color: true,
                width: Some(80),
            },
        );
        assert!(colored.contains("\x1b[32m"));
    }
}
