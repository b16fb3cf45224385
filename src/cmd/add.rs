//! `roadmap add FILE [--id ID] [--on DATE]`: keeps a roadmap (TOML) or a Markdown checklist
//! or curriculum under the config dir, makes it the roadmap in use, and records its ticks.
//!
//! A Markdown file becomes a roadmap through [`crate::checklist`]; its text is kept beside
//! the roadmap, so that `checklist` can give it back with the store's ticks. Adding a newer
//! version of a roadmap already added (the learner pulled upstream changes into their fork)
//! updates it in place: a reworded item keeps its progress through `renamed_from`, a removed
//! one is retired with its history. Everything is read and checked before anything is
//! written; the store is the truth, so `add` records ticks but never unchecks anything.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use crate::app::Edges;
use crate::checklist::{self, Checklist};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{Event, EventKind, State};
use crate::roadmap::{self, Roadmap, Source};
use crate::store::Store;
use crate::text::{count, line};

/// The arguments of `add`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A roadmap file (TOML), or a Markdown checklist or curriculum
    pub file: PathBuf,
    /// The id to keep it under [default: the roadmap's own id, or the Markdown's first heading]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The day the ticks in the file were made [default: today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
}

/// What `add` found and did.
#[derive(Debug, Serialize)]
pub struct AddReport {
    pub id: String,
    pub title: String,
    pub file: String,
    /// `markdown` or `toml`.
    pub format: &'static str,
    /// Whether a roadmap with this id had been added before (and was updated).
    pub updated: bool,
    pub sections: usize,
    pub topics: usize,
    pub estimates: usize,
    pub prerequisites: usize,
    /// Items ticked in the file.
    pub ticked: usize,
    /// The topics checked now (ticked, and not done in the store yet).
    pub checked: Vec<String>,
    /// What could not be read, by line.
    pub warnings: Vec<Warning>,
    /// Against the version added before: new topics, reworded ones, removed ones.
    pub added: Vec<String>,
    pub reworded: Vec<Reworded>,
    pub removed: Vec<String>,
}

/// A line of the file that could not be read as it was meant.
#[derive(Debug, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// A topic that kept its progress under a new id.
#[derive(Debug, Serialize)]
pub struct Reworded {
    pub from: String,
    pub to: String,
}

/// What `add` was given, read.
enum Input {
    /// A Markdown checklist or curriculum.
    Markdown(Checklist),
    /// A roadmap file.
    File(Roadmap),
}

/// The settings key that says a roadmap is added (`added`) or was removed (empty). Settings
/// travel with `sync`, so a roadmap removed on one machine leaves the list on all.
/// The key, kept on this machine alone (it never syncs), of the file a roadmap was added
/// from here: each machine has its own copy of a curriculum, at a path of its own.
pub(crate) fn from_key(id: &str) -> String {
    format!("added-from:{id}")
}

pub(crate) fn source_key(id: &str) -> String {
    format!("added:{id}")
}

