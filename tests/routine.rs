//! End-to-end tests of the study routine: spaced review, pacing to a date, and today's plan.

mod common;

use common::Env;

#[test]
fn reviews_follow_the_fsrs_schedule() {
    let mut env = Env::small();
    env.now = "2026-11-01T18:00:00Z".into();
    assert_eq!(
        env.run(&["check", "sql-basics"]).ok(),
        "check sql-basics (SQL basics) on 2026-11-01: todo -> done; next review 2026-11-04\n"
    );
    env.now = "2026-11-03T18:00:00Z".into();
    assert_eq!(
        env.run(&["review"]).ok(),
        "Nothing is due for review today.\n"
    );
    env.now = "2026-11-04T18:00:00Z".into();
    assert_eq!(
        env.run(&["review"]).ok(),
        "ID          DUE         OVERDUE  TITLE\n\
         sql-basics  2026-11-04  today    SQL basics\n\
         \nRecord each with: roadmap review TOPIC again|hard|good|easy\n"
    );
    assert_eq!(env.json(&["status"])["reviews_due"], 1);
    assert_eq!(
        env.run(&["review", "sql-basics", "good"]).ok(),
        "reviewed sql-basics as good (SQL basics) on 2026-11-04: still done; next review 2026-11-15\n"
    );
    env.now = "2026-11-15T18:00:00Z".into();
    let r = env.json(&["review", "sql-basics", "again"]);
    assert_eq!(r["next_review"], "2026-11-17");
    assert_eq!(r["event"]["rating"], "again");
    // Backfilled: a review recorded a day late still counts from its own day.
    env.now = "2026-11-20T18:00:00Z".into();
    let due = env.json(&["review"]);
    assert_eq!(due[0]["id"], "sql-basics");
    assert_eq!(due[0]["due"], "2026-11-17");
    assert_eq!(due[0]["overdue_days"], 3);
    let r = env.json(&["review", "sql-basics", "good", "--on", "2026-11-17"]);
    assert_eq!(r["next_review"], "2026-11-23");
    // Reviews are events: they export and import like the rest.
    let file = env.path("r.jsonl");
    env.run(&["export", "-o", file.to_str().unwrap()]).ok();
    let other = Env::small();
    other.run(&["import", file.to_str().unwrap()]).ok();
    let mut other = other;
    other.now = env.now.clone();
    assert_eq!(other.json(&["show", "sql-basics"])["due"], "2026-11-23");
}

#[test]
fn reviewing_an_open_topic_or_without_a_rating_is_refused() {
    let env = Env::small();
    env.run(&["start", "rest"]).ok();
    let before = env.export();
    assert_eq!(
        env.run(&["review", "rest", "good"]).usage(),
        "error: `rest` is doing, not done: only done topics are reviewed\nhint: check it first: roadmap check rest\n"
    );
    let stderr = env.run(&["review", "rest"]).usage();
    assert!(stderr.contains("required"), "{stderr}");
    let stderr = env.run(&["review", "rest", "meh"]).usage();
    assert!(stderr.contains("invalid value 'meh'"), "{stderr}");
    assert_eq!(env.export(), before);
    // Done today, so it cannot have been reviewed last week; today, at once, it can.
    env.run(&["check", "rest"]).ok();
    let before = env.export();
    assert_eq!(
        env.run(&["review", "rest", "good", "--on", "2026-11-16"])
            .usage(),
        "error: `rest` was not done yet on 2026-11-16: a review comes after the check\n\
         hint: date the review on or after the day you checked the topic\n"
    );
    assert_eq!(env.export(), before);
    env.run(&["review", "rest", "easy"]).ok();
}

