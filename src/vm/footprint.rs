//! What a thread may touch from here on: a static over-approximation of the
//! shared state every operation reachable from a program point can read or
//! write. Partial-order reduction (`vm/persistent.rs`) uses it to know which
//! threads can never interfere with a step.
//!
//! Footprints are abstract: globals by index and attributes by name are
//! exact; every list/dict counts as one "container" resource and every
//! synchronisation object as one "sync" resource (objects are not known
//! statically); thread life is split into starting threads, ending threads
//! and reading which threads are alive. Anything the analysis cannot
//! resolve (a call through a variable, a class call, `start`) is `top`:
//! it conflicts with everything.

use crate::ir::{Builtin, FuncId, Module, NO_KW, Op, Program};
use fixedbitset::FixedBitSet;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Footprint {
    pub top: bool,
    pub global_reads: FixedBitSet,
    pub global_writes: FixedBitSet,
    pub attr_reads: FixedBitSet,
    pub attr_writes: FixedBitSet,
    pub container_read: bool,
    pub container_write: bool,
    /// An operation on a lock, event, condition, semaphore or queue.
    pub sync: bool,
    /// Starts a thread (thread ids and names are handed out in start order).
    pub start: bool,
    /// Reads which threads are alive (`enumerate`, `is_alive`, `join`).
    pub life_read: bool,
    /// Ends the thread.
    pub end: bool,
}

impl Footprint {
    pub fn empty(program: &Program) -> Footprint {
        let g = program.globals.len();
        let n = program.names.len();
        Footprint {
            top: false,
            global_reads: FixedBitSet::with_capacity(g),
            global_writes: FixedBitSet::with_capacity(g),
            attr_reads: FixedBitSet::with_capacity(n),
            attr_writes: FixedBitSet::with_capacity(n),
            container_read: false,
            container_write: false,
            sync: false,
            start: false,
            life_read: false,
            end: false,
        }
    }

    /// Add `o`; whether anything was new.
    pub fn union_with(&mut self, o: &Footprint) -> bool {
        let before = (self.top, self.container_read, self.container_write, self.sync, self.start, self.life_read, self.end);
        let counts = [self.global_reads.count_ones(..), self.global_writes.count_ones(..), self.attr_reads.count_ones(..), self.attr_writes.count_ones(..)];
        self.top |= o.top;
        self.global_reads.union_with(&o.global_reads);
        self.global_writes.union_with(&o.global_writes);
        self.attr_reads.union_with(&o.attr_reads);
        self.attr_writes.union_with(&o.attr_writes);
        self.container_read |= o.container_read;
        self.container_write |= o.container_write;
        self.sync |= o.sync;
        self.start |= o.start;
        self.life_read |= o.life_read;
        self.end |= o.end;
        let after = (self.top, self.container_read, self.container_write, self.sync, self.start, self.life_read, self.end);
        let counts_after = [self.global_reads.count_ones(..), self.global_writes.count_ones(..), self.attr_reads.count_ones(..), self.attr_writes.count_ones(..)];
        before != after || counts != counts_after
    }

    /// Can the two orders of steps with these footprints differ? (Reads
    /// commute with reads; ending threads commute with each other and with
    /// starting one.)
    pub fn conflicts(&self, o: &Footprint) -> bool {
        self.top
            || o.top
            || !self.global_writes.is_disjoint(&o.global_writes)
            || !self.global_writes.is_disjoint(&o.global_reads)
            || !o.global_writes.is_disjoint(&self.global_reads)
            || !self.attr_writes.is_disjoint(&o.attr_writes)
            || !self.attr_writes.is_disjoint(&o.attr_reads)
            || !o.attr_writes.is_disjoint(&self.attr_reads)
            || (self.container_write && (o.container_read || o.container_write))
            || (o.container_write && self.container_read)
            || (self.sync && o.sync)
            || (self.start && (o.start || o.life_read))
            || (o.start && self.life_read)
            || (self.end && o.life_read)
            || (o.end && self.life_read)
    }
}

/// Globals or attribute names a step touched: a step touches one or two, so
/// they live inline (no allocation on the hot path).
pub type Ids = smallvec::SmallVec<[u32; 2]>;

