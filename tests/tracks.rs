//! Tracks, pick-N groups and optional topics through the real binary: what counts in
//! `status`, `next`, `today`, `plan` and `list`, the `track` command and its event, and
//! the validation of the keys.

mod common;

use common::{Env, fixture};

fn env() -> Env {
    let mut env = Env::new();
    env.roadmap = Some(fixture("choices.toml"));
    env
}

#[test]
fn before_a_choice_no_track_counts_and_the_choice_comes_first() {
    let env = env();
    // basics, api and two of the three projects: k8s is optional, the tracks wait.
    let status = env.json(&["status"]);
    assert_eq!(status["total"], 4);
    assert_eq!(
        status["choice"],
        "choose a track: roadmap track java | python"
    );
    assert_eq!(status["track"], serde_json::Value::Null);
    assert_eq!(
        env.run(&["next"]).ok(),
        "First, choose a track: roadmap track java | python\n\n\
         ID      STATE  SECTION  EST  TITLE\n\
         basics  todo   lang     2h   Basics\n\
         p1      todo   proj     20h  Project one\n\
         p2      todo   proj     20h  Project two\n"
    );
    // `api` needs a track's topic, whichever track is chosen: not ready yet.
    let today = env.json(&["today", "--minutes", "60"]);
    assert_eq!(today[0]["why"], "choose");
    assert_eq!(today[0]["id"], "track");
    assert_eq!(
        env.run(&["track"]).ok(),
        "  java    Java: 0 of 1 topics done\n  python  Python: 0 of 1 topics done\n\
         no track chosen yet: `roadmap track ID` chooses one\n"
    );
}

