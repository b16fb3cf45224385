//! The README's examples are real output: this test runs every `$ roadmap ...` line of the
//! console blocks under "## Commands", in order, on one store, as a learner would type them
//! on an 80-column terminal, and compares what appears with what the README shows.
//!
//! The store starts as the README says: a learner who began on 2 November 2026 and studied
//! most evenings; "today" is Monday 23 November 2026, 20:00 UTC. The home directory is
//! shown as `/home/ada`, and event ids (UUIDs, which hold the real time) as `<uuid>`.
//!
//! After changing an output on purpose, `ROADMAP_BLESS_README=1 cargo test --test readme`
//! writes the new outputs into README.md; read the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

const NOW: &str = "2026-11-23T20:00:00Z";

/// The learner's history before the examples: (when, command).
const HISTORY: &[(&str, &[&str])] = &[
    ("2026-11-02T19:00:00Z", &["check", "choose-language"]),
    ("2026-11-02T19:05:00Z", &["track", "python"]),
    ("2026-11-03T19:00:00Z", &["log", "language-syntax", "2h"]),
    ("2026-11-05T19:00:00Z", &["log", "language-syntax", "1h30m"]),
    ("2026-11-06T19:00:00Z", &["check", "language-syntax"]),
    ("2026-11-09T19:00:00Z", &["log", "how-internet-works", "1h"]),
    ("2026-11-09T20:00:00Z", &["check", "how-internet-works"]),
    ("2026-11-10T19:00:00Z", &["log", "git-basics", "2h"]),
    ("2026-11-12T19:00:00Z", &["check", "git-basics"]),
    ("2026-11-16T18:00:00Z", &["start", "relational-basics"]),
    (
        "2026-11-16T19:00:00Z",
        &["log", "relational-basics", "1h30m"],
    ),
    ("2026-11-17T19:00:00Z", &["log", "relational-basics", "1h"]),
    ("2026-11-17T20:00:00Z", &["check", "relational-basics"]),
    ("2026-11-18T19:00:00Z", &["log", "sql-basics", "2h"]),
    (
        "2026-11-18T21:00:00Z",
        &[
            "note",
            "sql-basics",
            "WHERE filters rows before GROUP BY; HAVING filters groups after",
        ],
    ),
    ("2026-11-19T19:00:00Z", &["log", "sql-basics", "1h15m"]),
    ("2026-11-19T20:30:00Z", &["check", "sql-basics"]),
    ("2026-11-20T19:00:00Z", &["start", "sql-joins"]),
    ("2026-11-20T19:30:00Z", &["log", "sql-joins", "45m"]),
    (
        "2026-11-21T10:00:00Z",
        &["review", "choose-language", "good"],
    ),
    ("2026-11-21T11:00:00Z", &["log", "http-basics", "1h"]),
    ("2026-11-22T16:00:00Z", &["log", "sql-joins", "1h30m"]),
    (
        "2026-11-22T17:00:00Z",
        &[
            "note",
            "sql-joins",
            "LEFT JOIN keeps customers with no orders; COUNT(o.id) gives 0 for them",
        ],
    ),
];

/// One `$ roadmap ...` line of the README and the output shown under it.
struct Example {
    command: String,
    /// README line numbers (0-based, end exclusive) of the shown output.
    lines: std::ops::Range<usize>,
    /// The output is a Markdown document quoted after the block (`> ` lines), not the block.
    quoted: bool,
}

/// Every example under "## Commands", in order.
fn examples(readme: &[&str]) -> Vec<Example> {
    let start = readme
        .iter()
        .position(|l| *l == "## Commands")
        .expect("README has a Commands section");
    let mut out: Vec<Example> = Vec::new();
    let mut i = start;
    while i < readme.len() {
        if readme[i] != "```console" {
            i += 1;
            continue;
        }
        i += 1;
        while i < readme.len() && readme[i] != "```" {
            let command = readme[i]
                .strip_prefix("$ ")
                .unwrap_or_else(|| panic!("README:{}: expected `$ `: {}", i + 1, readme[i]));
            i += 1;
            let from = i;
            while i < readme.len() && readme[i] != "```" && !readme[i].starts_with("$ ") {
                i += 1;
            }
            out.push(Example {
                command: command.to_string(),
                lines: from..i,
                quoted: false,
            });
        }
        i += 1;
        // A command without output in the block whose output follows as a quote:
        // "renders as:", then `> ` lines.
        let last = out.last_mut().expect("a console block has a command");
        if last.lines.is_empty() {
            let mut j = i;
            while j < readme.len() && !readme[j].starts_with('>') {
                assert!(
                    readme[j].is_empty() || readme[j] == "renders as:",
                    "README:{}: `{}` shows no output",
                    i,
                    last.command
                );
                j += 1;
            }
            let from = j;
            while j < readme.len() && readme[j].starts_with('>') {
                j += 1;
            }
            *last = Example {
                command: std::mem::take(&mut last.command),
                lines: from..j,
                quoted: true,
            };
            i = j;
        }
    }
    out
}

