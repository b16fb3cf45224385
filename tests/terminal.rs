//! End-to-end tests of the things that make a CLI feel native: completions in a real shell,
//! the man page, init and your own roadmap, paths, several roadmaps, help, and a real tty.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Env, fixture, installed, path_with_binary, sh_quote};

/// A shell that completes at <Tab>, driven as a user drives it: interactive, on a terminal.
#[derive(Clone, Copy, Debug)]
enum Interactive {
    Bash,
    Zsh,
}

/// The locale of the shells a user types into: a UTF-8 terminal's. In the C locale zsh takes
/// the é of a path for two unknown characters (`??`), and fish for two Latin-1 letters, before
/// roadmap sees the line.
const UTF8: &str = "C.UTF-8";

/// What bash's readline reads: emacs keys, and bytes above 127 (the é of a path) taken as
/// they are, whatever the locale.
const INPUTRC: &str = "set editing-mode emacs\nset convert-meta off\nset input-meta on\n\
                       set output-meta on\nset bell-style none\n";

/// Loads `roadmap completions bash` as the README says, and records what it offers: the
/// completion function is wrapped to add to $OUT a line `>>>`, then COMPREPLY, one
/// candidate a line.
const BASH_SETUP: &str = r#"set +H
PS1='$ '
source <(roadmap completions bash) || exit 3
eval "_roadmap_test$(declare -f _clap_complete_roadmap)"
_clap_complete_roadmap() {
    _roadmap_test_clap_complete_roadmap "$@"
    local c
    { echo '>>>'; for c in "${COMPREPLY[@]}"; do printf '%s\n' "$c"; done; } >> "$OUT"
}
"#;

/// Loads `roadmap completions zsh` with compinit, as the README says, and records what it
/// offers: the completion function is wrapped to add a line `>>>` to $OUT, and _describe
/// to add each `value:description` it is given, one a line (none when the binary offered
/// nothing).
const ZSH_SETUP: &str = r#"setopt interactive_comments no_bang_hist
bindkey -e
PS1='$ '
autoload -U compinit && compinit -u -D
source <(roadmap completions zsh) || exit 3
functions[_roadmap_test_completer]=$functions[_clap_dynamic_completer_roadmap]
_clap_dynamic_completer_roadmap() { print -r -- '>>>' >> "$OUT"; _roadmap_test_completer "$@" }
autoload +X _describe
functions[_roadmap_test_describe]=$functions[_describe]
_describe() { print -rl -- "${(@P)${@[-1]}}" >> "$OUT"; _roadmap_test_describe "$@" }
"#;

/// Whether `shell` and script(1) are installed; if not, says that `test` is skipped.
fn can_type_into(shell: Interactive, test: &str) -> bool {
    let program = match shell {
        Interactive::Bash => "bash",
        Interactive::Zsh => "zsh",
    };
    installed(program, test) && installed("script", test)
}

