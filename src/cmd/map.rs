//! `roadmap map [--output FILE] [--format html|dot|mermaid]`: the whole roadmap at once.
//!
//! `html` is one self-contained page (inline CSS, one small inline script allowed by its
//! hash in a Content-Security-Policy, nothing from the network): the sections in order with
//! their progress, each topic a button coloured by its state, the prerequisites of the
//! selected topic drawn as edges, its details (summary, estimate, resources, notes, time
//! logged), and the activity calendar of the past year. Beyond [`FOLD_ABOVE`] topics the
//! sections start folded, and the page says so. `dot` and `mermaid` are the prerequisite
//! graph with states, for Graphviz and for Markdown.
//!
//! The counts are `status`'s ([`super::status::status`]). Every text is escaped for its
//! format; the topic data rides in a `<script type="application/json">` element with `<`,
//! `>` and `&` escaped ([`crate::render::markup::script_json`]), and the script reads it as
//! text and writes it with `textContent`, never as markup.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::app::Session;
use crate::error::Result;
use crate::model::State;
use crate::render::markup::{escape, safe_url, script_json};
use crate::report::Scope;
use crate::report::{Counts, Progress, RoadmapRef};
use crate::roadmap::Roadmap;
use crate::text::{clean, fit, line};
use crate::timeparse::format_minutes;

use super::activity::Day;
use super::status::Activity;

/// The arguments of `map`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// html: a page for a browser; dot: Graphviz; mermaid: for Markdown (GitHub renders it)
    #[arg(long, value_enum, default_value_t = MapFormat::Html, value_name = "FORMAT")]
    pub format: MapFormat,
    /// Write to this file instead of stdout (replaced whole, or not at all)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `map` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MapFormat {
    Html,
    Dot,
    Mermaid,
}

/// Above this many topics the page starts with every section folded.
pub const FOLD_ABOVE: usize = 1000;
/// The most notes the page carries per topic (the latest); beyond [`FOLD_ABOVE`] topics,
/// [`NOTES_PER_TOPIC_LARGE`].
pub const NOTES_PER_TOPIC: usize = 20;
pub const NOTES_PER_TOPIC_LARGE: usize = 5;

/// How many notes of each topic the page of a roadmap of `topics` topics carries.
pub fn notes_per_topic(topics: usize) -> usize {
    if topics > FOLD_ABOVE {
        NOTES_PER_TOPIC_LARGE
    } else {
        NOTES_PER_TOPIC
    }
}
/// The weeks of the activity calendar: a year.
pub const CALENDAR_WEEKS: u32 = 53;

/// A topic on the map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapTopic {
    pub id: String,
    pub title: String,
    pub state: State,
    /// Done and due for review today or earlier.
    pub due: bool,
    pub kind: &'static str,
    pub estimate: Option<String>,
    pub summary: String,
    pub requires: Vec<String>,
    pub resources: Vec<crate::roadmap::Resource>,
    pub minutes_logged: u64,
    /// The latest notes, oldest first: (day, kind, text).
    pub notes: Vec<(NaiveDate, &'static str, String)>,
    /// Whether earlier notes were left out.
    pub earlier_notes: bool,
    /// Whether it counts toward the total (see [`crate::report::Scope`]).
    pub scope: Scope,
    /// The track it belongs to, if it is not for every learner.
    pub track: Option<String>,
}

/// A section on the map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapSection {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub topics: Vec<MapTopic>,
}

/// `roadmap map`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapReport {
    pub roadmap: RoadmapRef,
    #[serde(flatten)]
    pub counts: Counts,
    pub sections: Vec<MapSection>,
    /// The activity calendar: week columns, oldest first.
    pub weeks: Vec<Vec<Day>>,
    pub format: MapFormat,
    pub output: Option<String>,
    #[serde(skip)]
    pub document: String,
}

