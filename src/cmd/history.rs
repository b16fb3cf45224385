//! `roadmap history [--since DATE] [--until DATE] [--topic TOPIC]`: the event log, newest
//! first. Unlike the other commands it writes its output itself: a period too long to hold
//! (years of a busy log) is written as it is read, the same JSON or text as a short one,
//! memory flat however long the period.

use std::io::Write;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::app::Session;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::Event;
use crate::render::grid::{Grid, GridCell};
use crate::render::{self, LocalTimes, Ui, event_text, when};
use crate::resolve;
use crate::roadmap::Topic;
use crate::store::Store;
use crate::text::{fit, line, width};

use super::{Ctx, emit, event_ids};

/// The arguments of `history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day to include
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day to include
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only events of this topic
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
}

/// `history`: checks the arguments, then writes the events to `out`.
pub fn run(args: &Args, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    let (json, ui) = (session.json, session.ui);
    let (ctx, store) = session.split();
    let query = HistoryQuery::parse(&ctx, args)?;
    let store = store.open(&ctx)?;
    match history_read(store, &query)? {
        HistoryRead::Whole => emit(out, json, &history(store, &query)?, |e| render(e, &ui)),
        HistoryRead::Streamed { topics } => streamed(store, &query, &topics, json, &ui, out),
    }
}

/// `history` of a long period, written as it is read. On a terminal the table is cut to
/// its width, as the text of a pipe is not.
fn streamed(
    store: &Store,
    query: &HistoryQuery,
    topics: &[String],
    json: bool,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<()> {
    if json {
        return render::write_json_seq(out, |seq| each_in_history(store, query, seq));
    }
    let mut pipe = HistoryPipe::new(topics.iter().map(String::as_str), ui.width);
    let mut text = String::with_capacity(1 << 16);
    pipe.header(&mut text);
    each_in_history(store, query, |e| {
        pipe.event(&mut text, &e);
        if text.len() >= 1 << 16 {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
        Ok(())
    })?;
    Ok(out.write_all(text.as_bytes())?)
}

/// The days and topic that `history` was asked for, checked before the store is opened.
struct HistoryQuery<'r> {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub topic: Option<&'r Topic>,
}

impl<'r> HistoryQuery<'r> {
    /// The period as instants: from the start of `since` to the end of `until`.
    fn bounds(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        (
            self.since.map(clock::day_start),
            self.until.map(|u| clock::day_start(u + Duration::days(1))),
        )
    }

    /// Parses the arguments of `history`.
    fn parse(ctx: &Ctx<'r>, args: &Args) -> Result<HistoryQuery<'r>> {
        let since = args.since.as_deref().map(|d| ctx.date(d)).transpose()?;
        let until = args.until.as_deref().map(|d| ctx.date(d)).transpose()?;
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            return Err(Error::usage(format!("--since {s} is after --until {u}")));
        }
        let topic = args
            .topic
            .as_deref()
            .map(|q| resolve::topic(ctx.roadmap, q))
            .transpose()?;
        Ok(HistoryQuery {
            since,
            until,
            topic,
        })
    }
}

/// `history`, newest first.
fn history(store: &Store, query: &HistoryQuery) -> Result<Vec<Event>> {
    let ids = query.topic.map(event_ids);
    let (since, until) = query.bounds();
    store.events_between(since, until, ids.as_deref())
}

/// How `history` can be read: whole, or, for a long period, an event at a time.
enum HistoryRead {
    /// At most [`super::HELD_EVENTS`] events: read them all with [`history`].
    Whole,
    /// More: [`each_in_history`] gives them one by one; these are their topics.
    Streamed { topics: Vec<String> },
}

/// Whether `history` should be read whole or streamed. A topic's history is always read
/// whole: it is one topic's events.
fn history_read(store: &Store, query: &HistoryQuery) -> Result<HistoryRead> {
    let (since, until) = query.bounds();
    if query.topic.is_some() || !super::long_period(store, since, until)? {
        return Ok(HistoryRead::Whole);
    }
    Ok(HistoryRead::Streamed {
        topics: store.topics_between(since, until)?,
    })
}

/// `history`'s events, newest first, one at a time.
fn each_in_history(
    store: &Store,
    query: &HistoryQuery,
    f: impl FnMut(Event) -> Result<()>,
) -> Result<()> {
    let ids = query.topic.map(event_ids);
    let (since, until) = query.bounds();
    store.each_event_between(since, until, ids.as_deref(), f)
}

/// `history` as a table, newest first.
pub fn render(events: &[Event], ui: &Ui) -> String {
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
    use crate::model::EventKind;

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
        assert_eq!(render(&events, &pipe), history_in_pipe(&events));
    }
}
