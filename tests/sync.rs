//! `roadmap sync`: real git in temporary directories, one bare repository, several stores.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::Env;
use proptest::prelude::*;

const TOPICS: [&str; 6] = [
    "choose-language",
    "language-syntax",
    "oop-basics",
    "error-handling",
    "files-and-http",
    "package-management",
];

fn git_installed() -> bool {
    common::installed("git", "sync tests")
}

/// A bare repository in a temporary directory.
fn bare(dir: &Path) -> PathBuf {
    let path = dir.join("remote.git");
    let out = std::process::Command::new("git")
        .args(["init", "-q", "--bare", "--initial-branch=main"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    path
}

/// The export, sorted: two machines hold the same events in different insertion orders.
fn events(env: &Env) -> Vec<String> {
    let mut lines: Vec<String> = env.export().lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn status(env: &Env) -> serde_json::Value {
    env.json(&["status"])
}

fn sync(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["sync"];
    all.extend_from_slice(args);
    env.run(&all).ok()
}

#[test]
fn two_machines_merge_and_a_new_one_rebuilds_everything() {
    if !git_installed() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = bare(root.path());
    let remote = remote.to_str().unwrap();
    let (laptop, desktop, new) = (Env::new(), Env::new(), Env::new());

    laptop.run(&["start", TOPICS[0]]).ok();
    laptop.run(&["note", TOPICS[0], "private thought"]).ok();
    laptop.run(&["plan", "--hours-per-week", "7"]).ok();
    let out = sync(&laptop, &[remote, "--name", "laptop"]);
    assert!(out.contains("as laptop: sent 2 events"), "{out}");

    desktop.run(&["check", TOPICS[1]]).ok();
    let out = sync(&desktop, &[remote, "--name", "desktop"]);
    assert!(out.contains("sent 1 event, received 2 new events"), "{out}");
    assert!(out.contains("received 1 settings change"), "{out}");
    // Remembered: `sync` alone.
    let out = sync(&laptop, &[]);
    assert!(out.contains("received 1 new event"), "{out}");
    assert_eq!(events(&laptop), events(&desktop));
    assert_eq!(events(&laptop).len(), 3);

    // A new machine, an empty store: everything comes back.
    sync(&new, &[remote, "--name", "spare"]);
    assert_eq!(events(&new), events(&laptop));
    assert_eq!(status(&new), status(&laptop));
    assert_eq!(status(&new), status(&desktop));
    assert_eq!(status(&new)["weekly_target_minutes"], 420);
    assert_eq!(status(&new)["last_sync"], common::NOW);
    // Syncing again changes nothing, and counts nothing twice.
    let out = sync(&new, &[]);
    assert!(
        out.contains("sent 0 events, received 0 new events from 2 other machines"),
        "{out}"
    );
    assert_eq!(events(&new).len(), 3);
    // The text status says when, once sync is set up; not before.
    assert!(
        new.run(&["status"])
            .ok()
            .contains("Last sync: 2026-11-23 09:00 with ")
    );
    let fresh = Env::new();
    fresh.run(&["start", TOPICS[0]]).ok();
    assert!(!fresh.run(&["status"]).ok().contains("Last sync"));
    assert_eq!(status(&fresh)["last_sync"], serde_json::Value::Null);
}

#[test]
fn added_roadmaps_travel() {
    if !git_installed() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = bare(root.path());
    let remote = remote.to_str().unwrap();
    let (mut a, b) = (Env::new(), Env::new());
    let fixture = common::fixture("small.toml");
    let file = a.path("small.toml");
    std::fs::copy(&fixture, &file).unwrap();
    a.run(&["add", file.to_str().unwrap()]).ok();
    let id = a.json(&["status"])["roadmap"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    sync(&a, &[remote]);
    let out = sync(&b, &[remote]);
    assert!(out.contains(&format!("received roadmap {id}")), "{out}");
    // The setting `add` made (the roadmap in use) came too: b now shows that roadmap.
    assert_eq!(b.json(&["status"])["roadmap"]["id"], id.as_str());
    // A newer version added on a travels too, and replaces b's copy.
    std::fs::write(
        &file,
        std::fs::read_to_string(&fixture).unwrap().replace(
            "title = \"Git basics\"",
            "title = \"Git basics\"\n\n[[sections.topics]]\nid = \"git-branches\"\ntitle = \"Git branches\"",
        ),
    )
    .unwrap();
    a.run(&["add", file.to_str().unwrap()]).ok();
    sync(&a, &[]);
    let out = sync(&b, &[]);
    assert!(out.contains(&format!("received roadmap {id}")), "{out}");
    let listed = b.run(&["list"]).ok();
    assert!(listed.contains("git-branches"), "{listed}");
    // And b's own copy, now the same, changes nothing on a.
    let out = sync(&a, &[]);
    assert!(!out.contains("received roadmap"), "{out}");
    // b keeps its own copy of the curriculum, at a path of its own: adding it there is an
    // update, not a clash with a's file.
    let mine = b.path("my-fork.toml");
    std::fs::copy(&file, &mine).unwrap();
    let out = b.run(&["add", mine.to_str().unwrap()]).ok();
    assert!(out.starts_with(&format!("updated roadmap `{id}`")), "{out}");
    // Taken off the list on a, it leaves b's list at b's next sync; b is back on the default.
    sync(&b, &[]);
    // An hour later (the latest change of a setting wins).
    a.now = "2026-11-23T10:00:00Z".to_string();
    a.run(&["remove", &id]).ok();
    sync(&a, &[]);
    sync(&b, &[]);
    let listed = b.run(&["roadmaps"]).ok();
    assert!(!listed.contains(&format!(" {id} ")), "{listed}");
    assert_eq!(b.json(&["status"])["roadmap"]["id"], "backend");
}

#[test]
fn sync_with_nothing_remembered_is_bad_usage() {
    let env = Env::new();
    let err = env.run(&["sync"]).usage();
    assert!(
        err.contains("error: no remote or folder to sync with yet"),
        "{err}"
    );
    assert!(err.contains("roadmap sync REMOTE"), "{err}");
    assert!(!env.db().exists());
}

#[test]
fn missing_git_is_a_failure_with_a_hint() {
    let env = Env::new();
    let empty = env.path("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let out = env
        .cmd()
        .env("PATH", &empty)
        .args(["sync", "git@example.com:me/progress.git"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: cannot run `git`"), "{err}");
    assert!(err.contains("install git"), "{err}");
    assert!(!env.db().exists());
}

#[test]
fn an_unreachable_remote_is_a_failure_that_keeps_everything() {
    if !git_installed() {
        return;
    }
    let env = Env::new();
    env.run(&["start", TOPICS[0]]).ok();
    let before = env.export();
    let err = env
        .run(&["sync", "file:///nonexistent-roadmap-dir/progress.git"])
        .failure();
    assert!(err.starts_with("error: git fetch failed"), "{err}");
    assert!(err.contains("can reach"), "{err}");
    assert_eq!(env.export(), before);
    // Nothing was remembered: `sync` alone still asks for a remote.
    env.run(&["sync"]).usage();
}

#[test]
fn a_rejected_push_is_retried() {
    if !git_installed() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = bare(root.path());
    let remote = remote.to_str().unwrap();
    let (a, b) = (Env::new(), Env::new());
    sync(&a, &[remote]);
    sync(&b, &[remote]);
    a.run(&["start", TOPICS[0]]).ok();
    b.run(&["start", TOPICS[1]]).ok();
    // a stops after its fetch and merge, before its push; b pushes meanwhile.
    let mut slow = a
        .cmd_plain(env!("CARGO_BIN_EXE_roadmap"))
        .args(["sync"])
        .env("ROADMAP_SYNC_PAUSE_AT", "imported")
        .env("ROADMAP_SYNC_PAUSE_SECS", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(slow.stderr.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("paused at imported"), "{line}");
    sync(&b, &[]);
    let out = slow.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // a's second round received b's event.
    assert!(String::from_utf8_lossy(&out.stdout).contains("received 1 new event"));
    sync(&b, &[]);
    assert_eq!(events(&a), events(&b));
    assert_eq!(events(&a).len(), 2);
}

#[test]
fn a_sync_killed_at_any_step_loses_nothing() {
    if !git_installed() {
        return;
    }
    for step in ["written", "committed", "merged", "imported", "pushed"] {
        let root = tempfile::tempdir().unwrap();
        let remote = bare(root.path());
        let remote = remote.to_str().unwrap();
        let (a, b) = (Env::new(), Env::new());
        a.run(&["start", TOPICS[0]]).ok();
        sync(&a, &[remote]);
        b.run(&["start", TOPICS[1]]).ok();
        sync(&b, &[remote]);
        a.run(&["check", TOPICS[0]]).ok();
        let mut child = a
            .cmd_plain(env!("CARGO_BIN_EXE_roadmap"))
            .args(["sync"])
            .env("ROADMAP_SYNC_PAUSE_AT", step)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.contains(&format!("paused at {step}")),
            "{step}: {line}"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        // The next sync completes, and nothing is lost or doubled.
        sync(&a, &[]);
        sync(&b, &[]);
        assert_eq!(events(&a), events(&b), "{step}");
        assert_eq!(events(&a).len(), 3, "{step}");
        let own = a.db().with_file_name("progress.db-sync");
        let mut ids = std::collections::HashSet::new();
        for file in std::fs::read_dir(own.join("events")).unwrap() {
            for l in std::fs::read_to_string(file.unwrap().path())
                .unwrap()
                .lines()
            {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                assert!(
                    ids.insert(v["id"].as_str().unwrap().to_string()),
                    "{step}: {l}"
                );
            }
        }
        assert_eq!(ids.len(), 3, "{step}");
    }
}

/// Runs git in `dir` with a fixed author.
fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_hand_edited_file_that_conflicts_stops_the_sync_and_changes_nothing() {
    if !git_installed() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = bare(root.path());
    let (a, b) = (Env::new(), Env::new());
    a.run(&["start", TOPICS[0]]).ok();
    sync(&a, &[remote.to_str().unwrap()]);
    // Someone edits a's file by hand in another clone, and pushes.
    let clone = root.path().join("clone");
    git(
        root.path(),
        &["clone", "-q", remote.to_str().unwrap(), "clone"],
    );
    let file = std::fs::read_dir(clone.join("events"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&file, "{\"edited\":true}\n").unwrap();
    git(&clone, &["commit", "-qam", "by hand"]);
    git(&clone, &["push", "-q", "origin", "main"]);
    b.run(&["start", TOPICS[1]]).ok();
    sync(&b, &[remote.to_str().unwrap()]);
    a.run(&["check", TOPICS[0]]).ok();
    let before = a.export();
    let err = a.run(&["sync"]).failure();
    assert!(
        err.contains("was changed both here and in the remote"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(a.export(), before);
}

#[test]
fn bad_lines_in_another_machines_file_are_reported_and_skipped() {
    let shared = tempfile::tempdir().unwrap();
    let dir = shared.path().to_str().unwrap();
    let (a, b) = (Env::new(), Env::new());
    a.run(&["start", TOPICS[0]]).ok();
    sync(&a, &["--folder", dir]);
    let out = sync(&b, &["--folder", dir]);
    assert!(
        out.contains("received 1 new event from 1 other machine"),
        "{out}"
    );
    // Lines written to a's file by a newer version, by hand, and cut short by a crash.
    let file = std::fs::read_dir(shared.path().join("events"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !std::fs::read_to_string(p).unwrap().is_empty())
        .unwrap();
    let good = |id: &str, topic: &str| {
        format!(
            "{{\"id\":\"{id}\",\"topic\":\"{topic}\",\"kind\":\"check\",\"at\":\"2026-11-22T10:00:00Z\",\"minutes\":null,\"note\":null,\"rating\":null}}\n"
        )
    };
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("not json\n");
    text.push_str(&good("x1", TOPICS[2]).replace("\"check\"", "\"badge\""));
    text.push_str(&good("x2", TOPICS[3]));
    text.push_str(&good("x3", TOPICS[4])[..40]);
    std::fs::write(&file, text).unwrap();
    let out = sync(&b, &[]);
    assert!(out.contains("received 1 new event"), "{out}");
    assert!(out.contains(":2: "), "{out}");
    assert!(out.contains(":3: bad `kind` `badge`"), "{out}");
    assert!(out.contains(":5: an incomplete last line"), "{out}");
    // The cut line is read once it is whole; the others are not read again.
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.truncate(text.len() - 40);
    text.push_str(&good("x3", TOPICS[4]));
    std::fs::write(&file, text).unwrap();
    let out = sync(&b, &[]);
    assert!(out.contains("received 1 new event"), "{out}");
    assert!(!out.contains("skipped"), "{out}");
    assert_eq!(events(&b).len(), 3);
}

#[test]
fn two_stores_share_one_folder() {
    let shared = tempfile::tempdir().unwrap();
    let dir = shared.path().to_str().unwrap();
    let (a, b) = (Env::new(), Env::new());
    a.run(&["start", TOPICS[0]]).ok();
    b.run(&["log", TOPICS[1], "30m"]).ok();
    sync(&a, &["--folder", dir, "--name", "laptop"]);
    sync(&b, &["--folder", dir, "--name", "desktop"]);
    sync(&a, &[]);
    assert_eq!(events(&a), events(&b));
    assert_eq!(events(&a).len(), 2);
    assert_eq!(status(&a), status(&b));
    assert!(shared.path().join("machines").is_dir());
}

/// One step of the property test: a write on a machine, or a sync of one.
#[derive(Debug, Clone)]
enum Step {
    Write(usize, usize),
    Sync(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, 0..TOPICS.len()).prop_map(|(m, t)| Step::Write(m, t)),
        (0..3usize).prop_map(Step::Sync),
    ]
}

fn cases() -> u32 {
    std::env::var("ROADMAP_TEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .map_or(6, |c: u32| (c / 32).max(6))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Any interleaving of writes and syncs on three machines: once each has synced in
    /// turn (twice round), all hold the union of the events, the same export and status.
    #[test]
    fn three_machines_converge(steps in proptest::collection::vec(step(), 1..12)) {
        if !git_installed() {
            return Ok(());
        }
        let root = tempfile::tempdir().unwrap();
        let remote = bare(root.path());
        let remote = remote.to_str().unwrap();
        let machines = [Env::new(), Env::new(), Env::new()];
        let mut written = 0;
        for s in &steps {
            match *s {
                Step::Write(m, t) => {
                    let kind = ["note", "log"][written % 2];
                    let mut args = vec![kind, TOPICS[t]];
                    if kind == "note" { args.push("a note"); }
                    if kind == "log" { args.push("25m"); }
                    machines[m].run(&args).ok();
                    written += 1;
                }
                Step::Sync(m) => { sync(&machines[m], &[remote]); }
            }
        }
        for _ in 0..2 {
            for m in &machines {
                sync(m, &[remote]);
            }
        }
        let all = events(&machines[0]);
        prop_assert_eq!(all.len(), written);
        for m in &machines[1..] {
            prop_assert_eq!(&events(m), &all);
            prop_assert_eq!(status(m), status(&machines[0]));
        }
    }
}

/// A sync while another command holds the store's write lock waits for it, as any write
/// does (the busy timeout), and then completes with everything.
#[test]
fn a_sync_waits_for_another_commands_write() {
    if !git_installed() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = bare(root.path());
    let remote = remote.to_str().unwrap();
    let a = Env::new();
    a.run(&["start", TOPICS[0]]).ok();
    sync(&a, &[remote]);
    a.run(&["start", TOPICS[1]]).ok();
    // Another writer, mid-transaction.
    let conn = rusqlite::Connection::open(a.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = a
        .cmd_plain(env!("CARGO_BIN_EXE_roadmap"))
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("sent 1 event"), "{stdout}");
    let b = Env::new();
    sync(&b, &[remote]);
    assert_eq!(events(&b), events(&a));
}

/// A temporary file left in the working copy by a sync killed mid-write stays on this
/// machine: it is never committed and sent to the others.
#[test]
fn a_leftover_temporary_file_is_not_sent() {
    if !git_installed() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let remote = bare(root.path());
    let a = Env::new();
    a.run(&["start", TOPICS[0]]).ok();
    sync(&a, &[remote.to_str().unwrap()]);
    let mut work = a.db().into_os_string();
    work.push("-sync");
    let leftover = PathBuf::from(work)
        .join("machines")
        .join(".laptop.json.4242.tmp");
    std::fs::write(&leftover, "half").unwrap();
    a.run(&["start", TOPICS[1]]).ok();
    sync(&a, &[]);
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&remote)
        .args(["ls-tree", "-r", "--name-only", "main"])
        .output()
        .unwrap();
    let files = String::from_utf8(out.stdout).unwrap();
    assert!(files.contains("events/"), "{files}");
    assert!(!files.contains(".tmp"), "{files}");
}
