//! `roadmap map` on the real binary: the page parsed by a real HTML parser (Python's
//! html.parser, `tests/support/html_check.py`) and opened in a real browser (headless
//! Chromium: no console error, every topic in the DOM, a click and an Enter show a topic's
//! details, a screenshot that is not blank); `dot` checked by Graphviz itself; exact `dot`
//! and `mermaid` of the small roadmap; and a roadmap of malicious titles that must run
//! nothing, load nothing and break nothing.
//!
//! The browser is driven without a debugging protocol: a wrapper page beside the map loads
//! it in an iframe, clicks and presses keys from script and writes what it saw into its own
//! DOM, which `chromium --dump-dom` prints.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, fixture, installed};

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(name)
}

/// The small roadmap with every state: done (and due for review), doing, skipped, todo.
fn small_studied() -> Env {
    let env = Env::small();
    for args in [
        &["check", "sql-basics", "--on", "2026-11-20"][..],
        &["start", "sql-joins"],
        &["log", "sql-joins", "1h15m", "--on", "2026-11-22"],
        &[
            "note",
            "sql-joins",
            "LEFT JOIN keeps <unmatched> rows & \"more\"",
        ],
        &["skip", "git-basics"],
    ] {
        env.run(args).ok();
    }
    env
}

/// What html_check.py found in a page.
fn check_html(path: &Path) -> Option<serde_json::Value> {
    if !installed("python3", "parsing the map's HTML") {
        return None;
    }
    let out = Command::new("python3")
        .arg(support("html_check.py"))
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], serde_json::json!([]), "{}", path.display());
    // Nothing that loads or runs: no src, href or on* attribute in the page as written, no
    // loading element, two scripts (the data, the code), and a policy that allows nothing else.
    assert_eq!(v["risky"], serde_json::json!([]));
    assert_eq!(v["loading"], serde_json::json!([]));
    let scripts = v["scripts"].as_array().unwrap();
    assert_eq!(scripts.len(), 2, "{scripts:?}");
    assert_eq!(scripts[0]["type"], "application/json");
    assert_eq!(scripts[0]["id"], "map-data");
    let csp = v["csp"].as_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"),
        "{csp}"
    );
    Some(v)
}

/// Every current topic id, in roadmap order.
fn topic_ids(env: &Env) -> Vec<String> {
    env.json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_page_holds_every_topic_and_its_details() {
    let env = Env::new();
    env.run(&["check", "choose-language", "--on", "2026-11-02"])
        .ok();
    env.run(&["log", "sql-joins", "45m"]).ok();
    let page = env.path("map.html");
    let out = env.run(&["map", "--output", page.to_str().unwrap()]).ok();
    let ids = topic_ids(&env);
    let sections = env.json(&["status"])["sections"].as_array().unwrap().len();
    assert_eq!(
        out,
        format!(
            "wrote {} ({} topics in {sections} sections)\n",
            page.display(),
            ids.len()
        )
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html, env.run(&["map"]).ok());
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
    let Some(v) = check_html(&page) else { return };
    let nodes: Vec<String> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().strip_prefix("t-").unwrap().to_string())
        .collect();
    let mut sorted = nodes.clone();
    sorted.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(sorted, want);
    let data: serde_json::Value = serde_json::from_str(v["data"].as_str().unwrap()).unwrap();
    let topics = data["topics"].as_array().unwrap();
    assert_eq!(topics.len(), ids.len());
    let joins = topics.iter().find(|t| t["id"] == "sql-joins").unwrap();
    assert_eq!(joins["st"], "doing");
    assert_eq!(joins["m"], 45);
    assert!(html.contains("<details class=\"section\" id=\"s-databases\" open>"));
    assert!(!html.contains("sections start folded"));
}