/// What one step touched, as the VM ran it (the dynamic counterpart of a
/// `Footprint`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Touched {
    pub global_reads: Ids,
    pub global_writes: Ids,
    pub attr_reads: Ids,
    pub attr_writes: Ids,
    pub container_read: bool,
    pub container_write: bool,
    pub sync: bool,
    pub start: bool,
    pub life_read: bool,
    pub end: bool,
    /// Conflicts with every step: a fork (reads every global and object of
    /// the parent) or `terminate()` (stops another process's threads).
    pub everything: bool,
}

impl Clone for Touched {
    /// Field by field, the ids copied as a slice (`SmallVec`'s own `clone`
    /// goes item by item through an iterator, and a search clones what a
    /// known self-loop touched into every successor).
    fn clone(&self) -> Touched {
        let Touched { global_reads, global_writes, attr_reads, attr_writes, container_read, container_write, sync, start, life_read, end, everything } = self;
        Touched {
            global_reads: Ids::from_slice(global_reads),
            global_writes: Ids::from_slice(global_writes),
            attr_reads: Ids::from_slice(attr_reads),
            attr_writes: Ids::from_slice(attr_writes),
            container_read: *container_read,
            container_write: *container_write,
            sync: *sync,
            start: *start,
            life_read: *life_read,
            end: *end,
            everything: *everything,
        }
    }
}

impl Touched {
    /// Nothing another thread could see (the step only printed, slept or
    /// computed locally).
    pub fn is_empty(&self) -> bool {
        *self == Touched::default()
    }

    /// Add what `o` touched.
    pub fn add(&mut self, o: &Touched) {
        self.global_reads.extend_from_slice(&o.global_reads);
        self.global_writes.extend_from_slice(&o.global_writes);
        self.attr_reads.extend_from_slice(&o.attr_reads);
        self.attr_writes.extend_from_slice(&o.attr_writes);
        self.container_read |= o.container_read;
        self.container_write |= o.container_write;
        self.sync |= o.sync;
        self.start |= o.start;
        self.life_read |= o.life_read;
        self.end |= o.end;
    }

    /// Could this step have changed what a step that touched `other` saw?
    /// (A spin-waiting thread's step, which came back to its state, still
    /// does when nothing it read changed.) Conservative: any container or
    /// sync write counts when the other touched containers or sync objects.
    pub fn may_change(&self, other: &Touched) -> bool {
        let meets = |a: &[u32], b: &[u32]| a.iter().any(|i| b.contains(i));
        self.everything
            || other.everything
            || meets(&self.global_writes, &other.global_reads)
            || meets(&self.global_writes, &other.global_writes)
            || meets(&self.attr_writes, &other.attr_reads)
            || meets(&self.attr_writes, &other.attr_writes)
            || (self.container_write && (other.container_read || other.container_write))
            || (self.sync && other.sync)
            || ((self.start || self.end) && (other.life_read || other.start))
    }

    /// Can this step and some step within `f` happen in either order with
    /// different results?
    pub fn conflicts(&self, f: &Footprint) -> bool {
        let any = |ids: &[u32], set: &FixedBitSet| ids.iter().any(|&i| set.contains(i as usize));
        self.everything
            || f.top
            || any(&self.global_writes, &f.global_reads)
            || any(&self.global_writes, &f.global_writes)
            || any(&self.global_reads, &f.global_writes)
            || any(&self.attr_writes, &f.attr_reads)
            || any(&self.attr_writes, &f.attr_writes)
            || any(&self.attr_reads, &f.attr_writes)
            || (self.container_write && (f.container_read || f.container_write))
            || (self.container_read && f.container_write)
            || (self.sync && f.sync)
            || (self.start && (f.start || f.life_read))
            || (self.life_read && (f.start || f.end))
            || (self.end && f.life_read)
    }
}

/// Footprints of every program point, computed once per model.
pub struct Footprints {
    /// `future[f][pc]`: what running function `f` from `pc` (the operation
    /// at `pc` included) to its return may touch, callees included.
    future: Vec<Vec<Footprint>>,
    /// `op[f][pc]`: what the operation at `pc` itself may touch.
    op: Vec<Vec<Footprint>>,
}

