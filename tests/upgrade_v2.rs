//! The upgrade from version 1 of the built-in roadmap to version 2: a store used with the
//! version-1 file (tests/fixtures/upgrade/backend-v1.toml, a copy of it) keeps every event,
//! every topic's state and every review date once the built-in version 2 takes over, and
//! choosing a track afterwards changes none of them.

mod common;

use std::collections::BTreeMap;

use common::{Env, fixture};

/// Every topic id of the version-1 roadmap, in file order.
fn v1_ids() -> Vec<String> {
    let text = std::fs::read_to_string(fixture("upgrade/backend-v1.toml")).unwrap();
    let file: toml::Table = text.parse().unwrap();
    file["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["topics"].as_array().unwrap())
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// The writes made on the `i`th topic: a mix of every kind, on days 1 to 20 of November
/// 2026 (the clock says the 23rd), so that reviews fall due on different days.
fn writes(i: usize, id: &str) -> Vec<Vec<String>> {
    let day = |d: usize| format!("2026-11-{:02}", d);
    let on = day(1 + i % 20);
    let next = day(2 + i % 20);
    let w = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    match i % 7 {
        0 => vec![w(&["check", id, "--on", &on])],
        1 => vec![
            w(&["start", id, "--on", &on]),
            w(&["log", id, "45m", "--on", &on, "--note", "first pass"]),
        ],
        2 => vec![
            w(&["start", id, "--on", &on]),
            w(&["check", id, "--on", &on]),
            w(&["review", id, "hard", "--on", &next]),
        ],
        3 => vec![w(&["skip", id, "--on", &on, "--note", "not for me"])],
        4 => vec![w(&["note", id, "read the first chapter", "--on", &on])],
        5 => vec![
            w(&["check", id, "--on", &on]),
            w(&["uncheck", id, "--on", &on]),
        ],
        _ => vec![
            w(&["log", id, "1h30m", "--on", &on]),
            w(&["check", id, "--on", &next]),
            w(&["review", id, "easy", "--on", &next]),
        ],
    }
}

/// Every topic that has a review scheduled, with its due date: `review --json` run on a day
/// after every due date, so that all of them are due.
fn schedule(env: &mut Env) -> BTreeMap<String, String> {
    let now = std::mem::replace(&mut env.now, "2028-06-01T09:00:00Z".to_string());
    let due = env
        .json(&["review"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["due"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    env.now = now;
    due
}

#[test]
fn a_store_used_with_version_1_keeps_everything_under_version_2() {
    let ids = v1_ids();
    assert_eq!(ids.len(), 126);
    let mut env = Env::new();
    env.roadmap = Some(fixture("upgrade/backend-v1.toml"));
    for (i, id) in ids.iter().enumerate() {
        for args in writes(i, id) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            env.run(&args).ok();
        }
    }
    let events = env.export();
    assert_eq!(
        events.lines().count(),
        ids.iter()
            .enumerate()
            .map(|(i, id)| writes(i, id).len())
            .sum::<usize>()
    );
    let states = env.states();
    let due = schedule(&mut env);
    // Each kind of history left its mark: all four states, and reviews on most done topics.
    for state in ["todo", "doing", "done", "skipped"] {
        assert!(states.values().any(|s| s == state), "no {state} topic");
    }
    assert!(due.len() > 30, "{due:?}");
    let v1_version = env.json(&["status"])["roadmap"].clone();

    // The built-in roadmap, version 2, takes over.
    env.roadmap = None;
    let listed = env.json(&["roadmaps"]);
    let backend = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "backend")
        .unwrap();
    assert_eq!(backend["version"], 2, "{listed}");
    assert_eq!(env.json(&["status"])["roadmap"]["id"], v1_version["id"]);
    assert_eq!(env.export(), events);
    let after = env.states();
    for id in &ids {
        assert_eq!(
            after.get(id),
            states.get(id),
            "`{id}` changed state in the upgrade"
        );
    }
    assert_eq!(schedule(&mut env), due);
    // Nothing is retired: every version-1 topic is still a topic of the roadmap.
    let shown = env.json(&["show", &ids[0]]);
    assert_eq!(shown["id"], ids[0].as_str());
    for id in &ids {
        env.run(&["show", id]).ok();
    }

    // A track chosen afterwards (the event as `roadmap track java` writes it, imported)
    // changes no state and no review date of the version-1 topics.
    let choice = env.path("choice.jsonl");
    std::fs::write(
        &choice,
        "{\"id\":\"choose-java\",\"topic\":\"java\",\"kind\":\"track\",\"at\":\"2026-11-22T12:00:00Z\",\"minutes\":null,\"note\":null,\"rating\":null}\n",
    )
    .unwrap();
    env.run(&["import", choice.to_str().unwrap()]).ok();
    let exported = env.export();
    assert_eq!(exported.lines().count(), events.lines().count() + 1);
    for line in events.lines() {
        assert!(exported.contains(line), "lost: {line}");
    }
    let chosen = env.states();
    for id in &ids {
        assert_eq!(chosen.get(id), states.get(id), "`{id}` changed state");
    }
    assert_eq!(schedule(&mut env), due);
}
