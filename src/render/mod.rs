//! What the renderers of every command share: the terminal's choices ([`Ui`]), JSON
//! output, event times and texts, the table engine ([`grid`]) and Markdown escaping; each
//! command renders its own report in its module under [`crate::cmd`].
//!
//! Every function returns a `String`; only `main` writes to stdout. Text from a roadmap or a
//! note goes through [`crate::text`] first. On a terminal (`Ui::width` is set) lines are fitted
//! to its width and bars are drawn with block characters; in a pipe nothing is cut or
//! wrapped and bars are ASCII. Colour is a separate choice (`Ui::color`).

use chrono::Local;
use comfy_table::Color;
use serde::Serialize;

use crate::model::{Event, State};
use crate::report::plan::{PlanReport, Verdict};
use crate::text::{fit, line};
use crate::timeparse::format_minutes;

pub mod grid;
pub mod ics;
pub mod markdown;
pub mod markup;

/// How output should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui {
    /// Whether to use ANSI colour.
    pub color: bool,
    /// The terminal's width, or `None` in a pipe (nothing is cut then).
    pub width: Option<usize>,
}

/// The colour a state is shown in, in every table and line (todo has none).
pub fn state_color(state: State) -> Option<Color> {
    match state {
        State::Done => Some(Color::Green),
        State::Doing => Some(Color::Yellow),
        State::Skipped => Some(Color::DarkGrey),
        State::Todo => None,
    }
}

/// The SGR parameter that writes `color` (the colours [`state_color`] uses; others none).
pub(crate) fn sgr(color: Color) -> Option<&'static str> {
    match color {
        Color::Green => Some("32"),
        Color::Yellow => Some("33"),
        Color::DarkGrey => Some("90"),
        _ => None,
    }
}

impl Ui {
    pub(crate) fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// `s` in `color`, when colour is on.
    pub(crate) fn paint_color(&self, color: Option<Color>, s: &str) -> String {
        match color.and_then(sgr) {
            Some(code) => self.paint(code, s),
            None => s.to_string(),
        }
    }

    pub(crate) fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    pub(crate) fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    pub(crate) fn state(&self, state: State) -> String {
        self.paint_color(state_color(state), state.as_str())
    }

    /// Cuts `s` to `max` columns on a terminal; leaves it whole in a pipe.
    pub(crate) fn fit<'a>(&self, s: &'a str, max: usize) -> std::borrow::Cow<'a, str> {
        if self.width.is_some() {
            fit(s, max)
        } else {
            std::borrow::Cow::Borrowed(s)
        }
    }

    pub(crate) fn bar(&self, percent: f64, cells: usize) -> String {
        let filled = ((percent / 100.0) * cells as f64).round() as usize;
        let filled = filled.min(cells);
        let (on, off) = if self.width.is_some() {
            ("█", "░")
        } else {
            ("#", "-")
        };
        let done = on.repeat(filled);
        let rest = off.repeat(cells - filled);
        format!(
            "[{}{}]",
            self.paint_color(state_color(State::Done), &done),
            self.dim(&rest)
        )
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

/// When an event happened, local time to the minute.
pub fn when(e: &Event) -> String {
    local_minute(e.at.with_timezone(&Local))
}

/// Local times of many events, each zone offset looked up once an hour: a week of ten
/// thousand events would otherwise look it up ten thousand times.
#[derive(Default)]
pub struct LocalTimes {
    /// An hour (Unix seconds / 3600) whose offset is the same all through, and that offset.
    hour: Option<(i64, chrono::FixedOffset)>,
}

impl LocalTimes {
    pub fn when(&mut self, at: chrono::DateTime<chrono::Utc>) -> String {
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

/// The one-line verdict of a pace projection (`plan`, `status`, `summary`).
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
