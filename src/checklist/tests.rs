//! Unit tests of the checklist reader, compiled only for tests (`#[cfg(test)] mod tests` in
//! `mod.rs`): fixtures in `tests/fixtures/checklists/`, and a property test of the round trip.

use super::*;
use crate::roadmap::{Source, is_valid_id, load};

const INTERVIEW: &str = include_str!("../../tests/fixtures/checklists/interview.md");
const COURSES: &str = include_str!("../../tests/fixtures/checklists/courses.md");
const SECURITY: &str = include_str!("../../tests/fixtures/checklists/security.md");
const V1: &str = include_str!("../../tests/fixtures/checklists/upstream-v1.md");
const V2: &str = include_str!("../../tests/fixtures/checklists/upstream-v2.md");
const V3: &str = include_str!("../../tests/fixtures/checklists/upstream-v3.md");

fn items(c: &Checklist) -> Vec<&Item> {
    c.sections.iter().flat_map(|s| &s.items).collect()
}

fn item<'a>(c: &'a Checklist, id: &str) -> &'a Item {
    items(c)
        .into_iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item `{id}`"))
}

fn ids(c: &Checklist) -> Vec<&str> {
    items(c).iter().map(|i| i.id.as_str()).collect()
}

fn ticked(c: &Checklist) -> Vec<&str> {
    items(c)
        .iter()
        .filter(|i| i.ticked)
        .map(|i| i.id.as_str())
        .collect()
}

/// The roadmap as a TOML file, loaded and validated as any roadmap file is.
fn validated(r: &Roadmap) -> Roadmap {
    let text = crate::roadmap::to_toml(r);
    let loaded = load(&Source {
        name: "generated.toml".into(),
        text: text.clone(),
    })
    .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert!(r.topics().all(|t| is_valid_id(&t.id)));
    loaded
}

#[test]
fn nested_checklist() {
    let c = parse(INTERVIEW).unwrap();
    assert_eq!(c.title, "Interview Prep Plan");
    let sections: Vec<(&str, &str, &str)> = c
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str(), s.summary.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            (
                "getting-started",
                "Getting started",
                "Interview Prep Plan › Table of Contents"
            ),
            ("arrays", "Arrays", "Data Structures"),
            ("linked-lists", "Linked Lists", ""),
            ("books", "Books", ""),
        ]
    );
    // Not the table of contents, the comment, the code blocks or the badge.
    assert_eq!(
        ids(&c),
        [
            "pick-a-language-choose-one-of-python-or-c",
            "set-up-a-notes-repo",
            "arrays",
            "watch-arrays-explained-video",
            "implement-a-vector-with-push-pop-and-resize",
            "practice",
            "read-about-amortized-analysis-of-dynamic-arrays",
            "linked-lists",
            "watch-singly-linked-lists-video",
            "practice-2",
            "clean-code-cover",
            "the-algorithm-design-manual",
        ]
    );
    let pick = item(&c, "pick-a-language-choose-one-of-python-or-c");
    assert_eq!(pick.title, "Pick a language: choose one of Python or C++");
    assert_eq!(pick.line, 19);
    assert_eq!(pick.resources[0].url, "https://www.python.org/");
    // Ticked by its box, or by a ✅ in its text.
    assert_eq!(
        ticked(&c),
        [
            "pick-a-language-choose-one-of-python-or-c",
            "set-up-a-notes-repo",
            "watch-arrays-explained-video"
        ]
    );
    // Nesting: three levels, each requiring its parent.
    assert_eq!(
        item(&c, "watch-arrays-explained-video").requires,
        ["arrays"]
    );
    let vector = item(&c, "implement-a-vector-with-push-pop-and-resize");
    assert_eq!(vector.requires, ["watch-arrays-explained-video"]);
    // A plain bullet's link under an item is the item's resource.
    assert_eq!(vector.resources[0].title, "Growth factor notes");
    assert_eq!(item(&c, "practice-2").requires, ["linked-lists"]);
    // A long text is cut; the whole is the summary.
    let long = item(&c, "read-about-amortized-analysis-of-dynamic-arrays");
    assert!(long.title.ends_with("own words…"), "{}", long.title);
    assert!(long.title.chars().count() <= TITLE_MAX);
    assert!(long.summary.ends_with("stays constant"));
    // An image alone gives its alt text.
    assert_eq!(item(&c, "clean-code-cover").title, "Clean code cover");
    assert!(item(&c, "clean-code-cover").resources.is_empty());
    assert_eq!(
        c.warnings,
        [(51, "an item with no text: skipped".to_string())]
    );
    // Box offsets are the byte between the brackets.
    for i in items(&c) {
        let Mark::Box { at, .. } = &i.mark else {
            panic!("a box")
        };
        assert_eq!(
            &INTERVIEW[at.start - 1..at.end + 1],
            if i.id == "pick-a-language-choose-one-of-python-or-c"
                || i.id == "watch-arrays-explained-video"
            {
                "[x]"
            } else {
                "[ ]"
            }
        );
    }
}

