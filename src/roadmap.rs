//! Roadmap files: the TOML types, loading, and validation.
//!
//! A roadmap is parsed into spanned raw types first, so that every problem (a bad id, a
//! duplicate, an unknown prerequisite, a cycle, a bad estimate) can be reported with its
//! file, line and column. Validation collects every problem before giving up; a roadmap that
//! fails it is never synced. The content hash decides whether the store needs a re-sync.

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
/// The id of the built-in roadmap (a test holds it to the file's).
pub const EMBEDDED_ID: &str = "backend";

/// A roadmap built into the binary.
#[derive(Debug, PartialEq, Eq)]
pub struct Builtin {
    /// Its id, as its file says (a test holds them together).
    pub id: &'static str,
    /// The name under which it is reported.
    pub name: &'static str,
    pub text: &'static str,
}

/// The built-in roadmaps: the default first, then the others `use ID` or `--roadmap ID`
/// choose.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: EMBEDDED_ID,
        name: EMBEDDED_NAME,
        text: EMBEDDED,
    },
    Builtin {
        id: "backend-90-days",
        name: "<built-in backend-90-days.toml>",
        text: include_str!("../roadmap/backend-90-days.toml"),
    },
];

/// The built-in roadmap `id`, if there is one.
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

/// A validated roadmap. The store keeps a copy of it, without the topics' summaries and
/// resources, so that an unchanged file is not parsed and validated again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roadmap {
    pub id: String,
    pub title: String,
    pub version: i64,
    pub sections: Vec<Section>,
    /// Alternatives of which the learner follows one (`java`, `python`); may be empty.
    pub tracks: Vec<Track>,
    /// Pick-N groups: any `pick` of a group's topics complete it.
    pub groups: Vec<Group>,
    /// Content hash of the source text (hex), used to skip unchanged syncs.
    pub hash: String,
    /// Whether topics carry their summaries and resources. A roadmap read from its file
    /// does; the store's cached copy does not until the store fills them in.
    #[serde(skip)]
    pub details: bool,
    /// Topics an earlier version had and this one dropped, as the store remembers them:
    /// filled in only when a topic argument names no current topic (see
    /// [`crate::resolve::topic`]), so that their kept history can still be shown.
    #[serde(skip)]
    pub retired: Vec<Topic>,
}

/// A section: an ordered group of topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The days of a day-by-day plan this section covers, first and last (1-based).
    pub days: Option<(u32, u32)>,
    pub topics: Vec<Topic>,
}

/// One of a roadmap's tracks: the learner follows one, and the topics of the others leave
/// the total, `next` and the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub id: String,
    pub title: String,
    pub summary: String,
}

/// A pick-N group: any `pick` of its topics complete it; once that many are done, the
/// rest are optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub pick: u32,
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

/// One topic: the unit of progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub section: String,
    pub title: String,
    /// Not in the store's cached copy of the roadmap: see [`Roadmap::details`].
    #[serde(skip)]
    pub summary: String,
    pub kind: Kind,
    /// The estimate as written (`1h30m`), if any.
    pub estimate: Option<String>,
    /// The estimate in minutes, if any.
    pub estimate_minutes: Option<u32>,
    pub requires: Vec<String>,
    pub renamed_from: Vec<String>,
    /// Not in the store's cached copy of the roadmap: see [`Roadmap::details`].
    #[serde(skip)]
    pub resources: Vec<Resource>,
    /// The track the topic belongs to, if it is not for every learner.
    pub track: Option<String>,
    /// The pick-N group the topic is one of.
    pub group: Option<String>,
    /// Out of the total and the plan unless started.
    pub optional: bool,
}

