//! Symmetry reduction: states that differ only by which thread id runs
//! which thread are one state.
//!
//! A thread id (`Tid`, the index in `State::threads`) is a name the
//! explorer gives threads in start order. Threads are interchangeable when
//! their handles have equal contents (target, arguments, daemon flag, class
//! and attributes: "same code with the same arguments") and nothing outside
//! the thread refers to its handle (`interchangeable`). The canonical form
//! of a state sorts each group of interchangeable threads, within the
//! group's positions, by a key that does not depend on ids (frames, wait,
//! read records, with heap references replaced by a shallow hash of what
//! they point to), renames every `Tid` inside the state consistently, blanks
//! thread names, and renumbers the heap from the roots in the new order. Its
//! fingerprint is the state's fingerprint.
//!
//! Soundness: the canonical form is π(s) for a permutation π of the
//! non-main thread ids (names blanked), so two states with equal canonical
//! forms are equal up to renaming threads and their names. Renaming is a
//! bisimulation when the program cannot observe ids or names — which
//! `observes_identity` checks statically (and the VM notes at run time when
//! a thread object is formatted, so the search is redone without symmetry):
//! every step of s is matched by the renamed step of π(s), with the same
//! effects on globals and the same findings (up to thread names). Sorting
//! only chooses *which* π; ties keep the original order, which merely merges
//! fewer states. Threads only become interchangeable when their handles are
//! equal (target, args, kwargs, daemon, class and attributes), since the
//! handle is part of the renumbered heap: "same code with the same
//! arguments".
//!
//! Processes: only states without a child process are reduced (there π
//! renames every thread id the state holds; `Process` entries and a
//! child's own globals are not permuted). Renaming stays a bisimulation
//! after a later fork: thread t of s and π(t) of π(s) fork the same new
//! thread id, so the successors are related by π extended with it.

use super::hashed::{Hashed, hash_object, hash_state, names_threads};
use super::object::{Instance, Native, Object, Tid};
use super::state::{Frame, FrameKind, Loc, State, Status, Thread, Wait};
use super::value::{Iter, ObjId, Value};
use super::Vm;
use crate::explore::{Fingerprint, KeyHasher, fingerprint, part_hash};
use crate::ir::{Builtin, NO_KW, Op, Program};
use std::hash::{Hash, Hasher};

/// Can the program tell its threads apart? Reading a thread's name or id,
/// `current_thread()`, `get_ident()`, the order of `threading.enumerate()`
/// (its length, `len(threading.enumerate())`, is fine), the id returned by
/// `_thread.start_new_thread` (unless discarded). Only the model's own code
/// is judged: the library (`lang/prelude.py`) hands no thread's name or id
/// to the model (`prelude_identity_readers` lists the library functions
/// that read one, a unit test keeps the list known), so what it reads
/// stays inside it.
pub fn observes_identity(p: &Program) -> bool {
    p.functions.iter().any(|f| !f.prelude && reads_identity(p, f))
}

/// The library functions that read a thread's name or id (for the test).
#[cfg(test)]
fn prelude_identity_readers(p: &Program) -> Vec<&str> {
    p.functions.iter().filter(|f| f.prelude && reads_identity(p, f)).map(|f| &*f.qualname).collect()
}

/// Does `f`'s code read a thread's name or id (see `observes_identity`)?
fn reads_identity(p: &Program, f: &crate::ir::Function) -> bool {
    const ATTRS: [&str; 8] = ["name", "getName", "ident", "native_id", "current_thread", "currentThread", "get_ident", "get_native_id"];
    let code = &f.code;
    let at = |i: usize| code.get(i).copied();
    for (i, &op) in code.iter().enumerate() {
        let observed = match op {
            Op::LoadAttr(n) => {
                let n = p.name(n);
                ATTRS.contains(&n) || n == "enumerate" || n == "start_new_thread" || n == "start_new"
            }
            Op::CallMethod { name, argc, kw } => match p.name(name) {
                n if ATTRS.contains(&n) => true,
                // `len(threading.enumerate())`: Len, the module, the call, len's call.
                "enumerate" => !(argc == 0
                    && kw == NO_KW
                    && i >= 2
                    && at(i - 2) == Some(Op::LoadBuiltin(Builtin::Len))
                    && at(i + 1) == Some(Op::Call { argc: 1, kw: NO_KW })),
                "start_new_thread" | "start_new" => at(i + 1) != Some(Op::Pop),
                _ => false,
            },
            // Ids are handed out in call order: they tell objects (and
            // so otherwise interchangeable threads) apart.
            Op::LoadBuiltin(Builtin::CurrentThread | Builtin::GetIdent | Builtin::Id) => true,
            Op::LoadBuiltin(Builtin::ThreadingEnumerate) => !(i >= 1
                && at(i - 1) == Some(Op::LoadBuiltin(Builtin::Len))
                && at(i + 1) == Some(Op::Call { argc: 0, kw: NO_KW })
                && at(i + 2) == Some(Op::Call { argc: 1, kw: NO_KW })),
            Op::LoadBuiltin(Builtin::StartNewThread) => {
                // Its call's result must be popped: find the call by stack depth.
                !start_result_discarded(code, i)
            }
            _ => false,
        };
        if observed {
            return true;
        }
    }
    false
}

