//! One explored state: module globals, the heap, and every thread's frames.

use super::heap::Heap;
use super::object::{Object, Tid};
use super::value::{ObjId, Value};
use crate::ir::{FuncId, NameId};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Shared between states until a step writes one (copy on write): most
    /// steps write none.
    pub globals: Arc<Vec<Value>>,
    pub heap: Heap,
    /// Shared between states until a step changes them (copy on write):
    /// a step usually changes one thread.
    pub threads: Vec<SharedThread>,
    /// Objects were allocated since the last collection.
    pub dirty_heap: bool,
    /// Python's counter for default thread names (`Thread-N`).
    pub next_thread_number: u32,
    /// The logical clock of `time.time()` (`vm/clock.rs`).
    pub clock: super::clock::Clock,
    /// `multiprocessing`: the processes, empty until the model creates one.
    /// Process 0 is the main one (its globals are `globals`); each child has
    /// its own copy of the globals, taken when it started (fork).
    pub processes: Vec<Arc<Process>>,
    /// Objects every process shares (multiprocessing's locks, queues,
    /// `Value`s, manager proxies), sorted: a fork does not copy them.
    pub shared: Vec<ObjId>,
    /// `id()`: the objects given an id so far, sorted, and their slot (the
    /// id is `ID_BASE + 16 * slot`). Kept with the objects through heap
    /// renumbering, dropped with them, so a slot is reused as CPython
    /// reuses an address.
    pub ids: Vec<(ObjId, u32)>,
}

/// A thread of a state, shared between states, with its hash once a
/// fingerprint has asked for it (`vm/hashed.rs`).
pub type SharedThread = Arc<super::hashed::Hashed<Thread>>;

impl std::hash::Hash for State {
    /// The plain fingerprint: by parts (`vm/hashed.rs`).
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        super::hashed::hash_state(self, &[], true, h)
    }
}

/// What `id()` of slot 0 returns: an address-like, fixed number.
pub const ID_BASE: i64 = 0x7f00_0000_0000;

/// One process of a model that uses `multiprocessing`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Process {
    /// The child's copy of the module globals (unused for process 0).
    pub globals: Vec<Value>,
    /// Its main thread (the one running `Process.run`).
    pub main: Tid,
    pub parent: u32,
    /// `Process-1:2`'s `1:2`: the parent's identity and this child's number.
    pub identity: Arc<str>,
    /// The number the next child this process creates will get.
    pub next_child: u32,
    /// `None` while running; 0, 1 (uncaught exception), `sys.exit`'s code,
    /// or -15 after `terminate()` (-9 after `kill()`).
    pub exitcode: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Parked before its next visible operation.
    Ready,
    /// Finished (returned, or ended by an exception).
    Done,
    /// Looping forever in local code (`while 1: pass`): alive, but it will
    /// never take another visible step.
    Spinning,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Thread {
    /// The `threading.Thread` object (for the main thread, its own object).
    pub obj: ObjId,
    pub frames: Vec<Frame>,
    pub status: Status,
    /// What the parked operation waits for, when it can block.
    pub wait: Option<Wait>,
    /// Inside a two-phase wait (`Event.wait`, `Condition.wait`): registered
    /// as a waiter, to be woken by `set`/`notify` or a timeout.
    pub in_wait: bool,
    /// Woken by `set`/`notify` (not by a timeout).
    pub signaled: bool,
    /// An RLock's count, saved while its owner is in `Condition.wait`.
    pub saved_count: u32,
    pub daemon: bool,
    /// Shared locations read and not yet written back, for lost-update.
    pub reads: Vec<ReadRecord>,
    /// The process it belongs to (an index into `State::processes`; 0 when
    /// the model uses no `multiprocessing`).
    pub process: u32,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    pub func: FuncId,
    pub pc: u32,
    pub locals: Vec<Value>,
    /// The function's cells (`Value::Ref` to `Object::Cell`), in the order
    /// of `Function::cells`; kept apart from plain locals.
    pub cells: Vec<Value>,
    pub stack: Vec<Value>,
    pub blocks: Vec<Block>,
    /// Exceptions being handled (innermost last), for a bare `raise`.
    pub handling: Vec<Value>,
    pub kind: FrameKind,
}

