//! `roadmap start|check|uncheck|skip TOPIC`: one module for the four, which take the same
//! arguments and differ only in the kind of event they append. It also holds what every
//! command that appends an event shares (log, note and review too): the checked event
//! ([`prepare`]), its storing ([`apply`]), the report and its one-line confirmation.

use chrono::{Local, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use crate::app::Session;
use crate::cli::OnArgs;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{Event, EventKind, MAX_NOTE, State};
use crate::render::Ui;
use crate::resolve;
use crate::roadmap::Topic;
use crate::store::Store;
use crate::text::line;
use crate::timeparse::{BadDuration, MAX_LOG_MINUTES, format_minutes, parse_duration_within};

use super::{Ctx, event_ids, topic_status};

/// The arguments of start, check, uncheck and skip.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Topic id, unique id prefix, or unique part of a title
    pub topic: String,
    #[command(flatten)]
    pub when: OnArgs,
    /// A note to keep with the event
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Appends an event of `kind` (start, check, uncheck or skip) to the topic.
pub fn run(kind: EventKind, args: &Args, session: &mut Session) -> Result<WriteReport> {
    let (ctx, store) = session.split();
    let intent = prepare(
        &ctx,
        kind,
        &args.topic,
        args.when.on.as_deref(),
        None,
        args.note.as_deref(),
    )?;
    apply(store.open(&ctx)?, intent)
}

/// The result of a command that appends an event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WriteReport {
    pub event: Event,
    pub title: String,
    pub before: State,
    pub after: State,
    /// When the topic is next due for review, if it is done.
    pub next_review: Option<NaiveDate>,
    /// The event changed nothing because a later event (by date) sets the state: a
    /// backdated `check` before an `uncheck`, say.
    pub decided_later: bool,
}

/// A write, resolved and checked, not yet stored.
pub struct Intent<'r> {
    pub topic: &'r Topic,
    pub event: Event,
}

/// Resolves a write's arguments into an event without touching the store.
pub fn prepare<'r>(
    ctx: &Ctx<'r>,
    kind: EventKind,
    topic: &str,
    on: Option<&str>,
    duration: Option<&str>,
    note: Option<&str>,
) -> Result<Intent<'r>> {
    let topic = resolve::topic(ctx.roadmap, topic)?;
    let day = on.map(|d| ctx.date(d)).transpose()?;
    let minutes = duration
        .map(|d| {
            parse_duration_within(d, MAX_LOG_MINUTES).map_err(|e| match e {
                BadDuration::Form(m) => {
                    Error::usage_hint(m, "durations look like 45m, 2h or 1h30m")
                }
                BadDuration::TooLong => Error::usage_hint(
                    format!("bad duration `{d}`: one log holds at most 24h, the day it is on"),
                    "log longer stretches day by day, with --on",
                ),
            })
        })
        .transpose()?;
    let note = match note {
        Some(n) if n.trim().is_empty() => {
            return Err(Error::usage(
                "empty note: write some text, or leave --note out",
            ));
        }
        Some(n) if n.len() > MAX_NOTE => {
            return Err(Error::usage(format!(
                "note too long: {} bytes, at most {MAX_NOTE}",
                n.len()
            )));
        }
        n => n.map(str::to_string),
    };
    Ok(Intent {
        topic,
        event: Event {
            id: Uuid::now_v7().to_string(),
            topic: topic.id.to_string(),
            kind,
            at: clock::stamp(day, ctx.now),
            minutes,
            note,
            rating: None,
        },
    })
}

/// Stores the event and reports the topic's state before and after.
/// An event that changes nothing is still stored (on another machine it may undo a check
/// not imported here yet), but the report says why nothing changed.
pub fn apply(store: &mut Store, intent: Intent) -> Result<WriteReport> {
    let before = topic_status(store, intent.topic)?.state;
    let e = &intent.event;
    store.append(std::slice::from_ref(e))?;
    let after = topic_status(store, intent.topic)?;
    let decided_later = before == after.state
        && would_change(e.kind, before)
        && store.state_set_after(&event_ids(intent.topic), e.at, &e.id)?;
    Ok(WriteReport {
        event: intent.event,
        title: intent.topic.title.to_string(),
        before,
        after: after.state,
        next_review: after.due,
        decided_later,
    })
}

/// Whether an event of `kind` applied last to a topic in `state` would change the state.
fn would_change(kind: EventKind, state: State) -> bool {
    match kind {
        EventKind::Check => state != State::Done,
        EventKind::Skip => state != State::Skipped,
        EventKind::Start | EventKind::Log => state == State::Todo,
        EventKind::Uncheck => matches!(state, State::Done | State::Skipped),
        EventKind::Note | EventKind::Review | EventKind::Track => false,
    }
}

/// The confirmation of a command that appends an event.
pub fn render(r: &WriteReport, ui: &Ui) -> String {
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
