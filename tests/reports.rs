//! End-to-end tests of the reports: summary, history, activity and streaks, with fixed clocks.

mod common;

use common::{Env, LOS_ANGELES, NEW_YORK, UTC};

/// Writes as if at `at` (RFC 3339), then puts the clock back.
fn at(env: &mut Env, when: &str, args: &[&str]) {
    let saved = std::mem::replace(&mut env.now, when.to_string());
    env.run(args).ok();
    env.now = saved;
}

/// A week of study on the small roadmap: 16-22 November 2026 (ISO week 47).
fn sample_week() -> Env {
    let mut env = Env::small();
    env.now = "2026-11-23T09:00:00Z".into();
    // Before the week: counts in "progress at the start".
    at(&mut env, "2026-11-10T10:00:00Z", &["check", "git-basics"]);
    at(&mut env, "2026-11-16T08:00:00Z", &["start", "sql-basics"]);
    at(
        &mut env,
        "2026-11-16T09:00:00Z",
        &["log", "sql-basics", "1h30m"],
    );
    at(
        &mut env,
        "2026-11-17T19:00:00Z",
        &["log", "sql-basics", "45m"],
    );
    at(&mut env, "2026-11-18T20:00:00Z", &["check", "sql-basics"]);
    at(
        &mut env,
        "2026-11-18T20:05:00Z",
        &["note", "sql-basics", "GROUP BY | HAVING finally clicked"],
    );
    at(
        &mut env,
        "2026-11-20T18:00:00Z",
        &["log", "sql-joins", "2h", "--note", "self joins *finally*"],
    );
    at(&mut env, "2026-11-22T23:59:00Z", &["log", "rest", "30m"]);
    // After the week: left out.
    at(&mut env, "2026-11-23T00:00:00Z", &["log", "rest", "1h"]);
    env
}

#[test]
fn weekly_summary_markdown_is_exact() {
    let env = sample_week();
    let expected = "\
# Week 2026-W47 · 16–22 Nov 2026

**Small roadmap**: 2 of 5 topics done (40.0%), up 1 this week (+20.0 points); 2 in progress.

| Completed | Started | Studied | Days studied | Streak |
|---:|---:|---:|---:|---:|
| 1 | 3 | 4h45m of 10h | 4 of 7 | 1 day (longest 3) |

## Completed

| Topic | Section | Day |
|---|---|---|
| SQL basics (`sql-basics`) | Basics | Wed 18 Nov |

## Started

| Topic | Section | Day |
|---|---|---|
| SQL basics (`sql-basics`) | Basics | Mon 16 Nov |
| SQL joins (`sql-joins`) | Basics | Fri 20 Nov |
| REST design (`rest`) | APIs | Sun 22 Nov |

## Study time

| Day | Time |
|---|---:|
| Mon 16 Nov | 1h30m |
| Tue 17 Nov | 45m |
| Wed 18 Nov | – |
| Thu 19 Nov | – |
| Fri 20 Nov | 2h |
| Sat 21 Nov | – |
| Sun 22 Nov | 30m |
| **Total** | **4h45m** |

| Section | Time |
|---|---:|
| Basics | 4h15m |
| APIs | 30m |

## Notes

- **Wed 18 Nov**, SQL basics: GROUP BY \\| HAVING finally clicked
- **Fri 20 Nov**, SQL joins (log): self joins \\*finally\\*

---

_Made with `roadmap summary` on 2026-11-23._
";
    assert_eq!(env.run(&["summary", "--week", "2026-W47"]).ok(), expected);
    // Any date inside the week names the same week; the output does not depend on a tty.
    assert_eq!(env.run(&["summary", "--week", "2026-11-19"]).ok(), expected);
    assert_eq!(
        env.run(&["summary", "--week", "last sunday"])
            .usage()
            .lines()
            .count(),
        2
    );
    assert_eq!(env.run(&["summary", "--week", "sunday"]).ok(), expected);
}

