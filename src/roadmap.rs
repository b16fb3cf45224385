//! Roadmap files: the TOML types, loading, and validation.
//!
//! A roadmap is parsed into spanned raw types first, so that every problem (a bad id, a
//! duplicate, an unknown prerequisite, a cycle, a bad estimate) can be reported with its
//! file, line and column. Validation collects every problem before giving up; a roadmap that
//! fails it is never synced. The content hash decides whether the store needs a re-sync.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Result};
use crate::timeparse::parse_duration;

/// The default roadmap, built into the binary.
pub const EMBEDDED: &str = include_str!("../roadmap/backend.toml");
/// The name under which the built-in roadmap is reported.
pub const EMBEDDED_NAME: &str = "<built-in backend.toml>";

/// A validated roadmap. The store keeps a copy of it (see [`crate::packed`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Roadmap {
    pub id: String,
    pub title: String,
    pub version: i64,
    pub sections: Vec<Section>,
    /// Content hash of the source text (hex), used to skip unchanged syncs.
    pub hash: String,
    /// Whether topics carry their summaries and resources. A roadmap read from its file
    /// does; the store's cached copy does not until the store fills them in.
    pub details: bool,
    /// Topics an earlier version had and this one dropped, as the store remembers them:
    /// filled in only when a topic argument names no current topic (see
    /// [`crate::resolve::topic`]), so that their kept history can still be shown.
    pub retired: Vec<Topic>,
}

/// A section: an ordered group of topics.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub topics: Vec<Topic>,
}

/// What sort of work a topic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Study,
    Practice,
    Project,
    Milestone,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Study => "study",
            Kind::Practice => "practice",
            Kind::Project => "project",
            Kind::Milestone => "milestone",
        }
    }
}

/// A link to read or watch.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a resource: { title = \"...\", url = \"...\" }"
)]
pub struct Resource {
    pub title: String,
    pub url: String,
}

/// Text of a topic: owned when the roadmap was parsed from its file, borrowed when it was
/// decoded from the store's cached copy, whose bytes live as long as the process (see
/// [`crate::store::Store::cached_roadmap`]). Decoding 10,000 topics then allocates no string.
pub type Text = Cow<'static, str>;

/// One topic: the unit of progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: Text,
    pub section: Text,
    pub title: Text,
    /// Not in the store's cached copy of the roadmap: see [`Roadmap::details`].
    pub summary: String,
    pub kind: Kind,
    /// The estimate as written (`1h30m`), if any.
    pub estimate: Option<Text>,
    /// The estimate in minutes, if any.
    pub estimate_minutes: Option<u32>,
    pub requires: Vec<Text>,
    pub renamed_from: Vec<Text>,
    /// Not in the store's cached copy of the roadmap: see [`Roadmap::details`].
    pub resources: Vec<Resource>,
}

impl Topic {
    /// A topic the roadmap no longer has, from what the store remembers of it.
    pub fn retired(id: String, section: String, title: String) -> Topic {
        Topic {
            id: id.into(),
            section: section.into(),
            title: title.into(),
            summary: String::new(),
            kind: Kind::default(),
            estimate: None,
            estimate_minutes: None,
            requires: Vec::new(),
            renamed_from: Vec::new(),
            resources: Vec::new(),
        }
    }
}

impl Roadmap {
    /// Every topic, in roadmap order.
    pub fn topics(&self) -> impl Iterator<Item = &Topic> {
        self.sections.iter().flat_map(|s| s.topics.iter())
    }

