//! The read commands: status, list, show, next and history.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::clock;
use crate::error::{Error, Result};
use crate::model::{Event, State};
use crate::report::{self, Activity, ShowReport, StatusReport, TopicRow};
use crate::resolve;
use crate::roadmap::Topic;
use crate::store::Store;
use crate::timeparse::monday_of;

use super::{Ctx, event_ids, load_progress};

/// Streaks and this week's study time.
pub fn activity(store: &Store, ctx: &Ctx) -> Result<Activity> {
    let today = ctx.today();
    let all = store.days(NaiveDate::MIN, today)?;
    let days: BTreeSet<NaiveDate> = all.iter().map(|d| d.day).collect();
    let (streak_days, longest_streak_days) = report::streaks(&days, today);
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
        weekly_target_minutes: super::settings::weekly_target_minutes(store)?,
    })
}

/// `status [SECTION]`; the section was checked by the caller.
pub fn status(store: &Store, ctx: &Ctx, section: Option<&str>) -> Result<StatusReport> {
    let progress = load_progress(store, ctx.roadmap)?;
    let mut r = report::status(&progress, section, activity(store, ctx)?);
    r.reviews_due = report::plan::due_count(&progress, ctx.today());
    r.plan = super::plan::projection(store, ctx, &progress)?;
    Ok(r)
}

/// `list [--section S] [--state STATE]`; the section was checked by the caller.
pub fn list<'a>(
    store: &Store,
    ctx: &Ctx<'a>,
    section: Option<&str>,
    state: Option<State>,
) -> Result<Vec<TopicRow<'a>>> {
    let progress = load_progress(store, ctx.roadmap)?;
    Ok(report::list(&progress, section, state))
}

/// `next [-n N]`.
/// `next`: the topics that can be started, and whether any topic is still todo at all.
pub fn next<'a>(store: &Store, ctx: &Ctx<'a>, count: usize) -> Result<(Vec<TopicRow<'a>>, bool)> {
    let progress = load_progress(store, ctx.roadmap)?;
    let any_todo = progress
        .topics
        .iter()
        .any(|t| !t.retired && t.state == crate::model::State::Todo);
    Ok((report::next(&progress, count), any_todo))
}

/// `show TOPIC`.
pub fn show<'a>(store: &Store, ctx: &Ctx<'a>, topic: &'a Topic) -> Result<ShowReport<'a>> {
    let progress = load_progress(store, ctx.roadmap)?;
    let events = store.events_of(&event_ids(topic))?;
    Ok(report::show(&progress, topic, events))
}

/// The days and topic that `history` was asked for, checked before the store is opened.
pub struct HistoryQuery<'r> {
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
    pub fn parse(
        ctx: &Ctx<'r>,
        since: Option<&str>,
        until: Option<&str>,
        topic: Option<&str>,
    ) -> Result<HistoryQuery<'r>> {
        let since = since.map(|d| ctx.date(d)).transpose()?;
        let until = until.map(|d| ctx.date(d)).transpose()?;
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            return Err(Error::usage(format!("--since {s} is after --until {u}")));
        }
        let topic = topic.map(|q| resolve::topic(ctx.roadmap, q)).transpose()?;
        Ok(HistoryQuery {
            since,
            until,
            topic,
        })
    }
}

/// `history`, newest first.
pub fn history(store: &Store, query: &HistoryQuery) -> Result<Vec<Event>> {
    let ids = query.topic.map(event_ids);
    let (since, until) = query.bounds();
    store.events_between(since, until, ids.as_deref())
}

/// How `history` can be read: whole, or, for a long period, an event at a time.
pub enum HistoryRead {
    /// At most [`super::HELD_EVENTS`] events: read them all with [`history`].
    Whole,
    /// More: [`each_in_history`] gives them one by one; these are their topics.
    Streamed { topics: Vec<String> },
}

/// Whether `history` should be read whole or streamed. A topic's history is always read
/// whole: it is one topic's events.
pub fn history_read(store: &Store, query: &HistoryQuery) -> Result<HistoryRead> {
    let (since, until) = query.bounds();
    if query.topic.is_some() || !super::long_period(store, since, until)? {
        return Ok(HistoryRead::Whole);
    }
    Ok(HistoryRead::Streamed {
        topics: store.topics_between(since, until)?,
    })
}

/// `history`'s events, newest first, one at a time.
pub fn each_in_history(
    store: &Store,
    query: &HistoryQuery,
    f: impl FnMut(Event) -> Result<()>,
) -> Result<()> {
    let ids = query.topic.map(event_ids);
    let (since, until) = query.bounds();
    store.each_event_between(since, until, ids.as_deref(), f)
}