/// `_thread.start_new_thread(f, args)` loaded at `i` as a built-in: is the
/// returned id popped right after the call? (Only the simple shape
/// `LoadBuiltin, <two pushes>, Call(2), Pop` is recognised.)
fn start_result_discarded(code: &[Op], i: usize) -> bool {
    (i + 3..code.len().min(i + 16)).any(|j| code[j] == Op::Call { argc: 2, kw: NO_KW } && code.get(j + 1) == Some(&Op::Pop))
}

/// The fingerprint of the state's class under symmetry and dead module
/// globals (when enabled); the plain fingerprint when neither applies.
pub fn canonical_fingerprint(vm: &Vm, s: &State) -> Fingerprint {
    canonical(vm, s, true, None)
}

/// `canonical_fingerprint` of a state just collected with its dead globals
/// as late roots (`Vm::settled_fingerprint`), which told whether it came
/// out numbered as its canonical form, and which globals are dead.
pub(super) fn canonical_fingerprint_numbered(vm: &Vm, s: &State, settled: Option<(bool, Dead)>) -> Fingerprint {
    canonical(vm, s, true, settled)
}

/// `canonical_fingerprint`; `in_place` false always builds the canonical
/// form (to test that hashing in place gives the same). `settled`, when
/// known, is what `numbered_canonically` would answer, and the dead globals.
fn canonical(vm: &Vm, s: &State, in_place: bool, settled: Option<(bool, Dead)>) -> Fingerprint {
    let (numbered, dead) = match settled {
        Some((numbered, dead)) => (Some(numbered), dead),
        None if vm.dead_vars => (None, dead_private_globals(vm, s)),
        None => (None, Dead::new()),
    };
    // Only while no child process exists (see the module comment).
    let groups = if vm.symmetry && s.threads.len() >= 3 && s.processes.len() <= 1 { interchangeable(s, &dead) } else { Groups::new() };
    if groups.is_empty() {
        // At most globals change: hashed with them unbound (objects only
        // they reached stay as garbage, which merely merges fewer states).
        return fingerprint(&Form { s, dead: &dead, plain: true });
    }
    let new_of = permutation(s, &groups);
    let identity = new_of.iter().enumerate().all(|(i, &t)| i as Tid == t);
    if in_place {
        // The usual case: no thread moves, and the state is numbered as its
        // canonical form would be (collecting numbers dead globals' objects
        // last: `Vm::late_roots`), with nothing only dead globals reach.
        if identity && numbered.unwrap_or_else(|| numbered_canonically(s, &dead)) {
            return fingerprint(&Form { s, dead: &dead, plain: false });
        }
        // Threads move, or objects only dead globals reach are left out:
        // hashed in place too, copying only what changes.
        return hash_permuted(s, &dead, &new_of);
    }
    let mut c = s.clone();
    for &g in &dead {
        super::unique::make_mut(&mut c.globals)[g] = Value::Unbound;
    }
    if !identity {
        permute_threads(&mut c, &new_of);
    }
    c.dirty_heap = true;
    c.collect();
    fingerprint(&Form { s: &c, dead: &[], plain: false })
}

/// Interchangeable threads (`interchangeable`): inline, as a state has a
/// few threads and its fingerprint asks for them.
type Group = smallvec::SmallVec<[Tid; 8]>;
type Groups = smallvec::SmallVec<[Group; 2]>;

/// Dead module globals (few: the module's private ones).
pub(super) type Dead = smallvec::SmallVec<[usize; 8]>;

/// Would collecting `s` without its `dead` globals keep every object and
/// its number?
fn numbered_canonically(s: &State, dead: &[usize]) -> bool {
    super::state::with_reach_tables(|new_id, order| {
        s.reach_without(new_id, order, dead, false);
        order.len() == s.heap.len() && order.iter().enumerate().all(|(i, &o)| i as u32 == o)
    })
}

/// A state as its fingerprint hashes it (`hashed::hash_state`): with its
/// `dead` globals unbound, and, unless `plain`, as the canonical form under
/// symmetry (the names of threads other than main blanked: the program
/// cannot see them when symmetry applies; only reports show them).
struct Form<'a> {
    s: &'a State,
    dead: &'a [usize],
    plain: bool,
}

