//! The process's memory allocator: a bump arena in front of the system allocator.
//!
//! A command lives for milliseconds and then exits. On a 10,000-topic roadmap it touches a
//! few megabytes of heap once, and profiles showed the page faults of first touching them
//! (about 1,600 of 4 KiB each, some 4 microseconds apiece on a virtual machine) costing as
//! much as the work itself. The arena is one region, asked of the kernel for transparent
//! huge pages, so the same memory costs a handful of faults. Allocation is a pointer bump;
//! freeing is nothing (the process ends soon), except that the last block can grow or
//! shrink in place. Blocks over [`LARGEST`], blocks with unusual alignment, and everything
//! once the region is used up go to the system allocator, so a long import or export
//! streams as before, only with the region's first megabytes used for good.
//!
//! Nothing here is specific to roadmap; `main.rs` installs it with `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicPtr, AtomicU8, AtomicUsize, Ordering};

/// The region's size: address space only, until touched.
const SIZE: usize = 64 << 20;
/// The largest block served from the region.
const LARGEST: usize = 4 << 20;
/// The region's alignment, a huge page, so that the kernel can back it with huge pages.
const HUGE_PAGE: usize = 2 << 20;

/// How many [`system_only`] calls are running; while any is, the region hands out nothing.
static BYPASS: AtomicUsize = AtomicUsize::new(0);

/// Runs `f` with every new block taken from the system allocator, for work that allocates
/// and frees far more than it keeps (parsing a roadmap file piece by piece): in the region
/// its garbage would stay until exit. Blocks keep going back to whoever gave them.
pub fn system_only<T>(f: impl FnOnce() -> T) -> T {
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            BYPASS.fetch_sub(1, Ordering::Relaxed);
        }
    }
    BYPASS.fetch_add(1, Ordering::Relaxed);
    let _done = Done;
    f()
}

const UNMAPPED: u8 = 0;
const MAPPING: u8 = 1;
const READY: u8 = 2;
const FAILED: u8 = 3;

/// See the module documentation.
pub struct Arena {
    state: AtomicU8,
    base: AtomicPtr<u8>,
    /// Offset of the first free byte.
    next: AtomicUsize,
}

impl Arena {
    pub const fn new() -> Arena {
        Arena {
            state: AtomicU8::new(UNMAPPED),
            base: AtomicPtr::new(std::ptr::null_mut()),
            next: AtomicUsize::new(0),
        }
    }

    /// The region, mapped on first use; `None` while another thread maps it or if that
    /// failed (the caller then uses the system allocator).
    fn base(&self) -> Option<*mut u8> {
        match self.state.load(Ordering::Acquire) {
            READY => return Some(self.base.load(Ordering::Relaxed)),
            UNMAPPED => {}
            _ => return None,
        }
        if self
            .state
            .compare_exchange(UNMAPPED, MAPPING, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return None;
        }
        match map_region() {
            Some(base) => {
                self.base.store(base, Ordering::Relaxed);
                self.state.store(READY, Ordering::Release);
                Some(base)
            }
            None => {
                self.state.store(FAILED, Ordering::Release);
                None
            }
        }
    }

    /// The offset of `ptr` in the region, if it is in it.
    fn offset_of(&self, ptr: *mut u8) -> Option<usize> {
        if self.state.load(Ordering::Acquire) != READY {
            return None;
        }
        let base = self.base.load(Ordering::Relaxed) as usize;
        let p = ptr as usize;
        (p >= base && p < base + SIZE).then(|| p - base)
    }

    /// A block from the region, if it has room.
    fn bump(&self, layout: Layout) -> Option<*mut u8> {
        if layout.size() > LARGEST
            || layout.align() > HUGE_PAGE
            || BYPASS.load(Ordering::Relaxed) > 0
        {
            return None;
        }
        let base = self.base()?;
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            let start = current.checked_add(layout.align() - 1)? & !(layout.align() - 1);
            let end = start.checked_add(layout.size().max(1))?;
            if end > SIZE {
                return None;
            }
            match self.next.compare_exchange_weak(
                current,
                end,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                // SAFETY: start < end <= SIZE, inside the mapped region.
                Ok(_) => return Some(unsafe { base.add(start) }),
                Err(now) => current = now,
            }
        }
    }
}

impl Default for Arena {
    fn default() -> Self {
        Arena::new()
    }
}

