//! "Bring your checklist": a Markdown curriculum (a README with `- [ ]` boxes or course
//! tables) read as a roadmap, and its ticks written back byte for byte.
//!
//! The text is read with a real Markdown parser (pulldown-cmark, with its task-list and
//! table extensions); nothing here matches lines.
//!
//! # What becomes what
//!
//! * **Sections.** Headings become sections. A heading with no items of its own folds into
//!   the next heading that has some: that section keeps its own title, and the titles of
//!   the headings folded into it, joined by ` › `, become its summary. Items before any
//!   heading go to a section titled `Checklist`. The checklist's title is the text of the
//!   first heading, or empty.
//! * **Items.** Every task-list item (`- [ ]`, `* [x]`, `+ [X]`, `1. [ ]`, at any depth) is a
//!   topic. A nested item requires the nearest enclosing task-list item that is a topic.
//! * **Table rows.** Every body row of a table whose first cell names something is a
//!   topic. Columns are found by their header, case-insensitively: `Duration` and `Effort`
//!   give an estimate (see [`estimate`](self::estimate) for the forms read), and the
//!   `Prerequisites` (or `Prerequisite`, `Requires`) cell is split at commas, semicolons,
//!   `&`, `+` and ` and `; each part names another item by title (compared by its words,
//!   case and punctuation aside), or failing that the one item whose title starts with
//!   those words. A part that names nothing is reported. A prerequisite that would close a
//!   cycle is dropped and reported.
//! * **Resources.** The `http(s)` links of an item (for a row: of its cells but the
//!   prerequisites) are its resources, titled by their link text (the url if it has none),
//!   each url once. A link whose text is only an image is a badge and is dropped.
//! * **Title.** The item's own text (not that of items nested in it; inline code kept as
//!   its text, images, inline HTML and the tick emoji dropped, whitespace collapsed). An
//!   item that is only an image takes the image's alt text. A text longer than
//!   [`TITLE_MAX`] characters is cut at a word boundary with `…`, and the whole text becomes
//!   the summary (otherwise the summary is empty). An item with no text is reported and
//!   skipped.
//! * **Ids.** Slugs of the whole text (see [`ids`]), unique within the file: a repeated
//!   text takes `-2`, `-3`, … in document order. Sections likewise, apart from topics.
//! * **Not items.** Anything in code blocks, HTML blocks and comments (the parser sees no
//!   items there), items of plain lists, and tables of contents: a task item, or a row's
//!   first cell, that holds only in-page links (`[Arrays](#arrays)`) and no other words.
//!
//! # Ticks
//!
//! A task item is ticked when its box holds `x` or `X`, or its own text holds ✅ or ✔. A row
//! is ticked when one of its cells holds ✅ or ✔. [`Mark`] keeps the bytes to change:
//!
//! * Ticking a box writes `x` into it; unticking writes a space, and removes each ✅ / ✔ of
//!   the item's text as a row's are removed. A box's byte is left alone when its state does
//!   not change, so `X` stays `X`.
//! * Ticking a row inserts ` ✅` right after the first cell's text (before the padding and
//!   the `|`). Unticking removes every ✅ / ✔ of the row (with a following U+FE0F) and one
//!   space next to it: the one before it when that follows other text, else the one after.
//!
//! So ticks added by [`with_ticks`] and removed again give back the original bytes, and a
//! file's own ticks written back unchanged change nothing.

pub mod estimate;
pub mod follow;
pub mod ids;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::render::markdown;
use crate::roadmap::{self, Kind, Resource, Roadmap, Section, Topic};

pub use follow::{Diff, follow};

/// What [`parse`] says of a file with nothing to track.
pub const NO_ITEMS: &str = "no checklist items or course tables found";

/// The longest title, in characters; a longer text is cut and kept as the summary.
pub const TITLE_MAX: usize = 100;

/// The title of the section of items that come before any heading.
pub const UNTITLED_SECTION: &str = "Checklist";

/// A Markdown file read as a checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    /// The text of the first heading, or empty.
    pub title: String,
    pub sections: Vec<ChecklistSection>,
    /// What could not be read, as (1-based line, message), in line order.
    pub warnings: Vec<(usize, String)>,
    /// [`roadmap::content_hash`] of the Markdown text.
    pub hash: String,
}