/// Reads, checks and keeps the file, then records its ticks.
pub fn run(args: &Args, edges: &Edges) -> Result<AddReport> {
    let now = edges.now()?;
    let day = args
        .on
        .as_deref()
        .map(|d| super::date(d, now.date_naive()))
        .transpose()?;
    let source = Source::read(&args.file)?;
    if source.text.contains('\0') {
        return Err(Error::usage_hint(
            format!(
                "`{}` is not a text file",
                line(&args.file.display().to_string())
            ),
            "add takes a roadmap (.toml) or a Markdown checklist (.md)",
        ));
    }
    let markdown = is_markdown(&args.file, &source.text);
    let dir = crate::paths::added_dir()
        .ok_or_else(|| Error::usage("cannot find a config directory to keep the roadmap in"))?;

    // The new version, its id, and the version added before (if any).
    let mut input = if markdown {
        Input::Markdown(checklist::parse(&source.text).map_err(|m| {
            Error::usage_hint(
                format!("{}: {m}", line(&source.name)),
                "a checklist has task-list items (`- [ ] ...`) or course tables",
            )
        })?)
    } else {
        Input::File(roadmap::load(&source)?)
    };
    let (id, title) = match &input {
        Input::Markdown(cl) => {
            let stem = args
                .file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let named = if cl.title.trim().is_empty() {
                stem
            } else {
                cl.title.clone()
            };
            let id = match &args.id {
                Some(id) => id.clone(),
                None => checklist::ids::slug(&named),
            };
            (id, named)
        }
        Input::File(r) => (args.id.clone().unwrap_or(r.id.clone()), r.title.clone()),
    };
    check_id(&id, args.id.is_some())?;
    let file_toml = dir.join(format!("{id}.toml"));
    let file_md = dir.join(format!("{id}.md"));
    let previous = match file_toml.is_file() {
        true => Some(roadmap::load(&Source::read(&file_toml)?)?),
        false => None,
    };
    let store = if edges.paths.db.exists() {
        Some(Store::open(&edges.paths.db)?)
    } else {
        None
    };
    let here = std::path::absolute(&args.file)
        .unwrap_or_else(|_| args.file.clone())
        .display()
        .to_string();
    if let Some(store) = &store
        && previous.is_some()
        && let Some(from) = store.sync_value(&from_key(&id))?
        && !from.is_empty()
        && from != here
    {
        return Err(Error::usage_hint(
            format!(
                "roadmap `{id}` was added from another file, `{}`",
                line(&from)
            ),
            format!("pass --id to add this one beside it, or `roadmap remove {id}` first"),
        ));
    }

    // The roadmap, as the file under the config dir will hold it.
    let mut diff = checklist::Diff::default();
    let text = match &mut input {
        Input::Markdown(cl) => {
            if let Some(before) = &previous {
                let pairs: Vec<(String, String)> = before
                    .topics()
                    .map(|t| (t.id.clone(), t.title.clone()))
                    .collect();
                diff = checklist::follow(&pairs, cl);
            }
            roadmap::to_toml(&checklist::to_roadmap(cl, &id, &title))
        }
        Input::File(r) => {
            if let Some(before) = &previous {
                diff = id_diff(before, r);
            }
            if r.id == id {
                source.text.clone()
            } else {
                r.id = id.clone();
                roadmap::to_toml(r)
            }
        }
    };
    let kept_name = file_toml.display().to_string();
    let mut roadmap = roadmap::load(&Source {
        name: kept_name,
        text: text.clone(),
    })?;

    // Written: the roadmap (and the Markdown it came from), then the store.
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    if markdown {
        super::write_atomic(&file_md, source.text.as_bytes())?;
    }
    super::write_atomic(&file_toml, text.as_bytes())?;
    let mut store = match store {
        Some(store) => store,
        None => Store::open(&edges.paths.db)?,
    };
    if let Some(before) = store.synced_roadmap(&roadmap.id)? {
        roadmap.inherit_renames(&before);
    }
    let at = now.to_utc();
    store.sync(&roadmap, at, false)?;
    crate::settings::set_in_use(&mut store, &id, at)?;
    store.set_settings(&[(&source_key(&id), "added".to_string())], at)?;
    store.set_sync_values(&[(&from_key(&id), &here)])?;

    let ticked: Vec<&str> = match &input {
        Input::Markdown(cl) => cl
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| i.ticked)
            .map(|i| i.id.as_str())
            .collect(),
        Input::File(_) => Vec::new(),
    };
    let mut events = Vec::new();
    for topic in roadmap.topics().filter(|t| ticked.contains(&t.id.as_str())) {
        if super::topic_status(&store, topic)?.state != State::Done {
            events.push(Event {
                id: Uuid::now_v7().to_string(),
                topic: topic.id.clone(),
                kind: EventKind::Check,
                at: clock::stamp(day, now),
                minutes: None,
                note: None,
                rating: None,
            });
        }
    }
    store.append(&events)?;

    let topics: Vec<_> = roadmap.topics().collect();
    Ok(AddReport {
        id,
        title: roadmap.title.clone(),
        file: source.name.clone(),
        format: if markdown { "markdown" } else { "toml" },
        updated: previous.is_some(),
        sections: roadmap.sections.len(),
        topics: topics.len(),
        estimates: topics.iter().filter(|t| t.estimate.is_some()).count(),
        prerequisites: topics.iter().map(|t| t.requires.len()).sum(),
        ticked: ticked.len(),
        checked: events.into_iter().map(|e| e.topic).collect(),
        warnings: match &input {
            Input::Markdown(cl) => cl
                .warnings
                .iter()
                .map(|(line, message)| Warning {
                    line: *line,
                    message: message.clone(),
                })
                .collect(),
            Input::File(_) => Vec::new(),
        },
        added: diff.added,
        reworded: diff
            .reworded
            .into_iter()
            .map(|(from, to)| Reworded { from, to })
            .collect(),
        removed: diff.removed,
    })
}

