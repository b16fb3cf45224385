//! Turning reports into text for a terminal or a pipe, and into JSON.
//!
//! Every function returns a `String`; only `main` writes to stdout. Text from a roadmap or a
//! note goes through [`crate::text`] first. On a terminal (`Ui::width` is set) lines are fitted
//! to its width and bars are drawn with block characters; in a pipe nothing is cut or
//! wrapped and bars are ASCII. Colour is a separate choice (`Ui::color`).

use std::fmt::Write as _;

use chrono::{Datelike, Local};
use comfy_table::Color;
use serde::Serialize;

use crate::model::{Event, EventKind, State};
use crate::report::{Counts, ShowReport, StatusReport, TopicRef, TopicRow, WriteReport};
use crate::text::{clean, fit, line, pad, width, wrap};
use crate::timeparse::format_minutes;

mod grid;
pub mod markdown;
mod plan;

use grid::{Grid, GridCell, ListColumn, RowList};

pub use plan::{due, hours_only, plan, today};

/// How output should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// Whether to use ANSI colour.
    pub color: bool,
    /// The terminal's width, or `None` in a pipe (nothing is cut then).
    pub width: Option<usize>,
}

impl Ui {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub(crate) fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    fn state(&self, state: State) -> String {
        let code = match state {
            State::Done => "32",
            State::Doing => "33",
            State::Skipped => "2",
            State::Todo => "0",
        };
        if state == State::Todo {
            state.as_str().to_string()
        } else {
            self.paint(code, state.as_str())
        }
    }

    /// Cuts `s` to `max` columns on a terminal; leaves it whole in a pipe.
    pub(crate) fn fit<'a>(&self, s: &'a str, max: usize) -> std::borrow::Cow<'a, str> {
        if self.width.is_some() {
            fit(s, max)
        } else {
            std::borrow::Cow::Borrowed(s)
        }
    }

    fn bar(&self, percent: f64, cells: usize) -> String {
        let filled = ((percent / 100.0) * cells as f64).round() as usize;
        let filled = filled.min(cells);
        let (on, off) = if self.width.is_some() {
            ("█", "░")
        } else {
            ("#", "-")
        };
        let done = on.repeat(filled);
        let rest = off.repeat(cells - filled);
        format!("[{}{}]", self.paint("32", &done), self.dim(&rest))
    }
}

