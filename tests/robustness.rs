//! "Never lose a learner's progress": concurrency, crashes, full disks, hostile stores and
//! roadmaps, untrusted text and merging two machines' logs.
//!
//! Every test runs the real binary on a real SQLite file in a temp dir (see `common`), except
//! the property tests at the end, which call the library's parsers directly.
//!
//! Knobs for longer soak runs (the defaults keep the whole file well under a minute in a debug
//! build on two cores):
//! - `ROADMAP_TEST_WRITES`: writes per process in the concurrency test (default
//!   [`WRITES_PER_PROCESS`]).
//! - `ROADMAP_TEST_KILLS`: writer processes killed in the crash test (default [`KILLS`]).
//! - `ROADMAP_TEST_CASES`: cases per property test (default [`PROPTEST_CASES`]).
//!
//! Unix only: it uses signals, file modes and bash.
#![cfg(unix)]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::{Env, TONGA, fixture, sh_quote};
use proptest::prelude::*;
use serde_json::Value;

use roadmap::error::Error;
use roadmap::roadmap::{Source, load};
use roadmap::timeparse::{format_minutes, parse_date, parse_duration, parse_week};

/// Writes per process in the concurrency test. 4 x 50 keeps CI fast; raise it with
/// `ROADMAP_TEST_WRITES` for a soak run.
const WRITES_PER_PROCESS: usize = 50;
/// Processes writing at once in the concurrency test.
const WRITERS: usize = 4;
/// Writer processes started and SIGKILLed in the crash test.
const KILLS: usize = 90;
/// Cases per property test.
const PROPTEST_CASES: u32 = 256;

const BIN: &str = env!("CARGO_BIN_EXE_roadmap");

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// --- helpers -------------------------------------------------------------------------------

/// The binary as a plain `std::process::Command` (which can be spawned and killed), with the
/// same environment as `Env::cmd`.
fn std_cmd(env: &Env) -> Command {
    env.cmd_plain(BIN)
}

/// Runs `script` under bash with the env's environment; `$BIN` is the binary.
fn shell(env: &Env, script: &str) -> Output {
    let mut cmd = env.cmd_plain("bash");
    cmd.arg("-c").arg(script).env("BIN", BIN);
    cmd.stdin(Stdio::null()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "panic: {stderr}"
    );
}

/// Asserts the shape of a failure's stderr: exactly one `error:` line, first, then at most
/// a `hint:` line, and no panic. Returns the error line.
#[track_caller]
fn one_error_line(stderr: &str) -> String {
    assert_no_panic(stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        !lines.is_empty() && lines[0].starts_with("error: "),
        "{stderr:?}"
    );
    assert!(
        lines.len() == 1 || (lines.len() == 2 && lines[1].starts_with("hint: ")),
        "expected one error line and at most one hint: {stderr:?}"
    );
    lines[0].to_string()
}

/// `PRAGMA integrity_check` of the store, opened directly with SQLite.
fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("PRAGMA integrity_check").unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("\n")
}

#[track_caller]
fn assert_intact(path: &Path) {
    assert_eq!(
        integrity(path),
        "ok",
        "integrity_check of {}",
        path.display()
    );
}