impl Footprints {
    pub fn of(program: &Program) -> Footprints {
        let bound = functions_bound_to_globals(program);
        let scalar = scalar_globals(program);
        let empty = Footprint::empty(program);
        let mut op: Vec<Vec<Footprint>> = program
            .functions
            .iter()
            .map(|f| (0..f.code.len()).map(|pc| op_footprint(program, &bound, &scalar, &f.code, pc, &empty)).collect())
            .collect();
        // Showing an object may give it its address, its `id()`, which
        // depends on the order objects are first shown or asked their id in,
        // as `id` does (`Ctx::prepare_shown`).
        if program.may_show_addresses() {
            for (f, ops) in program.functions.iter().zip(&mut op) {
                for (pc, fp) in ops.iter_mut().enumerate() {
                    fp.sync |= shows_values(program, &f.code, pc);
                }
            }
        }
        let mut future: Vec<Vec<Footprint>> = op.clone();
        // Callees resolved statically, per call site.
        let callees: Vec<Vec<Option<FuncId>>> = program
            .functions
            .iter()
            .map(|f| (0..f.code.len()).map(|pc| resolved_callee(program, &bound, &f.code, pc)).collect())
            .collect();
        // Backward dataflow to a fixpoint over every function at once:
        // future(pc) = op(pc) ∪ callee summary ∪ future(successors).
        let mut changed = true;
        while changed {
            changed = false;
            for f in 0..program.functions.len() {
                let code = &program.functions[f].code;
                let handlers: Vec<usize> =
                    code.iter().filter_map(|op| if let Op::SetupExcept(h) = op { Some(*h as usize) } else { None }).collect();
                for pc in (0..code.len()).rev() {
                    let mut acc = future[f][pc].clone();
                    if let Some(callee) = callees[f][pc] {
                        if let Some(entry) = future[callee as usize].first() {
                            let entry = entry.clone();
                            acc.union_with(&entry);
                        }
                    }
                    // Any operation may raise into any handler of the function.
                    for s in successors(code, pc).into_iter().flatten().chain(handlers.iter().copied()) {
                        if s < code.len() && s != pc {
                            let next = future[f][s].clone();
                            acc.union_with(&next);
                        }
                    }
                    if future[f][pc].union_with(&acc) {
                        changed = true;
                    }
                }
            }
        }
        Footprints { future, op }
    }

    pub fn future(&self, f: FuncId, pc: u32) -> &Footprint {
        &self.future[f as usize][pc as usize]
    }

    pub fn op(&self, f: FuncId, pc: u32) -> &Footprint {
        &self.op[f as usize][pc as usize]
    }
}

/// Where control can go after the operation at `pc` (besides handlers).
fn successors(code: &[Op], pc: usize) -> [Option<usize>; 2] {
    match code[pc] {
        Op::Jump(t) => [Some(t as usize), None],
        Op::JumpIfFalse(t)
        | Op::JumpIfTrue(t)
        | Op::JumpIfFalseOrPop(t)
        | Op::JumpIfTrueOrPop(t)
        | Op::ForIter(t)
        | Op::SetupExcept(t) => [Some(pc + 1), Some(t as usize)],
        Op::Return | Op::Raise | Op::Reraise => [None, None],
        _ => [Some(pc + 1), None],
    }
}

/// Globals that only ever hold one function: every store to them stores
/// that function (`def f(): ...` at module level, never reassigned).
fn functions_bound_to_globals(program: &Program) -> Vec<Option<FuncId>> {
    let mut bound: Vec<Option<Option<FuncId>>> = vec![None; program.globals.len()];
    for f in &program.functions {
        for (pc, op) in f.code.iter().enumerate() {
            if let Op::StoreGlobal(g) = *op {
                let stored = match pc.checked_sub(1).map(|p| f.code[p]) {
                    Some(Op::MakeFunction(id, _)) => Some(id),
                    _ => None,
                };
                let slot = &mut bound[g as usize];
                *slot = match *slot {
                    None => Some(stored),
                    Some(prev) if prev == stored => Some(prev),
                    Some(_) => Some(None),
                };
            }
        }
    }
    bound.into_iter().map(|b| b.flatten()).collect()
}