/// Minutes logged and the latest notes of one topic.
#[derive(Debug, Default, Clone)]
pub struct Logged {
    pub minutes: u64,
    /// (when, kind, text), oldest first.
    pub notes: Vec<(DateTime<Utc>, &'static str, String)>,
    /// Whether it has earlier notes than these.
    pub earlier_notes: bool,
}

/// `map`: the output path is checked before the store is opened.
pub fn run(args: &Args, session: &mut Session) -> Result<MapReport> {
    if let Some(path) = &args.output {
        super::check_output(path)?;
    }
    session.fill_details(None)?;
    let (ctx, store) = session.split();
    let store = store.open(&ctx)?;
    let progress = super::load_progress(store, ctx.roadmap)?;
    let today = ctx.today();
    let logged = if args.format == MapFormat::Html {
        logged(
            store,
            ctx.roadmap,
            notes_per_topic(ctx.roadmap.topics().count()),
        )?
    } else {
        Vec::new()
    };
    let days = store.days(
        today - chrono::Duration::weeks(i64::from(CALENDAR_WEEKS)),
        today,
    )?;
    let weeks = super::activity::activity(&days, today, CALENDAR_WEEKS).weeks;
    let mut r = map(ctx.roadmap, &progress, logged, weeks, today, args.format);
    if let Some(path) = &args.output {
        super::write_atomic(path, r.document.as_bytes())?;
        r.output = Some(path.display().to_string());
    }
    Ok(r)
}

/// The minutes and the latest notes of each topic of `roadmap`, in roadmap order (events
/// under an id it was renamed from count for it), as the store sums and picks them.
fn logged(store: &crate::store::Store, roadmap: &Roadmap, per_topic: usize) -> Result<Vec<Logged>> {
    // The notes of 10,000 topics touch much of a large store's event table, once: read it,
    // as the other passes over the log do, rather than map it (173 MiB against 55 MiB for a
    // million events).
    store.map_less()?;
    let minutes = store.minutes_by_topic()?;
    let mut out = Vec::new();
    for t in roadmap.topics() {
        let mut l = Logged::default();
        for id in super::event_ids(t) {
            l.minutes += minutes.get(id).copied().unwrap_or(0);
            // One more than is kept: whether there were earlier ones.
            l.notes.extend(
                store
                    .latest_notes(id, per_topic + 1)?
                    .into_iter()
                    .map(|n| (n.at, n.kind.as_str(), n.note)),
            );
        }
        l.notes.sort_by_key(|n| n.0);
        let extra = l.notes.len().saturating_sub(per_topic);
        l.notes.drain(..extra);
        l.earlier_notes = extra > 0;
        out.push(l);
    }
    Ok(out)
}

/// Builds the map and renders it in `format`.
pub fn map(
    roadmap: &Roadmap,
    progress: &Progress,
    mut logged: Vec<Logged>,
    weeks: Vec<Vec<Day>>,
    today: NaiveDate,
    format: MapFormat,
) -> MapReport {
    let status = super::status::status(progress, None, Activity::default());
    let rows: HashMap<&str, &crate::report::TopicRow> =
        progress.current().map(|t| (&*t.id, t)).collect();
    let counts: HashMap<&str, Counts> = status
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.counts))
        .collect();
    let mut next = 0;
    let sections = roadmap
        .sections
        .iter()
        .map(|section| MapSection {
            id: section.id.clone(),
            title: section.title.clone(),
            counts: counts.get(section.id.as_str()).copied().unwrap_or_default(),
            topics: section
                .topics
                .iter()
                .map(|t| {
                    let row = rows.get(&*t.id);
                    let l = logged.get_mut(next).map(std::mem::take).unwrap_or_default();
                    next += 1;
                    MapTopic {
                        id: t.id.clone(),
                        title: t.title.clone(),
                        state: row.map_or(State::Todo, |r| r.state),
                        due: row.is_some_and(|r| {
                            r.state == State::Done && r.due.is_some_and(|d| d <= today)
                        }),
                        kind: t.kind.as_str(),
                        estimate: t.estimate.clone(),
                        summary: t.summary.clone(),
                        requires: t.requires.clone(),
                        resources: t.resources.clone(),
                        minutes_logged: l.minutes,
                        notes: l
                            .notes
                            .into_iter()
                            .map(|(at, kind, text)| (crate::clock::local_day(at), kind, text))
                            .collect(),
                        earlier_notes: l.earlier_notes,
                        scope: row.map_or(Scope::Counted, |r| r.scope),
                        track: t.track.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    let mut r = MapReport {
        roadmap: status.roadmap.clone(),
        counts: status.counts,
        sections,
        weeks,
        format,
        output: None,
        document: String::new(),
    };
    r.document = match format {
        MapFormat::Html => html(&r),
        MapFormat::Dot => dot(&r),
        MapFormat::Mermaid => mermaid(&r),
    };
    r
}

/// `map` as text: the document, or with `--output` a line saying where it went.
pub fn render(r: &MapReport) -> String {
    match &r.output {
        Some(path) => format!(
            "wrote {} ({} topics in {} sections)\n",
            line(path),
            r.sections.iter().map(|s| s.topics.len()).sum::<usize>(),
            r.sections.len()
        ),
        None => r.document.clone(),
    }
}

/// The class a topic's state is drawn with.
fn state_class(t: &MapTopic) -> &'static str {
    match t.state {
        State::Done if t.due => "done due",
        s => s.as_str(),
    }
}

/// What a topic that does not count is marked with: `optional`, `java track`.
fn out_of_scope(t: &MapTopic) -> Option<String> {
    match (t.scope, &t.track) {
        (Scope::Counted, _) => None,
        (Scope::OffTrack, Some(track)) => Some(format!("{track} track")),
        _ => Some("optional".to_string()),
    }
}

/// A topic's title for a graph label, with its mark if it does not count:
/// `Spring Boot (java track)`.
fn labelled(t: &MapTopic) -> String {
    match out_of_scope(t) {
        Some(mark) => format!("{} ({mark})", t.title),
        None => t.title.clone(),
    }
}

/// The glyph before a topic's title: the state without colour, for print and colour blindness.
fn glyph(t: &MapTopic) -> &'static str {
    match t.state {
        State::Done if t.due => "↻",
        State::Done => "✓",
        State::Doing => "◐",
        State::Skipped => "–",
        State::Todo => "○",
    }
}

/// How far each topic of a section sits from the section's start: 0 without a
/// prerequisite in the section, else one more than its furthest prerequisite there.
fn depths(topics: &[MapTopic]) -> Vec<usize> {
    let index: HashMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut waiting = vec![0usize; topics.len()];
    let mut unlocks: Vec<Vec<usize>> = vec![Vec::new(); topics.len()];
    for (i, t) in topics.iter().enumerate() {
        for r in &t.requires {
            if let Some(&p) = index.get(r.as_str()) {
                waiting[i] += 1;
                unlocks[p].push(i);
            }
        }
    }
    let mut depth = vec![0usize; topics.len()];
    let mut ready: VecDeque<usize> = (0..topics.len()).filter(|&i| waiting[i] == 0).collect();
    while let Some(p) = ready.pop_front() {
        for &i in &unlocks[p] {
            depth[i] = depth[i].max(depth[p] + 1);
            waiting[i] -= 1;
            if waiting[i] == 0 {
                ready.push_back(i);
            }
        }
    }
    depth
}

const STYLE: &str = include_str!("map.css");
const SCRIPT: &str = include_str!("map.js");
/// The SHA-256 of [`SCRIPT`], base64, as the Content-Security-Policy names it (a test
/// holds it to the file).
const SCRIPT_SHA256: &str = "sha256-aZpHQ/8RId14uD86LiVkQraenC8+/7dCkG7n+M5sQ/4=";

/// The page.
pub fn html(r: &MapReport) -> String {
    let total = r.counts.total;
    let mut s = String::with_capacity(4096 + total * 700);
    let title = escape(&fit(&line(&r.roadmap.title), 200));
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src '{SCRIPT_SHA256}'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{title}: roadmap map</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n\
         <p class=\"total\"><strong>{:.1}%</strong> · {} of {} topics done",
        r.counts.percent, r.counts.done, total
    );
    if r.counts.doing > 0 {
        let _ = write!(s, " · {} doing", r.counts.doing);
    }
    if r.counts.skipped > 0 {
        let _ = write!(s, " · {} skipped", r.counts.skipped);
    }
    s.push_str("</p>\n");
    progress_bar(&mut s, r.counts.percent);
    s.push_str(
        "<p class=\"legend\"><span class=\"key todo\">○ to do</span> \
         <span class=\"key doing\">◐ in progress</span> <span class=\"key done\">✓ done</span> \
         <span class=\"key done due\">↻ due for review</span> \
         <span class=\"key skipped\">– skipped</span></p>\n\
         <p class=\"hint\">Select a topic (click, or Tab to it and press Enter) to see its details; \
         lines join it to its prerequisites (from the left) and to the topics it unlocks.</p>\n",
    );
    let folded = total > FOLD_ABOVE;
    if folded {
        let _ = writeln!(
            s,
            "<p class=\"notice\">This roadmap has {total} topics, so its sections start folded: \
             open a section to see its topics. Every topic is in the page.</p>"
        );
    }
    s.push_str("</header>\n");
    calendar(&mut s, &r.weeks);
    s.push_str(
        "<div class=\"layout\">\n<main id=\"map\">\n\
         <svg id=\"edges\" aria-hidden=\"true\" width=\"0\" height=\"0\"></svg>\n",
    );
    let mut i = 0usize;
    for section in &r.sections {
        let c = &section.counts;
        let _ = write!(
            s,
            "<details class=\"section\" id=\"s-{}\"{}>\n<summary><h2>{}</h2> \
             <span class=\"count\">{}/{} · {:.1}%</span></summary>\n",
            escape(&section.id),
            if folded { "" } else { " open" },
            escape(&fit(&line(&section.title), 200)),
            c.done,
            c.total - c.skipped,
            c.percent
        );
        progress_bar(&mut s, c.percent);
        s.push_str("<div class=\"cols\">\n");
        let depth = depths(&section.topics);
        let deepest = depth.iter().copied().max().unwrap_or(0);
        for level in 0..=deepest {
            if section.topics.is_empty() {
                break;
            }
            s.push_str("<div class=\"col\">");
            for (k, t) in section.topics.iter().enumerate() {
                if depth[k] != level {
                    continue;
                }
                let out = out_of_scope(t);
                let _ = write!(
                    s,
                    "<button type=\"button\" class=\"node {}{}\" id=\"t-{}\" data-i=\"{}\" \
                     aria-pressed=\"false\"><span class=\"mark\" aria-hidden=\"true\">{}</span>{}\
                     {}<span class=\"sr\"> ({}{})</span></button>",
                    state_class(t),
                    if out.is_some() { " out" } else { "" },
                    escape(&t.id),
                    i + k,
                    glyph(t),
                    escape(&fit(&line(&t.title), 120)),
                    out.map_or(String::new(), |o| format!(
                        " <span class=\"scope\">{}</span>",
                        escape(&o)
                    )),
                    t.state.as_str(),
                    if t.due { ", due for review" } else { "" }
                );
            }
            s.push_str("</div>\n");
        }
        i += section.topics.len();
        s.push_str("</div>\n</details>\n");
    }
    s.push_str(
        "</main>\n<aside id=\"details\" aria-live=\"polite\"><p class=\"muted\">No topic selected.</p></aside>\n</div>\n",
    );
    let _ = write!(
        s,
        "<footer><p>Made by <code>roadmap map</code>. Notes: the latest {} of each topic.</p>\
         </footer>\n<script type=\"application/json\" id=\"map-data\">",
        notes_per_topic(total)
    );
    s.push_str(&script_json(&data_json(r)));
    let _ = write!(
        s,
        "</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    s
}

fn progress_bar(s: &mut String, percent: f64) {
    let _ = writeln!(
        s,
        "<div class=\"bar\" role=\"img\" aria-label=\"{percent:.1}% done\"><div style=\"width:{:.1}%\"></div></div>",
        percent.clamp(0.0, 100.0)
    );
}

/// The activity calendar of the past year, as inline SVG.
fn calendar(s: &mut String, weeks: &[Vec<Day>]) {
    let (total, active): (u64, usize) = weeks.iter().flatten().fold((0, 0), |(m, a), d| {
        (m + d.minutes, a + usize::from(d.events > 0))
    });
    let width = weeks.len() * 12 + 2;
    let _ = write!(
        s,
        "<section class=\"calendar\"><h2>Past year</h2><p class=\"muted\">{} logged; active on {} {}</p>\n\
         <svg viewBox=\"0 0 {width} 86\" width=\"{width}\" height=\"86\" role=\"img\" \
         aria-label=\"activity calendar\">",
        format_minutes(total),
        active,
        if active == 1 { "day" } else { "days" }
    );
    for (w, week) in weeks.iter().enumerate() {
        for (d, day) in week.iter().enumerate() {
            let _ = write!(
                s,
                "<rect class=\"l{}\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" rx=\"2\"><title>{}: {}</title></rect>",
                day.level.min(4),
                1 + w * 12,
                1 + d * 12,
                day.date,
                format_minutes(day.minutes)
            );
        }
    }
    s.push_str("</svg></section>\n");
}

/// The topics as the script reads them: short keys, text cleaned of control characters
/// (the script writes it with `textContent`), a resource's URL marked when it is a link.
fn data_json(r: &MapReport) -> String {
    #[derive(Serialize)]
    struct Data<'a> {
        sections: Vec<String>,
        topics: Vec<T<'a>>,
    }
    #[derive(Serialize)]
    struct T<'a> {
        id: &'a str,
        t: String,
        s: usize,
        st: &'static str,
        due: bool,
        k: &'static str,
        e: Option<&'a str>,
        m: u64,
        u: String,
        r: &'a [String],
        res: Vec<(String, String, bool)>,
        n: Vec<(String, &'static str, String)>,
        nx: bool,
        /// Why it does not count, if it does not: `optional`, `java track`.
        o: Option<String>,
    }
    let data = Data {
        sections: r
            .sections
            .iter()
            .map(|s| line(&s.title).into_owned())
            .collect(),
        topics: r
            .sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.topics.iter().map(move |t| (si, t)))
            .map(|(si, t)| T {
                id: &t.id,
                t: line(&t.title).into_owned(),
                s: si,
                st: t.state.as_str(),
                due: t.due,
                k: t.kind,
                o: out_of_scope(t),
                e: t.estimate.as_deref(),
                m: t.minutes_logged,
                u: clean(&t.summary).into_owned(),
                r: &t.requires,
                res: t
                    .resources
                    .iter()
                    .map(|res| {
                        let url = line(&res.url).into_owned();
                        let ok = safe_url(&res.url).is_some();
                        (line(&res.title).into_owned(), url, ok)
                    })
                    .collect(),
                n: t.notes
                    .iter()
                    .map(|(day, kind, text)| (day.to_string(), *kind, clean(text).into_owned()))
                    .collect(),
                nx: t.earlier_notes,
            })
            .collect(),
    };
    crate::json::to_string(&data).unwrap_or_else(|_| "{\"sections\":[],\"topics\":[]}".into())
}

