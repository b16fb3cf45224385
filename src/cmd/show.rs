//! `roadmap show TOPIC`: one topic in full: summary, resources, prerequisites and the
//! topics that need it, its state and its history.

use std::fmt::Write as _;

use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::{Event, State, Status};
use crate::render::grid::{ListColumn, RowList};
use crate::render::{Ui, event_text, when};
use crate::report::{Progress, Scope, TopicRow};
use crate::resolve;
use crate::roadmap::{Resource, Topic};
use crate::text::{clean, line, wrap};
use crate::timeparse::format_minutes;

use super::{event_ids, load_progress};

/// The arguments of `show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Topic id, unique id prefix, or unique part of a title
    pub topic: String,
}

/// `show TOPIC`: its summary and resources are read from the store for it alone.
pub fn run<'s>(args: &Args, session: &'s mut Session) -> Result<ShowReport<'s>> {
    let id = resolve::topic(&session.roadmap, &args.topic)?.id.clone();
    session.fill_details(Some(&id))?;
    let (ctx, store) = session.split();
    let topic = resolve::topic(ctx.roadmap, &args.topic)?;
    let store = store.open(&ctx)?;
    let progress = load_progress(store, ctx.roadmap)?;
    let events = store.events_of(&event_ids(topic))?;
    Ok(show(&progress, topic, events))
}

/// A prerequisite (or dependant) with its state, in `show`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Related {
    pub id: String,
    pub title: String,
    pub state: State,
}

impl From<&TopicRow<'_>> for Related {
    fn from(t: &TopicRow) -> Self {
        Related {
            id: t.id.to_string(),
            title: t.title.to_string(),
            state: t.state,
        }
    }
}

/// `roadmap show TOPIC`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowReport<'a> {
    #[serde(flatten)]
    pub topic: TopicRow<'a>,
    pub section_title: String,
    pub resources: Vec<Resource>,
    pub prerequisites: Vec<Related>,
    pub unlocks: Vec<Related>,
    pub minutes_logged: u64,
    /// Every event of the topic (and the ids it was renamed from), oldest first.
    pub events: Vec<Event>,
}

/// Builds `show` for `topic`, given its events oldest first.
fn show<'a>(progress: &Progress<'a>, topic: &'a Topic, events: Vec<Event>) -> ShowReport<'a> {
    let related = |id: &str| progress.current().find(|t| t.id == id).map(Related::from);
    // Current topics first, then retired ones.
    let row = progress
        .topics
        .iter()
        .find(|t| t.id == topic.id)
        .cloned()
        .unwrap_or_else(|| TopicRow::of(topic, Status::default()));
    ShowReport {
        section_title: progress
            .sections
            .iter()
            .find(|(id, _)| *id == topic.section)
            .map(|(_, title)| title.clone())
            .unwrap_or_default(),
        resources: topic.resources.clone(),
        prerequisites: topic.requires.iter().filter_map(|r| related(r)).collect(),
        unlocks: progress
            .current()
            .filter(|t| t.requires.contains(&topic.id))
            .map(Related::from)
            .collect(),
        minutes_logged: events.iter().filter_map(|e| e.minutes).map(u64::from).sum(),
        events,
        topic: row,
    }
}

/// `show` as text.
pub fn render(r: &ShowReport, ui: &Ui) -> String {
    let t = &r.topic;
    let mut out = String::new();
    // On a terminal, prose is wrapped and one-line rows are cut to its width; links are
    // never cut, so that they still open.
    let wrapped = |out: &mut String, text: &str, bold: bool| {
        let lines = match ui.width {
            Some(w) => wrap(text, w.saturating_sub(1).max(20)),
            None => vec![text.to_string()],
        };
        for l in lines {
            let _ = writeln!(out, "{}", if bold { ui.bold(&l) } else { l });
        }
    };
    wrapped(&mut out, &format!("{} ({})", line(&t.title), t.id), true);
    let mut facts = vec![format!("section: {}", line(&r.section_title))];
    if t.retired {
        // Its kind and estimate went with the roadmap version that had it.
        facts.push("retired from the roadmap".to_string());
    } else {
        facts.push(t.kind.to_string());
    }
    if let Some(e) = &t.estimate {
        facts.push(format!("estimate {e}"));
    }
    facts.push(ui.state(t.state));
    match (t.retired, t.scope, t.track) {
        (false, Scope::Optional, _) => facts.push("optional: not in your total".to_string()),
        (false, Scope::OffTrack, Some(track)) => {
            facts.push(format!("{track} track: not in your total"));
        }
        _ => {}
    }
    if r.minutes_logged > 0 {
        facts.push(format!("logged {}", format_minutes(r.minutes_logged)));
    }
    wrapped(&mut out, &facts.join(" · "), false);
    if !t.summary.is_empty() {
        out.push('\n');
        wrapped(&mut out, clean(t.summary).trim_end(), false);
    }
    let related = |out: &mut String, heading: &str, items: &[Related]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{}", ui.bold(heading));
        // The state is what a list of prerequisites is for: the title goes first.
        let mut list = RowList::new(&[ListColumn::fixed(7), ListColumn::WHOLE, ListColumn::TEXT])
            .droppable(&[2]);
        for i in items {
            list.row(vec![
                i.state.as_str().to_string(),
                i.id.clone(),
                line(&i.title).into_owned(),
            ]);
        }
        list.render(ui, out);
    };
    related(&mut out, "Prerequisites", &r.prerequisites);
    related(&mut out, "Unlocks", &r.unlocks);
    if !r.resources.is_empty() {
        let _ = writeln!(out, "\n{}", ui.bold("Resources"));
        let room = ui.width.map_or(usize::MAX, |w| w.saturating_sub(4).max(10));
        for res in &r.resources {
            let _ = writeln!(
                out,
                "  - {}\n    {}",
                ui.fit(&line(&res.title), room),
                line(&res.url)
            );
        }
    }
    if !r.events.is_empty() {
        let _ = writeln!(out, "\n{}", ui.bold("History"));
        let mut list = RowList::new(&[ListColumn::WHOLE, ListColumn::TEXT]);
        for e in &r.events {
            list.row(vec![when(e), event_text(e)]);
        }
        list.render(ui, &mut out);
    }
    out
}
