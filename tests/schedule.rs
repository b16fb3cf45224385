//! End-to-end tests of planning by the calendar: `plan --schedule`, `plan --ics`,
//! `estimates` and the calibrated plan, with fixed clocks and time zones (a week across a
//! daylight-saving change among them).

mod common;

use common::{Env, NEW_YORK};

/// Berlin: CET, and CEST from the last Sunday of March to the last Sunday of October.
const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

/// The small roadmap with git-basics done last Friday and sql-basics started, 1h logged.
fn midway() -> Env {
    let env = Env::small();
    env.run(&["check", "git-basics", "--on", "2026-11-20"]).ok();
    env.run(&["start", "sql-basics"]).ok();
    env.run(&["log", "sql-basics", "1h"]).ok();
    env
}

#[test]
fn the_schedule_as_text_and_markdown() {
    let env = midway();
    assert_eq!(
        env.run(&["plan", "--schedule", "--hours-per-week", "6"])
            .ok(),
        "Schedule: 4 topics, about 10h, and 45m of reviews\n\
         At your planned 6h a week: projected finish 2026-12-05.\n\
         \n\
         Week 1: Mon 2026-11-23 to Sun 2026-11-29, 6h\n     \
             30m  reviews (2 topics)\n      \
              2h  sql-basics  SQL basics (finishes)\n      \
              2h  sql-joins  SQL joins\n   \
           1h30m  rest  REST design (starts)\n  \
         milestone: Basics finished\n\
         \n\
         Week 2: Mon 2026-11-30 to Sat 2026-12-05, 4h45m\n     \
             15m  reviews (1 topic)\n   \
           2h30m  rest  REST design (finishes)\n      \
              2h  first-api  First API deployed\n  \
         milestone: APIs finished\n"
    );
    assert_eq!(
        env.run(&[
            "plan",
            "--schedule",
            "--format",
            "markdown",
            "--weeks",
            "1",
            "--hours-per-week",
            "6"
        ])
        .ok(),
        "# Schedule: Small roadmap\n\
         \n\
         4 topics, about 10h, and 45m of reviews. At your planned 6h a week: projected finish 2026-12-05.\n\
         \n\
         ## Week 1: Mon 2026-11-23 to Sun 2026-11-29 (6h)\n\
         \n\
         - Reviews: 30m (`git-basics`, `sql-basics`)\n\
         - SQL basics (`sql-basics`): 2h, finishes\n\
         - SQL joins (`sql-joins`): 2h\n\
         - REST design (`rest`): 1h30m, starts\n\
         - **Milestone**: Basics finished\n\
         \n\
         1 week more until 2026-12-05.\n"
    );
}

#[test]
fn the_schedule_ends_on_plans_projected_finish() {
    let env = midway();
    env.run(&["plan", "--by", "2027-03-01"]).ok();
    for hours in [None, Some("3"), Some("0.5"), Some("40")] {
        let mut args = vec!["plan"];
        if let Some(h) = hours {
            args.extend(["--hours-per-week", h]);
        }
        let plan = env.json(&args);
        args.push("--schedule");
        let schedule = env.json(&args);
        assert_eq!(
            plan["projected_finish"], schedule["projected_finish"],
            "{hours:?}"
        );
        assert_eq!(plan["remaining_minutes"], schedule["remaining_minutes"]);
        assert_eq!(plan["review_minutes"], schedule["review_minutes"]);
        let weeks = schedule["weeks"].as_array().unwrap();
        assert_eq!(weeks.last().unwrap()["to"], schedule["projected_finish"]);
        let limit = (schedule["hours_per_week"].as_f64().unwrap() * 60.0).round() as u64;
        for w in weeks {
            assert!(w["minutes"].as_u64().unwrap() <= limit, "{w}");
        }
    }
    // status shows the same day.
    let finish = env.json(&["plan"])["projected_finish"].clone();
    assert_eq!(env.json(&["status"])["plan"]["projected_finish"], finish);
}

