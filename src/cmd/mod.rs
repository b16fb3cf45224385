//! The commands, one module each (as zoxide's `src/cmd/`): its clap arguments, its
//! computation, a pure function of the store, the roadmap and `now` that returns a report
//! and never prints, and its rendering of that report to text (JSON is the report's
//! `Serialize`). This module holds what they share and [`dispatch`], one exhaustive `match`
//! over [`Command`], so that a new command without its module does not compile.
//!
//! A command that uses the roadmap checks its arguments (topic, date, duration) against it
//! before it opens the store ([`crate::app::StoreSlot::open`]), so bad input leaves the
//! store exactly as it was, or creates none.

pub mod activity;
pub mod add;
pub mod card;
pub mod checklist;
pub mod completions;
pub mod estimates;
pub mod export;
pub mod history;
pub mod import;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod map;
pub mod mark;
pub mod next;
pub mod note;
pub mod paths;
pub mod plan;
pub mod remove;
pub mod review;
pub mod roadmaps;
pub mod show;
pub mod status;
pub mod summary;
pub mod sync;
pub mod today;
pub mod track;
pub mod use_roadmap;
pub mod validate;

use std::collections::{HashMap, HashSet};
use std::io::Write;

use chrono::{DateTime, Duration, Local, NaiveDate, Utc};

use crate::app::Edges;
use crate::cli::Command;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{EventKind, State, Status};
use crate::render;
use crate::report::Progress;
use crate::report::calibration::Calibration;
use crate::report::plan::{PaceInput, PlanReport};
use crate::roadmap::{Roadmap, Topic};
use crate::settings;
use crate::store::Store;
use crate::timeparse;

