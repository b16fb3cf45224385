//! The command line, as plain clap derive types.
//!
//! This module imports nothing from the crate, so the same definitions drive argument
//! parsing, shell completions and the man page. The `///` lines are the help text; each
//! subcommand's `after_help` carries an example.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

/// A topic state, as `list --state` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    Todo,
    Doing,
    Done,
    Skipped,
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

/// A review rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatingArg {
    /// Forgot it: review again soon
    Again,
    /// Recalled with effort
    Hard,
    /// Recalled
    Good,
    /// Recalled at once
    Easy,
}

/// Output formats of `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Overall and per-section progress, topics in progress, next up, streak
    #[command(after_help = "Example:\n  roadmap status\n  roadmap status databases --json")]
    Status {
        /// Only this section (its id)
        section: Option<String>,
    },
    /// List topics, optionally by section or state
    #[command(after_help = "Example:\n  roadmap list --section databases --state todo")]
    List {
        /// Only topics of this section (its id)
        #[arg(long, value_name = "SECTION")]
        section: Option<String>,
        /// Only topics in this state
        #[arg(long, value_enum, value_name = "STATE")]
        state: Option<StateArg>,
    },
    /// One topic in full: summary, resources, prerequisites, state, history
    #[command(after_help = "Example:\n  roadmap show sql-joins")]
    Show {
        /// Topic id, unique id prefix, or unique part of a title
        topic: String,
    },
    /// Topics you can start now: every prerequisite done or skipped
    #[command(after_help = "Example:\n  roadmap next -n 3")]
    Next {
        /// How many to show
        #[arg(
            short = 'n',
            long = "count",
            default_value_t = 5,
            value_name = "N",
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000)
        )]
        count: usize,
    },
    /// Mark a topic as in progress
    #[command(after_help = "Example:\n  roadmap start sql-joins")]
    Start(WriteArgs),
    /// Mark a topic as done
    #[command(after_help = "Example:\n  roadmap check sql-joins --note \"did the exercises\"")]
    Check(WriteArgs),
    /// Undo the last check or skip of a topic
    #[command(after_help = "Example:\n  roadmap uncheck sql-joins")]
    Uncheck(WriteArgs),
    /// Skip a topic (it then counts in no total)
    #[command(after_help = "Example:\n  roadmap skip graphql --note \"not needed for my job\"")]
    Skip(WriteArgs),
    /// Record study time on a topic
    #[command(after_help = "Example:\n  roadmap log sql-joins 1h30m --on yesterday")]
    Log {
        /// Topic id, unique id prefix, or unique part of a title
        topic: String,
        /// Time spent, at most 24h: 45m, 1h30m, 2h
        duration: String,
        #[command(flatten)]
        when: OnArgs,
        /// A note to keep with the entry
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Write a note on a topic
    #[command(after_help = "Example:\n  roadmap note sql-joins \"LEFT JOIN keeps unmatched rows\"")]
    Note {
        /// Topic id, unique id prefix, or unique part of a title
        topic: String,
        /// The note
        text: String,
        #[command(flatten)]
        when: OnArgs,
    },
    /// The event log, newest first
    #[command(after_help = "Example:\n  roadmap history --since \"7d ago\" --topic sql-joins")]
    History {
        /// First day to include
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Last day to include
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Only events of this topic
        #[arg(long, value_name = "TOPIC")]
        topic: Option<String>,
    },
    /// A Markdown (or JSON) summary of a week or any period
    #[command(
        after_help = "Example:\n  roadmap summary --week > week.md\n  roadmap summary --week 2026-W47\n  roadmap summary --since 2026-11-01 --until 2026-11-15"
    )]
    Summary {
        /// An ISO week (2026-W47) or a date inside it [default: this week]
        #[arg(long, value_name = "WEEK", num_args = 0..=1, default_missing_value = "today")]
        week: Option<String>,
        /// First day of the period
        #[arg(long, value_name = "DATE", conflicts_with = "week")]
        since: Option<String>,
        /// Last day of the period [default: today]
        #[arg(long, value_name = "DATE", conflicts_with = "week", requires = "since")]
        until: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = SummaryFormat::Markdown)]
        format: SummaryFormat,
    },
    /// A calendar of study time over the last weeks
    #[command(after_help = "Example:\n  roadmap activity --weeks 26")]
    Activity {
        /// How many weeks to show, ending with this one
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=53), value_name = "N")]
        weeks: u32,
    },
    /// Topics due for review; or record a review of one
    #[command(after_help = "Examples:\n  roadmap review\n  roadmap review sql-joins good")]
    Review {
        /// The topic you reviewed
        #[arg(requires = "rating")]
        topic: Option<String>,
        /// How well you recalled it
        #[arg(value_enum)]
        rating: Option<RatingArg>,
        #[command(flatten)]
        when: OnArgs,
    },
    /// Your pace, projected finish, and the weekly hours needed to finish by a date
    #[command(after_help = "Example:\n  roadmap plan --by 2027-06-30 --hours-per-week 12")]
    Plan {
        /// The day you want to finish by, YYYY-MM-DD (remembered)
        #[arg(long, value_name = "DATE")]
        by: Option<String>,
        /// The hours a week you plan to study (remembered; default 10)
        #[arg(long, value_name = "N")]
        hours_per_week: Option<f64>,
    },
    /// A short plan for today: reviews, topics in progress, next topics
    #[command(after_help = "Example:\n  roadmap today --minutes 90")]
    Today {
        /// Today's study time in minutes, up to a day [default: weekly target / 5]
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=1440))]
        minutes: Option<u32>,
    },
    /// Check a roadmap file and report every problem
    #[command(after_help = "Example:\n  roadmap validate my-roadmap.toml")]
    Validate {
        /// The roadmap file
        file: PathBuf,
    },
    /// Write the default roadmap to the config dir for editing
    #[command(after_help = "Example:\n  roadmap init")]
    Init {
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
    /// The roadmaps this store has seen
    #[command(after_help = "Example:\n  roadmap roadmaps")]
    Roadmaps,
    /// Where the store and the roadmap live
    #[command(after_help = "Example:\n  roadmap paths")]
    Paths,
    /// Write every event as JSON Lines
    #[command(after_help = "Example:\n  roadmap export --output backup.jsonl")]
    Export {
        /// Write to this file instead of stdout
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge events from a JSON Lines export (idempotent)
    #[command(after_help = "Example:\n  roadmap import backup.jsonl")]
    Import {
        /// The JSON Lines file
        file: PathBuf,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  roadmap man > roadmap.1 && man -l roadmap.1")]
    Man,
}

/// Arguments shared by start, check, uncheck and skip.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Topic id, unique id prefix, or unique part of a title
    pub topic: String,
    #[command(flatten)]
    pub when: OnArgs,
    /// A note to keep with the event
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// `--on DATE` for backfilling.
#[derive(Debug, Args)]
pub struct OnArgs {
    /// The day it happened: YYYY-MM-DD, today, yesterday, monday, 3d ago
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
}
