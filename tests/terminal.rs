//! End-to-end tests of the things that make a CLI feel native: completions in a real shell,
//! the man page, init and your own roadmap, paths, several roadmaps, help, and a real tty.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Env, fixture};

fn bin_dir() -> String {
    Path::new(env!("CARGO_BIN_EXE_roadmap"))
        .parent()
        .unwrap()
        .display()
        .to_string()
}

/// Asks bash's completion for the candidates of `line` (completing its last word).
fn complete_in_bash(env: &Env, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let script = format!(
        "source <(roadmap completions bash) || exit 3\n\
         COMP_WORDS=({words})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE='{line}'\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         _clap_complete_roadmap roadmap '{cur}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words.join(" "),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let mut cmd = Command::new("bash");
    cmd.arg("--norc").arg("-c").arg(script);
    cmd.env(
        "PATH",
        format!("{}:{}", bin_dir(), std::env::var("PATH").unwrap()),
    )
    .env("XDG_CONFIG_HOME", env.path("config"))
    .env("HOME", env.dir.path())
    .env_remove("ROADMAP_FILE");
    if let Some(r) = &env.roadmap {
        cmd.env("ROADMAP_FILE", r);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// What `command` (a shell command line) prints on a pseudo-terminal, given by script(1),
/// with the terminal's carriage returns taken out.
fn on_terminal(env: &Env, command: &str) -> String {
    let out = env
        .cmd_plain("script")
        .args(["-qec", command, "/dev/null"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{command}");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
fn bash_completes_subcommands_topics_and_sections() {
    let env = Env::new();
    assert_eq!(
        complete_in_bash(&env, "roadmap che"),
        ["check", "checklist"]
    );
    assert_eq!(complete_in_bash(&env, "roadmap check sql-j"), ["sql-joins"]);
    assert_eq!(complete_in_bash(&env, "roadmap status data"), ["databases"]);
    // The roadmap in ROADMAP_FILE is the one completed from.
    let small = Env::small();
    assert_eq!(
        complete_in_bash(&small, "roadmap show sql"),
        ["sql-basics", "sql-joins"]
    );
    assert_eq!(
        complete_in_bash(&small, "roadmap list --state d"),
        ["doing", "done"]
    );
    // A topic's second argument is completed as what it is, not as another topic.
    let values = |line: &str| {
        let mut all = complete_in_bash(&env, line);
        all.retain(|c| !c.starts_with('-'));
        all
    };
    assert_eq!(
        values("roadmap review sql-joins "),
        ["again", "hard", "good", "easy"]
    );
    assert_eq!(values("roadmap log sql-joins "), Vec::<String>::new());
    assert_eq!(
        complete_in_bash(&env, "roadmap list --section data"),
        ["databases"]
    );
    // `--roadmap FILE` on the line wins over the built-in roadmap and ROADMAP_FILE.
    let file = fixture("small.toml");
    let file = file.to_str().unwrap();
    for line in [
        format!("roadmap --roadmap {file} show sql"),
        format!("roadmap show --roadmap={file} sql"),
    ] {
        assert_eq!(
            complete_in_bash(&env, &line),
            ["sql-basics", "sql-joins"],
            "{line}"
        );
    }
}

#[test]
fn every_shell_gets_a_script() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = env.run(&["completions", shell]).ok();
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        assert!(script.contains("roadmap"), "{shell}");
    }
    assert!(
        env.run(&["completions", "tcsh"])
            .usage()
            .contains("invalid value 'tcsh'")
    );
}

#[test]
fn the_man_page_renders() {
    let env = Env::new();
    let page = env.run(&["man"]).ok();
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{}", &page[..80]);
    assert!(page.contains(".TH roadmap 1"));
    let file = env.path("roadmap.1");
    std::fs::write(&file, &page).unwrap();
    // Rendering needs man(1): .ci/run installs it; a machine without it checks the roff only.
    let Ok(out) = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    else {
        eprintln!("man(1) is not installed: the page was not rendered");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("SYNOPSIS"), "{text}");
    // One page: every command is a section of it, with its own options.
    assert!(!text.contains("roadmap-status"), "{text}");
    assert!(
        text.contains("roadmap log [OPTIONS] <TOPIC> <DURATION>"),
        "{text}"
    );
    assert!(text.contains("--on DATE"), "{text}");
    assert!(text.contains("roadmap summary --week > week.md"), "{text}");
}

#[test]
fn init_writes_the_roadmap_once_and_it_becomes_the_roadmap() {
    let env = Env::new();
    let path = env.path("config/roadmap/roadmap.toml");
    let shown = path.display().to_string();
    assert_eq!(
        env.run(&["init"]).ok(),
        format!("wrote {shown}\nedit it, then check it with: roadmap validate {shown}\n")
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap/backend.toml"))
            .unwrap()
    );
    assert_eq!(
        env.run(&["init"]).usage(),
        format!(
            "error: `{shown}` already exists\nhint: edit it, or run `roadmap init --force` to replace it with the default\n"
        )
    );
    // From now on that file is the roadmap.
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "title = \"Backend engineer\"",
        "title = \"My backend path\"",
    );
    std::fs::write(&path, text).unwrap();
    assert!(env.run(&["status"]).ok().starts_with("My backend path: "));
    assert_eq!(
        env.run(&["paths"]).ok(),
        format!(
            "store:   {}\nroadmap: {shown}\nuser roadmap (init writes it): {shown}\n",
            env.db().display()
        )
    );
    env.run(&["init", "--force"]).ok();
    assert!(env.run(&["status"]).ok().starts_with("Backend engineer: "));
}

#[test]
fn a_topic_shared_by_two_roadmaps_counts_in_both() {
    let env = Env::new();
    let small = fixture("small.toml").display().to_string();
    env.run(&["check", "sql-joins"]).ok();
    assert_eq!(
        env.json(&["--roadmap", &small, "show", "sql-joins"])["state"],
        "done"
    );
    let listed = env.run(&["--roadmap", &small, "roadmaps"]).ok();
    assert_eq!(
        listed,
        format!(
            "   ID       VERSION  TOPICS  TITLE\n   backend  1        {:<8}Backend engineer\n*  small    1        5       Small roadmap\n",
            env.json(&["status"])["total"].to_string()
        )
    );
    let listed = env.json(&["--roadmap", &small, "roadmaps"]);
    let in_use: Vec<(&str, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["in_use"].as_bool().unwrap()))
        .collect();
    assert_eq!(in_use, [("backend", false), ("small", true)]);
    assert_eq!(listed[1]["topics"], 5);
}

#[test]
fn every_command_has_an_example_in_its_help() {
    let env = Env::new();
    let help = env.run(&["--help"]).ok();
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 20, "{commands:?}");
    for c in commands {
        let out = env.run(&[&c, "--help"]).ok();
        assert!(out.contains("Example"), "{c} --help has no example:\n{out}");
    }
}

#[test]
fn on_a_real_terminal_tables_fit_and_bars_are_drawn() {
    let env = Env::new();
    env.run(&["start", "sql-basics"]).ok();
    // `script` gives the binary a pseudo-terminal; COLUMNS sets its width.
    let cmd = format!(
        "COLUMNS=80 NO_COLOR=1 '{0}' status; COLUMNS=80 NO_COLOR=1 '{0}' list --section databases; \
         COLUMNS=80 NO_COLOR=1 '{0}' show sql-joins",
        env!("CARGO_BIN_EXE_roadmap"),
    );
    let text = on_terminal(&env, &cmd);
    assert!(text.contains('█') || text.contains('░'), "{text}");
    assert!(!text.contains('\u{1b}'), "NO_COLOR on a terminal: {text:?}");
    // Every line fits, except a link, which is never cut.
    for line in text
        .lines()
        .filter(|l| !l.trim_start().starts_with("https://"))
    {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "wider than 80: {line:?}"
        );
    }
    // show wraps its summary instead of leaving it to the terminal.
    assert!(
        text.contains("\nconditions differ from WHERE filters."),
        "{text}"
    );
    assert!(text.contains("sql-basics"));
}