#[test]
fn summary_json_carries_the_same_facts() {
    let env = sample_week();
    let j = env.json(&["summary", "--week", "2026-W47"]);
    assert_eq!(j["period"]["from"], "2026-11-16");
    assert_eq!(j["period"]["to"], "2026-11-22");
    assert_eq!(j["period"]["week"], "2026-W47");
    assert_eq!(j["progress"]["start"]["done"], 1);
    assert_eq!(j["progress"]["end"]["done"], 2);
    assert_eq!(j["progress"]["done_delta"], 1);
    assert_eq!(j["completed"][0]["id"], "sql-basics");
    assert_eq!(j["completed"][0]["date"], "2026-11-18");
    assert_eq!(j["study"]["total_minutes"], 285);
    assert_eq!(j["study"]["by_day"].as_array().unwrap().len(), 7);
    assert_eq!(j["study"]["by_section"][0]["id"], "basics");
    assert_eq!(j["notes"][0]["text"], "GROUP BY | HAVING finally clicked");
    assert_eq!(j["streak"]["current_days"], 1);
    assert_eq!(j["streak"]["longest_days"], 3);
    // Everything open is in progress or waits on it: nothing is next.
    assert_eq!(j["next"], serde_json::json!([]));
    let same = env.json(&["summary", "--week", "2026-W47", "--format", "json"]);
    assert_eq!(j, same);
}

#[test]
fn sunday_night_and_monday_midnight_fall_in_different_weeks() {
    // In New York: 23:59 on Sunday is week 47, 00:00 on Monday is week 48.
    let mut env = Env::small();
    env.tz = NEW_YORK.into();
    env.now = "2026-11-23T12:00:00-05:00".into();
    at(
        &mut env,
        "2026-11-22T23:59:00-05:00",
        &["log", "rest", "30m"],
    );
    at(
        &mut env,
        "2026-11-23T00:00:00-05:00",
        &["log", "rest", "1h"],
    );
    let w47 = env.json(&["summary", "--week", "2026-W47"]);
    let w48 = env.json(&["summary", "--week", "2026-W48"]);
    assert_eq!(w47["study"]["total_minutes"], 30);
    assert_eq!(w48["study"]["total_minutes"], 60);
    assert_eq!(env.json(&["status"])["minutes_this_week"], 60);
    // The same instants, read in UTC, are both Monday: one week holds both.
    env.tz = UTC.into();
    env.now = "2026-11-23T17:00:00Z".into();
    let w48 = env.json(&["summary", "--week", "2026-W48"]);
    assert_eq!(w48["study"]["total_minutes"], 90);
}

#[test]
fn iso_week_53_and_the_year_boundary() {
    let mut env = Env::small();
    env.now = "2021-01-10T12:00:00Z".into();
    at(&mut env, "2020-12-27T12:00:00Z", &["log", "rest", "10m"]); // Sunday, W52
    at(&mut env, "2020-12-28T12:00:00Z", &["log", "rest", "20m"]); // Monday, W53
    at(&mut env, "2021-01-03T12:00:00Z", &["log", "rest", "40m"]); // Sunday, W53
    at(&mut env, "2021-01-04T12:00:00Z", &["log", "rest", "80m"]); // Monday, 2021-W01
    let w53 = env.json(&["summary", "--week", "2020-W53"]);
    assert_eq!(w53["period"]["from"], "2020-12-28");
    assert_eq!(w53["period"]["to"], "2021-01-03");
    assert_eq!(w53["study"]["total_minutes"], 60);
    let by_date = env.json(&["summary", "--week", "2021-01-01"]);
    assert_eq!(by_date["period"]["week"], "2020-W53");
    let first = env.json(&["summary", "--week", "2021-W01"]);
    assert_eq!(first["study"]["total_minutes"], 80);
    let md = env.run(&["summary", "--week", "2020-W53"]).ok();
    assert!(
        md.starts_with("# Week 2020-W53 · 28 Dec 2020 – 3 Jan 2021\n"),
        "{md}"
    );
    assert_eq!(
        env.run(&["summary", "--week", "2021-W53"]).usage(),
        "error: bad week `2021-W53`: 2021 has no week 53\nhint: weeks look like 2026-W47, or any date inside the week\n"
    );
}

