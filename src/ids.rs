//! Maps keyed by topic id. Reports build them over every topic of a roadmap, 10,000 of them
//! in a large one, on every command; the standard SipHash showed in profiles, so these use a
//! simpler multiply-and-rotate hash (the one rustc uses for its own tables). Ids come from
//! the user's own roadmap file, so resistance to crafted collisions buys nothing here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from topic id to `V`.
pub type IdMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<IdHasher>>;

/// An empty [`IdMap`] with room for `capacity` ids.
pub fn id_map<'a, V>(capacity: usize) -> IdMap<'a, V> {
    HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

/// The hasher behind [`IdMap`].
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_differ_hash_apart_and_lookups_work() {
        let hash = |s: &str| {
            let mut h = IdHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("sql-joins"), hash("sql-joint"));
        assert_ne!(hash("12345678a"), hash("12345678b"));
        let ids: Vec<String> = (0..10_000).map(|i| format!("topic-{i:05}")).collect();
        let mut map = id_map(ids.len());
        for (i, id) in ids.iter().enumerate() {
            map.insert(id.as_str(), i);
        }
        assert_eq!(map.len(), 10_000);
        assert!(ids.iter().enumerate().all(|(i, id)| map[id.as_str()] == i));
        assert_eq!(map.get("topic-10000"), None);
    }
}