#[test]
fn bad_input_is_refused_and_leaves_the_store_as_it_was() {
    let env = midway();
    let before = env.export();
    let missing = env.path("no/such/dir/study.ics");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["plan", "--schedule", "--weeks", "0"],
            "error: --weeks 0 shows nothing\nhint: give 1 or more weeks, or leave --weeks out for all of them\n",
        ),
        (
            vec![
                "plan",
                "--ics",
                "x.ics",
                "--days",
                "mon,funday",
                "--hours-per-week",
                "3",
            ],
            "error: unknown day `funday` in --days\nhint: name days like mon,wed,sat (mon tue wed thu fri sat sun)\n",
        ),
        (
            vec!["plan", "--ics", "x.ics", "--days", " , "],
            "error: --days ` , ` names no day\nhint: name days like mon,wed,sat (mon tue wed thu fri sat sun)\n",
        ),
        (
            vec!["plan", "--ics", "x.ics", "--at", "7pm"],
            "error: bad time `7pm` for --at\nhint: give the time as HH:MM, 24-hour, like 19:00 or 07:30\n",
        ),
        (
            vec!["plan", "--ics", "x.ics", "--at", "24:00"],
            "error: bad time `24:00` for --at\nhint: give the time as HH:MM, 24-hour, like 19:00 or 07:30\n",
        ),
        (
            vec![
                "plan",
                "--ics",
                missing.to_str().unwrap(),
                "--by",
                "2027-01-01",
            ],
            "",
        ),
        (
            vec!["plan", "--days", "mon"],
            "error: --days and --at choose the calendar file's study blocks\nhint: write one: roadmap plan --ics study.ics --days mon,wed,sat --at 19:00\n",
        ),
    ];
    for (args, want) in cases {
        let err = env.run(&args).usage();
        if want.is_empty() {
            assert!(
                err.starts_with("error: cannot write `")
                    && err.contains("does not exist\nhint: create the directory first"),
                "{err}"
            );
        } else {
            assert_eq!(err, want, "{args:?}");
        }
    }
    env.run(&["plan", "--schedule", "--ics", "x.ics"]).usage();
    env.run(&["plan", "--schedule", "--weeks", "-1"]).usage();
    assert_eq!(env.export(), before);
    // Nothing was saved either: no target date, no weekly hours.
    assert!(!env.path("x.ics").exists());
    assert_eq!(env.json(&["plan", "--schedule"])["hours_from"], "pace");
    env.run(&["plan"]).usage();
    // No store is made by bad input.
    let fresh = Env::small();
    fresh.run(&["plan", "--schedule", "--weeks", "0"]).usage();
    assert!(!fresh.db().exists());
}

