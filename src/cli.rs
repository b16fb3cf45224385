//! The command line, as plain clap derive types.
//!
//! The same definitions drive argument parsing, shell completions and the man page. Here
//! are the global options and the list of subcommands; each subcommand's own arguments are
//! declared in its module under [`crate::cmd`]. The `///` lines are the help text; each
//! subcommand's `after_help` carries an example.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd;

/// The `--help` heading of the options every command takes, listed after its own.
const GLOBAL: &str = "Global options";

/// Track your progress through a self-taught backend engineering roadmap.
#[derive(Debug, Parser)]
#[command(
    name = "roadmap",
    version,
    propagate_version = true,
    after_help = "Examples:\n  roadmap status\n  roadmap check sql-joins\n  roadmap summary --week > week.md"
)]
pub struct Cli {
    /// SQLite store to use [default: the platform data dir]
    #[arg(long, global = true, env = "ROADMAP_DB", value_name = "PATH", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// Roadmap file to use [default: config dir, else the built-in backend roadmap]
    #[arg(long, global = true, env = "ROADMAP_FILE", value_name = "FILE", help_heading = GLOBAL)]
    pub roadmap: Option<PathBuf>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorChoice,

    /// Print JSON instead of text (a write command prints the event it stored)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Shells that `completions` can write a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

/// The subcommands; each variant's arguments live in its module under [`crate::cmd`].
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Overall and per-section progress, topics in progress, next up, streak
    #[command(after_help = "Example:\n  roadmap status\n  roadmap status databases --json")]
    Status(cmd::status::Args),
    /// List topics, optionally by section or state
    #[command(after_help = "Example:\n  roadmap list --section databases --state todo")]
    List(cmd::list::Args),
    /// One topic in full: summary, resources, prerequisites, state, history
    #[command(after_help = "Example:\n  roadmap show sql-joins")]
    Show(cmd::show::Args),
    /// Topics you can start now: every prerequisite done or skipped
    #[command(after_help = "Example:\n  roadmap next -n 3")]
    Next(cmd::next::Args),
    /// Mark a topic as in progress
    #[command(after_help = "Example:\n  roadmap start sql-joins")]
    Start(cmd::mark::Args),
    /// Mark a topic as done
    #[command(after_help = "Example:\n  roadmap check sql-joins --note \"did the exercises\"")]
    Check(cmd::mark::Args),
    /// Undo the last check or skip of a topic
    #[command(after_help = "Example:\n  roadmap uncheck sql-joins")]
    Uncheck(cmd::mark::Args),
    /// Skip a topic (it then counts in no total)
    #[command(after_help = "Example:\n  roadmap skip graphql --note \"not needed for my job\"")]
    Skip(cmd::mark::Args),
    /// Record study time on a topic
    #[command(after_help = "Example:\n  roadmap log sql-joins 1h30m --on yesterday")]
    Log(cmd::log::Args),
    /// Write a note on a topic
    #[command(after_help = "Example:\n  roadmap note sql-joins \"LEFT JOIN keeps unmatched rows\"")]
    Note(cmd::note::Args),
    /// The event log, newest first
    #[command(after_help = "Example:\n  roadmap history --since \"7d ago\" --topic sql-joins")]
    History(cmd::history::Args),
    /// A Markdown (or JSON) summary of a week or any period
    #[command(
        after_help = "Example:\n  roadmap summary --week > week.md\n  roadmap summary --week 2026-W47\n  roadmap summary --since 2026-11-01 --until 2026-11-15"
    )]
    Summary(cmd::summary::Args),
    /// A calendar of study time over the last weeks
    #[command(after_help = "Example:\n  roadmap activity --weeks 26")]
    Activity(cmd::activity::Args),
    /// Topics due for review; or record a review of one
    #[command(after_help = "Examples:\n  roadmap review\n  roadmap review sql-joins good")]
    Review(cmd::review::Args),
    /// Your pace, projected finish, and the weekly hours needed to finish by a date
    #[command(
        after_help = "Examples:\n  roadmap plan --by 2027-06-30 --hours-per-week 12\n  roadmap plan --schedule --weeks 4\n  roadmap plan --ics study.ics --days mon,wed,sat --at 19:00"
    )]
    Plan(cmd::plan::Args),
    /// Your time on finished topics against their estimates, and your ratio
    #[command(
        after_help = "Example:\n  roadmap estimates\n  roadmap estimates --json > my-estimates.json"
    )]
    Estimates,
    /// A short plan for today: reviews, topics in progress, next topics
    #[command(after_help = "Example:\n  roadmap today --minutes 90")]
    Today(cmd::today::Args),
    /// The roadmap's tracks (such as java or python); choose the one you follow
    #[command(after_help = "Examples:\n  roadmap track\n  roadmap track python")]
    Track(cmd::track::Args),
    /// An SVG progress card for a profile README
    #[command(
        after_help = "Examples:\n  roadmap card --output card.svg\n  roadmap card --theme dark > card-dark.svg"
    )]
    Card(cmd::card::Args),
    /// The whole roadmap as a map: an HTML page, or a Graphviz or Mermaid graph
    #[command(
        after_help = "Examples:\n  roadmap map --output map.html\n  roadmap map --format dot | dot -Tsvg > map.svg\n  roadmap map --format mermaid"
    )]
    Map(cmd::map::Args),
    /// Check a roadmap file and report every problem
    #[command(after_help = "Example:\n  roadmap validate my-roadmap.toml")]
    Validate(cmd::validate::Args),
    /// Write the default roadmap to the config dir for editing
    #[command(after_help = "Example:\n  roadmap init")]
    Init(cmd::init::Args),
    /// Add a roadmap or a Markdown checklist, with its ticks, and use it
    #[command(
        after_help = "Examples:\n  roadmap add coding-interview-university/README.md\n  roadmap add ossu/README.md --id cs --on 2026-09-01"
    )]
    Add(cmd::add::Args),
    /// Switch the roadmap in use (remembered in the store)
    #[command(after_help = "Example:\n  roadmap use coding-interview-university")]
    Use(cmd::use_roadmap::Args),
    /// Take an added roadmap off the list (its events stay)
    #[command(after_help = "Example:\n  roadmap remove coding-interview-university")]
    Remove(cmd::remove::Args),
    /// The curriculum back as Markdown, ticked as the store says
    #[command(
        after_help = "Examples:\n  roadmap checklist > README.md\n  roadmap checklist cs --output ~/ossu/README.md"
    )]
    Checklist(cmd::checklist::Args),
    /// The roadmaps this store has seen
    #[command(after_help = "Example:\n  roadmap roadmaps")]
    Roadmaps,
    /// Where the store and the roadmap live
    #[command(after_help = "Example:\n  roadmap paths")]
    Paths,
    /// Write every event as JSON Lines
    #[command(after_help = "Example:\n  roadmap export --output backup.jsonl")]
    Export(cmd::export::Args),
    /// Merge events from a JSON Lines export (idempotent)
    #[command(after_help = "Example:\n  roadmap import backup.jsonl")]
    Import(cmd::import::Args),
    /// Sync progress between machines through git or a synced folder
    #[command(
        after_help = "Examples:\n  roadmap sync git@github.com:me/roadmap-progress.git   # the first time\n  roadmap sync                                           # after that\n  roadmap sync --folder ~/Sync/roadmap"
    )]
    Sync(cmd::sync::Args),
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap"
    )]
    Completions(cmd::completions::Args),
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  roadmap man > roadmap.1 && man -l roadmap.1")]
    Man,
}

/// `--on DATE` for backfilling, shared by the commands that write an event.
#[derive(Debug, Args)]
pub struct OnArgs {
    /// The day it happened: YYYY-MM-DD, today, yesterday, monday, 3d ago
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
}