#[test]
fn dot_and_mermaid_of_the_small_roadmap() {
    let env = small_studied();
    let dot = env.run(&["map", "--format", "dot"]).ok();
    let node =
        |id: &str, label: &str, rest: &str| format!("    \"{id}\" [label=\"{label}\", {rest}];\n");
    let todo = "class=\"todo\", tooltip=\"todo\", fillcolor=\"#ffffff\", color=\"#8c959f\", fontcolor=\"#1f2328\"";
    let expected = [
        "digraph roadmap {\n",
        "  graph [label=\"Small roadmap: 25.0% (1 of 5 done)\", labelloc=t, rankdir=LR, fontname=\"sans-serif\"];\n",
        "  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n",
        "  subgraph \"cluster_basics\" {\n    label=\"Basics (1/2)\";\n",
        &node("sql-basics", "SQL basics", "class=\"done due\", tooltip=\"done, due for review\", fillcolor=\"#2da44e\", color=\"#bf8700\", fontcolor=\"#ffffff\", penwidth=2.5"),
        &node("sql-joins", "SQL joins", "class=\"doing\", tooltip=\"doing\", fillcolor=\"#f2cc60\", color=\"#bf8700\", fontcolor=\"#1f2328\""),
        &node("git-basics", "Git basics", "class=\"skipped\", tooltip=\"skipped\", fillcolor=\"#eaeef2\", color=\"#8c959f\", fontcolor=\"#59636e\", style=\"rounded,filled,dashed\""),
        "  }\n  subgraph \"cluster_apis\" {\n    label=\"APIs (0/2)\";\n",
        &node("rest", "REST design", todo),
        &node("first-api", "First API deployed", todo),
        "  }\n",
        "  \"sql-basics\" -> \"sql-joins\";\n  \"sql-joins\" -> \"rest\";\n",
        "  \"git-basics\" -> \"rest\";\n  \"rest\" -> \"first-api\";\n}\n",
    ]
    .concat();
    assert_eq!(dot, expected);

    let mermaid = env.run(&["map", "--format", "mermaid"]).ok();
    assert_eq!(
        mermaid,
        "flowchart LR\n\
         \x20 subgraph s_basics[\"Basics · 1/2\"]\n\
         \x20   t_sql_basics[\"SQL basics\"]:::due\n\
         \x20   t_sql_joins[\"SQL joins\"]:::doing\n\
         \x20   t_git_basics[\"Git basics\"]:::skipped\n\
         \x20 end\n\
         \x20 subgraph s_apis[\"APIs · 0/2\"]\n\
         \x20   t_rest[\"REST design\"]:::todo\n\
         \x20   t_first_api[\"First API deployed\"]:::todo\n\
         \x20 end\n\
         \x20 t_sql_basics --> t_sql_joins\n\
         \x20 t_sql_joins --> t_rest\n\
         \x20 t_git_basics --> t_rest\n\
         \x20 t_rest --> t_first_api\n\
         \x20 classDef todo fill:#ffffff,stroke:#8c959f,color:#1f2328\n\
         \x20 classDef doing fill:#f2cc60,stroke:#bf8700,color:#1f2328\n\
         \x20 classDef done fill:#2da44e,stroke:#1a7f37,color:#ffffff\n\
         \x20 classDef due fill:#2da44e,stroke:#bf8700,stroke-width:3px,color:#ffffff\n\
         \x20 classDef skipped fill:#eaeef2,stroke:#8c959f,color:#59636e,stroke-dasharray:4 3\n"
    );
}

/// `dot -Tsvg` of `dot_text`, parsed: (node title, class) for every node.
fn graphviz(dot_text: &str) -> Option<Vec<(String, String)>> {
    if !installed("dot", "rendering the map with Graphviz") {
        return None;
    }
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot_text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    Some(
        doc.descendants()
            .filter(|n| {
                n.has_tag_name("g") && n.attribute("class").is_some_and(|c| c.starts_with("node"))
            })
            .map(|n| {
                let title = n
                    .children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string();
                (title, n.attribute("class").unwrap().to_string())
            })
            .collect(),
    )
}

