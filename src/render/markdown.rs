//! The summary as a Markdown document (GitHub-flavoured; plain CommonMark plus tables).
//!
//! The output is the same on a terminal and in a pipe. Text from the roadmap and from notes
//! is neutralised and escaped, so a title cannot break a table or inject links or HTML.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::model::EventKind;
use crate::report::summary::{Dated, SummaryReport};
use crate::text;
use crate::timeparse::format_minutes;

/// Escapes text for inline Markdown: control characters neutralised, line breaks folded,
/// and every character with a Markdown meaning backslash-escaped.
pub fn inline(s: &str) -> String {
    let shown = text::line(s);
    let shown = shown.trim();
    let marker = list_marker_end(shown);
    // Most text has nothing to escape: one pass over the bytes, one copy.
    if marker.is_none() && !shown.bytes().any(needs_escape) {
        return shown.to_string();
    }
    let mut out = String::with_capacity(shown.len() + 8);
    for (i, c) in shown.char_indices() {
        if (c.is_ascii() && needs_escape(c as u8)) || marker == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where text that is put at the start of a line or a list item would begin a list (or a
/// setext heading's underline) and change the rendering: the offset of the `-`, `+` or `=`
/// it starts with, or of the `.` or `)` after the number it starts with (`1. Intro`).
fn list_marker_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    match bytes.first()? {
        b'-' | b'+' | b'=' => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(bytes.get(digits), Some(b'.' | b')')).then_some(digits)
        }
        _ => None,
    }
}

/// Characters that mean something to Markdown (or to GitHub's tables and HTML) inline.
fn needs_escape(b: u8) -> bool {
    matches!(
        b,
        b'\\'
            | b'`'
            | b'*'
            | b'_'
            | b'['
            | b']'
            | b'<'
            | b'>'
            | b'|'
            | b'#'
            | b'~'
            | b'&'
            | b'!'
            | b'{'
            | b'}'
    )
}

/// `Mon 16 Nov`: written out rather than through chrono's formatter, which parses its
/// pattern on every call (a busy week's notes call this thousands of times).
fn day(d: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {}",
        WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize]
    )
}

/// `16–22 Nov 2026`, `30 Nov – 6 Dec 2026`, `29 Dec 2025 – 4 Jan 2026`.
fn range(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        from.format("%-d %b %Y").to_string()
    } else if from.year() != to.year() {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    } else if from.month() != to.month() {
        format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
    } else {
        format!("{}–{}", from.format("%-d"), to.format("%-d %b %Y"))
    }
}