impl Hash for Form<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_state(self.s, self.dead, self.plain, h)
    }
}

/// The canonical form of a state, hashed without building it: as
/// `Canonical` hashes the form `canonical` builds (dead globals unbound,
/// threads moved to `new_of` and thread ids renamed, the heap renumbered
/// from the roots in the new order). Only what renumbering or renaming
/// changes is copied, one value or object at a time.
struct Permuted<'a> {
    s: &'a State,
    dead: &'a [usize],
    new_of: &'a [Tid],
    /// The old id of the thread at each new position.
    old_at: &'a [Tid],
    /// The objects in their new order, and each object's new number.
    order: &'a [ObjId],
    new_id: &'a [u32],
    /// Every object numbered below this keeps its number.
    first_moved: u32,
}

impl Permuted<'_> {
    fn moves(&self, o: ObjId) -> bool {
        self.new_id[o as usize] != o
    }

    fn renumber(&self, o: &mut ObjId) {
        *o = self.new_id[*o as usize];
    }

    /// A value as renumbered.
    fn value<H: Hasher>(&self, v: &Value, h: &mut H) {
        let mut moved = false;
        v.refs(&mut |o| moved |= self.moves(o));
        if moved {
            let mut v = v.clone();
            v.refs_mut(&mut |o| self.renumber(o));
            v.hash(h);
        } else {
            v.hash(h);
        }
    }

    /// Values as a `Vec` of them hashes (length first).
    fn values<H: Hasher>(&self, vs: &[Value], h: &mut H) {
        vs.len().hash(h);
        vs.iter().for_each(|v| self.value(v, h));
    }

    /// An object's part hash, as renumbered and renamed.
    fn object(&self, obj: &Hashed<Object>) -> u128 {
        let part = obj.part();
        if part.kept_by(self.first_moved) {
            return part.hash;
        }
        // A thread handle whose references stay put: only its thread's id
        // changes, hashed as renamed without copying the handle.
        if let Some(th) = super::hashed::blanked_handle(obj).filter(|_| part.refs_below <= self.first_moved) {
            let tid = th.tid.map(|t| self.new_of[t as usize]);
            return part_hash(|h| super::hashed::hash_blanked_handle(obj, tid, h));
        }
        let mut moved = false;
        obj.values(&mut |v| v.refs(&mut |o| moved |= self.moves(o)));
        obj.raw_refs(&mut |o| moved |= self.moves(o));
        if !moved && !names_threads(obj) {
            return part.hash;
        }
        let mut obj = Object::clone(obj);
        rename_tids(&mut obj, self.new_of);
        obj.values_mut(&mut |v| v.refs_mut(&mut |o| self.renumber(o)));
        obj.raw_refs_mut(&mut |o| self.renumber(o));
        part_hash(|h| hash_object(&obj, h))
    }

    /// A thread's part hash, as renumbered and renamed.
    fn thread(&self, t: &Hashed<Thread>) -> u128 {
        let part = t.part();
        match part.kept_by(self.first_moved) {
            true => part.hash,
            false => part_hash(|h| self.write_thread(t, h)),
        }
    }

    /// A thread as renumbered and renamed: its fields in order, as
    /// `hashed::hash_thread` takes them (and `Frame`'s derived `Hash`).
    fn write_thread<H: Hasher>(&self, t: &Thread, h: &mut H) {
        let Thread { obj: _, frames, status, wait, in_wait, signaled, saved_count, daemon, reads, process } = t;
        let rename = |t: Tid| self.new_of[t as usize];
        frames.len().hash(h);
        for fr in frames {
            let Frame { func, pc, locals, cells, stack, blocks, handling, kind } = fr;
            (func, pc).hash(h);
            self.values(locals, h);
            self.values(cells, h);
            self.values(stack, h);
            blocks.hash(h);
            self.values(handling, h);
            match *kind {
                FrameKind::Init(o) => FrameKind::Init(self.new_id[o as usize]).hash(h),
                k => k.hash(h),
            }
        }
        status.hash(h);
        let mut wait = *wait;
        if let Some(w) = &mut wait {
            w.objs_mut(&mut |o| self.renumber(o));
            if let Wait::Join { thread, .. } = w {
                *thread = rename(*thread);
            }
        }
        wait.hash(h);
        (in_wait, signaled, saved_count, daemon).hash(h);
        reads.len().hash(h);
        for r in reads {
            let mut r = *r;
            if let Loc::Attr(o, _) | Loc::Cell(o) | Loc::Item(o, _) = &mut r.loc {
                self.renumber(o);
            }
            r.stale_by = r.stale_by.map(rename);
            r.hash(h);
        }
        process.hash(h);
    }
}