/// Globals that only ever hold numbers or strings: every store to them
/// stores a constant, or `g op= ...` / `g = g op ...` of the global itself.
fn scalar_globals(program: &Program) -> Vec<bool> {
    let mut scalar = vec![true; program.globals.len()];
    let mut stored = vec![false; program.globals.len()];
    for f in &program.functions {
        for (pc, op) in f.code.iter().enumerate() {
            let Op::StoreGlobal(g) = *op else { continue };
            let ok = match pc.checked_sub(1).map(|p| f.code[p]) {
                Some(Op::Const(c)) => !matches!(program.consts[c as usize], crate::ir::Const::Tuple(_)),
                Some(Op::Inplace(_) | Op::Binary(_)) => {
                    matches!(operand_pusher(program, &f.code, pc - 1, 1), Some(Op::LoadGlobal(l)) if l == g)
                }
                _ => false,
            };
            stored[g as usize] = true;
            if !ok {
                scalar[g as usize] = false;
            }
        }
    }
    // A global set some other way (a class attribute) is not known.
    scalar.iter().zip(&stored).map(|(&s, &st)| s && st).collect()
}

/// Values an operation pops and pushes, for the operations a call's callee
/// and arguments are usually made of; `None` for the rest.
fn stack_effect(program: &Program, op: Op) -> Option<(usize, usize)> {
    let kw = |kw: u32| if kw == NO_KW { 0 } else { program.kwnames[kw as usize].len() };
    Some(match op {
        Op::ToText | Op::FromText => (1, 1),
        Op::TextMark => (0, 0),
        Op::StoreLocalText(_) => (1, 0),
        Op::Const(_) | Op::LoadLocalText(_) | Op::LoadLocal(_) | Op::LoadGlobal(_) | Op::LoadLocalTally(_) | Op::LoadGlobalTally(_) | Op::LoadBuiltin(_) => (0, 1),
        Op::LoadAttr(_) | Op::Unary(_) => (1, 1),
        Op::LoadSubscript | Op::Binary(_) | Op::Compare(_) => (2, 1),
        Op::Call { argc, kw: k } | Op::CallMethod { argc, kw: k, .. } => (1 + argc as usize + kw(k), 1),
        Op::BuildList(n) | Op::BuildTuple(n) | Op::BuildString(n) | Op::BuildSet(n) | Op::BuildConstSet(n) => (n as usize, 1),
        Op::FormatValue { spec, .. } => (1 + spec as usize, 1),
        _ => return None,
    })
}

/// The operation that pushed the callee of the call at `pc`.
fn callee_pusher(program: &Program, code: &[Op], pc: usize) -> Option<Op> {
    let Op::Call { argc, kw } = code[pc] else { return None };
    operand_pusher(program, code, pc, argc as usize + if kw == NO_KW { 0 } else { program.kwnames[kw as usize].len() })
}

/// The operation that pushed the value `pos` places below the top of the
/// stack just before `pc`, found by walking back through straight-line code.
fn operand_pusher(program: &Program, code: &[Op], pc: usize, mut pos: usize) -> Option<Op> {
    let is_target = |i: usize| {
        code.iter().any(|op| match *op {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::JumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t)
            | Op::SetupExcept(t) => t as usize == i,
            _ => false,
        })
    };
    let mut j = pc;
    while j > 0 {
        if is_target(j) {
            return None;
        }
        j -= 1;
        let (pops, pushes) = stack_effect(program, code[j])?;
        if pos < pushes {
            return if pushes == 1 { Some(code[j]) } else { None };
        }
        pos = pos - pushes + pops;
    }
    None
}

fn resolved_callee(program: &Program, bound: &[Option<FuncId>], code: &[Op], pc: usize) -> Option<FuncId> {
    match code[pc] {
        Op::LoadAttr(name) => return property_accessor(program, name, false)?,
        Op::StoreAttr(name) => return property_accessor(program, name, true)?,
        _ => {}
    }
    match callee_pusher(program, code, pc)? {
        Op::LoadGlobal(g) => bound[g as usize],
        _ => None,
    }
}

/// The getter (or setter) an access to attribute `name` may call: `None`
/// when no class has a property `name`, `Some(None)` when more than one
/// function could be called (or none: the access raises), so the access
/// is `top`.
fn property_accessor(program: &Program, name: crate::ir::NameId, setter: bool) -> Option<Option<FuncId>> {
    let mut found: Option<Option<FuncId>> = None;
    for p in program.classes.iter().flat_map(|c| &c.properties).filter(|p| p.name == name) {
        let f = if setter { p.set } else { Some(p.get) };
        found = Some(match found {
            None => f,
            Some(prev) if prev == f => prev,
            Some(_) => None,
        });
    }
    found
}

