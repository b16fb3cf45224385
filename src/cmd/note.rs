//! `roadmap note TOPIC TEXT`: writes a note on a topic, as one event.

use crate::app::Session;
use crate::cli::OnArgs;
use crate::error::Result;
use crate::model::EventKind;

use super::mark::{self, WriteReport};

/// The arguments of `note`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Topic id, unique id prefix, or unique part of a title
    pub topic: String,
    /// The note
    pub text: String,
    #[command(flatten)]
    pub when: OnArgs,
}

/// Appends a note event; its text is [`mark::render`].
pub fn run(args: &Args, session: &mut Session) -> Result<WriteReport> {
    let (ctx, store) = session.split();
    let intent = mark::prepare(
        &ctx,
        EventKind::Note,
        &args.topic,
        args.when.on.as_deref(),
        None,
        Some(&args.text),
    )?;
    mark::apply(store.open(&ctx)?, intent)
}
