//! End-to-end tests: the real binary, a real SQLite store in a temp dir, a fixed clock.

mod common;

use common::{Env, fixture, sh_quote};

#[test]
fn a_learners_day_with_the_built_in_roadmap() {
    let env = Env::new();
    let before = env.run(&["status"]).ok();
    assert!(before.starts_with("Backend engineer: 0 of "), "{before}");
    assert!(before.contains("Databases and SQL"));

    assert_eq!(
        env.run(&["start", "sql-basics"]).ok(),
        "start sql-basics (SQL basics) on 2026-11-23: todo -> doing\n"
    );
    assert_eq!(
        env.run(&["check", "sql-joins"]).ok(),
        "check sql-joins (SQL joins) on 2026-11-23: todo -> done; next review 2026-11-26\n"
    );
    assert_eq!(
        env.run(&["note", "sql-joins", "LEFT JOIN keeps unmatched rows"])
            .ok(),
        "noted on sql-joins (SQL joins) on 2026-11-23: still done; next review 2026-11-26\n"
    );
    assert_eq!(
        env.run(&["log", "sql-basics", "1h30m"]).ok(),
        "logged 1h30m on sql-basics (SQL basics) on 2026-11-23: still doing\n"
    );

    let status = env.json(&["status"]);
    assert_eq!(status["done"], 1);
    assert_eq!(status["doing"], 1);
    assert_eq!(status["minutes_this_week"], 90);
    assert_eq!(status["streak_days"], 1);
    let total = status["total"].as_u64().unwrap();
    let expected = ((1000.0 / total as f64).round() / 10.0).to_string();
    assert_eq!(status["percent"].to_string(), expected);
    let databases = status["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "databases")
        .unwrap();
    assert_eq!(databases["done"], 1);
    assert_eq!(databases["doing"], 1);

    let after = env.run(&["status"]).ok();
    assert!(
        after.contains("\nDoing\n  sql-basics  SQL basics\n"),
        "{after}"
    );
    assert!(after.contains("This week: 1h30m of 10h"), "{after}");
}

#[test]
fn status_list_next_and_show_on_a_small_roadmap() {
    let env = Env::small();
    env.run(&["start", "sql-basics", "--on", "friday"]).ok();
    env.run(&["check", "sql-basics"]).ok();
    env.run(&["log", "sql-joins", "45m", "--note", "first pass"])
        .ok();
    assert_eq!(
        env.run(&["status"]).ok(),
        "Small roadmap: 1 of 5 done (20.0%), 1 doing\n\
         [##########----------------------------------------]  20.0%\n\
         \n  Basics  [#######-------------]  1/3   33.3%\
         \n  APIs    [--------------------]  0/2    0.0%\n\
         \nDoing\n  sql-joins  SQL joins\n\
         \nNext up\n  git-basics  Git basics\n\
         \nStreak: 1 day (longest 1 day)   This week: 45m of 10h\n"
    );
    assert_eq!(
        env.run(&["list"]).ok(),
        "ID          STATE  SECTION  EST    TITLE\n\
         sql-basics  done   basics   3h     SQL basics\n\
         sql-joins   doing  basics   2h     SQL joins\n\
         git-basics  todo   basics   1h30m  Git basics\n\
         rest        todo   apis     4h     REST design\n\
         first-api   todo   apis            First API deployed\n"
    );
    assert_eq!(
        env.run(&["list", "--section", "apis", "--state", "todo"])
            .ok(),
        "ID         STATE  SECTION  EST  TITLE\n\
         rest       todo   apis     4h   REST design\n\
         first-api  todo   apis          First API deployed\n"
    );
    assert_eq!(
        env.run(&["next"]).ok(),
        "ID          STATE  SECTION  EST    TITLE\n\
         git-basics  todo   basics   1h30m  Git basics\n"
    );
    assert_eq!(
        env.run(&["show", "joins"]).ok(),
        "SQL joins (sql-joins)\n\
         section: Basics · study · estimate 2h · doing · logged 45m\n\
         \nInner and outer joins.\n\
         \nPrerequisites\n  done     sql-basics  SQL basics\n\
         \nUnlocks\n  todo     rest  REST design\n\
         \nHistory\n  2026-11-23 09:00  log 45m: first pass\n"
    );
}

#[test]
fn json_shapes() {
    let env = Env::small();
    env.run(&["check", "sql-basics"]).ok();
    let list = env.json(&["list"]);
    let first = &list[0];
    for key in [
        "id", "section", "title", "summary", "kind", "state", "requires",
    ] {
        assert!(first.get(key).is_some(), "list lacks {key}");
    }
    assert_eq!(first["state"], "done");
    assert_eq!(list[1]["requires"], serde_json::json!(["sql-basics"]));

    let status = env.json(&["status"]);
    for key in [
        "roadmap",
        "total",
        "done",
        "doing",
        "skipped",
        "percent",
        "sections",
        "streak_days",
        "minutes_this_week",
        "next",
    ] {
        assert!(status.get(key).is_some(), "status lacks {key}");
    }
    assert_eq!(status["roadmap"]["id"], "small");
    assert_eq!(
        status["next"],
        serde_json::json!(["sql-joins", "git-basics"])
    );
    for key in [
        "id", "title", "total", "done", "doing", "skipped", "percent",
    ] {
        assert!(
            status["sections"][0].get(key).is_some(),
            "section lacks {key}"
        );
    }

    let show = env.json(&["show", "sql-basics"]);
    assert_eq!(show["id"], "sql-basics");
    assert_eq!(
        show["resources"][0]["url"],
        "https://www.postgresql.org/docs/current/tutorial.html"
    );
    let event = &show["events"][0];
    assert_eq!(event["kind"], "check");
    assert_eq!(event["at"], "2026-11-23T09:00:00Z");
    assert_eq!(event["topic"], "sql-basics");

    let next = env.json(&["next"]);
    assert_eq!(next.as_array().unwrap().len(), 2);
    assert_eq!(next[0]["id"], "sql-joins");

    let history = env.json(&["history"]);
    assert_eq!(history[0]["kind"], "check");
    assert_eq!(history[0]["minutes"], serde_json::Value::Null);
}

#[test]
fn uncheck_and_skip_follow_the_design() {
    let env = Env::small();
    let state = |id: &str| {
        env.json(&["show", id])["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    env.run(&["check", "git-basics"]).ok();
    env.run(&["uncheck", "git-basics"]).ok();
    assert_eq!(state("git-basics"), "todo");
    env.run(&["start", "git-basics"]).ok();
    env.run(&["check", "git-basics"]).ok();
    env.run(&["uncheck", "git-basics"]).ok();
    assert_eq!(state("git-basics"), "doing");
    env.run(&["skip", "rest"]).ok();
    assert_eq!(state("rest"), "skipped");
    env.run(&["uncheck", "rest"]).ok();
    assert_eq!(state("rest"), "todo");
    env.run(&["skip", "rest"]).ok();
    // Skipped topics count in no total: 0 done of (5 - 1).
    let status = env.json(&["status"]);
    assert_eq!(
        (status["skipped"].as_u64(), status["percent"].as_f64()),
        (Some(1), Some(0.0))
    );
    env.run(&["check", "sql-basics"]).ok();
    assert_eq!(env.json(&["status"])["percent"].as_f64(), Some(25.0));
    // `next` treats a skipped prerequisite as met.
    env.run(&["check", "sql-joins"]).ok();
    env.run(&["check", "git-basics"]).ok();
    assert_eq!(env.json(&["next"])[0]["id"], "first-api");
}

#[test]
fn backfilled_events_land_on_their_day() {
    let env = Env::small();
    env.run(&["log", "sql-basics", "1h", "--on", "2026-11-20"])
        .ok();
    env.run(&["log", "sql-basics", "30m", "--on", "yesterday"])
        .ok();
    env.run(&["log", "sql-basics", "15m", "--on", "1d ago"])
        .ok();
    let history = env.json(&["history"]);
    let ats: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert_eq!(
        ats,
        [
            "2026-11-22T12:00:00Z",
            "2026-11-22T12:00:00Z",
            "2026-11-20T12:00:00Z"
        ]
    );
    // Sunday belongs to last week: nothing this week yet; the streak still stands.
    let status = env.json(&["status"]);
    assert_eq!(status["minutes_this_week"], 0);
    assert_eq!(status["streak_days"], 1);
    let since = env.json(&["history", "--since", "2026-11-21"]);
    assert_eq!(since.as_array().unwrap().len(), 2);
    let until = env.json(&["history", "--until", "2026-11-21"]);
    assert_eq!(until.as_array().unwrap().len(), 1);
}

#[test]
fn topic_errors_name_the_topic_and_exit_2() {
    let env = Env::small();
    assert_eq!(
        env.run(&["check", "nosuch"]).usage(),
        "error: unknown topic `nosuch` in roadmap `small`\nhint: `roadmap list` shows every topic\n"
    );
    assert_eq!(
        env.run(&["check", "sql-jions"]).usage(),
        "error: unknown topic `sql-jions` in roadmap `small`\nhint: closest: sql-joins\n"
    );
    assert_eq!(
        env.run(&["show", "sql"]).usage(),
        "error: `sql` is ambiguous: 2 topics match that id prefix\nhint: did you mean sql-basics, sql-joins?\n"
    );
    assert_eq!(
        env.run(&["status", "nope"]).usage(),
        "error: unknown section `nope` in roadmap `small`\nhint: sections: basics, apis\n"
    );
    // A title part works when unique.
    env.run(&["start", "REST design"]).ok();
}

#[test]
fn date_and_duration_errors_exit_2() {
    let env = Env::small();
    assert_eq!(
        env.run(&["check", "rest", "--on", "2026-11-24"]).usage(),
        "error: bad date `2026-11-24`: 2026-11-24 is in the future (today is 2026-11-23)\n\
         hint: dates look like 2026-11-20, today, yesterday, friday or `3d ago`\n"
    );
    assert_eq!(
        env.run(&["check", "rest", "--on", "someday"]).usage(),
        "error: bad date `someday`: use YYYY-MM-DD, today, yesterday, a weekday name, or `3d ago`\n\
         hint: dates look like 2026-11-20, today, yesterday, friday or `3d ago`\n"
    );
    assert_eq!(
        env.run(&["log", "rest", "1.5h"]).usage(),
        "error: bad duration `1.5h`: expected parts like `45m`, `2h` or `1h30m` (units m and h)\n\
         hint: durations look like 45m, 2h or 1h30m\n"
    );
    assert_eq!(
        env.run(&["note", "rest", "  "]).usage(),
        "error: empty note: write some text, or leave --note out\n"
    );
}

#[test]
fn command_line_mistakes_are_one_error_line_and_a_hint() {
    let env = Env::small();
    for (args, expected) in [
        (
            &["frobnicate"][..],
            "error: unrecognized subcommand 'frobnicate'\nhint: `roadmap --help` shows the usage\n",
        ),
        (
            &["chek", "rest"],
            "error: unrecognized subcommand 'chek'\nhint: did you mean `uncheck` or `checklist` or `check`?\n",
        ),
        (
            &["list", "--state", "finished"],
            "error: invalid value 'finished' for '--state <STATE>'\n\
             hint: possible values: todo, doing, done, skipped\n",
        ),
        (
            &["list", "--stat", "todo"],
            "error: unexpected argument '--stat' found\nhint: did you mean `--state`?\n",
        ),
        (
            &["log", "rest"],
            "error: the following required arguments were not provided: <DURATION>\n\
             hint: `roadmap log --help` shows the usage\n",
        ),
        (
            &["today", "--minutes", "99999999999"],
            "error: invalid value '99999999999' for '--minutes <N>': 99999999999 is not in 0..=1440\n\
             hint: `roadmap today --help` shows the usage\n",
        ),
        (
            &["summary", "--week", "2026-W40", "--since", "2026-01-01"],
            "error: the argument '--week [<WEEK>]' cannot be used with '--since <DATE>'\n\
             hint: `roadmap summary --help` shows the usage\n",
        ),
    ] {
        assert_eq!(env.run(args).usage(), expected, "{args:?}");
    }
    // An argument that is not UTF-8, before or after the subcommand (bytes: Unix only).
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bad = std::ffi::OsStr::from_bytes(b"\xff");
        for (args, hint) in [
            (vec![bad], "roadmap --help"),
            (vec![bad, "status".as_ref()], "roadmap status --help"),
            (vec!["check".as_ref(), bad], "roadmap check --help"),
        ] {
            let out = env.cmd().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 2, "{args:?}: {stderr}");
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
            assert!(
                stderr.ends_with(&format!("hint: `{hint}` shows the usage\n")),
                "{stderr}"
            );
        }
    }
    // Help is not an error, and goes to stdout.
    assert!(
        env.run(&["log", "--help"])
            .ok()
            .contains("Usage: roadmap log")
    );
}

#[test]
fn an_empty_store_or_roadmap_variable_counts_as_unset() {
    let env = Env::small();
    let out = env
        .cmd()
        .env("ROADMAP_DB", "")
        .env("ROADMAP_FILE", "")
        .env("HOME", env.path("home"))
        .env("XDG_DATA_HOME", env.path("data"))
        .env("XDG_CONFIG_HOME", env.path("config"))
        .arg("paths")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("<built-in backend.toml>"), "{stdout}");
    assert!(stdout.contains("progress.db"), "{stdout}");
}

