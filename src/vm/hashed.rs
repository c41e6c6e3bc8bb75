//! Fingerprints by parts: each thread and each heap object keeps the hash
//! of its contents, and a state's fingerprint hashes those part hashes
//! with its globals.
//!
//! A step changes one thread and an object or two, and states share their
//! unchanged threads and objects (copy on write): hashing only what
//! changed, rather than the whole state again, is most of what a
//! fingerprint saves. A part's hash is kept next to it (`Hashed`) and
//! forgotten whenever the part is borrowed to change, so a kept hash is
//! always that of the contents.
//!
//! Collisions: a state's fingerprint is the 128-bit xxh3 of its part
//! hashes, so two states can also look the same when two different parts
//! hash alike. With n states of at most p parts each, at most n·(p+1)
//! values are hashed (`Coverage::hashed`), and the chance that any two
//! collide is below (n·(p+1))²/2¹²⁹.

use super::object::{Instance, Native, Object, ThreadHandle, Tid};
use super::state::{State, Thread, Wait};
use super::value::ObjId;
use crate::explore::part_hash;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};

/// A part of a state with its hash, once asked for.
pub struct Hashed<T> {
    value: T,
    kept: Kept,
}

/// A kept `PartHash`. Threads share parts, and two may hash one at once:
/// both compute the same hash, so each may store it, and a reader that sees
/// `meta` set (after the words, `Release`) reads the same words whoever
/// stored them. Cheaper than a `OnceLock` (no call-once protocol).
#[derive(Default)]
struct Kept {
    /// 0 while nothing is kept; else `PartHash::meta`.
    meta: AtomicU64,
    lo: AtomicU64,
    hi: AtomicU64,
    /// A key of the part alone that symmetry groups it by (`kept_key`),
    /// valid once `key_set` is (stored after it, `Release`).
    key: AtomicU64,
    key_set: std::sync::atomic::AtomicBool,
}

/// A part's hash, with what a permutation of threads could change in it:
/// the heap objects it refers to, renumbered (all below `refs_below`), and
/// the thread ids it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartHash {
    pub hash: u128,
    /// One more than the largest object number the part refers to (0: none).
    pub refs_below: u32,
    pub names_threads: bool,
}

impl PartHash {
    /// Is the part the same after a renumbering that keeps every object
    /// below `first_moved` in place and renames no thread?
    pub fn kept_by(&self, first_moved: u32) -> bool {
        !self.names_threads && self.refs_below <= first_moved
    }

    /// Never 0: `Kept` takes 0 for nothing kept.
    fn meta(&self) -> u64 {
        1 | (self.names_threads as u64) << 1 | (self.refs_below as u64) << 32
    }
}

/// What can be a part of a fingerprint.
pub trait Part {
    fn part_hash(&self) -> PartHash;
}

impl<T: Part> Hashed<T> {
    pub fn new(value: T) -> Hashed<T> {
        Hashed { value, kept: Kept::default() }
    }

    /// Whether the hash is kept (asked for since the part last changed).
    #[cfg(test)]
    pub(super) fn is_kept(&self) -> bool {
        self.kept.meta.load(Ordering::Acquire) != 0
    }

    /// The part's hash: computed once, then kept until the part changes.
    #[inline]
    pub fn part(&self) -> PartHash {
        let k = &self.kept;
        match k.meta.load(Ordering::Acquire) {
            0 => {
                let part = self.value.part_hash();
                k.lo.store(part.hash as u64, Ordering::Relaxed);
                k.hi.store((part.hash >> 64) as u64, Ordering::Relaxed);
                k.meta.store(part.meta(), Ordering::Release);
                part
            }
            meta => PartHash {
                hash: k.lo.load(Ordering::Relaxed) as u128 | (k.hi.load(Ordering::Relaxed) as u128) << 64,
                refs_below: (meta >> 32) as u32,
                names_threads: meta & 2 != 0,
            },
        }
    }
}

impl<T> Hashed<T> {
    /// Whether a key is kept (`kept_key`).
    #[cfg(test)]
    pub(super) fn is_key_kept(&self) -> bool {
        self.kept.key_set.load(Ordering::Acquire)
    }

    /// `key()`, computed once, then kept until the part changes. Only for
    /// a key that depends on nothing but the part.
    #[inline]
    pub fn kept_key(&self, key: impl FnOnce() -> u64) -> u64 {
        let k = &self.kept;
        if k.key_set.load(Ordering::Acquire) {
            return k.key.load(Ordering::Relaxed);
        }
        let v = key();
        k.key.store(v, Ordering::Relaxed);
        k.key_set.store(true, Ordering::Release);
        v
    }
}

impl<T> Deref for Hashed<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Hashed<T> {
    /// Borrowed to change: the kept hash is forgotten.
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        *self.kept.meta.get_mut() = 0;
        *self.kept.key_set.get_mut() = false;
        &mut self.value
    }
}

impl<T: Clone> Clone for Hashed<T> {
    /// Without the kept hash: parts are copied by `Arc::make_mut`, to be
    /// changed at once.
    fn clone(&self) -> Self {
        Hashed { value: self.value.clone(), kept: Kept::default() }
    }
}

