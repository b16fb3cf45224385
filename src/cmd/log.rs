//! `roadmap log TOPIC DURATION`: records study time on a topic, as one event.

use crate::app::Session;
use crate::cli::OnArgs;
use crate::error::Result;
use crate::model::EventKind;

use super::mark::{self, WriteReport};

/// The arguments of `log`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Topic id, unique id prefix, or unique part of a title
    pub topic: String,
    /// Time spent, at most 24h: 45m, 1h30m, 2h
    pub duration: String,
    #[command(flatten)]
    pub when: OnArgs,
    /// A note to keep with the entry
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Appends a log event; its text is [`mark::render`].
pub fn run(args: &Args, session: &mut Session) -> Result<WriteReport> {
    let (ctx, store) = session.split();
    let intent = mark::prepare(
        &ctx,
        EventKind::Log,
        &args.topic,
        args.when.on.as_deref(),
        Some(&args.duration),
        args.note.as_deref(),
    )?;
    mark::apply(store.open(&ctx)?, intent)
}