#[test]
fn a_quiet_week_is_short_and_friendly() {
    let env = Env::small();
    assert_eq!(
        env.run(&["summary"]).ok(),
        "\
# Week 2026-W48 · 23–29 Nov 2026

**Small roadmap**: 0 of 5 topics done (0.0%).

A quiet stretch: nothing was recorded this week. One short session on one topic is enough to get going again.

## Next up

1. SQL basics (`sql-basics`), about 3h
2. Git basics (`git-basics`), about 1h30m

---

_Made with `roadmap summary` on 2026-11-23._
"
    );
}

#[test]
fn summary_over_a_custom_period() {
    let env = sample_week();
    let j = env.json(&["summary", "--since", "2026-11-17", "--until", "2026-11-18"]);
    assert_eq!(j["period"]["week"], serde_json::Value::Null);
    assert_eq!(j["study"]["total_minutes"], 45);
    assert_eq!(j["study"]["target_minutes"], 171); // 10h x 2/7
    // --since alone runs to today.
    let j = env.json(&["summary", "--since", "2026-11-22"]);
    assert_eq!(j["period"]["to"], "2026-11-23");
    assert_eq!(j["study"]["total_minutes"], 90);
    assert_eq!(
        env.run(&["summary", "--since", "2026-11-20", "--until", "2026-11-19"])
            .usage(),
        "error: --since 2026-11-20 is after --until 2026-11-19\n"
    );
}

#[test]
fn streaks_count_local_days_and_today_does_not_break_them() {
    let mut env = Env::small();
    env.now = "2026-11-23T09:00:00Z".into();
    for day in [
        "2026-11-15",
        "2026-11-16",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
    ] {
        at(
            &mut env,
            &format!("{day}T20:00:00Z"),
            &["note", "rest", "x"],
        );
    }
    let s = env.json(&["status"]);
    assert_eq!(
        (s["streak_days"].as_u64(), s["longest_streak_days"].as_u64()),
        (Some(4), Some(4))
    );
    // A day with only an uncheck or a skip does not count.
    env.now = "2026-11-24T09:00:00Z".into();
    env.run(&["skip", "git-basics", "--on", "yesterday"]).ok();
    assert_eq!(env.json(&["status"])["streak_days"], 0);
    env.run(&["log", "rest", "5m", "--on", "yesterday"]).ok();
    assert_eq!(env.json(&["status"])["streak_days"], 5);
    env.run(&["log", "rest", "5m"]).ok();
    assert_eq!(env.json(&["status"])["streak_days"], 6);
}

#[test]
fn history_filters_and_orders() {
    let env = sample_week();
    assert_eq!(
        env.run(&["history", "--since", "2026-11-18", "--until", "2026-11-20"])
            .ok(),
        "\
WHEN              TOPIC       EVENT
2026-11-20 18:00  sql-joins   log 2h: self joins *finally*
2026-11-18 20:05  sql-basics  note: GROUP BY | HAVING finally clicked
2026-11-18 20:00  sql-basics  check
"
    );
    let topic = env.json(&["history", "--topic", "sql-basics"]);
    assert_eq!(topic.as_array().unwrap().len(), 5);
    assert!(
        topic
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["topic"] == "sql-basics")
    );
    assert_eq!(
        env.run(&["history", "--since", "2020-01-01", "--until", "2020-01-02"])
            .ok(),
        "No events in that period.\n"
    );
}

#[test]
fn activity_calendar() {
    let env = sample_week();
    assert_eq!(
        env.run(&["activity", "--weeks", "3"]).ok(),
        "\
Activity 2026-11-09 to 2026-11-23: 5h45m logged; active on 7 days
     Nov
Mon  . * *
Tue  : +
Wed  . :
Thu  . .
Fri  . #
Sat  . .
Sun  . +
    . none  : under 30m  + under 1h  * under 2h  # 2h or more
"
    );
    let j = env.json(&["activity", "--weeks", "3"]);
    assert_eq!(j["weeks"].as_array().unwrap().len(), 3);
    assert_eq!(j["weeks"][2][0]["minutes"], 60);
}