/// What one operation may touch by itself (a resolved callee's body is
/// added by the dataflow).
fn op_footprint(
    program: &Program,
    bound: &[Option<FuncId>],
    scalar: &[bool],
    code: &[Op],
    pc: usize,
    empty: &Footprint,
) -> Footprint {
    let mut fp = empty.clone();
    let class_attr_globals = |name: u32| program.classes.iter().filter_map(move |c| c.attrs.iter().find(|(n, _)| *n == name).map(|&(_, g)| g));
    match code[pc] {
        Op::LoadGlobal(g) if program.globals[g as usize].shared => fp.global_reads.insert(g as usize),
        Op::StoreGlobal(g) if program.globals[g as usize].shared => fp.global_writes.insert(g as usize),
        Op::LoadAttr(name) => {
            fp.attr_reads.insert(name as usize);
            // A property whose getter is not known: any code.
            fp.top |= property_accessor(program, name, false) == Some(None);
            // A process's exit code changes when it ends.
            if program.process_class.is_some() && program.name(name) == "exitcode" {
                fp.life_read = true;
            }
            for g in class_attr_globals(name) {
                fp.global_reads.insert(g as usize);
            }
        }
        Op::StoreAttr(name) => {
            fp.attr_writes.insert(name as usize);
            fp.top |= property_accessor(program, name, true) == Some(None);
            for g in class_attr_globals(name) {
                fp.global_writes.insert(g as usize);
            }
        }
        // Reading items, or local work that may read a container operand
        // (comparing, formatting, unpacking, testing its truth, passing it
        // to a call).
        // A user object's `__getitem__` / `__setitem__`: any code, or the
        // prelude's `multiprocessing.Array` (its lock and its shared list).
        Op::LoadSubscript | Op::StoreSubscript
            if dunder_footprint(program, if matches!(code[pc], Op::LoadSubscript) { "__getitem__" } else { "__setitem__" }, &mut fp) => {}
        // `x in obj` may call a user class's `__contains__` or iterator,
        // `a, b = obj` its iterator: any code, when the model defines them.
        Op::Compare(crate::ir::CmpOp::In | crate::ir::CmpOp::NotIn) | Op::UnpackSequence(_) | Op::UnpackEx { .. } => {
            fp.container_read = true;
            fp.top |= runs_user_iteration(program)
                || (matches!(code[pc], Op::Compare(_)) && program.defines_method("__contains__"));
        }
        Op::LoadSubscript
        | Op::Unary(crate::ir::UnaryOp::Not)
        | Op::JumpIfFalse(_)
        | Op::JumpIfTrue(_)
        | Op::JumpIfFalseOrPop(_)
        | Op::JumpIfTrueOrPop(_)
        | Op::Compare(_)
        | Op::Binary(_)
        | Op::FormatValue { .. }
        => fp.container_read = true,
        // A `for` over a user iterator runs its `__iter__`/`__next__`: any
        // code, when the model defines them.
        Op::GetIter | Op::ForIter(_) => {
            fp.container_read = true;
            fp.top |= runs_user_iteration(program);
        }
        // `f(*it)`, `[*it]`, `{*it}` over a user iterable run it.
        Op::ListExtend | Op::SetUpdate if runs_user_iteration(program) => fp.top = true,
        // `x += 1` on a global that only ever holds numbers or strings does
        // not touch a container; `items += [...]` extends a list in place.
        // A tally is always an integer (`lang/printed.rs`).
        Op::Inplace(_)
            if matches!(operand_pusher(program, code, pc, 1),
                Some(Op::LoadGlobal(g)) if scalar[g as usize])
                || matches!(operand_pusher(program, code, pc, 1), Some(Op::LoadGlobalTally(_) | Op::LoadLocalTally(_))) => {}
        // A closure's cell is a heap object shared with the closure.
        Op::LoadCell(_) => fp.container_read = true,
        Op::StoreSubscript
        | Op::DeleteSubscript
        | Op::Inplace(_)
        | Op::ListExtend
        | Op::SetUpdate
        | Op::DictMerge
        | Op::DictUpdate
        | Op::StoreCell(_)
        | Op::DeleteCell(_) => {
            fp.container_read = true;
            fp.container_write = true;
        }
        Op::Raise | Op::Reraise | Op::AssertFail | Op::Return => fp.end = true,
        Op::Call { .. } => match callee_pusher(program, code, pc) {
            Some(Op::LoadBuiltin(b)) => {
                fp.container_read = true;
                builtin_footprint(program, b, &mut fp);
                // `len(x)` calls a user `__len__`.
                if b == Builtin::Len {
                    dunder_footprint(program, "__len__", &mut fp);
                }
                // `list(it)`, `sum(it)`, ... run a user iterator's methods.
                use Builtin::*;
                if matches!(b, List | Tuple | Sum | Sorted | Any | All | Enumerate | Dict | Set | FrozenSet | Min | Max | Zip | Reversed) {
                    fp.top |= runs_user_iteration(program);
                }
            }
            // The callee's body is added by the dataflow.
            Some(Op::LoadGlobal(g)) if bound[g as usize].is_some() => fp.container_read = true,
            _ => fp.top = true,
        },
        Op::CallMethod { name, .. } => method_footprint(program, program.name(name), &mut fp),
        Op::WithEnter => method_footprint(program, "__enter__", &mut fp),
        Op::WithExit => method_footprint(program, "__exit__", &mut fp),
        Op::CallEx { .. } | Op::Import(_) | Op::MakeClass(_) => fp.top = true,
        _ => {}
    }
    fp
}