/// Runs `command` and writes what it returns to `out`: as JSON with `--json`, else as its
/// text. Every command is named here, with no catch-all arm.
pub fn dispatch(command: &Command, edges: &Edges, out: &mut dyn Write) -> Result<()> {
    let (json, ui) = (edges.json, &edges.ui);
    match command {
        Command::Completions(a) => completions::run(a, out),
        Command::Man => man::run(out),
        Command::Paths => emit(out, json, &paths::run(edges)?, paths::render),
        Command::Validate(a) => emit(out, json, &validate::run(a)?, validate::render),
        Command::Init(a) => text(out, &init::render(&init::run(a, &edges.paths)?)),
        Command::Export(a) => export::run(a, &edges.store()?, out),
        Command::Import(a) => {
            let now = edges.now()?;
            // The file first: a wrong path, or into a new store a bad line, creates no store.
            let checked = import::check(a, edges.paths.db.exists(), now)?;
            let r = import::run(&mut edges.store()?, checked, now)?;
            emit(out, json, &r, import::render)
        }
        Command::Sync(a) => {
            let r = sync::run(a, edges)?;
            emit(out, json, &r, sync::render)
        }
        Command::Start(a) => mark(out, edges, EventKind::Start, a),
        Command::Check(a) => mark(out, edges, EventKind::Check, a),
        Command::Uncheck(a) => mark(out, edges, EventKind::Uncheck, a),
        Command::Skip(a) => mark(out, edges, EventKind::Skip, a),
        Command::Log(a) => {
            let r = log::run(a, &mut edges.session(Some(&a.topic))?)?;
            emit(out, json, &r, |r| mark::render(r, ui))
        }
        Command::Note(a) => {
            let r = note::run(a, &mut edges.session(Some(&a.topic))?)?;
            emit(out, json, &r, |r| mark::render(r, ui))
        }
        Command::Review(a) => {
            let r = review::run(a, &mut edges.session(a.topic.as_deref())?)?;
            emit(out, json, &r, |r| review::render(r, ui))
        }
        Command::Status(a) => {
            let r = status::run(a, &mut edges.session(None)?)?;
            emit(out, json, &r, |r| status::render(r, ui))
        }
        Command::List(a) => {
            let mut s = edges.session(None)?;
            emit(out, json, &list::run(a, &mut s)?, |r| list::render(r, ui))
        }
        Command::Next(a) => {
            let mut s = edges.session(None)?;
            emit(out, json, &next::run(a, &mut s)?, |r| next::render(r, ui))
        }
        Command::Show(a) => {
            let mut s = edges.session(Some(&a.topic))?;
            emit(out, json, &show::run(a, &mut s)?, |r| show::render(r, ui))
        }
        Command::History(a) => history::run(a, &mut edges.session(a.topic.as_deref())?, out),
        Command::Add(a) => emit(out, json, &add::run(a, edges)?, add::render),
        Command::Use(a) => emit(out, json, &use_roadmap::run(a, edges)?, use_roadmap::render),
        Command::Remove(a) => emit(out, json, &remove::run(a, edges)?, remove::render),
        Command::Checklist(a) => {
            let chosen = a.id.as_deref().and_then(|id| edges.with_added(id));
            let r = checklist::run(a, &mut chosen.as_ref().unwrap_or(edges).session(None)?)?;
            emit(out, json, &r, |r| checklist::render(r, ui))
        }
        Command::Roadmaps => {
            let mut s = edges.session(None)?;
            emit(out, json, &roadmaps::run(&mut s)?, |r| {
                roadmaps::render(r, ui)
            })
        }
        Command::Summary(a) => {
            let r = summary::run(a, &mut edges.session(None)?)?;
            emit(
                out,
                json || a.format == summary::SummaryFormat::Json,
                &r,
                summary::render,
            )
        }
        Command::Activity(a) => {
            let r = activity::run(a, &mut edges.session(None)?)?;
            emit(out, json, &r, |r| activity::render(r, ui))
        }
        Command::Plan(a) => {
            let r = plan::run(a, &mut edges.session(None)?)?;
            let json = json || a.format == Some(plan::Format::Json);
            emit(out, json, &r, |r| plan::render(r, ui))
        }
        Command::Track(a) => {
            let r = track::run(a, &mut edges.session(None)?)?;
            emit(out, json, &r, |r| track::render(r, ui))
        }
        Command::Estimates => {
            let r = estimates::run(&mut edges.session(None)?)?;
            emit(out, json, &r, |r| estimates::render(r, ui))
        }
        Command::Today(a) => {
            let r = today::run(a, &mut edges.session(None)?)?;
            emit(out, json, &r, |r| today::render(r, ui))
        }
        Command::Card(a) => emit(
            out,
            json,
            &card::run(a, &mut edges.session(None)?)?,
            card::render,
        ),
        Command::Map(a) => emit(
            out,
            json,
            &map::run(a, &mut edges.session(None)?)?,
            map::render,
        ),
    }
}

/// start, check, uncheck and skip.
fn mark(out: &mut dyn Write, edges: &Edges, kind: EventKind, a: &mark::Args) -> Result<()> {
    let r = mark::run(kind, a, &mut edges.session(Some(&a.topic))?)?;
    emit(out, edges.json, &r, |r| mark::render(r, &edges.ui))
}

/// With `json`, writes one JSON document to `out` as it is made (a 10,000-topic
/// `list --json` is megabytes); else the text rendering.
pub fn emit<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    render: impl FnOnce(&T) -> String,
) -> Result<()> {
    if json {
        render::write_json(out, value)?;
        Ok(())
    } else {
        text(out, &render(value))
    }
}

/// Writes text that has no JSON form.
fn text(out: &mut dyn Write, text: &str) -> Result<()> {
    Ok(out.write_all(text.as_bytes())?)
}

/// Parses a DATE argument, relative to `today`.
pub fn date(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    timeparse::parse_date(text, today).map_err(|m| {
        Error::usage_hint(
            m,
            "dates look like 2026-11-20, today, yesterday, friday or `3d ago`",
        )
    })
}

/// What every command that reads progress needs besides the store.
pub struct Ctx<'a> {
    pub roadmap: &'a Roadmap,
    /// The time of this command, read once.
    pub now: DateTime<Local>,
}