#[test]
fn plan_needs_a_future_target_and_remembers_it() {
    let env = Env::small();
    assert_eq!(
        env.run(&["plan"]).usage(),
        "error: no target date yet\nhint: set one: roadmap plan --by 2027-06-30\n"
    );
    assert_eq!(
        env.run(&["plan", "--by", "2026-11-01"]).usage(),
        "error: --by 2026-11-01 is not in the future (today is 2026-11-23)\nhint: give the day you want to finish by, like 2027-06-30\n"
    );
    env.run(&["plan", "--by", "soon"]).usage();
    env.run(&["plan", "--by", "2027-01-01", "--hours-per-week", "-3"])
        .usage();
    assert_eq!(
        env.run(&["plan", "--hours-per-week", "0"]).usage(),
        "error: bad --hours-per-week `0`: give a number of hours above 0 and at most 168\n"
    );

    // Weekly hours alone, before any date: saved, used by status and today, and projected
    // at (no pace yet).
    assert_eq!(
        env.run(&["plan", "--hours-per-week", "7.5"]).ok(),
        "Weekly target: 7h30m a week, saved.\n\
         At your planned 7h30m a week: about 12h30m left, projected finish 2026-12-05.\n\
         No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n"
    );
    assert_eq!(
        env.json(&["plan", "--hours-per-week", "7.5"]),
        serde_json::json!({
            "by": null, "remaining_minutes": 750, "roadmap_minutes": 750,
            "estimate_ratio": null, "hours_per_week_needed": null,
            "pace_hours_per_week": null, "projected_finish": "2026-12-05", "verdict": null,
            "planned_hours_per_week": 7.5, "hours_per_week": 7.5, "hours_from": "given"
        })
    );
    assert!(env.run(&["status"]).ok().contains("This week: 0m of 7h30m"));
    // 7h30m over five study days.
    assert!(
        env.run(&["today"])
            .ok()
            .starts_with("Today: 1h30m planned of 1h30m\n")
    );
    assert_eq!(
        env.run(&["plan"]).ok(),
        "At your planned 7h30m a week: about 12h30m left, projected finish 2026-12-05.\n\
         No target date yet: `roadmap plan --by 2027-06-30` says whether you will finish by then.\n"
    );

    // No history: the planned hours decide. 3h + 2h + 1h30m + 4h + 2h (no estimate) = 12h30m.
    let p = env.json(&["plan", "--by", "2026-12-21", "--hours-per-week", "5"]);
    assert_eq!(p["by"], "2026-12-21");
    assert_eq!(p["remaining_minutes"], 750);
    assert_eq!(p["unestimated_topics"], 1);
    assert_eq!(p["weeks_left"], 4.0);
    assert_eq!(p["hours_per_week_needed"], 3.1);
    assert_eq!(p["pace_hours_per_week"], serde_json::Value::Null);
    // 12.5h and four reviews (1h) at 5h a week, today included: 18.9 days, the 19th.
    assert_eq!(p["projected_finish"], "2026-12-11");
    assert_eq!(p["verdict"], "ahead");
    assert_eq!(
        env.run(&["plan"]).ok(),
        "Target 2026-12-21 (4 weeks left)\n\
         Left:      5 topics, about 12h30m (1 without an estimate, counted at 2h each)\n\
         Needed:    3h06m a week to finish on time\n\
         Pace:      no history yet; projected at your planned 5h a week\n\
         Reviews:   1h of the weekly hours kept for reviews until then\n\
         Verdict:   at your planned 5h a week: ahead: projected 2026-12-11, 10 days early\n"
    );
    // The target shows in status and in the weekly summary.
    let status = env.run(&["status"]).ok();
    assert!(
        status.ends_with("Target 2026-12-21: ahead: projected 2026-12-11, 10 days early\n"),
        "{status}"
    );
    assert_eq!(env.json(&["status"])["plan"]["verdict"], "ahead");

    // A measured pace replaces the plan: 1h in the first week is far too slow.
    env.run(&["log", "sql-basics", "1h", "--on", "3d ago"]).ok();
    let p = env.json(&["plan"]);
    assert_eq!(p["pace_hours_per_week"], 1.0); // the history is one week old
    assert_eq!(p["pace_weeks"], 1);
    assert_eq!(p["verdict"], "behind");
    assert_eq!(p["remaining_minutes"], 690);
    let md = env.run(&["summary"]).ok();
    assert!(
        md.contains("**Target 2026-12-21**: behind: projected "),
        "{md}"
    );

    // A new target replaces the old one, and the store keeps both, in order.
    env.run(&["plan", "--by", "2027-03-01"]).ok();
    assert_eq!(env.json(&["plan"])["by"], "2027-03-01");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let log: Vec<(String, String)> = conn
        .prepare("SELECT key, value FROM settings_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        log,
        pairs(&[
            ("hours_per_week", "7.5"),
            ("hours_per_week", "7.5"),
            ("hours_per_week", "5"),
            ("target_date", "2026-12-21"),
            ("target_date", "2027-03-01"),
        ])
    );
}

#[test]
fn today_on_an_empty_a_midway_and_a_finished_roadmap() {
    let mut env = Env::small();
    assert_eq!(
        env.run(&["today"]).ok(),
        "Today: 2h planned of 2h\n\n  next        2h  sql-basics  SQL basics\n"
    );
    assert_eq!(
        env.run(&["today", "--minutes", "300"]).ok(),
        "Today: 4h30m planned of 5h\n\n  next        3h  sql-basics  SQL basics\n  next     1h30m  git-basics  Git basics\n"
    );
    env.now = "2026-11-20T09:00:00Z".into();
    env.run(&["check", "git-basics"]).ok();
    env.run(&["log", "sql-basics", "2h30m"]).ok();
    env.now = "2026-11-23T09:00:00Z".into();
    let items = env.json(&["today"]);
    let got: Vec<(String, String, u64)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["why"].as_str().unwrap().to_string(),
                i["minutes"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("git-basics".to_string(), "review".to_string(), 15),
            ("sql-basics".to_string(), "doing".to_string(), 30),
        ]
    );
    for topic in ["sql-basics", "sql-joins", "rest", "first-api"] {
        env.run(&["check", topic]).ok();
    }
    env.run(&["review", "git-basics", "good"]).ok();
    assert_eq!(
        env.run(&["today"]).ok(),
        "Nothing left to plan: every topic is done or skipped, and no review is due.\n"
    );
}
