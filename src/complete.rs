//! Shell completion: the registration scripts, and the candidates for topic and section
//! arguments.
//!
//! Completion is dynamic: the script that `roadmap completions SHELL` prints calls
//! `COMPLETE=SHELL roadmap -- ARGS...` at each <Tab>, and `main` answers before anything
//! else runs. Topic and section ids come from the roadmap that would be used (`--roadmap`
//! on the line being completed, else ROADMAP_FILE, else the config dir, else the built-in
//! one); the store is never opened.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::EnvCompleter;

use crate::cli::{Cli, Shell};
use crate::error::Result;
use crate::paths;
use crate::roadmap::{self, Roadmap, Source};
use crate::text;

/// The variable that switches the binary into completion mode.
pub const VAR: &str = "COMPLETE";

/// Subcommands whose `topic` argument names a topic.
const TOPIC_ARGS: &[&str] = &[
    "show", "start", "check", "uncheck", "skip", "log", "note", "review", "history",
];

/// The clap command with completers attached to topic and section arguments.
pub fn command() -> clap::Command {
    let topics = ArgValueCandidates::new(topic_candidates);
    let sections = ArgValueCandidates::new(section_candidates);
    let mut cmd = Cli::command();
    for name in TOPIC_ARGS {
        let topics = topics.clone();
        cmd = cmd.mut_subcommand(name, |sc| {
            pin_positionals(sc).mut_arg("topic", |a| a.add(topics))
        });
    }
    let s = sections.clone();
    cmd = cmd.mut_subcommand("status", |sc| {
        pin_positionals(sc).mut_arg("section", |a| a.add(s))
    });
    cmd = cmd.mut_subcommand("list", |sc| {
        pin_positionals(sc).mut_arg("section", |a| a.add(sections))
    });
    // The roadmaps `add` keeps, by id.
    let added = ArgValueCandidates::new(added_candidates);
    for name in ["use", "remove", "checklist"] {
        let added = added.clone();
        cmd = cmd.mut_subcommand(name, |sc| sc.mut_arg("id", |a| a.add(added)));
    }
    cmd
}

/// The ids of the roadmaps `add` keeps (`<id>.toml` under [`paths::added_dir`]).
fn added_candidates() -> Vec<CompletionCandidate> {
    let Some(dir) = paths::added_dir() else {
        return Vec::new();
    };
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".toml")?;
            roadmap::is_valid_id(id).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids.into_iter().map(CompletionCandidate::new).collect()
}

/// Gives each positional argument its place explicitly. Positionals without one are
/// numbered in list order, and `mut_arg` moves the argument it changes to the end of the
/// list: without this, `review TOPIC <Tab>` would offer topics for the rating.
fn pin_positionals(mut sc: clap::Command) -> clap::Command {
    let ids: Vec<clap::Id> = sc.get_positionals().map(|a| a.get_id().clone()).collect();
    for (place, id) in ids.into_iter().enumerate() {
        sc = sc.mut_arg(id, |a| a.index(place + 1));
    }
    sc
}

/// The value of `--roadmap FILE` (or `--roadmap=FILE`) on the command line being completed,
/// which comes after `--` in this process's arguments.
fn roadmap_on_command_line() -> Option<PathBuf> {
    let args: Vec<std::ffi::OsString> = std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    let mut found = None;
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        if arg == "--roadmap" {
            found = args.get(i + 1).cloned();
        } else if let Some(v) = arg.to_str().and_then(|a| a.strip_prefix("--roadmap=")) {
            found = Some(v.into());
        }
    }
    found.filter(|f| !f.is_empty()).map(|f| typed_path(&f))
}

/// The file a word of the command line names. bash and zsh pass each word as it was typed,
/// quotes and backslashes included (`"/my files/x.toml"`, `/my\ files/x.toml`); fish passes
/// it unquoted. So a word that is not itself a file is read as the shell will read it when
/// the line runs: quotes and backslash escapes removed, a leading `~` made the home directory.
fn typed_path(word: &OsStr) -> PathBuf {
    let literal = Path::new(word);
    match word.to_str() {
        Some(typed) if !literal.is_file() => PathBuf::from(unquote(typed)),
        _ => literal.to_path_buf(),
    }
}

/// `word` as a POSIX shell reads it (bash and zsh alike): '...' is literal, "..." keeps a
/// backslash except before $ ` " \ and a newline, a backslash outside quotes escapes the
/// next character, and `~` or `~/` at the start is the home directory.
fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    if let Some(after) = word.strip_prefix('~')
        && (after.is_empty() || after.starts_with('/'))
        && let Some(home) = dirs::home_dir().and_then(|h| h.to_str().map(str::to_owned))
    {
        out.push_str(&home);
        rest = after;
    }
    let (mut single, mut double) = (false, false);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '\\' if !single => match chars.peek() {
                Some('\n') => {
                    chars.next();
                }
                Some('$' | '`' | '"' | '\\') if double => out.extend(chars.next()),
                Some(_) if !double => out.extend(chars.next()),
                _ => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// The roadmap completion should use, or `None` if it cannot be loaded.
fn current_roadmap() -> Option<Roadmap> {
    let named = roadmap_on_command_line().or_else(|| {
        std::env::var_os("ROADMAP_FILE")
            .filter(|f| !f.is_empty())
            .map(PathBuf::from)
    });
    let source = match paths::roadmap_file(named.as_deref()) {
        Some(f) => f.source().ok()?,
        None => Source::embedded(),
    };
    roadmap::load(&source).ok()
}

fn topic_candidates() -> Vec<CompletionCandidate> {
    current_roadmap()
        .map(|r| {
            r.topics()
                .map(|t| {
                    CompletionCandidate::new(&*t.id)
                        .help(Some(text::line(&t.title).into_owned().into()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn section_candidates() -> Vec<CompletionCandidate> {
    current_roadmap()
        .map(|r| {
            r.sections
                .iter()
                .map(|s| {
                    CompletionCandidate::new(&s.id)
                        .help(Some(text::line(&s.title).into_owned().into()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Writes the script that registers completion for `shell`.
pub fn registration(shell: Shell, out: &mut dyn Write) -> Result<()> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
        Shell::Elvish => &clap_complete::env::Elvish,
        Shell::Powershell => &clap_complete::env::Powershell,
    };
    completer.write_registration(VAR, "roadmap", "roadmap", "roadmap", out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn a_typed_word_is_read_as_the_shell_reads_it() {
        for (typed, read) in [
            (
                r#""/my files/road map é.toml""#,
                "/my files/road map é.toml",
            ),
            ("'/my files/road map é.toml'", "/my files/road map é.toml"),
            (r"/my\ files/road\ map\ é.toml", "/my files/road map é.toml"),
            (r"'it'\''s'", "it's"),
            (r#""a\"b\\c\d\$e`f'g""#, r#"a"b\c\d$e`f'g"#),
            (r#"'a\"b\\c'"#, r#"a\"b\\c"#),
            (r#"a\\b\"c\"#, r#"a\b"c\"#),
            (r#"mixed' 'and" "bare"#, "mixed and bare"),
            ("x.toml", "x.toml"),
            ("'~/x.toml'", "~/x.toml"),
            ("~user/x.toml", "~user/x.toml"),
            ("/a/~/x.toml", "/a/~/x.toml"),
        ] {
            assert_eq!(unquote(typed), read, "{typed}");
        }
        if let Some(home) = dirs::home_dir().and_then(|h| h.to_str().map(str::to_owned)) {
            assert_eq!(unquote("~"), home);
            assert_eq!(unquote(r"~/my\ x.toml"), format!("{home}/my x.toml"));
        }
    }
}