impl Hash for Permuted<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let State { globals, heap, threads, dirty_heap: _, next_thread_number, clock, processes, shared, ids } = self.s;
        globals.len().hash(h);
        for (g, v) in globals.iter().enumerate() {
            match self.dead.contains(&g) {
                true => Value::Unbound.hash(h),
                false => self.value(v, h),
            }
        }
        self.order.len().hash(h);
        for &o in self.order {
            self.object(heap.part(o as usize)).hash(h);
        }
        threads.len().hash(h);
        for &old in self.old_at {
            let t = &threads[old as usize];
            (self.new_id[t.obj as usize], self.thread(t)).hash(h);
        }
        (next_thread_number, clock).hash(h);
        processes.len().hash(h);
        for p in processes {
            let super::state::Process { globals, main, parent, identity, next_child, exitcode } = &**p;
            self.values(globals, h);
            (main, parent, identity, next_child, exitcode).hash(h);
        }
        // Dead objects dropped, the live ones renumbered, as `State::collect` does.
        let mut shared: Vec<ObjId> = shared.iter().filter(|&&o| self.new_id[o as usize] != u32::MAX).map(|&o| self.new_id[o as usize]).collect();
        shared.sort_unstable();
        let mut ids: Vec<(ObjId, u32)> =
            ids.iter().filter(|&&(o, _)| self.new_id[o as usize] != u32::MAX).map(|&(o, slot)| (self.new_id[o as usize], slot)).collect();
        ids.sort_unstable();
        (shared, ids).hash(h);
    }
}

/// The fingerprint of `s`'s canonical form with its threads moved to
/// `new_of`, hashed in place (`Permuted`).
fn hash_permuted(s: &State, dead: &[usize], new_of: &[Tid]) -> Fingerprint {
    let mut old_at: smallvec::SmallVec<[Tid; 8]> = smallvec::smallvec![0; new_of.len()];
    for (old, &new) in new_of.iter().enumerate() {
        old_at[new as usize] = old as Tid;
    }
    super::state::with_reach_tables(|new_id, order| {
        s.reach_from(new_id, order, dead, false, old_at.iter().map(|&t| &s.threads[t as usize]));
        let first_moved = order.iter().enumerate().position(|(i, &o)| i as u32 != o).unwrap_or(order.len()) as u32;
        fingerprint(&Permuted { s, dead, new_of, old_at: &old_at, order, new_id, first_moved })
    })
}

/// The groups (two or more, thread ids ascending) of non-main threads that
/// may be permuted: equal handle keys (target, arguments, daemon flag,
/// class and attributes, up to references), and a handle nothing else
/// refers to — a handle in a list or a live variable tells its thread apart
/// (`for t in threads: t.join()` joins them in order). Both properties move
/// with the thread under a permutation, so the groups of π(s) are π's image
/// of the groups of s.
fn interchangeable(s: &State, dead_globals: &[usize]) -> Groups {
    let n = s.threads.len();
    let handles: smallvec::SmallVec<[ObjId; 8]> = s.threads.iter().map(|t| t.obj).collect();
    let handle_of = |o: ObjId| handles.iter().position(|&h| h == o);
    // Which threads' handles are referred to from outside their own thread.
    let mut pinned: smallvec::SmallVec<[bool; 8]> = smallvec::smallvec![false; n];
    let mut pin = |o: ObjId, owner: Option<usize>| {
        if let Some(t) = handle_of(o) {
            if Some(t) != owner {
                pinned[t] = true;
            }
        }
    };
    for (g, v) in s.globals.iter().enumerate() {
        if !dead_globals.contains(&g) {
            v.refs(&mut |o| pin(o, None));
        }
    }
    for obj in &s.heap {
        obj.values(&mut |v| v.refs(&mut |o| pin(o, None)));
    }
    for (i, t) in s.threads.iter().enumerate() {
        for fr in &t.frames {
            for v in fr.locals.iter().chain(&fr.stack).chain(&fr.handling) {
                v.refs(&mut |o| pin(o, Some(i)));
            }
            if let super::state::FrameKind::Init(o) = fr.kind {
                pin(o, Some(i));
            }
        }
        for r in &t.reads {
            if let Loc::Attr(o, _) | Loc::Item(o, _) = r.loc {
                pin(o, Some(i));
            }
        }
    }
    let mut keyed: smallvec::SmallVec<[(u64, Tid); 8]> =
        (1..n).filter(|&t| !pinned[t]).map(|t| (handle_key(s, handles[t]), t as Tid)).collect();
    keyed.sort();
    let mut groups = Groups::new();
    for chunk in keyed.chunk_by(|a, b| a.0 == b.0) {
        if chunk.len() >= 2 {
            groups.push(chunk.iter().map(|&(_, t)| t).collect());
        }
    }
    groups
}