fn topic(id: &str, title: &str) -> String {
    format!("{} (`{}`)", inline(title), inline(id).replace('`', ""))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The whole document, ending with a newline.
pub fn summary(r: &SummaryReport, made_on: NaiveDate) -> String {
    let mut out = String::new();
    let p = &r.period;
    let span = range(p.from, p.to);
    let (noun, heading) = match &p.week {
        Some(w) => ("this week", format!("Week {w} · {span}")),
        None => ("in this period", format!("Summary · {span}")),
    };
    let _ = writeln!(out, "# {heading}\n");

    let m = &r.progress;
    let mut line = format!(
        "**{}**: {} of {} topics done ({:.1}%)",
        inline(&r.roadmap.title),
        m.end.done,
        m.end.total - m.end.skipped,
        m.end.percent
    );
    match m.done_delta {
        0 => {}
        d if d > 0 => {
            let _ = write!(line, ", up {d} {noun} (+{:.1} points)", m.percent_delta);
        }
        d => {
            let _ = write!(line, ", down {} {noun} ({:.1} points)", -d, m.percent_delta);
        }
    }
    if m.end.doing > 0 {
        let _ = write!(line, "; {} in progress", m.end.doing);
    }
    let _ = writeln!(out, "{line}.\n");
    if let Some(plan) = &r.plan {
        let _ = writeln!(
            out,
            "**Target {}**: {}; {} a week needed.\n",
            plan.by,
            super::plan::verdict(plan),
            format_minutes((plan.hours_per_week_needed * 60.0).round() as u64)
        );
    }

    if !r.active {
        let _ = writeln!(
            out,
            "A quiet stretch: nothing was recorded {noun}. One short session on one topic is \
             enough to get going again.\n"
        );
        next_up(&mut out, r);
        footer(&mut out, made_on);
        return out;
    }

    let s = &r.study;
    let _ = writeln!(
        out,
        "| Completed | Started | Studied | Days studied | Streak |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} of {} | {} of {} | {} (longest {}) |\n",
        r.completed.len(),
        r.started.len(),
        format_minutes(s.total_minutes),
        format_minutes(s.target_minutes),
        s.days_studied,
        s.by_day.len(),
        plural(r.streak.current_days as usize, "day", "days"),
        r.streak.longest_days
    );

    dated_table(&mut out, "Completed", &r.completed);
    dated_table(&mut out, "Started", &r.started);

    if s.total_minutes > 0 {
        let _ = writeln!(out, "## Study time\n");
        let _ = writeln!(out, "| Day | Time |\n|---|---:|");
        // A long period lists only the days with time.
        let long = s.by_day.len() > 14;
        for d in s.by_day.iter().filter(|d| !long || d.minutes > 0) {
            let time = if d.minutes == 0 {
                "–".to_string()
            } else {
                format_minutes(d.minutes)
            };
            let _ = writeln!(out, "| {} | {time} |", day(d.date));
        }
        let _ = writeln!(
            out,
            "| **Total** | **{}** |\n",
            format_minutes(s.total_minutes)
        );
        let _ = writeln!(out, "| Section | Time |\n|---|---:|");
        for sec in &s.by_section {
            let _ = writeln!(
                out,
                "| {} | {} |",
                inline(&sec.title),
                format_minutes(sec.minutes)
            );
        }
        out.push('\n');
    }

    if !r.notes.is_empty() {
        let _ = writeln!(out, "## Notes\n");
        for n in &r.notes {
            // A note given with another event says which.
            let with = match n.kind {
                EventKind::Note => String::new(),
                kind => format!(" ({})", kind.as_str()),
            };
            let _ = writeln!(
                out,
                "- **{}**, {}{with}: {}",
                day(n.date),
                inline(&n.title),
                inline(&n.text)
            );
        }
        out.push('\n');
    }
    next_up(&mut out, r);
    footer(&mut out, made_on);
    out
}

fn dated_table(out: &mut String, heading: &str, items: &[Dated]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    let _ = writeln!(out, "| Topic | Section | Day |\n|---|---|---|");
    for d in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            topic(&d.id, &d.title),
            inline(&d.section_title),
            day(d.date)
        );
    }
    out.push('\n');
}

fn next_up(out: &mut String, r: &SummaryReport) {
    if r.next.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Next up\n");
    for (i, n) in r.next.iter().enumerate() {
        let estimate = n
            .estimate
            .as_deref()
            .map(|e| format!(", about {e}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}. {}{estimate}", i + 1, topic(&n.id, &n.title));
    }
    out.push('\n');
}

fn footer(out: &mut String, made_on: NaiveDate) {
    let _ = writeln!(out, "---\n\n_Made with `roadmap summary` on {made_on}._");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn escaping() {
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("[x](http://e) <b>"), "\\[x\\](http://e) \\<b\\>");
        assert_eq!(
            inline("# not a heading\nsecond"),
            "\\# not a heading second"
        );
        assert_eq!(inline("esc\u{1b}[1m"), "esc\u{241b}\\[1m");
        assert_eq!(inline("C++ & Go_lang"), "C++ \\& Go\\_lang");
        // Text that would start a list where it begins a line or a list item.
        assert_eq!(inline("- dash title"), "\\- dash title");
        assert_eq!(inline("+ plus"), "\\+ plus");
        assert_eq!(inline("1) paren"), "1\\) paren");
        assert_eq!(inline("12. Intro"), "12\\. Intro");
        assert_eq!(inline("=== x"), "\\=== x");
        assert_eq!(inline("HTTP/2 vs 3.0 - a-b"), "HTTP/2 vs 3.0 - a-b");
        assert_eq!(inline("2-3 trees"), "2-3 trees");
    }

    #[test]
    fn ranges() {
        assert_eq!(range(d("2026-11-16"), d("2026-11-22")), "16–22 Nov 2026");
        assert_eq!(
            range(d("2026-11-30"), d("2026-12-06")),
            "30 Nov – 6 Dec 2026"
        );
        assert_eq!(
            range(d("2025-12-29"), d("2026-01-04")),
            "29 Dec 2025 – 4 Jan 2026"
        );
        assert_eq!(range(d("2026-11-16"), d("2026-11-16")), "16 Nov 2026");
    }
}
