//! `add`, `use`, `remove` and `checklist` on the real binary: a Markdown curriculum in, its
//! ticks kept, progress followed through upstream changes, the ticks written back.

mod common;

use std::path::{Path, PathBuf};

use common::{Env, fixture};

fn env_with(file: &str) -> (Env, PathBuf) {
    let env = Env::new();
    let path = env.path("README.md");
    std::fs::copy(fixture(&format!("checklists/{file}")), &path).unwrap();
    (env, path)
}

fn add(env: &Env, path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["add", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    env.run(&args).ok()
}

#[test]
fn a_checklist_comes_in_with_its_ticks_and_goes_back_out_byte_for_byte() {
    let (env, path) = env_with("interview.md");
    let original = std::fs::read_to_string(&path).unwrap();
    let out = add(&env, &path, &["--on", "2026-11-01"]);
    assert!(
        out.starts_with("added roadmap `interview-prep-plan` (Interview Prep Plan) from "),
        "{out}"
    );
    assert!(
        out.contains("  4 sections, 12 topics, 0 estimates, 5 prerequisites\n"),
        "{out}"
    );
    assert!(
        out.contains("  3 ticks in the file; 3 checked now\n"),
        "{out}"
    );
    assert!(
        out.ends_with("now in use: `interview-prep-plan`\n"),
        "{out}"
    );
    // The ticks are check events of the day given.
    let checks = env.json(&["history"]);
    let checks = checks.as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert!(
        checks
            .iter()
            .all(|e| e["kind"] == "check" && e["at"].as_str().unwrap().starts_with("2026-11-01"))
    );
    // Unchanged, it comes back as it was.
    assert_eq!(env.run(&["checklist"]).ok(), original);
    // One check is one tick.
    env.run(&["check", "arrays"]).ok();
    let ticked = env.run(&["checklist"]).ok();
    assert_eq!(
        ticked,
        original.replacen("- [ ] **Arrays**", "- [x] **Arrays**", 1)
    );
    let written = env.path("out.md");
    assert_eq!(
        env.run(&["checklist", "--output", written.to_str().unwrap()])
            .ok(),
        format!("wrote {} (4 of 12 ticked)\n", written.display())
    );
    assert_eq!(std::fs::read_to_string(&written).unwrap(), ticked);
    // Adding the same file again records nothing twice and unchecks nothing.
    env.run(&["uncheck", "arrays"]).ok();
    let again = add(&env, &path, &[]);
    assert!(
        again.starts_with("updated roadmap `interview-prep-plan`"),
        "{again}"
    );
    assert!(
        again.contains("3 ticks in the file; 0 checked now"),
        "{again}"
    );
    assert_eq!(env.json(&["history"]).as_array().unwrap().len(), 5);
}

#[test]
fn upstream_changes_keep_progress_across_three_versions() {
    let (env, path) = env_with("upstream-v1.md");
    add(&env, &path, &[]);
    for id in [
        "learn-git-basics",
        "write-a-small-cli-tool-in-your-language",
        "understand-database-indexes",
    ] {
        env.run(&["check", id]).ok();
    }
    env.run(&["log", "learn-sql-select-statements", "1h"]).ok();

    std::fs::copy(fixture("checklists/upstream-v2.md"), &path).unwrap();
    let out = add(&env, &path, &[]);
    assert!(out.contains("  added:    read-about-http\n"), "{out}");
    assert!(
        out.contains(
            "  reworded: learn-git-basics -> learn-git-basics-and-branching (its progress follows)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  reworded: understand-database-indexes -> understand-how-database-indexes-work"
        ),
        "{out}"
    );
    let s = env.states();
    for (id, state) in [
        ("learn-git-basics-and-branching", "done"),
        ("understand-how-database-indexes-work", "done"),
        // Moved to another section, the same text: the same topic.
        ("write-a-small-cli-tool-in-your-language", "done"),
        ("learn-sql-select-statements", "doing"),
        ("read-about-http", "todo"),
    ] {
        assert!(
            s.get(id).map(String::as_str) == Some(state),
            "{id} {state}: {s:?}"
        );
    }

    std::fs::copy(fixture("checklists/upstream-v3.md"), &path).unwrap();
    let out = add(&env, &path, &[]);
    assert!(
        out.contains("  removed:  learn-sql-select-statements (retired; its history is kept)\n"),
        "{out}"
    );
    let s = env.states();
    assert!(s["learn-git-basics-and-branching"] == "done", "{s:?}");
    assert!(s["learn-cache-invalidation"] == "todo", "{s:?}");
    // The removed topic's hour is still in the log.
    let retired = env.json(&["history", "--topic", "learn-sql-select-statements"]);
    assert_eq!(retired.as_array().unwrap().len(), 1);
    // And the checklist of v3 carries the ticks of v1's work.
    let back = env.run(&["checklist"]).ok();
    assert!(
        back.contains("- [x] Learn Git basics and branching\n"),
        "{back}"
    );
    assert!(
        back.contains("- [x] Write a small CLI tool in your language\n"),
        "{back}"
    );
}

#[test]
fn use_remove_and_roadmap_by_id() {
    let (env, path) = env_with("upstream-v1.md");
    add(&env, &path, &[]);
    assert!(
        env.run(&["status"])
            .ok()
            .starts_with("Backend Basics: 0 of 7 done")
    );
    assert_eq!(
        env.run(&["use", "backend"]).ok(),
        "now in use: `backend` (Backend engineer), the default roadmap\n"
    );
    assert!(env.run(&["status"]).ok().starts_with("Backend engineer:"));
    // --roadmap takes an added roadmap's id as well as a file.
    assert!(
        env.run(&["--roadmap", "backend-basics", "status"])
            .ok()
            .starts_with("Backend Basics:")
    );
    assert_eq!(
        env.run(&["use", "backend-basics"]).ok(),
        "now in use: `backend-basics` (Backend Basics)\n"
    );
    let paths = env.json(&["paths"]);
    assert!(
        paths["roadmap"]
            .as_str()
            .unwrap()
            .ends_with("/roadmap/roadmaps/backend-basics.toml"),
        "{paths}"
    );
    env.run(&["check", "practice"]).ok();
    let removed = env.run(&["remove", "backend-basics"]).ok();
    assert!(
        removed.starts_with(
            "removed roadmap `backend-basics` (Backend Basics); its events stay in the store\n"
        ),
        "{removed}"
    );
    assert!(
        removed.ends_with("now in use: the default roadmap\n"),
        "{removed}"
    );
    assert!(env.run(&["status"]).ok().starts_with("Backend engineer:"));
    assert_eq!(env.json(&["history"]).as_array().unwrap().len(), 1);
    let listed = env.run(&["roadmaps"]).ok();
    assert!(!listed.contains("backend-basics"), "{listed}");
    // Added back, its progress is there again.
    add(&env, &path, &[]);
    assert_eq!(env.states()["practice"], "done");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    let write = |name: &str, bytes: &[u8]| {
        let p = env.path(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let prose = write(
        "prose.md",
        b"# Notes\n\nJust text, a [link](https://example.com).\n\n```\n- [ ] not an item\n```\n",
    );
    let latin1 = write("latin1.md", b"# Caf\xe9\n\n- [ ] item\n");
    let binary = write("blob.md", b"\x7fELF\x02\x01\x01\0\0\0- [ ] x");
    let missing = env.path("nope.md").to_str().unwrap().to_string();
    let a = write("a.md", b"# Plan\n\n- [ ] one\n");
    for (args, message) in [
        (
            vec!["add", &prose],
            "no checklist items or course tables found",
        ),
        (vec!["add", &latin1], "the file is not valid UTF-8 text"),
        (vec!["add", &binary], "is not a text file"),
        (vec!["add", &missing], "cannot read"),
        (vec!["add", &a, "--id", "Bad Id"], "bad roadmap id `Bad Id`"),
        (vec!["add", &a, "--on", "tomorrow"], "tomorrow"),
        (
            vec!["use", "nothing-here"],
            "no roadmap `nothing-here` to use",
        ),
        (
            vec!["remove", "nothing-here"],
            "no added roadmap `nothing-here`",
        ),
    ] {
        let err = env.run(&args).usage();
        assert!(
            err.starts_with("error: ") && err.contains(message),
            "{args:?}: {err}"
        );
    }
    // An endless file ends in an error, not in all of memory.
    if cfg!(unix) {
        let err = env.run(&["add", "/dev/zero"]).usage();
        assert!(err.contains("larger than 64 MiB"), "{err}");
    }
    assert!(!env.db().exists(), "a refused add created a store");
    // The built-in roadmap's id is refused, with a hint.
    let toml = write(
        "mine.toml",
        std::fs::read(fixture("small.toml")).unwrap().as_slice(),
    );
    let err = env.run(&["add", &toml, "--id", "backend"]).usage();
    assert_eq!(
        err,
        "error: `backend` is the id of a built-in roadmap\nhint: choose another id with --id\n"
    );
    // An id clash with another file.
    let b = write("b.md", b"# Plan\n\n- [ ] two\n");
    env.run(&["add", &a]).ok();
    let err = env.run(&["add", &b]).usage();
    assert!(
        err.starts_with("error: roadmap `plan` was added from another file"),
        "{err}"
    );
    assert!(env.run(&["checklist"]).ok().contains("- [ ] one"));
}

#[test]
fn a_roadmap_file_is_added_too_and_comes_out_as_a_task_list() {
    let env = Env::new();
    let path = env.path("small.toml");
    let text = std::fs::read_to_string(fixture("small.toml")).unwrap();
    std::fs::write(&path, &text).unwrap();
    let out = add(&env, &path, &[]);
    assert!(
        out.starts_with("added roadmap `small` (Small roadmap) from "),
        "{out}"
    );
    env.run(&["check", "sql-basics"]).ok();
    let list = env.run(&["checklist"]).ok();
    assert!(list.starts_with("# Small roadmap\n"), "{list}");
    assert!(
        list.contains("- [x] SQL basics\n- [ ] SQL joins\n"),
        "{list}"
    );
    // A new version that renames a topic: its progress follows, and the output says so.
    std::fs::write(
        &path,
        text.replace(
            "id = \"sql-basics\"",
            "id = \"sql-select\"\nrenamed_from = [\"sql-basics\"]",
        )
        .replace("requires = [\"sql-basics\"]", "requires = [\"sql-select\"]"),
    )
    .unwrap();
    let out = add(&env, &path, &[]);
    assert!(
        out.contains("  reworded: sql-basics -> sql-select (its progress follows)\n"),
        "{out}"
    );
    assert_eq!(env.states()["sql-select"], "done");
}

#[test]
fn control_characters_reach_a_file_exactly_and_a_terminal_neutralised() {
    let env = Env::new();
    let path = env.path("plan.md");
    let text = "# Plan\n\n- [ ] clear \u{1b}[2J the screen\n";
    std::fs::write(&path, text).unwrap();
    add(&env, &path, &[]);
    assert_eq!(env.run(&["checklist"]).ok(), text);
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let bin = common::sh_quote(env!("CARGO_BIN_EXE_roadmap"));
    let out = env
        .cmd_plain("script")
        .env("COLUMNS", "80")
        .env("SHELL", "/bin/sh")
        .args(["-qec", &format!("{bin} checklist"), "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("clear \u{241b}[2J the screen"), "{shown:?}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}
