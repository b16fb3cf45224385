//! Progress as events, and the state of a topic derived from them.
//!
//! Events are facts that are never changed or removed. A topic's state is a fold over its
//! events in time order (ties keep insertion order); the store caches the result, and this
//! module is the one place that defines it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::review::Card;
pub use crate::review::Rating;

/// The longest note we keep, in bytes (on the command line and in an import alike).
pub const MAX_NOTE: usize = 64 * 1024;

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Start,
    Check,
    Uncheck,
    Skip,
    Log,
    Note,
    Review,
    /// The choice of a track: the event's topic is the track's id.
    Track,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Start,
        EventKind::Check,
        EventKind::Uncheck,
        EventKind::Skip,
        EventKind::Log,
        EventKind::Note,
        EventKind::Review,
        EventKind::Track,
    ];

    /// Whether an event of this kind makes its day a day of activity (streaks, the
    /// calendar): everything but taking something back, leaving it out, or choosing a track.
    pub fn is_activity(self) -> bool {
        !matches!(
            self,
            EventKind::Uncheck | EventKind::Skip | EventKind::Track
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Start => "start",
            EventKind::Check => "check",
            EventKind::Uncheck => "uncheck",
            EventKind::Skip => "skip",
            EventKind::Log => "log",
            EventKind::Note => "note",
            EventKind::Review => "review",
            EventKind::Track => "track",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One change of progress: the export format's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub topic: String,
    pub kind: EventKind,
    #[serde(with = "utc_seconds")]
    pub at: DateTime<Utc>,
    #[serde(default, deserialize_with = "minutes::deserialize")]
    pub minutes: Option<u32>,
    pub note: Option<String>,
    pub rating: Option<Rating>,
}

/// Why an event cannot be imported: what is wrong, naming the field and its value, and a
/// hint where the message alone does not say what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: Option<&'static str>,
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Refusal {
            message,
            hint: None,
        }
    }
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Self {
        message.to_string().into()
    }
}

/// An event as the store reads it, its text borrowed from the row: for going through a
/// million of them (an export) without allocating for each. It serializes as [`Event`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventRef<'a> {
    pub id: &'a str,
    pub topic: &'a str,
    pub kind: EventKind,
    /// Unix seconds, UTC.
    #[serde(serialize_with = "utc_seconds::serialize_unix")]
    pub at: i64,
    pub minutes: Option<u32>,
    pub note: Option<&'a str>,
    pub rating: Option<Rating>,
}

impl Event {
    /// The order in which events apply: by time, then by id. Ids break ties so that every
    /// machine folds merged logs the same way; new ids are UUIDv7, which sort by creation
    /// time, so events written in the same second keep the order they were written in.
    pub fn order(a: &Event, b: &Event) -> std::cmp::Ordering {
        a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
    }

    /// Checks the rules the export format sets for each kind. Returns the problem, if any.
    /// The limits the command line applies too: a topic id as a roadmap writes it, time
    /// only on a `log` and at most a day of it, a rating only on a `review`. (The dates
    /// are checked against the clock by [`Event::check_at`].)
    pub fn check(&self) -> Result<(), Refusal> {
        if self.id.is_empty() {
            return Err("`id` is empty".into());
        }
        if self.topic.is_empty() {
            return Err("`topic` is empty".into());
        }
        if !crate::roadmap::is_valid_id(&self.topic) {
            return Err(format!(
                "bad `topic` `{}`: use lowercase letters and digits in hyphen-separated words, like `sql-joins`",
                self.topic.chars().take(80).collect::<String>()
            )
            .into());
        }
        if self.minutes.is_some() && self.kind != EventKind::Log {
            return Err(format!(
                "`minutes` on a `{}` event: only a `log` records time",
                self.kind.as_str()
            )
            .into());
        }
        if let Some(m) = self.minutes
            && m > crate::timeparse::MAX_LOG_MINUTES
        {
            return Err(minutes::out_of_range(m).into());
        }
        if let Some(note) = &self.note
            && note.len() > MAX_NOTE
        {
            return Err(
                format!("`note` too long: {} bytes, at most {MAX_NOTE}", note.len()).into(),
            );
        }
        if self.rating.is_some() && self.kind != EventKind::Review {
            return Err(format!(
                "`rating` on a `{}` event: only a `review` has one",
                self.kind.as_str()
            )
            .into());
        }
        match self.kind {
            EventKind::Log if self.minutes.unwrap_or(0) == 0 => {
                Err("a `log` event needs `minutes` greater than 0".into())
            }
            EventKind::Note if self.note.as_deref().unwrap_or("").is_empty() => {
                Err("a `note` event needs a non-empty `note`".into())
            }
            EventKind::Review if self.rating.is_none() => {
                Err("a `review` event needs a `rating`".into())
            }
            _ => Ok(()),
        }
    }
}