    /// Carries the renames of `before`, the version of this roadmap synced last, over to
    /// this one, so that progress follows a topic through several renames while each file
    /// names only the latest (`b` renamed from `a`, later `c` from `b`: `c` takes `a`'s
    /// events too), and stays when a later file drops a `renamed_from` line that has done
    /// its work. A topic inherits the old ids of every id it answers to, including its own;
    /// an old id this roadmap uses as a topic, or that one of its topics already claims,
    /// stays where it is. (`before` was itself completed this way when it was synced, so one
    /// step back reaches every earlier name.)
    pub fn inherit_renames(&mut self, before: &Roadmap) {
        let earlier: HashMap<&str, &[Text]> = before
            .topics()
            .map(|t| (&*t.id, &t.renamed_from[..]))
            .collect();
        let mut taken: HashSet<String> = self
            .topics()
            .flat_map(|t| std::iter::once(&t.id).chain(&t.renamed_from))
            .map(|id| id.to_string())
            .collect();
        for topic in self.sections.iter_mut().flat_map(|s| s.topics.iter_mut()) {
            let mut answers_to: Vec<Text> = vec![topic.id.clone()];
            answers_to.extend(topic.renamed_from.iter().cloned());
            for id in answers_to {
                for old in earlier.get(&*id).copied().unwrap_or_default() {
                    if taken.insert(old.to_string()) {
                        topic.renamed_from.push(old.clone());
                    }
                }
            }
        }
    }
}

/// Where a roadmap's text came from, for messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// Shown in messages: the path, or the built-in name.
    pub name: String,
    pub text: String,
}

impl Source {
    /// The built-in roadmap.
    pub fn embedded() -> Source {
        Source {
            name: EMBEDDED_NAME.to_string(),
            text: EMBEDDED.to_string(),
        }
    }

    /// Reads a roadmap file the user named. A missing or unreadable file, or one that is not
    /// UTF-8, is bad input.
    pub fn read(path: &Path) -> Result<Source> {
        use std::io::Read;
        let err = |source| Error::Read {
            path: PathBuf::from(path),
            source,
            user_input: true,
        };
        // Read only to be parsed once: see arena::system_only. At most one byte past the
        // limit, so that an endless file (`/dev/zero`, a FIFO) ends in an error, not in
        // all of memory.
        let bytes = crate::arena::system_only(|| {
            let mut bytes = Vec::new();
            std::fs::File::open(path)?
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)?;
            Ok(bytes)
        })
        .map_err(err)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(path));
        }
        let name = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source { name, text }),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                let (line, col) = line_col(&prefix, prefix.len());
                Err(Error::Invalid {
                    problems: vec![format!(
                        "{name}:{line}:{col}: the file is not valid UTF-8 text"
                    )],
                })
            }
        }
    }
}

// --- raw, spanned types as they are in the file ---

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a roadmap: a [roadmap] table and [[sections]]"
)]
struct RawFile {
    roadmap: RawHeader,
    #[serde(default)]
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [roadmap] table with `id` and `title`"
)]
struct RawHeader {
    id: Spanned<String>,
    title: String,
    version: Option<Spanned<i64>>,
    #[serde(default)]
    #[allow(dead_code)]
    summary: Option<String>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [[sections]] table with `id` and `title`"
)]
struct RawSection {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    topics: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [[sections.topics]] table with `id` and `title`"
)]
struct RawTopic {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    kind: Kind,
    estimate: Option<Spanned<String>>,
    #[serde(default)]
    requires: Vec<Spanned<String>>,
    #[serde(default)]
    renamed_from: Vec<Spanned<String>>,
    #[serde(default)]
    resources: Vec<Resource>,
}

/// The `[roadmap]` table alone: the start of a file read in pieces.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadPiece {
    roadmap: RawHeader,
}

/// One or more `[[sections]]` tables without their topics.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsPiece {
    sections: Vec<RawSection>,
}

/// A run of `[[sections.topics]]` tables, read on their own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsPiece {
    sections: TopicsOnly,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsOnly {
    topics: Vec<RawTopic>,
}

/// How much text of `[[sections.topics]]` tables is parsed at once.
const TOPICS_PIECE_BYTES: usize = 64 * 1024;

