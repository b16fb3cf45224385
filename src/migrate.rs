//! Schema migrations: numbered SQL files from `migrations/`, embedded in the binary.
//!
//! The store's `PRAGMA user_version` is the number of migrations applied. Each migration runs
//! in its own `BEGIN IMMEDIATE` transaction that also bumps the version, so a crash leaves the
//! store at one level or the next, never between. A store whose version is higher than this
//! program knows was written by a newer program and is refused untouched.
//!
//! # Concurrency
//! Two processes opening a new store at once both try to migrate; the second waits for the
//! first's write lock, then reads the version again inside its own transaction and finds
//! nothing left to do.

use rusqlite::{Connection, TransactionBehavior};

/// Every migration, in order. Files are never edited once released; a change is a new file.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_events", include_str!("../migrations/0001_events.sql")),
    (
        "0002_days_and_settings",
        include_str!("../migrations/0002_days_and_settings.sql"),
    ),
    (
        "0003_review_due",
        include_str!("../migrations/0003_review_due.sql"),
    ),
    (
        "0004_roadmap_body",
        include_str!("../migrations/0004_roadmap_body.sql"),
    ),
    (
        "0005_topic_details",
        include_str!("../migrations/0005_topic_details.sql"),
    ),
    (
        "0006_packed_roadmap",
        include_str!("../migrations/0006_packed_roadmap.sql"),
    ),
    (
        "0007_topic_index_covers_state",
        include_str!("../migrations/0007_topic_index_covers_state.sql"),
    ),
    (
        "0008_settings_log",
        include_str!("../migrations/0008_settings_log.sql"),
    ),
    ("0009_sync", include_str!("../migrations/0009_sync.sql")),
    (
        "0010_track_events",
        include_str!("../migrations/0010_track_events.sql"),
    ),
    (
        "0011_topic_minutes",
        include_str!("../migrations/0011_topic_minutes.sql"),
    ),
];

/// The level from which the topic state cache must be rebuilt by the program.
pub const REBUILD_STATES_BEFORE: i64 = 3;

/// The schema version this program writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Why a store cannot be brought up to date.
#[derive(Debug)]
pub enum MigrateError {
    /// The store is at `found`, newer than the `known` latest.
    TooNew {
        found: i64,
        known: i64,
    },
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sqlite(e)
    }
}

/// Reads the store's schema version.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every migration the store lacks, up to `target` (normally [`latest`]).
/// Returns the level the store was at before.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<i64, MigrateError> {
    let found = version(conn)?;
    if found > latest() {
        return Err(MigrateError::TooNew {
            found,
            known: latest(),
        });
    }
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().take(target as usize) {
        let level = i as i64 + 1;
        if version(conn)? >= level {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = version(&tx)?;
        if now > latest() {
            return Err(MigrateError::TooNew {
                found: now,
                known: latest(),
            });
        }
        if now < level {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", level)?;
        }
        tx.commit()?;
    }
    Ok(found)
}

/// Applies every migration the store lacks; returns the level the store was at before.
pub fn migrate(conn: &mut Connection) -> Result<i64, MigrateError> {
    migrate_to(conn, latest())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn empty_store_reaches_latest() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), latest());
        assert_eq!(
            tables(&conn),
            [
                "days",
                "events",
                "roadmaps",
                "settings",
                "settings_log",
                "sync_files",
                "sync_state",
                "topic_details",
                "topic_state",
                "topics"
            ]
        );
        // Running again is a no-op.
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), latest());
    }

    #[test]
    fn every_earlier_level_upgrades_to_the_same_schema() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh).unwrap();
        let want: Vec<String> = fresh
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for level in 0..latest() {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, level).unwrap();
            assert_eq!(version(&conn).unwrap(), level);
            migrate(&mut conn).unwrap();
            let got: Vec<String> = conn
                .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(got, want, "upgrading from level {level}");
        }
    }

    #[test]
    fn level_two_fills_days_from_existing_events() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        // 2026-11-20T12:00:00Z twice (one a log), a skip that does not count, and a day later.
        conn.execute_batch(
            "INSERT INTO events (id, topic, kind, at, minutes) VALUES
               ('a', 't', 'log', 1763640000, 30),
               ('b', 't', 'check', 1763640000, NULL),
               ('c', 't', 'skip', 1763640000, NULL),
               ('d', 't', 'note', 1763726400, NULL);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT day, events, minutes FROM days ORDER BY day")
            .unwrap();
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // SQLite's localtime follows TZ, which is unset (UTC) or a real zone in tests; the
        // totals are what must hold.
        assert_eq!(rows.iter().map(|r| r.1).sum::<i64>(), 3);
        assert_eq!(rows.iter().map(|r| r.2).sum::<i64>(), 30);
    }

    #[test]
    fn newer_store_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() + 1)
            .unwrap();
        match migrate(&mut conn) {
            Err(MigrateError::TooNew { found, known }) => {
                assert_eq!((found, known), (latest() + 1, latest()));
            }
            other => panic!("{other:?}"),
        }
        assert!(tables(&conn).is_empty());
    }
}
