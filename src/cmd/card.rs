//! `roadmap card [--theme light|dark|auto] [--output FILE]`: a self-contained SVG card of
//! 500×200 for a profile README: the roadmap's title, percentage and done/total, a bar per
//! section (the largest, when there are many), the current streak, the hours studied this
//! month and an activity strip of the last weeks.
//!
//! The counts are `status`'s own ([`super::status::status`]), so the card always agrees with
//! it. The SVG loads nothing (no font, image or script), every text in it is escaped
//! ([`crate::render::markup`]), and long texts are cut, so its size never changes.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::DayTotal;
use crate::render::markup::escape;
use crate::report::{Counts, Progress, RoadmapRef, streaks};
use crate::text::{fit, line};
use crate::timeparse::format_minutes;

use super::activity::Day;
use super::status::{Activity, SectionStatus};

/// The arguments of `card`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Colours: light, dark, or auto (follows the viewer's light or dark setting)
    #[arg(long, value_enum, default_value_t = Theme::Auto, value_name = "THEME")]
    pub theme: Theme,
    /// Write the SVG to this file instead of stdout (replaced whole, or not at all)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The card's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
    /// Light, or dark where the viewer prefers it (`prefers-color-scheme`).
    Auto,
}

/// The most sections the card has room for.
pub const CARD_SECTIONS: usize = 5;
/// The weeks of the activity strip, ending with this one.
pub const CARD_WEEKS: u32 = 17;

/// What the card shows (`--json` prints it instead of the SVG).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CardReport {
    pub roadmap: RoadmapRef,
    #[serde(flatten)]
    pub counts: Counts,
    /// The sections shown, in roadmap order: all, or the largest [`CARD_SECTIONS`].
    pub sections: Vec<SectionStatus>,
    /// Sections left out for want of room.
    pub more_sections: usize,
    pub streak_days: u32,
    pub minutes_this_month: u64,
    /// The activity strip: week columns, oldest first, Monday to Sunday.
    pub weeks: Vec<Vec<Day>>,
    pub theme: Theme,
    /// Where the SVG was written, with `--output`.
    pub output: Option<String>,
    #[serde(skip)]
    pub svg: String,
}

/// `card`: the output path is checked before the store is opened.
pub fn run(args: &Args, session: &mut Session) -> Result<CardReport> {
    if let Some(path) = &args.output {
        super::check_output(path)?;
    }
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    let progress = super::load_progress(store, ctx.roadmap)?;
    let days = store.days(NaiveDate::MIN, ctx.today())?;
    let mut r = card(&progress, &days, ctx.today(), args.theme);
    if let Some(path) = &args.output {
        super::write_atomic(path, r.svg.as_bytes())?;
        r.output = Some(path.display().to_string());
    }
    Ok(r)
}

/// Builds the card from the progress and the days with activity (oldest first).
pub fn card(progress: &Progress, days: &[DayTotal], today: NaiveDate, theme: Theme) -> CardReport {
    let status = super::status::status(progress, None, Activity::default());
    let (sections, more_sections) = largest(status.sections, CARD_SECTIONS);
    let active: std::collections::BTreeSet<NaiveDate> = days.iter().map(|d| d.day).collect();
    let first_of_month = today.with_day(1).unwrap_or(today);
    let mut r = CardReport {
        roadmap: status.roadmap,
        counts: status.counts,
        sections,
        more_sections,
        streak_days: streaks(&active, today).0,
        minutes_this_month: days
            .iter()
            .filter(|d| d.day >= first_of_month && d.day <= today)
            .map(|d| d.minutes)
            .sum(),
        weeks: super::activity::activity(days, today, CARD_WEEKS).weeks,
        theme,
        output: None,
        svg: String::new(),
    };
    r.svg = svg(&r);
    r
}

/// The `keep` largest sections by topic count (the first of equals), in roadmap order, and
/// how many were left out.
fn largest(mut sections: Vec<SectionStatus>, keep: usize) -> (Vec<SectionStatus>, usize) {
    if sections.len() <= keep {
        return (sections, 0);
    }
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sections[i].counts.total));
    let mut chosen = order[..keep].to_vec();
    chosen.sort_unstable();
    let more = sections.len() - keep;
    let mut kept = Vec::with_capacity(keep);
    for (i, s) in sections.drain(..).enumerate() {
        if chosen.binary_search(&i).is_ok() {
            kept.push(s);
        }
    }
    (kept, more)
}

