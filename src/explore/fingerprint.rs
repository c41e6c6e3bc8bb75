//! 128-bit state fingerprints: the visited set stores these, not states.
//! With n states the chance that two collide (hiding a state) is below
//! n² / 2¹²⁹.

use std::hash::{Hash, Hasher};

pub type Fingerprint = u128;

pub fn fingerprint<S: Hash>(s: &S) -> Fingerprint {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    s.hash(&mut h);
    h.digest128()
}

/// A hasher for maps keyed by fingerprints: they are already uniform.
#[derive(Default, Clone, Copy)]
pub struct FingerprintHasher(u64);

impl Hasher for FingerprintHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

pub type BuildFingerprintHasher = std::hash::BuildHasherDefault<FingerprintHasher>;