/// A heading with items.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistSection {
    pub id: String,
    pub title: String,
    /// The titles of the headings without items folded into this one, joined by ` › `.
    pub summary: String,
    pub items: Vec<Item>,
}

/// A task-list item or a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The whole text when the title was cut, else empty.
    pub summary: String,
    /// Ids of the items this one requires.
    pub requires: Vec<String>,
    pub resources: Vec<Resource>,
    pub estimate: Option<String>,
    pub estimate_minutes: Option<u32>,
    pub ticked: bool,
    pub mark: Mark,
    /// 1-based line of the item's marker or row.
    pub line: usize,
    /// Ids this item had in an earlier version: filled in by [`follow`].
    pub renamed_from: Vec<String>,
}

impl Item {
    /// The item's whole text: the summary when the title was cut, else the title.
    pub fn text(&self) -> &str {
        if self.summary.is_empty() {
            &self.title
        } else {
            &self.summary
        }
    }
}

/// Where an item's tick is written (byte offsets into the Markdown text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A task-list box: `at` is the one byte between the brackets (` `, `x` or `X`);
    /// `checks` are the ✅ / ✔ of the item's text, with the space removed along with each.
    Box {
        at: Range<usize>,
        checks: Vec<Range<usize>>,
    },
    /// A table row: ` ✅` is inserted at `at` (the end of the first cell's text) to tick
    /// it; `checks` are the ✅ / ✔ of its cells, with the space removed along with each.
    Row {
        at: usize,
        checks: Vec<Range<usize>>,
    },
}

/// An item as the parser saw it, before titles, ids and prerequisites are settled.
#[derive(Debug, Default)]
struct Draft {
    heading: Option<usize>,
    start: usize,
    /// The box's byte, for a task item; `None` for a row.
    at: Option<usize>,
    row_at: usize,
    boxed: bool,
    /// Its text, links and checks (a row's: its first cell's text, every cell's checks, and
    /// the links of every cell but the prerequisites).
    inline: Inline,
    parent: Option<usize>,
    duration: Option<String>,
    effort: Option<String>,
    prerequisites: Option<String>,
}

/// Text collected for one item or cell, with the links and checks in it.
#[derive(Debug, Default)]
struct Inline {
    text: String,
    plain: String,
    alt: String,
    links: Vec<(String, String)>,
    anchors: usize,
    other_links: usize,
    checks: Vec<Range<usize>>,
    /// Open links: url, and where their text starts in `text` and in `alt`.
    open: Vec<(String, usize, usize)>,
    images: usize,
}

impl Inline {
    /// The text as a title: an image's alt text when there is no other.
    fn title_text(&self) -> String {
        let text = collapse(&self.text);
        if text.is_empty() {
            collapse(&self.alt)
        } else {
            text
        }
    }

    /// Whether it is only in-page links (`#anchor`): a table of contents' entry.
    fn is_toc(&self) -> bool {
        self.anchors > 0 && self.other_links == 0 && !self.plain.chars().any(char::is_alphanumeric)
    }
}

impl Inline {
    fn push(&mut self, s: &str) {
        if self.images > 0 {
            self.alt.push_str(s);
            return;
        }
        self.text.push_str(s);
        if self.open.is_empty() {
            self.plain.push_str(s);
        }
    }

    fn end_link(&mut self) {
        if let Some((url, from, alt_from)) = self.open.pop() {
            let text = collapse(self.text.get(from..).unwrap_or(""));
            if url.starts_with('#') {
                self.anchors += 1;
            } else {
                self.other_links += 1;
            }
            if !text.is_empty() {
                self.links.push((text, url));
            } else if self.alt.len() == alt_from {
                // No text: titled by its url. A link around an image alone is a badge.
                self.links.push((url.clone(), url));
            }
        }
    }
}

/// The ✅ / ✔ in `text[range]`, as the ranges to remove to untick (see the module docs).
fn checks_in(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    for (i, c) in slice.char_indices() {
        if c != '\u{2705}' && c != '\u{2714}' {
            continue;
        }
        let start = range.start + i;
        let mut end = start + c.len_utf8();
        if text[end..].starts_with('\u{fe0f}') {
            end += '\u{fe0f}'.len_utf8();
        }
        let before = &text[..start];
        let after = &text[end..];
        let space_before = before.ends_with(' ')
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_some_and(|p| !p.is_whitespace() && p != '|' && p != ']');
        if space_before {
            out.push(start - 1..end);
        } else if after.starts_with(' ') {
            out.push(start..end + 1);
        } else {
            out.push(start..end);
        }
    }
}

fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || matches!(c, '\u{2705}' | '\u{2714}' | '\u{fe0f}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` cut to [`TITLE_MAX`] characters at a word boundary, with `…`.
fn cut_title(text: &str) -> String {
    if text.chars().count() <= TITLE_MAX {
        return text.to_string();
    }
    let head: String = text.chars().take(TITLE_MAX - 1).collect();
    let cut = match head.rfind(' ') {
        Some(at) if at > head.len() / 2 => &head[..at],
        _ => &head[..],
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—(".contains(c));
    format!("{cut}…")
}

/// 1-based line numbers of byte offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

/// A table being read.
#[derive(Debug, Default)]
struct Table {
    header: Vec<String>,
    in_head: bool,
    cells: Vec<(Inline, Range<usize>)>,
    cell: Option<Inline>,
    row_start: usize,
    first_column_used: bool,
    /// Body rows, and those that are a table of contents's.
    rows: usize,
    toc_rows: usize,
    /// Lines of body rows whose first cell names nothing.
    empty_rows: Vec<usize>,
    start: usize,
}

/// Reads `text` as a checklist. Fails with [`NO_ITEMS`] when it has no task-list items and
/// no table rows that name something.
pub fn parse(text: &str) -> Result<Checklist, String> {
    let lines = Lines::new(text);
    let mut warnings: Vec<(usize, String)> = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    let mut heading: Option<String> = None;
    let mut drafts: Vec<Draft> = Vec::new();
    // Open list items: the draft of each, if it is a task item, and its text so far.
    let mut items: Vec<(Option<usize>, Inline)> = Vec::new();
    let mut table: Option<Table> = None;
    let mut code = 0usize;

    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        // Where inline content goes: a table cell, a heading, or the innermost task item.
        let inline: Option<&mut Inline> =
            if let Some(cell) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                Some(cell)
            } else if heading.is_some() {
                None
            } else {
                items.last_mut().map(|(_, inline)| inline)
            };
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    headings.push(collapse(&h));
                }
            }
            Event::Start(Tag::Item) => items.push((None, Inline::default())),
            Event::TaskListMarker(checked) => {
                let parent = items.iter().rev().find_map(|(d, _)| *d);
                if let Some((draft, _)) = items.last_mut() {
                    *draft = Some(drafts.len());
                    let bracket = text
                        .get(range.clone())
                        .and_then(|s| s.find('['))
                        .map_or(range.start, |i| range.start + i);
                    drafts.push(Draft {
                        heading: headings.len().checked_sub(1),
                        start: range.start,
                        at: Some(bracket + 1),
                        boxed: checked,
                        parent,
                        ..Draft::default()
                    });
                }
            }
            Event::End(TagEnd::Item) => match items.pop() {
                // A plain item inside a task item: its links are the task item's resources.
                Some((None, inline)) => {
                    if let Some((_, outer)) = items.iter_mut().rev().find(|(d, _)| d.is_some()) {
                        outer.links.extend(inline.links);
                    }
                }
                Some((Some(d), inline)) => {
                    let Some(draft) = drafts.get_mut(d) else {
                        continue;
                    };
                    draft.inline = inline;
                }
                None => {}
            },
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    start: range.start,
                    ..Table::default()
                });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = true;
                    t.cells.clear();
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.cells.clear();
                    t.row_start = range.start;
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = table.as_mut() {
                    t.cell = Some(Inline::default());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = table.as_mut()
                    && let Some(cell) = t.cell.take()
                {
                    t.cells.push((cell, range));
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = false;
                    t.header = t
                        .cells
                        .drain(..)
                        .map(|(c, _)| collapse(&c.text).to_lowercase())
                        .collect();
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    let cells = std::mem::take(&mut t.cells);
                    t.rows += 1;
                    match row_draft(text, t, cells, headings.len()) {
                        Row::Item(draft) => {
                            t.first_column_used = true;
                            drafts.push(*draft);
                        }
                        Row::Toc => t.toc_rows += 1,
                        Row::Empty => t.empty_rows.push(lines.of(range.start)),
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    if t.first_column_used {
                        warnings.extend(t.empty_rows.into_iter().map(|line| {
                            (line, "a table row with an empty first cell: skipped".into())
                        }));
                    } else if t.rows > t.toc_rows {
                        warnings.push((
                            lines.of(t.start),
                            "a table whose first column names nothing: no topics from it".into(),
                        ));
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(i) = inline {
                    let from = (i.text.len(), i.alt.len());
                    i.open.push((dest_url.to_string(), from.0, from.1));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = inline {
                    i.end_link();
                }
            }
            Event::Start(Tag::Image { .. }) => {
                if let Some(i) = inline {
                    i.images += 1;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(i) = inline {
                    i.images = i.images.saturating_sub(1);
                }
            }
            Event::Text(t) if code == 0 => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(i) = inline {
                    i.push(&t);
                    if i.images == 0 {
                        checks_in(text, range, &mut i.checks);
                    }
                }
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(i) = inline {
                    i.push(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.push(' ');
                } else if let Some(i) = inline {
                    i.push(" ");
                }
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                if let Some(i) = inline {
                    i.push(" ");
                }
            }
            _ => {}
        }
    }
    build(text, &lines, headings, drafts, warnings)
}

/// What a table body row is.
enum Row {
    Item(Box<Draft>),
    /// Its first cell holds only in-page links.
    Toc,
    /// Its first cell names nothing.
    Empty,
}

/// The draft of a table body row, unless its first cell names nothing or only in-page links.
fn row_draft(
    text: &str,
    t: &Table,
    mut cells: Vec<(Inline, Range<usize>)>,
    headings: usize,
) -> Row {
    let column = |names: &[&str]| t.header.iter().position(|h| names.contains(&h.as_str()));
    let cell_text = |cells: &[(Inline, Range<usize>)], i: Option<usize>| {
        i.and_then(|i| cells.get(i)).map(|(c, _)| collapse(&c.text))
    };
    let duration = cell_text(&cells, column(&["duration"]));
    let effort = cell_text(&cells, column(&["effort"]));
    let prereq_column = column(&["prerequisites", "prerequisite", "requires", "prereqs"]);
    let prerequisites = cell_text(&cells, prereq_column);
    let Some((first, first_range)) = cells.first() else {
        return Row::Empty;
    };
    if first.is_toc() {
        return Row::Toc;
    }
    if first.title_text().is_empty() {
        return Row::Empty;
    }
    let cell = text.get(first_range.clone()).unwrap_or("");
    let row_at = first_range.start + cell.trim_end().len();
    let mut draft = Draft {
        heading: headings.checked_sub(1),
        start: t.row_start,
        at: None,
        row_at,
        duration,
        effort,
        prerequisites,
        ..Draft::default()
    };
    for (i, (cell, _)) in cells.iter_mut().enumerate() {
        draft.inline.checks.append(&mut cell.checks);
        if Some(i) != prereq_column {
            draft.inline.links.append(&mut cell.links);
        }
    }
    if let Some((first, _)) = cells.first_mut() {
        draft.inline.text = std::mem::take(&mut first.text);
        draft.inline.alt = std::mem::take(&mut first.alt);
        draft.inline.plain = std::mem::take(&mut first.plain);
    }
    Row::Item(Box::new(draft))
}

/// Settles titles, sections, ids, prerequisites and estimates.
fn build(
    text: &str,
    lines: &Lines,
    headings: Vec<String>,
    drafts: Vec<Draft>,
    mut warnings: Vec<(usize, String)>,
) -> Result<Checklist, String> {
    // Which drafts are topics, and their titles.
    let mut kept: Vec<Option<String>> = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let line = lines.of(d.start);
        let full = d.inline.title_text();
        if d.at.is_some() && d.inline.is_toc() {
            kept.push(None);
        } else if full.is_empty() {
            warnings.push((line, "an item with no text: skipped".into()));
            kept.push(None);
        } else {
            kept.push(Some(full));
        }
    }
    if kept.iter().all(Option::is_none) {
        return Err(NO_ITEMS.to_string());
    }

    // Sections: each heading with topics, the headings before it without any folded in.
    let mut section_of: HashMap<Option<usize>, usize> = HashMap::new();
    let mut sections: Vec<ChecklistSection> = Vec::new();
    let mut section_ids: HashSet<String> = HashSet::new();
    let mut next_heading = 0usize;
    for (d, full) in drafts.iter().zip(&kept) {
        if full.is_none() || section_of.contains_key(&d.heading) {
            continue;
        }
        let (title, summary) = match d.heading {
            None => (UNTITLED_SECTION.to_string(), String::new()),
            Some(h) => {
                let folded: Vec<&str> = headings
                    .get(next_heading..h)
                    .unwrap_or(&[])
                    .iter()
                    .map(String::as_str)
                    .filter(|t| !t.is_empty())
                    .collect();
                next_heading = h + 1;
                let title = headings.get(h).cloned().unwrap_or_default();
                let title = if title.is_empty() {
                    UNTITLED_SECTION.to_string()
                } else {
                    cut_title(&title)
                };
                (title, folded.join(" › "))
            }
        };
        let id = ids::unique(&ids::slug(&title), &mut section_ids);
        section_of.insert(d.heading, sections.len());
        sections.push(ChecklistSection {
            id,
            title,
            summary,
            items: Vec::new(),
        });
    }

    // Ids, in document order.
    let mut taken: HashSet<String> = HashSet::new();
    let ids: Vec<Option<String>> = kept
        .iter()
        .map(|k| {
            k.as_ref()
                .map(|full| ids::unique(&ids::slug(full), &mut taken))
        })
        .collect();
    // The topic a draft's nearest kept ancestor is.
    let kept_parent = |mut p: Option<usize>| {
        while let Some(i) = p {
            if ids.get(i).is_some_and(Option::is_some) {
                return Some(i);
            }
            p = drafts.get(i).and_then(|d| d.parent);
        }
        None
    };
    // Titles by their words, for prerequisites.
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let mut normals: Vec<(String, usize)> = Vec::new();
    for (i, full) in kept.iter().enumerate() {
        if let Some(full) = full {
            let n = ids::normal(full);
            by_title.entry(n.clone()).or_insert(i);
            normals.push((n, i));
        }
    }

    let mut requires: Vec<Vec<usize>> = vec![Vec::new(); drafts.len()];
    for (i, d) in drafts.iter().enumerate() {
        let Some(full) = &kept[i] else { continue };
        let line = lines.of(d.start);
        if let Some(p) = kept_parent(d.parent) {
            requires[i].push(p);
        }
        if let Some(cell) = &d.prerequisites {
            for part in split_prerequisites(cell, |t| by_title.contains_key(&ids::normal(t))) {
                let n = ids::normal(part);
                let found = by_title.get(&n).copied().or_else(|| {
                    let mut starts = normals.iter().filter(|(t, j)| {
                        *j != i
                            && t.strip_prefix(n.as_str())
                                .is_some_and(|r| r.starts_with(' '))
                    });
                    match (starts.next(), starts.next()) {
                        (Some((_, j)), None) => Some(*j),
                        _ => None,
                    }
                });
                match found {
                    Some(j) if j != i => {
                        if !requires[i].contains(&j) {
                            requires[i].push(j);
                        }
                    }
                    _ => warnings.push((
                        line,
                        format!(
                            "prerequisite `{part}` of `{}` names no item",
                            cut_title(full)
                        ),
                    )),
                }
            }
        }
    }
    break_cycles(&mut requires, &drafts, &ids, lines, &mut warnings);

    for (i, d) in drafts.into_iter().enumerate() {
        let (Some(full), Some(id)) = (&kept[i], &ids[i]) else {
            continue;
        };
        let line = lines.of(d.start);
        let (estimate, estimate_minutes) =
            match estimate::estimate(d.duration.as_deref(), d.effort.as_deref()) {
                Ok(Some((e, m))) => (Some(e), Some(m)),
                Ok(None) => (None, None),
                Err(message) => {
                    warnings.push((line, message));
                    (None, None)
                }
            };
        let mut resources: Vec<Resource> = Vec::new();
        for (title, url) in d.inline.links {
            let web = url.starts_with("https://") || url.starts_with("http://");
            if web && !title.is_empty() && !resources.iter().any(|r| r.url == url) {
                resources.push(Resource { title, url });
            }
        }
        let title = cut_title(full);
        let summary = if title == *full {
            String::new()
        } else {
            full.clone()
        };
        let ticked = d.boxed || !d.inline.checks.is_empty();
        let mark = match d.at {
            Some(at) => Mark::Box {
                at: at..at + 1,
                checks: d.inline.checks,
            },
            None => Mark::Row {
                at: d.row_at,
                checks: d.inline.checks,
            },
        };
        let item = Item {
            id: id.clone(),
            title,
            summary,
            requires: requires[i]
                .iter()
                .filter_map(|&j| ids.get(j).cloned().flatten())
                .collect(),
            resources,
            estimate,
            estimate_minutes,
            ticked,
            mark,
            line,
            renamed_from: Vec::new(),
        };
        if let Some(&s) = section_of.get(&d.heading)
            && let Some(section) = sections.get_mut(s)
        {
            section.items.push(item);
        }
    }
    warnings.sort_by_key(|(line, _)| *line);
    Ok(Checklist {
        title: document_title(text, &headings),
        sections,
        warnings,
        hash: roadmap::content_hash(text),
    })
}

/// The document's title: the heading of an HTML banner it opens with (OSSU's README names
/// itself in an `<h3>` there), else its first heading that is not a table of contents'.
fn document_title(text: &str, headings: &[String]) -> String {
    let banner = text.trim_start();
    if banner.starts_with('<') {
        // Up to the first Markdown heading: the banner is an HTML block before it.
        let end = banner.find("\n#").unwrap_or(banner.len());
        let banner = &banner[..end];
        for level in ["h1", "h2", "h3"] {
            let open = format!("<{level}");
            let close = format!("</{level}>");
            if let Some(at) = banner.find(&open)
                && let Some(start) = banner[at..].find('>').map(|g| at + g + 1)
                && let Some(stop) = banner[start..].find(&close).map(|c| start + c)
            {
                let inner = strip_tags(&banner[start..stop]);
                if !inner.is_empty() {
                    return inner;
                }
            }
        }
    }
    let toc = |h: &str| {
        matches!(
            h.trim().to_lowercase().as_str(),
            "contents" | "table of contents" | "toc" | "index"
        )
    };
    headings
        .iter()
        .find(|h| !toc(h))
        .or(headings.first())
        .cloned()
        .unwrap_or_default()
}

/// HTML text without its tags, whitespace collapsed.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    collapse(&out)
}

