//! Maps keyed by topic id. Reports build them over every topic of a roadmap, 10,000 of them
//! in a large one, on every command; the standard SipHash showed in profiles, so these use
//! rustc's own Fx hash (rustc-hash). Ids come from the user's own roadmap file, so
//! resistance to crafted collisions buys nothing here.

use rustc_hash::FxHashMap;

/// A map from topic id to `V`.
pub type IdMap<'a, V> = FxHashMap<&'a str, V>;

/// An empty [`IdMap`] with room for `capacity` ids.
pub fn id_map<'a, V>(capacity: usize) -> IdMap<'a, V> {
    FxHashMap::with_capacity_and_hasher(capacity, Default::default())
}