const LIGHT: &str = ".bg{fill:#ffffff;stroke:#d0d7de}.fg{fill:#1f2328}.muted{fill:#59636e}\
.track{fill:#eaeef2}.bar{fill:#2da44e}.l0{fill:#ebedf0}.l1{fill:#9be9a8}.l2{fill:#40c463}\
.l3{fill:#30a14e}.l4{fill:#216e39}";
const DARK: &str = ".bg{fill:#0d1117;stroke:#30363d}.fg{fill:#e6edf3}.muted{fill:#9198a1}\
.track{fill:#21262d}.bar{fill:#3fb950}.l0{fill:#161b22}.l1{fill:#0e4429}.l2{fill:#006d32}\
.l3{fill:#26a641}.l4{fill:#39d353}";
const FONTS: &str = "text{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif}\
.title{font-size:15px;font-weight:600}.pct{font-size:24px;font-weight:700}\
.small{font-size:11px}.label{font-size:11px}.stat{font-size:18px;font-weight:700}";

/// `s` on one line, cut to about `px` pixels of text at `size` px (the width of a column of
/// a proportional font is taken as 0.6 em, which a bold Latin text rarely exceeds; a clip
/// path keeps the layout whatever the font), and escaped.
fn fitted(s: &str, px: f64, size: f64) -> String {
    let cols = (px / (size * 0.6)).floor().max(1.0) as usize;
    escape(&fit(&line(s), cols))
}

/// The card as SVG.
pub fn svg(r: &CardReport) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let title = escape(&fit(&line(&r.roadmap.title), 200));
    let pct = format!("{:.1}%", r.counts.percent);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"500\" height=\"200\" \
         viewBox=\"0 0 500 200\" role=\"img\" aria-labelledby=\"card-title\">\n\
         <title id=\"card-title\">{title}: {pct} done ({} of {})</title>\n<style>{FONTS}",
        r.counts.done, r.counts.total
    );
    match r.theme {
        Theme::Light => s.push_str(LIGHT),
        Theme::Dark => s.push_str(DARK),
        Theme::Auto => {
            let _ = write!(s, "{LIGHT}@media (prefers-color-scheme: dark){{{DARK}}}");
        }
    }
    s.push_str(
        "</style>\n<defs><clipPath id=\"card-clip-title\"><rect x=\"16\" y=\"8\" width=\"372\" \
         height=\"30\"/></clipPath><clipPath id=\"card-clip-left\"><rect x=\"16\" y=\"66\" \
         width=\"250\" height=\"130\"/></clipPath></defs>\n\
         <rect class=\"bg\" x=\"0.5\" y=\"0.5\" width=\"499\" height=\"199\" rx=\"8\"/>\n",
    );
    let _ = writeln!(
        s,
        "<text class=\"fg title\" x=\"16\" y=\"28\" clip-path=\"url(#card-clip-title)\">{}</text>",
        fitted(&r.roadmap.title, 372.0, 15.0)
    );
    let _ = writeln!(
        s,
        "<text class=\"fg pct\" x=\"484\" y=\"32\" text-anchor=\"end\">{pct}</text>"
    );
    let mut sub = format!("{} of {} topics done", r.counts.done, r.counts.total);
    if r.counts.doing > 0 {
        let _ = write!(sub, " · {} doing", r.counts.doing);
    }
    if r.counts.skipped > 0 {
        let _ = write!(sub, " · {} skipped", r.counts.skipped);
    }
    let _ = writeln!(
        s,
        "<text class=\"muted small\" x=\"16\" y=\"46\">{}</text>",
        escape(&sub)
    );
    bar(&mut s, 16.0, 54.0, 468.0, 6.0, r.counts.percent);

    // Left: a bar per section.
    s.push_str("<g clip-path=\"url(#card-clip-left)\">\n");
    for (i, sec) in r.sections.iter().enumerate() {
        let y = 82.0 + 22.0 * i as f64;
        let count = format!(
            "{}/{}",
            sec.counts.done,
            sec.counts.total - sec.counts.skipped
        );
        let _ = writeln!(
            s,
            "<text class=\"fg label\" x=\"16\" y=\"{y}\">{}</text>\
             <text class=\"muted label\" x=\"266\" y=\"{y}\" text-anchor=\"end\">{count}</text>",
            fitted(&sec.title, 150.0, 11.0)
        );
        bar(&mut s, 172.0, y - 7.0, 62.0, 6.0, sec.counts.percent);
    }
    if r.more_sections > 0 {
        let _ = writeln!(
            s,
            "<text class=\"muted small\" x=\"16\" y=\"190\">and {} more {}</text>",
            r.more_sections,
            if r.more_sections == 1 {
                "section"
            } else {
                "sections"
            }
        );
    }
    s.push_str("</g>\n");

    // Right: streak, this month, the activity strip.
    let _ = writeln!(
        s,
        "<text class=\"fg stat\" x=\"290\" y=\"88\">{}</text>\
         <text class=\"muted small\" x=\"290\" y=\"102\">day streak</text>\
         <text class=\"fg stat\" x=\"390\" y=\"88\">{}</text>\
         <text class=\"muted small\" x=\"390\" y=\"102\">this month</text>",
        r.streak_days,
        format_minutes(r.minutes_this_month)
    );
    for (w, week) in r.weeks.iter().enumerate() {
        for (d, day) in week.iter().enumerate() {
            let _ = write!(
                s,
                "<rect class=\"l{}\" x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" rx=\"2\"/>",
                day.level.min(4),
                290 + 11 * w,
                113 + 11 * d
            );
        }
        s.push('\n');
    }
    s.push_str("</svg>\n");
    s
}

