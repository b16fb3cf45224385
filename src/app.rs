//! The dispatcher: turns parsed arguments into paths, the roadmap, the store and a command,
//! and renders what the command returns to `out`.
//!
//! Order matters for safety: the roadmap is validated (or found, already validated, in an
//! existing store) and every argument is checked before anything is written, and before a
//! new store is created, so bad input never changes the store.

use std::io::{IsTerminal, Write};

use crate::cli::{Cli, ColorChoice, Command, RatingArg, StateArg, SummaryFormat, WriteArgs};
use crate::clock;
use crate::commands::{Ctx, data, plan, progress, setup, summary, view};
use crate::error::Result;
use crate::model::{EventKind, Rating, State};
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
        Command::Completions { shell } => return crate::complete::registration(*shell, out),
        Command::Man => return setup::man(out),
        Command::Paths => {
            let p = setup::paths(&paths);
            let text = output(out, json, &p, |p| {
                format!(
                    "store:   {}\nroadmap: {}\nuser roadmap (init writes it): {}\n",
                    p.store,
                    p.roadmap,
                    p.user_roadmap.as_deref().unwrap_or("(no config dir)")
                )
            })?;
            return Ok(out.write_all(text.as_bytes())?);
        }
        Command::Validate { file } => {
            let v = setup::validate(file)?;
            let text = output(out, json, &v, |v| {
                format!(
                    "ok: {}: roadmap `{}`, {}, {}\n",
                    crate::text::line(&v.file),
                    v.id,
                    crate::text::count(v.sections as u64, "section"),
                    crate::text::count(v.topics as u64, "topic")
                )
            })?;
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
    // Backups need the store alone: they work while the roadmap file is half edited, or
    // broken, and leave syncing it to the next command that uses it.
    match &cli.command {
        Command::Export { output: None } => {
            data::export(&Store::open(&paths.db)?, out)?;
            return Ok(());
        }
        Command::Export { output: Some(path) } => {
            let n = data::export_to_file(&Store::open(&paths.db)?, path)?;
            let events = crate::text::count(n as u64, "event");
            let text = format!("exported {events} to {}\n", path.display());
            return Ok(out.write_all(text.as_bytes())?);
        }
        Command::Import { file } => {
            // The file first: a wrong path, or into a new store a bad line, creates no store.
            let opened = data::open_import(file)?;
            let now = now.with_timezone(&chrono::Utc);
            if !paths.db.exists() {
                data::check_import(file, now)?;
            }
            let mut store = Store::open(&paths.db)?;
            let r = data::import(&mut store, opened, file, now)?;
            let text = output(out, json, &r, |r| {
                format!(
                    "imported {} ({} read, {} already here)\n",
                    crate::text::count(r.added as u64, "new event"),
                    r.read,
                    r.read - r.added
                )
            })?;
            return Ok(out.write_all(text.as_bytes())?);
        }
        _ => {}
    }
    // An existing store may hold this very roadmap, parsed and validated: then the file is
    // only hashed, a piece at a time. A new store is created only once the arguments have
    // been checked.
    let existing = if paths.db.exists() {
        Some(Store::open(&paths.db)?)
    } else {
        None
    };
    let cached = match &existing {
        Some(store) => {
            let hash = match &paths.roadmap {
                Some(p) => roadmap::file_hash(p)?,
                None => roadmap::content_hash(roadmap::EMBEDDED),
            };
            store.cached_roadmap(&hash)?
        }
        None => None,
    };
    let from_store = cached.is_some();
    let mut roadmap = match cached {
        Some(r) => r,
        None => {
            let mut read = roadmap::load(&match &paths.roadmap {
                Some(p) => Source::read(p)?,
                None => Source::embedded(),
            })?;
            // A changed file: renames made in earlier versions carry over (see
            // Roadmap::inherit_renames); the store keeps the result, so this runs once.
            if let Some(store) = &existing
                && let Some(before) = store.synced_roadmap(&read.id)?
            {
                read.inherit_renames(&before);
            }
            read
        }
    };
    // A topic argument that names no current topic may name a retired one, whose history
    // the store keeps: only then are they read.
    if let (Some(store), Some(query)) = (&existing, topic_argument(&cli.command))
        && resolve::topic(&roadmap, query).is_err()
    {
        roadmap.retired = store
            .retired_topics(&roadmap.id)?
            .into_iter()
            .map(|(t, _)| roadmap::Topic::retired(t.id, t.section, t.title))
            .collect();
    }
    // Summaries and resources are read from the store only by the commands that show them.
    if let Some(store) = &existing {
        match &cli.command {
            Command::Show { topic } => {
                let id = resolve::topic(&roadmap, topic)?.id.clone();
                store.fill_details(&mut roadmap, Some(&id))?;
            }
            Command::List { .. } | Command::Next { .. } if json => {
                store.fill_details(&mut roadmap, None)?;
            }
            _ => {}
        }
    }
    let ctx = Ctx {
        roadmap: &roadmap,
        now,
    };

    // Check every argument before anything is written (or a new store is created).
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
    enum Job<'r> {
        Write(progress::Intent<'r>),
        Status(Option<String>),
        List(Option<String>, Option<State>),
        Next(usize),
        Show(&'r roadmap::Topic),
        History(view::HistoryQuery<'r>),
        Roadmaps,
        Due,
        Review(progress::Intent<'r>, crate::model::Rating),
        Pace(Option<chrono::NaiveDate>, Option<f64>),
        Today(Option<u32>),
        Activity(u32),
        Summary(crate::report::summary::Period, bool),
    }
    let job = match &cli.command {
        Command::Start(a) => Job::Write(write(EventKind::Start, a)?),
        Command::Check(a) => Job::Write(write(EventKind::Check, a)?),
        Command::Uncheck(a) => Job::Write(write(EventKind::Uncheck, a)?),
        Command::Skip(a) => Job::Write(write(EventKind::Skip, a)?),
        Command::Log {
            topic,
            duration,
            when,
            note,
        } => Job::Write(progress::prepare(
            &ctx,
            EventKind::Log,
            topic,
            when.on.as_deref(),
            Some(duration),
            note.as_deref(),
        )?),
        Command::Note { topic, text, when } => Job::Write(progress::prepare(
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
            Job::Status(section.clone())
        }
        Command::List { section, state } => {
            if let Some(s) = section {
                ctx.section(s)?;
            }
            Job::List(section.clone(), state.map(state_of))
        }
        Command::Next { count } => Job::Next(*count),
        Command::Show { topic } => Job::Show(resolve::topic(&roadmap, topic)?),
        Command::History {
            since,
            until,
            topic,
        } => Job::History(view::HistoryQuery::parse(
            &ctx,
            since.as_deref(),
            until.as_deref(),
            topic.as_deref(),
        )?),
        Command::Roadmaps => Job::Roadmaps,
        Command::Review { topic: None, .. } => Job::Due,
        Command::Review {
            topic: Some(topic),
            rating,
            when,
        } => {
            let rating = match rating {
                Some(RatingArg::Again) => Rating::Again,
                Some(RatingArg::Hard) => Rating::Hard,
                Some(RatingArg::Easy) => Rating::Easy,
                _ => Rating::Good,
            };
            let intent = progress::prepare(
                &ctx,
                EventKind::Review,
                topic,
                when.on.as_deref(),
                None,
                None,
            )?;
            Job::Review(intent, rating)
        }
        Command::Plan { by, hours_per_week } => Job::Pace(
            by.as_deref().map(|b| plan::parse_by(&ctx, b)).transpose()?,
            hours_per_week.map(plan::parse_hours).transpose()?,
        ),
        Command::Today { minutes } => Job::Today(*minutes),
        Command::Activity { weeks } => Job::Activity(*weeks),
        Command::Summary {
            week,
            since,
            until,
            format,
        } => Job::Summary(
            summary::period(&ctx, week.as_deref(), since.as_deref(), until.as_deref())?,
            json || *format == SummaryFormat::Json,
        ),
        Command::Completions { .. }
        | Command::Man
        | Command::Paths
        | Command::Validate { .. }
        | Command::Init { .. }
        | Command::Export { .. }
        | Command::Import { .. } => return Ok(()),
    };

    let mut store = match existing {
        Some(store) => store,
        None => Store::open(&paths.db)?,
    };
    store.sync(&roadmap, now.to_utc(), from_store)?;

    let text = match job {
        Job::Write(intent) => {
            let r = progress::apply(&mut store, intent)?;
            output(out, json, &r, |r| render::write(r, &ui))?
        }
        Job::Status(section) => {
            let r = view::status(&store, &ctx, section.as_deref())?;
            output(out, json, &r, |r| render::status(r, &ui))?
        }
        Job::List(section, state) => {
            let rows = view::list(&store, &ctx, section.as_deref(), state)?;
            output(out, json, &rows, |rows| render::topics(rows, &ui))?
        }
        Job::Next(count) => {
            let (rows, any_todo) = view::next(&store, &ctx, count)?;
            output(out, json, &rows, |rows| render::next(rows, any_todo, &ui))?
        }
        Job::Show(topic) => {
            let r = view::show(&store, &ctx, topic)?;
            output(out, json, &r, |r| render::show(r, &ui))?
        }
        Job::History(query) => match view::history_read(&store, &query)? {
            view::HistoryRead::Whole => {
                let events = view::history(&store, &query)?;
                output(out, json, &events, |events| render::history(events, &ui))?
            }
            view::HistoryRead::Streamed { topics } => {
                history_streamed(&store, &query, &topics, json, &ui, out)?;
                String::new()
            }
        },
        Job::Summary(period, as_json) => {
            let r = summary::summary(&store, &ctx, period)?;
            output(out, as_json, &r, |r| {
                render::markdown::summary(r, ctx.today())
            })?
        }
        Job::Activity(weeks) => {
            // On a terminal, the most recent weeks that fit its width (JSON has them all).
            let shown = match ui.width {
                Some(w) if !json => weeks.min(render::activity_weeks_fitting(w)),
                _ => weeks,
            };
            let days = store.days(chrono::NaiveDate::MIN, ctx.today())?;
            let r = crate::report::activity::activity(&days, ctx.today(), shown);
            output(out, json, &r, |r| render::activity(r, weeks, &ui))?
        }
        Job::Due => {
            let due = plan::due(&store, &ctx)?;
            output(out, json, &due, |due| render::due(due, &ui))?
        }
        Job::Review(intent, rating) => {
            let r = plan::record(&mut store, intent, rating)?;
            output(out, json, &r, |r| render::write(r, &ui))?
        }
        Job::Pace(by, hours) => {
            let r = plan::plan(&mut store, &ctx, by, hours)?;
            output(out, json, &r, |r| match r {
                plan::PlanOutcome::Projection(p) => render::plan(p, &ui),
                plan::PlanOutcome::HoursOnly { hours_per_week, .. } => {
                    render::hours_only(*hours_per_week)
                }
            })?
        }
        Job::Today(minutes) => {
            let (budget, items) = plan::today(&store, &ctx, minutes)?;
            output(out, json, &items, |items| render::today(budget, items, &ui))?
        }
        Job::Roadmaps => {
            let known = store.roadmaps()?;
            if json {
                // Each as the store knows it, and whether it is the one in use.
                #[derive(serde::Serialize)]
                struct Row<'a> {
                    #[serde(flatten)]
                    known: &'a crate::model::KnownRoadmap,
                    in_use: bool,
                }
                let rows: Vec<Row> = known
                    .iter()
                    .map(|k| Row {
                        known: k,
                        in_use: k.id == roadmap.id,
                    })
                    .collect();
                render::write_json(out, &rows)?;
                String::new()
            } else {
                render::roadmaps(&known, &roadmap.id, &ui)
            }
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// `history` of a period too long to hold (years of a busy log), written as it is read:
/// the same JSON or text as for a short period, memory flat however long the period. On a
/// terminal the table is cut to its width, as the text of a pipe is not.
fn history_streamed(
    store: &Store,
    query: &view::HistoryQuery,
    topics: &[String],
    json: bool,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<()> {
    if json {
        return render::write_json_seq(out, |seq| view::each_in_history(store, query, seq));
    }
    let mut pipe = render::HistoryPipe::new(topics.iter().map(String::as_str), ui.width);
    let mut text = String::with_capacity(1 << 16);
    pipe.header(&mut text);
    view::each_in_history(store, query, |e| {
        pipe.event(&mut text, &e);
        if text.len() >= 1 << 16 {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
        Ok(())
    })?;
    Ok(out.write_all(text.as_bytes())?)
}

/// With `--json`, writes one JSON document to `out` as it is made (a 10,000-topic
/// `list --json` is megabytes) and returns nothing more to write; else the text rendering.
fn output<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> Result<String> {
    if json {
        render::write_json(out, value)?;
        Ok(String::new())
    } else {
        Ok(text(value))
    }
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
            } else {
                env("CLICOLOR_FORCE").is_some_and(|v| v != "0") || tty
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

/// The topic a command names, if it names one.
fn topic_argument(command: &Command) -> Option<&str> {
    match command {
        Command::Start(a) | Command::Check(a) | Command::Uncheck(a) | Command::Skip(a) => {
            Some(&a.topic)
        }
        Command::Log { topic, .. } | Command::Note { topic, .. } | Command::Show { topic } => {
            Some(topic)
        }
        Command::History { topic, .. } | Command::Review { topic, .. } => topic.as_deref(),
        _ => None,
    }
}
