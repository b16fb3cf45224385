//! The dispatcher: turns parsed arguments into paths, the roadmap, the store and a command,
//! and renders what the command returns to `out`.
//!
//! Order matters for safety: arguments are checked and the roadmap is validated before the
//! store is opened, so bad input never changes the store.

use std::io::{IsTerminal, Write};

use crate::cli::{Cli, ColorChoice, Command, StateArg, SummaryFormat, WriteArgs};
use crate::clock;
use crate::commands::{Ctx, data, progress, setup, summary, view};
use crate::error::Result;
use crate::model::{EventKind, State};
use crate::paths::Paths;
use crate::render::{self, Ui};
use crate::resolve;
use crate::roadmap::{self, Source};
use crate::store::Store;

/// Runs one command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let ui = ui(cli.color);
    let json = cli.json;
    let paths = Paths::resolve(cli.db.as_deref(), cli.roadmap.as_deref())?;

    // Commands that need neither the roadmap nor the store.
    match &cli.command {
        Command::Completions { shell } => return setup::completions(*shell, out),
        Command::Man => return setup::man(out),
        Command::Paths => {
            let p = setup::paths(&paths);
            let text = if json {
                render::json(&p)
            } else {
                format!(
                    "store:   {}\nroadmap: {}\nuser roadmap (init writes it): {}\n",
                    p.store,
                    p.roadmap,
                    p.user_roadmap.as_deref().unwrap_or("(no config dir)")
                )
            };
            return Ok(out.write_all(text.as_bytes())?);
        }
        Command::Validate { file } => {
            let v = setup::validate(file)?;
            let text = if json {
                render::json(&v)
            } else {
                format!(
                    "ok: {}: roadmap `{}`, {} sections, {} topics\n",
                    crate::text::line(&v.file),
                    v.id,
                    v.sections,
                    v.topics
                )
            };
            return Ok(out.write_all(text.as_bytes())?);
        }
        Command::Init { force } => {
            let path = setup::init(&paths, *force)?;
            let text = format!(
                "wrote {}\nedit it, then check it with: roadmap validate {}\n",
                path.display(),
                path.display()
            );
            return Ok(out.write_all(text.as_bytes())?);
        }
        _ => {}
    }

    let now = clock::now()?;
    let source = match &paths.roadmap {
        Some(p) => Source::read(p)?,
        None => Source::embedded(),
    };
    let roadmap = roadmap::load(&source)?;
    let ctx = Ctx {
        roadmap: &roadmap,
        now,
    };

    // Check every argument before the store is opened.
    let write = |kind: EventKind, a: &WriteArgs| {
        progress::prepare(
            &ctx,
            kind,
            &a.topic,
            a.when.on.as_deref(),
            None,
            a.note.as_deref(),
        )
    };
    enum Plan<'r> {
        Write(progress::Intent<'r>),
        Status(Option<String>),
        List(Option<String>, Option<State>),
        Next(usize),
        Show(&'r roadmap::Topic),
        History(view::HistoryQuery<'r>),
        Export(Option<std::path::PathBuf>),
        Roadmaps,
        Activity(u32),
        Summary(crate::report::summary::Period, bool),
        Import(std::path::PathBuf),
    }
    let plan = match &cli.command {
        Command::Start(a) => Plan::Write(write(EventKind::Start, a)?),
        Command::Check(a) => Plan::Write(write(EventKind::Check, a)?),
        Command::Uncheck(a) => Plan::Write(write(EventKind::Uncheck, a)?),
        Command::Skip(a) => Plan::Write(write(EventKind::Skip, a)?),
        Command::Log {
            topic,
            duration,
            when,
            note,
        } => Plan::Write(progress::prepare(
            &ctx,
            EventKind::Log,
            topic,
            when.on.as_deref(),
            Some(duration),
            note.as_deref(),
        )?),
        Command::Note { topic, text, when } => Plan::Write(progress::prepare(
            &ctx,
            EventKind::Note,
            topic,
            when.on.as_deref(),
            None,
            Some(text),
        )?),
        Command::Status { section } => {
            if let Some(s) = section {
                ctx.section(s)?;
            }
            Plan::Status(section.clone())
        }
        Command::List { section, state } => {
            if let Some(s) = section {
                ctx.section(s)?;
            }
            Plan::List(section.clone(), state.map(state_of))
        }
        Command::Next { count } => Plan::Next(*count),
        Command::Show { topic } => Plan::Show(resolve::topic(&roadmap, topic)?),
        Command::History {
            since,
            until,
            topic,
        } => Plan::History(view::HistoryQuery::parse(
            &ctx,
            since.as_deref(),
            until.as_deref(),
            topic.as_deref(),
        )?),
        Command::Export { output } => Plan::Export(output.clone()),
        Command::Roadmaps => Plan::Roadmaps,
        Command::Activity { weeks } => Plan::Activity(*weeks),
        Command::Import { file } => Plan::Import(file.clone()),
        Command::Summary {
            week,
            since,
            until,
            format,
        } => Plan::Summary(
            summary::period(&ctx, week.as_deref(), since.as_deref(), until.as_deref())?,
            json || *format == SummaryFormat::Json,
        ),
        Command::Completions { .. }
        | Command::Man
        | Command::Paths
        | Command::Validate { .. }
        | Command::Init { .. } => return Ok(()),
    };

    let mut store = Store::open(&paths.db)?;
    store.sync(&roadmap, now.to_utc())?;

    let text = match plan {
        Plan::Write(intent) => {
            let r = progress::apply(&mut store, intent)?;
            if json {
                render::json(&r)
            } else {
                render::write(&r, &ui)
            }
        }
        Plan::Status(section) => {
            let r = view::status(&store, &ctx, section.as_deref())?;
            if json {
                render::json(&r)
            } else {
                render::status(&r, &ui)
            }
        }
        Plan::List(section, state) => {
            let rows = view::list(&store, &ctx, section.as_deref(), state)?;
            if json {
                render::json(&rows)
            } else {
                render::topics(&rows, &ui)
            }
        }
        Plan::Next(count) => {
            let rows = view::next(&store, &ctx, count)?;
            if json {
                render::json(&rows)
            } else if rows.is_empty() {
                "Nothing to start: every todo topic waits on a prerequisite.\n".to_string()
            } else {
                render::topics(&rows, &ui)
            }
        }
        Plan::Show(topic) => {
            let r = view::show(&store, &ctx, topic)?;
            if json {
                render::json(&r)
            } else {
                render::show(&r, &ui)
            }
        }
        Plan::History(query) => {
            let events = view::history(&store, &query)?;
            if json {
                render::json(&events)
            } else {
                render::history(&events, &ui)
            }
        }
        Plan::Summary(period, as_json) => {
            let r = summary::summary(&store, &ctx, period)?;
            if as_json {
                render::json(&r)
            } else {
                render::markdown::summary(&r, ctx.today())
            }
        }
        Plan::Activity(weeks) => {
            let days = store.days(chrono::NaiveDate::MIN, ctx.today())?;
            let r = crate::report::activity::activity(&days, ctx.today(), weeks);
            if json {
                render::json(&r)
            } else {
                render::activity(&r, &ui)
            }
        }
        Plan::Roadmaps => {
            let known = store.roadmaps()?;
            if json {
                render::json(&known)
            } else {
                render::roadmaps(&known, &roadmap.id, &ui)
            }
        }
        Plan::Export(None) => {
            data::export(&store, out)?;
            String::new()
        }
        Plan::Export(Some(path)) => {
            let write_err = |source| crate::error::Error::Write {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::create(&path).map_err(write_err)?;
            let mut file = std::io::BufWriter::new(file);
            let n = data::export(&store, &mut file)?;
            file.into_inner()
                .map_err(|e| write_err(e.into_error()))?
                .sync_all()
                .map_err(write_err)?;
            format!("exported {n} events to {}\n", path.display())
        }
        Plan::Import(path) => {
            let r = data::import(&mut store, &path)?;
            if json {
                render::json(&r)
            } else {
                format!(
                    "imported {} new events ({} read, {} already here)\n",
                    r.added,
                    r.read,
                    r.read - r.added
                )
            }
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn state_of(s: StateArg) -> State {
    match s {
        StateArg::Todo => State::Todo,
        StateArg::Doing => State::Doing,
        StateArg::Done => State::Done,
        StateArg::Skipped => State::Skipped,
    }
}

/// Decides colour and width: `--color` wins; with auto, NO_COLOR (non-empty) means none,
/// CLICOLOR_FORCE (not 0) means colour, else colour only on a terminal.
fn ui(choice: ColorChoice) -> Ui {
    let tty = std::io::stdout().is_terminal();
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some() {
                false
            } else if let Some(v) = env("CLICOLOR_FORCE") {
                v != "0"
            } else {
                tty
            }
        }
    };
    let width = tty.then(terminal_width);
    Ui { color, width }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| *w >= 20)
        .or_else(|| comfy_table::Table::new().width().map(usize::from))
        .unwrap_or(80)
}