/// Reads a roadmap the way `toml::from_str` would, but a piece at a time: the header, each
/// `[[sections]]` header, and runs of `[[sections.topics]]` tables of about 64 KiB. The TOML
/// parser holds a token list about seven times the size of its input, so a 4 MB roadmap
/// parsed whole peaks at over 50 MiB; in pieces, at a few.
///
/// A file is cut only at lines that are exactly `[[sections]]` or `[[sections.topics]]`.
/// When any piece does not parse into what the whole file would give (a cut inside a
/// multi-line string, tables out of the usual order, inline topic arrays, any error at
/// all), this returns `None` and the caller parses the whole file, which also words the
/// error exactly as TOML does.
fn parse_in_pieces(text: &str) -> Option<RawFile> {
    let mut cuts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let kind = match line.trim_end() {
            "[[sections]]" => Some(false),
            "[[sections.topics]]" => Some(true),
            _ => None,
        };
        if let Some(topic) = kind {
            cuts.push((at, topic));
        }
        at += line.len();
    }
    let first = cuts.first().map_or(text.len(), |c| c.0);
    let head: HeadPiece = toml::from_str(&text[..first]).ok()?;
    let mut raw = RawFile {
        roadmap: shift_header(head.roadmap, 0),
        sections: Vec::new(),
    };
    let mut i = 0;
    while i < cuts.len() {
        let (start, topics) = cuts[i];
        // A section header runs to the next cut; topics run on, cut after cut, to about
        // TOPICS_PIECE_BYTES or the next section.
        let mut j = i + 1;
        if topics {
            while j < cuts.len() && cuts[j].1 && cuts[j].0 - start < TOPICS_PIECE_BYTES {
                j += 1;
            }
        }
        let end = cuts.get(j).map_or(text.len(), |c| c.0);
        let piece = &text[start..end];
        if topics {
            let parsed: TopicsPiece = toml::from_str(piece).ok()?;
            let section = raw.sections.last_mut()?;
            section.topics.extend(
                parsed
                    .sections
                    .topics
                    .into_iter()
                    .map(|t| shift_topic(t, start)),
            );
        } else {
            let parsed: SectionsPiece = toml::from_str(piece).ok()?;
            for section in parsed.sections {
                if !section.topics.is_empty() {
                    return None;
                }
                raw.sections.push(RawSection {
                    id: shift(section.id, start),
                    ..section
                });
            }
        }
        i = j;
    }
    Some(raw)
}

fn shift<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.into_inner())
}

fn shift_header(h: RawHeader, by: usize) -> RawHeader {
    RawHeader {
        id: shift(h.id, by),
        ..h
    }
}

fn shift_topic(t: RawTopic, by: usize) -> RawTopic {
    RawTopic {
        id: shift(t.id, by),
        estimate: t.estimate.map(|e| shift(e, by)),
        requires: t.requires.into_iter().map(|r| shift(r, by)).collect(),
        renamed_from: t.renamed_from.into_iter().map(|r| shift(r, by)).collect(),
        ..t
    }
}

/// The longest id allowed.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` is a valid roadmap, section or topic id: `[a-z0-9]+(-[a-z0-9]+)*`, 64 at most.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// A problem found in a roadmap file, at a byte span.
struct Problems<'a> {
    source: &'a Source,
    list: Vec<(usize, String)>,
}

impl Problems<'_> {
    fn add(&mut self, span: Range<usize>, message: String) {
        self.list.push((span.start, message));
    }

    fn into_error(mut self) -> Option<Error> {
        if self.list.is_empty() {
            return None;
        }
        self.list.sort_by_key(|(offset, _)| *offset);
        let problems = self
            .list
            .into_iter()
            .map(|(offset, message)| {
                let (line, col) = line_col(&self.source.text, offset);
                format!("{}:{line}:{col}: {message}", self.source.name)
            })
            .collect();
        Some(Error::Invalid { problems })
    }
}

/// Parses and validates a roadmap. Every problem found is in the returned error.
pub fn load(source: &Source) -> Result<Roadmap> {
    // Parsing frees most of what it allocates: see arena::system_only.
    crate::arena::system_only(|| load_text(source))
}

/// serde's names for the types a roadmap file's values have in Rust, in the words of the
/// file: `expected i64` is `expected a whole number`.
fn plain_types(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, plain) in [
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected a borrowed string", "expected a string"),
    ] {
        if let Some(at) = out.find(rust)
            && !out[at + rust.len()..].starts_with(|c: char| c.is_alphanumeric())
        {
            out.replace_range(at..at + rust.len(), plain);
        }
    }
    out
}