#[test]
fn a_history_too_long_to_hold_is_written_as_it_is_read_in_the_same_form() {
    // More events than `history` holds at once (20,000), with three to a second and ids
    // that do not follow the order they were added in.
    let env = Env::small();
    let topics = ["sql-basics", "git-basics", "a-retired-topic-with-a-long-id"];
    let kinds = [("start", "null"), ("log", "30"), ("check", "null")];
    let mut lines = String::new();
    for i in 0..20_100u64 {
        let at = chrono::DateTime::from_timestamp(1_700_000_000 + (i / 3) as i64, 0).unwrap();
        let (kind, minutes) = kinds[(i % 3) as usize];
        lines += &format!(
            "{{\"id\":\"{:08x}-{i}\",\"topic\":\"{}\",\"kind\":\"{kind}\",\"at\":\"{}\",\
             \"minutes\":{minutes},\"note\":null,\"rating\":null}}\n",
            (i * 2_654_435_761) % (1 << 32),
            topics[(i % 7 % 3) as usize],
            at.format("%Y-%m-%dT%H:%M:%SZ"),
        );
    }
    let file = env.path("many.jsonl");
    std::fs::write(&file, lines).unwrap();
    env.run(&["import", file.to_str().unwrap()]).ok();

    // Newest first; within a second, by id, last first.
    let mut events: Vec<serde_json::Value> = env
        .export()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |e: &serde_json::Value| {
        (
            e["at"].as_str().unwrap().to_string(),
            e["id"].as_str().unwrap().to_string(),
        )
    };
    events.sort_by_key(|e| std::cmp::Reverse(key(e)));
    assert_eq!(
        env.json(&["history"]),
        serde_json::Value::Array(events.clone())
    );

    let mut expected = format!("WHEN              {:<30}  EVENT\n", "TOPIC");
    for e in &events {
        let at = e["at"].as_str().unwrap();
        let event = match e["kind"].as_str().unwrap() {
            "log" => "log 30m",
            kind => kind,
        };
        expected += &format!(
            "{} {}  {:<30}  {event}\n",
            &at[..10],
            &at[11..16],
            e["topic"].as_str().unwrap()
        );
    }
    assert_eq!(env.run(&["history"]).ok(), expected);
}

#[test]
fn after_a_time_zone_change_every_report_puts_an_event_on_the_same_day() {
    let mut env = Env::small();
    env.now = "2026-11-23T08:00:00Z".into();
    // 23:30 on Sunday 22 November in Los Angeles is 07:30 on Monday 23 November in UTC.
    env.tz = LOS_ANGELES.into();
    at(
        &mut env,
        "2026-11-23T07:30:00Z",
        &["log", "git-basics", "1h"],
    );
    let study_days = |env: &Env| {
        let activity = env.json(&["activity", "--weeks", "2"]);
        let active: Vec<String> = activity["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|w| w.as_array().unwrap())
            .filter(|d| d["minutes"] != 0)
            .map(|d| d["date"].as_str().unwrap().to_string())
            .collect();
        let summary = env.json(&["summary", "--since", "2026-11-16"]);
        let summed: Vec<String> = summary["study"]["by_day"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["minutes"] != 0)
            .map(|d| d["date"].as_str().unwrap().to_string())
            .collect();
        let this_week = env.json(&["status"])["minutes_this_week"].clone();
        (active, summed, this_week)
    };
    let sunday = vec!["2026-11-22".to_string()];
    let monday = vec!["2026-11-23".to_string()];
    // In Los Angeles it is still Sunday there (and now is Monday 00:00, a new week).
    assert_eq!(study_days(&env), (sunday.clone(), sunday.clone(), 0.into()));
    env.tz = UTC.into();
    assert_eq!(study_days(&env), (monday.clone(), monday, 60.into()));
    env.tz = LOS_ANGELES.into();
    assert_eq!(study_days(&env), (sunday.clone(), sunday, 0.into()));
}

#[test]
fn topics_of_the_same_day_are_listed_in_roadmap_order() {
    let mut env = Env::small();
    // git-basics comes after sql-basics in the roadmap, before it by name.
    at(&mut env, "2026-11-23T09:00:00Z", &["check", "git-basics"]);
    at(&mut env, "2026-11-23T10:00:00Z", &["check", "sql-basics"]);
    let j = env.json(&["summary"]);
    let ids: Vec<&str> = j["completed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sql-basics", "git-basics"]);
}