#[test]
fn course_tables() {
    let c = parse(COURSES).unwrap();
    assert_eq!(
        ids(&c),
        [
            "programming-basics",
            "program-design",
            "discrete-math",
            "linear-algebra"
        ]
    );
    let basics = item(&c, "programming-basics");
    assert_eq!(basics.estimate.as_deref(), Some("112h"));
    assert_eq!(basics.estimate_minutes, Some(112 * 60));
    assert!(basics.ticked);
    assert_eq!(basics.line, 7);
    let urls: Vec<&str> = basics.resources.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        ["https://example.com/basics", "https://example.com/chat/1"]
    );
    let design = item(&c, "program-design");
    assert_eq!(design.estimate.as_deref(), Some("64h"));
    assert_eq!(design.requires, ["programming-basics"]);
    assert!(!design.ticked);
    assert_eq!(item(&c, "discrete-math").estimate.as_deref(), Some("120h"));
    let la = item(&c, "linear-algebra");
    assert_eq!(la.requires, ["discrete-math", "program-design"]);
    assert_eq!(la.estimate, None);
    assert_eq!(ticked(&c), ["programming-basics", "discrete-math"]);
    assert_eq!(
        c.warnings,
        [
            (
                14,
                "prerequisite `high school algebra` of `Discrete Math` names no item".to_string()
            ),
            (15, "could not read the duration `3 months`".to_string()),
            (
                16,
                "a table row with an empty first cell: skipped".to_string()
            ),
        ]
    );

    // Ticking a row adds ` ✅` after its first cell's text; unticking takes it away.
    let ticks = |want: &'static [&'static str]| move |id: &str| want.contains(&id);
    let out = with_ticks(
        COURSES,
        &c,
        ticks(&["programming-basics", "program-design"]),
    );
    assert!(out.contains("| [Program Design](https://example.com/design) ✅ | 8 weeks"));
    assert!(out.contains("| Discrete Math | 12 weeks"));
    assert_eq!(out.len(), COURSES.len() + " ✅".len() - " ✅".len());
    let again = parse(&out).unwrap();
    assert_eq!(ticked(&again), ["programming-basics", "program-design"]);
    let back = with_ticks(
        &out,
        &again,
        ticks(&["programming-basics", "discrete-math"]),
    );
    assert_eq!(back, COURSES);
}

#[test]
fn markers_and_crlf() {
    let c = parse(SECURITY).unwrap();
    assert_eq!(c.title, "Server Hardening Checklist");
    assert_eq!(
        ticked(&c),
        [
            "disable-root-login-over-ssh",
            "remove-unused-accounts",
            "turn-on-the-firewall"
        ]
    );
    assert_eq!(
        item(&c, "log-dropped-packets").requires,
        ["turn-on-the-firewall"]
    );
    assert_eq!(c.sections[2].id, "cafe-et-reseau");
    assert_eq!(c.sections[2].title, "Café et réseau");
    let cjk = &c.sections[2].items[1];
    assert_eq!(cjk.title, "检查日志");
    assert!(cjk.id.starts_with("item-") && is_valid_id(&cjk.id));
    assert_eq!(c.sections[2].items[0].id, "verifier-les-mises-a-jour");
    assert_eq!(
        item(&c, "turn-on-the-firewall").title,
        "Turn on the firewall"
    );
    assert!(c.warnings.is_empty());

    // Untick everything: boxes cleared, the ✔ gone with its space, CRLF kept.
    let none = with_ticks(SECURITY, &c, |_| false);
    assert!(none.contains("2. [ ] Turn on the firewall\r\n"));
    assert!(none.contains("* [ ] Remove unused accounts\r\n"));
    assert_eq!(
        none.matches("\r\n").count(),
        SECURITY.matches("\r\n").count()
    );
    assert!(ticked(&parse(&none).unwrap()).is_empty());
    // Tick everything, then give back the original ticks: `X` became `x`, and the ✔ is
    // gone, so only those bytes differ.
    let all = with_ticks(&none, &parse(&none).unwrap(), |_| true);
    assert!(all.contains("* [x] Remove unused accounts"));
    let back = with_ticks(&all, &parse(&all).unwrap(), |id| ticked(&c).contains(&id));
    assert_eq!(
        back,
        SECURITY
            .replace("[X]", "[x]")
            .replace(" firewall ✔", " firewall")
    );
    // The file's own ticks change nothing.
    assert_eq!(
        with_ticks(SECURITY, &c, |id| ticked(&c).contains(&id)),
        SECURITY
    );
}

