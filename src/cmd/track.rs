//! `roadmap track [ID]`: the roadmap's tracks (alternatives of which the learner follows
//! one, such as `java` or `python`) and which one is chosen; with an id, chooses it.
//!
//! The choice is an event of kind `track` whose topic is the track's id, so it is kept,
//! synced and shown in `history` as any other progress. The topics of the tracks not chosen
//! leave the total, `next`, `today` and the plan; their progress stays.

use serde::Serialize;
use uuid::Uuid;

use crate::app::Session;
use crate::cli::OnArgs;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{Event, EventKind};
use crate::render::Ui;
use crate::report::Progress;
use crate::roadmap::Roadmap;
use crate::text::line;

use super::load_progress;

/// The arguments of `track`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The track to follow (its id, or a unique part of its title); without it, the tracks
    pub id: Option<String>,
    #[command(flatten)]
    pub when: OnArgs,
}

/// One track of the roadmap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TrackItem {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub chosen: bool,
    /// The topics that belong to it.
    pub topics: usize,
    /// Of those, how many are done.
    pub done: usize,
}

/// `track`: the tracks, the one chosen, and what this command changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TrackReport {
    pub roadmap: String,
    pub tracks: Vec<TrackItem>,
    /// The id of the track chosen, if any.
    pub chosen: Option<String>,
    /// The track this command chose, if it chose one.
    pub changed_to: Option<String>,
    /// The track chosen before this command.
    pub before: Option<String>,
}

/// Shows the tracks or, with an id, records the choice and shows the tracks after it.
pub fn run(args: &Args, session: &mut Session) -> Result<TrackReport> {
    session.fill_details(None)?;
    let (ctx, store) = session.split();
    let roadmap = ctx.roadmap;
    if roadmap.tracks.is_empty() {
        return Err(Error::usage_hint(
            format!("roadmap `{}` has no tracks", line(&roadmap.id)),
            "a roadmap offers tracks with [[tracks]] tables; see `Tracks, groups and optional topics` in the README",
        ));
    }
    let wanted = args.id.as_deref().map(|q| find(roadmap, q)).transpose()?;
    let day = args.when.on.as_deref().map(|d| ctx.date(d)).transpose()?;
    let store = store.open(&ctx)?;
    let before = super::chosen_track(store, roadmap)?;
    let mut changed_to = None;
    if let Some(id) = wanted {
        store.append(&[Event {
            id: Uuid::now_v7().to_string(),
            topic: id.to_string(),
            kind: EventKind::Track,
            at: clock::stamp(day, ctx.now),
            minutes: None,
            note: None,
            rating: None,
        }])?;
        changed_to = Some(id.to_string());
    }
    let progress = load_progress(store, roadmap)?;
    Ok(report(roadmap, &progress, before, changed_to))
}

/// The track `query` names: an exact id, else the one track whose id starts with it or
/// whose title holds it (case-insensitive).
fn find<'r>(roadmap: &'r Roadmap, query: &str) -> Result<&'r str> {
    if let Some(t) = roadmap.tracks.iter().find(|t| t.id == query) {
        return Ok(&t.id);
    }
    let lower = query.to_lowercase();
    let matches: Vec<&str> = roadmap
        .tracks
        .iter()
        .filter(|t| t.id.starts_with(query) || t.title.to_lowercase().contains(&lower))
        .map(|t| t.id.as_str())
        .collect();
    match matches[..] {
        [one] if !query.is_empty() => Ok(one),
        _ => Err(Error::usage_hint(
            format!("no track `{}` in roadmap `{}`", line(query), roadmap.id),
            format!(
                "its tracks: {}",
                roadmap
                    .tracks
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// The report, from the roadmap and the progress after the command.
fn report(
    roadmap: &Roadmap,
    progress: &Progress,
    before: Option<String>,
    changed_to: Option<String>,
) -> TrackReport {
    let tracks = roadmap
        .tracks
        .iter()
        .map(|t| {
            let of_track = progress
                .current()
                .filter(|row| row.track == Some(t.id.as_str()));
            let (topics, done) = of_track.fold((0, 0), |(n, d), row| {
                (
                    n + 1,
                    d + usize::from(row.state == crate::model::State::Done),
                )
            });
            TrackItem {
                id: t.id.clone(),
                title: t.title.clone(),
                summary: t.summary.clone(),
                chosen: progress.track.as_deref() == Some(t.id.as_str()),
                topics,
                done,
            }
        })
        .collect();
    TrackReport {
        roadmap: roadmap.id.clone(),
        tracks,
        chosen: progress.track.clone(),
        changed_to,
        before,
    }
}

/// `track` as text.
pub fn render(r: &TrackReport, ui: &Ui) -> String {
    let mut out = String::new();
    if let Some(id) = &r.changed_to {
        let title = r
            .tracks
            .iter()
            .find(|t| &t.id == id)
            .map_or(String::new(), |t| line(&t.title).to_string());
        out += &match &r.before {
            Some(b) if b == id => format!("still following {id} ({title})\n"),
            Some(b) => format!(
                "now following {id} ({title}), was {b}; the progress on {b}'s topics is kept\n"
            ),
            None => format!("now following {id} ({title})\n"),
        };
        return out;
    }
    let width = r.tracks.iter().map(|t| t.id.len()).max().unwrap_or(0);
    for t in &r.tracks {
        let mark = if t.chosen { "*" } else { " " };
        let padded = format!("{:width$}", t.id);
        let id = if t.chosen { ui.bold(&padded) } else { padded };
        out += &format!(
            "{mark} {id}  {}: {} of {} topics done\n",
            line(&t.title),
            t.done,
            t.topics
        );
    }
    out += &match &r.chosen {
        Some(id) => format!("following {id}; `roadmap track ID` switches\n"),
        None => "no track chosen yet: `roadmap track ID` chooses one\n".to_string(),
    };
    out
}