#[test]
fn a_track_choice_is_an_event_that_moves_what_counts() {
    let env = env();
    assert_eq!(
        env.run(&["track", "python"]).ok(),
        "now following python (Python)\n"
    );
    assert_eq!(env.json(&["status"])["total"], 5);
    env.run(&["check", "basics"]).ok();
    let next: Vec<String> = env
        .json(&["next"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    // fastapi is python's; api waits on it (spring, java's, is no obstacle).
    assert_eq!(next, ["fastapi", "p1", "p2"]);
    env.run(&["check", "fastapi"]).ok();
    let status = env.json(&["status"]);
    assert_eq!(
        (status["done"].clone(), status["total"].clone()),
        (2.into(), 5.into())
    );
    assert_eq!(status["percent"], 40.0);

    // Switching keeps python's progress but no longer counts it.
    assert_eq!(
        env.run(&["track", "Java"]).ok(),
        "now following java (Java), was python; the progress on python's topics is kept\n"
    );
    let status = env.json(&["status"]);
    assert_eq!(
        (status["done"].clone(), status["total"].clone()),
        (1.into(), 5.into())
    );
    let list = env.run(&["list"]).ok();
    assert!(list.contains("fastapi  done (python track)"), "{list}");
    assert!(list.contains("k8s      todo (optional)"), "{list}");
    assert!(list.contains("p3       todo (optional)"), "{list}");
    let show = env.run(&["show", "fastapi"]).ok();
    assert_eq!(
        show.lines().nth(1),
        Some("section: Language · study · estimate 8h · done · python track: not in your total")
    );

    // The choices are events: in history and in the export, and they import.
    let export = env.export();
    assert_eq!(export.matches("\"kind\":\"track\"").count(), 2, "{export}");
    let history = env.run(&["history"]).ok();
    assert!(history.contains("java     track"), "{history}");
    let other = Env::new();
    let file = env.path("events.jsonl");
    std::fs::write(&file, &export).unwrap();
    let mut other = other;
    other.roadmap = Some(fixture("choices.toml"));
    other.run(&["import", file.to_str().unwrap()]).ok();
    assert_eq!(other.json(&["status"])["track"], "java");
}

#[test]
fn a_started_topic_counts_and_a_group_needs_only_its_pick() {
    let env = env();
    env.run(&["track", "java"]).ok();
    // Starting the third project takes a place of the group: p1 and p3 count, p2 not.
    env.run(&["start", "p3"]).ok();
    let scopes: Vec<(String, String)> = env
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["scope"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let scope = |id: &str| scopes.iter().find(|(i, _)| i == id).unwrap().1.clone();
    assert_eq!(scope("p1"), "counted");
    assert_eq!(scope("p2"), "optional");
    assert_eq!(scope("p3"), "counted");
    assert_eq!(scope("fastapi"), "off-track");
    // An optional topic counts once started.
    assert_eq!(env.json(&["status"])["total"], 5);
    env.run(&["start", "k8s"]).ok();
    assert_eq!(env.json(&["status"])["total"], 6);
    // Two projects done: the group is complete, and the third stays out of the total.
    env.run(&["uncheck", "p3"]).ok();
    env.run(&["check", "p1"]).ok();
    env.run(&["check", "p2"]).ok();
    let status = env.json(&["status"]);
    let proj = status["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "proj")
        .unwrap()
        .clone();
    // p3 is still started (uncheck of a doing topic leaves it doing), so it counts too.
    assert_eq!(
        (proj["done"].clone(), proj["total"].clone()),
        (2.into(), 4.into())
    );
}

#[test]
fn the_plan_counts_only_what_counts() {
    let env = env();
    env.run(&["track", "java"]).ok();
    let plan = env.json(&["plan", "--by", "2027-06-30"]);
    // basics 2h + spring 10h + api 5h + two projects 40h.
    assert_eq!(plan["remaining_minutes"], 57 * 60);
    assert_eq!(plan["remaining_topics"], 5);
}

#[test]
fn bad_choices_are_refused_with_their_place_and_the_store_is_untouched() {
    let env = env();
    let err = env.run(&["track", "cobol"]).usage();
    assert_eq!(
        err,
        "error: no track `cobol` in roadmap `mini`\nhint: its tracks: java, python\n"
    );
    assert!(!env.db().exists());
    let plain = Env::small();
    let err = plain.run(&["track"]).usage();
    assert!(
        err.starts_with("error: roadmap `small` has no tracks\n"),
        "{err}"
    );

    let bad = env.path("bad.toml");
    std::fs::write(
        &bad,
        "[roadmap]\nid = \"b\"\ntitle = \"B\"\n\
         [[tracks]]\nid = \"java\"\ntitle = \"Java\"\n\
         [[tracks]]\nid = \"java\"\ntitle = \"Java again\"\n\
         [[groups]]\nid = \"g\"\ntitle = \"G\"\npick = 3\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\"\ndays = [5, 2]\n\
         [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\ntrack = \"go\"\ngroup = \"g\"\n\
         [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\ngroup = \"h\"\n",
    )
    .unwrap();
    let err = env.run(&["validate", bad.to_str().unwrap()]).usage();
    let name = bad.display();
    assert_eq!(
        err,
        format!(
            "error: {name}:8:6: duplicate track id `java` (first at line 5)\n\
             error: {name}:13:8: bad pick `3` of group `g`: use a whole number from 1 to 1, the number of topics with `group = \"g\"`\n\
             error: {name}:17:8: bad days of section `s`: use [first, last], whole numbers from 1 to 100000, first not after last, like [1, 10]\n\
             error: {name}:21:9: unknown track `go` of topic `a`: declare it in a [[tracks]] table\n\
             error: {name}:26:9: unknown group `h` of topic `b`: declare it in a [[groups]] table\n"
        )
    );
}

#[test]
fn the_90_day_plan_counts_its_days_from_the_day_it_was_chosen() {
    let mut env = Env::new();
    env.now = "2026-11-20T10:00:00Z".into();
    assert_eq!(
        env.run(&["use", "backend-90-days"]).ok(),
        "now in use: `backend-90-days` (Backend engineer in 90 days)\n"
    );
    env.now = "2026-12-02T10:00:00Z".into();
    env.run(&["track", "python"]).ok();
    let today = env.run(&["today", "--minutes", "60"]).ok();
    let mut lines = today.lines();
    assert_eq!(
        lines.next(),
        Some("Day 13 of 90: Days 11-20: a first REST API (to 2026-12-09)")
    );
    assert!(
        lines.next().unwrap().contains(" behind: "),
        "the first block's topics are behind: {today}"
    );
    // The plan's target is its last day, day 90.
    let plan = env.json(&["plan"]);
    assert_eq!(plan["by"], "2027-02-17");
    assert_eq!(plan["day_plan"]["day"], 13);
    assert_eq!(plan["day_plan"]["block"]["first_day"], 11);
    // A --by of the learner's own wins.
    assert_eq!(
        env.json(&["plan", "--by", "2027-03-31"])["by"],
        "2027-03-31"
    );
    // Back to the default roadmap: no days.
    env.run(&["use", "backend"]).ok();
    assert!(!env.run(&["today"]).ok().starts_with("Day "));
}

#[test]
fn a_track_chosen_on_one_machine_is_chosen_on_the_other_after_a_sync() {
    let (laptop, desktop) = (env(), env());
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap();
    laptop.run(&["track", "java"]).ok();
    laptop.run(&["sync", "--folder", folder]).ok();
    desktop.run(&["sync", "--folder", folder]).ok();
    assert_eq!(desktop.json(&["status"])["track"], "java");
    // The later choice wins on both, whichever machine made it.
    let mut later = desktop;
    later.now = "2026-11-23T10:00:00Z".into();
    later.run(&["track", "python"]).ok();
    later.run(&["sync"]).ok();
    laptop.run(&["sync"]).ok();
    assert_eq!(laptop.json(&["status"])["track"], "python");
    assert_eq!(later.json(&["status"])["track"], "python");
}

#[test]
fn graphs_mark_the_topics_that_do_not_count() {
    let env = env();
    env.run(&["track", "java"]).ok();
    let mermaid = env.run(&["map", "--format", "mermaid"]).ok();
    assert!(
        mermaid.contains("    t_fastapi[\"FastAPI (python track)\"]:::todo\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("    t_k8s[\"Kubernetes (optional)\"]:::todo\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("    t_spring[\"Spring Boot\"]:::todo\n"),
        "{mermaid}"
    );
    let dot = env.run(&["map", "--format", "dot"]).ok();
    assert!(
        dot.contains("\"p3\" [label=\"Project three (optional)\""),
        "{dot}"
    );
    let html = env.run(&["map"]).ok();
    assert!(
        html.contains("<span class=\"scope\">python track</span>"),
        "{html}"
    );
}