/// The names in a prerequisites cell: its parts between `, ; & +` and ` and `, where the
/// longest run of parts that is an item's title counts as one name ("Algorithms, Part I").
fn split_prerequisites(cell: &str, is_title: impl Fn(&str) -> bool) -> Vec<&str> {
    // The parts between separators, as byte ranges of the cell.
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < cell.len() {
        let sep = if cell[i..].starts_with(" and ") {
            5
        } else if cell[i..].starts_with([',', ';', '&', '+']) {
            1
        } else {
            0
        };
        if sep > 0 {
            parts.push(start..i);
            start = i + sep;
            i = start;
        } else {
            i += cell[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(start..cell.len());
    let parts: Vec<_> = parts
        .into_iter()
        .filter(|r| !estimate::blank(cell[r.clone()].trim()))
        .collect();
    // The longest run of parts that is a title is one name ("Algorithms, Part I").
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let mut j = parts.len();
        while j > i + 1 && !is_title(cell[parts[i].start..parts[j - 1].end].trim()) {
            j -= 1;
        }
        out.push(cell[parts[i].start..parts[j - 1].end].trim());
        i = j;
    }
    out
}

/// Drops each prerequisite that would close a cycle, in document order, and reports it.
fn break_cycles(
    requires: &mut [Vec<usize>],
    drafts: &[Draft],
    ids: &[Option<String>],
    lines: &Lines,
    warnings: &mut Vec<(usize, String)>,
) {
    let mut accepted: Vec<Vec<usize>> = vec![Vec::new(); requires.len()];
    for i in 0..requires.len() {
        for &j in &requires[i] {
            // Adding i -> j closes a cycle when j already reaches i.
            let mut seen: HashSet<usize> = HashSet::new();
            let mut stack = vec![j];
            let mut cycle = false;
            while let Some(n) = stack.pop() {
                if n == i {
                    cycle = true;
                    break;
                }
                if seen.insert(n) {
                    stack.extend(accepted[n].iter().copied());
                }
            }
            if cycle {
                let name = |k: usize| ids[k].clone().unwrap_or_default();
                warnings.push((
                    lines.of(drafts[i].start),
                    format!(
                        "`{}` requiring `{}` would close a cycle: dropped",
                        name(i),
                        name(j)
                    ),
                ));
            } else {
                accepted[i].push(j);
            }
        }
    }
    for (r, a) in requires.iter_mut().zip(accepted) {
        *r = a;
    }
}

/// `text` with each item ticked as `ticked(item id)` says: only the bytes of the marks
/// whose state changes are rewritten (see the module documentation). `checklist` must be
/// [`parse`] of `text`.
pub fn with_ticks(text: &str, checklist: &Checklist, ticked: impl Fn(&str) -> bool) -> String {
    let mut edits: Vec<(Range<usize>, &str)> = Vec::new();
    for item in checklist.sections.iter().flat_map(|s| &s.items) {
        let want = ticked(&item.id);
        if want == item.ticked {
            continue;
        }
        match &item.mark {
            Mark::Box { at, checks } => {
                if want {
                    edits.push((at.clone(), "x"));
                } else {
                    if matches!(text.get(at.clone()), Some("x" | "X")) {
                        edits.push((at.clone(), " "));
                    }
                    edits.extend(checks.iter().map(|c| (c.clone(), "")));
                }
            }
            Mark::Row { at, checks } => {
                if want {
                    edits.push((*at..*at, " \u{2705}"));
                } else {
                    edits.extend(checks.iter().map(|c| (c.clone(), "")));
                }
            }
        }
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + 4 * edits.len());
    let mut from = 0;
    for (range, with) in edits {
        if range.start < from || range.end > text.len() {
            continue;
        }
        out.push_str(text.get(from..range.start).unwrap_or(""));
        out.push_str(with);
        from = range.end;
    }
    out.push_str(text.get(from..).unwrap_or(""));
    out
}

/// The roadmap of a checklist: one topic (of kind study) per item, `details` set, its
/// hash that of the Markdown text.
pub fn to_roadmap(checklist: &Checklist, id: &str, title: &str) -> Roadmap {
    let sections = checklist
        .sections
        .iter()
        .map(|s| Section {
            id: s.id.clone(),
            title: s.title.clone(),
            summary: s.summary.clone(),
            days: None,
            topics: s
                .items
                .iter()
                .map(|i| Topic {
                    id: i.id.clone(),
                    section: s.id.clone(),
                    title: i.title.clone(),
                    summary: i.summary.clone(),
                    kind: Kind::Study,
                    estimate: i.estimate.clone(),
                    estimate_minutes: i.estimate_minutes,
                    requires: i.requires.clone(),
                    renamed_from: i.renamed_from.clone(),
                    resources: i.resources.clone(),
                    track: None,
                    group: None,
                    optional: false,
                })
                .collect(),
        })
        .collect();
    Roadmap {
        id: id.to_string(),
        title: title.to_string(),
        version: 0,
        sections,
        tracks: Vec::new(),
        groups: Vec::new(),
        hash: checklist.hash.clone(),
        details: true,
        retired: Vec::new(),
    }
}

/// A roadmap written as a GitHub task list: `# title`, a `## section` for each section with
/// topics, and `- [x] title` (or `- [ ]`) for each topic as `done(topic id)` says. Titles
/// are escaped, so [`parse`] reads the same titles back.
pub fn markdown_of(roadmap: &Roadmap, done: impl Fn(&str) -> bool) -> String {
    let mut out = format!("# {}\n", markdown::inline(&roadmap.title));
    for section in roadmap.sections.iter().filter(|s| !s.topics.is_empty()) {
        out.push_str(&format!("\n## {}\n\n", markdown::inline(&section.title)));
        for topic in &section.topics {
            let mark = if done(&topic.id) { 'x' } else { ' ' };
            out.push_str(&format!("- [{mark}] {}\n", markdown::inline(&topic.title)));
        }
    }
    out
}