/// A thread handle's contents but for its name and thread id. A handle
/// that refers to no object keeps its key (`Hashed::kept_key`): it is then
/// its contents' alone, and a started thread's handle seldom changes.
fn handle_key(s: &State, obj: ObjId) -> u64 {
    let key = || {
        let mut h = KeyHasher::new();
        hash_handle(s, obj, &mut h);
        h.finish()
    };
    let handle = s.heap.part(obj as usize);
    match handle.part().refs_below == 0 {
        true => handle.kept_key(key),
        false => key(),
    }
}

fn hash_handle(s: &State, obj: ObjId, h: &mut KeyHasher) {
    if let Object::Instance(inst) = &s.heap[obj as usize] {
        inst.class.hash(h);
        for (n, v) in &inst.attrs {
            n.hash(h);
            value_key(s, v, h);
        }
        if let Native::Thread(th) = &inst.native {
            th.daemon.hash(h);
            for v in [&th.target, &th.args, &th.kwargs] {
                value_key(s, v, h);
            }
        }
    }
}

/// Module-private globals (`ir/liveness.rs`) the main thread's module frame
/// will not read again, and that are still bound.
pub(super) fn dead_private_globals(vm: &Vm, s: &State) -> Dead {
    let private = &vm.liveness.private_globals;
    if private.is_empty() {
        return Dead::new();
    }
    let main = &s.threads[0];
    let module = vm.program.module;
    // The module frame is the main thread's bottom one; once main has ended
    // nothing reads them.
    let resume = match main.frames.first() {
        Some(fr) if fr.func == module => Some(if main.frames.len() == 1 { fr.pc } else { fr.pc.saturating_sub(1) }),
        Some(_) => return Dead::new(),
        None if main.status == Status::Done => None,
        None => return Dead::new(),
    };
    let base = vm.program.functions[module as usize].local_names.len() as u32;
    let mut dead = Dead::new();
    for (k, &g) in private.iter().enumerate() {
        let bound = !matches!(s.globals[g as usize], Value::Unbound);
        if bound && resume.is_none_or(|pc| !vm.liveness.is_live(module, pc, base + k as u32)) {
            dead.push(g as usize);
        }
    }
    dead
}

/// The canonical order of threads: each group sorted by `thread_key`
/// within the group's positions (ties keep their order). `new_of[t]` is
/// thread `t`'s new id.
fn permutation(s: &State, groups: &[Group]) -> smallvec::SmallVec<[Tid; 8]> {
    let mut new_of: smallvec::SmallVec<[Tid; 8]> = (0..s.threads.len() as Tid).collect();
    for group in groups {
        let mut order: smallvec::SmallVec<[(u64, Tid); 8]> =
            group.iter().map(|&t| (thread_key(s, &s.threads[t as usize]), t)).collect();
        // Stable: ties keep their order.
        order.sort_by_key(|&(k, _)| k);
        for (&pos, &(_, old)) in group.iter().zip(&order) {
            new_of[old as usize] = pos;
        }
    }
    new_of
}

/// Move each thread to its new id (`new_of`, not the identity) and rename
/// every thread id in the state to match.
fn permute_threads(c: &mut State, new_of: &[Tid]) {
    let mut threads = c.threads.clone();
    for (old, &new) in new_of.iter().enumerate() {
        threads[new as usize] = c.threads[old].clone();
    }
    c.threads = threads;
    let map = |t: &mut Tid| *t = new_of[*t as usize];
    for t in &mut c.threads {
        let needs = matches!(t.wait, Some(Wait::Join { .. })) || t.reads.iter().any(|r| r.stale_by.is_some());
        if needs {
            let t = super::unique::make_mut(t);
            if let Some(Wait::Join { thread, .. }) = &mut t.wait {
                map(thread);
            }
            for r in &mut t.reads {
                if let Some(x) = &mut r.stale_by {
                    map(x);
                }
            }
        }
    }
    // Only objects that name threads change (the others stay shared).
    for o in 0..c.heap.len() {
        if names_threads(&c.heap[o]) {
            rename_tids(&mut c.heap[o], new_of);
        }
    }
}

/// Rename every thread id the object holds: `t` becomes `new_of[t]`.
fn rename_tids(obj: &mut Object, new_of: &[Tid]) {
    let map = |t: &mut Tid| *t = new_of[*t as usize];
    match obj {
        Object::Lock(l) => l.holder.iter_mut().for_each(map),
        Object::RLock(r) => r.owner.iter_mut().for_each(map),
        Object::Event(e) => e.waiters.iter_mut().for_each(map),
        Object::Condition(cv) => cv.waiters.iter_mut().for_each(map),
        Object::Local(per) => {
            per.iter_mut().for_each(|(t, _)| map(t));
            per.sort_by_key(|&(t, _)| t);
        }
        Object::Instance(Instance { native: Native::Thread(h), .. }) => h.tid.iter_mut().for_each(map),
        _ => {}
    }
}