impl Ctx<'_> {
    /// Today, in local time.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Parses a DATE argument.
    pub fn date(&self, text: &str) -> Result<NaiveDate> {
        date(text, self.today())
    }

    /// Checks that a section id exists.
    pub fn section(&self, id: &str) -> Result<()> {
        if self.roadmap.sections.iter().any(|s| s.id == id) {
            return Ok(());
        }
        let ids: Vec<&str> = self
            .roadmap
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        Err(Error::usage_hint(
            format!(
                "unknown section `{}` in roadmap `{}`",
                crate::text::line(id),
                self.roadmap.id
            ),
            if ids.is_empty() {
                "this roadmap has no sections".to_string()
            } else {
                format!("sections: {}", ids.join(", "))
            },
        ))
    }
}

/// The ids whose events belong to `topic`: its own and those it was renamed from.
pub fn event_ids(topic: &Topic) -> Vec<&str> {
    std::iter::once(&*topic.id)
        .chain(topic.renamed_from.iter().map(|r| &**r))
        .collect()
}

/// The most events of a period a command holds in memory at once.
pub const HELD_EVENTS: u64 = 20_000;

/// Whether `since..until` holds more than [`HELD_EVENTS`] events. If it does, the store is
/// read sparingly from then on ([`Store::map_less`]): the command passes over most of it.
pub fn long_period(
    store: &Store,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Result<bool> {
    let long = store.count_between(since, until)? > HELD_EVENTS;
    if long {
        store.map_less()?;
    }
    Ok(long)
}

/// The roadmap with the state of every topic, including retired ones.
pub fn load_progress<'a>(store: &Store, roadmap: &'a Roadmap) -> Result<Progress<'a>> {
    let mut states = store.topic_states(roadmap)?;
    for (state, topic) in states.iter_mut().zip(roadmap.topics()) {
        if !topic.renamed_from.is_empty() {
            *state = topic_status(store, topic)?;
        }
    }
    let renamed: HashSet<&str> = roadmap
        .topics()
        .flat_map(|t| t.renamed_from.iter().map(|r| &**r))
        .collect();
    let retired: Vec<_> = store
        .retired_topics(&roadmap.id)?
        .into_iter()
        .filter(|(k, _)| !renamed.contains(k.id.as_str()))
        .collect();
    let track = chosen_track(store, roadmap)?;
    Ok(Progress::new(roadmap, &states, retired, track.as_deref()))
}

/// The day plan of a day-by-day roadmap (one whose sections have `days`), or `None`.
/// Day 1 is the day the learner first chose the roadmap with `use`, else the day of the
/// first event on any of its topics, else today.
pub fn day_plan(
    store: &Store,
    ctx: &Ctx,
    progress: &Progress,
) -> Result<Option<crate::report::days::DayPlan>> {
    let roadmap = ctx.roadmap;
    if roadmap.sections.iter().all(|s| s.days.is_none()) {
        return Ok(None);
    }
    let used = store.first_set(settings::ROADMAP_IN_USE, &roadmap.id)?;
    let first = match used {
        Some(at) => Some(at),
        None => {
            let ids: Vec<&str> = roadmap.topics().flat_map(event_ids).collect();
            store.first_event_of(&ids)?
        }
    };
    let today = ctx.today();
    let start = first.map_or(today, clock::local_day).min(today);
    Ok(crate::report::days::day_plan(
        roadmap, progress, start, today,
    ))
}

/// The track the learner chose last among the roadmap's tracks, if it has any.
pub fn chosen_track(store: &Store, roadmap: &Roadmap) -> Result<Option<String>> {
    if roadmap.tracks.is_empty() {
        return Ok(None);
    }
    let ids: Vec<&str> = roadmap.tracks.iter().map(|t| t.id.as_str()).collect();
    store.last_track_choice(&ids)
}

/// A topic's status now: from the store's cache, or, for a topic renamed from other ids,
/// folded over the events of all of them.
pub fn topic_status(store: &Store, topic: &Topic) -> Result<Status> {
    if topic.renamed_from.is_empty() {
        return store.cached_status(&topic.id);
    }
    let all = store.status_before(&event_ids(topic), &[DateTime::<Utc>::MAX_UTC])?;
    Ok(all.first().copied().unwrap_or_default())
}

