//! `roadmap estimates`: the time logged on each finished topic against its estimate, the
//! ratio per section and overall, and whether `plan` applies it yet
//! ([`crate::report::calibration`]). `--json` gives the same as one document, in a form a
//! learner can send back to the curriculum's authors.

use std::fmt::Write as _;

use crate::app::Session;
use crate::error::Result;
use crate::render::Ui;
use crate::render::grid::{Grid, GridCell};
use crate::report::calibration::{Calibration, Ratio};
use crate::text::line;
use crate::timeparse::format_minutes;

use super::{calibration, load_progress};

/// `estimates`.
pub fn run(session: &mut Session) -> Result<Calibration> {
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    let progress = load_progress(store, ctx.roadmap)?;
    calibration(store, &ctx, &progress)
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |r| format!("{r}×"))
}

fn total(r: &Ratio) -> String {
    format!(
        "{} estimated, {} logged",
        format_minutes(r.estimate_minutes),
        format_minutes(r.logged_minutes)
    )
}

/// `estimates` as text: a table of topics, one of sections, and the overall ratio.
pub fn render(c: &Calibration, ui: &Ui) -> String {
    if c.topics.is_empty() {
        return "No finished topic has time logged against an estimate yet.\n\
                Log study time as you go (roadmap log TOPIC 1h30m) and check the topic when done.\n"
            .to_string();
    }
    let mut out = String::new();
    let mut topics = Grid::new(&["TOPIC", "ESTIMATE", "LOGGED", "RATIO", "TITLE"])
        .whole(&[0, 1, 2, 3])
        .droppable(&[4])
        .one_line();
    for t in &c.topics {
        topics.row(vec![
            GridCell::new(t.id.as_str()),
            GridCell::new(format_minutes(t.estimate_minutes)),
            GridCell::new(format_minutes(t.logged_minutes)),
            GridCell::new(ratio(Some(t.ratio))),
            GridCell::new(line(&t.title)),
        ]);
    }
    out.push_str(&topics.render(ui));
    out.push('\n');
    let mut sections = Grid::new(&["SECTION", "TOPICS", "ESTIMATE", "LOGGED", "RATIO"])
        .whole(&[1, 2, 3, 4])
        .one_line();
    for s in &c.sections {
        sections.row(vec![
            GridCell::new(line(s.title.as_deref().unwrap_or_default())),
            GridCell::new(s.topics.to_string()),
            GridCell::new(format_minutes(s.estimate_minutes)),
            GridCell::new(format_minutes(s.logged_minutes)),
            GridCell::new(ratio(s.ratio)),
        ]);
    }
    out.push_str(&sections.render(ui));
    let _ = writeln!(
        out,
        "\nOverall: you take {} the estimates ({}: {}).",
        ratio(c.overall.ratio),
        crate::text::count(c.overall.topics as u64, "topic"),
        total(&c.overall)
    );
    if c.applied {
        out.push_str("plan and plan --schedule apply it to the topics left.\n");
    } else {
        let _ = writeln!(
            out,
            "plan applies it once {} finished topics have time logged ({} so far).",
            c.min_topics, c.overall.topics
        );
    }
    out
}