/// Writes `value` as pretty JSON and a newline to `out`, without building it in memory.
/// C1 and bidi controls in its strings are escaped ([`crate::json`]).
pub fn write_json<T: Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    crate::json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Writes a JSON array, pretty, exactly as [`write_json`] writes a `Vec` of the same
/// items, as `fill` hands them over one by one, so that they need not all be held.
pub fn write_json_seq<T: Serialize>(
    out: &mut dyn std::io::Write,
    fill: impl FnOnce(&mut dyn FnMut(T) -> crate::error::Result<()>) -> crate::error::Result<()>,
) -> crate::error::Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    let mut json = crate::json::pretty(&mut *out);
    let mut seq = json.serialize_seq(None).map_err(std::io::Error::from)?;
    fill(&mut |item| Ok(seq.serialize_element(&item).map_err(std::io::Error::from)?))?;
    seq.end().map_err(std::io::Error::from)?;
    Ok(out.write_all(b"\n")?)
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
pub fn status(r: &StatusReport, ui: &Ui) -> String {
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
        let _ = writeln!(out, "Target {}: {}", p.by, plan::verdict(p));
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

/// `list` and `next` as a table.
pub fn topics(rows: &[TopicRow], ui: &Ui) -> String {
    if rows.is_empty() {
        return "No topics match.\n".to_string();
    }
    // Ids stay whole so that they can be copied; a long title is cut, not wrapped.
    let mut grid = Grid::new(&["ID", "STATE", "SECTION", "EST", "TITLE"])
        .whole(&[0, 1, 3])
        .droppable(&[2, 3])
        .one_line();
    for t in rows {
        let state = if t.retired {
            format!("{} (retired)", t.state.as_str())
        } else {
            t.state.as_str().to_string()
        };
        let state = match t.state {
            State::Done => GridCell::colored(state, Color::Green),
            State::Doing => GridCell::colored(state, Color::Yellow),
            State::Skipped => GridCell::colored(state, Color::DarkGrey),
            State::Todo => GridCell::new(state),
        };
        grid.row(vec![
            GridCell::new(&*t.id),
            state,
            GridCell::new(line(&t.section)),
            GridCell::new(t.estimate.unwrap_or("")),
            GridCell::new(line(&t.title)),
        ]);
    }
    grid.render(ui)
}

/// `next` as text: the table, or why it is empty.
pub fn next(rows: &[TopicRow], any_todo: bool, ui: &Ui) -> String {
    match (rows.is_empty(), any_todo) {
        (false, _) => topics(rows, ui),
        (true, true) => "Nothing to start: every todo topic waits on a prerequisite.\n".into(),
        (true, false) => "Nothing to start: no topic is left to do.\n".into(),
    }
}

/// `show` as text.
pub fn show(r: &ShowReport, ui: &Ui) -> String {
    let t = &r.topic;
    let mut out = String::new();
    // On a terminal, prose is wrapped and one-line rows are cut to its width; links are
    // never cut, so that they still open.
    let wrapped = |out: &mut String, text: &str, bold: bool| {
        let lines = match ui.width {
            Some(w) => wrap(text, w.saturating_sub(1).max(20)),
            None => vec![text.to_string()],
        };
        for l in lines {
            let _ = writeln!(out, "{}", if bold { ui.bold(&l) } else { l });
        }
    };
    wrapped(&mut out, &format!("{} ({})", line(&t.title), t.id), true);
    let mut facts = vec![format!("section: {}", line(&r.section_title))];
    if t.retired {
        // Its kind and estimate went with the roadmap version that had it.
        facts.push("retired from the roadmap".to_string());
    } else {
        facts.push(t.kind.to_string());
    }
    if let Some(e) = &t.estimate {
        facts.push(format!("estimate {e}"));
    }
    facts.push(ui.state(t.state));
    if r.minutes_logged > 0 {
        facts.push(format!("logged {}", format_minutes(r.minutes_logged)));
    }
    wrapped(&mut out, &facts.join(" · "), false);
    if !t.summary.is_empty() {
        out.push('\n');
        wrapped(&mut out, clean(t.summary).trim_end(), false);
    }
    let related = |out: &mut String, heading: &str, items: &[crate::report::Related]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{}", ui.bold(heading));
        // The state is what a list of prerequisites is for: the title goes first.
        let mut list = RowList::new(&[ListColumn::fixed(7), ListColumn::WHOLE, ListColumn::TEXT])
            .droppable(&[2]);
        for i in items {
            list.row(vec![
                i.state.as_str().to_string(),
                i.id.clone(),
                line(&i.title).into_owned(),
            ]);
        }
        list.render(ui, out);
    };
    related(&mut out, "Prerequisites", &r.prerequisites);
    related(&mut out, "Unlocks", &r.unlocks);
    if !r.resources.is_empty() {
        let _ = writeln!(out, "\n{}", ui.bold("Resources"));
        let room = ui.width.map_or(usize::MAX, |w| w.saturating_sub(4).max(10));
        for res in &r.resources {
            let _ = writeln!(
                out,
                "  - {}\n    {}",
                ui.fit(&line(&res.title), room),
                line(&res.url)
            );
        }
    }
    if !r.events.is_empty() {
        let _ = writeln!(out, "\n{}", ui.bold("History"));
        let mut list = RowList::new(&[ListColumn::WHOLE, ListColumn::TEXT]);
        for e in &r.events {
            list.row(vec![when(e), event_text(e)]);
        }
        list.render(ui, &mut out);
    }
    out
}

fn when(e: &Event) -> String {
    local_minute(e.at.with_timezone(&Local))
}

/// Local times of many events, each zone offset looked up once an hour: a week of ten
/// thousand events would otherwise look it up ten thousand times.
#[derive(Default)]
struct LocalTimes {
    /// An hour (Unix seconds / 3600) whose offset is the same all through, and that offset.
    hour: Option<(i64, chrono::FixedOffset)>,
}

impl LocalTimes {
    fn when(&mut self, at: chrono::DateTime<chrono::Utc>) -> String {
        use chrono::{Offset, TimeZone};
        let hour = at.timestamp().div_euclid(3600);
        let offset = match self.hour {
            Some((h, offset)) if h == hour => offset,
            _ => {
                let offset_at = |secs: i64| {
                    chrono::DateTime::from_timestamp(secs, 0)
                        .map(|t| Local.offset_from_utc_datetime(&t.naive_utc()).fix())
                };
                let offset = Local.offset_from_utc_datetime(&at.naive_utc()).fix();
                // Cached only if no change of offset falls inside the hour.
                if offset_at(hour * 3600) == Some(offset)
                    && offset_at(hour * 3600 + 3599) == Some(offset)
                {
                    self.hour = Some((hour, offset));
                }
                offset
            }
        };
        local_minute(at.with_timezone(&offset))
    }
}