/// Minutes logged on each topic in progress (including under the ids it was renamed from).
pub fn logged_on_doing(
    store: &Store,
    ctx: &Ctx,
    progress: &Progress,
) -> Result<HashMap<String, u64>> {
    let doing: HashSet<&str> = progress
        .topics
        .iter()
        .filter(|t| !t.retired && t.state == State::Doing)
        .map(|t| &*t.id)
        .collect();
    let mut logged = HashMap::new();
    for topic in ctx.roadmap.topics().filter(|t| doing.contains(&*t.id)) {
        logged.insert(
            topic.id.to_string(),
            store.minutes_logged(&event_ids(topic))?,
        );
    }
    Ok(logged)
}

/// The pace facts of the last four weeks, for `plan`, `status` and `summary`.
pub fn pace_input(
    store: &Store,
    ctx: &Ctx,
    progress: &Progress,
    by: NaiveDate,
) -> Result<PaceInput> {
    let today = ctx.today();
    let four_weeks_ago = today - Duration::days(27);
    let logged = logged_on_doing(store, ctx, progress)?;
    Ok(PaceInput {
        today,
        by,
        planned_hours_per_week: settings::hours_per_week(store)?,
        logged,
        minutes_last_4_weeks: store
            .days(four_weeks_ago, today)?
            .iter()
            .map(|d| d.minutes)
            .sum(),
        checked_last_4_weeks: store.checked_since(clock::day_start(four_weeks_ago))?,
        first_day: store.first_event_at()?.map(clock::local_day),
        given_hours_per_week: None,
        ratio: calibration(store, ctx, progress)?.applied_ratio(),
    })
}

/// The learner's time against the estimates of the topics they finished (`estimates`, and
/// the ratio `plan` applies).
pub fn calibration(store: &Store, ctx: &Ctx, progress: &Progress) -> Result<Calibration> {
    let logged = store.minutes_by_topic()?;
    let former: HashMap<&str, &[String]> = ctx
        .roadmap
        .topics()
        .filter(|t| !t.renamed_from.is_empty())
        .map(|t| (t.id.as_str(), t.renamed_from.as_slice()))
        .collect();
    Ok(crate::report::calibration::calibrate(
        progress, &logged, &former,
    ))
}

/// The projection to the target date, when one is set (`plan`, `status`, `summary`).
pub fn projection(store: &Store, ctx: &Ctx, progress: &Progress) -> Result<Option<PlanReport>> {
    match settings::target_date(store)? {
        Some(by) => {
            let input = pace_input(store, ctx, progress, by)?;
            Ok(Some(crate::report::plan::plan(progress, &input)))
        }
        None => Ok(None),
    }
}

/// Checks an output path (`--output`, `--ics`) before anything is read or written: a path
/// that names a directory, lies under a file, or is in a directory that does not exist is
/// bad input (exit 2), where [`write_atomic`] would fail, or make directories a typo named,
/// only after the work was done.
pub fn check_output(path: &std::path::Path) -> Result<()> {
    let shown = |p: &std::path::Path| crate::text::line(&p.display().to_string()).into_owned();
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return Err(Error::usage_hint(
            format!("bad output path `{}`", shown(path)),
            "name a file, like card.svg",
        ));
    }
    if path.is_dir() {
        return Err(Error::usage(format!(
            "cannot write `{}`: it is a directory",
            shown(path)
        )));
    }
    let existing = path.ancestors().skip(1).find(|a| a.exists());
    if let Some(a) = existing.filter(|a| !a.as_os_str().is_empty() && !a.is_dir()) {
        return Err(Error::usage(format!(
            "cannot write `{}`: `{}` is not a directory",
            shown(path),
            shown(a)
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::usage_hint(
            format!(
                "cannot write `{}`: directory `{}` does not exist",
                shown(path),
                shown(dir)
            ),
            "create the directory first, or write the file elsewhere",
        ));
    }
    Ok(())
}

/// Writes `path` whole or not at all: a temporary file beside it (its directory made if
/// missing), on disk before it replaces `path`. On failure `path` is as it was.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(err)
}