/// Ids as `<uuid>`: they hold the time they were made.
fn mask_uuids(text: &str) -> String {
    let b = text.as_bytes();
    let is_uuid = |s: &[u8]| {
        s.len() == 36
            && s.iter().enumerate().all(|(k, &c)| match k {
                8 | 13 | 18 | 23 => c == b'-',
                _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while k < b.len() {
        if b.get(k..k + 36).is_some_and(is_uuid) {
            out.push_str("<uuid>");
            k += 36;
        } else {
            let c = text[k..].chars().next().unwrap();
            out.push(c);
            k += c.len_utf8();
        }
    }
    out
}

struct Learner {
    _dir: tempfile::TempDir,
    home: PathBuf,
    work: PathBuf,
}

impl Learner {
    fn new() -> Learner {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let work = dir.path().join("work");
        std::fs::create_dir_all(work.join("tests/fixtures")).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for (from, to) in [
            ("small.toml", "small.toml"),
            ("small.toml", "tests/fixtures/small.toml"),
            ("readme/bad.toml", "bad.toml"),
            ("readme/typo.toml", "typo.toml"),
            ("readme/laptop.jsonl", "laptop.jsonl"),
            ("readme/algorithms.md", "README.md"),
        ] {
            std::fs::copy(fixtures.join(from), work.join(to)).unwrap();
        }
        let learner = Learner {
            _dir: dir,
            home,
            work,
        };
        // The learner's fork of a study plan, its README committed ("Bring your checklist").
        for args in [
            &["init", "-q"][..],
            &["add", "README.md"],
            &["-c", "user.name=Ada", "-c", "user.email=ada@example.com"],
        ] {
            let mut git = learner.command("git", NOW);
            let args: Vec<&str> = if args[0] == "-c" {
                [args, &["commit", "-q", "-m", "my fork"]].concat()
            } else {
                args.to_vec()
            };
            let out = git.args(&args).output().unwrap();
            assert!(out.status.success(), "git {args:?}: {out:?}");
        }
        learner
    }

    /// A command in this learner's environment: their home, the built-in roadmap, the
    /// store where it lives by default, the README's clock and time zone.
    fn command(&self, program: &str, now: &str) -> Command {
        let mut cmd = Command::new(program);
        for var in [
            "ROADMAP_DB",
            "ROADMAP_FILE",
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "COLUMNS",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "COMPLETE",
            "BASH_ENV",
            "ENV",
        ] {
            cmd.env_remove(var);
        }
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_roadmap")).parent().unwrap();
        let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap();
        cmd.current_dir(&self.work)
            .env("HOME", &self.home)
            .env("PATH", path)
            .env("SHELL", "/bin/bash")
            .env("ROADMAP_NOW", now)
            // UTC as a POSIX rule, which needs no tzdata.
            .env("TZ", "UTC0")
            // git as the README shows it: no pager, no colour.
            .env("GIT_PAGER", "cat")
            .env("GIT_CONFIG_COUNT", "1")
            .env("GIT_CONFIG_KEY_0", "color.ui")
            .env("GIT_CONFIG_VALUE_0", "never");
        cmd
    }

    /// What a terminal 80 columns wide shows for `line`, typed into bash.
    fn type_in(&self, line: &str) -> String {
        let out = self
            .command("script", NOW)
            .env("COLUMNS", "80")
            .env("NO_COLOR", "1")
            .args(["-qec", line, "/dev/null"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n");
        text.replace(self.home.to_str().unwrap(), "/home/ada")
    }
}

#[test]
fn every_example_in_the_readme_is_what_the_program_prints() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: `git` is not installed (the README keeps a fork in git)");
        return;
    }
    let learner = Learner::new();
    for (now, args) in HISTORY {
        let out = learner
            .command(env!("CARGO_BIN_EXE_roadmap"), now)
            .args(*args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    }

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let readme: Vec<&str> = text.lines().collect();
    let examples = examples(&readme);
    assert!(examples.len() >= 25, "found {} examples", examples.len());

    let mut blessed: Vec<String> = readme.iter().map(|l| l.to_string()).collect();
    let mut wrong = Vec::new();
    // Replaced from the last, so that earlier line numbers stay right.
    let mut replacements = Vec::new();
    for example in &examples {
        let actual = learner.type_in(&example.command);
        let actual_lines: Vec<String> = if example.quoted {
            actual
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".into()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect()
        } else {
            actual.lines().map(str::to_string).collect()
        };
        let shown = &readme[example.lines.clone()];
        let masked = |lines: &[&str]| lines.iter().map(|l| mask_uuids(l)).collect::<Vec<_>>();
        let actual_refs: Vec<&str> = actual_lines.iter().map(String::as_str).collect();
        if masked(shown) != masked(&actual_refs) {
            wrong.push(format!(
                "README:{}: `$ {}`\n--- shown\n{}\n--- printed\n{}",
                example.lines.start,
                example.command,
                shown.join("\n"),
                actual_lines.join("\n")
            ));
            replacements.push((example.lines.clone(), actual_lines));
        }
    }
    let bless = std::env::var_os("ROADMAP_BLESS_README").is_some();
    docs(&learner, bless, &mut wrong);
    if wrong.is_empty() {
        return;
    }
    if bless {
        for (lines, new) in replacements.into_iter().rev() {
            blessed.splice(lines, new);
        }
        std::fs::write(&path, blessed.join("\n") + "\n").unwrap();
        eprintln!("README.md rewritten: {} examples", wrong.len());
        return;
    }
    panic!(
        "{} of {} README examples differ from the real output \
         (ROADMAP_BLESS_README=1 rewrites them):\n\n{}",
        wrong.len(),
        examples.len(),
        wrong.join("\n\n")
    );
}

/// The pictures the README shows are the example store's: `docs/card.svg` must be the
/// `card.svg` its `roadmap card --output card.svg` wrote. Blessing copies it there, and takes
/// `docs/map.png` again, Chromium's screenshot of the example's `map.html` with `oop-basics`
/// selected (not compared:
/// the pixels depend on the browser and the fonts installed).
fn docs(learner: &Learner, bless: bool, wrong: &mut Vec<String>) {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let card = std::fs::read(learner.work.join("card.svg")).expect("the README writes card.svg");
    if !bless {
        if std::fs::read(docs.join("card.svg")).ok().as_ref() != Some(&card) {
            wrong.push("docs/card.svg is not the card of the README's store".to_string());
        }
        return;
    }
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("card.svg"), &card).unwrap();
    let page = learner.work.join("map.html");
    let profile = learner.work.join("chromium-profile");
    let shot = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", docs.join("map.png").display()))
        .arg(format!("file://{}#topic=oop-basics", page.display()))
        .output();
    if !shot.is_ok_and(|o| o.status.success()) {
        eprintln!("docs/map.png not taken: `chromium` is not installed or failed");
    }
}

/// The roadmap file that "Write your own roadmap" shows, copied as it stands, is valid.
#[test]
fn the_readme_roadmap_example_validates() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = text.split("## Write your own roadmap").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    // The first example, then the one with tracks, groups and optional topics.
    for (n, shape) in [(1, "2 sections, 2 topics"), (2, "1 section, 7 topics")] {
        let block = section.split("```toml\n").nth(n).unwrap();
        validates(block.split("```").next().unwrap(), shape);
    }
}

fn validates(toml: &str, shape: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("devops.toml");
    std::fs::write(&file, toml).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .arg("validate")
        .arg(&file)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env_remove("ROADMAP_FILE")
        .env_remove("ROADMAP_DB")
        .env_remove("COMPLETE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(shape),
        "{out:?}"
    );
}