/// A key of a thread that does not depend on thread ids, heap numbering or
/// thread names, to order the threads of a group (which have equal handle
/// keys, so the handle is left out).
fn thread_key(s: &State, t: &Thread) -> u64 {
    let mut h = KeyHasher::new();
    t.status.hash(&mut h);
    (t.in_wait, t.signaled, t.saved_count, t.daemon).hash(&mut h);
    for fr in &t.frames {
        (fr.func, fr.pc, fr.locals.len(), fr.stack.len()).hash(&mut h);
        for v in fr.locals.iter().chain(&fr.stack).chain(&fr.handling) {
            value_key(s, v, &mut h);
        }
        fr.blocks.hash(&mut h);
        if let super::state::FrameKind::Init(o) = fr.kind {
            object_shape(s, o, &mut h);
        }
    }
    match t.wait {
        None => 0u8.hash(&mut h),
        Some(Wait::Join { timeout, .. }) => (1u8, timeout).hash(&mut h),
        Some(mut w) => {
            (2u8, w.can_time_out()).hash(&mut h);
            std::mem::discriminant(&w).hash(&mut h);
            w.objs_mut(&mut |o| object_shape(s, *o, &mut h));
        }
    }
    for r in &t.reads {
        match r.loc {
            Loc::Global(g) => (0u8, g).hash(&mut h),
            Loc::Attr(o, n) => {
                (1u8, n).hash(&mut h);
                object_shape(s, o, &mut h);
            }
            Loc::Cell(o) => {
                2u8.hash(&mut h);
                object_shape(s, o, &mut h);
            }
            Loc::Item(o, i) => {
                (3u8, i).hash(&mut h);
                object_shape(s, o, &mut h);
            }
        }
        r.stale_by.is_some().hash(&mut h);
    }
    // Not the handle: the threads of a group have equal handle keys.
    h.finish()
}

/// A value with each heap reference replaced by the shape of its object.
fn value_key(s: &State, v: &Value, h: &mut KeyHasher) {
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Ref(o) => object_shape(s, *o, h),
        Value::Tuple(items) => items.iter().for_each(|x| value_key(s, x, h)),
        Value::Method(m) => {
            m.1.hash(h);
            value_key(s, &m.0, h)
        }
        Value::Closure(c) => {
            c.0.hash(h);
            c.1.iter().for_each(|x| value_key(s, x, h))
        }
        Value::Iter(it) => match &**it {
            Iter::List { obj, index } => {
                index.hash(h);
                object_shape(s, *obj, h)
            }
            Iter::Set { obj, slot, used } => {
                (slot, used).hash(h);
                object_shape(s, *obj, h)
            }
            Iter::Items { items, index } => {
                index.hash(h);
                items.iter().for_each(|x| value_key(s, x, h))
            }
            Iter::Range { .. } => it.hash(h),
        },
        other => other.hash(h),
    }
}

