//! Following a curriculum upstream: the items of a new version of a Markdown file matched
//! to those of the version added before, so that progress stays with them.
//!
//! The rule, in this order:
//!
//! 1. **Same text, same item**, wherever it now is (another section, another place): a new
//!    item whose title has the same words (case and punctuation aside, see
//!    [`ids::normal`]) as an old one keeps its id. Repeated texts pair up in document order.
//! 2. **Reworded.** Of the items left, a new one whose title is clearly like an old one's
//!    is that item reworded: similarity is the larger of the normalised Levenshtein
//!    similarity and the Sørensen–Dice coefficient of the two normalised titles, and must
//!    reach [`REWORDED`] ([`REWORDED_SHORT`] when either title is shorter than
//!    [`SHORT`] characters, where one letter is a large part of the text). A title of two
//!    words or more that the other begins with (words added at the end) is alike too,
//!    with a score of [`REWORDED`]. Pairs are taken
//!    best first; equal scores go to the pair closest in position, then to the earlier new
//!    item. A reworded item gets the id of its new text, and its old id in `renamed_from`
//!    (or keeps the old id, when the new text gives the same one).
//! 3. Every other new item is **added**, every other old item **removed**.
//!
//! Ids given to reworded and added items never reuse an id of the old version, so that a
//! removed item's history is not handed to a new one.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Checklist, ids};

/// The similarity from which two titles are the same item reworded.
pub const REWORDED: f64 = 0.7;
/// The similarity needed when either title is short.
pub const REWORDED_SHORT: f64 = 0.85;
/// Titles with fewer characters (normalised) than this are short.
pub const SHORT: usize = 12;

/// What changed between two versions of a checklist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Ids of the new items.
    pub added: Vec<String>,
    /// (old id, new id) of the reworded items.
    pub reworded: Vec<(String, String)>,
    /// Ids of the old items no longer there.
    pub removed: Vec<String>,
}

impl Diff {
    /// Whether nothing was added, reworded or removed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.reworded.is_empty() && self.removed.is_empty()
    }
}

/// How alike two normalised titles are, from 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b).max(strsim::sorensen_dice(a, b))
}

/// Whether normalised titles `a` and `b` are the same item reworded, and how alike.
fn alike(a: &str, b: &str) -> Option<f64> {
    let short = a.chars().count().min(b.chars().count()) < SHORT;
    let score = similarity(a, b);
    if score >= if short { REWORDED_SHORT } else { REWORDED } {
        return Some(score);
    }
    // Words added at the end: `Learn Git basics` → `Learn Git basics and branching`.
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let extended = shorter.contains(' ')
        && longer
            .strip_prefix(shorter)
            .is_some_and(|rest| rest.starts_with(' '));
    extended.then_some(REWORDED)
}

/// Gives the items of `next` the ids of the items of `previous` (id, title, in document
/// order) they are, by the rule of the module documentation; sets their `renamed_from`
/// and rewrites `requires` to match. Returns what changed.
pub fn follow(previous: &[(String, String)], next: &mut Checklist) -> Diff {
    let old: Vec<String> = previous.iter().map(|(_, t)| ids::normal(t)).collect();
    let new: Vec<String> = next
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .map(|i| ids::normal(&i.title))
        .collect();

    // 1. Same text.
    let mut queues: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (o, t) in old.iter().enumerate() {
        queues.entry(t.as_str()).or_default().push_back(o);
    }
    let same: Vec<Option<usize>> = new
        .iter()
        .map(|t| queues.get_mut(t.as_str()).and_then(VecDeque::pop_front))
        .collect();
    let mut old_used = vec![false; old.len()];
    for o in same.iter().flatten() {
        old_used[*o] = true;
    }

    // 2. Reworded.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (n, t) in new.iter().enumerate() {
        if same[n].is_some() {
            continue;
        }
        for (o, u) in old.iter().enumerate() {
            if !old_used[o]
                && let Some(score) = alike(u, t)
            {
                pairs.push((score, n, o));
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2)))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut reworded: Vec<Option<usize>> = vec![None; new.len()];
    for (_, n, o) in pairs {
        if reworded[n].is_none() && !old_used[o] {
            reworded[n] = Some(o);
            old_used[o] = true;
        }
    }

    // Ids: kept ones first, then fresh ones in document order, none an old id.
    let mut taken: HashSet<String> = previous.iter().map(|(id, _)| id.clone()).collect();
    let mut diff = Diff::default();
    let mut renamed: HashMap<String, String> = HashMap::new();
    for (n, item) in next
        .sections
        .iter_mut()
        .flat_map(|s| s.items.iter_mut())
        .enumerate()
    {
        let parsed = item.id.clone();
        if let Some(o) = same[n] {
            item.id = previous[o].0.clone();
        } else if let Some(o) = reworded[n] {
            let old_id = &previous[o].0;
            let fresh = ids::slug(item.text());
            if fresh == *old_id {
                item.id = fresh;
            } else {
                item.id = ids::unique(&fresh, &mut taken);
                item.renamed_from = vec![old_id.clone()];
            }
            diff.reworded.push((old_id.clone(), item.id.clone()));
        } else {
            item.id = ids::unique(&ids::slug(item.text()), &mut taken);
            diff.added.push(item.id.clone());
        }
        renamed.insert(parsed, item.id.clone());
    }
    for item in next.sections.iter_mut().flat_map(|s| s.items.iter_mut()) {
        for r in &mut item.requires {
            if let Some(id) = renamed.get(r) {
                r.clone_from(id);
            }
        }
    }
    diff.removed = previous
        .iter()
        .zip(&old_used)
        .filter(|(_, used)| !**used)
        .map(|((id, _), _)| id.clone())
        .collect();
    diff
}