/// What `shell` offers at <Tab> at the end of each line of `typed`, in one session. The
/// shell runs interactively on a pseudo-terminal (script(1)), and these keys are typed into
/// it: the setup line, then each line, <Tab>, C-a # <Enter> (the line becomes a comment and
/// nothing runs), and `exit`. For bash the candidates are COMPREPLY, for zsh
/// `value:description`.
fn tab(env: &Env, shell: Interactive, typed: &[&str]) -> Vec<Vec<String>> {
    let (argv, setup) = match shell {
        Interactive::Bash => ("bash --norc --noprofile -i", BASH_SETUP),
        Interactive::Zsh => ("zsh -f -i", ZSH_SETUP),
    };
    let (rc, out, inputrc) = (
        env.path("tab-setup"),
        env.path("tab-offered"),
        env.path("tab-inputrc"),
    );
    std::fs::write(&rc, setup).unwrap();
    std::fs::write(&inputrc, INPUTRC).unwrap();
    std::fs::write(&out, "").unwrap();
    let mut cmd = env.cmd_plain("script");
    cmd.args(["-qec", argv, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .env("PATH", path_with_binary())
        .env("TERM", "dumb")
        .env("LC_ALL", UTF8)
        .env("INPUTRC", &inputrc)
        .env("RC", &rc)
        .env("OUT", &out)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut keys = String::from("source \"$RC\"\n");
    for line in typed {
        keys.push_str(&format!("{line}\t\x01#\n"));
    }
    keys.push_str("exit\n");
    // Kept open until the shell has exited: some versions of script(1) end the session
    // when their input ends.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(keys.as_bytes()).unwrap();
    let transcript = wait_at_most(child, Duration::from_secs(30));
    drop(stdin);
    let offered = std::fs::read_to_string(&out).unwrap();
    let mut each: Vec<Vec<String>> = Vec::new();
    for line in offered.lines() {
        match each.last_mut() {
            _ if line == ">>>" => each.push(Vec::new()),
            Some(last) => last.push(line.to_string()),
            None => panic!("{offered}"),
        }
    }
    assert_eq!(
        each.len(),
        typed.len(),
        "{shell:?} did not complete each line once:\n{typed:#?}\n{transcript}"
    );
    each
}

/// Waits for `child` (script(1)) to exit successfully, and returns what it wrote: the
/// terminal's output. Kills it and fails after `limit`.
fn wait_at_most(mut child: Child, limit: Duration) -> String {
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            let text = reader.join().unwrap();
            panic!(
                "still running after {limit:?}:\n{}",
                String::from_utf8_lossy(&text)
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let text = String::from_utf8_lossy(&reader.join().unwrap()).replace('\r', "");
    assert!(status.success(), "{status}: {stderr}\n{text}");
    text
}

/// The binary under test, as a word for a POSIX shell.
fn binary() -> String {
    sh_quote(env!("CARGO_BIN_EXE_roadmap"))
}

/// What `command` (a POSIX shell command line) prints on a pseudo-terminal, given by
/// script(1), with the terminal's carriage returns taken out. script(1) runs `command` with
/// $SHELL, which is set to sh: the user's own shell may be fish or tcsh.
fn on_terminal(env: &Env, command: &str) -> String {
    let out = env
        .cmd_plain("script")
        .args(["-qec", command, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// `text` in double quotes for bash and zsh: \ " $ ` escaped.
fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `text` unquoted, every character that would end or change the word escaped with a
/// backslash, as bash, zsh and fish complete a file name (`my\ projects/road\ map\ é`).
fn backslashed(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() && !matches!(c, '/' | '.' | '_' | '-') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` in single quotes for fish, where \ and ' are escaped inside them.
fn fish_single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', r"\\").replace('\'', r"\'"))
}

/// `text` in double quotes for fish: \ " $ escaped.
fn fish_double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A copy of the small roadmap at `~/my projects/road map é/small.toml`, a path with spaces
/// and a non-ASCII letter (HOME is the env's temp dir), and its absolute path.
fn roadmap_at_an_awkward_path(env: &Env) -> String {
    let dir = env.path("my projects/road map é");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("small.toml");
    std::fs::copy(fixture("small.toml"), &file).unwrap();
    file.to_str().unwrap().to_string()
}

/// The small roadmap's path as a user types it into bash or zsh: in single quotes, in
/// double quotes, with backslashes, and from `~`.
fn typed_for_bash_and_zsh(file: &str) -> Vec<String> {
    vec![
        sh_quote(file),
        double_quoted(file),
        backslashed(file),
        r"~/my\ projects/road\ map\ é/small.toml".to_string(),
    ]
}

/// What `show sql<Tab>` offers from the small roadmap, with titles; the built-in roadmap
/// offers three topics there.
const SMALL_SQL: [&str; 2] = ["sql-basics:SQL basics", "sql-joins:SQL joins"];

/// The values of `value:description` candidates.
fn values<'a>(candidates: &[&'a str]) -> Vec<&'a str> {
    candidates
        .iter()
        .map(|c| c.split(':').next().unwrap())
        .collect()
}

/// Asserts that `shell`, in one session, offers at the end of each line what is paired with it.
#[track_caller]
fn assert_tabs(env: &Env, shell: Interactive, cases: &[(&str, &[&str])]) {
    let typed: Vec<&str> = cases.iter().map(|(line, _)| *line).collect();
    for ((line, want), got) in cases.iter().zip(tab(env, shell, &typed)) {
        assert_eq!(got, *want, "{shell:?}: {line}");
    }
}

#[test]
fn bash_completes_subcommands_topics_and_sections() {
    if !can_type_into(Interactive::Bash, "bash completion") {
        return;
    }
    let env = Env::new();
    assert_tabs(
        &env,
        Interactive::Bash,
        &[
            ("roadmap che", &["check", "checklist"]),
            ("roadmap check sql-j", &["sql-joins"]),
            (
                "roadmap show sql",
                &[
                    "sql-basics",
                    "sql-joins",
                    "sql-aggregation",
                    "sqlalchemy-orm",
                ],
            ),
            ("roadmap status data", &["databases"]),
            ("roadmap list --section data", &["databases"]),
        ],
    );
    // The roadmap in ROADMAP_FILE is the one completed from.
    assert_tabs(
        &Env::small(),
        Interactive::Bash,
        &[
            ("roadmap show sql", &values(&SMALL_SQL)),
            ("roadmap list --state d", &["doing", "done"]),
        ],
    );
    // Roadmaps added with `add` are completed by id.
    let plan = env.path("plan.md");
    std::fs::write(&plan, "# Study plan\n\n- [ ] one\n").unwrap();
    env.run(&["add", plan.to_str().unwrap()]).ok();
    assert_tabs(
        &env,
        Interactive::Bash,
        &[
            ("roadmap use stu", &["study-plan"]),
            ("roadmap checklist stu", &["study-plan"]),
        ],
    );
    env.run(&["use", "backend"]).ok();
    // A topic's second argument is completed as what it is, not as another topic.
    let offered = tab(
        &env,
        Interactive::Bash,
        &["roadmap review sql-joins ", "roadmap log sql-joins "],
    );
    let values_only: Vec<Vec<&str>> = offered
        .iter()
        .map(|all| {
            all.iter()
                .map(String::as_str)
                .filter(|c| !c.starts_with('-'))
                .collect()
        })
        .collect();
    assert_eq!(
        values_only,
        [vec!["again", "hard", "good", "easy"], vec![]],
        "{offered:?}"
    );
}

#[test]
fn bash_completes_topics_from_a_roadmap_named_on_the_line_however_its_path_is_typed() {
    if !can_type_into(Interactive::Bash, "bash completion of --roadmap") {
        return;
    }
    let env = Env::new();
    let file = roadmap_at_an_awkward_path(&env);
    // bash hands the words over as typed, quotes and backslashes included. (Not
    // `--roadmap=FILE`: bash splits a word at `=` when it completes, and clap_complete does
    // not join it again, clap-rs/clap#3920.)
    let lines: Vec<String> = typed_for_bash_and_zsh(&file)
        .iter()
        .flat_map(|typed| {
            [
                format!("roadmap --roadmap {typed} show sql"),
                format!("roadmap show --roadmap {typed} sql"),
            ]
        })
        .collect();
    let small = values(&SMALL_SQL);
    let cases: Vec<(&str, &[&str])> = lines.iter().map(|l| (l.as_str(), &small[..])).collect();
    assert_tabs(&env, Interactive::Bash, &cases);
}

#[test]
fn zsh_completes_topics_with_titles_from_a_roadmap_named_on_the_line() {
    if !can_type_into(Interactive::Zsh, "zsh completion") {
        return;
    }
    let env = Env::new();
    let file = roadmap_at_an_awkward_path(&env);
    let lines: Vec<String> = typed_for_bash_and_zsh(&file)
        .iter()
        .flat_map(|typed| {
            [
                format!("roadmap --roadmap {typed} show sql"),
                format!("roadmap show --roadmap={typed} sql"),
            ]
        })
        .collect();
    let mut cases: Vec<(&str, &[&str])> = vec![
        ("roadmap check sql-j", &["sql-joins:SQL joins"]),
        ("roadmap status data", &["databases:Databases and SQL"]),
    ];
    cases.extend(lines.iter().map(|l| (l.as_str(), &SMALL_SQL[..])));
    assert_tabs(&env, Interactive::Zsh, &cases);
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
    if !installed("man", "rendering the man page") {
        return;
    }
    let mut man = env.cmd_plain("man");
    // The user's settings for man may not change its output.
    for var in [
        "MANOPT",
        "MAN_KEEP_FORMATTING",
        "MANROFFOPT",
        "MANSECT",
        "PAGER",
    ] {
        man.env_remove(var);
    }
    let out = man
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
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
            "   ID               VERSION  TOPICS  TITLE\n   backend          2        {:<8}Backend engineer\n*  small            1        5       Small roadmap\n   backend-90-days  1        {:<8}Backend engineer in 90 days\n",
            // Every topic of the file, those of a track not chosen and the optional ones too.
            include_str!("../roadmap/backend.toml")
                .matches("[[sections.topics]]")
                .count()
                .to_string(),
            // A built-in roadmap not used yet is listed too.
            include_str!("../roadmap/backend-90-days.toml")
                .matches("[[sections.topics]]")
                .count()
                .to_string()
        )
    );
    let listed = env.json(&["--roadmap", &small, "roadmaps"]);
    let in_use: Vec<(&str, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["in_use"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        in_use,
        [
            ("backend", false),
            ("small", true),
            ("backend-90-days", false)
        ]
    );
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
    if !installed("script", "a pseudo-terminal") {
        return;
    }
    let env = Env::new();
    env.run(&["start", "sql-basics"]).ok();
    // `script` gives the binary a pseudo-terminal; COLUMNS sets its width.
    let cmd = format!(
        "COLUMNS=80 NO_COLOR=1 {0} status; COLUMNS=80 NO_COLOR=1 {0} list --section databases; \
         COLUMNS=80 NO_COLOR=1 {0} show sql-joins",
        binary(),
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
    if !installed("script", "a pseudo-terminal") {
        return;
    }
    let env = Env::small();
    env.run(&["start", "sql-basics"]).ok();
    let on_tty = |vars: &str| {
        let cmd = format!("{vars} {} status", binary());
        on_terminal(&env, &cmd).contains('\u{1b}')
    };
    assert!(on_tty("COLUMNS=80"));
    // CLICOLOR_FORCE=0 does not force colour; it does not turn it off either.
    assert!(on_tty("COLUMNS=80 CLICOLOR_FORCE=0"));
    assert!(!on_tty("COLUMNS=80 NO_COLOR=1"));
}

#[test]
fn at_80_columns_long_ids_stay_whole_and_long_titles_are_cut() {
    if !installed("script", "a pseudo-terminal") {
        return;
    }
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
        "COLUMNS=80 NO_COLOR=1 {} --roadmap {} list",
        binary(),
        sh_quote(file.to_str().unwrap())
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
    let cmd = format!("COLUMNS={columns} NO_COLOR=1 {} {args}", binary());
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
    if !installed("script", "a pseudo-terminal") {
        return;
    }
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
    if !installed("script", "a pseudo-terminal") {
        return;
    }
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
    if !installed("script", "a pseudo-terminal") {
        return;
    }
    let env = Env::small();
    env.run(&["log", "sql-basics", "1h"]).ok();
    let at = |columns: usize| {
        let cmd = format!(
            "COLUMNS={columns} NO_COLOR=1 {} activity --weeks 53",
            binary()
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

#[test]
fn fish_completes_topics_with_titles_from_a_roadmap_named_on_the_line() {
    if !installed("fish", "fish completion") {
        return;
    }
    let env = Env::new();
    // `complete -C LINE` is what fish does at <Tab> at the end of LINE.
    let fish = |line: &str| {
        let out = env
            .cmd_plain("fish")
            .args([
                "--no-config",
                "-c",
                "roadmap completions fish | source; complete -C $LINE",
            ])
            .env("PATH", path_with_binary())
            .env("LC_ALL", UTF8)
            .env("LINE", line)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(fish("roadmap check sql-j"), "sql-joins\tSQL joins\n");
    let file = roadmap_at_an_awkward_path(&env);
    for typed in [
        fish_single_quoted(&file),
        fish_double_quoted(&file),
        backslashed(&file),
        r"~/my\ projects/road\ map\ é/small.toml".to_string(),
    ] {
        for line in [
            format!("roadmap --roadmap {typed} show sql"),
            format!("roadmap show --roadmap={typed} sql"),
        ] {
            assert_eq!(
                fish(&line),
                "sql-basics\tSQL basics\nsql-joins\tSQL joins\n",
                "{line}"
            );
        }
    }
}

#[test]
fn the_binary_answers_the_requests_of_the_zsh_script() {
    // What the zsh script asks at <Tab> (see `roadmap completions zsh`), without zsh.
    let env = Env::new();
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