/// Whether `file` is Markdown: by its extension, else by its text (a roadmap file has a
/// `[roadmap]` table).
fn is_markdown(file: &Path, text: &str) -> bool {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("toml") => false,
        Some("md" | "markdown" | "mdown" | "mkd" | "txt") => true,
        _ => !text.lines().any(|l| l.trim() == "[roadmap]"),
    }
}

/// An id `add` can keep a roadmap under: one of the id grammar, and not the built-in
/// roadmap's (its progress would mix with the curriculum's).
fn check_id(id: &str, given: bool) -> Result<()> {
    if !roadmap::is_valid_id(id) {
        return Err(Error::usage_hint(
            format!("bad roadmap id `{}`", line(id)),
            "ids are lowercase letters and digits in words joined by `-`, like `cs-course`",
        ));
    }
    if roadmap::builtin(id).is_some() {
        return Err(Error::usage_hint(
            format!("`{id}` is the id of a built-in roadmap"),
            if given {
                "choose another id with --id".to_string()
            } else {
                format!("pass --id to keep it under another id, like --id my-{id}")
            },
        ));
    }
    Ok(())
}

/// New, renamed and removed topics between two versions of a roadmap file.
fn id_diff(before: &Roadmap, after: &Roadmap) -> checklist::Diff {
    let old: HashSet<&str> = before.topics().map(|t| t.id.as_str()).collect();
    let new: HashSet<&str> = after.topics().map(|t| t.id.as_str()).collect();
    let mut diff = checklist::Diff::default();
    let mut renamed = HashSet::new();
    for t in after.topics() {
        match t
            .renamed_from
            .iter()
            .find(|r| old.contains(r.as_str()) && !new.contains(r.as_str()))
        {
            Some(from) if !old.contains(t.id.as_str()) => {
                renamed.insert(from.as_str());
                diff.reworded.push((from.clone(), t.id.clone()));
            }
            _ if !old.contains(t.id.as_str()) => diff.added.push(t.id.clone()),
            _ => {}
        }
    }
    diff.removed = before
        .topics()
        .map(|t| t.id.as_str())
        .filter(|id| !new.contains(id) && !renamed.contains(id))
        .map(str::to_string)
        .collect();
    diff
}

/// `add` as text: what was found, the diff against the version before, what was ticked.
pub fn render(r: &AddReport) -> String {
    let mut out = format!(
        "{} roadmap `{}` ({}) from {}\n",
        if r.updated { "updated" } else { "added" },
        r.id,
        line(&r.title),
        line(&r.file)
    );
    out += &format!(
        "  {}, {}, {}, {}\n",
        count(r.sections as u64, "section"),
        count(r.topics as u64, "topic"),
        count(r.estimates as u64, "estimate"),
        count(r.prerequisites as u64, "prerequisite")
    );
    if r.format == "markdown" {
        out += &format!(
            "  {} in the file; {} checked now\n",
            count(r.ticked as u64, "tick"),
            r.checked.len()
        );
    }
    if r.updated {
        if r.added.is_empty() && r.reworded.is_empty() && r.removed.is_empty() {
            out += "  no topic added, reworded or removed\n";
        }
        for id in &r.added {
            out += &format!("  added:    {id}\n");
        }
        for w in &r.reworded {
            out += &format!(
                "  reworded: {} -> {} (its progress follows)\n",
                w.from, w.to
            );
        }
        for id in &r.removed {
            out += &format!("  removed:  {id} (retired; its history is kept)\n");
        }
    }
    for w in &r.warnings {
        out += &format!("  line {}: {}\n", w.line, line(&w.message));
    }
    out += &format!("now in use: `{}`\n", r.id);
    out
}
