//! The heap of a state: objects shared between states until a step changes
//! them (copy on write, per object). A successor state is a copy of its
//! parent, and a step usually changes one object or none, so copying a state
//! copies pointers, not lists and instances.

use super::hashed::Hashed;
use super::object::Object;
use std::sync::Arc;

/// An object of the heap, shared between states, with its hash once a
/// fingerprint has asked for it (`vm/hashed.rs`).
pub type SharedObject = Arc<Hashed<Object>>;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heap(Vec<SharedObject>);

impl Heap {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, obj: Object) {
        self.0.push(Arc::new(Hashed::new(obj)))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Object> + Clone {
        self.0.iter().map(|o| &***o)
    }

    /// The objects with their kept hashes (for fingerprints).
    pub(super) fn parts(&self) -> impl ExactSizeIterator<Item = &Hashed<Object>> {
        self.0.iter().map(|o| &**o)
    }

    /// Object `i` with its kept hash.
    pub(super) fn part(&self, i: usize) -> &Hashed<Object> {
        &self.0[i]
    }

    /// Every object, to change (each copied first if another state shares it).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Object> {
        self.0.iter_mut().map(|o| &mut **super::unique::make_mut(o))
    }

    /// The objects themselves, shared (for renumbering without copying).
    pub(super) fn slots(&mut self) -> &mut Vec<SharedObject> {
        &mut self.0
    }
}

impl std::ops::Index<usize> for Heap {
    type Output = Object;
    #[inline]
    fn index(&self, i: usize) -> &Object {
        &self.0[i]
    }
}

impl std::ops::IndexMut<usize> for Heap {
    /// The object, to change: copied first if another state shares it.
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut Object {
        &mut **super::unique::make_mut(&mut self.0[i])
    }
}

impl<'a> IntoIterator for &'a Heap {
    type Item = &'a Object;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, SharedObject>, fn(&'a SharedObject) -> &'a Object>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|o| &***o)
    }
}
