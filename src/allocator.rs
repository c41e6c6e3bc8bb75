//! The binary's allocator: mimalloc, asked for plain blocks where its own
//! alignment guarantee covers the layout.
//!
//! `mimalloc::MiMalloc` asks for every block with `mi_malloc_aligned`,
//! whose path is about twice as long as `mi_malloc`'s, and the search
//! allocates a dozen small blocks per step (its states, threads and
//! frames). mimalloc guarantees that a block of `size` bytes is aligned to
//! any power of two up to 16 that is at most `size` (`alloc-aligned.c`,
//! `mi_malloc_is_naturally_aligned`); such layouts — all of the search's —
//! take `mi_malloc`, others the aligned call.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use libmimalloc_sys as mi;

/// Alignment every mimalloc block of at least this many bytes has
/// (`MI_MAX_ALIGN_SIZE`).
const NATURAL_ALIGN: usize = 16;

pub struct Allocator;

fn natural(layout: Layout) -> bool {
    layout.align() <= NATURAL_ALIGN && layout.align() <= layout.size()
}

/// A block for `layout`: from mimalloc's `plain` call where its guarantee
/// covers the layout, else from its `aligned` one.
#[inline]
unsafe fn block(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    unsafe {
        match natural(layout) {
            true => plain(layout.size()) as *mut u8,
            false => aligned(layout.size(), layout.align()) as *mut u8,
        }
    }
}

unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { block(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            // The new block must keep the alignment for its new size too.
            match natural(Layout::from_size_align_unchecked(new_size, layout.align())) {
                true => mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8,
                false => mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Allocator;
    use core::alloc::{GlobalAlloc, Layout};

    /// A block of `layout` filled with its offsets.
    unsafe fn filled(layout: Layout) -> *mut u8 {
        unsafe {
            let p = Allocator.alloc(layout);
            assert!(!p.is_null() && p as usize % layout.align() == 0, "{layout:?}");
            for i in 0..layout.size() {
                p.add(i).write(i as u8);
            }
            p
        }
    }

    /// Every layout's block is aligned, and keeps its bytes and its
    /// alignment when grown or shrunk (across the line between plain and
    /// aligned calls, both ways).
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes_through_realloc() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 24, 40, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                for new_size in [1, size / 2 + 1, size * 3] {
                    unsafe {
                        let q = Allocator.realloc(filled(layout), layout, new_size);
                        assert!(!q.is_null() && q as usize % align == 0, "{layout:?} to {new_size} bytes");
                        for i in 0..size.min(new_size) {
                            assert_eq!(q.add(i).read(), i as u8);
                        }
                        Allocator.dealloc(q, Layout::from_size_align(new_size, align).unwrap());
                    }
                }
                unsafe {
                    let z = Allocator.alloc_zeroed(layout);
                    assert!(z as usize % align == 0 && (0..size).all(|i| z.add(i).read() == 0), "{layout:?}");
                    Allocator.dealloc(z, layout);
                }
            }
        }
    }
}
