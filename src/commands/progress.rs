//! The write commands: start, check, uncheck, skip, log and note. Each appends one event.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::clock;
use crate::error::{Error, Result};
use crate::model::{Event, EventKind, MAX_NOTE, State, Status};
use crate::report::WriteReport;
use crate::resolve;
use crate::roadmap::Topic;
use crate::store::Store;
use crate::timeparse::{BadDuration, MAX_LOG_MINUTES, parse_duration_within};

use super::{Ctx, event_ids};

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
    let before = status(store, intent.topic)?.state;
    let e = &intent.event;
    store.append(std::slice::from_ref(e))?;
    let after = status(store, intent.topic)?;
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
        EventKind::Note | EventKind::Review => false,
    }
}

/// A topic's status now: from the store's cache, or, for a topic renamed from other ids,
/// folded over the events of all of them.
pub fn status(store: &Store, topic: &Topic) -> Result<Status> {
    if topic.renamed_from.is_empty() {
        return store.cached_status(&topic.id);
    }
    let all = store.status_before(&event_ids(topic), &[DateTime::<Utc>::MAX_UTC])?;
    Ok(all.first().copied().unwrap_or_default())
}