fn load_text(source: &Source) -> Result<Roadmap> {
    let pieces = parse_in_pieces(&source.text);
    let raw: RawFile = pieces
        .map_or_else(|| toml::from_str(&source.text), Ok)
        .map_err(|e| {
            let mut problems = Problems {
                source,
                list: Vec::new(),
            };
            let message = plain_types(&e.message().trim().replace('\n', " "));
            problems.add(e.span().unwrap_or(0..0), message);
            problems
                .into_error()
                .unwrap_or(Error::Invalid { problems: vec![] })
        })?;
    let mut problems = Problems {
        source,
        list: Vec::new(),
    };
    check_id(&mut problems, "roadmap", &raw.roadmap.id);
    let blank = |title: &str| title.trim().is_empty();
    if blank(&raw.roadmap.title) {
        problems.add(
            raw.roadmap.id.span(),
            "the roadmap's title is empty".to_string(),
        );
    }
    if let Some(version) = &raw.roadmap.version
        && *version.get_ref() < 0
    {
        problems.add(
            version.span(),
            format!(
                "bad version `{}`: use a whole number, 0 or more",
                version.get_ref()
            ),
        );
    }

    let mut section_ids: HashMap<&str, Range<usize>> = HashMap::new();
    let mut topic_ids: HashMap<&str, Range<usize>> = HashMap::new();
    for section in &raw.sections {
        check_id(&mut problems, "section", &section.id);
        if blank(&section.title) {
            problems.add(
                section.id.span(),
                format!("section `{}` has an empty title", section.id.get_ref()),
            );
        }
        if let Some(first) = section_ids.insert(section.id.get_ref(), section.id.span()) {
            let (line, _) = line_col(&source.text, first.start);
            problems.add(
                section.id.span(),
                format!(
                    "duplicate section id `{}` (first at line {line})",
                    section.id.get_ref()
                ),
            );
            section_ids.insert(section.id.get_ref(), first);
        }
        for topic in &section.topics {
            check_id(&mut problems, "topic", &topic.id);
            if blank(&topic.title) {
                problems.add(
                    topic.id.span(),
                    format!("topic `{}` has an empty title", topic.id.get_ref()),
                );
            }
            if let Some(first) = topic_ids.insert(topic.id.get_ref(), topic.id.span()) {
                let (line, _) = line_col(&source.text, first.start);
                problems.add(
                    topic.id.span(),
                    format!(
                        "duplicate topic id `{}` (first at line {line})",
                        topic.id.get_ref()
                    ),
                );
                topic_ids.insert(topic.id.get_ref(), first);
            }
            if let Some(estimate) = &topic.estimate
                && let Err(message) = parse_duration(estimate.get_ref())
            {
                problems.add(estimate.span(), message);
            }
        }
    }

    let mut claimed: HashMap<&str, &str> = HashMap::new();
    for topic in raw.sections.iter().flat_map(|s| &s.topics) {
        let mut listed: HashSet<&str> = HashSet::new();
        for req in &topic.requires {
            if !listed.insert(req.get_ref()) {
                problems.add(
                    req.span(),
                    format!(
                        "`{}` is listed twice in requires of `{}`",
                        req.get_ref(),
                        topic.id.get_ref()
                    ),
                );
            }
            if !topic_ids.contains_key(req.get_ref().as_str()) {
                problems.add(
                    req.span(),
                    format!(
                        "unknown prerequisite `{}` of topic `{}`",
                        req.get_ref(),
                        topic.id.get_ref()
                    ),
                );
            }
        }
        for old in &topic.renamed_from {
            check_id(&mut problems, "renamed_from", old);
            if topic_ids.contains_key(old.get_ref().as_str()) {
                problems.add(
                    old.span(),
                    format!(
                        "`{}` is in renamed_from of `{}` but is still a topic id",
                        old.get_ref(),
                        topic.id.get_ref()
                    ),
                );
            } else if let Some(other) = claimed.insert(old.get_ref(), topic.id.get_ref())
                && other != topic.id.get_ref()
            {
                problems.add(
                    old.span(),
                    format!(
                        "`{}` is in renamed_from of both `{other}` and `{}`",
                        old.get_ref(),
                        topic.id.get_ref()
                    ),
                );
            }
        }
    }
    find_cycles(&raw, &mut problems);

    if let Some(error) = problems.into_error() {
        return Err(error);
    }
    Ok(build(raw, content_hash(&source.text)))
}