/// Room a copied frame's stack gets beyond its items: a thread is copied
/// because its step is about to run, which pushes (a copy sized to its
/// items would grow at the first push).
const STACK_ROOM: usize = 4;

impl Clone for Frame {
    fn clone(&self) -> Frame {
        let Frame { func, pc, locals, cells, stack, blocks, handling, kind } = self;
        let mut copied = Vec::with_capacity(stack.len() + STACK_ROOM);
        copied.extend_from_slice(stack);
        Frame {
            func: *func,
            pc: *pc,
            locals: locals.clone(),
            cells: cells.clone(),
            stack: copied,
            blocks: blocks.clone(),
            handling: handling.clone(),
            kind: *kind,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Block {
    pub handler: u32,
    pub depth: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FrameKind {
    Normal,
    /// `__init__` called by a class call: the caller receives the instance.
    Init(ObjId),
    /// `__next__` called by a `for` loop over a user iterator: a
    /// `StopIteration` out of it ends the loop (the caller jumps here).
    ForNext(u32),
    /// `__setitem__` called by `obj[k] = v`: its result is dropped.
    Discard,
}

/// What a parked blocking operation needs before it can complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wait {
    Lock { lock: ObjId, timeout: bool },
    RLock { lock: ObjId, timeout: bool },
    Semaphore { sem: ObjId, timeout: bool },
    Join { thread: Tid, timeout: bool },
    QueueGet { queue: ObjId, timeout: bool },
    QueuePut { queue: ObjId, timeout: bool },
    QueueJoin { queue: ObjId },
    /// Registered in `Event.wait` until `set` signals it.
    EventSignal { event: ObjId, timeout: bool },
    /// Inside `Condition.wait`: needs a notify (or a timeout) and then the
    /// condition's lock again.
    Cond { cond: ObjId, lock: ObjId, timeout: bool },
}

impl Wait {
    pub fn can_time_out(&self) -> bool {
        match *self {
            Wait::Lock { timeout, .. }
            | Wait::RLock { timeout, .. }
            | Wait::Semaphore { timeout, .. }
            | Wait::Join { timeout, .. }
            | Wait::QueueGet { timeout, .. }
            | Wait::QueuePut { timeout, .. }
            | Wait::EventSignal { timeout, .. }
            | Wait::Cond { timeout, .. } => timeout,
            Wait::QueueJoin { .. } => false,
        }
    }

    pub(super) fn objs_mut(&mut self, f: &mut impl FnMut(&mut ObjId)) {
        match self {
            Wait::Lock { lock, .. } | Wait::RLock { lock, .. } => f(lock),
            Wait::Semaphore { sem, .. } => f(sem),
            Wait::Join { .. } => {}
            Wait::QueueGet { queue, .. } | Wait::QueuePut { queue, .. } | Wait::QueueJoin { queue } => f(queue),
            Wait::EventSignal { event, .. } => f(event),
            Wait::Cond { cond, lock, .. } => {
                f(cond);
                f(lock)
            }
        }
    }
}

/// A shared location: a module global, an instance attribute, a
/// closure's cell or an item of a list others can reach (by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Loc {
    Global(u32),
    Attr(ObjId, NameId),
    Cell(ObjId),
    Item(ObjId, u32),
}

/// A thread read `loc`; `stale_by` is set when another thread then wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReadRecord {
    pub loc: Loc,
    pub stale_by: Option<Tid>,
}

impl State {
    /// `self == o`, cheapest first: states a step apart share their
    /// unchanged threads and heap objects, which compare by pointer.
    pub fn same_as(&self, o: &State) -> bool {
        let State { globals, heap, threads, dirty_heap, next_thread_number, clock, processes, shared, ids } = self;
        *threads == o.threads
            && *globals == o.globals
            && *clock == o.clock
            && *next_thread_number == o.next_thread_number
            && *dirty_heap == o.dirty_heap
            && *heap == o.heap
            && *processes == o.processes
            && *shared == o.shared
            && *ids == o.ids
    }