impl Topic {
    /// A topic the roadmap no longer has, from what the store remembers of it.
    pub fn retired(id: String, section: String, title: String) -> Topic {
        Topic {
            id,
            section,
            title,
            summary: String::new(),
            kind: Kind::default(),
            estimate: None,
            estimate_minutes: None,
            requires: Vec::new(),
            renamed_from: Vec::new(),
            resources: Vec::new(),
            track: None,
            group: None,
            optional: false,
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
        let earlier: HashMap<&str, &[String]> = before
            .topics()
            .map(|t| (&*t.id, &t.renamed_from[..]))
            .collect();
        let mut taken: HashSet<String> = self
            .topics()
            .flat_map(|t| std::iter::once(&t.id).chain(&t.renamed_from))
            .map(|id| id.to_string())
            .collect();
        for topic in self.sections.iter_mut().flat_map(|s| s.topics.iter_mut()) {
            let mut answers_to: Vec<String> = vec![topic.id.clone()];
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

    /// A built-in roadmap.
    pub fn builtin(b: &Builtin) -> Source {
        Source {
            name: b.name.to_string(),
            text: b.text.to_string(),
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
        // At most one byte past the limit, so that an endless file (`/dev/zero`, a FIFO)
        // ends in an error, not in all of memory.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
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
    tracks: Vec<RawTrack>,
    #[serde(default)]
    groups: Vec<RawGroup>,
    #[serde(default)]
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [[tracks]] table with `id` and `title`"
)]
struct RawTrack {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    summary: String,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [[groups]] table with `id`, `title` and `pick`"
)]
struct RawGroup {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    summary: String,
    pick: Spanned<i64>,
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
    days: Option<Spanned<Vec<i64>>>,
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
    track: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
    #[serde(default)]
    optional: bool,
}

/// `roadmap` as a roadmap file: what [`load`] reads back as the same roadmap (its `hash`
/// aside, which is the hash of the text). `add` writes the roadmap of a Markdown checklist
/// this way, so that it can be read, checked and edited as any other.
pub fn to_toml(roadmap: &Roadmap) -> String {
    #[derive(Serialize)]
    struct File<'a> {
        roadmap: Header<'a>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        tracks: Vec<Named<'a>>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        groups: Vec<GroupOut<'a>>,
        sections: Vec<SectionOut<'a>>,
    }
    #[derive(Serialize)]
    struct Named<'a> {
        id: &'a str,
        title: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        summary: &'a str,
    }
    #[derive(Serialize)]
    struct GroupOut<'a> {
        id: &'a str,
        title: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        summary: &'a str,
        pick: u32,
    }
    #[derive(Serialize)]
    struct Header<'a> {
        id: &'a str,
        title: &'a str,
        version: i64,
    }
    #[derive(Serialize)]
    struct SectionOut<'a> {
        id: &'a str,
        title: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        summary: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        days: Option<[u32; 2]>,
        topics: Vec<TopicOut<'a>>,
    }
    #[derive(Serialize)]
    struct TopicOut<'a> {
        id: &'a str,
        title: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        summary: &'a str,
        kind: Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        estimate: Option<&'a str>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        requires: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        renamed_from: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        resources: &'a [Resource],
        #[serde(skip_serializing_if = "Option::is_none")]
        track: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        group: Option<&'a str>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        optional: bool,
    }
    let file = File {
        roadmap: Header {
            id: &roadmap.id,
            title: &roadmap.title,
            version: roadmap.version,
        },
        tracks: roadmap
            .tracks
            .iter()
            .map(|t| Named {
                id: &t.id,
                title: &t.title,
                summary: &t.summary,
            })
            .collect(),
        groups: roadmap
            .groups
            .iter()
            .map(|g| GroupOut {
                id: &g.id,
                title: &g.title,
                summary: &g.summary,
                pick: g.pick,
            })
            .collect(),
        sections: roadmap
            .sections
            .iter()
            .map(|s| SectionOut {
                id: &s.id,
                title: &s.title,
                summary: &s.summary,
                days: s.days.map(|(a, b)| [a, b]),
                topics: s
                    .topics
                    .iter()
                    .map(|t| TopicOut {
                        id: &t.id,
                        title: &t.title,
                        summary: &t.summary,
                        kind: t.kind,
                        estimate: t.estimate.as_deref(),
                        requires: &t.requires,
                        renamed_from: &t.renamed_from,
                        resources: &t.resources,
                        track: t.track.as_deref(),
                        group: t.group.as_deref(),
                        optional: t.optional,
                    })
                    .collect(),
            })
            .collect(),
    };
    // Plain data of strings, numbers and arrays: serializing it cannot fail.
    toml::to_string(&file).unwrap_or_default()
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