fn check_id(problems: &mut Problems, what: &str, id: &Spanned<String>) {
    if !is_valid_id(id.get_ref()) {
        let shown: String = id.get_ref().chars().take(80).collect();
        let why = if id.get_ref().len() > MAX_ID_LEN {
            format!("longer than {MAX_ID_LEN} characters")
        } else {
            "use lowercase letters and digits in hyphen-separated words, like `sql-joins`"
                .to_string()
        };
        problems.add(id.span(), format!("bad {what} id `{shown}`: {why}"));
    }
}

/// Reports each prerequisite cycle once, at the `requires` entry that closes it.
fn find_cycles(raw: &RawFile, problems: &mut Problems) {
    let topics: Vec<&RawTopic> = raw.sections.iter().flat_map(|s| &s.topics).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in topics.iter().enumerate() {
        // A duplicate id is reported elsewhere; the first one is the topic.
        index.entry(t.id.get_ref().as_str()).or_insert(i);
    }
    // 0 = unvisited, 1 = on the current path, 2 = finished.
    let mut mark = vec![0u8; topics.len()];
    let mut reported: HashSet<usize> = HashSet::new();
    for start in 0..topics.len() {
        if mark[start] != 0 {
            continue;
        }
        // Iterative DFS: a stack of (topic, next requires index), so deep chains cannot
        // overflow the call stack.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let requires = &topics[node].requires;
            if *next >= requires.len() {
                mark[node] = 2;
                stack.pop();
                continue;
            }
            let req = &requires[*next];
            *next += 1;
            let Some(&target) = index.get(req.get_ref().as_str()) else {
                continue;
            };
            match mark[target] {
                0 => {
                    mark[target] = 1;
                    stack.push((target, 0));
                }
                1 if reported.insert(target) => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut path: Vec<&str> = stack[from..]
                        .iter()
                        .map(|(n, _)| topics[*n].id.get_ref().as_str())
                        .collect();
                    path.push(topics[target].id.get_ref());
                    problems.add(
                        req.span(),
                        format!("prerequisite cycle: {}", path.join(" -> ")),
                    );
                }
                _ => {}
            }
        }
    }
}

fn build(raw: RawFile, hash: String) -> Roadmap {
    let sections = raw
        .sections
        .into_iter()
        .map(|s| {
            let section_id = s.id.into_inner();
            let topics = s
                .topics
                .into_iter()
                .map(|t| {
                    let estimate = t.estimate.map(Spanned::into_inner);
                    Topic {
                        id: t.id.into_inner().into(),
                        section: section_id.clone().into(),
                        title: t.title.into(),
                        summary: t.summary,
                        kind: t.kind,
                        estimate_minutes: estimate.as_deref().and_then(|e| parse_duration(e).ok()),
                        estimate: estimate.map(Cow::Owned),
                        requires: t
                            .requires
                            .into_iter()
                            .map(|r| r.into_inner().into())
                            .collect(),
                        renamed_from: t
                            .renamed_from
                            .into_iter()
                            .map(|r| r.into_inner().into())
                            .collect(),
                        resources: t.resources,
                    }
                })
                .collect();
            Section {
                id: section_id,
                title: s.title,
                summary: s.summary,
                topics,
            }
        })
        .collect();
    Roadmap {
        id: raw.roadmap.id.into_inner(),
        title: raw.roadmap.title,
        version: raw.roadmap.version.map_or(0, Spanned::into_inner),
        sections,
        hash,
        details: true,
        retired: Vec::new(),
    }
}