#[test]
fn next_says_why_it_has_nothing_and_counts_read_in_the_singular() {
    let mut env = Env::new();
    let file = env.path("one.toml");
    std::fs::write(
        &file,
        "[roadmap]\nid = \"one\"\ntitle = \"One\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
         [[sections.topics]]\nid = \"only\"\ntitle = \"Only\"\n",
    )
    .unwrap();
    assert_eq!(
        env.run(&["validate", file.to_str().unwrap()]).ok(),
        format!(
            "ok: {}: roadmap `one`, 1 section, 1 topic\n",
            file.display()
        )
    );
    env.roadmap = Some(file);
    env.run(&["check", "only"]).ok();
    assert_eq!(
        env.run(&["next"]).ok(),
        "Nothing to start: no topic is left to do.\n"
    );
    let backup = env.path("backup.jsonl");
    assert_eq!(
        env.run(&["export", "--output", backup.to_str().unwrap()])
            .ok(),
        format!("exported 1 event to {}\n", backup.display())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the backup is private, like the store");
    }
    // A roadmap with no topics at all.
    let empty = env.path("empty.toml");
    std::fs::write(&empty, "[roadmap]\nid = \"empty\"\ntitle = \"Empty\"\n").unwrap();
    env.roadmap = Some(empty);
    assert_eq!(
        env.run(&["status"]).ok(),
        "Empty: 0 of 0 done (0.0%)\n[--------------------------------------------------]   0.0%\n\n\
         Streak: 1 day (longest 1 day)   This week: 0m of 10h\n"
    );
    assert_eq!(
        env.run(&["next"]).ok(),
        "Nothing to start: no topic is left to do.\n"
    );
    assert_eq!(
        env.run(&["next", "-n", "0"]).usage(),
        "error: invalid value '0' for '--count <N>': 0 is not in 1..=100000\n\
         hint: `roadmap next --help` shows the usage\n"
    );
}