/// How far past `now` an imported event may be: two machines' clocks can differ by a few
/// minutes, and an export made right after a `check` on the machine whose clock runs ahead
/// must still import on the other. An hour bounds the harm: such an event stays in the
/// future, and decides its topic's state, for at most that long. (The hint in
/// [`Event::check_at`] says "an hour".)
const CLOCK_GRACE: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// The most a time zone is ahead of UTC (+14, in Kiribati). A day starts there 14 hours
/// before it starts in UTC, so an event the command line stamps on the earliest day it
/// allows may be up to that much before that day in UTC (noon of 1970-01-01 in Tonga, then
/// +13, is 1969-12-31T23:00:00Z), and its export must import again.
const FURTHEST_AHEAD: chrono::TimeDelta = chrono::TimeDelta::hours(14);

impl Event {
    /// Whether the event's time is one the command line could have written at `now`: on
    /// [`crate::timeparse::EARLIEST`] or later in some time zone, and no later than now,
    /// give or take [`CLOCK_GRACE`]. (A `check` dated in 2099 would decide its topic's state
    /// until then, whatever was done in between.)
    pub fn check_at(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        let at = self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        if self.at > now + CLOCK_GRACE {
            let now = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            return Err(Refusal {
                message: format!("`at` {at} is in the future (now is {now})"),
                hint: Some(
                    "an event may be at most an hour past this machine's clock: mend that `at` or leave the line out",
                ),
            });
        }
        if (self.at + FURTHEST_AHEAD).date_naive() < crate::timeparse::EARLIEST {
            return Err(format!("`at` {at} is before {}", crate::timeparse::EARLIEST).into());
        }
        Ok(())
    }
}

/// Timestamps in the export are RFC 3339 in UTC, to the second.
mod utc_seconds {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    /// Unix seconds as [`serialize`] writes the same instant. The store holds only times
    /// that import and the command line accepted, all of which chrono can represent.
    pub fn serialize_unix<S: Serializer>(at: &i64, s: S) -> Result<S::Ok, S::Error> {
        match DateTime::from_timestamp(*at, 0) {
            Some(at) => serialize(&at, s),
            None => Err(serde::ser::Error::custom(format!(
                "time `{at}` out of range"
            ))),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "bad `at` `{text}`: use RFC 3339, like 2026-11-20T18:30:00Z"
                ))
            })
    }
}

/// `minutes` as any JSON number or null, so that a negative, fractional or huge value is
/// refused with its field and value named (serde's own message names neither).
mod minutes {
    use std::fmt;

    use serde::Deserializer;
    use serde::de::{Error, Visitor};

    /// The message for minutes no `log` can hold.
    pub fn out_of_range(value: impl fmt::Display) -> String {
        format!(
            "bad `minutes` `{value}`: a `log` holds a whole number from 1 to {} (24h)",
            crate::timeparse::MAX_LOG_MINUTES
        )
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        d.deserialize_option(Minutes)
    }

    struct Minutes;

    impl<'de> Visitor<'de> for Minutes {
        type Value = Option<u32>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("`minutes` as a whole number or null")
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            u32::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(out_of_range(v)))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            match u64::try_from(v) {
                Ok(v) => self.visit_u64(v),
                Err(_) => Err(E::custom(out_of_range(v))),
            }
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
            // `{v:?}` keeps the point: `30.0`, not `30`, which would look well formed.
            Err(E::custom(out_of_range(format!("{v:?}"))))
        }
    }
}

/// Where a topic stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum State {
    #[default]
    Todo,
    Doing,
    Done,
    Skipped,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Todo => "todo",
            State::Doing => "doing",
            State::Done => "done",
            State::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        [State::Todo, State::Doing, State::Done, State::Skipped]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// What reports need to know of a topic's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Status {
    pub state: State,
    /// The day the next review is due, while the topic is done.
    pub due: Option<NaiveDate>,
}

