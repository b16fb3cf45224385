//! Commands: each computes a report from the roadmap, the store and `now`, and returns it.
//! None of them prints; `app` renders what they return.
//!
//! Arguments are resolved (topic, date, duration) before the store is touched, so a command
//! with bad input leaves the store exactly as it was.

pub mod data;
pub mod plan;
pub mod progress;
pub mod settings;
pub mod setup;
pub mod summary;
pub mod view;

use std::collections::HashSet;

use chrono::{DateTime, Local, NaiveDate};

use crate::error::{Error, Result};
use crate::report::Progress;
use crate::roadmap::{Roadmap, Topic};
use crate::store::Store;
use crate::timeparse;

/// What every command that reads progress needs besides the store.
pub struct Ctx<'a> {
    pub roadmap: &'a Roadmap,
    /// The time of this command, read once.
    pub now: DateTime<Local>,
}

impl Ctx<'_> {
    /// Today, in local time.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Parses a DATE argument.
    pub fn date(&self, text: &str) -> Result<NaiveDate> {
        timeparse::parse_date(text, self.today()).map_err(|m| {
            Error::usage_hint(
                m,
                "dates look like 2026-11-20, today, yesterday, friday or `3d ago`",
            )
        })
    }

    /// Checks that a section id exists.
    pub fn section(&self, id: &str) -> Result<()> {
        if self.roadmap.sections.iter().any(|s| s.id == id) {
            return Ok(());
        }
        let ids: Vec<&str> = self
            .roadmap
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        Err(Error::usage_hint(
            format!(
                "unknown section `{}` in roadmap `{}`",
                crate::text::line(id),
                self.roadmap.id
            ),
            if ids.is_empty() {
                "this roadmap has no sections".to_string()
            } else {
                format!("sections: {}", ids.join(", "))
            },
        ))
    }
}

/// The ids whose events belong to `topic`: its own and those it was renamed from.
pub fn event_ids(topic: &Topic) -> Vec<&str> {
    std::iter::once(&*topic.id)
        .chain(topic.renamed_from.iter().map(|r| &**r))
        .collect()
}

/// The most events of a period a command holds in memory at once.
pub const HELD_EVENTS: u64 = 20_000;

/// Whether `since..until` holds more than [`HELD_EVENTS`] events. If it does, the store is
/// read sparingly from then on ([`Store::map_less`]): the command passes over most of it.
pub fn long_period(
    store: &Store,
    since: Option<DateTime<chrono::Utc>>,
    until: Option<DateTime<chrono::Utc>>,
) -> Result<bool> {
    let long = store.count_between(since, until)? > HELD_EVENTS;
    if long {
        store.map_less()?;
    }
    Ok(long)
}

/// The roadmap with the state of every topic, including retired ones.
pub fn load_progress<'a>(store: &Store, roadmap: &'a Roadmap) -> Result<Progress<'a>> {
    let mut states = store.topic_states(roadmap)?;
    for (state, topic) in states.iter_mut().zip(roadmap.topics()) {
        if !topic.renamed_from.is_empty() {
            *state = progress::status(store, topic)?;
        }
    }
    let renamed: HashSet<&str> = roadmap
        .topics()
        .flat_map(|t| t.renamed_from.iter().map(|r| &**r))
        .collect();
    let retired: Vec<_> = store
        .retired_topics(&roadmap.id)?
        .into_iter()
        .filter(|(k, _)| !renamed.contains(k.id.as_str()))
        .collect();
    Ok(Progress::new(roadmap, &states, retired))
}