/// The exported events, as JSON objects.
fn events(export: &str) -> Vec<Value> {
    export
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn ids(export: &str) -> Vec<String> {
    events(export)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// The id of the event a write command printed with `--json`.
fn event_id(stdout: &str) -> String {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    v["event"]["id"].as_str().unwrap().to_string()
}

/// Every topic's state folded from the exported events by the rules in DESIGN.md (an
/// oracle independent of the crate's own fold): in time order, ties in export order.
fn folded_states(export: &str, topics: &[String]) -> BTreeMap<String, String> {
    let mut all = events(export);
    // Events apply by time, then by id. Export writes `at` as RFC 3339 UTC to the second,
    // so text order is time order.
    all.sort_by(|a, b| {
        (a["at"].as_str(), a["id"].as_str()).cmp(&(b["at"].as_str(), b["id"].as_str()))
    });
    topics
        .iter()
        .map(|t| {
            let (mut state, mut started) = ("todo", false);
            for e in all.iter().filter(|e| e["topic"] == t.as_str()) {
                match e["kind"].as_str().unwrap() {
                    "start" => (state, started) = ("doing", true),
                    "check" => state = "done",
                    "skip" => state = "skipped",
                    "uncheck" if matches!(state, "done" | "skipped") => {
                        state = if started { "doing" } else { "todo" }
                    }
                    "log" => {
                        started = true;
                        if state == "todo" {
                            state = "doing";
                        }
                    }
                    _ => {}
                }
            }
            (t.clone(), state.to_string())
        })
        .collect()
}

/// Asserts two exports are the same, without printing megabytes of notes when they differ.
#[track_caller]
fn assert_same_log(got: &str, want: &str, what: &str) {
    if got != want {
        let (g, w) = (ids(got), ids(want));
        let extra: Vec<&String> = g.iter().filter(|id| !w.contains(id)).take(5).collect();
        let lost: Vec<&String> = w.iter().filter(|id| !g.contains(id)).take(5).collect();
        panic!(
            "{what}: {} events, expected {}; new {extra:?}, lost {lost:?}",
            g.len(),
            w.len()
        );
    }
}

/// Asserts that the cached state of every topic is the fold of its events in `export`.
#[track_caller]
fn assert_cache_matches_log(env: &Env, export: &str, topics: &[String]) {
    let listed = env.states();
    let folded = folded_states(export, topics);
    let wrong: Vec<String> = topics
        .iter()
        .filter(|t| listed.get(*t) != folded.get(*t))
        .map(|t| {
            format!(
                "{t}: cached {:?}, events say {:?}",
                listed.get(t),
                folded[t]
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "stale cached state:\n{}",
        wrong.join("\n")
    );
}

/// A JSON Lines event, in the export's own field order.
fn event_line(id: &str, topic: &str, kind: &str, at: &str, minutes: Option<u32>) -> String {
    let minutes = minutes.map_or("null".to_string(), |m| m.to_string());
    format!(
        r#"{{"id":"{id}","topic":"{topic}","kind":"{kind}","at":"{at}","minutes":{minutes},"note":null,"rating":null}}"#
    )
}

fn note_line(id: &str, topic: &str, at: &str, note: &str) -> String {
    format!(
        r#"{{"id":"{id}","topic":"{topic}","kind":"note","at":"{at}","minutes":null,"note":{},"rating":null}}"#,
        serde_json::to_string(note).unwrap()
    )
}

/// Whether this process can read a file whose mode is 000 (root, or CAP_DAC_OVERRIDE).
fn bypasses_permissions(dir: &Path) -> bool {
    let probe = dir.join("permission-probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}

/// How to run the binary so that file permissions apply to it: directly, or, when this
/// process bypasses them (root, as in a container or CI), through setpriv(1) with every
/// capability dropped. The binary then runs as the same user, the owner of the temp dir, held
/// to the owner's permission bits; no other user has to reach the checkout or the target dir
/// (a clone in a 0700 /root). Err says why neither is possible.
fn unprivileged(env: &Env) -> Result<Vec<String>, String> {
    if !bypasses_permissions(env.dir.path()) {
        return Ok(vec![BIN.to_string()]);
    }
    let prefix: Vec<String> = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", BIN]
        .map(String::from)
        .to_vec();
    let out = Command::new(&prefix[0])
        .args(&prefix[1..])
        .arg("--version")
        .output()
        .map_err(|e| format!("this user bypasses file permissions, and setpriv: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "this user bypasses file permissions, and `setpriv --bounding-set=-all {BIN}` \
             failed: {}",
            text(&out.stderr).trim()
        ));
    }
    Ok(prefix)
}

fn run_as(env: &Env, prefix: &[String], args: &[&str]) -> (i32, String, String) {
    let mut cmd = env.cmd_plain(&prefix[0]);
    cmd.args(&prefix[1..]).args(args);
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

// --- 1. concurrency --------------------------------------------------------------------------

#[test]
fn parallel_writers_all_succeed_and_every_event_is_kept() {
    let n = knob("ROADMAP_TEST_WRITES", WRITES_PER_PROCESS);
    // A brand-new store: the first writers also race to create and migrate it.
    let env = Env::small();
    let reported: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..WRITERS)
            .map(|_| {
                s.spawn(|| {
                    (0..n)
                        .map(|_| {
                            let out = std_cmd(&env)
                                .args(["log", "sql-basics", "5m", "--json"])
                                .output()
                                .unwrap();
                            let stderr = text(&out.stderr);
                            assert!(
                                out.status.success() && stderr.is_empty(),
                                "status {:?}, stderr {stderr}",
                                out.status
                            );
                            assert!(!stderr.contains("locked") && !stderr.contains("busy"));
                            event_id(&text(&out.stdout))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(reported.len(), WRITERS * n);

    let export = env.export();
    let stored = ids(&export);
    assert_eq!(stored.len(), WRITERS * n, "events lost or duplicated");
    let distinct: BTreeSet<&String> = stored.iter().collect();
    assert_eq!(distinct.len(), stored.len(), "duplicate ids");
    let reported: BTreeSet<&String> = reported.iter().collect();
    assert_eq!(
        distinct, reported,
        "stored ids differ from acknowledged ids"
    );

    // The cached state and the reports agree with the log.
    let show = env.json(&["show", "sql-basics"]);
    assert_eq!(show["state"], "doing");
    assert_eq!(show["events"].as_array().unwrap().len(), WRITERS * n);
    let status = env.json(&["status"]);
    assert_eq!(status["doing"], 1);
    assert_eq!(status["minutes_this_week"], (WRITERS * n * 5) as u64);
    assert_intact(&env.db());
}

#[test]
fn between_commands_the_store_file_alone_holds_every_event() {
    let env = Env::small();
    env.run(&["log", "sql-basics", "25m"]).ok();
    env.run(&["check", "sql-basics"]).ok();
    env.run(&["note", "sql-joins", "outer joins keep the unmatched rows"])
        .ok();
    env.run(&["status"]).ok();
    // The write-ahead log may stay beside the store, but empty: every write was copied into
    // the store before its command ended.
    let wal = env.db().with_extension("db-wal");
    let wal_len = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert_eq!(wal_len, 0, "{} is not empty", wal.display());
    // So a copy of the store file alone (a naive backup) has everything.
    let copy = env.path("copy.db");
    std::fs::copy(env.db(), &copy).unwrap();
    assert_intact(&copy);
    let from_copy = env.run(&["--db", copy.to_str().unwrap(), "export"]).ok();
    assert_eq!(from_copy, env.export());
    assert_eq!(events(&from_copy).len(), 3);
}

#[test]
fn processes_racing_to_create_a_new_store_all_succeed() {
    const ROUNDS: usize = 5;
    const RACERS: usize = 6;
    for round in 0..ROUNDS {
        let env = Env::small();
        let commands: [&[&str]; RACERS] = [
            &["status"],
            &["log", "sql-basics", "5m"],
            &["list", "--json"],
            &["start", "git-basics"],
            &["export"],
            &["note", "rest", "racing"],
        ];
        let children: Vec<_> = commands
            .iter()
            .map(|args| {
                std_cmd(&env)
                    .args(*args)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (child, args) in children.into_iter().zip(commands) {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "round {round}, {args:?}: {:?} {}",
                out.status,
                text(&out.stderr)
            );
        }
        assert_eq!(env.export().lines().count(), 3, "round {round}");
        assert_intact(&env.db());
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, roadmap::migrate::latest(), "round {round}");
    }
}

// --- 2. killed mid-write ---------------------------------------------------------------------

#[test]
fn writers_killed_at_any_moment_never_corrupt_or_lose_acknowledged_events() {
    let kills = knob("ROADMAP_TEST_KILLS", KILLS);
    // The built-in roadmap: about a hundred topics, so that each kill touches its own few and
    // a cache left stale by one is not quietly repaired by a later write to the same topic.
    let env = Env::new();
    let topics: Vec<String> = env.states().into_keys().collect();
    assert!(topics.len() >= 50, "{} topics", topics.len());
    let topic = |i: usize| topics[i % topics.len()].as_str();

    // Imports are the longest transactions (BATCH events over 3 topics): the likeliest to
    // be cut half-way.
    const BATCH: usize = 200;
    let batch_file = |i: usize| -> PathBuf {
        let path = env.path(&format!("batch-{i}.jsonl"));
        let mut body = String::new();
        for j in 0..BATCH {
            let kind = ["log", "start", "check", "uncheck", "skip"][(i + j) % 5];
            let minutes = (kind == "log").then_some(5);
            let at = format!("2026-11-{:02}T10:{:02}:00Z", 10 + j % 12, i % 60);
            body.push_str(&event_line(
                &format!("kill-{i}-{j}"),
                topic(3 * i + j % 3),
                kind,
                &at,
                minutes,
            ));
            body.push('\n');
        }
        std::fs::write(&path, body).unwrap();
        path
    };

    // How long a write and an import take here when left alone: the kills are spread over
    // that time, so that they land in every phase (start, open, transaction, commit, exit).
    let time = |args: &[&str]| {
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let out = std_cmd(&env).args(args).output().unwrap();
                assert!(out.status.success(), "{}", text(&out.stderr));
                t.elapsed()
            })
            .max()
            .unwrap()
    };
    let write_time = time(&["note", topic(0), "calibration"]);
    let calibration = batch_file(1_000_000);
    let import_time = time(&["import", calibration.to_str().unwrap()]);

    // Two killers at once, so that processes also die holding the lock others wait for.
    let (acked, imports_tried, killed) = std::thread::scope(|s| {
        let killers: Vec<_> = (0..2)
            .map(|t| {
                let (batch_file, topic, env) = (&batch_file, &topic, &env);
                s.spawn(move || {
                    let mut acked = Vec::new();
                    let mut imports = Vec::new();
                    let mut killed = 0;
                    for i in (t..kills).step_by(2) {
                        let mut cmd = std_cmd(env);
                        // Half imports, half single writes of every kind.
                        let import = if i % 2 == 1 {
                            let file = batch_file(i);
                            cmd.arg("import").arg(&file).arg("--json");
                            imports.push(i);
                            Some(i)
                        } else {
                            match (i / 2) % 6 {
                                0 => cmd.args(["log", topic(i), "5m"]),
                                1 => cmd.args(["note", topic(i), &format!("note {i}")]),
                                k => cmd
                                    .args([["start", "check", "uncheck", "skip"][k - 2], topic(i)]),
                            };
                            cmd.arg("--json");
                            None
                        };
                        let mut child = cmd
                            .stdout(Stdio::piped())
                            .stderr(Stdio::piped())
                            .spawn()
                            .unwrap();
                        let span = if import.is_some() {
                            import_time
                        } else {
                            write_time
                        };
                        let spread = (span.as_micros() as u64 * 12 / 10).max(1);
                        std::thread::sleep(Duration::from_micros((i as u64 * 7919) % spread));
                        let _ = child.kill(); // SIGKILL; fine if it already exited
                        let out = child.wait_with_output().unwrap();
                        let stderr = text(&out.stderr);
                        assert_no_panic(&stderr);
                        if out.status.success() {
                            match import {
                                Some(i) => {
                                    acked.extend((0..BATCH).map(|j| format!("kill-{i}-{j}")))
                                }
                                None => acked.push(event_id(&text(&out.stdout))),
                            }
                        } else {
                            killed += 1;
                            // Killed, or (rarely) failed with an error: never a wrong success.
                            assert!(
                                out.status.signal() == Some(9) || stderr.starts_with("error: "),
                                "{:?}: {stderr}",
                                out.status
                            );
                        }
                    }
                    (acked, imports, killed)
                })
            })
            .collect();
        let mut acked = Vec::new();
        let mut imports = Vec::new();
        let mut killed = 0;
        for k in killers {
            let (a, i, n) = k.join().unwrap();
            acked.extend(a);
            imports.extend(i);
            killed += n;
        }
        (acked, imports, killed)
    });
    // The kills are spread over each command's run time, so most must have hit one.
    assert!(
        killed >= kills / 4,
        "only {killed} of {kills} processes were killed"
    );

    // The file is a sound SQLite database before the program touches it again.
    assert_intact(&env.db());
    let export = env.export();
    let stored = ids(&export);
    let stored_set: HashSet<&String> = stored.iter().collect();
    assert_eq!(stored_set.len(), stored.len(), "duplicate ids");
    for id in &acked {
        assert!(stored_set.contains(id), "acknowledged event {id} was lost");
    }
    // An import is one transaction: all of its events or none.
    for i in imports_tried {
        let n = (0..BATCH)
            .filter(|j| stored_set.contains(&format!("kill-{i}-{j}")))
            .count();
        assert!(
            n == 0 || n == BATCH,
            "import {i} half applied: {n} of {BATCH}"
        );
    }
    // The cached states are the fold of the log, whatever was cut.
    assert_cache_matches_log(&env, &export, &topics);
    // And the store takes writes again.
    env.run(&["log", topic(0), "5m"]).ok();
    assert_eq!(env.export().lines().count(), stored.len() + 1);
}

#[test]
fn a_store_whose_creation_was_killed_still_opens() {
    let env = Env::small();
    for i in 0..12u64 {
        let db = env.path(&format!("new-{i}/progress.db"));
        let mut child = std_cmd(&env)
            .arg("--db")
            .arg(&db)
            .args(["log", "sql-basics", "5m"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(i));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        assert_no_panic(&text(&out.stderr));
        let db_arg = db.to_str().unwrap();
        let status = env.run(&["--db", db_arg, "status", "--json"]);
        assert_eq!(status.code, 0, "{i}: {}", status.stderr);
        env.run(&["--db", db_arg, "log", "sql-basics", "5m"]).ok();
        assert_intact(&db);
        let conn = rusqlite::Connection::open(&db).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, roadmap::migrate::latest());
    }
}

// --- 3. file-size limit ------------------------------------------------------------------------

/// A JSON Lines file of `n` notes of 30,000 bytes each.
fn big_import(env: &Env, name: &str, n: usize) -> PathBuf {
    let path = env.path(name);
    let note = "x".repeat(30_000);
    let mut body = String::new();
    for i in 0..n {
        body.push_str(&note_line(
            &format!("{name}-{i}"),
            "sql-basics",
            "2026-11-20T10:00:00Z",
            &note,
        ));
        body.push('\n');
    }
    std::fs::write(&path, body).unwrap();
    path
}

// `ulimit -f` counts 1024-byte blocks in bash.
const LIMIT_1M: &str = "ulimit -f 1024";

#[test]
fn a_write_past_the_file_size_limit_fails_cleanly_and_changes_nothing() {
    let env = Env::small();
    env.run(&["log", "rest", "5m"]).ok();
    env.run(&["check", "git-basics"]).ok();
    let before = env.export();
    // 3.6 MB of notes in one transaction: the WAL must pass the 1 MiB limit.
    let big = big_import(&env, "big.jsonl", 120);
    let file = sh_quote(big.to_str().unwrap());

    // With SIGXFSZ ignored, the write fails with EFBIG, which must be an error like any other.
    let out = shell(
        &env,
        &format!("trap '' XFSZ; {LIMIT_1M}; exec \"$BIN\" import {file}"),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{:?}: {stderr}", out.status);
    one_error_line(&stderr);
    assert_eq!(text(&out.stdout), "");
    assert_intact(&env.db());
    assert_same_log(&env.export(), &before, "a failed import changed the store");

    // With the default disposition the kernel may kill the process with SIGXFSZ (Rust does
    // not ignore it). Whatever happens, it must not be a success and the store is unchanged.
    let out = shell(&env, &format!("{LIMIT_1M}; exec \"$BIN\" import {file}"));
    let stderr = text(&out.stderr);
    assert_no_panic(&stderr);
    match out.status.signal() {
        Some(sig) => assert_eq!(sig, 25, "killed by signal {sig}, not SIGXFSZ"),
        None => {
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            one_error_line(&stderr);
        }
    }
    assert_intact(&env.db());
    assert_same_log(&env.export(), &before, "a killed import changed the store");
}

#[test]
fn a_small_write_to_a_store_past_the_file_size_limit_keeps_or_refuses_it_cleanly() {
    let env = Env::small();
    let big = big_import(&env, "big.jsonl", 120);
    env.run(&["import", big.to_str().unwrap()]).ok();
    let size = std::fs::metadata(env.db()).unwrap().len();
    assert!(size > 3 << 20, "store is only {size} bytes");
    let before = env.export();
    // The store is larger than the limit: the event fits in the WAL, but the checkpoint
    // that runs when the store is closed would grow the main file past it.
    let out = shell(
        &env,
        "trap '' XFSZ; ulimit -f 2048; exec \"$BIN\" log rest 5m --json",
    );
    let stderr = text(&out.stderr);
    assert_no_panic(&stderr);
    let after = env.export();
    match out.status.code() {
        Some(0) => {
            let id = event_id(&text(&out.stdout));
            assert!(
                ids(&after).contains(&id),
                "acknowledged event {id} was lost"
            );
            assert_eq!(after.lines().count(), before.lines().count() + 1);
        }
        _ => {
            one_error_line(&stderr);
            assert_same_log(&after, &before, "a failed write changed the store");
        }
    }
    assert_intact(&env.db());
}

#[test]
fn an_export_past_the_file_size_limit_is_an_error() {
    let env = Env::small();
    let big = big_import(&env, "big.jsonl", 40);
    env.run(&["import", big.to_str().unwrap()]).ok();
    let before = env.export();
    let out_file = env.path("out.jsonl");
    let out = shell(
        &env,
        &format!(
            "trap '' XFSZ; ulimit -f 256; exec \"$BIN\" export --output {}",
            sh_quote(out_file.to_str().unwrap())
        ),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    one_error_line(&text(&out.stderr));
    assert_same_log(&env.export(), &before, "a failed export changed the store");
}

#[test]
fn a_failed_export_keeps_the_previous_backup() {
    let env = Env::small();
    let big = big_import(&env, "big.jsonl", 40);
    env.run(&["import", big.to_str().unwrap()]).ok();
    let backup = env.path("backup.jsonl");
    env.run(&["export", "--output", backup.to_str().unwrap()])
        .ok();
    let good = std::fs::read(&backup).unwrap();
    let out = shell(
        &env,
        &format!(
            "trap '' XFSZ; ulimit -f 256; exec \"$BIN\" export --output {}",
            sh_quote(backup.to_str().unwrap())
        ),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        std::fs::read(&backup).unwrap() == good,
        "the failed export destroyed the previous backup"
    );
}

#[test]
fn a_file_size_limit_is_reported_as_an_error_even_with_the_default_signal_disposition() {
    let env = Env::small();
    env.run(&["log", "rest", "5m"]).ok();
    let big = big_import(&env, "big.jsonl", 120);
    let out = shell(
        &env,
        &format!(
            "{LIMIT_1M}; exec \"$BIN\" import {}",
            sh_quote(big.to_str().unwrap())
        ),
    );
    assert_eq!(out.status.signal(), None, "killed by a signal");
    assert_eq!(out.status.code(), Some(1));
    one_error_line(&text(&out.stderr));
}

// --- 4. stores that cannot be used -----------------------------------------------------------

#[test]
fn a_store_from_a_newer_version_is_refused_untouched() {
    let env = Env::small();
    env.run(&["log", "rest", "5m"]).ok();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", roadmap::migrate::latest() + 1)
            .unwrap();
    }
    let bytes = std::fs::read(env.db()).unwrap();
    for args in [
        &["status"][..],
        &["log", "rest", "5m"],
        &["export"],
        &["import", fixture("small.toml").to_str().unwrap()],
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        let line = one_error_line(&r.stderr);
        assert!(line.contains("newer"), "{args:?}: {line}");
        assert!(
            std::fs::read(env.db()).unwrap() == bytes,
            "{args:?} changed the file"
        );
    }
    assert_intact(&env.db());
}

#[test]
fn files_that_are_not_stores_are_refused_untouched() {
    let env = Env::small();
    // A real store with some weight, to cut in half.
    let real = Env::small();
    let big = big_import(&real, "big.jsonl", 20);
    real.run(&["import", big.to_str().unwrap()]).ok();
    let real_bytes = std::fs::read(real.db()).unwrap();

    let mut noise = Vec::new();
    let mut x: u32 = 0x9e37_79b9;
    for _ in 0..8192 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push(x as u8);
    }
    let mut fake_header = b"SQLite format 3\0".to_vec();
    fake_header.extend_from_slice(&noise);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("noise", noise.clone()),
        ("text", b"not a database, just text\n".repeat(200)),
        ("roadmap", std::fs::read(fixture("small.toml")).unwrap()),
        ("fake-header", fake_header),
        ("half-a-store", real_bytes[..real_bytes.len() / 2].to_vec()),
        ("first-page", real_bytes[..4096].to_vec()),
    ];
    for (name, bytes) in cases {
        let path = env.path(&format!("{name}.db"));
        std::fs::write(&path, &bytes).unwrap();
        for args in [&["status"][..], &["log", "rest", "5m"], &["export"]] {
            let mut all = vec!["--db", path.to_str().unwrap()];
            all.extend_from_slice(args);
            let r = env.run(&all);
            assert_eq!(r.code, 1, "{name} {args:?}: {}", r.stderr);
            one_error_line(&r.stderr);
            assert!(
                std::fs::read(&path).unwrap() == bytes,
                "{name} {args:?} changed the file"
            );
        }
    }
}

#[test]
fn store_paths_that_cannot_be_created_exit_1() {
    let env = Env::small();
    let file = env.path("plain-file");
    std::fs::write(&file, "x").unwrap();
    let dir = env.path("a-directory");
    std::fs::create_dir(&dir).unwrap();
    // These fail for root too: a file as a directory, a directory as the store, and /proc,
    // where nobody can create files.
    for db in [
        file.join("progress.db"),
        file.join("deeper/progress.db"),
        dir.clone(),
        PathBuf::from("/proc/roadmap-test-store.db"),
        PathBuf::from("/proc/roadmap-test/progress.db"),
    ] {
        for args in [&["status"][..], &["log", "rest", "5m"]] {
            let mut all = vec!["--db", db.to_str().unwrap()];
            all.extend_from_slice(args);
            let r = env.run(&all);
            assert_eq!(r.code, 1, "{} {args:?}: {}", db.display(), r.stderr);
            one_error_line(&r.stderr);
        }
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn permission_problems_exit_1_and_change_nothing() {
    // The roadmap is read from the temp dir, not from the checkout, which may be private to
    // another user (a clone in a 0700 home).
    let mut env = Env::new();
    let roadmap = env.path("small.toml");
    std::fs::copy(fixture("small.toml"), &roadmap).unwrap();
    env.roadmap = Some(roadmap);
    env.run(&["log", "rest", "5m"]).ok();
    let stored = env.db();
    let bytes = std::fs::read(&stored).unwrap();
    let ro_dir = env.path("read-only");
    std::fs::create_dir(&ro_dir).unwrap();
    let prefix = match unprivileged(&env) {
        Ok(prefix) => prefix,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let chmod = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };

    // An unreadable store.
    chmod(&stored, 0o000);
    for args in [&["status"][..], &["log", "rest", "5m"]] {
        let (code, stdout, stderr) = run_as(&env, &prefix, args);
        assert_eq!(code, 1, "unreadable store, {args:?}: {stderr}");
        assert_eq!(stdout, "");
        one_error_line(&stderr);
    }
    chmod(&stored, 0o600);

    // A read-only store file: a write is refused and changes nothing.
    chmod(&stored, 0o400);
    let (code, _, stderr) = run_as(&env, &prefix, &["log", "rest", "5m"]);
    assert_eq!(code, 1, "read-only store: {stderr}");
    one_error_line(&stderr);
    chmod(&stored, 0o600);
    assert!(std::fs::read(&stored).unwrap() == bytes);

    // A new store inside a read-only directory, directly or a level down.
    chmod(&ro_dir, 0o500);
    for db in [ro_dir.join("progress.db"), ro_dir.join("sub/progress.db")] {
        let db = db.to_str().unwrap();
        let (code, _, stderr) = run_as(&env, &prefix, &["--db", db, "log", "rest", "5m"]);
        assert_eq!(code, 1, "{db}: {stderr}");
        one_error_line(&stderr);
    }
    assert_eq!(std::fs::read_dir(&ro_dir).unwrap().count(), 0);

    // An existing store in a directory that became read-only: its WAL cannot be made.
    chmod(&ro_dir, 0o700);
    let moved = ro_dir.join("progress.db");
    std::fs::copy(&stored, &moved).unwrap();
    chmod(&ro_dir, 0o500);
    let db = moved.to_str().unwrap();
    let (code, _, stderr) = run_as(&env, &prefix, &["--db", db, "log", "rest", "5m"]);
    assert_eq!(code, 1, "{stderr}");
    one_error_line(&stderr);
    assert!(std::fs::read(&moved).unwrap() == bytes);
    chmod(&ro_dir, 0o700);
    assert_intact(&stored);
}

// --- 5. malformed roadmaps -------------------------------------------------------------------

/// Whether `line` is `error: NAME:LINE:COL: ` followed by a message.
fn is_located(line: &str, name: &str) -> bool {
    line.strip_prefix("error: ")
        .is_some_and(|rest| has_location(rest, name))
}

/// Whether `problem` is `NAME:LINE:COL: message`.
fn has_location(problem: &str, name: &str) -> bool {
    location(problem, name).is_some()
}

/// The line and column of a `NAME:LINE:COL: message` problem.
fn location(problem: &str, name: &str) -> Option<(usize, usize)> {
    let rest = problem.strip_prefix(name)?.strip_prefix(':')?;
    let number = |s: &str| -> Option<(usize, usize)> {
        let n = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        Some((s[..n].parse().ok()?, n))
    };
    let (line, n) = number(rest)?;
    let rest = rest[n..].strip_prefix(':')?;
    let (col, n) = number(rest)?;
    let message = rest[n..].strip_prefix(": ")?;
    (!message.is_empty()).then_some((line, col))
}

/// Whether a 1-based line and column (in characters) fall inside `text` or just after the
/// end of a line.
fn inside(text: &str, line: usize, col: usize) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    line >= 1 && col >= 1 && line <= lines.len() && col <= lines[line - 1].chars().count() + 1
}

/// Runs `validate` and `--roadmap FILE status` on an invalid roadmap and checks the contract:
/// exit 2, every stderr line located, nothing on stdout, no store created. Returns stderr.
#[track_caller]
fn assert_rejected(path: &Path, shown_name: &str) -> String {
    let env = Env::new();
    let file = path.to_str().unwrap();
    let stderr = env.run(&["validate", file]).usage();
    assert_no_panic(&stderr);
    assert!(!stderr.is_empty());
    for line in stderr.lines() {
        assert!(is_located(line, shown_name), "{file}: {line:?}");
    }
    for args in [&["status"][..], &["log", "a", "5m"], &["list", "--json"]] {
        let mut all = vec!["--roadmap", file];
        all.extend_from_slice(args);
        assert_eq!(env.run(&all).usage(), stderr, "{file} {args:?}");
    }
    assert!(
        !env.db().exists() && !env.db().parent().unwrap().exists(),
        "{file}: an invalid roadmap created the store"
    );
    stderr
}

#[test]
fn every_malformed_roadmap_in_the_corpus_is_rejected_with_locations() {
    let dir = fixture("malformed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 15, "only {} fixtures", files.len());
    for path in files {
        let name = path.display().to_string();
        let stderr = assert_rejected(&path, &name);
        // `# expect: LINE:COL: start of message`, one per problem, in order.
        let body = std::fs::read_to_string(&path).unwrap();
        let mut expected: Vec<&str> = body
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        if body.is_empty() {
            expected = vec!["1:1: missing field `roadmap`"];
        }
        assert!(!expected.is_empty(), "{name} has no `# expect:` line");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{name}: {stderr}");
        for (line, want) in lines.iter().zip(&expected) {
            assert!(
                line.starts_with(&format!("error: {name}:{want}")),
                "{name}: got {line:?}, want {want:?}"
            );
        }
    }
}

/// A minimal valid head and section; topics go after it.
const HEAD: &str =
    "[roadmap]\nid = \"g\"\ntitle = \"Generated\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n";

#[test]
fn generated_malformed_roadmaps_are_rejected_with_locations() {
    let env = Env::new();
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = env.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };

    // Bytes that are not UTF-8, located at the first bad byte.
    let p = write(
        "latin1.toml",
        b"[roadmap]\nid = \"g\"\ntitle = \"caf\xe9\"\n",
    );
    let name = p.display().to_string();
    let stderr = assert_rejected(&p, &name);
    assert!(
        stderr.starts_with(&format!("error: {name}:3:13: ")) && stderr.contains("UTF-8"),
        "{stderr}"
    );
    let p = write("nul.toml", b"[roadmap]\nid = \"g\"\0\ntitle = \"G\"\n");
    assert_rejected(&p, &p.display().to_string());

    // Raw control characters inside a string are a TOML error; they must not reach stderr raw.
    let p = write(
        "raw-esc.toml",
        format!("{HEAD}[[sections.topics]]\nid = \"a\"\ntitle = \"x\u{1b}[2Jy\"\n").as_bytes(),
    );
    let stderr = assert_rejected(&p, &p.display().to_string());
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");

    // Escaped control characters in ids and prerequisites: reported, but neutralised.
    let p = write(
        "esc-id.toml",
        format!(
            "{HEAD}[[sections.topics]]\nid = \"a\\u001b[31m\"\ntitle = \"A\"\n\
             [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\nrequires = [\"\\u001b]0;x\\u0007\\u009b\"]\n"
        )
        .as_bytes(),
    );
    let stderr = assert_rejected(&p, &p.display().to_string());
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        !stderr.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{stderr:?}"
    );

    // A file name with control characters is neutralised in the messages too.
    let evil = write(
        "evil\u{1b}[2J.toml",
        b"[roadmap]\nid = \"Bad\"\ntitle = \"B\"\n",
    );
    let r = env.run(&["validate", evil.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: ") && !r.stderr.contains('\u{1b}'),
        "{:?}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);

    // Very deep nesting must not overflow the stack.
    let n = 100_000;
    let deep = format!(
        "{HEAD}[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nrequires = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let p = write("deep-array.toml", deep.as_bytes());
    assert_rejected(&p, &p.display().to_string());
    let deep = format!(
        "[roadmap]\nid = \"g\"\ntitle = \"G\"\nx = {}1{}\n",
        "{a=".repeat(n),
        "}".repeat(n)
    );
    let p = write("deep-table.toml", deep.as_bytes());
    assert_rejected(&p, &p.display().to_string());
    let dotted = format!(
        "[roadmap]\nid = \"g\"\ntitle = \"G\"\n{} = 1\n",
        vec!["a"; n].join(".")
    );
    let p = write("deep-dotted.toml", dotted.as_bytes());
    assert_rejected(&p, &p.display().to_string());

    // A huge bad id: one short line, not a megabyte of stderr.
    let huge = format!(
        "{HEAD}[[sections.topics]]\nid = \"{}\"\ntitle = \"A\"\n",
        "a".repeat(1 << 20)
    );
    let p = write("huge-id.toml", huge.as_bytes());
    let stderr = assert_rejected(&p, &p.display().to_string());
    assert!(stderr.len() < 1024, "{} bytes of stderr", stderr.len());
    assert!(stderr.contains("longer than 64"), "{stderr}");

    // Thousands of problems: every one reported and located.
    let mut many = HEAD.to_string();
    for i in 0..3000 {
        many.push_str(&format!(
            "[[sections.topics]]\nid = \"Bad_{i}\"\ntitle = \"T\"\n"
        ));
    }
    let p = write("many.toml", many.as_bytes());
    let stderr = assert_rejected(&p, &p.display().to_string());
    assert_eq!(stderr.lines().count(), 3000);

    // A BOM before an error: lines are still counted from the top of the file.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(b"[roadmap]\nid = \"Bad\"\ntitle = \"B\"\n");
    let p = write("bom-bad.toml", &bom);
    let name = p.display().to_string();
    let stderr = assert_rejected(&p, &name);
    assert!(
        stderr.starts_with(&format!("error: {name}:2:6: bad roadmap id `Bad`")),
        "{stderr}"
    );
}

/// Printable output: no C0 control but newline and tab, no DEL, no C1, no bidi override.
#[track_caller]
fn assert_printable(what: &str, out: &str) {
    let bad = out.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert!(bad.is_none(), "{what}: raw {bad:?} in {out:?}");
}

#[test]
fn valid_but_hostile_roadmaps_load_and_print_safely() {
    let env = Env::new();

    // A byte-order mark (as Windows editors write) is accepted: same roadmap as without.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(std::fs::read(fixture("small.toml")).unwrap());
    let p = env.path("bom.toml");
    std::fs::write(&p, &bom).unwrap();
    let file = p.to_str().unwrap();
    assert_eq!(
        env.run(&["validate", file]).ok(),
        format!("ok: {file}: roadmap `small`, 2 sections, 5 topics\n")
    );
    env.run(&["--roadmap", file, "check", "sql-basics"]).ok();
    assert_eq!(env.json(&["--roadmap", file, "status"])["done"], 1);

    // Control characters in titles and summaries are valid text, shown neutralised.
    let hostile = env.path("hostile.toml");
    std::fs::write(
        &hostile,
        "[roadmap]\nid = \"hostile\"\ntitle = \"R\\u001b[2J\\u009b31m\"\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\\u001b]0;pwned\\u0007\\u202e\"\nsummary = \"\\u0000\\u007f\"\n\
         [[sections.topics]]\nid = \"a\"\ntitle = \"A\\u001b[31mred\\r\\u0008\"\nsummary = \"two\\nlines\\u0085\\u001b[0m\"\n\
         estimate = \"1h\"\nresources = [ { title = \"\\u001b[5mblink\", url = \"https://e.org/\\u001b\" } ]\n\
         [[sections.topics]]\nid = \"b\"\ntitle = \"B\\u2066\"\nrequires = [\"a\"]\n",
    )
    .unwrap();
    let h = hostile.to_str().unwrap();
    env.run(&["validate", h]).ok();
    env.run(&["--roadmap", h, "note", "a", "hi\u{1b}[31m"]).ok();
    for args in [
        &["status"][..],
        &["list"],
        &["next"],
        &["show", "a"],
        &["show", "b"],
        &["history"],
        &["start", "a"],
        &["roadmaps"],
    ] {
        let mut all = vec!["--roadmap", h];
        all.extend_from_slice(args);
        let out = env.run(&all).ok();
        assert_printable(&format!("{args:?}"), &out);
    }
    let json = env.run(&["--roadmap", h, "show", "a", "--json"]).ok();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["title"], "A\u{1b}[31mred\r\u{8}",
        "JSON keeps the text exactly"
    );

    // Huge strings are valid: a 1 MB title loads and is reported.
    let big = env.path("big-title.toml");
    std::fs::write(
        &big,
        format!(
            "[roadmap]\nid = \"big\"\ntitle = \"{}\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
             [[sections.topics]]\nid = \"a\"\ntitle = \"{}\"\n",
            "r".repeat(1 << 20),
            "t".repeat(256 << 10)
        ),
    )
    .unwrap();
    let b = big.to_str().unwrap();
    env.run(&["validate", b]).ok();
    let db = env.path("big.db");
    let d = db.to_str().unwrap();
    assert_eq!(env.json(&["--db", d, "--roadmap", b, "status"])["total"], 1);
    env.run(&["--db", d, "--roadmap", b, "check", "a"]).ok();
    let list = env.json(&["--db", d, "--roadmap", b, "list"]);
    assert_eq!(list[0]["title"].as_str().unwrap().len(), 256 << 10);
    assert_eq!(list[0]["state"], "done");
}

#[test]
fn an_endless_or_huge_input_file_is_refused_without_reading_it_all() {
    let env = Env::small();
    env.run(&["check", "rest"]).ok();
    let before = env.export();
    // Sparse: 65 MiB of zeros that take no room on disk.
    let huge = env.path("huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let name = huge.display();
    let refused =
        format!("error: {name}: the file is larger than 64 MiB, more than any roadmap needs\n");
    assert_eq!(
        env.run(&["validate", huge.to_str().unwrap()]).usage(),
        refused
    );
    let mut other = Env::small();
    other.dir = tempfile::tempdir().unwrap();
    other.roadmap = Some(huge.clone());
    assert_eq!(other.run(&["status"]).usage(), refused);
    // An existing store hashes the file before anything else: refused there too.
    let mut same = env.cmd();
    let out = same
        .args(["--roadmap", huge.to_str().unwrap(), "status"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), refused);
    assert_eq!(out.status.code(), Some(2));

    let long = env.path("long.jsonl");
    let good = event_line("ok", "rest", "log", "2026-11-20T18:30:00Z", Some(30));
    std::fs::write(&long, format!("{good}\n")).unwrap();
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&long)
        .unwrap();
    file.set_len((good.len() + 1 + (2 << 20)) as u64).unwrap();
    assert_eq!(
        env.run(&["import", long.to_str().unwrap()]).usage(),
        format!(
            "error: {}:2: a line longer than 1 MiB: each line is one event\n",
            long.display()
        )
    );
    assert_eq!(env.export(), before);
}

// --- 6. property tests -----------------------------------------------------------------------

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: knob("ROADMAP_TEST_CASES", PROPTEST_CASES as usize) as u32,
        // Do not write regression files into the source tree; a failure prints its input.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Dates a `ROADMAP_NOW` in RFC 3339 can give: years 1 to 9999.
fn today() -> impl Strategy<Value = chrono::NaiveDate> {
    (1i32..=9999, 1u32..=366).prop_map(|(y, d)| {
        chrono::NaiveDate::from_yo_opt(y, d)
            .unwrap_or_else(|| chrono::NaiveDate::from_yo_opt(y, 365).unwrap())
    })
}

/// Strings that look like the arguments users type, plus anything at all.
fn time_words() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,25}[hmdwW]?[0-9]{0,25}[hm]?",
        "[ +-]?[0-9]{1,12}-[0-9]{1,4}-[0-9]{1,4}",
        "[+-]?[0-9]{0,12}-?[Ww][0-9]{0,12}",
        "[0-9]{1,25} ?(d|w|day|days|week|weeks|x)? ?ago",
        "(mon|tue|wed|thu|fri|sat|sun|today|yesterday)[a-z]{0,6}",
    ]
}

/// A valid roadmap with the given name, and a few edits at random places.
fn mutated_roadmap() -> impl Strategy<Value = String> {
    let base = std::fs::read_to_string(fixture("small.toml")).unwrap();
    proptest::collection::vec((any::<usize>(), 0u8..4, any::<char>()), 1..6).prop_map(
        move |edits| {
            let mut chars: Vec<char> = base.chars().collect();
            for (at, op, c) in edits {
                let i = at % (chars.len() + 1);
                match op {
                    0 if i < chars.len() => {
                        chars.remove(i);
                    }
                    1 => chars.insert(i, c),
                    2 if i < chars.len() => chars[i] = c,
                    3 => chars.truncate(i),
                    _ => {}
                }
            }
            chars.into_iter().collect()
        },
    )
}

fn toml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\[\\]a-z0-9=\" \n.,{}#_\\\\-]{0,300}",
        mutated_roadmap(),
    ]
}

/// A TOML basic string holding exactly `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone)]
struct GenTopic {
    word: String,
    title: String,
    kind: Option<&'static str>,
    estimate: Option<u32>,
    /// Raw picks, each taken modulo the topic's index: always an earlier topic.
    requires: Vec<usize>,
    renamed: bool,
}

/// Any text that is not blank (a roadmap refuses an empty title).
fn gen_title() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|t| {
        if t.trim().is_empty() {
            format!("x{t}")
        } else {
            t
        }
    })
}

fn gen_topic() -> impl Strategy<Value = GenTopic> {
    (
        "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}",
        gen_title(),
        proptest::option::of(prop_oneof![
            Just("study"),
            Just("practice"),
            Just("project"),
            Just("milestone")
        ]),
        proptest::option::of(1u32..=20_000),
        proptest::collection::vec(any::<usize>(), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(word, title, kind, estimate, requires, renamed)| GenTopic {
                word,
                title,
                kind,
                estimate,
                requires,
                renamed,
            },
        )
}

fn gen_roadmap() -> impl Strategy<Value = Vec<(String, Vec<GenTopic>)>> {
    proptest::collection::vec(
        (gen_title(), proptest::collection::vec(gen_topic(), 0..8)),
        0..5,
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn time_parsers_never_panic(s in time_words(), today in today()) {
        let _ = parse_duration(&s);
        if let Ok(d) = parse_date(&s, today) {
            prop_assert!(d <= today, "{s:?} gave {d}, after {today}");
        }
        if let Ok(monday) = parse_week(&s, today) {
            prop_assert_eq!(chrono::Datelike::weekday(&monday), chrono::Weekday::Mon);
            prop_assert!(monday <= today);
        }
    }

    #[test]
    fn durations_round_trip_through_their_format(m in 1u32..=100_000) {
        prop_assert_eq!(parse_duration(&format_minutes(u64::from(m))), Ok(m));
    }

    #[test]
    fn durations_add_up_their_parts(h in 0u32..2000, m in 0u32..200) {
        prop_assume!(h + m > 0);
        prop_assert_eq!(parse_duration(&format!("{h}h{m}m")), Ok(h * 60 + m));
        if h > 0 {
            prop_assert_eq!(parse_duration(&format!("{h}h")), Ok(h * 60));
        }
    }

    #[test]
    fn load_never_panics_and_locates_every_problem(text in toml_text()) {
        let name = "prop dir/road map.toml";
        match load(&Source { name: name.to_string(), text: text.clone() }) {
            Ok(r) => prop_assert!(!r.id.is_empty()),
            Err(Error::Invalid { problems }) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    let at = location(p, name);
                    prop_assert!(at.is_some(), "unlocated problem {:?}", p);
                    let (line, col) = at.unwrap();
                    prop_assert!(inside(&text, line, col), "{line}:{col} is outside the text: {p:?}");
                }
            }
            Err(e) => prop_assert!(false, "unexpected error kind: {e:?}"),
        }
    }

    #[test]
    fn generated_valid_roadmaps_load_as_written(
        title in gen_title(),
        sections in gen_roadmap(),
    ) {
        let mut text = format!("[roadmap]\nid = \"gen\"\ntitle = {}\nversion = 7\n", toml_string(&title));
        let mut want: Vec<(String, String, Vec<String>, Option<u32>)> = Vec::new();
        for (j, (section_title, topics)) in sections.iter().enumerate() {
            text.push_str(&format!(
                "\n[[sections]]\nid = \"sec-{j}\"\ntitle = {}\n",
                toml_string(section_title)
            ));
            for t in topics {
                let i = want.len();
                let id = format!("{}-{i}", t.word);
                text.push_str(&format!(
                    "\n[[sections.topics]]\nid = \"{id}\"\ntitle = {}\n",
                    toml_string(&t.title)
                ));
                if let Some(k) = t.kind {
                    text.push_str(&format!("kind = \"{k}\"\n"));
                }
                if let Some(e) = t.estimate {
                    text.push_str(&format!("estimate = \"{}\"\n", format_minutes(u64::from(e))));
                }
                let requires: Vec<String> = if i == 0 {
                    Vec::new()
                } else {
                    let mut picked: Vec<String> = Vec::new();
                    for r in &t.requires {
                        let id = &want[r % i].0;
                        if !picked.contains(id) {
                            picked.push(id.clone());
                        }
                    }
                    picked
                };
                if !requires.is_empty() {
                    let list: Vec<String> = requires.iter().map(|r| format!("\"{r}\"")).collect();
                    text.push_str(&format!("requires = [{}]\n", list.join(", ")));
                }
                if t.renamed {
                    text.push_str(&format!("renamed_from = [\"old-{i}\"]\n"));
                }
                want.push((id, t.title.clone(), requires, t.estimate));
            }
        }
        let r = match load(&Source { name: "gen.toml".into(), text: text.clone() }) {
            Ok(r) => r,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n---\n{text}"))),
        };
        prop_assert_eq!(&r.title, &title);
        prop_assert_eq!(r.version, 7);
        prop_assert_eq!(r.sections.len(), sections.len());
        prop_assert_eq!(r.topics().count(), want.len());
        for (topic, (id, title, requires, estimate)) in r.topics().zip(&want) {
            prop_assert_eq!(&topic.id, id);
            prop_assert_eq!(&topic.title, title);
            prop_assert_eq!(&topic.requires, requires);
            prop_assert_eq!(topic.estimate_minutes, *estimate);
        }
    }
}

// --- 7. untrusted text through export and import -------------------------------------------

#[test]
fn hostile_note_text_round_trips_exactly_and_never_reaches_the_terminal_raw() {
    let note = "esc\u{1b}[31mred csi\u{9b}2J osc\u{1b}]0;title\u{7} del\u{7f} nul\u{0} \
                rtl\u{202e}x bs\u{8} cr\r tab\tnew\nline é 日本 \u{1f600}";
    let a = Env::small();
    let line = note_line("evil-1", "sql-basics", "2026-11-20T18:30:00Z", note);
    let file = a.path("evil.jsonl");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    a.run(&["import", file.to_str().unwrap()]).ok();
    // Typed on the command line too (no NUL possible there).
    let typed = note.replace('\0', "");
    a.run(&["note", "git-basics", &typed]).ok();

    let export = a.export();
    let lines: Vec<&str> = export.lines().collect();
    assert_eq!(
        lines[0],
        line.replace('\u{9b}', "\\u009b")
            .replace('\u{202e}', "\\u202e")
            .replace('\u{7f}', "\\u007f"),
        "the imported line is exported with C1, DEL and bidi controls escaped"
    );
    assert!(
        !export.contains(['\u{1b}', '\0', '\u{9b}', '\u{7f}', '\u{202e}']),
        "JSON escapes C0, and roadmap escapes DEL, C1 and bidi controls"
    );
    let evs = events(&export);
    assert_eq!(evs[0]["note"], note);
    assert_eq!(evs[1]["note"], typed.as_str());

    // Through a second store and back: identical.
    let b = Env::small();
    let backup = a.path("backup.jsonl");
    a.run(&["export", "--output", backup.to_str().unwrap()])
        .ok();
    b.run(&["import", backup.to_str().unwrap()]).ok();
    assert_eq!(b.export(), export);

    for args in [
        &["history"][..],
        &["history", "--topic", "sql-basics"],
        &["show", "sql-basics"],
        &["show", "git-basics"],
        &["status"],
        &["list"],
    ] {
        assert_printable(&format!("{args:?}"), &b.run(args).ok());
    }
    let history = b.json(&["history"]);
    assert_eq!(history[1]["note"], note);
}

/// Characters no JSON output may hold raw: C0 but newline, DEL, C1, and the bidi controls
/// and marks. JSON allows all but C0 as they are; `roadmap` escapes them, as `\u009b`.
fn raw_in_json(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        )
}

#[track_caller]
fn assert_escaped(what: &str, out: &str) {
    let bad = out.chars().find(|&c| raw_in_json(c));
    assert!(bad.is_none(), "{what}: raw {bad:?} in {out:?}");
}

/// Every string in `v`, keys and values.
fn strings(v: &Value, all: &mut Vec<String>) {
    match v {
        Value::String(s) => all.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, all)),
        Value::Object(fields) => fields.iter().for_each(|(k, i)| {
            all.push(k.clone());
            strings(i, all);
        }),
        _ => {}
    }
}