#[test]
fn not_a_checklist() {
    for text in [
        "",
        "# Title\n\nJust prose.\n\n- a plain list\n- [link](https://example.com)\n",
        "```\n- [ ] in code\n```\n\n<!-- - [ ] in a comment -->\n\n<div>\n\n- [ ] in html?\n</div>\n",
        "## Contents\n\n- [ ] [One](#one)\n- [ ] [Two](#two)\n",
        "| Topic |\n|---|\n| [One](#one) |\n",
    ] {
        let got = parse(text);
        // The HTML block case: Markdown inside a <div> after a blank line is Markdown.
        if text.contains("<div>") {
            assert_eq!(ids(&got.unwrap()), ["in-html"]);
        } else {
            assert_eq!(got, Err(NO_ITEMS.to_string()), "{text}");
        }
    }
}

#[test]
fn titles_links_badges() {
    let text = "# T\n\n- [ ] [![badge](https://img.shields.io/x.svg)](https://ci.example) Learn *Rust* `ownership`\n- [ ] [Only a link](https://a.example/x)\n- [ ] <kbd>Ctrl</kbd> shortcuts [local](./notes.md) <https://b.example>\n- [ ] [Arrays](#arrays) and practice\n";
    let c = parse(text).unwrap();
    let all = items(&c);
    assert_eq!(all[0].title, "Learn Rust ownership");
    assert!(all[0].resources.is_empty(), "a badge is not a resource");
    assert_eq!(all[1].title, "Only a link");
    assert_eq!(all[1].resources[0].title, "Only a link");
    assert_eq!(all[2].title, "Ctrl shortcuts local https://b.example");
    assert_eq!(
        all[2].resources,
        [Resource {
            title: "https://b.example".into(),
            url: "https://b.example".into()
        }]
    );
    // Anchors with other words are an item.
    assert_eq!(all[3].title, "Arrays and practice");
}

#[test]
fn folding_and_untitled() {
    let text = "- [ ] before any heading\n\n# Book\n\n## Part one\n\n### Chapter\n\n- [ ] read\n\n## Empty at the end\n";
    let c = parse(text).unwrap();
    assert_eq!(c.title, "Book");
    assert_eq!(c.sections[0].title, UNTITLED_SECTION);
    assert_eq!(c.sections[0].id, "checklist");
    assert_eq!(c.sections[1].title, "Chapter");
    assert_eq!(c.sections[1].summary, "Book › Part one");
}

#[test]
fn prerequisite_cycles_are_broken() {
    let text = "| Course | Prerequisites |\n|---|---|\n| A | B |\n| B | A |\n| C | C, A and B |\n";
    let c = parse(text).unwrap();
    assert_eq!(item(&c, "a").requires, ["b"]);
    assert!(item(&c, "b").requires.is_empty());
    assert_eq!(item(&c, "c").requires, ["a", "b"]);
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    validated(&to_roadmap(&c, "cycles", "Cycles"));
}

#[test]
fn roadmaps_are_valid() {
    for text in [INTERVIEW, COURSES, SECURITY, V1, V2, V3] {
        let c = parse(text).unwrap();
        let r = to_roadmap(&c, "mine", "Mine");
        assert_eq!(r.hash, roadmap::content_hash(text));
        assert!(r.details);
        let loaded = validated(&r);
        assert_eq!(loaded.topics().count(), items(&c).len());
        let estimates: Vec<_> = loaded.topics().map(|t| t.estimate_minutes).collect();
        let ours: Vec<_> = r.topics().map(|t| t.estimate_minutes).collect();
        assert_eq!(estimates, ours);
    }
}