#[test]
fn a_write_that_changes_nothing_says_why() {
    let env = Env::small();
    // Nothing to undo: kept (another machine may hold the check), and said.
    assert_eq!(
        env.run(&["uncheck", "git-basics"]).ok(),
        "uncheck git-basics (Git basics) on 2026-11-23: still todo: nothing to undo\n"
    );
    // A check dated before that uncheck is undone by it, and the report says so.
    assert_eq!(
        env.run(&["check", "git-basics", "--on", "yesterday"]).ok(),
        "check git-basics (Git basics) on 2026-11-22: still todo: a later event decides \
         (roadmap history --topic git-basics)\n"
    );
    // An event that would change nothing anyway is not blamed on a later one.
    env.run(&["start", "rest"]).ok();
    assert_eq!(
        env.run(&["start", "rest", "--on", "yesterday"]).ok(),
        "start rest (REST design) on 2026-11-22: still doing\n"
    );
    // A note is no later decision: the skip dated before it takes effect.
    env.run(&["note", "sql-joins", "later thought"]).ok();
    assert_eq!(
        env.run(&["skip", "sql-joins", "--on", "yesterday"]).ok(),
        "skip sql-joins (SQL joins) on 2026-11-22: todo -> skipped\n"
    );
}

#[test]
fn a_failed_command_leaves_the_store_untouched() {
    let env = Env::small();
    // Bad input before the store exists does not even create it.
    env.run(&["check", "nosuch"]).usage();
    assert!(!env.db().exists());
    env.run(&["check", "sql-basics"]).ok();
    env.run(&["note", "sql-basics", "hello"]).ok();
    let before = env.export();
    let bytes = std::fs::read(env.db()).unwrap();
    for args in [
        &["check", "nosuch"][..],
        &["log", "sql-basics", "0m"],
        &["start", "sql", "--on", "tomorrow"],
        &["note", "rest", ""],
        &["uncheck", "sql-basics", "--on", "bad"],
        &["show", "x"],
    ] {
        env.run(args).usage();
    }
    assert_eq!(env.export(), before);
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
}