#[test]
fn graphviz_draws_the_states() {
    let env = small_studied();
    let Some(nodes) = graphviz(&env.run(&["map", "--format", "dot"]).ok()) else {
        return;
    };
    // In the order Graphviz lays them out.
    assert_eq!(
        nodes,
        [
            ("sql-basics", "node done due"),
            ("sql-joins", "node doing"),
            ("rest", "node todo"),
            ("git-basics", "node skipped"),
            ("first-api", "node todo"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // The built-in roadmap too.
    let builtin = Env::new();
    let Some(all) = graphviz(&builtin.run(&["map", "--format", "dot"]).ok()) else {
        return;
    };
    assert_eq!(all.len(), topic_ids(&builtin).len());
}

fn evil() -> Env {
    let mut env = Env::new();
    env.roadmap = Some(fixture("malicious.toml"));
    env.run(&["start", "t1"]).ok();
    env.run(&["log", "t1", "30m"]).ok();
    env.run(&[
        "note",
        "t1",
        "</textarea></script><script>window.pwned=7</script> \u{1b}[2J \u{202e}x",
    ])
    .ok();
    env
}

#[test]
fn malicious_text_breaks_no_format() {
    let env = evil();
    let page = env.path("evil.html");
    env.run(&["map", "-o", page.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&page).unwrap();
    for c in html.chars() {
        assert!(
            !c.is_control() || c == '\n',
            "control character {c:?} in the page"
        );
        assert!(
            !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
        );
    }
    assert!(!html.contains("javascript:window") || !html.contains("href=\"javascript"));
    // Outside the two scripts, the only `http` is the SVG namespace in the code.
    let Some(v) = check_html(&page) else { return };
    let data: serde_json::Value = serde_json::from_str(v["data"].as_str().unwrap()).unwrap();
    assert_eq!(
        data["topics"][0]["t"],
        "</script><script>window.pwned=3</script><!--"
    );
    let res = &data["topics"][0]["res"];
    assert_eq!(res[0][2], false, "javascript: is no link");
    assert_eq!(res[1][2], false, "data: is no link");
    assert_eq!(res[2][2], true);
    assert_eq!(v["nodes"].as_array().unwrap().len(), 3);

    let dot = env.run(&["map", "--format", "dot"]).ok();
    if let Some(nodes) = graphviz(&dot) {
        assert_eq!(nodes.len(), 3);
        assert_eq!(nodes[2].0, "subgraph");
    }
    let mermaid = env.run(&["map", "--format", "mermaid"]).ok();
    assert!(mermaid.contains(
        "    t_t2[\"#quot;]:::done#59; click t1 href #quot;javascript:alert(1)#quot; #96;x#96; #35;#59; } -#62; x [label=#quot;y#quot;]\"]:::todo\n"
    ), "{mermaid}");
    // Every label is one line between its quotes: no line can start a statement of its own.
    for l in mermaid.lines() {
        assert_eq!(l.matches('"').count() % 2, 0, "{l}");
    }
}

#[test]
fn a_large_roadmap_starts_folded_and_says_so() {
    let mut toml = String::from("[roadmap]\nid = \"big\"\ntitle = \"Big\"\nversion = 1\n");
    for s in 0..12 {
        toml.push_str(&format!(
            "[[sections]]\nid = \"s{s}\"\ntitle = \"Section {s}\"\n"
        ));
        for t in 0..100 {
            toml.push_str(&format!(
                "[[sections.topics]]\nid = \"t{s}-{t}\"\ntitle = \"Topic {s}.{t}\"\n"
            ));
            if t > 0 {
                toml.push_str(&format!("requires = [\"t{s}-{}\"]\n", t - 1));
            }
        }
    }
    let mut env = Env::new();
    let file = env.path("big.toml");
    std::fs::write(&file, toml).unwrap();
    env.roadmap = Some(file);
    let page = env.path("big.html");
    env.run(&["map", "-o", page.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("This roadmap has 1200 topics, so its sections start folded"));
    assert!(!html.contains("\" open>"));
    if let Some(v) = check_html(&page) {
        assert_eq!(v["nodes"].as_array().unwrap().len(), 1200);
    }
}

#[test]
fn bad_input_is_one_error_line() {
    let env = Env::small();
    let err = env.run(&["map", "--format", "pdf"]).usage();
    assert!(err.starts_with("error: invalid value 'pdf'"), "{err}");
    let file = env.path("f");
    std::fs::write(&file, "").unwrap();
    let err = env
        .run(&["map", "-o", file.join("map.html").to_str().unwrap()])
        .usage();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!env.db().exists());
}

// --- the browser ---------------------------------------------------------------------------

fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let ok = Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(name);
        }
    }
    eprintln!("skipped: opening the map in a browser: `chromium` is not installed");
    None
}

/// `path` as a file URL, every byte outside the unreserved set percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Runs headless Chromium on `url` with `args`; returns (stdout, stderr).
fn run_chromium(browser: &str, profile: &Path, args: &[&str], url: &str) -> (String, String) {
    let out = Command::new("timeout")
        .arg("120")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--allow-file-access-from-files",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The wrapper: loads `map.html` in an iframe, clicks `click`, presses Enter on `enter`,
/// and writes what it saw as JSON into `<pre id="out">`.
const WRAPPER: &str = r##"<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" src="map.html" style="width:1200px;height:900px"></iframe><pre id="out">not loaded</pre>
<script>
var f = document.getElementById("f");
f.addEventListener("load", function () {
  var out = {};
  try {
    var w = f.contentWindow, d = f.contentDocument, details = d.getElementById("details");
    out.nodes = Array.prototype.map.call(d.querySelectorAll("button.node"), function (b) { return b.id.slice(2); });
    var a = d.getElementById("t-CLICK");
    a.click();
    out.click = details.textContent;
    out.click_pressed = a.getAttribute("aria-pressed");
    out.click_edges = d.querySelectorAll("#edges path").length;
    out.links = Array.prototype.map.call(details.querySelectorAll("a"), function (l) { return l.getAttribute("href"); });
    out.hrefs = Array.prototype.map.call(d.querySelectorAll("[href],[src]"), function (l) { return l.outerHTML; });
    var b = d.getElementById("t-ENTER");
    b.focus();
    b.dispatchEvent(new w.KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    out.enter = details.textContent;
    out.enter_edges = d.querySelectorAll("#edges path").length;
    out.focused = d.activeElement ? d.activeElement.id : null;
    out.pwned = typeof w.pwned === "undefined" ? null : String(w.pwned);
    out.resources = w.performance.getEntriesByType("resource").map(function (r) { return r.name; });
  } catch (e) { out.error = String(e); }
  document.getElementById("out").textContent = JSON.stringify(out);
});
</script></body></html>"##;

/// Opens `dir/map.html` through the wrapper; returns what it saw and Chromium's stderr.
fn drive(browser: &str, dir: &Path, click: &str, enter: &str) -> (serde_json::Value, String) {
    let wrapper = dir.join("wrapper.html");
    std::fs::write(
        &wrapper,
        WRAPPER.replace("CLICK", click).replace("ENTER", enter),
    )
    .unwrap();
    let (dom, stderr) = run_chromium(
        browser,
        &dir.join("profile"),
        &["--virtual-time-budget=5000", "--dump-dom"],
        &file_url(&wrapper),
    );
    let start = dom
        .find("<pre id=\"out\">")
        .unwrap_or_else(|| panic!("{dom}\n{stderr}"))
        + 14;
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}\n{stderr}"));
    (v, stderr)
}

/// Console messages Chromium logged (errors, CSP refusals, uncaught exceptions).
fn console(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused"))
        .collect()
}

fn colours(png: &Path) -> usize {
    let out = Command::new("python3")
        .arg(support("png_colors.py"))
        .arg(png)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    text.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn in_chromium_every_topic_is_there_and_selecting_one_shows_it() {
    let Some(browser) = chromium() else { return };
    if !installed("python3", "reading the screenshot") {
        return;
    }
    let env = small_studied();
    // A directory with a space and an accent in its name, as a user's may have.
    let dir = env.path("my maps é");
    std::fs::create_dir_all(&dir).unwrap();
    env.run(&["map", "-o", dir.join("map.html").to_str().unwrap()])
        .ok();
    let (v, stderr) = drive(browser, &dir, "sql-joins", "rest");
    assert_eq!(v.get("error"), None, "{v}");
    assert_eq!(console(&stderr), Vec::<&str>::new(), "{stderr}");
    // Column by column: the topics without a prerequisite in their section first.
    assert_eq!(
        v["nodes"],
        serde_json::json!(["sql-basics", "git-basics", "sql-joins", "rest", "first-api"])
    );
    let click = v["click"].as_str().unwrap();
    for part in [
        "SQL joins",
        "Basics · study · in progress · estimate 2h · 1h15m logged",
        "Inner and outer joins.",
        "Prerequisites",
        "SQL basics",
        "Unlocks",
        "REST design",
        "Notes",
        "LEFT JOIN keeps <unmatched> rows & \"more\"",
    ] {
        assert!(click.contains(part), "{part:?} not in {click:?}");
    }
    assert_eq!(v["click_pressed"], "true");
    assert_eq!(v["click_edges"], 2, "one edge in, one out");
    let enter = v["enter"].as_str().unwrap();
    assert!(
        enter.starts_with("REST designAPIs · study · to do · estimate 4h"),
        "{enter}"
    );
    assert_eq!(v["enter_edges"], 3, "two prerequisites, one dependant");
    assert_eq!(v["focused"], "t-rest");
    assert_eq!(v["resources"], serde_json::json!([]));

    let shot = dir.join("shot.png");
    let (_, stderr) = run_chromium(
        browser,
        &dir.join("profile"),
        &[
            "--hide-scrollbars",
            "--window-size=1000,700",
            &format!("--screenshot={}", shot.display()),
        ],
        &file_url(&dir.join("map.html")),
    );
    assert!(shot.exists(), "{stderr}");
    let n = colours(&shot);
    assert!(n > 10, "only {n} colours: blank?");
}

#[test]
fn in_chromium_malicious_text_runs_nothing_and_loads_nothing() {
    let Some(browser) = chromium() else { return };
    let env = evil();
    let dir = env.path("evil");
    std::fs::create_dir_all(&dir).unwrap();
    env.run(&["map", "-o", dir.join("map.html").to_str().unwrap()])
        .ok();
    let (v, stderr) = drive(browser, &dir, "t1", "subgraph");
    assert_eq!(v.get("error"), None, "{v}");
    assert_eq!(console(&stderr), Vec::<&str>::new(), "{stderr}");
    assert_eq!(v["pwned"], serde_json::Value::Null, "a script ran: {v}");
    assert_eq!(v["nodes"], serde_json::json!(["t1", "t2", "subgraph"]));
    // Only the http(s) resource is a link; the others are text.
    assert_eq!(
        v["links"],
        serde_json::json!(["https://example.com/?a=1&b='2'"])
    );
    assert_eq!(
        v["hrefs"],
        serde_json::json!([
            "<a href=\"https://example.com/?a=1&amp;b='2'\" rel=\"noopener noreferrer\" target=\"_blank\">ok &lt;b&gt;</a>"
        ])
    );
    let click = v["click"].as_str().unwrap();
    assert!(
        click.starts_with("</script><script>window.pwned=3</script><!--"),
        "{click}"
    );
    assert!(
        click.contains("javascript:window.pwned=5: not a web link"),
        "{click}"
    );
    assert!(
        click.contains("</textarea></script><script>window.pwned=7</script> \u{241b}[2J \u{fffd}x"),
        "{click}"
    );
    assert_eq!(v["resources"], serde_json::json!([]), "nothing was fetched");
    let enter = v["enter"].as_str().unwrap();
    assert!(
        enter.starts_with("end newline tab\u{2407}bell\u{2421}del\u{fffd}csi"),
        "{enter}"
    );
}