#[test]
fn markdown_of_a_roadmap() {
    let r = load(&Source::embedded()).unwrap();
    let done = |id: &str| id.len().is_multiple_of(2);
    let md = markdown_of(&r, done);
    assert!(md.starts_with(&format!("# {}\n\n## ", r.title)));
    let c = parse(&md).unwrap();
    assert_eq!(c.title, r.title);
    let sections: Vec<&str> = r
        .sections
        .iter()
        .filter(|s| !s.topics.is_empty())
        .map(|s| s.title.as_str())
        .collect();
    let back: Vec<&str> = c.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(back, sections);
    let titles: Vec<(&str, bool)> = r
        .topics()
        .map(|t| (t.title.as_str(), done(&t.id)))
        .collect();
    let parsed: Vec<(&str, bool)> = items(&c)
        .iter()
        .map(|i| (i.title.as_str(), i.ticked))
        .collect();
    assert_eq!(parsed, titles);
    // Titles that look like Markdown stay text.
    let mut tricky = r.clone();
    tricky.sections[0].topics[0].title = "# [x] *not* a `link` | 1. list <b>".into();
    let c = parse(&markdown_of(&tricky, |_| false)).unwrap();
    assert_eq!(
        c.sections[0].items[0].title,
        "# [x] *not* a `link` | 1. list <b>"
    );
}

#[test]
fn upstream_updates_keep_progress() {
    let prev = |c: &Checklist| -> Vec<(String, String)> {
        items(c)
            .iter()
            .map(|i| (i.id.clone(), i.title.clone()))
            .collect()
    };
    let v1 = parse(V1).unwrap();
    // Progress at v1, by id.
    let mut done: Vec<String> = vec![
        "learn-git-basics".into(),
        "write-a-small-cli-tool-in-your-language".into(),
        "understand-database-indexes".into(),
        "practice-2".into(),
    ];
    let mut v2 = parse(V2).unwrap();
    let diff = follow(&prev(&v1), &mut v2);
    assert_eq!(diff.added, ["read-about-http"]);
    assert_eq!(
        diff.reworded,
        [
            (
                "learn-git-basics".to_string(),
                "learn-git-basics-and-branching".to_string()
            ),
            (
                "understand-database-indexes".to_string(),
                "understand-how-database-indexes-work".to_string()
            ),
        ]
    );
    assert!(diff.removed.is_empty());
    // Moved to another section, same id.
    assert_eq!(
        v2.sections[1].items[3].id,
        "write-a-small-cli-tool-in-your-language"
    );
    assert_eq!(
        item(&v2, "learn-git-basics-and-branching").renamed_from,
        ["learn-git-basics"]
    );
    assert_eq!(item(&v2, "practice-2").title, "Practice");
    // Progress follows ids and renames.
    let follows = |c: &Checklist, done: &[String]| -> Vec<String> {
        items(c)
            .iter()
            .filter(|i| done.contains(&i.id) || i.renamed_from.iter().any(|r| done.contains(r)))
            .map(|i| i.id.clone())
            .collect()
    };
    done = follows(&v2, &done);
    assert_eq!(
        done,
        [
            "learn-git-basics-and-branching",
            "understand-how-database-indexes-work",
            "practice-2",
            "write-a-small-cli-tool-in-your-language",
        ]
    );
    validated(&to_roadmap(&v2, "b", "B"));

    let mut v3 = parse(V3).unwrap();
    let diff = follow(&prev(&v2), &mut v3);
    assert_eq!(diff.added, ["learn-cache-invalidation"]);
    assert_eq!(
        diff.reworded,
        [(
            "read-about-http".to_string(),
            "read-about-http-2".to_string()
        )]
    );
    assert_eq!(diff.removed, ["learn-sql-select-statements", "practice-2"]);
    done = follows(&v3, &done);
    assert_eq!(
        done,
        [
            "learn-git-basics-and-branching",
            "understand-how-database-indexes-work",
            "write-a-small-cli-tool-in-your-language",
        ]
    );
    validated(&to_roadmap(&v3, "b", "B"));
    // The same text again: nothing changes.
    let mut again = parse(V3).unwrap();
    assert!(follow(&prev(&v3), &mut again).is_empty());
    assert_eq!(ids(&again), ids(&v3));
}