    pub fn alloc(&mut self, obj: Object) -> ObjId {
        self.heap.push(obj);
        self.dirty_heap = true;
        (self.heap.len() - 1) as ObjId
    }

    /// Global `g` as thread `tid`'s process sees it.
    pub fn global(&self, tid: Tid, g: u32) -> &Value {
        match self.threads[tid as usize].process {
            0 => &self.globals[g as usize],
            p => &self.processes[p as usize].globals[g as usize],
        }
    }

    pub fn global_mut(&mut self, tid: Tid, g: u32) -> &mut Value {
        match self.threads[tid as usize].process {
            0 => &mut super::unique::make_mut(&mut self.globals)[g as usize],
            p => &mut super::unique::make_mut(&mut self.processes[p as usize]).globals[g as usize],
        }
    }

    /// `id(o)`, if it was given one (`id_slot`): the address CPython's
    /// default repr shows (`<__main__.C object at 0x…>`).
    pub fn id_of(&self, o: ObjId) -> Option<i64> {
        let i = self.ids.binary_search_by_key(&o, |&(k, _)| k).ok()?;
        Some(ID_BASE + 16 * self.ids[i].1 as i64)
    }

    /// `id(o)`'s slot: the one `o` has, or the lowest no live object has
    /// (then `true`: the id table changed).
    pub fn id_slot(&mut self, o: ObjId) -> (u32, bool) {
        match self.ids.binary_search_by_key(&o, |&(k, _)| k) {
            Ok(i) => (self.ids[i].1, false),
            Err(i) => {
                // A forked copy shares its original's slot.
                let mut used: Vec<u32> = self.ids.iter().map(|&(_, slot)| slot).collect();
                used.sort_unstable();
                used.dedup();
                let slot = used.iter().enumerate().find(|&(n, &s)| n as u32 != s).map_or(used.len() as u32, |(n, _)| n as u32);
                self.ids.insert(i, (o, slot));
                (slot, true)
            }
        }
    }

    /// The thread a `join()` of `thread` waits for now: a child process
    /// whose main thread has returned still runs until its non-daemon
    /// threads end (CPython's process bootstrap joins them before exiting),
    /// so joining it waits for the first of them still alive.
    pub fn join_target(&self, thread: Tid) -> Tid {
        let t = &self.threads[thread as usize];
        let p = t.process;
        if t.status != Status::Done || p == 0 || self.processes[p as usize].main != thread {
            return thread;
        }
        (0..self.threads.len() as Tid)
            .find(|&u| {
                let x = &self.threads[u as usize];
                u != thread && x.process == p && !x.daemon && x.status != Status::Done
            })
            .unwrap_or(thread)
    }

    /// Is `o` shared by every process (a multiprocessing object)?
    pub fn is_process_shared(&self, o: ObjId) -> bool {
        self.shared.binary_search(&o).is_ok()
    }

    pub fn frame(&mut self, tid: Tid) -> &mut Frame {
        self.thread_mut(tid).frames.last_mut().expect("a live thread has a frame")
    }

    /// A thread, to change it (copied first if another state shares it).
    pub fn thread_mut(&mut self, tid: Tid) -> &mut Thread {
        &mut **super::unique::make_mut(&mut self.threads[tid as usize])
    }

    /// Drop unreachable objects and renumber the rest in the order they are
    /// reached from the roots, so that states differing only in allocation
    /// order or in garbage are the same state. Objects and threads whose
    /// references keep their numbers are not copied.
    pub fn collect(&mut self) {
        self.collect_with(&[]);
    }

    /// `collect`, with the globals `late` (ascending) taken as roots after
    /// the threads rather than before: dead module globals, which the
    /// canonical form of symmetry reduction leaves out, so that what the
    /// live roots reach is numbered alike in the state and in that form.
    ///
    /// Returns whether the collected state is numbered as its canonical form
    /// is (every object reached before the `late` globals are: nothing only
    /// they reach), or `None` when nothing was allocated since the last
    /// collection and nothing was done.
    pub fn collect_with(&mut self, late: &[usize]) -> Option<bool> {
        if !self.dirty_heap {
            return None;
        }
        self.dirty_heap = false;
        Some(with_reach_tables(|new_id, order| self.renumber(new_id, order, late)))
    }