/// `2026-11-23 20:00` for a time in any zone.
fn local_minute<Tz: chrono::TimeZone>(t: chrono::DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    use chrono::{Datelike, Timelike};
    // By hand: chrono's format parses its pattern on every call, which showed when a week
    // holds ten thousand events.
    if (0..=9999).contains(&t.year()) {
        let y = t.year() as u32;
        let mut out = String::with_capacity(16);
        for (n, sep) in [
            (y / 100, ""),
            (y % 100, "-"),
            (t.month(), "-"),
            (t.day(), " "),
            (t.hour(), ":"),
            (t.minute(), ""),
        ] {
            out.push(char::from(b'0' + (n / 10) as u8));
            out.push(char::from(b'0' + (n % 10) as u8));
            out.push_str(sep);
        }
        out
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// An event's kind with its details: `log 1h30m`, `review good`, `note: text`.
pub fn event_text(e: &Event) -> String {
    let mut s = String::with_capacity(16 + e.note.as_ref().map_or(0, String::len));
    s.push_str(e.kind.as_str());
    if let Some(m) = e.minutes {
        s.push(' ');
        s.push_str(&format_minutes(u64::from(m)));
    }
    if let Some(r) = e.rating {
        s.push(' ');
        s.push_str(r.as_str());
    }
    if let Some(n) = &e.note {
        s.push_str(": ");
        s.push_str(&line(n));
    }
    s
}

/// The confirmation of a write command.
pub fn write(r: &WriteReport, ui: &Ui) -> String {
    let e = &r.event;
    let title = line(&r.title);
    let on = e.at.with_timezone(&Local).format("%Y-%m-%d");
    let change = if r.decided_later {
        format!(
            "still {}: a later event decides (roadmap history --topic {})",
            ui.state(r.after),
            e.topic
        )
    } else if r.before == r.after && e.kind == EventKind::Uncheck {
        format!("still {}: nothing to undo", ui.state(r.after))
    } else if r.before == r.after {
        format!("still {}", ui.state(r.after))
    } else {
        format!("{} -> {}", r.before.as_str(), ui.state(r.after))
    };
    let what = match e.kind {
        EventKind::Log => format!(
            "logged {} on {}",
            format_minutes(u64::from(e.minutes.unwrap_or(0))),
            e.topic
        ),
        EventKind::Note => format!("noted on {}", e.topic),
        EventKind::Review => format!(
            "reviewed {} as {}",
            e.topic,
            e.rating.map_or("good", |r| r.as_str())
        ),
        kind => format!("{} {}", kind.as_str(), e.topic),
    };
    let review = match (r.after, r.next_review) {
        (State::Done, Some(due)) => format!("; next review {due}"),
        _ => String::new(),
    };
    format!("{what} ({title}) on {on}: {change}{review}\n")
}

/// How many weeks of the activity calendar fit a terminal `width` columns wide: a day's
/// name and a space, then two columns a week.
pub fn activity_weeks_fitting(width: usize) -> u32 {
    u32::try_from(width.saturating_sub(4) / 2)
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The activity calendar: one row per weekday, one column per week, shaded by study time.
/// `asked` is the number of weeks asked for; fewer are shown when fewer fit the terminal.
pub fn activity(r: &crate::report::activity::ActivityReport, asked: u32, ui: &Ui) -> String {
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
        days(r.active_days as u32)
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
                        ui.paint("32", shade)
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

/// `roadmaps`: every roadmap the store has synced; `current` is marked.
pub fn roadmaps(known: &[crate::model::KnownRoadmap], current: &str, ui: &Ui) -> String {
    let mut grid = Grid::new(&["", "ID", "VERSION", "TOPICS", "TITLE"])
        .whole(&[1])
        .one_line();
    for r in known {
        grid.row(vec![
            GridCell::new(if r.id == current { "*" } else { "" }),
            GridCell::new(r.id.as_str()),
            GridCell::new(r.version.to_string()),
            GridCell::new(r.topics.to_string()),
            GridCell::new(line(&r.title)),
        ]);
    }
    grid.render(ui)
}

/// `history` as a table, newest first.
pub fn history(events: &[Event], ui: &Ui) -> String {
    if events.is_empty() {
        return "No events in that period.\n".to_string();
    }
    if ui.width.is_none() {
        return history_in_pipe(events);
    }
    // The event column wraps: a note is there to be read. On a terminal too narrow for its
    // words, the time goes first (the order still tells it), or the topic when every event
    // is of one topic, as with `--topic`.
    let one_topic = events.iter().all(|e| e.topic == events[0].topic);
    let droppable: &[usize] = if one_topic { &[1, 0] } else { &[0] };
    let mut grid = Grid::new(&["WHEN", "TOPIC", "EVENT"])
        .whole(&[0, 1])
        .droppable(droppable);
    for e in events {
        grid.row(vec![
            GridCell::new(when(e)),
            GridCell::new(line(&e.topic)),
            GridCell::new(event_text(e)),
        ]);
    }
    grid.render(ui)
}

/// `history` in a pipe: the lines [`Grid`] would write there, written straight out. A week
/// can hold ten thousand events, and a script reads them all.
fn history_in_pipe(events: &[Event]) -> String {
    let mut pipe = HistoryPipe::new(events.iter().map(|e| e.topic.as_str()), None);
    let whens: Vec<String> = events.iter().map(|e| pipe.local.when(e.at)).collect();
    pipe.when_width = whens.iter().map(|w| width(w)).max().unwrap_or(0).max(4);
    let mut out = String::with_capacity((pipe.topic_width + 60) * (events.len() + 1));
    pipe.header(&mut out);
    for (e, when) in events.iter().zip(&whens) {
        pipe.line(&mut out, e, when);
    }
    out
}

/// `history` in a pipe, a line at a time, for periods too long to hold: the columns are
/// as wide as [`Grid`] would make them for the same events, given their topics up front.
/// Given a terminal's width, each line is cut to it.
pub struct HistoryPipe {
    when_width: usize,
    topic_width: usize,
    local: LocalTimes,
    cut_at: Option<usize>,
}

impl HistoryPipe {
    /// Columns for events with these topics (each at least once).
    pub fn new<'t>(topics: impl Iterator<Item = &'t str>, cut_at: Option<usize>) -> HistoryPipe {
        HistoryPipe {
            // `2026-11-23 20:00`: every local time of years 0 to 9999. (Only the last
            // hours of 9999, in a zone east of UTC, would be wider, and pushed over by one.)
            when_width: 16,
            topic_width: topics.map(|t| width(&line(t))).max().unwrap_or(0).max(5),
            local: LocalTimes::default(),
            cut_at,
        }
    }

    pub fn header(&self, out: &mut String) {
        self.cell(out, "WHEN", self.when_width);
        self.cell(out, "TOPIC", self.topic_width);
        out.push_str("EVENT\n");
    }

    pub fn event(&mut self, out: &mut String, e: &Event) {
        let when = self.local.when(e.at);
        self.line(out, e, &when);
    }

    fn line(&self, out: &mut String, e: &Event, when: &str) {
        let start = out.len();
        self.cell(out, when, self.when_width);
        self.cell(out, &line(&e.topic), self.topic_width);
        out.push_str(&event_text(e));
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        if let Some(max) = self.cut_at
            && let std::borrow::Cow::Owned(cut) = fit(&out[start..], max)
        {
            out.truncate(start);
            out.push_str(&cut);
        }
        out.push('\n');
    }

    fn cell(&self, out: &mut String, text: &str, w: usize) {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', w + 2 - width(text).min(w)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Activity, SectionStatus};

    #[test]
    fn history_in_a_pipe_is_what_the_grid_writes() {
        let event = |topic: &str, kind: EventKind, at: i64, note: Option<&str>| Event {
            id: "i".into(),
            topic: topic.into(),
            kind,
            at: chrono::DateTime::from_timestamp(at, 0).unwrap(),
            minutes: (kind == EventKind::Log).then_some(95),
            note: note.map(str::to_string),
            rating: (kind == EventKind::Review).then_some(crate::model::Rating::Hard),
        };
        let events = [
            event("sql-joins", EventKind::Log, 1_763_900_000, None),
            event(
                "日本語-トピック",
                EventKind::Note,
                1_763_800_000,
                Some("wide ✓ and \t tab  "),
            ),
            event("x", EventKind::Review, 1_700_000_000, None),
            event(
                "ctl\u{1b}[31m",
                EventKind::Note,
                0,
                Some("ends in spaces   "),
            ),
            event(
                "long-topic-name-of-some-length",
                EventKind::Check,
                253_402_300_800,
                None,
            ),
        ];
        let mut grid = Grid::new(&["WHEN", "TOPIC", "EVENT"]);
        for e in &events {
            grid.row(vec![
                GridCell::new(when(e)),
                GridCell::new(line(&e.topic)),
                GridCell::new(event_text(e)),
            ]);
        }
        let pipe = Ui {
            color: false,
            width: None,
        };
        assert_eq!(history_in_pipe(&events), grid.render(&pipe));
        assert_eq!(history(&events, &pipe), history_in_pipe(&events));
    }

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
            reviews_due: 0,
            plan: None,
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
        let out = status(&report("Section"), &ui);
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
        let out = status(&r, &ui);
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
        let colored = status(
            &report("S"),
            &Ui {
                color: true,
                width: Some(80),
            },
        );
        assert!(colored.contains("\x1b[32m"));
    }
}
