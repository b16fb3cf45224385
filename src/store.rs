//! The SQLite store: the only module that speaks SQL.
//!
//! It keeps the roadmaps as last synced, the append-only event log, and a per-topic cache of
//! the state derived from the events (see [`crate::model::Derived`]). Methods take and return
//! domain types. Nothing here updates or deletes an event.
//!
//! # Concurrency
//! The store runs in WAL mode with a busy timeout, so readers never block writers and two
//! writers queue instead of failing. Every write starts with `BEGIN IMMEDIATE`: it takes the
//! write lock up front, so it cannot fail later on upgrading a read lock to a write lock.
//!
//! # Durability
//! `synchronous = FULL`: a command that reported success has its events on disk, even if the
//! machine loses power right after.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::clock;
use crate::error::{Error, Result};
use crate::migrate::{self, MigrateError};
use crate::model::{
    DayTotal, Derived, Event, EventKind, EventRef, KnownRoadmap, KnownTopic, Rating, State, Status,
};
use crate::roadmap::{self, Roadmap};
use crate::settings::SettingChange;

/// How much of the store a scan of every event maps into memory; the rest is read. 16 MiB
/// put the whole `history` of a million events at 29.6 MiB, against a 30 MiB budget, when
/// the file's page cache came in large pieces; 8 MiB: 23.0 MiB, in the same time (0.92 s).
const SCAN_MMAP_MIB: i64 = 8;

/// How long a command waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open store.
pub struct Store {
    conn: Connection,
}

/// A read transaction, from [`Store::snapshot`] until dropped.
pub struct Snapshot<'a> {
    _tx: rusqlite::Transaction<'a>,
}

/// The settings key that names the time zone the day totals were counted in (see
/// [`clock::zone_key`]).
const DAYS_ZONE: &str = "days_zone";