/// Fill colours of the states in `dot` and `mermaid`: (fill, border, text).
fn colours(t: &MapTopic) -> (&'static str, &'static str, &'static str) {
    match t.state {
        State::Done if t.due => ("#2da44e", "#bf8700", "#ffffff"),
        State::Done => ("#2da44e", "#1a7f37", "#ffffff"),
        State::Doing => ("#f2cc60", "#bf8700", "#1f2328"),
        State::Skipped => ("#eaeef2", "#8c959f", "#59636e"),
        State::Todo => ("#ffffff", "#8c959f", "#1f2328"),
    }
}

/// Text for a DOT double-quoted string: one line, `\` and `"` escaped (DOT reads `\n`,
/// `\l` and the like in labels, so every backslash is doubled).
fn dot_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in line(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// The prerequisite graph for Graphviz: a cluster per section, a node per topic filled by
/// its state (and its `class`, in Graphviz's SVG), an edge from each prerequisite.
pub fn dot(r: &MapReport) -> String {
    let mut s = String::with_capacity(1024 + r.counts.total * 160);
    let _ = write!(
        s,
        "digraph roadmap {{\n  graph [label=\"{}: {:.1}% ({} of {} done)\", labelloc=t, \
         rankdir=LR, fontname=\"sans-serif\"];\n  node [shape=box, style=\"rounded,filled\", \
         fontname=\"sans-serif\"];\n",
        dot_text(&fit(&line(&r.roadmap.title), 200)),
        r.counts.percent,
        r.counts.done,
        r.counts.total
    );
    for section in &r.sections {
        let c = &section.counts;
        let _ = writeln!(
            s,
            "  subgraph \"cluster_{}\" {{\n    label=\"{} ({}/{})\";",
            dot_text(&section.id),
            dot_text(&section.title),
            c.done,
            c.total - c.skipped
        );
        for t in &section.topics {
            let (fill, border, text) = colours(t);
            let _ = writeln!(
                s,
                "    \"{}\" [label=\"{}\", class=\"{}\", tooltip=\"{}\", fillcolor=\"{fill}\", \
                 color=\"{border}\", fontcolor=\"{text}\"{}];",
                dot_text(&t.id),
                dot_text(&labelled(t)),
                state_class(t),
                if t.due {
                    "done, due for review"
                } else {
                    t.state.as_str()
                },
                match t.state {
                    State::Skipped => ", style=\"rounded,filled,dashed\"",
                    _ if t.scope != Scope::Counted => ", style=\"rounded,filled,dashed\"",
                    State::Done if t.due => ", penwidth=2.5",
                    _ => "",
                }
            );
        }
        s.push_str("  }\n");
    }
    for t in r.sections.iter().flat_map(|s| &s.topics) {
        for p in &t.requires {
            let _ = writeln!(s, "  \"{}\" -> \"{}\";", dot_text(p), dot_text(&t.id));
        }
    }
    s.push_str("}\n");
    s
}

/// Text for a Mermaid quoted label: one line, with the characters that could end the
/// label, start Markdown or HTML, or end a fence, as Mermaid's entity codes.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in line(s).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' | '&' | '<' | '>' | '`' | ';' | '\\' => {
                let _ = write!(out, "#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid node id for a roadmap id: ids are lowercase letters, digits and single hyphens,
/// never `_`, so `-` as `_` behind a prefix is one-to-one and never a keyword (`end`).
fn mermaid_id(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len());
    out.push_str(prefix);
    out.extend(
        id.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    out
}

/// The prerequisite graph as a Mermaid flowchart: a subgraph per section, a node per topic
/// styled by its state, an edge from each prerequisite.
pub fn mermaid(r: &MapReport) -> String {
    let mut s = String::with_capacity(1024 + r.counts.total * 100);
    s.push_str("flowchart LR\n");
    for section in &r.sections {
        let c = &section.counts;
        let _ = writeln!(
            s,
            "  subgraph {}[\"{} · {}/{}\"]",
            mermaid_id("s_", &section.id),
            mermaid_text(&section.title),
            c.done,
            c.total - c.skipped
        );
        for t in &section.topics {
            let class = match t.state {
                State::Done if t.due => "due",
                st => st.as_str(),
            };
            let _ = writeln!(
                s,
                "    {}[\"{}\"]:::{class}",
                mermaid_id("t_", &t.id),
                mermaid_text(&labelled(t))
            );
        }
        s.push_str("  end\n");
    }
    for t in r.sections.iter().flat_map(|s| &s.topics) {
        for p in &t.requires {
            let _ = writeln!(
                s,
                "  {} --> {}",
                mermaid_id("t_", p),
                mermaid_id("t_", &t.id)
            );
        }
    }
    s.push_str(
        "  classDef todo fill:#ffffff,stroke:#8c959f,color:#1f2328\n\
         \x20 classDef doing fill:#f2cc60,stroke:#bf8700,color:#1f2328\n\
         \x20 classDef done fill:#2da44e,stroke:#1a7f37,color:#ffffff\n\
         \x20 classDef due fill:#2da44e,stroke:#bf8700,stroke-width:3px,color:#ffffff\n\
         \x20 classDef skipped fill:#eaeef2,stroke:#8c959f,color:#59636e,stroke-dasharray:4 3\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_for_dot_and_mermaid() {
        assert_eq!(dot_text("a \"b\" \\n c\nd"), "a \\\"b\\\" \\\\n c d");
        assert_eq!(
            mermaid_text("a\"]:::x; <b>&`#"),
            "a#quot;]:::x#59; #60;b#62;#38;#96;#35;"
        );
        assert_eq!(mermaid_id("t_", "2-3-trees"), "t_2_3_trees");
    }

    #[test]
    fn the_script_hash_is_the_scripts() {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(SCRIPT.as_bytes());
        let expected = format!("sha256-{}", base64(&digest));
        assert_eq!(SCRIPT_SHA256, expected, "update SCRIPT_SHA256 in map.rs");
    }

    fn base64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}
