//! `roadmap validate FILE`: checks a roadmap file and reports every problem.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::Result;
use crate::roadmap::{self, Source};

/// The arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The roadmap file
    pub file: PathBuf,
}

/// What `validate` found in a good file.
#[derive(Debug, Serialize)]
pub struct Validated {
    pub file: String,
    pub id: String,
    pub sections: usize,
    pub topics: usize,
}

/// Checks a roadmap file; every problem is in the error.
pub fn run(args: &Args) -> Result<Validated> {
    let source = Source::read(&args.file)?;
    let r = roadmap::load(&source)?;
    Ok(Validated {
        file: source.name,
        id: r.id.clone(),
        sections: r.sections.len(),
        topics: r.topics().count(),
    })
}

/// `validate` as text.
pub fn render(v: &Validated) -> String {
    format!(
        "ok: {}: roadmap `{}`, {}, {}\n",
        crate::text::line(&v.file),
        v.id,
        crate::text::count(v.sections as u64, "section"),
        crate::text::count(v.topics as u64, "topic")
    )
}