#[test]
fn invalid_roadmaps_exit_2_with_locations() {
    let env = Env::new();
    let bad = env.path("bad.toml");
    std::fs::write(
        &bad,
        "[roadmap]\nid = \"Bad\"\ntitle = \"B\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
         [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nrequires = [\"ghost\"]\nestimate = \"soon\"\n",
    )
    .unwrap();
    let name = bad.display().to_string();
    let expected = format!(
        "error: {name}:2:6: bad roadmap id `Bad`: use lowercase letters and digits in hyphen-separated words, like `sql-joins`\n\
         error: {name}:10:13: unknown prerequisite `ghost` of topic `a`\n\
         error: {name}:11:12: bad duration `soon`: expected parts like `45m`, `2h` or `1h30m` (units m and h)\n"
    );
    assert_eq!(env.run(&["validate", &name]).usage(), expected);
    assert_eq!(env.run(&["--roadmap", &name, "status"]).usage(), expected);
    assert!(
        !env.db().exists(),
        "an invalid roadmap must not create the store"
    );

    let missing = env.path("missing.toml").display().to_string();
    let stderr = env.run(&["--roadmap", &missing, "status"]).usage();
    assert!(
        stderr.starts_with(&format!("error: cannot read `{missing}`: ")),
        "{stderr}"
    );
    let stderr = env.run(&["validate", &missing]).usage();
    assert!(
        stderr.starts_with(&format!("error: cannot read `{missing}`: ")),
        "{stderr}"
    );

    let good = fixture("small.toml").display().to_string();
    assert_eq!(
        env.run(&["validate", &good]).ok(),
        format!("ok: {good}: roadmap `small`, 2 sections, 5 topics\n")
    );
}

#[test]
fn store_problems_exit_1() {
    let env = Env::small();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::write(
        env.db(),
        "this is not sqlite, just some text that is long enough ".repeat(100),
    )
    .unwrap();
    let stderr = env.run(&["status"]).failure();
    assert_eq!(
        stderr,
        format!(
            "error: store `{}`: not a SQLite database\nhint: is it a roadmap store? use another path with --db or ROADMAP_DB\n",
            env.db().display()
        )
    );
}

#[test]
fn export_then_import_is_idempotent() {
    let a = Env::small();
    a.run(&["start", "sql-basics", "--on", "friday"]).ok();
    a.run(&["log", "sql-basics", "2h"]).ok();
    a.run(&["check", "sql-basics"]).ok();
    let file = a.path("backup.jsonl");
    assert_eq!(
        a.run(&["export", "--output", file.to_str().unwrap()]).ok(),
        format!("exported 3 events to {}\n", file.display())
    );
    let exported = std::fs::read_to_string(&file).unwrap();
    assert_eq!(exported.lines().count(), 3);
    assert_eq!(exported, a.export());

    let b = Env::small();
    b.run(&["check", "git-basics"]).ok();
    assert_eq!(
        b.run(&["import", file.to_str().unwrap()]).ok(),
        "imported 3 new events (3 read, 0 already here)\n"
    );
    assert_eq!(
        b.run(&["import", file.to_str().unwrap()]).ok(),
        "imported 0 new events (3 read, 3 already here)\n"
    );
    assert_eq!(b.json(&["show", "sql-basics"])["state"], "done");
    assert_eq!(b.export().lines().count(), 4);
}

#[test]
fn a_bad_import_line_imports_nothing() {
    let env = Env::small();
    let file = env.path("bad.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"topic\":\"rest\",\"kind\":\"check\",\"at\":\"2026-11-20T18:30:00Z\",\"minutes\":null,\"note\":null,\"rating\":null}\n\
         {\"id\":\"b\",\"topic\":\"rest\",\"kind\":\"log\",\"at\":\"2026-11-20T18:30:00Z\",\"minutes\":0,\"note\":null,\"rating\":null}\n",
    )
    .unwrap();
    assert_eq!(
        env.run(&["import", file.to_str().unwrap()]).usage(),
        format!(
            "error: {}:2: a `log` event needs `minutes` greater than 0\n",
            file.display()
        )
    );
    assert_eq!(env.export(), "");
}

#[test]
fn dates_before_1970_and_logs_longer_than_a_day_are_refused() {
    let env = Env::small();
    assert_eq!(
        env.run(&["check", "rest", "--on", "0206-11-20"]).usage(),
        "error: bad date `0206-11-20`: 0206-11-20 is before 1970-01-01\n\
         hint: dates look like 2026-11-20, today, yesterday, friday or `3d ago`\n"
    );
    assert_eq!(
        env.run(&["summary", "--week", "0000-W01"]).usage(),
        "error: bad week `0000-W01`: it is before 1970-01-01\n\
         hint: weeks look like 2026-W47, or any date inside the week\n"
    );
    assert_eq!(
        env.run(&["log", "rest", "25h"]).usage(),
        "error: bad duration `25h`: one log holds at most 24h, the day it is on\n\
         hint: log longer stretches day by day, with --on\n"
    );
    for too_long in ["1441m", "999999h", "99999999999999999999999h"] {
        assert_eq!(
            env.run(&["log", "rest", too_long]).usage(),
            format!(
                "error: bad duration `{too_long}`: one log holds at most 24h, the day it is on\n\
                 hint: log longer stretches day by day, with --on\n"
            )
        );
    }
    // A number without its unit is a malformed duration, however large.
    assert_eq!(
        env.run(&["log", "rest", "999999"]).usage(),
        "error: bad duration `999999`: a number needs a unit, as in `999999m` or `999999h`\n\
         hint: durations look like 45m, 2h or 1h30m\n"
    );
    for (args, error) in [
        (
            &["check", "rest", "--on", "0001-01-01"][..],
            "bad date `0001-01-01`: 0001-01-01 is before 1970-01-01",
        ),
        (
            &["history", "--since", "0206-11-20"],
            "bad date `0206-11-20`: 0206-11-20 is before 1970-01-01",
        ),
        (
            &["summary", "--week", "0000-01-01"],
            "bad week `0000-01-01`: 0000-01-01 is before 1970-01-01",
        ),
    ] {
        let err = env.run(args).usage();
        assert_eq!(
            err.lines().next(),
            Some(&*format!("error: {error}")),
            "{args:?}"
        );
    }
    assert_eq!(env.export(), "");
}

#[test]
fn importing_a_missing_file_creates_no_store() {
    let env = Env::small();
    let file = env.path("backup.jsonl");
    assert_eq!(
        env.run(&["import", file.to_str().unwrap()]).usage(),
        format!(
            "error: cannot read `{}`: No such file or directory (os error 2)\n",
            file.display()
        )
    );
    assert!(!env.db().exists());
    assert!(!env.db().parent().unwrap().exists());
    // Nor does a file with a bad line; a good one makes the store.
    std::fs::write(&file, "{\"id\":\"x\"}\n").unwrap();
    assert_eq!(
        env.run(&["import", file.to_str().unwrap()]).usage(),
        format!("error: {}:1: missing field `topic`\n", file.display())
    );
    assert!(!env.db().parent().unwrap().exists());
    std::fs::write(
        &file,
        "{\"id\":\"x\",\"topic\":\"rest\",\"kind\":\"check\",\"at\":\"2026-11-20T18:30:00Z\"}\n",
    )
    .unwrap();
    env.run(&["import", file.to_str().unwrap()]).ok();
    assert_eq!(env.export().lines().count(), 1);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::small();
    for _ in 0..3 {
        env.run(&["log", "sql-basics", "5m"]).ok();
    }
    let script = format!(
        "{} history | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}",
        sh_quote(env!("CARGO_BIN_EXE_roadmap"))
    );
    let out = env.cmd_shell(&script);
    assert_eq!(out.0, 0, "stderr: {}", out.1);
    assert_eq!(out.1, "");
}

#[test]
fn untrusted_text_is_neutralised() {
    let env = Env::new();
    let evil = env.path("evil.toml");
    std::fs::write(
        &evil,
        "[roadmap]\nid = \"evil\"\ntitle = \"Evil\\u001b[2J\"\n[[sections]]\nid = \"s\"\ntitle = \"S\\u001b]0;pwned\\u0007\"\n\
         [[sections.topics]]\nid = \"a\"\ntitle = \"A\\u001b[31mred\"\nsummary = \"line\\u009b1\"\n",
    )
    .unwrap();
    let name = evil.display().to_string();
    for args in [
        &["status"][..],
        &["list"],
        &["show", "a"],
        &["next"],
        &["start", "a"],
        &["history"],
    ] {
        let mut all = vec!["--roadmap", &name];
        all.extend_from_slice(args);
        let out = env.run(&all).ok();
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
    }
    let json = env.run(&["--roadmap", &name, "list", "--json"]).ok();
    assert!(json.contains("\\u001b[31mred"), "{json}");
}

#[test]
fn colour_follows_flags_and_environment() {
    let env = Env::small();
    let plain = env.run(&["status"]).ok();
    assert!(!plain.contains('\u{1b}'));
    assert!(
        env.run(&["--color", "always", "status"])
            .ok()
            .contains("\u{1b}[32m")
    );
    let forced = env
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .arg("status")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\u{1b}["));
    let both = env
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("status")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&both.stdout).contains('\u{1b}'));
}

#[test]
fn a_renamed_topic_keeps_its_progress_and_a_removed_one_is_retired() {
    let mut env = Env::new();
    let v1 = env.path("v1.toml");
    let head = "[roadmap]\nid = \"r\"\ntitle = \"R\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n";
    std::fs::write(
        &v1,
        format!("{head}[[sections.topics]]\nid = \"joins\"\ntitle = \"Joins\"\n[[sections.topics]]\nid = \"old\"\ntitle = \"Old\"\n"),
    )
    .unwrap();
    env.roadmap = Some(v1.clone());
    env.run(&["check", "joins"]).ok();
    env.run(&["check", "old"]).ok();
    std::fs::write(
        &v1,
        format!("{head}[[sections.topics]]\nid = \"sql-joins\"\ntitle = \"SQL joins\"\nrenamed_from = [\"joins\"]\n"),
    )
    .unwrap();
    assert_eq!(env.json(&["show", "sql-joins"])["state"], "done");
    assert_eq!(env.json(&["show", "joins"])["id"], "sql-joins");
    assert_eq!(
        env.run(&["list", "--state", "done"]).ok(),
        "ID         STATE           SECTION  EST  TITLE\n\
         sql-joins  done            s             SQL joins\n\
         old        done (retired)  s             Old\n"
    );
    let status = env.json(&["status"]);
    assert_eq!(
        (status["total"].as_u64(), status["done"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(env.export().lines().count(), 2);
    // The retired topic is still there by its id: shown, in history, and undone.
    let shown = env.run(&["show", "old"]).ok();
    assert!(
        shown.starts_with("Old (old)\nsection: S · retired from the roadmap · done\n"),
        "{shown}"
    );
    assert_eq!(env.json(&["history", "--topic", "old"])[0]["kind"], "check");
    assert_eq!(
        env.run(&["uncheck", "old"]).ok(),
        "uncheck old (Old) on 2026-11-23: done -> todo\n"
    );
    assert_eq!(env.json(&["show", "old"])["state"], "todo");
    // By its exact id only, and an unknown id is still an error.
    env.run(&["show", "ol"]).usage();
}

#[test]
fn progress_follows_a_topic_through_several_renames() {
    let mut env = Env::new();
    let file = env.path("r.toml");
    env.roadmap = Some(file.clone());
    let version = |topics: &str| {
        let head =
            "[roadmap]\nid = \"r\"\ntitle = \"R\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n";
        std::fs::write(&file, format!("{head}{topics}")).unwrap();
    };
    let topic = |id: &str, renamed: &str| {
        format!("[[sections.topics]]\nid = \"{id}\"\ntitle = \"The DOM\"\n{renamed}")
    };
    version(&topic("dom", ""));
    env.run(&["start", "dom", "--on", "2026-11-20"]).ok();
    env.run(&["check", "dom"]).ok();
    // Each file names only the last rename; the first file's events follow all the way.
    version(&topic("dom-events", "renamed_from = [\"dom\"]\n"));
    env.run(&["note", "dom-events", "after the first rename"])
        .ok();
    version(&topic("dom-api", "renamed_from = [\"dom-events\"]\n"));
    let kinds = |env: &Env, id: &str| -> Vec<String> {
        let shown = env.json(&["show", id]);
        assert_eq!(shown["state"], "done", "{shown}");
        let events = shown["events"].as_array().unwrap();
        events
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds(&env, "dom-api"), ["start", "check", "note"]);
    assert_eq!(
        env.run(&["list"]).ok(),
        "ID       STATE  SECTION  EST  TITLE\ndom-api  done   s             The DOM\n"
    );
    // A later file drops the renamed_from line: the progress stays.
    version(&topic("dom-api", ""));
    assert_eq!(kinds(&env, "dom-api"), ["start", "check", "note"]);
    // An old id that a topic takes again keeps its own events: the start and the check
    // are `dom`'s again, and `dom-api` keeps the note made under `dom-events`.
    version(&format!("{}{}", topic("dom-api", ""), topic("dom", "")));
    assert_eq!(env.json(&["show", "dom"])["state"], "done");
    let api = env.json(&["show", "dom-api"]);
    assert_eq!(
        (&api["state"], &api["events"][0]["kind"]),
        (&"todo".into(), &"note".into())
    );
    assert_eq!(env.json(&["status"])["done"], 1);
}

#[test]
fn export_and_import_work_while_the_roadmap_file_is_broken() {
    let mut env = Env::small();
    env.run(&["check", "rest"]).ok();
    let backup = env.path("backup.jsonl");
    env.run(&["export", "--output", backup.to_str().unwrap()])
        .ok();
    let broken = env.path("broken.toml");
    std::fs::write(
        &broken,
        "[roadmap]\nid = \"small\"\ntitle = \"Small\"\njunk\n",
    )
    .unwrap();
    env.roadmap = Some(broken);
    env.run(&["status"]).usage();
    let export = env.export();
    assert_eq!(export.lines().count(), 1);
    assert_eq!(
        env.run(&["import", backup.to_str().unwrap()]).ok(),
        "imported 0 new events (1 read, 1 already here)\n"
    );
    assert_eq!(env.export(), export);
}

#[test]
fn an_unknown_section_of_a_roadmap_without_sections_gets_a_hint_that_says_so() {
    let mut env = Env::new();
    std::fs::write(env.path("r.toml"), "[roadmap]\nid = \"r\"\ntitle = \"R\"\n").unwrap();
    env.roadmap = Some(env.path("r.toml"));
    assert_eq!(
        env.run(&["status", "nope"]).usage(),
        "error: unknown section `nope` in roadmap `r`\nhint: this roadmap has no sections\n"
    );
}

#[test]
fn a_huge_argument_gives_a_short_error() {
    let env = Env::small();
    let huge = "\u{1b}x".repeat(50_000);
    for args in [
        vec!["show", huge.as_str()],
        vec!["log", "rest", huge.as_str()],
        vec!["check", "rest", "--on", huge.as_str()],
    ] {
        let stderr = env.run(&args).usage();
        assert!(stderr.len() < 1024, "{} bytes", stderr.len());
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(!stderr.contains('\u{1b}'));
    }
}