#[test]
fn rewording_edge_cases() {
    let prev = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(i, t)| (i.to_string(), t.to_string()))
            .collect()
    };
    // Two similar candidates: the closer text wins.
    let mut c = parse("- [ ] Read about hash tables (video)\n").unwrap();
    let d = follow(
        &prev(&[
            ("maps", "Read about hash maps"),
            ("tables", "Read about hash tables"),
        ]),
        &mut c,
    );
    assert_eq!(
        d.reworded,
        [(
            "tables".to_string(),
            "read-about-hash-tables-video".to_string()
        )]
    );
    assert_eq!(d.removed, ["maps"]);
    // Short titles need to be very close: Heap/Heaps yes, Trees/Tries no.
    let mut c = parse("- [ ] Heaps\n- [ ] Tries\n").unwrap();
    let d = follow(&prev(&[("heap", "Heap"), ("trees", "Trees")]), &mut c);
    assert_eq!(d.reworded, [("heap".to_string(), "heaps".to_string())]);
    assert_eq!(d.added, ["tries"]);
    assert_eq!(d.removed, ["trees"]);
    // Equal scores go by position; duplicates pair in order.
    let mut c =
        parse("## A\n- [ ] Do the exercises now\n## B\n- [ ] Do the exercises now\n").unwrap();
    let d = follow(
        &prev(&[("ex", "Do the exercises"), ("ex-2", "Do the exercises")]),
        &mut c,
    );
    assert_eq!(
        d.reworded,
        [
            ("ex".to_string(), "do-the-exercises-now".to_string()),
            ("ex-2".to_string(), "do-the-exercises-now-2".to_string())
        ]
    );
    // A new item never takes a removed item's id; a reword with the same slug keeps it.
    let mut c = parse("- [ ] Practice!\n- [ ] Setup\n").unwrap();
    let d = follow(
        &prev(&[("practice", "Practice"), ("setup", "Set up tools")]),
        &mut c,
    );
    assert_eq!(ids(&c), ["practice", "setup-2"]);
    assert_eq!(d.removed, ["setup"]);
    // Requires follow the new ids.
    let mut c = parse("- [ ] Learn Git basics and branching\n  - [ ] Practice\n").unwrap();
    follow(&prev(&[("git", "Learn Git basics")]), &mut c);
    assert_eq!(
        item(&c, "practice").requires,
        ["learn-git-basics-and-branching"]
    );
}

mod roundtrip {
    use proptest::prelude::*;

    use super::*;