/// What an operation that calls a user `name` method (`obj[k]` calls
/// `__getitem__`) may touch beyond its built-in meaning: anything, when a
/// model class defines it; when only the prelude's `multiprocessing.Array`
/// does, its summary (its RLock and its shared list). Whether any class
/// defines it.
fn dunder_footprint(program: &Program, name: &str, fp: &mut Footprint) -> bool {
    let Some(n) = program.name_id(name) else { return false };
    let prelude = prelude_classes(program);
    let mut any = false;
    for (c, def) in program.classes.iter().enumerate() {
        if def.methods.iter().any(|(k, _)| *k == n) {
            any = true;
            if prelude[c] {
                fp.sync = true;
                fp.container_read = true;
                fp.container_write = true;
            } else {
                fp.top = true;
            }
        }
    }
    any
}

/// Which classes the prelude defines (`MakeClass` stored into one of its globals).
fn prelude_classes(program: &Program) -> Vec<bool> {
    let mut prelude = vec![false; program.classes.len()];
    let code = &program.functions[program.module as usize].code;
    for w in code.windows(2) {
        if let [Op::MakeClass(c), Op::StoreGlobal(g)] = *w {
            if program.prelude_globals.iter().any(|&(_, p)| p == g) {
                prelude[c as usize] = true;
            }
        }
    }
    prelude
}

/// Does any class of the program define a method of this name?
/// Built-in methods that take an iterable, which may be a user object.
const ITERABLE_TAKING_METHODS: &[&str] = &[
    "join", "extend", "update", "union", "intersection", "difference", "symmetric_difference", "intersection_update",
    "difference_update", "symmetric_difference_update", "issubset", "issuperset", "isdisjoint",
];

/// Whether a consumer of an iterable may run model code: some class is
/// iterable (`__iter__`, or `__getitem__` for the sequence protocol) or an
/// iterator.
fn runs_user_iteration(program: &Program) -> bool {
    program.defines_method("__iter__")
        || program.defines_method("__next__")
        || program.defines_method("__getitem__")
        || program.defines_method("__reversed__")
}

/// Does the operation at `pc` show a value as the program sees it (print,
/// `str`, `repr`, an f-string field, `%` or `str.format` formatting)?
fn shows_values(program: &Program, code: &[Op], pc: usize) -> bool {
    match code[pc] {
        Op::FormatValue { .. } | Op::Binary(crate::ir::BinOp::Mod) => true,
        Op::CallMethod { name, .. } => program.name(name) == "format",
        Op::Call { .. } => matches!(callee_pusher(program, code, pc), Some(Op::LoadBuiltin(Builtin::Print | Builtin::Str | Builtin::Repr))),
        _ => false,
    }
}