#[test]
fn on_a_terminal_colour_is_on_unless_turned_off() {
    let env = Env::small();
    env.run(&["start", "sql-basics"]).ok();
    let on_tty = |vars: &str| {
        let cmd = format!("{vars} '{}' status", env!("CARGO_BIN_EXE_roadmap"));
        on_terminal(&env, &cmd).contains('\u{1b}')
    };
    assert!(on_tty("COLUMNS=80"));
    // CLICOLOR_FORCE=0 does not force colour; it does not turn it off either.
    assert!(on_tty("COLUMNS=80 CLICOLOR_FORCE=0"));
    assert!(!on_tty("COLUMNS=80 NO_COLOR=1"));
}

#[test]
fn at_80_columns_long_ids_stay_whole_and_long_titles_are_cut() {
    let mut env = Env::new();
    let file = env.path("long.toml");
    let mut toml = String::from(
        "[roadmap]\nid = \"long\"\ntitle = \"Long\"\n[[sections]]\n\
         id = \"a-section-with-a-rather-long-identifier\"\ntitle = \"S\"\n",
    );
    let ids: Vec<String> = (0..12)
        .map(|i| format!("topic-{i:02}-on-the-internals-of-storage-engines"))
        .collect();
    for id in &ids {
        toml.push_str(&format!(
            "[[sections.topics]]\nid = \"{id}\"\ntitle = \"How write-ahead logging, \
             checkpoints and crash recovery work together in a database engine\"\n\
             estimate = \"10h30m\"\n"
        ));
    }
    std::fs::write(&file, toml).unwrap();
    env.roadmap = Some(file.clone());
    env.run(&["start", &ids[3]]).ok();
    let cmd = format!(
        "COLUMNS=80 NO_COLOR=1 '{}' --roadmap '{}' list",
        env!("CARGO_BIN_EXE_roadmap"),
        file.display()
    );
    let text = on_terminal(&env, &cmd);
    let lines: Vec<&str> = text.lines().collect();
    // A header, its rule, and one line per topic, each starting with the whole id.
    assert_eq!(lines.len(), 2 + ids.len(), "{text}");
    for (line, id) in lines[2..].iter().zip(&ids) {
        assert!(line.starts_with(&format!("{id}  ")), "{line}");
        assert!(line.ends_with('…'), "{line}");
        assert!(unicode_width::UnicodeWidthStr::width(*line) <= 80, "{line}");
    }
    assert!(lines[5].contains("doing"), "{}", lines[5]);
}