/// Parses and validates a roadmap. Every problem found is in the returned error.
pub fn load(source: &Source) -> Result<Roadmap> {
    let raw: RawFile = toml::from_str(&source.text).map_err(|e| {
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
    if raw.roadmap.title.trim().is_empty() {
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
        check_declared(
            &mut problems,
            "section",
            &section.id,
            &section.title,
            &mut section_ids,
        );
        for topic in &section.topics {
            check_declared(
                &mut problems,
                "topic",
                &topic.id,
                &topic.title,
                &mut topic_ids,
            );
            if let Some(estimate) = &topic.estimate
                && let Err(message) = parse_duration(estimate.get_ref())
            {
                problems.add(estimate.span(), message);
            }
        }
    }

    check_choices(&raw, &topic_ids, &mut problems);

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

/// The largest day a section's `days` may name.
const MAX_DAY: i64 = 100_000;

/// Checks tracks, groups and the keys that name them, and sections' `days`.
fn check_choices(raw: &RawFile, topic_ids: &HashMap<&str, Range<usize>>, problems: &mut Problems) {
    let mut tracks: HashMap<&str, Range<usize>> = HashMap::new();
    for track in &raw.tracks {
        let id = track.id.get_ref();
        check_declared(problems, "track", &track.id, &track.title, &mut tracks);
        if topic_ids.contains_key(id.as_str()) {
            problems.add(
                track.id.span(),
                format!("track id `{id}` is also a topic id: a track needs an id of its own"),
            );
        }
    }
    let mut members: HashMap<&str, i64> = HashMap::new();
    for topic in raw.sections.iter().flat_map(|s| &s.topics) {
        if let Some(track) = &topic.track
            && !tracks.contains_key(track.get_ref().as_str())
        {
            problems.add(
                track.span(),
                format!(
                    "unknown track `{}` of topic `{}`: declare it in a [[tracks]] table",
                    track.get_ref(),
                    topic.id.get_ref()
                ),
            );
        }
        if let Some(group) = &topic.group {
            *members.entry(group.get_ref()).or_default() += 1;
            if !raw.groups.iter().any(|g| g.id.get_ref() == group.get_ref()) {
                problems.add(
                    group.span(),
                    format!(
                        "unknown group `{}` of topic `{}`: declare it in a [[groups]] table",
                        group.get_ref(),
                        topic.id.get_ref()
                    ),
                );
            }
        }
    }
    let mut groups: HashMap<&str, Range<usize>> = HashMap::new();
    for group in &raw.groups {
        let id = group.id.get_ref();
        check_declared(problems, "group", &group.id, &group.title, &mut groups);
        let pick = *group.pick.get_ref();
        let size = members.get(id.as_str()).copied().unwrap_or(0);
        if pick < 1 || pick > size {
            problems.add(
                group.pick.span(),
                format!(
                    "bad pick `{pick}` of group `{id}`: use a whole number from 1 to {size}, the number of topics with `group = \"{id}\"`"
                ),
            );
        }
    }
    for section in &raw.sections {
        if let Some(days) = &section.days {
            let ok = matches!(days.get_ref()[..], [a, b] if 1 <= a && a <= b && b <= MAX_DAY);
            if !ok {
                problems.add(
                    days.span(),
                    format!(
                        "bad days of section `{}`: use [first, last], whole numbers from 1 to {MAX_DAY}, first not after last, like [1, 10]",
                        section.id.get_ref()
                    ),
                );
            }
        }
    }
}

/// Checks one declared id, of a section, topic, track or group: a valid id, a title that is
/// not empty, and unique among `seen`, which keeps where each id was first declared.
fn check_declared<'r>(
    problems: &mut Problems,
    what: &str,
    id: &'r Spanned<String>,
    title: &str,
    seen: &mut HashMap<&'r str, Range<usize>>,
) {
    check_id(problems, what, id);
    let name = id.get_ref();
    if title.trim().is_empty() {
        problems.add(id.span(), format!("{what} `{name}` has an empty title"));
    }
    match seen.get(name.as_str()) {
        Some(first) => {
            let (line, _) = line_col(&problems.source.text, first.start);
            problems.add(
                id.span(),
                format!("duplicate {what} id `{name}` (first at line {line})"),
            );
        }
        None => {
            seen.insert(name, id.span());
        }
    }
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
                        id: t.id.into_inner(),
                        section: section_id.clone(),
                        title: t.title,
                        summary: t.summary,
                        kind: t.kind,
                        estimate_minutes: estimate.as_deref().and_then(|e| parse_duration(e).ok()),
                        estimate,
                        requires: t.requires.into_iter().map(Spanned::into_inner).collect(),
                        renamed_from: t
                            .renamed_from
                            .into_iter()
                            .map(Spanned::into_inner)
                            .collect(),
                        resources: t.resources,
                        track: t.track.map(Spanned::into_inner),
                        group: t.group.map(Spanned::into_inner),
                        optional: t.optional,
                    }
                })
                .collect();
            Section {
                id: section_id,
                title: s.title,
                summary: s.summary,
                days: s.days.and_then(|d| match d.into_inner()[..] {
                    [a, b] => Some((u32::try_from(a).ok()?, u32::try_from(b).ok()?)),
                    _ => None,
                }),
                topics,
            }
        })
        .collect();
    Roadmap {
        id: raw.roadmap.id.into_inner(),
        title: raw.roadmap.title,
        version: raw.roadmap.version.map_or(0, Spanned::into_inner),
        sections,
        tracks: raw
            .tracks
            .into_iter()
            .map(|t| Track {
                id: t.id.into_inner(),
                title: t.title,
                summary: t.summary,
            })
            .collect(),
        groups: raw
            .groups
            .into_iter()
            .map(|g| Group {
                id: g.id.into_inner(),
                title: g.title,
                summary: g.summary,
                pick: u32::try_from(g.pick.into_inner()).unwrap_or(1),
            })
            .collect(),
        hash,
        details: true,
        retired: Vec::new(),
    }
}