/// Bumped when the way a roadmap is stored changes (its fields, or their meaning), so that
/// every store re-syncs once instead of using a stale copy.
const SYNC_FORMAT: u64 = 4;

/// A 64-bit hash of the text (FNV-1a over 8-byte words, then a final mix), as hex. It only
/// detects change; it is fast enough to run on every command for a multi-megabyte roadmap.
pub fn content_hash(text: &str) -> String {
    let mut h = ContentHasher::default();
    h.update(text.as_bytes());
    h.finish()
}

/// The [`content_hash`] of a file, read in small pieces: an unchanged roadmap is never held
/// in memory whole. Errors are those of [`Source::read`].
pub fn file_hash(path: &Path) -> Result<String> {
    use std::io::Read;
    let err = |source| Error::Read {
        path: PathBuf::from(path),
        source,
        user_input: true,
    };
    let mut file = std::fs::File::open(path)
        .map_err(err)?
        .take(MAX_FILE_BYTES + 1);
    let mut h = ContentHasher::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(err(e)),
        }
    }
    if h.len > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(h.finish())
}

/// The largest roadmap file read: a hundred times the 10,000-topic roadmap of the benchmark
/// (while it parses, the TOML parser holds several times its input).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

fn too_large(path: &Path) -> Error {
    Error::Invalid {
        problems: vec![format!(
            "{}: the file is larger than {} MiB, more than any roadmap needs",
            path.display(),
            MAX_FILE_BYTES >> 20
        )],
    }
}

/// The state of [`content_hash`] over bytes fed in pieces of any size.
struct ContentHasher {
    h: u64,
    len: u64,
    /// Bytes of an 8-byte word not complete yet.
    pending: [u8; 8],
    pending_len: usize,
}

const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl Default for ContentHasher {
    fn default() -> Self {
        ContentHasher {
            h: 0xcbf2_9ce4_8422_2325 ^ SYNC_FORMAT,
            len: 0,
            pending: [0; 8],
            pending_len: 0,
        }
    }
}

impl ContentHasher {
    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.pending_len > 0 {
            let take = (8 - self.pending_len).min(bytes.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&bytes[..take]);
            self.pending_len += take;
            bytes = &bytes[take..];
            if self.pending_len < 8 {
                return;
            }
            self.h = (self.h ^ u64::from_le_bytes(self.pending)).wrapping_mul(FNV_PRIME);
            self.pending_len = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.h = (self.h ^ u64::from_le_bytes(word)).wrapping_mul(FNV_PRIME);
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.pending_len = rest.len();
    }