/// Text that some terminals obey: CSI as one C1 byte, NEL, DEL, a right-to-left override,
/// isolates and the three bidi marks.
const STEERING: &str = "csi\u{9b}31m rlo\u{202e}x lri\u{2066}y\u{2069} lrm\u{200e} \
                        rlm\u{200f} alm\u{61c} nel\u{85} del\u{7f} é";

/// A roadmap whose titles, summaries and links all hold [`STEERING`].
fn steering_roadmap(env: &Env) -> PathBuf {
    let t: String = STEERING
        .chars()
        .map(|c| match c {
            ' '..='~' => c.to_string(),
            c => format!("\\u{:04x}", c as u32),
        })
        .collect();
    let path = env.path("steering.toml");
    std::fs::write(
        &path,
        format!(
            "[roadmap]\nid = \"steering\"\ntitle = \"R {t}\"\n\
             [[sections]]\nid = \"s\"\ntitle = \"S {t}\"\nsummary = \"{t}\"\n\
             [[sections.topics]]\nid = \"a\"\ntitle = \"A {t}\"\nsummary = \"{t}\"\nestimate = \"1h\"\n\
             resources = [ {{ title = \"{t}\", url = \"https://e.org/{t}\" }} ]\n\
             [[sections.topics]]\nid = \"b\"\ntitle = \"B {t}\"\nrequires = [\"a\"]\n\
             [[sections.topics]]\nid = \"c\"\ntitle = \"C {t}\"\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn json_output_escapes_c1_and_bidi_controls_and_keeps_the_text() {
    let mut env = Env::new();
    env.roadmap = Some(steering_roadmap(&env));
    let title = format!("A {STEERING}");
    env.run(&["start", "a", "--note", STEERING]).ok();
    env.run(&["log", "a", "30m", "--note", STEERING]).ok();
    env.run(&["note", "a", STEERING]).ok();
    env.run(&["check", "a"]).ok();
    env.run(&["start", "c"]).ok();
    let note = env.run(&["note", "c", STEERING, "--json"]).ok();
    assert_escaped("note --json", &note);

    // What each document must still say once parsed.
    let everywhere = [title.as_str(), STEERING];
    for (args, wanted) in [
        (&["show", "a", "--json"][..], &everywhere[..]),
        (&["list", "--json"], &[title.as_str()]),
        (&["history", "--json"], &[STEERING]),
        (&["summary", "--format", "json"], &everywhere),
        (
            &["status", "--json"],
            &[&format!("R {STEERING}"), &format!("C {STEERING}")],
        ),
        (&["next", "--json"], &[&format!("B {STEERING}")]),
        (&["today", "--json"], &[&format!("C {STEERING}")]),
    ] {
        let out = env.run(args).ok();
        assert_escaped(&format!("{args:?}"), &out);
        assert!(out.contains(r"csi\u009b31m rlo\u202ex"), "{args:?}: {out}");
        let mut all = Vec::new();
        strings(&serde_json::from_str(&out).unwrap(), &mut all);
        for want in wanted {
            assert!(
                all.iter().any(|s| s == want),
                "{args:?}: no {want:?} in {all:?}"
            );
        }
    }

    let export = env.export();
    assert_escaped("export", &export);
    let notes: Vec<Value> = events(&export).iter().map(|e| e["note"].clone()).collect();
    assert_eq!(
        notes.iter().filter(|n| *n == STEERING).count(),
        4,
        "{export}"
    );
    assert!(export.contains(r#""note":"csi\u009b31m rlo\u202ex lri\u2066y\u2069 lrm\u200e rlm\u200f alm\u061c nel\u0085 del\u007f é""#), "{export}");

    // export -> import -> export: the same bytes, in a store that had none of it.
    let backup = env.path("backup.jsonl");
    env.run(&["export", "--output", backup.to_str().unwrap()])
        .ok();
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), export);
    let mut other = Env::new();
    other.roadmap = env.roadmap.clone();
    assert_eq!(
        other.run(&["import", backup.to_str().unwrap()]).ok(),
        "imported 6 new events (6 read, 0 already here)\n"
    );
    assert_eq!(other.export(), export);
    assert_eq!(
        env.run(&["import", backup.to_str().unwrap()]).ok(),
        "imported 0 new events (6 read, 6 already here)\n"
    );
}

#[test]
fn a_streamed_history_escapes_as_a_whole_one_does() {
    // More events than `history` holds (20,000), so that it writes them as it reads them.
    let mut env = Env::new();
    env.roadmap = Some(steering_roadmap(&env));
    let file = env.path("many.jsonl");
    let note = serde_json::to_string(STEERING).unwrap();
    let lines: String = (0..20_001)
        .map(|i| {
            format!(
                r#"{{"id":"n{i:05}","topic":"a","kind":"note","at":"2026-{:02}-{:02}T12:00:00Z","minutes":null,"note":{note},"rating":null}}"#,
                1 + i % 10,
                1 + i % 28
            ) + "\n"
        })
        .collect();
    std::fs::write(&file, lines).unwrap();
    env.run(&["import", file.to_str().unwrap()]).ok();
    let out = env.run(&["history", "--json"]).ok();
    assert_escaped("history --json", &out);
    let v: Value = serde_json::from_str(&out).unwrap();
    let events = v.as_array().unwrap();
    assert_eq!(events.len(), 20_001);
    assert!(events.iter().all(|e| e["note"] == STEERING));
    // The same bytes as the first lines of a short history of one topic (read whole).
    let whole = env.run(&["history", "--topic", "a", "--json"]).ok();
    assert_eq!(whole, out);
}

// --- 8. imports held to what the command line could write -----------------------------------

/// The events in the store, counted by SQLite itself rather than through an export.
fn stored_events(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

/// A JSON Lines event with `minutes` and `rating` given as raw JSON.
fn raw_line(id: &str, topic: &str, kind: &str, at: &str, minutes: &str, rating: &str) -> String {
    format!(
        r#"{{"id":"{id}","topic":"{topic}","kind":"{kind}","at":"{at}","minutes":{minutes},"note":null,"rating":{rating}}}"#
    )
}

#[test]
fn an_import_line_the_command_line_could_not_write_refuses_the_whole_file() {
    let env = Env::small(); // now is 2026-11-23T09:00:00Z
    env.run(&["check", "sql-basics"]).ok();
    let before = env.export();
    let count = stored_events(&env);
    let good = event_line("ok", "rest", "check", "2026-11-20T18:30:00Z", None);
    let day = "2026-11-20T18:30:00Z";
    let at = |at: &str| event_line("x", "rest", "check", at, None);
    let minutes = |kind: &str, minutes: &str| raw_line("x", "rest", kind, day, minutes, "null");
    let rating = |kind: &str| raw_line("x", "rest", kind, day, "null", r#""easy""#);
    let topic = |topic: &str| event_line("x", topic, "start", day, None);
    let future = "hint: an event may be at most an hour past this machine's clock: \
                  mend that `at` or leave the line out\n";
    let too_many = |m: &str| {
        format!("bad `minutes` `{m}`: a `log` holds a whole number from 1 to 1440 (24h)\n")
    };
    let bad_id = |id: &str| {
        format!(
            "bad `topic` `{id}`: use lowercase letters and digits in hyphen-separated words, \
             like `sql-joins`\n"
        )
    };
    let long_id = "a".repeat(65);
    let cases = [
        // Later than now, past the hour of grace.
        (
            at("2099-11-20T18:30:00Z"),
            format!(
                "`at` 2099-11-20T18:30:00Z is in the future (now is 2026-11-23T09:00:00Z)\n{future}"
            ),
        ),
        (
            at("2026-11-23T10:00:01Z"),
            format!(
                "`at` 2026-11-23T10:00:01Z is in the future (now is 2026-11-23T09:00:00Z)\n{future}"
            ),
        ),
        (
            at("9999-12-31T23:59:59Z"),
            format!(
                "`at` 9999-12-31T23:59:59Z is in the future (now is 2026-11-23T09:00:00Z)\n{future}"
            ),
        ),
        // Before 1970-01-01 began anywhere.
        (
            at("0206-11-20T18:30:00Z"),
            "`at` 0206-11-20T18:30:00Z is before 1970-01-01\n".into(),
        ),
        (
            at("0000-01-01T00:00:00Z"),
            "`at` 0000-01-01T00:00:00Z is before 1970-01-01\n".into(),
        ),
        (
            at("1969-12-31T09:59:59Z"),
            "`at` 1969-12-31T09:59:59Z is before 1970-01-01\n".into(),
        ),
        (
            at("yesterday"),
            "bad `at` `yesterday`: use RFC 3339, like 2026-11-20T18:30:00Z\n".into(),
        ),
        // Time on anything but a log, and more than a log holds.
        (
            minutes("check", "30"),
            "`minutes` on a `check` event: only a `log` records time\n".into(),
        ),
        (
            minutes("note", "4294967295"),
            "`minutes` on a `note` event: only a `log` records time\n".into(),
        ),
        (minutes("log", "1441"), too_many("1441")),
        (minutes("log", "4294967295"), too_many("4294967295")),
        (minutes("log", "99999999999999"), too_many("99999999999999")),
        (minutes("log", "-5"), too_many("-5")),
        (minutes("log", "1.5"), too_many("1.5")),
        // A rating on anything but a review.
        (
            rating("start"),
            "`rating` on a `start` event: only a `review` has one\n".into(),
        ),
        (
            rating("check"),
            "`rating` on a `check` event: only a `review` has one\n".into(),
        ),
        // Topic ids a roadmap could not have.
        (topic("Not An Id!"), bad_id("Not An Id!")),
        (topic("SQL-Basics"), bad_id("SQL-Basics")),
        (topic("sql--basics"), bad_id("sql--basics")),
        (topic("-rest"), bad_id("-rest")),
        (topic(&long_id), bad_id(&long_id)),
    ];
    let file = env.path("in.jsonl");
    for (line, problem) in cases {
        std::fs::write(&file, format!("{good}\n{line}\n")).unwrap();
        assert_eq!(
            env.run(&["import", file.to_str().unwrap()]).usage(),
            format!("error: {}:2: {problem}", file.display()),
            "{line}"
        );
        assert_eq!(stored_events(&env), count, "{line}");
        assert_eq!(env.export(), before, "{line}");
    }
}

#[test]
fn an_import_line_of_the_wrong_shape_names_the_field_its_value_and_what_it_should_be() {
    let env = Env::small();
    env.run(&["check", "sql-basics"]).ok();
    let before = env.export();
    let good = event_line("ok", "rest", "check", "2026-11-20T18:30:00Z", None);
    let at = r#""at":"2026-11-20T18:30:00Z""#;
    let kinds = "one of start, check, uncheck, skip, log, note, review, track";
    let ratings = "one of again, hard, good, easy, or null";
    let object = r#"each line is one JSON object, like {"id":…,"topic":…}"#;
    let cases = [
        (
            format!(r#"{{"id":17,"topic":"rest","kind":"check",{at}}}"#),
            "bad `id` `17`: a string".to_string(),
        ),
        (
            format!(r#"{{"id":"x","topic":["rest"],"kind":"check",{at}}}"#),
            r#"bad `topic` `["rest"]`: a string"#.into(),
        ),
        (
            r#"{"id":"x","topic":"rest","kind":"check","at":1763663400}"#.into(),
            "bad `at` `1763663400`: a string".into(),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":"chek",{at}}}"#),
            format!("bad `kind` `chek`: {kinds}"),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":7,{at}}}"#),
            format!("bad `kind` `7`: {kinds}"),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":"log",{at},"minutes":"30"}}"#),
            r#"bad `minutes` `"30"`: a whole number from 1 to 1440, or null"#.into(),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":"review",{at},"rating":5}}"#),
            format!("bad `rating` `5`: {ratings}"),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":"review",{at},"rating":"great"}}"#),
            format!("bad `rating` `great`: {ratings}"),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":"note",{at},"note":{{"text":"x"}}}}"#),
            r#"bad `note` `{"text":"x"}`: a string or null"#.into(),
        ),
        (
            format!(
                r#"{{"id":"{}","topic":"rest","kind":"check","at":true}}"#,
                "x".repeat(80)
            ),
            "bad `at` `true`: a string".into(),
        ),
        (
            "[1,2]".into(),
            format!("an array instead of an event: {object}"),
        ),
        (
            r#""check""#.into(),
            format!("a string instead of an event: {object}"),
        ),
        (
            "17".into(),
            format!("a number instead of an event: {object}"),
        ),
        (
            r#"{"id":"x","topic":"rest","kind":"check"}"#.into(),
            "missing field `at`".into(),
        ),
        (
            format!(r#"{{"id":"x","topic":"rest","kind":"check",{at}"#),
            "EOF while parsing an object (column 67); each line is one JSON object".into(),
        ),
    ];
    let file = env.path("in.jsonl");
    for (line, problem) in cases {
        std::fs::write(&file, format!("{good}\n{line}\n")).unwrap();
        assert_eq!(
            env.run(&["import", file.to_str().unwrap()]).usage(),
            format!("error: {}:2: {problem}\n", file.display()),
            "{line}"
        );
        assert_eq!(env.export(), before, "{line}");
    }
}

#[test]
fn an_import_within_the_limits_is_taken_whole_even_after_a_byte_order_mark() {
    let env = Env::small(); // now is 2026-11-23T09:00:00Z
    let lines = [
        // The moment 1970-01-01 begins in the zones furthest ahead of UTC (+14).
        event_line("a", "sql-basics", "start", "1969-12-31T10:00:00Z", None),
        event_line("b", "sql-basics", "log", "2026-11-20T18:30:00Z", Some(1440)),
        event_line("c", "sql-basics", "check", "2026-11-21T18:30:00Z", None),
        raw_line(
            "d",
            "sql-basics",
            "review",
            "2026-11-22T18:30:00Z",
            "null",
            r#""hard""#,
        ),
        // An hour past now: another machine's clock running ahead.
        event_line("e", "rest", "start", "2026-11-23T10:00:00Z", None),
    ];
    let file = env.path("in.jsonl");
    std::fs::write(&file, format!("\u{feff}{}\n", lines.join("\n"))).unwrap();
    assert_eq!(
        env.run(&["import", file.to_str().unwrap()]).ok(),
        "imported 5 new events (5 read, 0 already here)\n"
    );
    assert_eq!(stored_events(&env), 5);
    assert_eq!(sorted_lines(&env.export()), sorted_lines(&lines.join("\n")));
}

#[test]
fn an_event_written_on_the_earliest_day_ahead_of_utc_imports_again() {
    // Tonga was 13 hours ahead of UTC in 1970: noon there on 1970-01-01 is still 1969 in UTC.
    let mut a = Env::small();
    a.tz = TONGA.into();
    a.run(&["check", "sql-basics", "--on", "1970-01-01"]).ok();
    let backup = a.path("backup.jsonl");
    a.run(&["export", "--output", backup.to_str().unwrap()])
        .ok();
    let export = a.export();
    assert!(
        export.contains(r#""at":"1969-12-31T23:00:00Z""#),
        "{export}"
    );
    let b = Env::small();
    assert_eq!(
        b.run(&["import", backup.to_str().unwrap()]).ok(),
        "imported 1 new event (1 read, 0 already here)\n"
    );
    assert_eq!(b.export(), export);
}

// --- 9. two machines ---------------------------------------------------------------------------

fn sorted_lines(export: &str) -> Vec<String> {
    let mut v: Vec<String> = export.lines().map(str::to_string).collect();
    v.sort();
    v
}

/// Everything a user sees of a store, to compare two stores.
fn observed(env: &Env) -> (Vec<String>, Value, Value, Value) {
    (
        sorted_lines(&env.export()),
        env.json(&["status"]),
        env.json(&["list"]),
        env.json(&["show", "sql-basics"])["state"].clone(),
    )
}

#[test]
fn two_machines_merge_to_the_same_progress_in_any_order() {
    // Machine A: SQL, on its days. Machine B: git, and an uncheck of A's check, later.
    let a = Env::small();
    a.run(&["start", "sql-basics", "--on", "2026-11-16"]).ok();
    a.run(&["log", "sql-basics", "1h", "--on", "2026-11-17"])
        .ok();
    a.run(&["check", "sql-basics", "--on", "2026-11-18"]).ok();
    a.run(&["skip", "rest", "--on", "2026-11-19"]).ok();
    a.run(&["note", "sql-joins", "read the chapter", "--on", "yesterday"])
        .ok();
    let b = Env::small();
    b.run(&["start", "git-basics", "--on", "2026-11-15"]).ok();
    b.run(&["log", "git-basics", "45m", "--on", "2026-11-20"])
        .ok();
    b.run(&["uncheck", "sql-basics", "--on", "2026-11-21"]).ok();
    b.run(&["start", "rest", "--on", "2026-11-22"]).ok();
    b.run(&["check", "git-basics"]).ok();

    let a_file = a.path("a.jsonl");
    let b_file = b.path("b.jsonl");
    a.run(&["export", "--output", a_file.to_str().unwrap()])
        .ok();
    b.run(&["export", "--output", b_file.to_str().unwrap()])
        .ok();
    let (af, bf) = (a_file.to_str().unwrap(), b_file.to_str().unwrap());

    a.run(&["import", bf]).ok();
    b.run(&["import", af]).ok();
    let c = Env::small();
    c.run(&["import", af]).ok();
    c.run(&["import", bf]).ok();
    let d = Env::small();
    d.run(&["import", bf]).ok();
    d.run(&["import", af]).ok();
    // Importing again changes nothing.
    assert_eq!(
        d.run(&["import", af]).ok(),
        "imported 0 new events (5 read, 5 already here)\n"
    );

    let want = observed(&a);
    assert_eq!(want.0.len(), 10);
    assert_eq!(want.3, "doing", "B's later uncheck wins over A's check");
    assert_eq!(want.1["doing"], 2, "{}", want.1);
    assert_eq!(want.1["done"], 1, "{}", want.1);
    for (name, env) in [("b", &b), ("c", &c), ("d", &d)] {
        assert_eq!(observed(env), want, "machine {name} differs");
    }
}

#[test]
fn two_machines_agree_on_events_at_the_same_moment() {
    // Both backfill the same day: both events are stamped 12:00 that day.
    let a = Env::small();
    a.run(&["check", "sql-basics", "--on", "friday"]).ok();
    let b = Env::small();
    b.run(&["skip", "sql-basics", "--on", "friday"]).ok();
    let a_file = a.path("a.jsonl");
    let b_file = b.path("b.jsonl");
    a.run(&["export", "--output", a_file.to_str().unwrap()])
        .ok();
    b.run(&["export", "--output", b_file.to_str().unwrap()])
        .ok();
    a.run(&["import", b_file.to_str().unwrap()]).ok();
    b.run(&["import", a_file.to_str().unwrap()]).ok();
    assert_eq!(sorted_lines(&a.export()), sorted_lines(&b.export()));
    assert_eq!(
        a.json(&["show", "sql-basics"])["state"],
        b.json(&["show", "sql-basics"])["state"]
    );
    assert_eq!(a.json(&["status"]), b.json(&["status"]));
}

/// A large import goes the bulk way (indexes dropped and rebuilt, states folded in memory);
/// small ones the plain way. Both must leave exactly the same store.
#[test]
fn a_bulk_import_leaves_what_small_imports_leave() {
    let topics = [
        "sql-basics",
        "rest",
        "git-basics",
        "sql-joins",
        "gone-topic",
    ];
    let kinds = [
        "start", "log", "note", "check", "review", "uncheck", "skip", "log",
    ];
    let mut lines = Vec::new();
    for i in 0..12_000usize {
        let topic = topics[i * 7 % topics.len()];
        let kind = kinds[i * 3 % kinds.len()];
        // Many events share a second, so ties are ordered by id.
        let at = format!(
            "2026-{:02}-{:02}T10:{:02}:00Z",
            1 + i / 1200,
            1 + i % 28,
            i % 3
        );
        // Ids out of order, some of them repeated.
        let id = format!(
            "{:08x}",
            (i % 11_000).wrapping_mul(2_654_435_761) % 100_000_007
        );
        let line = match kind {
            "log" => event_line(&id, topic, kind, &at, Some(15 + (i % 4) as u32 * 15)),
            "note" => note_line(&id, topic, &at, &format!("note {i} \"quoted\"")),
            "review" => format!(
                r#"{{"id":"{id}","topic":"{topic}","kind":"review","at":"{at}","minutes":null,"note":null,"rating":"hard"}}"#
            ),
            _ => event_line(&id, topic, kind, &at, None),
        };
        lines.push(line);
    }
    let first = event_line(
        "seed-1",
        "git-basics",
        "check",
        "2025-12-31T09:00:00Z",
        None,
    );
    let bulk = Env::small();
    let plain = Env::small();
    for env in [&bulk, &plain] {
        let seed = env.path("seed.jsonl");
        std::fs::write(&seed, format!("{first}\n")).unwrap();
        env.run(&["import", seed.to_str().unwrap()]).ok();
    }
    let whole = bulk.path("all.jsonl");
    std::fs::write(&whole, lines.join("\n") + "\n").unwrap();
    assert!(
        std::fs::metadata(&whole).unwrap().len() > 1_200_000,
        "big enough for bulk"
    );
    let said = bulk.run(&["import", whole.to_str().unwrap()]).ok();
    assert_eq!(
        said,
        "imported 11000 new events (12000 read, 1000 already here)\n"
    );
    for (n, piece) in lines.chunks(1000).enumerate() {
        let path = plain.path(&format!("piece-{n}.jsonl"));
        std::fs::write(&path, piece.join("\n") + "\n").unwrap();
        plain.run(&["import", path.to_str().unwrap()]).ok();
    }
    assert_eq!(bulk.export(), plain.export());
    for args in [
        &["list", "--json"][..],
        &["status", "--json"],
        &["activity", "--json", "--weeks", "53"],
        &["review", "--json"],
        &["show", "git-basics", "--json"],
    ] {
        assert_eq!(bulk.run(args).ok(), plain.run(args).ok(), "{args:?}");
    }
    let indexes = |env: &Env| -> BTreeSet<String> {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'index'")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(indexes(&bulk), indexes(&plain));
    assert!(indexes(&bulk).contains("events_by_topic"));
    assert_intact(&bulk.db());

    // A bulk import that fails on its last line leaves the store as it was, indexes too.
    let before = bulk.export();
    let bad = bulk.path("bad.jsonl");
    let mut more: Vec<String> = (0..12_000)
        .map(|i| {
            event_line(
                &format!("new-{i}"),
                "rest",
                "log",
                "2026-11-01T10:00:00Z",
                Some(30),
            )
        })
        .collect();
    more.push(event_line(
        "last",
        "rest",
        "log",
        "2026-11-01T10:00:00Z",
        Some(0),
    ));
    std::fs::write(&bad, more.join("\n") + "\n").unwrap();
    let err = bulk.run(&["import", bad.to_str().unwrap()]).usage();
    assert!(
        err.contains(":12001: a `log` event needs `minutes`"),
        "{err}"
    );
    assert_eq!(bulk.export(), before);
    assert_eq!(indexes(&bulk), indexes(&plain));
    assert_intact(&bulk.db());
}