/// The events of an .ics file: (UID, DTSTART, SUMMARY), unfolded.
fn events(ics: &str) -> Vec<(String, String, String)> {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = Vec::new();
    let mut cur = (String::new(), String::new(), String::new());
    for line in unfolded.split("\r\n") {
        if let Some(v) = line.strip_prefix("UID:") {
            cur.0 = v.to_string();
        } else if let Some(v) = line.strip_prefix("DTSTART:") {
            cur.1 = v.to_string();
        } else if let Some(v) = line.strip_prefix("SUMMARY:") {
            cur.2 = v.to_string();
        } else if line == "END:VEVENT" {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

#[test]
fn the_calendar_file_is_rfc_5545_with_stable_uids() {
    let env = midway();
    let file = env.path("study.ics");
    let path = file.to_str().unwrap();
    let out = env
        .run(&[
            "plan",
            "--ics",
            path,
            "--days",
            "Mon,wed,SATURDAY",
            "--at",
            "7:30",
            "--hours-per-week",
            "3",
        ])
        .ok();
    assert_eq!(
        out,
        format!(
            "Wrote 18 study blocks to {path}: 2026-11-25 to 2026-12-19, mon,wed,sat at 07:30, 1h a day.\n\
             Import it into your calendar app; importing it again after a new plan updates the same events.\n"
        )
    );
    // 09:00 UTC is past 07:30: the first block is Wednesday's.
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    assert!(ics.contains("\r\nDTSTAMP:20261123T090000Z\r\n"));
    let first = events(&ics);
    assert_eq!(first.len(), 18);
    assert_eq!(
        first[0],
        (
            "small-reviews-0@roadmap.invalid".to_string(),
            "20261125T073000".to_string(),
            "Review: Git basics".to_string()
        )
    );
    assert_eq!(
        first[1],
        (
            "small-sql-basics-0@roadmap.invalid".to_string(),
            "20261125T074500".to_string(),
            "SQL basics".to_string()
        )
    );
    // The summary and the first resource, escaped.
    assert!(ics.replace("\r\n ", "").contains(
        "DESCRIPTION:SELECT\\, WHERE\\, ORDER BY.\\n\\nPostgreSQL tutorial: https://www.postgresql.org/docs/current/tutorial.html\\n\\n"
    ));
    // Again, a day later and after an hour's study: the same topics' blocks keep their UIDs.
    let mut later = midway();
    later.now = "2026-11-24T09:00:00Z".into();
    later.run(&["log", "sql-basics", "1h"]).ok();
    later
        .run(&[
            "plan",
            "--ics",
            path,
            "--days",
            "mon,wed,sat",
            "--at",
            "07:30",
            "--hours-per-week",
            "3",
        ])
        .ok();
    let second = events(&std::fs::read_to_string(&file).unwrap());
    let uids =
        |e: &[(String, String, String)]| -> Vec<String> { e.iter().map(|x| x.0.clone()).collect() };
    assert!(
        uids(&second)
            .iter()
            .all(|u| u.ends_with("@roadmap.invalid"))
    );
    assert_eq!(uids(&second)[..2], uids(&first)[..2]);
    // The same command twice writes the same file.
    let again = || {
        later
            .run(&[
                "plan",
                "--ics",
                path,
                "--days",
                "mon,wed,sat",
                "--at",
                "07:30",
            ])
            .ok();
        std::fs::read_to_string(&file).unwrap()
    };
    assert_eq!(again(), again());
}

#[test]
fn untrusted_text_cannot_add_calendar_properties() {
    let mut env = Env::new();
    let file = env.path("evil.toml");
    std::fs::write(
        &file,
        "[roadmap]\nid = \"evil\"\ntitle = \"Evil\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
         [[sections.topics]]\nid = \"a\"\ntitle = \"A\\r\\nDTSTART:19700101T000000\\u001b[31m, é; x\"\n\
         summary = \"line one\\nEND:VEVENT\\nBEGIN:VEVENT\\\\\"\nestimate = \"1h\"\n\
         resources = [ { title = \"bad\", url = \"javascript:alert(1)\" }, { title = \"good\", url = \"https://example.com/a,b\" } ]\n",
    )
    .unwrap();
    env.roadmap = Some(file);
    let ics_path = env.path("e.ics");
    env.run(&["plan", "--ics", ics_path.to_str().unwrap()]).ok();
    let ics = std::fs::read_to_string(&ics_path).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    assert_eq!(
        lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(),
        1,
        "{ics}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("DTSTART:")).count(),
        1,
        "{ics}"
    );
    assert!(
        unfolded.contains("\r\nSUMMARY:A  DTSTART:19700101T000000\u{241b}[31m\\, é\\; x\r\n"),
        "{ics}"
    );
    assert!(unfolded.contains(
        "\r\nDESCRIPTION:line one\\nEND:VEVENT\\nBEGIN:VEVENT\\\\\\n\\ngood: https://example.com/a\\,b\\n\\n"
    ), "{ics}");
    assert!(!ics.contains("javascript"));
    assert!(!ics.contains('\u{1b}'));
}

#[test]
fn a_week_across_a_daylight_saving_change() {
    // New York falls back on Sunday 1 November 2026. Friday 30 October, 12:00 local.
    let mut env = Env::small();
    env.tz = NEW_YORK.into();
    env.now = "2026-10-30T16:00:00Z".into();
    let file = env.path("ny.ics");
    env.run(&[
        "plan",
        "--ics",
        file.to_str().unwrap(),
        "--hours-per-week",
        "5",
    ])
    .ok();
    let got = events(&std::fs::read_to_string(&file).unwrap());
    let starts: Vec<&str> = got.iter().map(|e| e.1.as_str()).collect();
    // Friday's block, then Monday's after the change: 19:00 local both sides (floating).
    assert_eq!(
        &starts[..3],
        ["20261030T190000", "20261102T190000", "20261103T190000"]
    );
    let weeks = env.json(&["plan", "--schedule", "--hours-per-week", "5"]);
    let w = &weeks["weeks"];
    assert_eq!(
        (w[0]["from"].as_str(), w[0]["to"].as_str()),
        (Some("2026-10-30"), Some("2026-11-01"))
    );
    assert_eq!(w[1]["monday"], "2026-11-02");
    // Three of seven days in the first week: 3/7 of 5h.
    assert_eq!(w[0]["minutes"], 128);
    assert_eq!(w[1]["minutes"], 300);

    // Berlin springs back on Sunday 25 October: 00:30 CEST that day is still Saturday in UTC.
    let mut env = Env::small();
    env.tz = BERLIN.into();
    env.now = "2026-10-24T22:30:00Z".into();
    let s = env.json(&["plan", "--schedule", "--hours-per-week", "7"]);
    assert_eq!(s["today"], "2026-10-25");
    assert_eq!(s["weeks"][0]["from"], "2026-10-25");
    assert_eq!(s["weeks"][0]["to"], "2026-10-25");
    assert_eq!(s["weeks"][0]["minutes"], 60);
    assert_eq!(s["weeks"][1]["from"], "2026-10-26");
    let file = env.path("berlin.ics");
    env.run(&[
        "plan",
        "--ics",
        file.to_str().unwrap(),
        "--days",
        "sun,mon",
        "--at",
        "02:30",
    ])
    .ok();
    let got = events(&std::fs::read_to_string(&file).unwrap());
    // Sunday's block starts at 02:30, after the change at 03:00 CEST; Monday's too.
    assert_eq!(got[0].1, "20261025T023000");
    let monday = got.iter().find(|e| e.1.starts_with("20261026")).unwrap();
    assert_eq!(monday.1, "20261026T023000");
}

#[test]
fn the_calendar_file_reads_back_with_pythons_icalendar() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import icalendar"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "skipped: reading .ics back: python3 with the icalendar package is not installed"
        );
        return;
    }
    let env = midway();
    let file = env.path("study.ics");
    let path = file.to_str().unwrap();
    let read = || {
        env.run(&["plan", "--ics", path, "--days", "tue,thu", "--at", "18:15"])
            .ok();
        let script = "import sys, icalendar\n\
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
            for e in cal.walk('VEVENT'):\n\
            \x20   print(e['UID'], e.decoded('DTSTART').strftime('%Y-%m-%dT%H:%M'), e.decoded('DTSTART').tzinfo, (e.decoded('DTEND') - e.decoded('DTSTART')).seconds // 60, e['SUMMARY'], sep='|')\n";
        let out = std::process::Command::new("python3")
            .args(["-c", script, path])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = read();
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(
        lines.len(),
        events(&std::fs::read_to_string(&file).unwrap()).len()
    );
    assert_eq!(
        lines[0],
        "small-reviews-0@roadmap.invalid|2026-11-24T18:15|None|15|Review: Git basics"
    );
    assert_eq!(
        lines[1],
        "small-sql-basics-0@roadmap.invalid|2026-11-24T18:30|None|30|SQL basics"
    );
    assert_eq!(read(), first);
}

#[test]
fn estimates_and_the_calibrated_plan() {
    let env = Env::new();
    assert_eq!(
        env.run(&["estimates"]).ok(),
        "No finished topic has time logged against an estimate yet.\n\
         Log study time as you go (roadmap log TOPIC 1h30m) and check the topic when done.\n"
    );
    // Four topics at twice their estimates: shown, not applied yet.
    let topics = [
        ("how-internet-works", "4h"),
        ("git-basics", "10h"),
        ("choose-language", "4h"),
        ("relational-basics", "6h"),
        ("sql-basics", "16h"),
    ];
    for (topic, time) in &topics[..4] {
        env.run(&["log", topic, time, "--on", "2026-11-20"]).ok();
        env.run(&["check", topic, "--on", "2026-11-20"]).ok();
    }
    let c = env.json(&["estimates"]);
    assert_eq!(c["applied"], false);
    assert_eq!(c["overall"]["topics"], 4);
    assert_eq!(
        env.json(&["plan", "--hours-per-week", "10"])["estimate_ratio"],
        serde_json::Value::Null
    );
    let (topic, time) = topics[4];
    env.run(&["log", topic, time, "--on", "2026-11-20"]).ok();
    env.run(&["check", topic, "--on", "2026-11-20"]).ok();
    let c = env.json(&["estimates"]);
    assert_eq!(c["applied"], true);
    assert_eq!(c["overall"]["ratio"], 2.0);
    assert_eq!(c["topics"][0]["id"], "choose-language");
    assert_eq!(c["topics"][0]["logged_minutes"], 240);
    let text = env.run(&["estimates"]).ok();
    assert!(
        text.starts_with("TOPIC               ESTIMATE  LOGGED  RATIO  TITLE\n"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "\nOverall: you take 2× the estimates (5 topics: 20h estimated, 40h logged).\n\
         plan and plan --schedule apply it to the topics left.\n"
        ),
        "{text}"
    );
    let p = env.json(&["plan"]);
    assert_eq!(p["estimate_ratio"], 2.0);
    assert_eq!(
        p["remaining_minutes"].as_u64().unwrap(),
        2 * p["roadmap_minutes"].as_u64().unwrap()
    );
    let text = env.run(&["plan"]).ok();
    assert!(text.contains("\nYou take 2× the estimates: "), "{text}");
    assert!(text.contains(" by the roadmap, "), "{text}");
    let s = env.json(&["plan", "--schedule"]);
    assert_eq!(s["estimate_ratio"], 2.0);
    assert_eq!(s["remaining_minutes"], p["remaining_minutes"]);
}

#[test]
fn a_weekly_target_without_a_date_or_a_pace_projects_at_the_target() {
    let env = Env::small();
    assert_eq!(
        env.run(&["plan", "--hours-per-week", "10"]).ok(),
        "Weekly target: 10h a week, saved.\n\
         At your planned 10h a week: about 12h30m left, projected finish 2026-12-02.\n\
         No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n"
    );
    assert_eq!(
        env.run(&["plan"]).ok(),
        "At your planned 10h a week: about 12h30m left, projected finish 2026-12-02.\n\
         No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n"
    );
    let p = env.json(&["plan"]);
    assert_eq!(p["projected_finish"], "2026-12-02");
    assert_eq!(p["hours_from"], "planned");
    assert_eq!(p["by"], serde_json::Value::Null);
    let text = env.run(&["plan", "--by", "2027-01-31"]).ok();
    assert!(
        text.ends_with(
            "Pace:      no history yet; projected at your planned 10h a week\n\
             Reviews:   45m of the weekly hours kept for reviews until then\n\
             Verdict:   at your planned 10h a week: ahead: projected 2026-12-02, 60 days early\n"
        ),
        "{text}"
    );
}