/// The running result of folding a topic's events.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Derived {
    pub state: State,
    /// Whether the topic has ever been started (explicitly or by logging time).
    pub started: bool,
    /// The review schedule, while the topic is done.
    pub card: Option<Card>,
}

impl Derived {
    /// Applies one event, which happened on local day `day`.
    pub fn apply(&mut self, kind: EventKind, day: NaiveDate, rating: Option<Rating>) {
        self.apply_state(kind);
        self.card = match (self.state, kind, self.card) {
            (State::Done, EventKind::Check, Some(card)) => Some(card.review(Rating::Good, day)),
            (State::Done, EventKind::Check, None) => Some(Card::first(Rating::Good, day)),
            (State::Done, EventKind::Review, card) => {
                let rating = rating.unwrap_or(Rating::Good);
                Some(card.map_or_else(|| Card::first(rating, day), |c| c.review(rating, day)))
            }
            (State::Done, _, card) => card,
            _ => None,
        };
    }

    /// The part of the result that reports use.
    pub fn status(&self) -> Status {
        Status {
            state: self.state,
            due: self.card.map(|c| c.due()),
        }
    }

    /// Applies one event to the state alone.
    pub(crate) fn apply_state(&mut self, kind: EventKind) {
        match kind {
            EventKind::Start => {
                self.state = State::Doing;
                self.started = true;
            }
            EventKind::Check => self.state = State::Done,
            EventKind::Skip => self.state = State::Skipped,
            EventKind::Uncheck => {
                if matches!(self.state, State::Done | State::Skipped) {
                    self.state = if self.started {
                        State::Doing
                    } else {
                        State::Todo
                    };
                }
            }
            EventKind::Log => {
                self.started = true;
                if self.state == State::Todo {
                    self.state = State::Doing;
                }
            }
            EventKind::Note | EventKind::Review | EventKind::Track => {}
        }
    }
}

/// A topic as the store last saw it in some roadmap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTopic {
    pub id: String,
    pub section: String,
    pub title: String,
    pub retired: bool,
}

/// Activity on one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayTotal {
    pub day: NaiveDate,
    pub events: u64,
    pub minutes: u64,
}