    /// The order `collect_with(late)` numbers objects in, with the `late`
    /// globals visited last or (`visit_late` false) not at all: `order`
    /// lists the reachable objects' numbers in their new order, `new_id`
    /// maps each number to its new one (`u32::MAX`: unreachable). Returns
    /// how many objects were reached before the `late` globals.
    pub(super) fn reach_without(&self, new_id: &mut Vec<u32>, order: &mut Vec<ObjId>, late: &[usize], visit_late: bool) -> usize {
        self.reach_from(new_id, order, late, visit_late, self.threads.iter())
    }

    /// `reach_without`, taking the threads as roots in the order `threads`
    /// gives: the order a collection of the state with its threads so
    /// moved would number objects in.
    pub(super) fn reach_from<'a>(
        &'a self,
        new_id: &mut Vec<u32>,
        order: &mut Vec<ObjId>,
        late: &[usize],
        visit_late: bool,
        threads: impl Iterator<Item = &'a SharedThread>,
    ) -> usize {
        const UNSEEN: u32 = u32::MAX;
        new_id.clear();
        new_id.resize(self.heap.len(), UNSEEN);
        order.clear();
        let visit = |o: ObjId, new_id: &mut Vec<u32>, order: &mut Vec<ObjId>| {
            if new_id[o as usize] == UNSEEN {
                new_id[o as usize] = order.len() as u32;
                order.push(o);
            }
        };
        // Breadth-first over object contents, from `order[*next]` on.
        let heap = &self.heap;
        let close = |next: &mut usize, new_id: &mut Vec<u32>, order: &mut Vec<ObjId>| {
            while *next < order.len() {
                let obj = &heap[order[*next] as usize];
                obj.values(&mut |v| v.refs(&mut |r| visit(r, new_id, order)));
                obj.raw_refs(&mut |r| visit(r, new_id, order));
                *next += 1;
            }
        };
        let mut next = 0;
        // Everything the globals reach first: an object's number then stays
        // the same while threads pick up and drop references to it, so a
        // lock in a global list keeps its label across states.
        for (i, g) in self.globals.iter().enumerate() {
            if late.binary_search(&i).is_err() {
                g.refs(&mut |o| visit(o, new_id, order));
            }
        }
        for p in &self.processes {
            for g in &p.globals {
                g.refs(&mut |o| visit(o, new_id, order));
            }
        }
        close(&mut next, new_id, order);
        for t in threads {
            thread_refs(t, &mut |o| visit(o, new_id, order));
        }
        close(&mut next, new_id, order);
        let before_late = order.len();
        if visit_late {
            for &g in late {
                self.globals[g].refs(&mut |o| visit(o, new_id, order));
            }
            close(&mut next, new_id, order);
        }
        before_late
    }