// SAFETY: every block handed out is either a fresh, suitably aligned range of the region
// that no other live block overlaps (the bump only moves forward, except that the last
// block alone may be resized in place), or comes from `System`; blocks are returned to
// whichever gave them.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            Some(p) => p,
            // SAFETY: the caller's layout is passed on unchanged.
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.offset_of(ptr).is_none() {
            // SAFETY: not the region's, so `System` gave it, with this layout.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(offset) = self.offset_of(ptr) else {
            // SAFETY: `System` gave it; the contract of realloc is the caller's.
            return unsafe { System.realloc(ptr, layout, new_size) };
        };
        // The last block grows or shrinks where it is.
        let end = offset + layout.size().max(1);
        let new_end = offset + new_size.max(1);
        if new_size <= LARGEST
            && new_end <= SIZE
            && self
                .next
                .compare_exchange(end, new_end, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            return ptr;
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: a layout of the new size with the old alignment is valid (realloc's
        // contract); the old block stays readable, as the region never frees.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size());
            }
            new
        }
    }
}

/// Maps the region, aligned to a huge page, and asks for huge pages.
#[cfg(target_os = "linux")]
fn map_region() -> Option<*mut u8> {
    let len = SIZE + HUGE_PAGE;
    // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches
    // no existing memory; the unaligned head and tail are unmapped again, and madvise is
    // only a hint.
    unsafe {
        let raw = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        );
        if raw == libc::MAP_FAILED {
            return None;
        }
        let start = raw as usize;
        let aligned = (start + HUGE_PAGE - 1) & !(HUGE_PAGE - 1);
        let head = aligned - start;
        if head > 0 {
            libc::munmap(raw, head);
        }
        let tail = len - head - SIZE;
        if tail > 0 {
            libc::munmap((aligned + SIZE) as *mut libc::c_void, tail);
        }
        // Measured on the bench: a 10,000-topic status 17.4 -> 15.2 ms (page faults 1,859 ->
        // 392); a small command pays one huge page instead of a hundred small faults, about
        // the same. Asking only past the first huge page was in between on both.
        libc::madvise(aligned as *mut libc::c_void, SIZE, libc::MADV_HUGEPAGE);
        Some(aligned as *mut u8)
    }
}

#[cfg(not(target_os = "linux"))]
fn map_region() -> Option<*mut u8> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_apart_and_resizable() {
        let arena = Arena::new();
        unsafe {
            let a = arena.alloc(Layout::from_size_align(3, 1).unwrap());
            let b = arena.alloc(Layout::from_size_align(16, 64).unwrap());
            assert!(arena.offset_of(a).is_some() && arena.offset_of(b).is_some());
            assert_eq!(b as usize % 64, 0);
            assert!(b as usize >= a as usize + 3);
            std::ptr::write_bytes(b, 7, 16);
            // The last block grows in place; an earlier one moves, keeping its bytes.
            let b2 = arena.realloc(b, Layout::from_size_align(16, 64).unwrap(), 4096);
            assert_eq!(b2, b);
            std::ptr::write_bytes(a, 9, 3);
            let a2 = arena.realloc(a, Layout::from_size_align(3, 1).unwrap(), 100);
            assert_ne!(a2, a);
            assert_eq!(std::slice::from_raw_parts(a2, 3), [9, 9, 9]);
            assert_eq!(std::slice::from_raw_parts(b2, 16), [7; 16]);
            // Too big for the region: the system's, and freed there.
            let big = Layout::from_size_align(LARGEST + 1, 8).unwrap();
            let c = arena.alloc(big);
            assert!(!c.is_null() && arena.offset_of(c).is_none());
            arena.dealloc(c, big);
            arena.dealloc(a2, Layout::from_size_align(100, 1).unwrap());
        }
    }

    #[test]
    fn system_only_takes_nothing_from_the_region() {
        let arena = Arena::new();
        let layout = Layout::from_size_align(64, 8).unwrap();
        let inside = unsafe { arena.alloc(layout) };
        let outside = system_only(|| unsafe { arena.alloc(layout) });
        assert!(arena.offset_of(inside).is_some());
        assert!(arena.offset_of(outside).is_none());
        unsafe {
            arena.dealloc(outside, layout);
            arena.dealloc(inside, layout);
        }
    }

    #[test]
    fn a_full_region_hands_over_to_the_system() {
        let arena = Arena::new();
        let layout = Layout::from_size_align(LARGEST, 8).unwrap();
        let mut from_region = 0;
        let mut blocks = Vec::new();
        for _ in 0..(SIZE / LARGEST + 2) {
            let p = unsafe { arena.alloc(layout) };
            assert!(!p.is_null());
            from_region += usize::from(arena.offset_of(p).is_some());
            blocks.push(p);
        }
        assert_eq!(from_region, SIZE / LARGEST);
        for p in blocks {
            unsafe { arena.dealloc(p, layout) };
        }
    }

    #[test]
    fn threads_get_disjoint_blocks() {
        let arena = Arena::new();
        let layout = Layout::from_size_align(24, 8).unwrap();
        let mut all: Vec<usize> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        (0..10_000)
                            .map(|_| unsafe { arena.alloc(layout) } as usize)
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        all.sort_unstable();
        assert!(all.windows(2).all(|w| w[1] - w[0] >= 24));
    }
}