impl<T: PartialEq> PartialEq for Hashed<T> {
    fn eq(&self, o: &Self) -> bool {
        self.value == o.value
    }
}

impl<T: Eq> Eq for Hashed<T> {}

impl<T: std::fmt::Debug> std::fmt::Debug for Hashed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl Part for Object {
    fn part_hash(&self) -> PartHash {
        let mut refs_below = 0;
        let mut see = |o: ObjId| refs_below = refs_below.max(o + 1);
        self.values(&mut |v| v.refs(&mut see));
        self.raw_refs(&mut see);
        PartHash { hash: part_hash(|h| hash_object(self, h)), refs_below, names_threads: names_threads(self) }
    }
}

impl Part for Thread {
    /// Without the thread's handle (`hash_thread`).
    fn part_hash(&self) -> PartHash {
        let mut refs_below = 0;
        let mut see = |o: ObjId| refs_below = refs_below.max(o + 1);
        super::state::thread_refs_but_handle(self, &mut see);
        let names_threads = matches!(self.wait, Some(Wait::Join { .. })) || self.reads.iter().any(|r| r.stale_by.is_some());
        PartHash { hash: part_hash(|h| hash_thread(self, h)), refs_below, names_threads }
    }
}

/// An object as a fingerprint hashes it: a thread handle other than the
/// main thread's without its name (symmetry reduction's canonical form
/// blanks them; the plain fingerprint adds them apart, `hash_state`).
pub(super) fn hash_object<H: Hasher>(obj: &Object, h: &mut H) {
    match blanked_handle(obj) {
        Some(th) => hash_blanked_handle(obj, th.tid, h),
        None => obj.hash(h),
    }
}

/// A thread handle (`obj`) as `hash_object` hashes it, with `tid` for its
/// thread's id (renamed in a canonical form under symmetry).
pub(super) fn hash_blanked_handle<H: Hasher>(obj: &Object, tid: Option<Tid>, h: &mut H) {
    let Object::Instance(Instance { class, attrs, native: Native::Thread(th) }) = obj else { unreachable!("a thread handle") };
    let ThreadHandle { name: _, daemon, target, args, kwargs, tid: _, process } = th;
    std::mem::discriminant(obj).hash(h);
    (class, attrs, daemon, target, args, kwargs, tid, process).hash(h);
}

/// A thread handle whose name `hash_object` leaves out.
pub(super) fn blanked_handle(obj: &Object) -> Option<&ThreadHandle> {
    match obj {
        Object::Instance(Instance { native: Native::Thread(th), .. }) if th.tid != Some(0) => Some(th),
        _ => None,
    }
}

/// A thread as a fingerprint hashes it: every field but its handle, which
/// the state's hash takes with the part (renumbered in a canonical form).
/// `symmetry::Permuted::thread` writes the same for a renamed thread.
pub(super) fn hash_thread<H: Hasher>(t: &Thread, h: &mut H) {
    let Thread { obj: _, frames, status, wait, in_wait, signaled, saved_count, daemon, reads, process } = t;
    (frames, status, wait, in_wait, signaled, saved_count, daemon, reads, process).hash(h);
}

/// Does the object hold the id of a thread other than main (a lock's
/// holder, a waiter, a `threading.local`'s owner, a started thread's
/// handle)? Only those are renamed under symmetry: main keeps id 0.
pub(super) fn names_threads(obj: &Object) -> bool {
    let other = |t: &Tid| *t != 0;
    match obj {
        Object::Lock(l) => l.holder.is_some_and(|t| other(&t)),
        Object::RLock(r) => r.owner.is_some_and(|t| other(&t)),
        Object::Event(e) => e.waiters.iter().any(other),
        Object::Condition(cv) => cv.waiters.iter().any(other),
        Object::Local(per) => per.iter().any(|(t, _)| other(t)),
        Object::Instance(Instance { native: Native::Thread(h), .. }) => h.tid.is_some_and(|t| other(&t)),
        _ => false,
    }
}

/// A state's fingerprint stream: its globals (the `dead` ones as unbound),
/// the part hashes of its objects and threads, and the rest. `plain` (no
/// symmetry reduction) adds what the canonical form leaves out: the names
/// of the handles `hash_object` blanks, and the heap's collection flag.
pub(super) fn hash_state<H: Hasher>(s: &State, dead: &[usize], plain: bool, h: &mut H) {
    // Every field, so a new one is not forgotten here.
    let State { globals, heap, threads, dirty_heap, next_thread_number, clock, processes, shared, ids } = s;
    globals.len().hash(h);
    for (g, v) in globals.iter().enumerate() {
        match dead.contains(&g) {
            true => super::value::Value::Unbound.hash(h),
            false => v.hash(h),
        }
    }
    heap.len().hash(h);
    for part in heap.parts() {
        part.part().hash.hash(h);
    }
    threads.len().hash(h);
    for t in threads {
        (t.obj, t.part().hash).hash(h);
    }
    (next_thread_number, clock, processes, shared, ids).hash(h);
    if plain {
        dirty_heap.hash(h);
        for th in heap.iter().filter_map(blanked_handle) {
            th.name.hash(h);
        }
    }
}
