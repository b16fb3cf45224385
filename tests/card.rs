//! `roadmap card` on the real binary: the SVG parsed by a real XML parser (roxmltree) and
//! rendered by a real renderer (`rsvg-convert`, Debian's librsvg2-bin), its numbers held to
//! `status`, and a roadmap of malicious titles that must stay inert text.

mod common;

use std::path::Path;

use common::{Env, fixture, installed};

/// A small store with some progress and activity.
fn studied() -> Env {
    let env = Env::small();
    for args in [
        &["check", "sql-basics", "--on", "2026-11-20"][..],
        &["log", "sql-joins", "1h30m", "--on", "2026-11-21"],
        &["log", "sql-joins", "45m", "--on", "2026-11-22"],
        &["skip", "git-basics"],
    ] {
        env.run(args).ok();
    }
    env
}

/// The SVG parsed, with what every card must be: 500×200, no script, no foreign object,
/// nothing that loads (no href, no `url(` but to its own clip paths, no `@import`).
fn parse_card(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("width"), Some("500"));
    assert_eq!(root.attribute("height"), Some("200"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(name, "script" | "foreignObject" | "image" | "use" | "a"),
            "<{name}> in the card"
        );
        for a in node.attributes() {
            assert!(
                !a.name().starts_with("on") && a.name() != "href",
                "attribute {}={:?}",
                a.name(),
                a.value()
            );
            if a.value().contains("url(") {
                assert!(a.value().starts_with("url(#card-clip"), "{}", a.value());
            }
        }
    }
    let style: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        !style.contains("@import") && !style.contains("url("),
        "{style}"
    );
    assert!(
        !svg.contains("https:") && svg.matches("http:").count() == 1,
        "only the namespace"
    );
    doc
}

/// The texts of the card, in order.
fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_card_is_svg_with_the_numbers_of_status() {
    let env = studied();
    let status = env.json(&["status"]);
    let svg = env.run(&["card", "--theme", "light"]).ok();
    let doc = parse_card(&svg);
    let texts = texts(&doc);
    assert_eq!(texts[0], "Small roadmap");
    assert_eq!(
        texts[1],
        format!("{:.1}%", status["percent"].as_f64().unwrap())
    );
    assert_eq!(texts[1], "25.0%");
    assert_eq!(texts[2], "1 of 5 topics done · 1 doing · 1 skipped");
    // A bar per section, done/(total - skipped) as status counts them.
    let sections = status["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 2);
    assert_eq!(&texts[3..7], ["Basics", "1/2", "APIs", "0/2"]);
    // Streak (3 days: the 20th to the 22nd, today the 23rd still empty), hours this month.
    assert_eq!(&texts[7..11], ["3", "day streak", "2h15m", "this month"]);
    assert!(!svg.contains("@media"));

    let dark = env.run(&["card", "--theme", "dark"]).ok();
    parse_card(&dark);
    assert!(dark.contains(".bg{fill:#0d1117"));
    let auto = env.run(&["card"]).ok();
    parse_card(&auto);
    assert!(auto.contains("@media (prefers-color-scheme: dark){"));

    // --json: the card's facts.
    let json = env.json(&["card"]);
    assert_eq!(json["percent"], status["percent"]);
    assert_eq!(json["streak_days"], 3);
    assert_eq!(json["minutes_this_month"], 135);
    assert_eq!(json["theme"], "auto");
    assert_eq!(json["weeks"].as_array().unwrap().len(), 17);
}

#[test]
fn output_writes_the_file_and_says_so() {
    let env = studied();
    let path = env.path("profile dir é/card.svg");
    let p = path.to_str().unwrap();
    // A directory that does not exist is not made: a typo would make one.
    let err = env.run(&["card", "--output", p]).usage();
    assert!(
        err.ends_with(
            "does not exist\nhint: create the directory first, or write the file elsewhere\n"
        ),
        "{err}"
    );
    assert!(!env.path("profile dir é").exists());
    std::fs::create_dir(env.path("profile dir é")).unwrap();
    let out = env.run(&["card", "--output", p]).ok();
    assert_eq!(out, format!("wrote {p} (25.0%, 1 of 5 done)\n"));
    let svg = std::fs::read_to_string(&path).unwrap();
    assert_eq!(svg, env.run(&["card"]).ok());
}

#[test]
fn bad_input_is_one_error_line_and_touches_nothing() {
    let env = Env::small();
    let err = env.run(&["card", "--theme", "blue"]).usage();
    assert!(err.starts_with("error: invalid value 'blue'"), "{err}");
    let file = env.path("a-file");
    std::fs::write(&file, "x").unwrap();
    let under_file = file.join("card.svg");
    let err = env
        .run(&["card", "--output", under_file.to_str().unwrap()])
        .usage();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: cannot write `"), "{err}");
    assert!(err.contains("is not a directory"), "{err}");
    let err = env
        .run(&["card", "--output", env.dir.path().to_str().unwrap()])
        .usage();
    assert!(err.contains("it is a directory"), "{err}");
    assert!(!env.db().exists(), "no store was made");
}

#[test]
fn malicious_text_stays_text() {
    let mut env = Env::new();
    env.roadmap = Some(fixture("malicious.toml"));
    env.run(&["start", "t1"]).ok();
    for theme in ["light", "dark", "auto"] {
        let svg = env.run(&["card", "--theme", theme]).ok();
        let doc = parse_card(&svg);
        let texts = texts(&doc);
        // The title, cut, as text: its markup is characters, its controls visible.
        assert!(
            texts[0].starts_with("</svg><script>window.pwned=1</script> \"'"),
            "{texts:?}"
        );
        assert!(texts[0].ends_with('…'), "{texts:?}");
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(
            title.contains("\u{241b}[31mred\u{2400}\u{fffd}evil"),
            "{title:?}"
        );
        for c in svg.chars() {
            assert!(
                !c.is_control() || c == '\n',
                "control character {c:?} in the SVG"
            );
            assert!(!matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
        }
        assert!(
            texts.iter().any(|t| t.starts_with("<b onmouseover=")),
            "{texts:?}"
        );
    }
}

/// How many colours `rsvg-convert` paints the card with, and the image's size.
fn rendered_colours(svg: &Path, png: &Path) -> Option<(usize, String)> {
    if !installed("rsvg-convert", "rendering the card") || !installed("python3", "reading a PNG") {
        return None;
    }
    let out = std::process::Command::new("rsvg-convert")
        .arg(svg)
        .arg("-o")
        .arg(png)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/png_colors.py"))
        .arg(png)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let (n, size) = text.trim().split_once(' ').unwrap();
    Some((n.parse().unwrap(), size.to_string()))
}

#[test]
fn rsvg_renders_every_theme_and_the_malicious_card() {
    let env = studied();
    let mut evil = Env::new();
    evil.roadmap = Some(fixture("malicious.toml"));
    for (env, theme) in [(&env, "light"), (&env, "dark"), (&evil, "auto")] {
        let svg = env.path(&format!("card-{theme}.svg"));
        env.run(&["card", "--theme", theme, "-o", svg.to_str().unwrap()])
            .ok();
        let Some((colours, size)) = rendered_colours(&svg, &env.path("card.png")) else {
            return;
        };
        assert_eq!(size, "500x200");
        assert!(colours > 10, "{theme}: only {colours} colours: blank?");
    }
}
