//! `roadmap checklist [ID] [--output FILE]`: the curriculum back as Markdown, ticked as the
//! store says. A roadmap added from Markdown comes back as its own text, byte for byte, with
//! only the tick marks changed, so that the learner can copy it over their fork's README and
//! `git diff` shows only ticks; any other roadmap comes out as a GitHub task list.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use crate::app::Session;
use crate::checklist;
use crate::error::{Error, Result};
use crate::model::State;
use crate::render::Ui;
use crate::text::line;

/// The arguments of `checklist`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An added roadmap's id [default: the roadmap in use]
    pub id: Option<String>,
    /// Write to this file instead of stdout (replaced whole, or not at all)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The checklist, and how it was made.
#[derive(Debug, Serialize)]
pub struct ChecklistReport {
    pub id: String,
    /// `markdown`: the text it was added from; `generated`: a task list of the roadmap.
    pub source: &'static str,
    pub ticked: usize,
    pub total: usize,
    pub markdown: String,
    /// Where it was written, with `--output`.
    pub output: Option<String>,
}

/// The Markdown of the roadmap of `session`, ticked as the store says.
pub fn run(args: &Args, session: &mut Session) -> Result<ChecklistReport> {
    if let Some(path) = &args.output {
        super::check_output(path)?;
    }
    let (ctx, slot) = session.split();
    if let Some(id) = &args.id
        && *id != ctx.roadmap.id
    {
        return Err(Error::usage_hint(
            format!("no roadmap `{}` to write", line(id)),
            "`roadmap roadmaps` lists them; `roadmap use ID` switches",
        ));
    }
    let store = slot.open(&ctx)?;
    let progress = super::load_progress(store, ctx.roadmap)?;
    let done: HashSet<&str> = progress
        .topics
        .iter()
        .filter(|t| !t.retired && t.state == State::Done)
        .map(|t| &*t.id)
        .collect();
    let total = ctx.roadmap.topics().count();
    let source = crate::paths::added_roadmap(&ctx.roadmap.id)
        .map(|f| f.with_extension("md"))
        .filter(|f| f.is_file());
    let (markdown, from) = match source {
        Some(md) => {
            let text = std::fs::read_to_string(&md).map_err(|source| Error::Read {
                path: md.clone(),
                source,
                user_input: false,
            })?;
            let cl = checklist::parse(&text)
                .map_err(|m| Error::usage(format!("{}: {m}", line(&md.display().to_string()))))?;
            // The roadmap was made from this very text, item for item: its topics are the
            // items in order, whatever ids an upstream update gave them.
            let items: Vec<&str> = cl
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .map(|i| i.id.as_str())
                .collect();
            let topics: Vec<&str> = ctx.roadmap.topics().map(|t| t.id.as_str()).collect();
            let by_item: HashMap<&str, &str> = if items.len() == topics.len() {
                items.iter().copied().zip(topics.iter().copied()).collect()
            } else {
                items.iter().map(|i| (*i, *i)).collect()
            };
            let ticked = |item: &str| by_item.get(item).is_some_and(|t| done.contains(t));
            (checklist::with_ticks(&text, &cl, ticked), "markdown")
        }
        None => (
            checklist::markdown_of(ctx.roadmap, |id| done.contains(id)),
            "generated",
        ),
    };
    let ticked = ctx
        .roadmap
        .topics()
        .filter(|t| done.contains(&*t.id))
        .count();
    if let Some(path) = &args.output {
        super::write_atomic(path, markdown.as_bytes())?;
    }
    Ok(ChecklistReport {
        id: ctx.roadmap.id.clone(),
        source: from,
        ticked,
        total,
        markdown,
        output: args.output.as_ref().map(|p| p.display().to_string()),
    })
}

/// `checklist` as text: the Markdown itself, or with `--output` a line saying where it went.
/// In a pipe or a file the Markdown is exact; on a terminal its control characters are
/// neutralised, as any text from a file is.
pub fn render(r: &ChecklistReport, ui: &Ui) -> String {
    match &r.output {
        Some(path) => format!(
            "wrote {} ({} of {} ticked)\n",
            line(path),
            r.ticked,
            r.total
        ),
        None if ui.width.is_some() => crate::text::clean(&r.markdown).into_owned(),
        None => r.markdown.clone(),
    }
}