/// What `roadmap ARGS` prints without colour on a terminal `columns` wide.
fn at_width(env: &Env, columns: usize, args: &str) -> String {
    let cmd = format!(
        "COLUMNS={columns} NO_COLOR=1 '{}' {args}",
        env!("CARGO_BIN_EXE_roadmap")
    );
    on_terminal(env, &cmd)
}

/// Asserts that every line of `text` fits `columns`, except a link, which is never cut.
#[track_caller]
fn assert_fits(text: &str, columns: usize) {
    for line in text
        .lines()
        .filter(|l| !l.trim_start().starts_with("https://"))
    {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= columns,
            "wider than {columns}: {line:?}\n{text}"
        );
    }
}

/// Asserts that each of `words` stands whole, between spaces, somewhere in `text`: that
/// nothing cut or broke it.
#[track_caller]
fn assert_whole(text: &str, words: &[&str]) {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for word in words {
        assert!(tokens.contains(word), "`{word}` is not whole in:\n{text}");
    }
}

/// A roadmap whose first topic has an id as long as an id may be (64 characters), required
/// by the second; the first is checked and due for review, the second is in progress, and
/// both have notes. Returns the store and the long id.
fn longest_id_store() -> (Env, String) {
    let mut env = Env::new();
    let long = format!("{}-{}-{}", "a".repeat(21), "b".repeat(21), "c".repeat(20));
    assert_eq!(long.len(), 64);
    let file = env.path("long.toml");
    let toml = format!(
        "[roadmap]\nid = \"long\"\ntitle = \"Long\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
         [[sections.topics]]\nid = \"{long}\"\ntitle = \"Short\"\nestimate = \"2h\"\n\
         [[sections.topics]]\nid = \"next-one\"\ntitle = \"A topic that needs the long \
         one and has a title of some length\"\nrequires = [\"{long}\"]\nestimate = \"3h\"\n"
    );
    std::fs::write(&file, toml).unwrap();
    env.roadmap = Some(file);
    for args in [
        vec!["start", &long, "--on", "2026-11-10"],
        vec!["note", &long, NOTE_80, "--on", "2026-11-11"],
        vec!["check", &long, "--on", "2026-11-12"],
        vec!["start", "next-one", "--on", "2026-11-14"],
        vec!["note", "next-one", NOTE_45, "--on", "2026-11-15"],
        vec!["review", &long, "again", "--on", "2026-11-16"],
    ] {
        env.run(&args).ok();
    }
    (env, long)
}

