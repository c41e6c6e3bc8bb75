//! Copy on write for the parts of a state (threads, heap objects, the
//! globals), without `Arc::make_mut`'s compare-exchange when the part is
//! not shared.
//!
//! A step borrows its thread to change it at nearly every operation (the
//! pc, each push and pop). `Arc::make_mut` then locks the count with a
//! compare-exchange, every time, to shut out a `Weak` being upgraded at
//! that moment. No `Weak` is ever made of a state's parts, so a count of
//! one, read with `Acquire`, is enough: no other owner exists, and none
//! can appear while this one is borrowed mutably.

use std::sync::Arc;
use std::sync::atomic::{Ordering, fence};

/// The part, to change: copied first if another state shares it.
#[inline]
pub fn make_mut<T: Clone>(arc: &mut Arc<T>) -> &mut T {
    if Arc::strong_count(arc) == 1 && Arc::weak_count(arc) == 0 {
        // Pairs with the `Release` decrement by which the last other owner
        // dropped it: its reads of the part happen before these writes.
        fence(Ordering::Acquire);
        // SAFETY: `arc` is the only `Arc` of this allocation and no `Weak`
        // of it exists (none is ever made of a state's parts), and `arc` is
        // borrowed mutably for the returned lifetime, so no other owner can
        // appear meanwhile: the borrow is unique, as `Arc::get_mut`'s.
        // `Arc::as_ptr` comes from the allocation's own mutable pointer.
        return unsafe { &mut *(Arc::as_ptr(arc) as *mut T) };
    }
    Arc::make_mut(arc)
}

#[cfg(test)]
mod tests {
    use super::make_mut;
    use std::sync::Arc;

    #[test]
    fn a_shared_part_is_copied_and_a_sole_one_changed_in_place() {
        let mut a = Arc::new(vec![1, 2]);
        let b = a.clone();
        make_mut(&mut a).push(3);
        assert_eq!((*a).clone(), vec![1, 2, 3]);
        assert_eq!(*b, vec![1, 2], "the other owner's part is left alone");
        let before = Arc::as_ptr(&a);
        make_mut(&mut a).push(4);
        assert_eq!(Arc::as_ptr(&a), before, "a sole owner's part is changed in place");
        assert_eq!(*a, vec![1, 2, 3, 4]);
        // Shared again from another thread, then dropped there.
        let c = a.clone();
        std::thread::spawn(move || drop(c)).join().unwrap();
        make_mut(&mut a).push(5);
        assert_eq!(Arc::as_ptr(&a), before);
        assert_eq!(*a, vec![1, 2, 3, 4, 5]);
    }
}