/// Sets a setting, whether or not it was set before.
const SET_SETTING: &str = "INSERT INTO settings (key, value) VALUES (?1, ?2)
                           ON CONFLICT (key) DO UPDATE SET value = ?2";

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// A new store file and its directory are made readable by the owner only.
    pub fn open(path: &Path) -> Result<Store> {
        let err = |message: String, hint: Option<&str>| Error::Store {
            path: path.to_path_buf(),
            message,
            hint: hint.map(str::to_string),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            create_private_dir(dir).map_err(|e| {
                err(
                    format!("cannot create directory `{}`: {e}", dir.display()),
                    None,
                )
            })?;
        }
        let existed = path.exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| err(describe(&e), None))?;
        if !existed {
            restrict_permissions(path);
        }
        // Switching a new store to WAL needs a moment alone with the file, and SQLite answers
        // "busy" at once rather than waiting when another process is doing the same; so the
        // whole set-up is retried until the busy timeout.
        let deadline = Instant::now() + BUSY_TIMEOUT;
        let before = loop {
            match prepare(&mut conn) {
                Ok(before) => break before,
                Err(MigrateError::Sqlite(e)) if is_busy(&e) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(MigrateError::TooNew { found, known }) => {
                    return Err(err(
                        format!(
                            "written by a newer version of roadmap (schema {found}; this one knows {known})"
                        ),
                        Some("upgrade roadmap, or use another store with --db"),
                    ));
                }
                Err(MigrateError::Sqlite(e)) => return Err(err(describe(&e), hint_for(&e))),
            }
        };
        let mut store = Store { conn };
        if before < migrate::REBUILD_STATES_BEFORE {
            store.rebuild_states()?;
        }
        store.keep_days_in_zone(&clock::zone_key())?;
        Ok(store)
    }

    /// Day totals are kept by local day, in the time zone of the command that wrote them.
    /// When this command's zone is another (`TZ` changed, or the laptop travelled), they
    /// are counted again from the events, so that every report puts an event on the same
    /// day; the zone they were counted in is kept beside them.
    fn keep_days_in_zone(&mut self, zone: &str) -> Result<()> {
        if self.setting(DAYS_ZONE)?.as_deref() == Some(zone) {
            return Ok(());
        }
        // The recount reads every event once: map little of the store meanwhile.
        let mapped: i64 = self.conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?;
        self.map_less()?;
        self.recount_days(zone)?;
        self.conn.pragma_update(None, "mmap_size", mapped)?;
        Ok(())
    }

    fn recount_days(&mut self, zone: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let counted: Option<String> = tx
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DAYS_ZONE],
                |r| r.get(0),
            )
            .optional()?;
        if counted.as_deref() != Some(zone) {
            let mut days: HashMap<NaiveDate, (i64, i64)> = HashMap::new();
            {
                let mut stmt = tx.prepare("SELECT at, kind, minutes FROM events")?;
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    let activity = kind_at(row, 1)?.is_some_and(EventKind::is_activity);
                    let Some(at) = DateTime::from_timestamp(row.get(0)?, 0).filter(|_| activity)
                    else {
                        continue;
                    };
                    let day = days.entry(clock::local_day(at)).or_default();
                    day.0 += 1;
                    day.1 += row.get::<_, Option<i64>>(2)?.unwrap_or(0);
                }
            }
            tx.execute("DELETE FROM days", [])?;
            let mut insert =
                tx.prepare("INSERT INTO days (day, events, minutes) VALUES (?1, ?2, ?3)")?;
            for (day, (events, minutes)) in &days {
                insert.execute(params![day.to_string(), events, minutes])?;
            }
            drop(insert);
            tx.execute(SET_SETTING, params![DAYS_ZONE, zone])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Makes every query until the result is dropped read the same state of the store
    /// (another process's write in between is not half seen), and lets SQLite take its
    /// locks and look at its files once, not once per query.
    pub fn snapshot(&self) -> Result<Snapshot<'_>> {
        Ok(Snapshot {
            _tx: self.conn.unchecked_transaction()?,
        })
    }

    /// The content hash the roadmap `id` was last synced with.
    pub fn synced_hash(&self, roadmap_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT hash FROM roadmaps WHERE id = ?1",
                [roadmap_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The roadmap last synced from a file with content hash `hash`, if the store has it.
    /// It was valid when it was stored, so it needs no validation again.
    pub fn cached_roadmap(&self, hash: &str) -> Result<Option<Roadmap>> {
        self.packed_roadmap(
            "SELECT packed FROM roadmaps WHERE hash = ?1 AND packed IS NOT NULL",
            hash,
        )
    }

    /// The version of roadmap `id` synced last, if the store has one it can read.
    pub fn synced_roadmap(&self, id: &str) -> Result<Option<Roadmap>> {
        self.packed_roadmap(
            "SELECT packed FROM roadmaps WHERE id = ?1 AND packed IS NOT NULL",
            id,
        )
    }

    fn packed_roadmap(&self, query: &str, key: &str) -> Result<Option<Roadmap>> {
        let mut stmt = self.conn.prepare(query)?;
        let mut rows = stmt.query([key])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        // A copy this program cannot read (say, from another version) is simply not used:
        // the caller then reads the file again.
        let bytes = row.get_ref(0)?.as_bytes().unwrap_or_default();
        Ok(match bytes.strip_prefix(roadmap::SYNC_FORMAT) {
            Some(b) => postcard::from_bytes(b).ok(),
            None => crate::legacy_cache::decode(bytes),
        })
    }

    /// Fills in the summaries and resources of a roadmap read from the store, for the topic
    /// `only` names (every topic when `None`).
    pub fn fill_details(&self, roadmap: &mut Roadmap, only: Option<&str>) -> Result<()> {
        if roadmap.details {
            return Ok(());
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, summary, resources FROM topic_details
             WHERE roadmap = ?1 AND (?2 IS NULL OR id = ?2)",
        )?;
        let mut rows = stmt.query(params![roadmap.id, only])?;
        let mut found: HashMap<String, (String, String)> = HashMap::new();
        while let Some(row) = rows.next()? {
            found.insert(row.get(0)?, (row.get(1)?, row.get(2)?));
        }
        for section in &mut roadmap.sections {
            for topic in &mut section.topics {
                if let Some((summary, resources)) = found.remove(&*topic.id) {
                    topic.summary = summary;
                    topic.resources = serde_json::from_str(&resources).unwrap_or_default();
                }
            }
        }
        roadmap.details = only.is_none();
        Ok(())
    }

    /// Brings the stored copy of `roadmap` up to date, in one transaction, unless its hash is
    /// unchanged and `from_store` says the roadmap came from the store's own copy (when that
    /// copy was missing or unreadable, it is written again). Topics that left the roadmap are
    /// marked retired; no event is touched.
    pub fn sync(
        &mut self,
        roadmap: &Roadmap,
        now: DateTime<Utc>,
        from_store: bool,
    ) -> Result<bool> {
        if from_store && self.synced_hash(&roadmap.id)?.as_deref() == Some(&roadmap.hash) {
            return Ok(false);
        }
        self.write_roadmap(roadmap, now)?;
        Ok(true)
    }

    fn write_roadmap(&mut self, roadmap: &Roadmap, now: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = now.timestamp();
        // Tagged with the layout it is in: postcard's fields are positional, so a copy in
        // another layout must be recognised by the tag, not by failing to decode.
        let mut packed = roadmap::SYNC_FORMAT.to_vec();
        packed = postcard::to_extend(roadmap, packed).map_err(std::io::Error::other)?;
        tx.execute(
            "INSERT INTO roadmaps (id, title, version, hash, synced_at, packed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE
             SET title = ?2, version = ?3, hash = ?4, synced_at = ?5, packed = ?6",
            params![
                roadmap.id,
                roadmap.title,
                roadmap.version,
                roadmap.hash,
                now,
                packed
            ],
        )?;
        tx.execute(
            "UPDATE topics SET position = -1 WHERE roadmap = ?1",
            [&roadmap.id],
        )?;
        // Details are copies of the file's text, not progress: replaced wholesale.
        tx.execute(
            "DELETE FROM topic_details WHERE roadmap = ?1",
            [&roadmap.id],
        )?;
        {
            let mut detail = tx.prepare(
                "INSERT INTO topic_details (roadmap, id, summary, resources) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for topic in roadmap.topics() {
                let resources =
                    serde_json::to_string(&topic.resources).unwrap_or_else(|_| "[]".into());
                detail.execute(params![roadmap.id, topic.id, topic.summary, resources])?;
            }
        }
        {
            let mut upsert = tx.prepare(
                "INSERT INTO topics (roadmap, id, section, position, title, retired_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL)
                 ON CONFLICT (roadmap, id) DO UPDATE
                 SET section = ?3, position = ?4, title = ?5, retired_at = NULL",
            )?;
            for (position, topic) in roadmap.topics().enumerate() {
                upsert.execute(params![
                    roadmap.id,
                    topic.id,
                    topic.section,
                    position as i64,
                    topic.title
                ])?;
            }
        }
        tx.execute(
            "UPDATE topics SET retired_at = ?2
             WHERE roadmap = ?1 AND position = -1 AND retired_at IS NULL",
            params![roadmap.id, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Topics that some synced version of roadmap `roadmap_id` had and the current one lacks,
    /// each with its cached status.
    pub fn retired_topics(&self, roadmap_id: &str) -> Result<Vec<(KnownTopic, Status)>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.section, t.title, s.state, s.due
             FROM topics t LEFT JOIN topic_state s ON s.topic = t.id
             WHERE t.roadmap = ?1 AND t.retired_at IS NOT NULL ORDER BY t.section, t.id",
        )?;
        let rows = stmt.query_map([roadmap_id], |r| {
            let topic = KnownTopic {
                id: r.get(0)?,
                section: r.get(1)?,
                title: r.get(2)?,
                retired: true,
            };
            Ok((topic, status_of(r.get_ref(3)?, r.get_ref(4)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cached status of every topic of `roadmap`, in roadmap order (todo for a topic
    /// without events).
    pub fn topic_states(&self, roadmap: &Roadmap) -> Result<Vec<Status>> {
        let mut index = crate::ids::id_map(roadmap.sections.iter().map(|s| s.topics.len()).sum());
        index.extend(roadmap.topics().enumerate().map(|(i, t)| (&*t.id, i)));
        let mut out = vec![Status::default(); index.len()];
        // The cache is read in one pass; each row is placed by its id, without copying it.
        let mut stmt = self
            .conn
            .prepare("SELECT topic, state, due FROM topic_state")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let Ok(topic) = row.get_ref(0)?.as_str() else {
                continue;
            };
            if let Some(&at) = index.get(topic) {
                out[at] = status_of(row.get_ref(1)?, row.get_ref(2)?);
            }
        }
        Ok(out)
    }

    /// Every roadmap this store has synced, with its current topic count.
    pub fn roadmaps(&self) -> Result<Vec<KnownRoadmap>> {
        let mut stmt = self.conn.prepare(
            // All topics less the retired ones: both counts come from indexes alone, where
            // counting `retired_at IS NULL` read every topic's row.
            "SELECT r.id, r.title, r.version,
                    (SELECT count(*) FROM topics t WHERE t.roadmap = r.id)
                    - (SELECT count(*) FROM topics t
                       WHERE t.roadmap = r.id AND t.retired_at IS NOT NULL)
             FROM roadmaps r ORDER BY r.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(KnownRoadmap {
                id: r.get(0)?,
                title: r.get(1)?,
                version: r.get(2)?,
                topics: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Appends events whose id the store does not have yet, and refreshes the cached state
    /// of every topic they touch, all in one transaction. Returns how many were new.
    pub fn append(&mut self, events: &[Event]) -> Result<usize> {
        self.append_from(false, |add| events.iter().try_for_each(add))
    }

    /// Like [`Store::append`], for events that `feed` produces one at a time (an import of a
    /// million lines need not hold them all). `feed` calls the function it is given with each
    /// event; if `feed` fails, nothing it gave is kept.
    ///
    /// `bulk` is for many events at once, more than the store holds: the events' secondary
    /// indexes are dropped first and built again, sorted, at the end of the same transaction,
    /// which is several times faster than a million inserts at random places in them.
    pub fn append_from(
        &mut self,
        bulk: bool,
        feed: impl FnOnce(&mut dyn FnMut(&Event) -> Result<()>) -> Result<()>,
    ) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let added = append_in(&tx, bulk, None, feed)?;
        tx.commit()?;
        Ok(added)
    }

    /// Gives this connection a page cache of about `mib` MiB, for a large import.
    pub fn set_cache_mib(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mib * 1024)?;
        Ok(())
    }

    /// Recomputes the cached state of every topic from its events, in one transaction.
    pub fn rebuild_states(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let topics: Vec<String> = tx
            .prepare("SELECT DISTINCT topic FROM events")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for topic in &topics {
            refresh_state(&tx, topic)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The cached status of one topic id (todo when it has no events).
    pub fn cached_status(&self, topic: &str) -> Result<Status> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT state, due FROM topic_state WHERE topic = ?1")?;
        let mut rows = stmt.query([topic])?;
        Ok(match rows.next()? {
            Some(row) => status_of(row.get_ref(0)?, row.get_ref(1)?),
            None => Status::default(),
        })
    }

    /// The cached status of every topic that has events.
    #[cfg(test)]
    pub fn states(&self) -> Result<HashMap<String, Status>> {
        let mut stmt = self
            .conn
            .prepare("SELECT topic, state, due FROM topic_state")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                status_of(r.get_ref(1)?, r.get_ref(2)?),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether an event that can set a state (not a note or a review) of these topic ids
    /// comes after the event `id` at `at`, in the order events apply (time, then id).
    pub fn state_set_after(&self, ids: &[&str], at: DateTime<Utc>, id: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM events WHERE topic = ?1 \
             AND (at > ?2 OR (at = ?2 AND id > ?3)) AND kind NOT IN ('note', 'review'))",
        )?;
        for topic in ids {
            if stmt.query_row(params![topic, at.timestamp(), id], |r| r.get(0))? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Of the given track ids, the one chosen last (by a `track` event), if any.
    pub fn last_track_choice(&self, tracks: &[&str]) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT topic, at, id FROM events INDEXED BY events_by_topic
             WHERE topic = ?1 AND kind = 'track' ORDER BY at DESC, id DESC LIMIT 1",
        )?;
        let mut last: Option<(i64, String, String)> = None;
        for track in tracks {
            let row = stmt
                .query_row([track], |r| Ok((r.get::<_, i64>(1)?, r.get(2)?, r.get(0)?)))
                .optional()?;
            if let Some(row) = row
                && last.as_ref().is_none_or(|l| (row.0, &row.1) > (l.0, &l.1))
            {
                last = Some(row);
            }
        }
        Ok(last.map(|(_, _, topic)| topic))
    }

    /// Every event of the given topic ids, oldest first (see [`Event::order`]).
    pub fn events_of(&self, ids: &[&str]) -> Result<Vec<Event>> {
        let mut all = Vec::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE topic = ?1 ORDER BY at, id"
        ))?;
        for id in ids {
            for row in stmt.query_map([id], read_event)? {
                all.push(row?);
            }
        }
        if ids.len() > 1 {
            all.sort_by(Event::order);
        }
        Ok(all)
    }

    /// The status of the topic whose events carry `ids` (its id and the ids it was renamed
    /// from) just before each of the instants `before`, in ascending order. Only the columns
    /// that decide a state are read.
    pub fn status_before(&self, ids: &[&str], before: &[DateTime<Utc>]) -> Result<Vec<Status>> {
        let instants: Vec<i64> = before.iter().map(DateTime::timestamp).collect();
        Ok(fold(&state_events(&self.conn, ids)?, &instants).0)
    }

    /// The state of the topic whose events all carry the id `topic` just before each of
    /// the `instants`: the same as folding all its events up to there (a test holds it to
    /// that), but read backwards from each instant only as far as the last event that sets
    /// the state outright (start, check, skip), so that the cost does not grow with the
    /// topic's history. Review schedules are not worked out.
    pub fn states_before(&self, topic: &str, instants: &[DateTime<Utc>]) -> Result<Vec<State>> {
        let mut out = Vec::with_capacity(instants.len());
        let mut later = Vec::new();
        for instant in instants {
            out.push(state_before(
                &self.conn,
                topic,
                instant.timestamp(),
                &mut later,
            )?);
        }
        Ok(out)
    }

    /// The ids of topics with an event of any kind at or after `since`, from the state
    /// cache: one pass over the topics, however many events there are since then.
    pub fn topics_active_since(&self, since: DateTime<Utc>) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT topic FROM topic_state WHERE last_at >= ?1")?;
        let rows = stmt.query_map([since.timestamp()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Events with `since <= at < until` (either bound optional), newest first, optionally
    /// only those of the given topic ids.
    pub fn events_between(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        topics: Option<&[&str]>,
    ) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        self.each_event_between(since, until, topics, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` with each of [`Store::events_between`]'s events, in the same order, holding
    /// no more of them at a time than one second's worth (or, for given topic ids, theirs).
    pub fn each_event_between(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        topics: Option<&[&str]>,
        mut f: impl FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let (since, until) = unix_range(since, until);
        // Events of the same second, put in order (by id, last first) before they go out.
        let mut run: Vec<Event> = Vec::new();
        let mut flush = |run: &mut Vec<Event>| -> Result<()> {
            run.sort_by(|a, b| b.id.cmp(&a.id));
            run.drain(..).try_for_each(&mut f)
        };
        match topics {
            None => {
                // The time index gives the rows newest first; only ties on the second need
                // ordering, here, rather than by a sort of the whole period inside SQLite.
                let mut stmt = self.conn.prepare(&format!(
                    "SELECT {EVENT_COLUMNS} FROM events INDEXED BY events_by_time
                     WHERE at >= ?1 AND at < ?2 ORDER BY at DESC"
                ))?;
                let mut rows = stmt.query(params![since, until])?;
                while let Some(row) = rows.next()? {
                    let event = read_event(row)?;
                    if run.last().is_some_and(|last| last.at != event.at) {
                        flush(&mut run)?;
                    }
                    run.push(event);
                }
                flush(&mut run)
            }
            Some(ids) => {
                let mut stmt = self.conn.prepare(&format!(
                    "SELECT {EVENT_COLUMNS} FROM events WHERE topic = ?1 AND at >= ?2 AND at < ?3"
                ))?;
                for id in ids {
                    for row in stmt.query_map(params![id, since, until], read_event)? {
                        run.push(row?);
                    }
                }
                run.sort_by(|a, b| Event::order(b, a));
                run.into_iter().try_for_each(f)
            }
        }
    }

    /// How many events have `since <= at < until` (from the time index alone).
    pub fn count_between(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<u64> {
        let (since, until) = unix_range(since, until);
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM events INDEXED BY events_by_time WHERE at >= ?1 AND at < ?2",
            params![since, until],
            |r| r.get(0),
        )?;
        Ok(n.unsigned_abs())
    }

    /// The topics of the events with `since <= at < until`, each once. It reads the whole
    /// topic index, about 0.2 s for a million events: for periods too long to hold.
    pub fn topics_between(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<Vec<String>> {
        let (since, until) = unix_range(since, until);
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT topic FROM events INDEXED BY events_by_topic
             WHERE at >= ?1 AND at < ?2",
        )?;
        let rows = stmt.query_map(params![since, until], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Activity per local day (every kind but uncheck and skip) for days in
    /// `from..=to`, oldest first; days without activity are left out.
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayTotal>> {
        let mut stmt = self.conn.prepare(
            "SELECT day, events, minutes FROM days WHERE day >= ?1 AND day <= ?2 ORDER BY day",
        )?;
        let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            // Read in place, with the store's own day parser: a year of days through
            // chrono's general one and a copy each was a tenth of a weekly summary.
            let Some(day) = row.get_ref(0)?.as_str().ok().and_then(parse_day) else {
                continue;
            };
            out.push(DayTotal {
                day,
                events: row.get::<_, i64>(1)?.max(0) as u64,
                minutes: row.get::<_, i64>(2)?.max(0) as u64,
            });
        }
        Ok(out)
    }

    /// Minutes logged in all on the given topic ids (a topic and its former ids), from the
    /// state cache, which keeps each id's sum with its state.
    pub fn minutes_logged(&self, ids: &[&str]) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT coalesce(sum(minutes), 0) FROM topic_state WHERE topic = ?1")?;
        let mut total = 0;
        for id in ids {
            let m: i64 = stmt.query_row([id], |r| r.get(0))?;
            total += m.max(0) as u64;
        }
        Ok(total)
    }

    /// Minutes logged on each topic id that has any, from the state cache (one row a topic,
    /// however many events): for comparing time with estimates (`estimates`, `plan`).
    pub fn minutes_by_topic(&self) -> Result<HashMap<String, u64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT topic, minutes FROM topic_state WHERE minutes > 0")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The distinct topic ids checked at or after `since`.
    pub fn checked_since(&self, since: DateTime<Utc>) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT topic FROM events INDEXED BY events_by_time
             WHERE at >= ?1 AND kind = 'check' ORDER BY topic",
        )?;
        let rows = stmt.query_map([since.timestamp()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When the earliest event happened, if there is any (read from the time index).
    pub fn first_event_at(&self) -> Result<Option<DateTime<Utc>>> {
        let secs: Option<i64> = self
            .conn
            .query_row("SELECT MIN(at) FROM events", [], |r| r.get(0))?;
        Ok(secs.and_then(|s| DateTime::from_timestamp(s, 0)))
    }

    /// When `key` was first set to `value`, if it ever was.
    pub fn first_set(&self, key: &str, value: &str) -> Result<Option<DateTime<Utc>>> {
        let secs: Option<i64> = self.conn.query_row(
            "SELECT MIN(at) FROM settings_log WHERE key = ?1 AND value = ?2",
            [key, value],
            |r| r.get(0),
        )?;
        Ok(secs.and_then(|s| DateTime::from_timestamp(s, 0)))
    }

    /// When the earliest event of any of the topic ids happened, if any did.
    pub fn first_event_of(&self, ids: &[&str]) -> Result<Option<DateTime<Utc>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT MIN(at) FROM events INDEXED BY events_by_topic WHERE topic = ?1",
        )?;
        let mut first: Option<i64> = None;
        for id in ids {
            let at: Option<i64> = stmt.query_row([id], |r| r.get(0))?;
            first = match (first, at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(first.and_then(|s| DateTime::from_timestamp(s, 0)))
    }

    /// A setting, if it was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets several settings in one transaction, keeping each change in the settings log.
    pub fn set_settings(&mut self, pairs: &[(&str, String)], at: DateTime<Utc>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (key, value) in pairs {
            tx.execute(SET_SETTING, params![key, value])?;
            tx.execute(
                "INSERT INTO settings_log (key, value, at) VALUES (?1, ?2, ?3)",
                params![key, value, at.timestamp()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// From now on, maps at most [`SCAN_MMAP_MIB`] of the store into memory: for a read that
    /// passes over most of a large store once. Mapped, every page it touches would stay in
    /// the process's memory until it exits (157 MiB for an export of a million events); read
    /// through the page cache, memory stays flat, and the time is the same. A small store is
    /// still mapped whole.
    pub fn map_less(&self) -> Result<()> {
        self.conn
            .pragma_update(None, "mmap_size", SCAN_MMAP_MIB * 1024 * 1024)?;
        Ok(())
    }

    /// Calls `f` with every event, in insertion order, without holding them all in memory
    /// (nor allocating for each: the event borrows the row).
    pub fn for_each_event(&self, mut f: impl FnMut(EventRef) -> Result<()>) -> Result<()> {
        self.map_less()?;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(event_ref(row)?)?;
        }
        Ok(())
    }

    /// The latest `count` notes of one topic id (of any event kind that carries one), newest
    /// first (`map`). It walks the topic's events back from the newest through the topic
    /// index, so it reads little more than what it returns.
    pub fn latest_notes(&self, topic: &str, count: usize) -> Result<Vec<TopicNote>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, kind, note FROM events INDEXED BY events_by_topic
             WHERE topic = ?1 AND note IS NOT NULL ORDER BY at DESC LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![topic, i64::try_from(count).unwrap_or(i64::MAX)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(kind) = row.get_ref(1)?.as_str().ok().and_then(EventKind::parse) else {
                continue;
            };
            out.push(TopicNote {
                at: DateTime::from_timestamp(row.get(0)?, 0).unwrap_or_default(),
                kind,
                note: row.get(2)?,
            });
        }
        Ok(out)
    }

    /// About how many events the store holds (exactly, unless an insert was rolled back).
    pub fn approx_event_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?)
    }

    /// How many events the store holds.
    #[cfg(test)]
    pub fn event_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }
}

/// A note as [`Store::latest_notes`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicNote {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub note: String,
}

/// How far a file of the shared sync layout has been read (another machine's file) or
/// written (this machine's): bytes, lines, and the last `seq` written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileMark {
    pub offset: u64,
    pub line: u64,
    pub seq: i64,
}

/// What `sync` keeps in the store (see migrations/0009_sync.sql).
impl Store {
    /// A value of this machine's sync set-up (`machine`, `name`, `remote`, `folder`,
    /// `last_sync`), if set.
    pub fn sync_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets values of the sync set-up, in one transaction; an empty value removes one.
    pub fn set_sync_values(&mut self, pairs: &[(&str, &str)]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (key, value) in pairs {
            if value.is_empty() {
                tx.execute("DELETE FROM sync_state WHERE key = ?1", [key])?;
            } else {
                tx.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = ?2",
                    params![key, value],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The machine id of this store, made (random) the first time it is asked for.
    pub fn machine_id(&mut self) -> Result<String> {
        if let Some(id) = self.sync_value("machine")? {
            return Ok(id);
        }
        let id = uuid::Uuid::now_v7().simple().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Two syncs at once: the first one's id stays.
        tx.execute(
            "INSERT INTO sync_state (key, value) VALUES ('machine', ?1) ON CONFLICT DO NOTHING",
            [&id],
        )?;
        let id: String = tx.query_row(
            "SELECT value FROM sync_state WHERE key = 'machine'",
            [],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// How far the file `path` (relative to the shared folder) was read or written.
    pub fn file_mark(&self, path: &str) -> Result<FileMark> {
        Ok(self
            .conn
            .query_row(
                "SELECT offset, line, seq FROM sync_files WHERE path = ?1",
                [path],
                |r| {
                    Ok(FileMark {
                        offset: r.get::<_, i64>(0)?.max(0) as u64,
                        line: r.get::<_, i64>(1)?.max(0) as u64,
                        seq: r.get(2)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Forgets how far every file was read or written: for another remote or folder.
    pub fn reset_file_marks(&mut self) -> Result<()> {
        self.conn.execute("DELETE FROM sync_files", [])?;
        Ok(())
    }

    /// Remembers how far `path` was written.
    pub fn set_file_mark(&mut self, path: &str, mark: FileMark) -> Result<()> {
        set_mark(&self.conn, path, mark)?;
        Ok(())
    }

    /// Calls `f` with each event made on this machine after `seq`, in order, with its seq.
    pub fn for_each_own_event_after(
        &self,
        seq: i64,
        mut f: impl FnMut(i64, EventRef) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS}, seq FROM events
             WHERE seq > ?1 AND origin IS NULL ORDER BY seq"
        ))?;
        let mut rows = stmt.query([seq])?;
        while let Some(row) = rows.next()? {
            f(row.get(7)?, event_ref(row)?)?;
        }
        Ok(())
    }

    /// The settings changes made on this machine after `seq`, each with its seq.
    pub fn own_settings_after(&self, seq: i64) -> Result<Vec<(i64, SettingChange)>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, key, value, at FROM settings_log
             WHERE seq > ?1 AND origin IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([seq], |r| {
            Ok((
                r.get(0)?,
                SettingChange {
                    key: r.get(1)?,
                    value: r.get(2)?,
                    at: from_unix(r.get(3)?),
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Appends the events another machine (`origin`) wrote to the file `path`, as
    /// [`Store::append_from`] does, and remembers how far `path` was read, which `feed`
    /// returns, in the same transaction: a sync killed at any point neither loses nor
    /// doubles anything.
    pub fn append_synced(
        &mut self,
        origin: &str,
        path: &str,
        bulk: bool,
        feed: impl FnOnce(&mut dyn FnMut(&Event) -> Result<()>) -> Result<FileMark>,
    ) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut mark = None;
        let added = append_in(&tx, bulk, Some(origin), |add| {
            mark = Some(feed(add)?);
            Ok(())
        })?;
        if let Some(mark) = mark {
            set_mark(&tx, path, mark)?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Adds the settings changes another machine (`origin`) wrote to the file `path` to the
    /// settings log, remembers how far the file was read, and makes each setting the value
    /// of its latest change, all in one transaction. Changes are ordered by time, then by
    /// machine id (`me` for this machine's own), then as each machine made them, so that
    /// every machine picks the same value.
    pub fn append_synced_settings(
        &mut self,
        origin: &str,
        me: &str,
        path: &str,
        changes: &[SettingChange],
        mark: FileMark,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for c in changes {
            tx.execute(
                "INSERT INTO settings_log (key, value, at, origin) VALUES (?1, ?2, ?3, ?4)",
                params![c.key, c.value, c.at.timestamp(), origin],
            )?;
        }
        set_mark(&tx, path, mark)?;
        if !changes.is_empty() {
            let latest: Vec<(String, String)> = tx
                .prepare(
                    "SELECT key, value FROM (
                         SELECT key, value, row_number() OVER (
                             PARTITION BY key
                             ORDER BY at DESC, coalesce(origin, ?1) DESC, seq DESC) AS n
                         FROM settings_log)
                     WHERE n = 1",
                )?
                .query_map([me], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (key, value) in latest {
                tx.execute(SET_SETTING, params![key, value])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

fn set_mark(conn: &Connection, path: &str, mark: FileMark) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sync_files (path, offset, line, seq) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (path) DO UPDATE SET offset = ?2, line = ?3, seq = ?4",
        params![path, mark.offset as i64, mark.line as i64, mark.seq],
    )?;
    Ok(())
}

const EVENT_COLUMNS: &str = "id, topic, kind, at, minutes, note, rating";

const NOT_A_STORE_HINT: &str = "is it a roadmap store? use another path with --db or ROADMAP_DB";

/// The event kind in column `i`, matched where it lies, without a copy; `None` for a value
/// that is not one (the table's CHECK keeps them out).
fn kind_at(row: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<EventKind>> {
    Ok(row.get_ref(i)?.as_str().ok().and_then(EventKind::parse))
}

/// The event of a row of [`EVENT_COLUMNS`], its text borrowed from the row.
fn event_ref<'r>(row: &'r rusqlite::Row) -> rusqlite::Result<EventRef<'r>> {
    let text = |i: usize| -> rusqlite::Result<Option<&'r str>> {
        match row.get_ref(i)? {
            ValueRef::Null => Ok(None),
            v => Ok(Some(v.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))
            })?)),
        }
    };
    Ok(EventRef {
        id: text(0)?.unwrap_or_default(),
        topic: text(1)?.unwrap_or_default(),
        kind: kind_at(row, 2)?.unwrap_or(EventKind::Note),
        at: row.get(3)?,
        minutes: row.get(4)?,
        note: text(5)?,
        rating: text(6)?.and_then(Rating::parse),
    })
}

fn read_event(r: &rusqlite::Row) -> rusqlite::Result<Event> {
    // Kind and rating are matched where they lie, without a copy.
    let kind = kind_at(r, 2)?;
    let rating = r.get_ref(6)?.as_str().ok().and_then(Rating::parse);
    Ok(Event {
        id: r.get(0)?,
        topic: r.get(1)?,
        kind: kind.unwrap_or(EventKind::Note),
        at: from_unix(r.get(3)?),
        minutes: r.get(4)?,
        note: r.get(5)?,
        rating,
    })
}

/// A topic's status from its cached state and due day (NULL, as for a topic without
/// events, is todo).
fn status_of(state: ValueRef, due: ValueRef) -> Status {
    Status {
        state: state
            .as_str()
            .ok()
            .and_then(State::parse)
            .unwrap_or_default(),
        due: due.as_str().ok().and_then(parse_day),
    }
}

/// A `YYYY-MM-DD` day as the store writes it; quicker than chrono's general parser, which
/// showed in profiles of 10,000-topic roadmaps.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return text.parse().ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// What decides a topic's state, of one event: at, id (kept only where events of several ids
/// or from several places are put in order), kind, rating.
type StateEvent = (i64, Option<Box<str>>, EventKind, Option<Rating>);

/// The events of the topic whose events carry `ids` (its id and the ids it was renamed from),
/// in the order they apply (see [`Event::order`]).
fn state_events(conn: &Connection, ids: &[&str]) -> rusqlite::Result<Vec<StateEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, id, kind, rating FROM events WHERE topic = ?1 ORDER BY at, id",
    )?;
    let mut events = Vec::new();
    for topic in ids {
        let mut rows = stmt.query([topic])?;
        while let Some(row) = rows.next()? {
            let Some(kind) = kind_at(row, 2)? else {
                continue;
            };
            let id = if ids.len() > 1 {
                Some(row.get_ref(1)?.as_str().unwrap_or_default().into())
            } else {
                None
            };
            let rating = row.get_ref(3)?.as_str().ok().and_then(Rating::parse);
            events.push((row.get(0)?, id, kind, rating));
        }
    }
    if ids.len() > 1 {
        events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    }
    Ok(events)
}

/// Folds `events`, in the order they apply, noting the status just before each of the
/// instants `before` (Unix seconds, ascending). Returns those, the state after every event,
/// and the time of the last event (0 for none).
fn fold(events: &[StateEvent], before: &[i64]) -> (Vec<Status>, Derived, i64) {
    let mut derived = Derived::default();
    let mut snapshots = Vec::with_capacity(before.len());
    let mut rest = events.iter().peekable();
    for &limit in before {
        while let Some((at, _, kind, rating)) = rest.next_if(|e| e.0 < limit) {
            derived.apply(*kind, clock::local_day(from_unix(*at)), *rating);
        }
        snapshots.push(derived.status());
    }
    for (at, _, kind, rating) in rest {
        derived.apply(*kind, clock::local_day(from_unix(*at)), *rating);
    }
    (snapshots, derived, events.last().map_or(0, |e| e.0))
}

/// See [`Store::states_before`]; `later` is scratch space, reused between calls.
fn state_before(
    conn: &Connection,
    topic: &str,
    before: i64,
    later: &mut Vec<(i64, EventKind)>,
) -> rusqlite::Result<State> {
    // Newest first, from the index alone (it holds each event's time and kind), down to the
    // first second with an event that sets the state outright.
    let mut stmt = conn.prepare_cached(
        "SELECT at, kind FROM events INDEXED BY events_by_topic
         WHERE topic = ?1 AND at < ?2 ORDER BY at DESC",
    )?;
    let mut rows = stmt.query(params![topic, before])?;
    later.clear();
    let mut outright: Option<(i64, EventKind)> = None;
    let mut tie = false;
    while let Some(row) = rows.next()? {
        let at: i64 = row.get(0)?;
        if let Some((outright_at, _)) = outright {
            // One row past the outright event: does another event share its second?
            tie |= at == outright_at;
            break;
        }
        let Some(kind) = kind_at(row, 1)? else {
            continue;
        };
        match kind {
            EventKind::Note | EventKind::Review | EventKind::Track => {}
            EventKind::Log | EventKind::Uncheck => later.push((at, kind)),
            EventKind::Start | EventKind::Check | EventKind::Skip => {
                tie = later.last().is_some_and(|e| e.0 == at);
                outright = Some((at, kind));
            }
        }
    }
    drop(rows);
    let mut derived = Derived::default();
    // The last event that set the state outright, when it was a check or a skip: they say
    // nothing of whether the topic was ever started, which an uncheck after them may need.
    // Its id matters only against events of the same second; when none shares it, the id is
    // left empty and the time alone decides what came before.
    let mut closed: Option<(i64, String)> = None;
    let mut same_second = Vec::new();
    if let Some((at, kind)) = outright
        && !tie
    {
        derived.apply_state(kind);
        closed = (kind != EventKind::Start).then(|| (at, String::new()));
    } else if let Some((at, _)) = outright {
        // Within a second events apply in the order of their ids, which only the table
        // holds: that second is read again, in order.
        while later.last().is_some_and(|e| e.0 == at) {
            later.pop();
        }
        let mut stmt = conn.prepare_cached(
            "SELECT kind, id FROM events INDEXED BY events_by_topic
             WHERE topic = ?1 AND at = ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![topic, at])?;
        while let Some(row) = rows.next()? {
            let Some(kind) = kind_at(row, 0)? else {
                continue;
            };
            match kind {
                EventKind::Note | EventKind::Review | EventKind::Track => {}
                EventKind::Log | EventKind::Uncheck => same_second.push(kind),
                EventKind::Start | EventKind::Check | EventKind::Skip => {
                    derived = Derived::default();
                    derived.apply_state(kind);
                    closed = if kind == EventKind::Start {
                        None
                    } else {
                        Some((at, row.get(1)?))
                    };
                    same_second.clear();
                }
            }
        }
    }
    let after = same_second
        .into_iter()
        .chain(later.iter().rev().map(|e| e.1));
    for kind in after {
        if kind == EventKind::Uncheck
            && matches!(derived.state, State::Done | State::Skipped)
            && let Some((at, id)) = closed.take()
        {
            derived.started = conn
                .prepare_cached(
                    "SELECT 1 FROM events INDEXED BY events_by_topic
                     WHERE topic = ?1 AND at <= ?2 AND (at < ?2 OR id < ?3)
                       AND kind IN ('start', 'log') LIMIT 1",
                )?
                .exists(params![topic, at, id])?;
        }
        if kind == EventKind::Log {
            // From here on `started` is true whatever came before.
            closed = None;
        }
        derived.apply_state(kind);
    }
    Ok(derived.state)
}

/// The body of [`Store::append_from`], inside the transaction `tx`: events made on another
/// machine carry its id as their `origin` (`None`: made here).
fn append_in(
    tx: &rusqlite::Transaction,
    bulk: bool,
    origin: Option<&str>,
    feed: impl FnOnce(&mut dyn FnMut(&Event) -> Result<()>) -> Result<()>,
) -> Result<usize> {
    // The indexes as the schema defines them, to build again exactly.
    let indexes: Vec<(String, String)> = if bulk {
        tx.prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    if bulk {
        // Building the indexes again sorts a million entries: with a helper thread.
        tx.pragma_update(None, "threads", 2)?;
        // The table's CHECKs (kind and rating in their lists, minutes above 0) cost an
        // in-memory table per insert; an import has checked every event already (see
        // Event::check, and the kinds and ratings are enums).
        tx.pragma_update(None, "ignore_check_constraints", true)?;
    }
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    let mut added = 0;
    // The topics given new events; in bulk, with those events' (at, id, kind, rating),
    // to fold in memory rather than read back a million rows.
    let mut touched: HashMap<String, Vec<StateEvent>> = HashMap::new();
    let seq_before: i64 = if bulk {
        tx.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?
    } else {
        0
    };
    let mut days: HashMap<NaiveDate, (i64, i64)> = HashMap::new();
    {
        let mut insert = tx.prepare(
            "INSERT INTO events (id, topic, kind, at, minutes, note, rating, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        )?;
        feed(&mut |e: &Event| {
            let n = insert.execute(params![
                e.id,
                e.topic,
                e.kind.as_str(),
                e.at.timestamp(),
                e.minutes,
                e.note,
                e.rating.map(Rating::as_str),
                origin,
            ])?;
            if n > 0 {
                added += 1;
                let folded = match touched.get_mut(&e.topic) {
                    Some(f) => f,
                    None => touched.entry(e.topic.clone()).or_default(),
                };
                if bulk {
                    folded.push((
                        e.at.timestamp(),
                        Some(e.id.as_str().into()),
                        e.kind,
                        e.rating,
                    ));
                }
                if e.kind.is_activity() {
                    let day = days.entry(clock::local_day(e.at)).or_default();
                    day.0 += 1;
                    day.1 += i64::from(e.minutes.unwrap_or(0));
                }
            }
            Ok(())
        })?;
        let mut add_day = tx.prepare(
            "INSERT INTO days (day, events, minutes) VALUES (?1, ?2, ?3)
             ON CONFLICT (day) DO UPDATE SET events = events + ?2, minutes = minutes + ?3",
        )?;
        for (day, (events, minutes)) in &days {
            add_day.execute(params![day.to_string(), events, minutes])?;
        }
    }
    for (_, sql) in &indexes {
        tx.execute_batch(sql)?;
    }
    if bulk {
        tx.pragma_update(None, "ignore_check_constraints", false)?;
    }
    let mut older =
        tx.prepare("SELECT EXISTS (SELECT 1 FROM events WHERE topic = ?1 AND seq <= ?2)")?;
    for (topic, mut new) in touched {
        if !bulk || older.query_row(params![topic, seq_before], |r| r.get(0))? {
            refresh_state(tx, &topic)?;
            continue;
        }
        // Only new events: the same fold as refresh_state, in the same order.
        new.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let (_, derived, last_at) = fold(&new, &[]);
        write_state(tx, &topic, &derived, last_at)?;
    }
    drop(older);
    Ok(added)
}

/// Recomputes the cached state of `topic` from all of its events.
fn refresh_state(conn: &Connection, topic: &str) -> rusqlite::Result<()> {
    let (_, derived, last_at) = fold(&state_events(conn, &[topic])?, &[]);
    write_state(conn, topic, &derived, last_at)
}

/// Writes the cached state of `topic`.
fn write_state(
    conn: &Connection,
    topic: &str,
    derived: &Derived,
    last_at: i64,
) -> rusqlite::Result<()> {
    let due = derived.card.map(|c| c.due().to_string());
    // The minutes logged, summed again from the topic's own events (few, by the index).
    conn.prepare_cached(
        "INSERT INTO topic_state (topic, state, started, last_at, due, minutes)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(sum(minutes), 0) FROM events
                                      WHERE topic = ?1 AND kind = 'log'))
         ON CONFLICT (topic) DO UPDATE SET state = ?2, started = ?3, last_at = ?4, due = ?5,
             minutes = excluded.minutes",
    )?
    .execute(params![
        topic,
        derived.state.as_str(),
        derived.started,
        last_at,
        due
    ])?;
    Ok(())
}

/// A period's optional bounds as Unix seconds, open ends as far as they go.
fn unix_range(since: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>) -> (i64, i64) {
    (
        since.map_or(i64::MIN, |t| t.timestamp()),
        until.map_or(i64::MAX, |t| t.timestamp()),
    )
}

/// Connection settings and migrations; returns the schema level the store had.
fn prepare(conn: &mut Connection) -> std::result::Result<i64, MigrateError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // A prepared statement keeps its plan whatever values are bound to it. Without this,
    // SQLite prepares some statements again on every new binding (a summary of an old week
    // did so a thousand times), looking for a plan it would not choose anyway: this store
    // has no statistics tables.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // journal_mode is stored in the file: set it only when it is not WAL yet.
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Read pages through a memory map rather than a read() call per 4 KiB page.
    conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
    // The write-ahead log file and its index stay beside the store between commands, the
    // log empty: a command still copies its writes into the store when it closes, then
    // truncates the log instead of deleting it. Creating and deleting the two files took
    // more of a small command's time than its own work, and a new file's first fsync is the
    // slowest of a write's.
    conn.pragma_update(None, "journal_size_limit", 0)?;
    keep_wal_file(conn);
    migrate::migrate(conn)
}

/// Asks SQLite to keep the `-wal` file when the last connection closes (cut down to
/// `journal_size_limit`) rather than delete it. Where the platform's SQLite cannot, it goes
/// on deleting it, which is only slower.
#[allow(unsafe_code, reason = "one FFI call rusqlite has no safe wrapper for")]
fn keep_wal_file(conn: &Connection) {
    let mut on: std::ffi::c_int = 1;
    // SAFETY: the handle is open for the whole call, the name is NUL-terminated, and
    // SQLITE_FCNTL_PERSIST_WAL reads and writes one int through the pointer, which lives
    // until the call returns.
    unsafe {
        rusqlite::ffi::sqlite3_file_control(
            conn.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        );
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The hint for an error opening the store.
fn hint_for(e: &rusqlite::Error) -> Option<&'static str> {
    use rusqlite::ErrorCode::{CannotOpen, ReadOnly};
    match e.sqlite_error_code() {
        Some(ReadOnly | CannotOpen) => {
            Some("the store and its directory must be writable (SQLite keeps a journal beside it)")
        }
        _ => Some(NOT_A_STORE_HINT),
    }
}

/// Turns SQLite's error into something a user can act on, by its code.
fn describe(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::{CannotOpen, NotADatabase, ReadOnly};
    match e.sqlite_error_code() {
        Some(NotADatabase) => "not a SQLite database".to_string(),
        Some(CannotOpen) => {
            "cannot open the file (check that the path and its directory are writable)".to_string()
        }
        Some(ReadOnly) => "the store is read-only".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // Best effort: the store is still usable if this fails (say on a FAT volume).
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::{Source, load};

    fn event(id: &str, topic: &str, kind: EventKind, at: i64) -> Event {
        Event {
            id: id.into(),
            topic: topic.into(),
            kind,
            at: from_unix(at),
            minutes: (kind == EventKind::Log).then_some(30),
            note: (kind == EventKind::Note).then(|| "n".to_string()),
            rating: None,
        }
    }

    fn roadmap(text: &str) -> Roadmap {
        load(&Source {
            name: "t".into(),
            text: text.into(),
        })
        .unwrap()
    }

    #[test]
    fn append_is_idempotent_and_state_follows_time_not_insertion() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a/b/p.db")).unwrap();
        // A check at t=200 is inserted before a start at t=100: time order decides.
        let added = store
            .append(&[
                event("2", "x", EventKind::Check, 200),
                event("1", "x", EventKind::Start, 100),
            ])
            .unwrap();
        assert_eq!(added, 2);
        assert_eq!(store.states().unwrap()["x"].state, State::Done);
        assert_eq!(
            store
                .append(&[event("1", "x", EventKind::Start, 100)])
                .unwrap(),
            0
        );
        assert_eq!(store.event_count().unwrap(), 2);
        store
            .append(&[event("3", "x", EventKind::Uncheck, 300)])
            .unwrap();
        assert_eq!(store.states().unwrap()["x"].state, State::Doing);
        let ids: Vec<String> = store
            .events_between(None, None, None)
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, ["3", "2", "1"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_store_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/p.db");
        Store::open(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn sync_retires_and_restores_topics() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        let head =
            "[roadmap]\nid = \"r\"\ntitle = \"R\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n";
        let two = roadmap(&format!(
            "{head}[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"About A\"\nresources = [{{ title = \"R\", url = \"https://r\" }}]\n[[sections.topics]]\nid = \"b\"\ntitle = \"B\"\n"
        ));
        let one = roadmap(&format!(
            "{head}[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\n"
        ));
        let now = from_unix(1_000);
        assert!(store.sync(&two, now, false).unwrap());
        assert!(!store.sync(&two, now, true).unwrap());
        // The synced roadmap comes back by its hash, as it was once its details are filled.
        let mut cached = store.cached_roadmap(&two.hash).unwrap().unwrap();
        assert!(!cached.details);
        store.fill_details(&mut cached, Some("a")).unwrap();
        assert!(!cached.details);
        store.fill_details(&mut cached, None).unwrap();
        assert_eq!(cached, two);
        assert_eq!(store.cached_roadmap(&one.hash).unwrap(), None);
        assert!(store.sync(&one, now, false).unwrap());
        let retired = store.retired_topics("r").unwrap();
        assert_eq!(retired.len(), 1);
        assert_eq!(retired[0].0.id, "b");
        assert_eq!(retired[0].1, Status::default());
        assert_eq!(store.cached_roadmap(&two.hash).unwrap(), None);
        assert!(store.sync(&two, now, false).unwrap());
        assert!(store.retired_topics("r").unwrap().is_empty());
        assert_eq!(store.roadmaps().unwrap()[0].topics, 2);
    }

    #[test]
    fn upgrading_from_level_two_rebuilds_the_state_cache_with_review_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate::migrate_to(&mut conn, 2).unwrap();
            // A check on 2026-11-20 12:00 UTC, and its old cache row without a due date.
            conn.execute_batch(
                "INSERT INTO events (id, topic, kind, at) VALUES ('e', 'x', 'check', 1763640000);
                 INSERT INTO topic_state (topic, state, started, last_at)
                 VALUES ('x', 'done', 0, 1763640000);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let x = store.states().unwrap()["x"];
        assert_eq!(x.state, State::Done);
        // Three days after the check's local day (TZ may shift that day by one).
        let check_day = clock::local_day(from_unix(1_763_640_000));
        assert_eq!(x.due, Some(check_day + chrono::Duration::days(3)));
    }

    #[test]
    fn an_unreadable_cached_roadmap_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        let r = load(&Source::embedded()).unwrap();
        assert!(store.sync(&r, from_unix(0), false).unwrap());
        assert!(store.cached_roadmap(&r.hash).unwrap().is_some());
        store
            .conn
            .execute("UPDATE roadmaps SET packed = x'00'", [])
            .unwrap();
        assert_eq!(store.cached_roadmap(&r.hash).unwrap(), None);
        // The caller parsed the file instead; the same hash does not stop the sync then.
        assert!(store.sync(&r, from_unix(0), false).unwrap());
        assert!(store.cached_roadmap(&r.hash).unwrap().is_some());
        assert!(!store.sync(&r, from_unix(0), true).unwrap());
    }

    #[test]
    fn status_before_folds_merged_ids_up_to_each_instant() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        store
            .append(&[
                event("1", "old", EventKind::Start, 100),
                event("2", "new", EventKind::Check, 200),
                event("3", "old", EventKind::Uncheck, 300),
                event("4", "other", EventKind::Skip, 150),
            ])
            .unwrap();
        let at = |secs| from_unix(secs);
        let states: Vec<State> = store
            .status_before(&["new", "old"], &[at(100), at(101), at(201), at(301)])
            .unwrap()
            .into_iter()
            .map(|s| s.state)
            .collect();
        assert_eq!(
            states,
            [State::Todo, State::Doing, State::Done, State::Doing]
        );
        let done = store.status_before(&["new"], &[at(201)]).unwrap()[0];
        assert_eq!(done.state, State::Done);
        assert!(done.due.is_some());
    }

    /// Events of one topic: kinds and seconds drawn from small sets, so that same-second
    /// ties (ordered by id) and every kind after every other are common.
    fn walk_events() -> impl proptest::strategy::Strategy<Value = Vec<(u8, i64)>> {
        proptest::collection::vec((0u8..7, 0i64..12), 0..24)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Reading back from an instant gives the state that folding everything gives.
        #[test]
        fn states_before_agree_with_the_full_fold(events in walk_events(), ids in proptest::collection::vec(0u32..1000, 24)) {
            let kinds = [
                EventKind::Start, EventKind::Check, EventKind::Uncheck, EventKind::Skip,
                EventKind::Log, EventKind::Note, EventKind::Review,
            ];
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("p.db")).unwrap();
            let list: Vec<Event> = events
                .iter()
                .enumerate()
                .map(|(i, &(k, at))| {
                    let mut e = event(&format!("{:04}-{i:02}", ids[i]), "t", kinds[k as usize], at);
                    e.rating = (e.kind == EventKind::Review).then_some(Rating::Good);
                    e
                })
                .collect();
            store.append(&list).unwrap();
            let instants: Vec<DateTime<Utc>> = (0..=13).map(from_unix).collect();
            let walked = store.states_before("t", &instants).unwrap();
            let folded: Vec<State> = store
                .status_before(&["t"], &instants)
                .unwrap()
                .into_iter()
                .map(|s| s.state)
                .collect();
            proptest::prop_assert_eq!(walked, folded);
        }
    }

    #[test]
    fn topics_active_since_reads_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        store
            .append(&[
                event("1", "old", EventKind::Start, 100),
                event("2", "new", EventKind::Note, 200),
                event("3", "old", EventKind::Log, 150),
            ])
            .unwrap();
        let since = |secs| store.topics_active_since(from_unix(secs)).unwrap();
        assert_eq!(
            since(150),
            HashSet::from(["old".to_string(), "new".to_string()])
        );
        assert_eq!(since(151), HashSet::from(["new".to_string()]));
        assert!(since(201).is_empty());
    }

    #[test]
    fn days_parse_as_chrono_does() {
        for text in [
            "2026-11-23",
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
            "+12345-01-01",
        ] {
            assert_eq!(parse_day(text), text.parse().ok(), "{text}");
        }
        for text in ["2026-02-30", "2026-13-01", "2026-1a-01", "", "2026/11/23"] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }

    #[test]
    fn not_a_database_is_a_store_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        match Store::open(&path) {
            Err(Error::Store { message, .. }) => assert_eq!(message, "not a SQLite database"),
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("opened junk"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'x'; 4096]);
    }
}