    /// A word of item text: plain, accented, CJK, or a bit of inline Markdown.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,8}",
            Just("Café".to_string()),
            Just("数据".to_string()),
            Just("`code`".to_string()),
            Just("**bold**".to_string()),
            Just("[link](https://example.com/a)".to_string()),
            Just("[toc](#anchor)".to_string()),
            Just("C++".to_string()),
            Just("a\\|b".to_string()),
        ]
    }

    fn words() -> impl Strategy<Value = String> {
        prop::collection::vec(word(), 1..5).prop_map(|w| w.join(" "))
    }

    /// One block of a document, as lines.
    fn block() -> impl Strategy<Value = Vec<String>> {
        let heading =
            (1usize..4, words()).prop_map(|(n, w)| vec![format!("{} {w}", "#".repeat(n))]);
        let task = prop::collection::vec(
            (
                0usize..3,
                prop::sample::select(vec!["-", "*", "+", "1.", "2)"]),
                any::<bool>(),
                words(),
            ),
            1..6,
        )
        .prop_map(|items| {
            let mut depth = 0;
            items
                .into_iter()
                .map(|(d, marker, ticked, text)| {
                    depth = d.min(depth + 1);
                    let mark = if ticked { 'x' } else { ' ' };
                    format!("{}{marker} [{mark}] {text}", "    ".repeat(depth))
                })
                .collect()
        });
        let table =
            prop::collection::vec((words(), any::<bool>(), 1u32..20), 1..4).prop_map(|rows| {
                let mut lines = vec![
                    "| Courses | Duration | Effort | Prerequisites |".to_string(),
                    "|:--|--|--|--|".to_string(),
                ];
                for (title, ticked, weeks) in rows {
                    let tick = if ticked { " ✅" } else { "" };
                    lines.push(format!(
                        "| {title}{tick} | {weeks} weeks | 2-4 hours/week | - |"
                    ));
                }
                lines
            });
        let code = words().prop_map(|w| vec!["```".into(), format!("- [ ] {w}"), "```".into()]);
        let comment = words().prop_map(|w| vec![format!("<!-- - [x] {w} -->")]);
        let prose = words().prop_map(|w| vec![w]);
        prop_oneof![heading, task, table, code, comment, prose]
    }

    fn document() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(block(), 1..8),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(blocks, crlf, final_newline)| {
                let eol = if crlf { "\r\n" } else { "\n" };
                let mut text = blocks
                    .iter()
                    .map(|lines| lines.join(eol))
                    .collect::<Vec<_>>()
                    .join(&format!("{eol}{eol}"));
                if final_newline {
                    text.push_str(eol);
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// For every document that parses: its own ticks give it back byte for byte, every
        /// tick flipped reads back flipped under the same ids, and flipping back gives the
        /// original bytes.
        #[test]
        fn ticks_round_trip(text in document()) {
            let Ok(c) = parse(&text) else { return Ok(()) };
            let own: HashMap<String, bool> =
                items(&c).iter().map(|i| (i.id.clone(), i.ticked)).collect();
            let is = |id: &str| own.get(id).copied().unwrap_or(false);
            prop_assert_eq!(&with_ticks(&text, &c, is), &text);

            let flipped = with_ticks(&text, &c, |id| !is(id));
            let f = parse(&flipped).map_err(TestCaseError::fail)?;
            prop_assert_eq!(ids(&f), ids(&c));
            for i in items(&f) {
                prop_assert_eq!(i.ticked, !is(&i.id), "{} in\n{}", i.id, flipped);
            }
            let titles = |c: &Checklist| -> Vec<String> {
                items(c).iter().map(|i| i.title.clone()).collect()
            };
            prop_assert_eq!(titles(&f), titles(&c));
            prop_assert_eq!(&with_ticks(&flipped, &f, is), &text);
            validated(&to_roadmap(&c, "p", "P"));
        }

        /// Malformed Markdown: fragments of the constructs that matter (boxes, fences,
        /// comments, tables, headings, links), cut and shuffled at random, with arbitrary
        /// text between. Nothing panics, and whatever parses comes back byte for byte with
        /// its own ticks and gives a valid roadmap.
        #[test]
        fn malformed_markdown_is_read_or_refused_never_mangled(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("- [ ] ".to_string()), Just("- [x]".to_string()), Just("* [X] ".to_string()),
                    Just("-[ ] ".to_string()), Just("- [ x] ".to_string()), Just("1) [ ] ".to_string()),
                    Just("```".to_string()), Just("~~~rust".to_string()), Just("<!--".to_string()),
                    Just("-->".to_string()), Just("<div>".to_string()), Just("| a | b |".to_string()),
                    Just("|---|".to_string()), Just("| ✅ |".to_string()), Just("# ".to_string()),
                    Just("[link](".to_string()), Just("](#x)".to_string()), Just("![img](i.png)".to_string()),
                    Just("\n".to_string()), Just("\r\n".to_string()), Just("    ".to_string()),
                    Just("\t".to_string()), Just("✔".to_string()), Just("`".to_string()),
                    "\\PC{0,12}",
                ],
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let Ok(c) = parse(&text) else { return Ok(()) };
            let own: HashMap<String, bool> =
                items(&c).iter().map(|i| (i.id.clone(), i.ticked)).collect();
            let is = |id: &str| own.get(id).copied().unwrap_or(false);
            prop_assert_eq!(&with_ticks(&text, &c, is), &text);
            validated(&to_roadmap(&c, "p", "P"));
        }
    }
}

#[test]
fn a_prerequisite_with_a_comma_in_its_title_is_one_name() {
    let text = "# C\n\n| Courses | Duration | Effort | Prerequisites |\n|---|---|---|---|\n\
                | Algorithms, Part I | 6 weeks | 6-10 hours/week | |\n\
                | Algorithms, Part II | 6 weeks | 6-10 hours/week | Algorithms, Part I |\n\
                | Capstone | 2 weeks | 10 hours/week | Algorithms, Part II and Algorithms, Part I |\n";
    let cl = parse(text).unwrap();
    assert!(cl.warnings.is_empty(), "{:?}", cl.warnings);
    let items = &cl.sections[0].items;
    assert_eq!(items[1].requires, ["algorithms-part-i"]);
    assert_eq!(
        items[2].requires,
        ["algorithms-part-ii", "algorithms-part-i"]
    );
    assert_eq!(items[0].estimate.as_deref(), Some("48h"));
}

#[test]
fn the_title_skips_a_table_of_contents_and_reads_an_html_banner() {
    let toc = "# Contents\n\n- [Plan](#plan)\n\n# My Plan\n\n- [ ] one\n";
    assert_eq!(parse(toc).unwrap().title, "My Plan");
    let banner = "<div align=\"center\">\n<img src=\"logo.png\"/>\n<h3>Open <b>Study</b> Plan</h3>\n</div>\n\n# Contents\n\n- [ ] one\n";
    assert_eq!(parse(banner).unwrap().title, "Open Study Plan");
    assert_eq!(parse("# Notes\n\n- [ ] one\n").unwrap().title, "Notes");
}
