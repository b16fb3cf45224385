//! Shell completion: the registration scripts, and the candidates for topic and section
//! arguments.
//!
//! Completion is dynamic: the script that `roadmap completions SHELL` prints calls
//! `COMPLETE=SHELL roadmap -- ARGS...` at each <Tab>, and `main` answers before anything
//! else runs. Topic and section ids come from the roadmap that would be used (`--roadmap`
//! on the line being completed, else ROADMAP_FILE, else the config dir, else the built-in
//! one); the store is never opened.

use std::io::Write;

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
    cmd.mut_subcommand("list", |sc| {
        pin_positionals(sc).mut_arg("section", |a| a.add(sections))
    })
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
fn roadmap_on_command_line() -> Option<std::ffi::OsString> {
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
    found.filter(|f| !f.is_empty())
}

/// The roadmap completion should use, or `None` if it cannot be loaded.
fn current_roadmap() -> Option<Roadmap> {
    let named = roadmap_on_command_line()
        .or_else(|| std::env::var_os("ROADMAP_FILE").filter(|f| !f.is_empty()));
    let source = match paths::roadmap_file(named.as_deref().map(std::path::Path::new)) {
        Some(p) => Source::read(&p).ok()?,
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