fn words(note: &str) -> Vec<&str> {
    note.split_whitespace().collect()
}

const NOTE_80: &str = "a fairly long note about nothing in particular that goes on and on";
const NOTE_45: &str = "EXPLAIN ANALYZE shows the real plan; a sequential scan on a large \
                       table usually means a missing index";

#[test]
fn at_80_columns_a_64_character_id_stays_whole_and_every_table_fits() {
    let (env, long) = longest_id_store();
    let history = at_width(&env, 80, "history");
    assert_fits(&history, 80);
    assert_whole(&history, &[&long, "next-one"]);
    // Wrapped at spaces: every word of both notes is whole.
    assert_whole(&history, &words(NOTE_80));
    assert_whole(&history, &words(NOTE_45));
    let review = at_width(&env, 80, "review");
    assert_fits(&review, 80);
    assert_whole(&review, &[&long, "Short"]);
    let today = at_width(&env, 80, "today");
    assert_fits(&today, 80);
    assert_whole(&today, &[&long, "next-one", "review", "doing"]);
    // Its prerequisite, and what it unlocks.
    let show = at_width(&env, 80, "show next-one");
    assert_fits(&show, 80);
    assert_whole(&show, &["done", &long]);
    let show = at_width(&env, 80, &format!("show {long}"));
    assert_fits(&show, 80);
    assert_whole(&show, &["doing", "next-one", &format!("({long})")]);
    // Piped, nothing is cut or wrapped: the note is on its event's line.
    let piped = env.run(&["history"]).ok();
    assert!(
        piped
            .lines()
            .any(|l| l.contains(&long) && l.ends_with(&format!("note: {NOTE_80}"))),
        "{piped}"
    );
}

#[test]
fn at_45_columns_history_review_today_and_show_fit_and_words_stay_whole() {
    let env = Env::new();
    for args in [
        vec!["check", "how-internet-works", "--on", "2026-11-05"],
        vec!["check", "sql-basics", "--on", "2026-11-10"],
        vec!["start", "indexes-query-plans", "--on", "2026-11-18"],
        vec!["note", "indexes-query-plans", NOTE_45, "--on", "2026-11-19"],
        vec![
            "log",
            "sql-joins",
            "45m",
            "--note",
            NOTE_80,
            "--on",
            "2026-11-20",
        ],
    ] {
        env.run(&args).ok();
    }
    let ids = [
        "how-internet-works",
        "sql-basics",
        "indexes-query-plans",
        "sql-joins",
    ];
    let history = at_width(&env, 45, "history");
    assert_fits(&history, 45);
    assert_whole(&history, &ids);
    assert_whole(&history, &words(NOTE_45));
    assert_whole(&history, &words(NOTE_80));
    // Of one topic, the topic column goes and the times stay.
    let one = at_width(&env, 45, "history --topic indexes-query-plans");
    assert_fits(&one, 45);
    assert_whole(&one, &["2026-11-19", "EXPLAIN", "ANALYZE", "sequential"]);
    let review = at_width(&env, 45, "review");
    assert_fits(&review, 45);
    assert_whole(&review, &["how-internet-works", "sql-basics", "2026-11-08"]);
    let today = at_width(&env, 45, "today");
    assert_fits(&today, 45);
    assert_whole(&today, &["how-internet-works", "sql-basics", "sql-joins"]);
    let show = at_width(&env, 45, "show indexes-query-plans");
    assert_fits(&show, 45);
    assert_whole(
        &show,
        &["data-modelling", "sql-aggregation", "todo", "2026-11-19"],
    );
}