/// Titles, section names and notes that mean something to Markdown, in a summary read by a
/// real CommonMark parser with GitHub's tables: every one of them comes out as the text it
/// is, no list nests in another, no HTML gets through, and every table row has its header's
/// cells.
#[test]
fn a_summary_of_markdown_like_text_renders_as_that_text() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let titles = [
        "- dash title",
        "+ plus title",
        "1. numbered title",
        "2) paren title",
        "# hash title",
        "> quote title",
        "*star* and _under_ title",
        "pipe | in | title",
        "<b>bold</b> & <script>x</script>",
        "`code` [link](http://e.com) ![img](x.png)",
        "=== setext",
        "back\\slash ~~strike~~",
    ];
    let mut toml = String::from(
        "[roadmap]\nid = \"md\"\ntitle = \"*Markdown* | roadmap\"\n\n\
         [[sections]]\nid = \"s\"\ntitle = \"- section | one\"\n",
    );
    for (i, t) in titles.iter().enumerate() {
        let title = t.replace('\\', "\\\\").replace('"', "\\\"");
        toml.push_str(&format!(
            "\n[[sections.topics]]\nid = \"t{i}\"\ntitle = \"{title}\"\n"
        ));
    }
    let mut env = Env::new();
    std::fs::write(env.path("md.toml"), toml).unwrap();
    env.roadmap = Some(env.path("md.toml"));
    env.now = "2026-11-23T09:00:00Z".into();
    for (i, day) in ["16", "17", "18", "19"].iter().enumerate() {
        // The first titles stay to do, and so are listed under "Next up", one per item;
        // t4 is started below, and the notes carry the rest.
        let id = format!("t{}", 8 + i);
        at(
            &mut env,
            &format!("2026-11-{day}T10:00:00Z"),
            &["log", &id, "1h"],
        );
        at(
            &mut env,
            &format!("2026-11-{day}T11:00:00Z"),
            &["check", &id],
        );
        at(
            &mut env,
            &format!("2026-11-{day}T12:00:00Z"),
            &["note", &id, "--", titles[5 + i]],
        );
    }
    at(&mut env, "2026-11-20T10:00:00Z", &["start", "t4"]);
    let md = env.run(&["summary", "--week", "2026-W47"]).ok();

    let mut text = String::new();
    let (mut depth, mut deepest) = (0, 0);
    let (mut head_cells, mut row_cells, mut in_head) = (0, 0, false);
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => text.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML got through: {h}\n{md}"),
            Event::Start(Tag::List(_)) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::TableHead) => (head_cells, in_head) = (0, true),
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row_cells = 0,
            Event::Start(Tag::TableCell) if in_head => head_cells += 1,
            Event::Start(Tag::TableCell) => row_cells += 1,
            Event::End(TagEnd::TableRow) => {
                assert_eq!(row_cells, head_cells, "a row of another width:\n{md}")
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => panic!("a link:\n{md}"),
            _ => {}
        }
    }
    assert_eq!(deepest, 1, "a list inside a list:\n{md}");
    for t in titles
        .iter()
        .chain(&["*Markdown* | roadmap", "- section | one"])
    {
        assert!(
            text.contains(t),
            "`{t}` is not in the rendered text:\n{text}\n{md}"
        );
    }
}