    /// `collect` with two tables for `reach` to fill; whether nothing only
    /// the `late` globals reach was kept (`collect_with`).
    fn renumber(&mut self, new_id: &mut Vec<u32>, order: &mut Vec<ObjId>, late: &[usize]) -> bool {
        let before_late = self.reach_without(new_id, order, late, true);
        let numbered_live_first = before_late == order.len();
        const UNSEEN: u32 = u32::MAX;
        if order.iter().enumerate().all(|(i, &o)| i as u32 == o) {
            // Every live object keeps its number: drop the garbage after them.
            self.heap.slots().truncate(order.len());
            let live = order.len() as ObjId;
            if !self.shared.is_empty() {
                self.shared.retain(|&o| o < live);
            }
            if !self.ids.is_empty() {
                self.ids.retain(|&(o, _)| o < live);
            }
            return numbered_live_first;
        }
        let old = std::mem::take(self.heap.slots());
        let mut slots: Vec<Option<super::heap::SharedObject>> = old.into_iter().map(Some).collect();
        let mut heap: Vec<super::heap::SharedObject> = order.iter().map(|&o| slots[o as usize].take().expect("reached once")).collect();
        let moved = |o: ObjId| new_id[o as usize] != o;
        let remap = |o: &mut ObjId| *o = new_id[*o as usize];
        for obj in &mut heap {
            let mut changes = false;
            obj.values(&mut |v| v.refs(&mut |r| changes |= moved(r)));
            obj.raw_refs(&mut |r| changes |= moved(r));
            if changes {
                let obj = super::unique::make_mut(obj);
                obj.values_mut(&mut |v| v.refs_mut(&mut |r| remap(r)));
                obj.raw_refs_mut(&mut |r| remap(r));
            }
        }
        *self.heap.slots() = heap;
        let mut globals_move = false;
        self.globals.iter().for_each(|g| g.refs(&mut |r| globals_move |= moved(r)));
        if globals_move {
            for g in super::unique::make_mut(&mut self.globals) {
                g.refs_mut(&mut |r| remap(r));
            }
        }
        for p in &mut self.processes {
            if p.globals.iter().any(Value::has_refs) {
                for g in &mut super::unique::make_mut(p).globals {
                    g.refs_mut(&mut |r| remap(r));
                }
            }
        }
        if !self.shared.is_empty() {
            // Dead shared objects are forgotten; the live ones renumbered.
            let mut shared: Vec<ObjId> = self.shared.iter().filter(|&&o| new_id[o as usize] != UNSEEN).map(|&o| new_id[o as usize]).collect();
            shared.sort_unstable();
            self.shared = shared;
        }
        if !self.ids.is_empty() {
            // An id goes with its object; a dead object's slot is free again.
            let mut ids: Vec<(ObjId, u32)> =
                self.ids.iter().filter(|&&(o, _)| new_id[o as usize] != UNSEEN).map(|&(o, slot)| (new_id[o as usize], slot)).collect();
            ids.sort_unstable();
            self.ids = ids;
        }
        for t in &mut self.threads {
            let mut changes = false;
            thread_refs(t, &mut |r| changes |= moved(r));
            if !changes {
                continue;
            }
            let t = super::unique::make_mut(t);
            remap(&mut t.obj);
            for fr in &mut t.frames {
                for v in fr.locals.iter_mut().chain(&mut fr.cells).chain(&mut fr.stack).chain(&mut fr.handling) {
                    v.refs_mut(&mut |r| remap(r));
                }
                if let FrameKind::Init(o) = &mut fr.kind {
                    remap(o);
                }
            }
            if let Some(w) = &mut t.wait {
                w.objs_mut(&mut |r| remap(r));
            }
            for r in &mut t.reads {
                if let Loc::Attr(o, _) | Loc::Cell(o) | Loc::Item(o, _) = &mut r.loc {
                    remap(o);
                }
            }
        }
        numbered_live_first
    }
}

/// Two tables for a heap walk (`State::reach_without`), kept between calls
/// on each worker: one walk runs after most steps and for most fingerprints.
pub(super) fn with_reach_tables<T>(f: impl FnOnce(&mut Vec<u32>, &mut Vec<ObjId>) -> T) -> T {
    thread_local! {
        static TABLES: std::cell::RefCell<(Vec<u32>, Vec<ObjId>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    TABLES.with(|tables| {
        let (new_id, order) = &mut *tables.borrow_mut();
        f(new_id, order)
    })
}

/// Every object a thread refers to: its handle, its frames, its wait, its
/// read records.
fn thread_refs(t: &Thread, visit: &mut impl FnMut(ObjId)) {
    visit(t.obj);
    thread_refs_but_handle(t, visit)
}

/// `thread_refs` but for the handle.
pub(super) fn thread_refs_but_handle(t: &Thread, visit: &mut impl FnMut(ObjId)) {
    for fr in &t.frames {
        for v in fr.locals.iter().chain(&fr.cells).chain(&fr.stack).chain(&fr.handling) {
            v.refs(visit);
        }
        if let FrameKind::Init(o) = fr.kind {
            visit(o);
        }
    }
    if let Some(mut w) = t.wait {
        w.objs_mut(&mut |o| visit(*o));
    }
    for r in &t.reads {
        if let Loc::Attr(o, _) | Loc::Cell(o) | Loc::Item(o, _) = r.loc {
            visit(o);
        }
    }
}