#[test]
fn the_activity_calendar_shows_the_weeks_that_fit_the_terminal() {
    let env = Env::small();
    env.run(&["log", "sql-basics", "1h"]).ok();
    let at = |columns: usize| {
        let cmd = format!(
            "COLUMNS={columns} NO_COLOR=1 '{}' activity --weeks 53",
            env!("CARGO_BIN_EXE_roadmap")
        );
        on_terminal(&env, &cmd)
    };
    for columns in [80, 81, 50] {
        let text = at(columns);
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= columns,
                "{columns}: {line:?}"
            );
        }
        let weeks = (columns - 4) / 2;
        let monday = text.lines().find(|l| l.starts_with("Mon")).unwrap();
        assert_eq!(
            monday.matches(['·', '░', '▒', '▓', '█']).count(),
            weeks,
            "{text}"
        );
        assert!(
            text.ends_with(&format!(
                "The last {weeks} of 53 weeks fit; pipe it for all.\n"
            )),
            "{text}"
        );
    }
    // Piped, all 53 weeks.
    let piped = env.run(&["activity", "--weeks", "53"]).ok();
    let monday = piped.lines().find(|l| l.starts_with("Mon")).unwrap();
    assert_eq!(monday.matches(['.', ':', '+', '*', '#']).count(), 53);
}

/// Runs `script` in `shell` (if installed) with the binary on PATH; `None` without the shell.
fn in_shell(env: &Env, shell: &str, args: &[&str]) -> Option<String> {
    let mut cmd = env.cmd_plain(shell);
    cmd.args(args)
        .env(
            "PATH",
            format!("{}:{}", bin_dir(), std::env::var("PATH").unwrap()),
        )
        .env_remove("ROADMAP_FILE");
    let out = match cmd.output() {
        Ok(out) => out,
        Err(_) => {
            eprintln!("{shell} is not installed: skipped (.ci/run installs it)");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn fish_completes_topics_with_their_titles() {
    let env = Env::new();
    let script = "roadmap completions fish | source; complete -C 'roadmap check sql-j'";
    if let Some(out) = in_shell(&env, "fish", &["--no-config", "-c", script]) {
        assert_eq!(out, "sql-joins\tSQL joins\n");
    }
}

#[test]
fn zsh_loads_the_script_and_the_binary_answers_its_requests() {
    let env = Env::new();
    let load = "autoload -U compinit && compinit -u -D && source <(roadmap completions zsh) \
                && whence -w _clap_dynamic_completer_roadmap";
    if let Some(out) = in_shell(&env, "zsh", &["-f", "-c", load]) {
        assert_eq!(out, "_clap_dynamic_completer_roadmap: function\n");
    }
    // What the zsh script asks at <Tab>, answered by the binary itself.
    let out = env
        .cmd()
        .env("COMPLETE", "zsh")
        .env("_CLAP_COMPLETE_INDEX", "2")
        .env("_CLAP_IFS", "\n")
        .args(["--", "roadmap", "check", "sql-j"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "sql-joins:SQL joins"
    );
}