/// A progress bar: its track and, when there is progress, the part done.
fn bar(s: &mut String, x: f64, y: f64, width: f64, height: f64, percent: f64) {
    let r = height / 2.0;
    let _ = write!(
        s,
        "<rect class=\"track\" x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" rx=\"{r}\"/>"
    );
    let done = (width * percent.clamp(0.0, 100.0) / 100.0).round();
    if done > 0.0 {
        let _ = write!(
            s,
            "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{done}\" height=\"{height}\" rx=\"{r}\"/>"
        );
    }
    s.push('\n');
}

/// `card` as text: the SVG, or with `--output` a line saying where it went.
pub fn render(r: &CardReport) -> String {
    match &r.output {
        Some(path) => format!(
            "wrote {} ({:.1}%, {} of {} done)\n",
            line(path),
            r.counts.percent,
            r.counts.done,
            r.counts.total
        ),
        None => r.svg.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{State, Status};
    use crate::report::tests::progress;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn counts_are_status_counts_and_the_month_is_this_month() {
        let p = progress(&[("a", State::Done), ("b", State::Skipped)]);
        let days = [
            DayTotal {
                day: d("2026-10-31"),
                events: 1,
                minutes: 600,
            },
            DayTotal {
                day: d("2026-11-22"),
                events: 2,
                minutes: 45,
            },
            DayTotal {
                day: d("2026-11-23"),
                events: 1,
                minutes: 30,
            },
        ];
        let r = card(&p, &days, d("2026-11-23"), Theme::Light);
        let s = super::super::status::status(&p, None, Activity::default());
        assert_eq!(r.counts, s.counts);
        assert_eq!(r.counts.percent, 33.3);
        assert_eq!((r.streak_days, r.minutes_this_month), (2, 75));
        assert_eq!(r.weeks.len(), CARD_WEEKS as usize);
        assert!(r.svg.contains(">33.3%</text>"));
        assert!(!r.svg.contains("@media"));
    }

    #[test]
    fn many_sections_keep_the_largest_in_order() {
        let mk = |id: &str, total| SectionStatus {
            id: id.into(),
            title: id.into(),
            counts: Counts {
                total,
                ..Counts::default()
            },
        };
        let all = vec![mk("a", 1), mk("b", 9), mk("c", 3), mk("d", 9), mk("e", 2)];
        let (kept, more) = largest(all, 3);
        let ids: Vec<&str> = kept.iter().map(|s| s.id.as_str()).collect();
        assert_eq!((ids, more), (vec!["b", "c", "d"], 2));
    }

    #[test]
    fn a_long_title_is_cut() {
        let mut p = progress(&[]);
        p.roadmap.title = "A very long roadmap title ".repeat(20);
        let r = card(&p, &[], d("2026-11-23"), Theme::Auto);
        let shown = r
            .svg
            .lines()
            .find(|l| l.contains("class=\"fg title\""))
            .unwrap();
        assert!(shown.contains('…'));
        assert!(shown.len() < 200, "{shown}");
        let _ = Status::default();
    }
}