fn builtin_footprint(program: &Program, b: Builtin, fp: &mut Footprint) {
    use Builtin::*;
    match b {
        // Pure, or reading containers passed in (`len(list)`, `print(list)`).
        Print | Len | Range | Sum | Min | Max | Sorted | Abs | Pow | MathSqrt | MathFloor | MathCeil | Str | Int | Float | Bool | List | Tuple | Dict | Set | FrozenSet | Enumerate
        | Zip | Isinstance | Type | Repr | Reversed | Any | All | Object | NoneType | Exc(_) | Sleep | GetPid | GetPpid | TextKind | Hex | Oct | Bin
        | CurrentThread | MainThread | GetIdent | CurrentProcess | MpCopy | CpuCount => fp.container_read = true,
        // New objects only.
        Thread | Lock | RLock | Event | Condition | Semaphore | BoundedSemaphore | Local | Queue | LifoQueue
        | PriorityQueue | SimpleQueue | MpQueue | MpJoinableQueue | MpSimpleQueue | MpShare => {}
        ActiveChildren => fp.life_read = true,
        ThreadingEnumerate | ActiveCount => fp.life_read = true,
        // A choice among outcomes: reads the sequence it draws from;
        // `shuffle` reorders a list in place.
        RandInt | RandRange | RandChoice | RandSample | RandRandom | RandUniform => fp.container_read = true,
        RandShuffle => {
            fp.container_read = true;
            fp.container_write = true;
        }
        Exit => fp.end = true,
        // The logical clock is shared state; treat it as a sync object (a
        // dead one is read at will: `vm/clock.rs`). So is the id table:
        // which id an object gets depends on the order.
        Time | Ctime if !program.clock_observed => {}
        Time | Ctime | Id => fp.sync = true,
        _ => fp.top = true,
    }
}

/// `recv.name(...)`: whatever a built-in object or module of that method
/// name may do, and (for user objects) the user methods of that name, whose
/// bodies may do anything the analysis does not follow: top.
fn method_footprint(program: &Program, name: &str, fp: &mut Footprint) {
    // A method, or a class attribute (a decorated method: the function its
    // decorators returned).
    let user_method = program.classes.iter().any(|c| c.methods.iter().chain(&c.attrs).any(|&(n, _)| program.name(n) == name))
        // `sep.join(it)`, `l.extend(it)`, `s.update(it)`, ... run a user iterable.
        || (ITERABLE_TAKING_METHODS.contains(&name) && runs_user_iteration(program));
    let modules = [
        Module::Threading,
        Module::Time,
        Module::Queue,
        Module::Concurrent,
        Module::Futures,
        Module::Random,
        Module::Sys,
        Module::Os,
        Module::LowThread,
        Module::Multiprocessing,
        Module::Math,
    ];
    if user_method || modules.iter().any(|m| m.prelude_member(name).is_some() || m.submodule(name).is_some()) {
        fp.top = true;
        return;
    }
    let mut known = false;
    for m in modules {
        if let Some(b) = m.member(name) {
            builtin_footprint(program, b, fp);
            known = true;
        }
    }
    match name {
        "acquire" | "release" | "locked" | "wait" | "wait_for" | "notify" | "notify_all" | "notifyAll" | "set" | "is_set"
        | "isSet" | "get_nowait" | "task_done" | "qsize" | "empty" | "full" | "__enter__" | "__exit__" => fp.sync = true,
        // A multiprocessing queue copies (pickles) what is put: it reads it.
        "put" | "put_nowait" => {
            fp.sync = true;
            fp.container_read = true;
        }
        "get" | "clear" => {
            fp.sync = true;
            fp.container_read = true;
            fp.container_write = true;
        }
        "join" => {
            fp.sync = true;
            fp.life_read = true;
            fp.container_read = true;
        }
        "is_alive" | "isAlive" => fp.life_read = true,
        "append" | "extend" | "pop" | "insert" | "remove" | "sort" | "reverse" | "update" | "setdefault" | "popitem" | "add"
        | "discard" | "difference_update" | "intersection_update" | "symmetric_difference_update" => {
            fp.container_read = true;
            fp.container_write = true;
        }
        "index" | "count" | "keys" | "values" | "items" | "copy" | "startswith" | "endswith" | "upper" | "lower" | "strip"
        | "split" | "format" | "getName" | "isDaemon" | "union" | "intersection" | "difference" | "symmetric_difference"
        | "issubset" | "issuperset" | "isdisjoint" => fp.container_read = true,
        _ if known => {}
        _ => fp.top = true,
    }
}