    fn finish(self) -> String {
        let mut h = self.h;
        for &b in &self.pending[..self.pending_len] {
            h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
        h ^= self.len;
        // A final mix, so that every input bit reaches every output bit.
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        format!("{h:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            name: "r.toml".into(),
            text: text.into(),
        }
    }

    fn problems(text: &str) -> Vec<String> {
        match load(&src(text)) {
            Err(Error::Invalid { problems }) => problems,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    const HEAD: &str = "[roadmap]\nid = \"r\"\ntitle = \"R\"\n";

    /// The roadmap as a parse of the whole file gives it.
    fn whole(text: &str) -> Roadmap {
        build(toml::from_str(text).unwrap(), content_hash(text))
    }

    /// A roadmap of `sections` sections of `per` topics, each requiring the one before.
    fn big(sections: usize, per: usize) -> String {
        let mut t = format!("{HEAD}version = 2\nsummary = \"big\"\n\n");
        for s in 0..sections {
            t += &format!("[[sections]]\nid = \"s{s}\"\ntitle = \"Section {s}\"\n\n");
            for i in 0..per {
                let n = s * per + i;
                t += &format!(
                    "[[sections.topics]]\nid = \"t{n}\"\ntitle = \"Topic {n} ✓\"\n\
                     summary = \"\"\"\nLine one.\nLine two.\"\"\"\nestimate = \"{}h\"\n",
                    1 + n % 5
                );
                if n > 0 {
                    t += &format!("requires = [\"t{}\"]\n", n - 1);
                }
                t += "resources = [{ title = \"R\", url = \"https://r.example\" }]\n\n";
            }
        }
        t
    }

    #[test]
    fn pieces_give_what_the_whole_file_gives() {
        for text in [
            EMBEDDED.to_string(),
            big(3, 700),
            big(1, 1),
            HEAD.to_string(),
            format!("{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n"),
            // A cut line inside a multi-line string: the pieces fail, the whole file is read.
            format!(
                "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\nsummary = \"\"\"\n\
                 [[sections.topics]]\n\"\"\"\n[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\n"
            ),
            // Spaced headers are not cut at, and still mean what they mean.
            format!(
                "{HEAD}[[ sections ]]\nid = \"s\"\ntitle = \"S\"\n[[sections.topics]]\nid = \"a\"\n\
                 title = \"A\"\n[[ sections ]]\nid = \"u\"\ntitle = \"U\"\n"
            ),
        ] {
            let text = text.replace("\n\n\n", "\n\n");
            let r = load(&src(&text)).unwrap();
            assert_eq!(r, whole(&text));
            assert_eq!(r.hash, content_hash(&text));
        }
        assert_eq!(load(&src(&big(3, 700))).unwrap().topics().count(), 2100);
        // Those were read in pieces, not by the fallback.
        assert!(parse_in_pieces(&big(3, 700)).is_some());
        assert!(parse_in_pieces(EMBEDDED).is_some());
        // The same with Windows line ends.
        let crlf = big(2, 300).replace('\n', "\r\n");
        assert_eq!(load(&src(&crlf)).unwrap(), whole(&crlf));
    }

    #[test]
    fn pieces_refuse_what_the_whole_file_refuses() {
        // Topics both inline and as tables; topics before any section; the header last.
        let inline = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\ntopics = [{{ id = \"a\", title = \"A\" }}]\n\
             [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\n"
        );
        let early = format!("{HEAD}[[sections.topics]]\nid = \"b\"\ntitle = \"B\"\n");
        let late =
            "[[sections]]\nid = \"s\"\ntitle = \"S\"\n[roadmap]\nid = \"r\"\ntitle = \"R\"\n";
        for text in [inline.as_str(), early.as_str()] {
            assert!(toml::from_str::<RawFile>(text).is_err());
            assert!(parse_in_pieces(text).is_none());
            assert!(load(&src(text)).is_err(), "{text}");
        }
        assert_eq!(load(&src(late)).unwrap(), whole(late));
    }

    #[test]
    fn problems_in_late_pieces_point_at_their_own_lines() {
        let text = big(4, 400).replace("requires = [\"t1500\"]", "requires = [\"nope\"]");
        let line = text.lines().position(|l| l.contains("\"nope\"")).unwrap() + 1;
        assert_eq!(
            problems(&text),
            [format!(
                "r.toml:{line}:13: unknown prerequisite `nope` of topic `t1501`"
            )]
        );
    }

    #[test]
    fn embedded_roadmap_is_valid() {
        let r = load(&Source::embedded()).unwrap();
        assert_eq!(r.id, "backend");
        assert!(r.topics().any(|t| t.id == "sql-joins"));
        let n = r.topics().count();
        assert!((80..=150).contains(&n), "{n} topics");
        for t in r.topics() {
            assert!(!t.summary.is_empty(), "{} has no summary", t.id);
            assert!(t.estimate_minutes.is_some(), "{} has no estimate", t.id);
            assert!(!t.resources.is_empty(), "{} has no resource", t.id);
        }
    }

    #[test]
    fn minimal_roadmap_defaults() {
        let text = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\n"
        );
        let r = load(&src(&text)).unwrap();
        let t = r.topics().next().unwrap();
        assert_eq!(t.kind, Kind::Study);
        assert_eq!(t.section, "s");
        assert_eq!(t.estimate, None);
    }

    #[test]
    fn ids() {
        for ok in ["a", "sql-joins", "2-3-trees", "a1-b2", &"a".repeat(64)] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "a b",
            "é",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn every_problem_has_a_location() {
        let text = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
             [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nrequires = [\"b\", \"zz\"]\nestimate = \"3x\"\n\
             [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\nrequires = [\"a\"]\n\
             [[sections.topics]]\nid = \"a\"\ntitle = \"A again\"\n\
             [[sections.topics]]\nid = \"Bad_Id\"\ntitle = \"X\"\n"
        );
        let p = problems(&text);
        assert_eq!(
            p,
            vec![
                "r.toml:10:18: unknown prerequisite `zz` of topic `a`",
                "r.toml:11:12: bad duration `3x`: expected parts like `45m`, `2h` or `1h30m` (units m and h)",
                "r.toml:15:13: prerequisite cycle: a -> b -> a",
                "r.toml:17:6: duplicate topic id `a` (first at line 8)",
                "r.toml:20:6: bad topic id `Bad_Id`: use lowercase letters and digits in hyphen-separated words, like `sql-joins`",
            ]
        );
    }

    #[test]
    fn unknown_key_is_named() {
        let text = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nrequries = [\"b\"]\n"
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with("r.toml:10:1: unknown field `requries`"),
            "{}",
            p[0]
        );
    }

    #[test]
    fn self_cycle_and_long_chain() {
        let text = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nrequires = [\"a\"]\n"
        );
        assert_eq!(
            problems(&text),
            vec!["r.toml:10:13: prerequisite cycle: a -> a"]
        );

        // A 20,000-deep chain must not overflow the stack.
        let mut text = format!("{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n");
        for i in 0..20_000 {
            text.push_str(&format!(
                "[[sections.topics]]\nid = \"t{i}\"\ntitle = \"T\"\n"
            ));
            if i > 0 {
                text.push_str(&format!("requires = [\"t{}\"]\n", i - 1));
            }
        }
        assert_eq!(load(&src(&text)).unwrap().topics().count(), 20_000);
    }

    #[test]
    fn type_errors_are_in_the_file_s_words() {
        let problems = |text: &str| match load(&Source {
            name: "r.toml".into(),
            text: text.into(),
        }) {
            Err(Error::Invalid { problems }) => problems,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            problems("[roadmap]\nid = \"r\"\ntitle = \"R\"\nversion = 1.5\n"),
            ["r.toml:4:11: invalid type: floating point `1.5`, expected a whole number"]
        );
        assert_eq!(plain_types("expected i64x"), "expected i64x");
    }

    #[test]
    fn renamed_from_rules() {
        let text = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n\
             [[sections.topics]]\nid = \"a\"\ntitle = \"A\"\nrenamed_from = [\"old\", \"b\"]\n\
             [[sections.topics]]\nid = \"b\"\ntitle = \"B\"\nrenamed_from = [\"old\"]\n"
        );
        assert_eq!(
            problems(&text),
            vec![
                "r.toml:10:24: `b` is in renamed_from of `a` but is still a topic id",
                "r.toml:14:17: `old` is in renamed_from of both `a` and `b`",
            ]
        );
    }

    #[test]
    fn broken_toml_and_line_col() {
        let p = problems("[roadmap]\nid = \"r\"\ntitle = ");
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("r.toml:3:"), "{}", p[0]);
        assert_eq!(line_col("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_col("ab\ncéd", 6), (2, 3));
    }

    #[test]
    fn hash_changes_with_text() {
        assert_eq!(content_hash("a"), content_hash("a"));
        assert_ne!(content_hash("a"), content_hash("b"));
        assert_ne!(content_hash("12345678a"), content_hash("12345678b"));
        assert_ne!(content_hash(""), content_hash("\0"));
        assert_eq!(content_hash("a").len(), 16);
        // Fed in pieces of any size, the hash is the same as over the whole text.
        let text: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        for piece in [1, 3, 7, 8, 9, 64, 999] {
            let mut h = ContentHasher::default();
            for chunk in text.as_bytes().chunks(piece) {
                h.update(chunk);
            }
            assert_eq!(h.finish(), content_hash(&text), "pieces of {piece}");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        let long = text.repeat(200);
        std::fs::write(&path, &long).unwrap();
        assert_eq!(file_hash(&path).unwrap(), content_hash(&long));
    }
}