/// Bumped when the way a roadmap is stored changes (its fields, or their meaning), so that
/// every store re-syncs once instead of using a stale copy. It is part of every
/// [`content_hash`], and the tag of the store's cached copy.
pub const SYNC_FORMAT: &[u8] = b"roadmap sync format 6\n";

/// The key of a roadmap's text in the store: a BLAKE3 hash of the text and of
/// [`SYNC_FORMAT`], as hex. Two texts with the same key are, in practice, the same text.
pub fn content_hash(text: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(SYNC_FORMAT);
    h.update(text.as_bytes());
    h.finalize().to_hex().to_string()
}

/// The [`content_hash`] of a file, read in pieces: an unchanged roadmap is never held in
/// memory whole. Errors are those of [`Source::read`].
pub fn file_hash(path: &Path) -> Result<String> {
    let err = |source| Error::Read {
        path: PathBuf::from(path),
        source,
        user_input: true,
    };
    let file = std::fs::File::open(path).map_err(err)?;
    let mut h = blake3::Hasher::new();
    h.update(SYNC_FORMAT);
    h.update_reader(std::io::Read::take(file, MAX_FILE_BYTES + 1))
        .map_err(err)?;
    if h.count() > MAX_FILE_BYTES + SYNC_FORMAT.len() as u64 {
        return Err(too_large(path));
    }
    Ok(h.finalize().to_hex().to_string())
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
    fn problems_late_in_a_long_file_point_at_their_own_lines() {
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
        assert_eq!(r.id, EMBEDDED_ID);
        assert!(r.topics().any(|t| t.id == "sql-joins"));
        let n = r.topics().count();
        assert!((80..=200).contains(&n), "{n} topics");
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
        assert_eq!(content_hash("a").len(), 64);
        let text: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        let long = text.repeat(200);
        std::fs::write(&path, &long).unwrap();
        assert_eq!(file_hash(&path).unwrap(), content_hash(&long));
    }

    #[test]
    fn to_toml_reads_back_as_the_same_roadmap() {
        let tricky = format!(
            "{HEAD}[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.topics]]\nid = \"a\"\n\
             title = \"say \\\"hi\\\" \\\\ back'slash é ✓\"\nsummary = \"line\\nnext\\ttab\"\n"
        );
        for text in [EMBEDDED.to_string(), big(2, 30), tricky] {
            let r = load(&src(&text)).unwrap();
            let mut again = load(&src(&to_toml(&r))).unwrap();
            again.hash = r.hash.clone();
            assert_eq!(again, r);
        }
    }
}
