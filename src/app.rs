//! The edges of a run: paths, the terminal, the clock, the roadmap and the store. Each
//! command gets from here what it needs, when it needs it, through [`Edges`] and
//! [`Session`]; [`crate::cmd`] dispatches to the commands.
//!
//! Order matters for safety: the roadmap is validated (or found, already validated, in an
//! existing store) before a command checks its arguments, and a new store is created, or
//! the roadmap synced into it, only when the command asks for the store ([`StoreSlot::open`]),
//! after its arguments were checked. Bad input never changes the store.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::{DateTime, Local};

use crate::cli::{Cli, ColorChoice};
use crate::clock;
use crate::cmd::{self, Ctx};
use crate::error::Result;
use crate::paths::{Paths, RoadmapFile};
use crate::render::Ui;
use crate::resolve;
use crate::roadmap::{self, Roadmap, Source};
use crate::store::Store;

/// Runs one command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let edges = Edges {
        ui: ui(cli.color),
        json: cli.json,
        paths: Paths::resolve(cli.db.as_deref(), cli.roadmap.as_deref())?,
    };
    cmd::dispatch(&cli.command, &edges, out)
}

/// What every command may use: where things are and how output should look.
#[derive(Debug, Clone)]
pub struct Edges {
    pub paths: Paths,
    pub ui: Ui,
    /// `--json`.
    pub json: bool,
}

impl Edges {
    /// The time of this command, read once by each command that needs it.
    pub fn now(&self) -> Result<DateTime<Local>> {
        clock::now()
    }

    /// These edges with the roadmap `add` keeps as `id` named, as `--roadmap ID` names it;
    /// `None` if there is no such roadmap.
    pub fn with_added(&self, id: &str) -> Option<Edges> {
        let file = crate::paths::added_roadmap(id)?;
        let mut edges = self.clone();
        edges.paths.roadmap = Some(RoadmapFile::Path(file));
        edges.paths.named = true;
        Some(edges)
    }

    /// The roadmap in use (`None`: the default built-in roadmap): the one named by
    /// `--roadmap` or ROADMAP_FILE, else the one `use` (or `add`) chose, as `store`
    /// remembers it, else the default.
    pub fn roadmap_file(&self, store: Option<&Store>) -> Result<Option<RoadmapFile>> {
        let chosen = match store {
            Some(store) if !self.paths.named => crate::settings::in_use(store)?
                .as_deref()
                .and_then(RoadmapFile::by_id),
            _ => None,
        };
        Ok(chosen.or_else(|| self.paths.roadmap.clone()))
    }

    /// Opens the store as it is, for the commands that need the store alone (backups work
    /// while the roadmap file is half edited, or broken).
    pub fn store(&self) -> Result<Store> {
        Store::open(&self.paths.db)
    }

    /// Loads the roadmap in use, from an existing store that holds it already if it can.
    /// `topic` is the topic the command names, if any: when it names no current topic it
    /// may name a retired one, whose history the store keeps, and only then are those read.
    /// No store is created here.
    pub fn session(&self, topic: Option<&str>) -> Result<Session> {
        let now = self.now()?;
        let paths = &self.paths;
        // An existing store may hold this very roadmap, parsed and validated: then the file
        // is only hashed, a piece at a time.
        let existing = if paths.db.exists() {
            Some(Store::open(&paths.db)?)
        } else {
            None
        };
        let file = self.roadmap_file(existing.as_ref())?;
        let cached = match &existing {
            Some(store) => {
                let hash = match &file {
                    Some(f) => f.hash()?,
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
                let mut read = roadmap::load(&match &file {
                    Some(f) => f.source()?,
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
        if let (Some(store), Some(query)) = (&existing, topic)
            && resolve::topic(&roadmap, query).is_err()
        {
            roadmap.retired = store
                .retired_topics(&roadmap.id)?
                .into_iter()
                .map(|(t, _)| roadmap::Topic::retired(t.id, t.section, t.title))
                .collect();
        }
        Ok(Session {
            roadmap,
            now,
            json: self.json,
            ui: self.ui,
            store: StoreSlot {
                existing,
                db: paths.db.clone(),
                from_store,
                opened: false,
            },
        })
    }
}

/// What a command that uses the roadmap is lent: the roadmap, `now`, the output choices
/// and the store, opened on demand.
pub struct Session {
    pub roadmap: Roadmap,
    /// The time of this command, read once.
    pub now: DateTime<Local>,
    /// `--json`.
    pub json: bool,
    pub ui: Ui,
    pub store: StoreSlot,
}

impl Session {
    /// The context for checking arguments, and the store to open once they are checked.
    /// (Two borrows of two fields: the checked arguments may borrow the roadmap while the
    /// store is opened.)
    pub fn split(&mut self) -> (Ctx<'_>, &mut StoreSlot) {
        (
            Ctx {
                roadmap: &self.roadmap,
                now: self.now,
            },
            &mut self.store,
        )
    }

    /// Reads topic summaries and resources from an existing store into the roadmap: of one
    /// topic, or of all (`None`). Only the commands that show them ask.
    pub fn fill_details(&mut self, topic: Option<&str>) -> Result<()> {
        if let Some(store) = &self.store.existing {
            store.fill_details(&mut self.roadmap, topic)?;
        }
        Ok(())
    }
}

/// The store of a [`Session`]: the existing one, or a new one created when first opened.
pub struct StoreSlot {
    existing: Option<Store>,
    db: PathBuf,
    /// Whether the roadmap came from the store's cache.
    from_store: bool,
    opened: bool,
}

impl StoreSlot {
    /// The store, created if there is none yet, with the roadmap of `ctx` synced into it.
    /// Call it only once the command's arguments are checked.
    pub fn open(&mut self, ctx: &Ctx) -> Result<&mut Store> {
        let store = match self.existing.take() {
            Some(store) => store,
            None => Store::open(&self.db)?,
        };
        let store = self.existing.insert(store);
        if !self.opened {
            store.sync(ctx.roadmap, ctx.now.to_utc(), self.from_store)?;
            self.opened = true;
        }
        Ok(store)
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
