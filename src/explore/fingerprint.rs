//! 128-bit state fingerprints: the visited set stores these, not states.
//! With n distinct values hashed (states, and the parts of states hashed
//! apart, `Model::parts`) the chance that two collide (hiding a state) is
//! below n² / 2¹²⁹.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

pub type Fingerprint = u128;

/// Collects the bytes `Hash` feeds it, so a state is hashed in one xxh3-128
/// pass instead of hundreds of tiny streaming updates.
pub struct ByteSink<'a>(&'a mut Vec<u8>);

impl ByteSink<'_> {
    #[inline(never)]
    fn write_varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8)
    }
}

impl Hasher for ByteSink<'_> {
    fn finish(&self) -> u64 {
        unreachable!("only collects bytes")
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes)
    }
    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.0.push(v)
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes())
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes())
    }
    /// Lengths and enum discriminants, nearly always small: a varint (LEB128),
    /// which is prefix-free, so the stream still decodes one way only.
    #[inline]
    fn write_usize(&mut self, v: usize) {
        if v < 0x80 {
            self.0.push(v as u8)
        } else {
            self.write_varint(v as u64)
        }
    }
    #[inline]
    fn write_isize(&mut self, v: isize) {
        // Zigzag: small negatives stay short too.
        self.write_usize(((v << 1) ^ (v >> (isize::BITS - 1))) as usize)
    }
    #[inline]
    fn write_i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes())
    }
    #[inline]
    fn write_u128(&mut self, v: u128) {
        self.0.extend_from_slice(&v.to_le_bytes())
    }
}

/// A 64-bit hash for keys that only order, group or label things (thread
/// keys under symmetry, loop positions, dict-entry locations), built from
/// many small writes: FxHash mixes each write in place, with no buffer to
/// fill (these are taken several times per state). Deterministic: the same
/// on every run and machine.
#[derive(Default)]
pub struct KeyHasher(rustc_hash::FxHasher);

impl KeyHasher {
    pub fn new() -> KeyHasher {
        KeyHasher::default()
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0.finish()
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes)
    }
    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.0.write_u8(v)
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.0.write_u32(v)
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0.write_u64(v)
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.0.write_usize(v)
    }
}

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static PART_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The 128-bit hash of what `write` writes: a part of a state (a thread, a
/// heap object) whose hash goes into the state's fingerprint. It has a
/// buffer of its own, so a part can be hashed while its state is.
pub fn part_hash(write: impl FnOnce(&mut ByteSink<'_>)) -> u128 {
    PART_BUFFER.with(|b| {
        let mut buf = b.borrow_mut();
        buf.clear();
        write(&mut ByteSink(&mut buf));
        xxhash_rust::xxh3::xxh3_128(&buf)
    })
}

pub fn fingerprint<S: Hash>(s: &S) -> Fingerprint {
    BUFFER.with(|b| {
        let mut buf = b.borrow_mut();
        buf.clear();
        s.hash(&mut ByteSink(&mut buf));
        xxhash_rust::xxh3::xxh3_128(&buf)
    })
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
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

pub type BuildFingerprintHasher = std::hash::BuildHasherDefault<FingerprintHasher>;
