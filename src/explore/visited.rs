//! The visited set of the exhaustive search: each state's fingerprint with
//! the level (breadth-first depth) it was first reached at.
//!
//! The merge inserts while workers expand the level's states and look
//! successors up, so the set is split into shards, each behind its own
//! lock. A worker asks whether a state was reached *before* the level being
//! built began, never whether the merge has met it since: what it decides
//! from the answer (dropping a known successor early, the cycle proviso)
//! then depends on the level alone, not on how far the merge has got, and
//! the search is the same for any number of jobs.

use super::fingerprint::{BuildFingerprintHasher, Fingerprint};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::RwLock;

/// A fingerprint as four 32-bit words: 20 bytes an entry with its level,
/// where two 64-bit words would take 24 (aligned to 8) and a `u128` 32.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u32; 4]);

impl Key {
    fn of(fp: Fingerprint) -> Key {
        Key([fp as u32, (fp >> 32) as u32, (fp >> 64) as u32, (fp >> 96) as u32])
    }
}

impl Hash for Key {
    /// Fingerprints are uniform already: the low 64 bits are the hash.
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.0[0] as u64 | (self.0[1] as u64) << 32)
    }
}

type Shard = HashMap<Key, u32, BuildFingerprintHasher>;

pub struct Visited {
    shards: Box<[RwLock<Shard>]>,
}

impl Visited {
    /// One shard when a single thread uses the set, enough that two jobs
    /// seldom want the same one otherwise.
    pub fn new(jobs: usize) -> Visited {
        let n = if jobs > 1 { 64 } else { 1 };
        Visited { shards: (0..n).map(|_| RwLock::new(Shard::default())).collect() }
    }

    fn shard(&self, fp: Fingerprint) -> &RwLock<Shard> {
        // The high word picks the shard; the low one hashes within it.
        &self.shards[(fp >> 64) as usize & (self.shards.len() - 1)]
    }

    /// Was the state first reached at a level before `level`?
    pub fn seen_before(&self, fp: Fingerprint, level: u32) -> bool {
        let shard = self.shard(fp).read().unwrap_or_else(|e| e.into_inner());
        shard.get(&Key::of(fp)).is_some_and(|&l| l < level)
    }

    /// Record the state as reached at `level`; false if it was known.
    pub fn insert(&self, fp: Fingerprint, level: u32) -> bool {
        let mut shard = self.shard(fp).write().unwrap_or_else(|e| e.into_inner());
        match shard.entry(Key::of(fp)) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(level);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Visited;

    #[test]
    fn a_state_counts_as_seen_only_from_the_level_after_its_own() {
        for jobs in [1, 2] {
            let v = Visited::new(jobs);
            let fp = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210u128;
            assert!(!v.seen_before(fp, 9));
            assert!(v.insert(fp, 3));
            assert!(!v.insert(fp, 4), "known already");
            assert!(!v.seen_before(fp, 3), "reached at level 3 itself");
            assert!(v.seen_before(fp, 4));
            // Fingerprints that differ only in the word that picks the shard.
            let other = fp ^ (1u128 << 64);
            assert!(!v.seen_before(other, 9));
            assert!(v.insert(other, 0));
            assert!(v.seen_before(other, 1));
        }
    }
}