/// A roadmap the store has synced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownRoadmap {
    pub id: String,
    pub title: String,
    pub version: i64,
    pub topics: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    fn state(kinds: &[EventKind]) -> State {
        let mut d = Derived::default();
        for k in kinds {
            d.apply(*k, NaiveDate::MIN, Some(Rating::Good));
        }
        d.state
    }

    #[test]
    fn a_check_starts_reviews_and_reopening_ends_them() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut d = Derived::default();
        d.apply(Start, day("2026-01-01"), None);
        assert_eq!(d.card, None);
        d.apply(Check, day("2026-01-01"), None);
        assert_eq!(d.card.map(|c| c.due()), Some(day("2026-01-04")));
        d.apply(Review, day("2026-01-04"), Some(Rating::Good));
        assert_eq!(d.card.map(|c| c.due()), Some(day("2026-01-15")));
        d.apply(Note, day("2026-01-05"), None);
        assert_eq!(d.card.map(|c| c.reviews), Some(2));
        d.apply(Uncheck, day("2026-01-06"), None);
        assert_eq!(d.card, None);
        d.apply(Review, day("2026-01-06"), Some(Rating::Easy));
        assert_eq!(d.card, None, "a review of an open topic schedules nothing");
    }

    #[test]
    fn derivation() {
        assert_eq!(state(&[]), State::Todo);
        assert_eq!(state(&[Start]), State::Doing);
        assert_eq!(state(&[Check]), State::Done);
        assert_eq!(state(&[Check, Uncheck]), State::Todo);
        assert_eq!(state(&[Start, Check, Uncheck]), State::Doing);
        assert_eq!(state(&[Skip, Uncheck]), State::Todo);
        assert_eq!(state(&[Log]), State::Doing);
        assert_eq!(state(&[Log, Check, Uncheck]), State::Doing);
        assert_eq!(state(&[Check, Start]), State::Doing);
        assert_eq!(state(&[Skip, Start, Check]), State::Done);
        assert_eq!(state(&[Note, Review]), State::Todo);
        assert_eq!(state(&[Check, Log]), State::Done);
        assert_eq!(state(&[Uncheck]), State::Todo);
        assert_eq!(state(&[Start, Uncheck]), State::Doing);
    }

    #[test]
    fn export_line_round_trips() {
        let line = r#"{"id":"e1","topic":"sql-joins","kind":"check","at":"2026-11-20T18:30:00Z","minutes":null,"note":null,"rating":null}"#;
        let e: Event = serde_json::from_str(line).unwrap();
        assert_eq!(e.kind, Check);
        assert_eq!(serde_json::to_string(&e).unwrap(), line);
        let offset: Event = serde_json::from_str(
            r#"{"id":"e1","topic":"t","kind":"log","at":"2026-11-20T19:30:00+01:00","minutes":5,"note":null,"rating":null}"#,
        )
        .unwrap();
        assert_eq!(offset.at, e.at);
    }

    #[test]
    fn event_rules() {
        let mut e: Event = serde_json::from_str(
            r#"{"id":"e","topic":"t","kind":"log","at":"2026-11-20T18:30:00Z","minutes":0,"note":null,"rating":null}"#,
        )
        .unwrap();
        assert!(e.check().is_err());
        e.minutes = Some(3);
        assert!(e.check().is_ok());
        e.kind = Note;
        assert!(e.check().is_err());
        e.kind = Review;
        assert!(e.check().is_err());
        e.rating = Some(Rating::Good);
        // Time only on a log.
        assert!(e.check().is_err());
        e.minutes = None;
        assert!(e.check().is_ok());
        // A rating only on a review.
        e.kind = Check;
        assert!(e.check().is_err());
        e.rating = None;
        assert!(e.check().is_ok());
        e.topic = "Not-An-Id".into();
        assert!(e.check().is_err());
        e.topic = "t".into();
        e.note = Some("x".repeat(MAX_NOTE));
        assert!(e.check().is_ok());
        e.note = Some("x".repeat(MAX_NOTE + 1));
        assert!(e.check().is_err());
    }

    fn log_with_minutes(minutes: &str) -> Result<Event, String> {
        serde_json::from_str(&format!(
            r#"{{"id":"e","topic":"t","kind":"log","at":"2026-11-20T18:30:00Z","minutes":{minutes},"note":null,"rating":null}}"#
        ))
        .map_err(|e| e.to_string())
    }

    #[test]
    fn minutes_a_log_cannot_hold_are_named_with_their_value() {
        assert_eq!(log_with_minutes("1440").map(|e| e.check()), Ok(Ok(())));
        assert_eq!(log_with_minutes("null").map(|e| e.minutes), Ok(None));
        let refused = |value: &str| {
            format!("bad `minutes` `{value}`: a `log` holds a whole number from 1 to 1440 (24h)")
        };
        assert_eq!(
            log_with_minutes("1441").map(|e| e.check()),
            Ok(Err(refused("1441").into()))
        );
        assert_eq!(
            log_with_minutes("4294967295").map(|e| e.check()),
            Ok(Err(refused("4294967295").into()))
        );
        for (json, shown) in [
            ("4294967296", "4294967296"),
            ("-5", "-5"),
            ("1.5", "1.5"),
            ("30.0", "30.0"),
        ] {
            let err = log_with_minutes(json).unwrap_err();
            assert!(err.starts_with(&refused(shown)), "{json}: {err}");
        }
    }

    #[test]
    fn an_event_is_dated_from_the_earliest_day_anywhere_to_an_hour_past_now() {
        let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        let at = |text: &str| {
            let mut e: Event = serde_json::from_str(
                r#"{"id":"e","topic":"t","kind":"check","at":"2026-11-20T18:30:00Z","minutes":null,"note":null,"rating":null}"#,
            )
            .unwrap();
            e.at = text.parse().unwrap();
            e.check_at(now).map_err(|r| (r.message, r.hint.is_some()))
        };
        assert_eq!(at("2026-11-23T10:00:00Z"), Ok(()));
        assert_eq!(
            at("2026-11-23T10:00:01Z"),
            Err((
                "`at` 2026-11-23T10:00:01Z is in the future (now is 2026-11-23T09:00:00Z)".into(),
                true
            ))
        );
        // 1970-01-01 has begun in the zones furthest ahead of UTC.
        assert_eq!(at("1969-12-31T10:00:00Z"), Ok(()));
        assert_eq!(
            at("1969-12-31T09:59:59Z"),
            Err((
                "`at` 1969-12-31T09:59:59Z is before 1970-01-01".into(),
                false
            ))
        );
    }
}