/// What an object is, without following references or thread ids.
fn object_shape(s: &State, o: ObjId, h: &mut KeyHasher) {
    let obj = &s.heap[o as usize];
    std::mem::discriminant(obj).hash(h);
    match obj {
        Object::List(items) => items.len().hash(h),
        Object::Dict(entries) => entries.len().hash(h),
        Object::Set(set) => set.len().hash(h),
        Object::Instance(inst) => inst.class.hash(h),
        Object::Lock(l) => l.locked.hash(h),
        Object::RLock(r) => r.count.hash(h),
        Object::Event(e) => (e.flag, e.waiters.len()).hash(h),
        Object::Condition(c) => c.waiters.len().hash(h),
        Object::Semaphore(x) => x.value.hash(h),
        Object::Queue(q) => q.items.len().hash(h),
        Object::Local(per) => per.len().hash(h),
        Object::Cell { name, .. } => name.hash(h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn only_known_library_functions_read_thread_identity() {
        // A library function added here must not hand the name or id to
        // the model (or symmetry would merge states the model tells apart).
        let src = "import concurrent.futures\nimport multiprocessing\nimport threading\n";
        let (program, _) = crate::compile("t.py", src, &[]).unwrap();
        assert!(program.process_class.is_some(), "the prelude is compiled in");
        assert_eq!(prelude_identity_readers(&program), ["Pool.__init__"]);
        assert!(!observes_identity(&program));
        let task = format!("{src}def f():\n    print(threading.current_thread().name)\n");
        assert!(observes_identity(&crate::compile("t.py", &task, &[]).unwrap().0));
    }

    /// `s` with every thread and object copied afresh: no kept hashes.
    fn without_kept_hashes(s: &State) -> State {
        let mut fresh = s.clone();
        for t in &mut fresh.threads {
            *t = Arc::new(Hashed::new(Thread::clone(t)));
        }
        for o in fresh.heap.slots() {
            *o = Arc::new(Hashed::new(Object::clone(o)));
        }
        fresh
    }

    #[test]
    fn kept_part_hashes_are_those_of_the_contents() {
        // States reached by steps that change threads and objects (a list
        // grown, a lock taken, waits) and share the rest with their parents:
        // every fingerprint form, from kept hashes, equals that of the same
        // state hashed afresh.
        let src = "import threading\nn = 0\nitems = []\nl = threading.Lock()\nev = threading.Event()\ndef w():\n    global n\n    with l:\n        items.append(n)\n        n = n + 1\n    ev.wait(0.5)\n    ev.set()\nfor k in range(3):\n    t = threading.Thread(target=w)\n    t.start()\n";
        let (vm, all) = states(src);
        assert!(all.len() > 100, "{} states", all.len());
        let mut hashed = 0;
        for s in &all {
            // Asked once to fill the kept hashes, then compared.
            let (plain, canonical) = (fingerprint(s), canonical_fingerprint(&vm, s));
            assert_eq!(fingerprint(s), plain);
            let fresh = without_kept_hashes(s);
            assert_eq!(fingerprint(&fresh), plain);
            assert_eq!(canonical_fingerprint(&vm, &fresh), canonical);
            hashed += s.threads.iter().filter(|t| t.is_kept()).count();
        }
        assert!(hashed > 0);
    }

    #[test]
    fn settling_tells_the_fingerprint_what_walking_the_heap_would() {
        // Interchangeable workers, and a dead global holding a list only it
        // reaches in the second program (then no state is numbered as its
        // canonical form): from every state, each step taken unsettled, as
        // in a chain, then settled and hashed at once.
        let workers = "import threading\nn = 0\nl = threading.Lock()\ndef w():\n    global n\n    for i in range(2):\n        with l:\n            n += 1\n";
        let start = "for k in range(3):\n    t = threading.Thread(target=w)\n    t.start()\n";
        for extra in ["", "d = [1, 2]\nprint(len(d))\n"] {
            let (vm, all) = states(&format!("{workers}{extra}{start}"));
            let mut steps = 0;
            for s in &all {
                let mut choices = Vec::new();
                vm.choices(s, &mut choices);
                for c in choices {
                    let mut t = s.clone();
                    vm.step_unsettled(&mut t, c, &mut super::super::NoRecorder).unwrap();
                    let mut settled = t.clone();
                    vm.settle(&mut settled);
                    assert_eq!(vm.settled_fingerprint(&mut t), canonical_fingerprint(&vm, &settled));
                    steps += 1;
                }
            }
            assert!(steps > 100, "{steps} steps");
        }
    }

    #[test]
    fn a_part_changed_is_hashed_again_and_a_copy_keeps_the_hash() {
        let (program, _) = crate::compile("t.py", "import threading\nx = [1]\nl = threading.Lock()\n", &[]).unwrap();
        let vm = Vm::new(Arc::new(program));
        let (s, _) = vm.initial(&mut super::super::NoRecorder).unwrap();
        let list = (0..s.heap.len()).find(|&o| matches!(s.heap[o], Object::List(_))).expect("x's list");
        let before = s.heap.part(list).part().hash;
        let mut t = s.clone();
        assert_eq!(t.heap.part(list).part().hash, before, "a copy of the state shares the object and its hash");
        if let Object::List(items) = &mut t.heap[list] {
            items.push(Value::Int(2));
        }
        let after = t.heap.part(list).part().hash;
        assert_ne!(after, before);
        assert_eq!(s.heap.part(list).part().hash, before, "the original is unchanged");
        assert_eq!(after, without_kept_hashes(&t).heap.part(list).part().hash);
    }

    #[test]
    fn a_handle_changed_in_place_is_keyed_again() {
        // A thread handle's symmetry key is kept with it; changed in place
        // (the state owns it alone, so it is not copied), the kept key must go.
        let src = "import threading\ndef w():\n    pass\nt = threading.Thread(target=w)\n";
        let (program, _) = crate::compile("t.py", src, &[]).unwrap();
        let vm = Vm::new(Arc::new(program));
        let (mut s, _) = vm.initial(&mut super::super::NoRecorder).unwrap();
        let h = (0..s.heap.len()).find(|&o| super::super::hashed::blanked_handle(&s.heap[o]).is_some()).expect("t's handle");
        let before = handle_key(&s, h as ObjId);
        assert!(s.heap.part(h).is_key_kept(), "a handle that refers to no object keeps its key");
        match &mut s.heap[h] {
            Object::Instance(Instance { native: Native::Thread(th), .. }) => th.daemon = true,
            _ => unreachable!("a thread handle"),
        }
        let after = handle_key(&s, h as ObjId);
        assert_ne!(after, before);
        assert_eq!(after, handle_key(&without_kept_hashes(&s), h as ObjId));
    }

    /// Every state of a search of `src`, breadth-first (few: small models).
    fn states(src: &str) -> (Vm, Vec<State>) {
        let (program, _) = crate::compile("t.py", src, &[]).unwrap();
        let vm = Vm::new(Arc::new(program));
        let (init, _) = vm.initial(&mut super::super::NoRecorder).unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![init];
        let mut all = Vec::new();
        while let Some(s) = todo.pop() {
            if !seen.insert(fingerprint(&s)) {
                continue;
            }
            let mut choices = Vec::new();
            vm.choices(&s, &mut choices);
            for c in choices {
                let mut t = s.clone();
                vm.step(&mut t, c, &mut super::super::NoRecorder).unwrap();
                todo.push(t);
            }
            all.push(s);
        }
        (vm, all)
    }

    #[test]
    fn a_view_of_moved_threads_hashes_like_the_built_form() {
        // Workers with objects of their own (renumbered when they move),
        // waiting on a condition (waiters and waits renamed), reading a
        // global another writes (stale reads renamed).
        let src = "import threading\nn = 0\ncv = threading.Condition()\ndef w():\n    global n\n    mine = [n]\n    with cv:\n        if n == 0:\n            cv.wait(0.5)\n        mine.append(1)\n        cv.notify()\n    n = n + len(mine)\nfor k in range(3):\n    t = threading.Thread(target=w)\n    t.start()\n";
        let (vm, all) = states(src);
        assert!(vm.symmetry && all.len() > 100, "{} states", all.len());
        let mut moved_objects = 0;
        for s in &all {
            let dead = dead_private_globals(&vm, s);
            let groups = interchangeable(s, &dead);
            if groups.is_empty() {
                continue;
            }
            let new_of = permutation(s, &groups);
            assert_eq!(hash_permuted(s, &dead, &new_of), canonical(&vm, s, false, None));
            let mut old_at = vec![0; new_of.len()];
            new_of.iter().enumerate().for_each(|(old, &new)| old_at[new as usize] = old as Tid);
            let (mut new_id, mut order) = (Vec::new(), Vec::new());
            s.reach_from(&mut new_id, &mut order, &dead, false, old_at.iter().map(|&t| &s.threads[t as usize]));
            let handles: Vec<ObjId> = s.threads.iter().map(|t| t.obj).collect();
            moved_objects += usize::from(order.iter().enumerate().any(|(i, o)| i as u32 != *o && !handles.contains(o)));
        }
        assert!(moved_objects > 0, "no state renumbers a thread's own object");
    }

    #[test]
    fn hashing_in_place_equals_hashing_the_built_canonical_form() {
        // Three interchangeable workers, a dead global holding the last
        // handle, a lock taken in turn; in the second program also a dead
        // global holding a list only it reaches (left out of the canonical
        // form, so those states cannot be hashed in place).
        let workers = "import threading\nn = 0\nl = threading.Lock()\ndef w():\n    global n\n    for i in range(2):\n        with l:\n            n += 1\n";
        let start = "for k in range(3):\n    t = threading.Thread(target=w)\n    t.start()\n";
        for (extra, hashed_in_place) in [("", true), ("d = [1, 2]\nprint(len(d))\n", false)] {
            let (vm, all) = states(&format!("{workers}{extra}{start}"));
            assert!(vm.symmetry && all.len() > 100, "{} states", all.len());
            let (mut in_place, mut kept_places, mut moved) = (0, 0, 0);
            for s in &all {
                assert_eq!(canonical(&vm, s, true, None), canonical(&vm, s, false, None));
                let dead = dead_private_globals(&vm, s);
                let groups = interchangeable(s, &dead);
                if groups.is_empty() {
                    continue;
                }
                let new_of = permutation(s, &groups);
                if new_of.iter().enumerate().all(|(i, &t)| i as Tid == t) {
                    kept_places += 1;
                    in_place += usize::from(numbered_canonically(s, &dead));
                } else {
                    moved += 1;
                }
                assert_eq!(hash_permuted(s, &dead, &new_of), canonical(&vm, s, false, None));
            }
            assert!(kept_places > 0 && kept_places < all.len(), "{kept_places} of {}", all.len());
            assert_eq!(in_place, if hashed_in_place { kept_places } else { 0 });
            // Every state is also hashed alike by the view of its moved
            // threads (above), and some do move.
            assert!(moved > 0);
        }
    }
}
