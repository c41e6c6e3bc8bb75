//! The virtual machine: runs a compiled model one visible step at a time.
//!
//! A thread always rests *before* its next visible operation (a shared read
//! or write, a synchronisation call, `print`, `sleep`). A step executes that
//! operation and then the thread-local work up to the next one. Which threads
//! can step is decided by the operation each one rests at.

mod access;
mod builtins;
mod clock;
mod condition;
mod containers;
mod effect;
mod event;
mod exception;
mod footprint;
mod gauge;
mod format;
mod hashed;
mod heap;
mod interp;
mod lock;
mod methods;
mod object;
mod ops;
mod persistent;
mod process;
mod queue;
mod random;
mod reach;
mod rlock;
mod semaphore;
mod set;
mod state;
mod string;
mod symmetry;
mod thread;
mod unique;
mod value;

pub use effect::{Effect, NoRecorder, Recorder, TraceEvent};
pub use footprint::{Footprint, Footprints, Touched};
pub use heap::Heap;
pub use object::{ClassRef, Instance, Native, Object, Tid};
pub use state::{Frame, Loc, SharedThread, State, Status, Thread, Wait};
pub use value::{Float, ObjId, Value};

use crate::ir::{Program, Span};
use std::sync::Arc;

pub use random::MAX_OUTCOMES;

/// What the explorer chooses at a state: which thread moves, whether its
/// blocked call times out instead of completing, and, when it is parked at
/// a random call (`random.randint`, ...), which outcome that call returns
/// (0-based, in the order of `vm/random.rs`; 0 for every other step).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Choice {
    pub tid: Tid,
    pub timeout: bool,
    pub outcome: u8,
}

impl Choice {
    /// The thread moves (its only choice, or outcome 0 of a random call).
    pub fn run(tid: Tid) -> Choice {
        Choice { tid, timeout: false, outcome: 0 }
    }
}

/// The model cannot be checked: an unsupported construct reached at run
/// time, a local loop too long to be one step, an integer overflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    pub span: Span,
    pub message: String,
}

/// What happened in one step that detectors care about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepNotes {
    /// (The rare notes are boxed: the notes pass up through every layer of
    /// a step by value.)
    /// A thread ended by an exception: (thread, exception class name,
    /// message, where it was raised).
    pub uncaught: Option<Box<Uncaught>>,
    /// A write that overwrote another thread's write (lost update).
    pub lost_update: Option<Box<LostUpdate>>,
    /// Locks a thread still held when it ended.
    pub leaked_locks: Vec<ObjId>,
    /// A lock taken while holding others (for the lock-order graph).
    pub lock_edges: Vec<LockEdge>,
    /// What the step touched that other threads could see (for
    /// partial-order reduction).
    pub touched: Touched,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uncaught {
    pub tid: Tid,
    pub class: String,
    pub message: String,
    pub span: Span,
    pub is_assertion: bool,
}

/// `tid` acquired `acquired` at `span` while holding `held`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockEdge {
    pub tid: Tid,
    pub held: Vec<ObjId>,
    pub acquired: ObjId,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostUpdate {
    pub tid: Tid,
    pub loc: Loc,
    pub overwritten_by: Tid,
    pub span: Span,
}

/// Most local operations one step may run before the model is refused as
/// having a loop too long to explore.
pub const MAX_LOCAL_OPS: u64 = 2_000_000;
/// Python's default recursion limit.
pub const MAX_DEPTH: usize = 1000;

pub struct Vm {
    pub program: Arc<Program>,
    consts: Vec<Value>,
    /// What each program point may still touch (partial-order reduction).
    footprints: Footprints,
    /// Dead-variable reduction: a parked thread's dead locals are reset to
    /// `Unbound` (and dead module-private globals are left out of
    /// `canonical_fingerprint`).
    pub dead_vars: bool,
    /// The model reads the clock, and no clock value reaches anything but
    /// printed text: a read orders nothing and is one step with its `print`
    /// (the steps are the same with or without reductions, so schedules
    /// replay either way).
    pub clock_printed_only: bool,
    /// That, and dead variables are reduced: the clock is dead, its ticks
    /// tell no states apart (`vm/clock.rs`).
    pub clock_dead: bool,
    /// Symmetry reduction in `canonical_fingerprint`: set only when the
    /// program cannot observe thread identity (`symmetry::observes_identity`).
    pub symmetry: bool,
    /// The program imports `random` or one of its choice functions: only
    /// then can a thread be parked at a random call with several outcomes
    /// (`Vm::choices` asks each thread where it is parked).
    imports_random: bool,
    /// Queues' unfinished-task counts tell states apart: without the
    /// dead-variable reduction, or when the program calls `task_done`
    /// (`vm::object::TaskCount`).
    pub counts_tasks: bool,
    /// Some class defines `__str__` or `__repr__`: showing a value may run
    /// the model's code (`Ctx::text_kind`).
    pub(crate) text_methods: bool,
    liveness: crate::ir::liveness::Liveness,
    /// A thread object was formatted (`print(t)` shows its name): thread
    /// identity was observed at run time, so a symmetry-reduced search must
    /// be redone without it.
    identity_formatted: std::sync::atomic::AtomicBool,
}

impl Vm {
    /// A VM with every reduction that applies to the program.
    pub fn new(program: Arc<Program>) -> Vm {
        Vm::with_reductions(program, true, true)
    }

    /// `symmetry` is a request: it is turned off for programs that can
    /// observe which thread is which.
    pub fn with_reductions(program: Arc<Program>, dead_vars: bool, symmetry: bool) -> Vm {
        let consts = program.consts.iter().map(value_of_const).collect();
        let footprints = Footprints::of(&program);
        let liveness = crate::ir::liveness::Liveness::new(&program);
        // A model that can fork still gets symmetry, in its states without
        // a child process (`symmetry::canonical_fingerprint`).
        let symmetry = symmetry && !symmetry::observes_identity(&program);
        let clock_printed_only = program.clock_read && !program.clock_observed;
        let clock_dead = dead_vars && clock_printed_only;
        let imports_random = program.functions.iter().flat_map(|f| &f.code).any(|op| match *op {
            crate::ir::Op::Import(m) => m == crate::ir::Module::Random,
            crate::ir::Op::LoadBuiltin(b) => b.is_random_choice(),
            _ => false,
        });
        let counts_tasks = !dead_vars || program.name_id("task_done").is_some();
        let text_methods = program.defines_method("__str__") || program.defines_method("__repr__");
        Vm {
            counts_tasks,
            text_methods,
            program,
            consts,
            footprints,
            dead_vars,
            clock_printed_only,
            clock_dead,
            symmetry,
            imports_random,
            liveness,
            identity_formatted: Default::default(),
        }
    }

    /// Whether a run formatted a thread object (see `identity_formatted`).
    pub fn identity_formatted(&self) -> bool {
        self.identity_formatted.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(crate) fn note_identity_formatted(&self) {
        self.identity_formatted.store(true, std::sync::atomic::Ordering::Relaxed)
    }

    /// The fingerprint of the state's equivalence class under the enabled
    /// reductions (see `symmetry.rs`).
    pub fn canonical_fingerprint(&self, s: &State) -> crate::explore::Fingerprint {
        symmetry::canonical_fingerprint(self, s)
    }

    /// The state before any step: the main thread has run up to its first
    /// visible operation.
    pub fn initial<R: Recorder>(&self, rec: &mut R) -> Result<(State, StepNotes), ModelError> {
        let mut s = State {
            globals: Arc::new(vec![Value::Unbound; self.program.globals.len()]),
            heap: Heap::default(),
            threads: Vec::new(),
            dirty_heap: false,
            next_thread_number: 1,
            clock: clock::Clock::new(!self.clock_dead),
            processes: Vec::new(),
            shared: Vec::new(),
            ids: Vec::new(),
        };
        // Hidden globals whose names start with `Condition.` hold built-in defaults.
        for (i, g) in self.program.globals.iter().enumerate() {
            if self.program.name(g.name).starts_with("Condition.wait_for.") {
                unique::make_mut(&mut s.globals)[i] = Value::None;
            }
        }
        if let Some(g) = self.program.name_global {
            unique::make_mut(&mut s.globals)[g as usize] = Value::Str("__main__".into());
        }
        thread::spawn_main(self, &mut s);
        let notes = interp::run_initial(self, &mut s, rec)?;
        s.collect_with(&self.late_roots(&s));
        Ok((s, notes))
    }

    /// Every choice enabled at `s`, in thread order.
    pub fn choices(&self, s: &State, out: &mut Vec<Choice>) {
        out.clear();
        for (i, t) in s.threads.iter().enumerate() {
            if t.status != Status::Ready {
                continue;
            }
            let tid = i as Tid;
            match &t.wait {
                None => {
                    let n = if self.imports_random { random::parked_outcomes(self, s, tid) } else { 1 };
                    out.extend((0..n).map(|k| Choice { tid, timeout: false, outcome: k as u8 }));
                }
                Some(w) => {
                    let (ready, can_time_out) = interp::wait_status(s, tid, w);
                    if ready {
                        out.push(Choice::run(tid));
                    } else if can_time_out {
                        out.push(Choice { tid, timeout: true, outcome: 0 });
                    }
                }
            }
        }
    }

    /// Globals numbered after the threads' objects when collecting: under
    /// symmetry, the dead module globals, which the canonical form leaves
    /// out, so that a state whose threads keep their places is numbered as
    /// its canonical form and hashed in place (`symmetry.rs`).
    fn late_roots(&self, s: &State) -> symmetry::Dead {
        // Only where symmetry may apply (no child process): elsewhere
        // the state is hashed as numbered.
        match self.dead_vars && self.symmetry && s.processes.len() <= 1 {
            true => symmetry::dead_private_globals(self, s),
            false => symmetry::Dead::new(),
        }
    }

    /// Run one step of `c.tid` in place.
    pub fn step<R: Recorder>(&self, s: &mut State, c: Choice, rec: &mut R) -> Result<StepNotes, ModelError> {
        let notes = interp::run_step(self, s, c, rec)?;
        // One collection: `settle` renumbers whatever was allocated too.
        match self.dead_vars {
            true => self.settle(s),
            false => s.collect(),
        }
        Ok(notes)
    }

    /// `step`, but for the renumbering the dead-variable reduction wants
    /// after every step (`settle`): a state passed through on the way to
    /// a stored one (a chain) need not have it. Objects allocated or freed
    /// are still collected.
    pub fn step_unsettled<R: Recorder>(&self, s: &mut State, c: Choice, rec: &mut R) -> Result<StepNotes, ModelError> {
        let notes = interp::run_step(self, s, c, rec)?;
        if s.dirty_heap {
            s.collect_with(&self.late_roots(s));
        }
        Ok(notes)
    }

    /// With dead-variable reduction, renumber the heap even when nothing was
    /// allocated: a reset local may have held the only reference to an
    /// object, and numbering that depends on the path would split states
    /// the reduction merges.
    pub fn settle(&self, s: &mut State) {
        self.settle_telling(s);
    }

    /// `settle`, and when it collected, whether the state came out numbered
    /// as its canonical form under symmetry (`symmetry::canonical_fingerprint`
    /// need not walk the heap again to tell).
    /// With it, the dead globals (the late roots), which the fingerprint
    /// need not find again.
    fn settle_telling(&self, s: &mut State) -> Option<(bool, symmetry::Dead)> {
        if !self.dead_vars {
            return None;
        }
        s.dirty_heap = true;
        let late = self.late_roots(s);
        // The late roots are the dead globals where symmetry may apply.
        let numbered = s.collect_with(&late).filter(|_| self.symmetry && s.processes.len() <= 1)?;
        Some((numbered, late))
    }

    /// `settle`, then the canonical fingerprint of the settled state.
    pub fn settled_fingerprint(&self, s: &mut State) -> crate::explore::Fingerprint {
        let numbered = self.settle_telling(s);
        symmetry::canonical_fingerprint_numbered(self, s, numbered)
    }

    /// The program has ended: the main thread and every non-daemon thread
    /// are done (daemon threads are then killed).
    /// Threads looping forever in local code.
    pub fn spinning(&self, s: &State) -> Vec<Tid> {
        (0..s.threads.len() as Tid).filter(|&t| s.threads[t as usize].status == Status::Spinning).collect()
    }

    /// Threads that can step, but whose every step comes back to `s`: they
    /// spin-wait (`while len(threading.enumerate()) > 1: pass`) for what
    /// no step of theirs changes. With each, what its steps touched (what
    /// it waits to see changed; nothing for `while True: time.sleep(1)`).
    pub fn spin_waiting(&self, s: &State) -> Vec<(Tid, Touched)> {
        let mut choices = Vec::new();
        self.choices(s, &mut choices);
        let mut tids: Vec<Tid> = choices.iter().map(|c| c.tid).collect();
        tids.dedup();
        let mut out = Vec::new();
        'threads: for tid in tids {
            let mut read = Touched::default();
            for &c in choices.iter().filter(|c| c.tid == tid) {
                let mut t = s.clone();
                match self.step(&mut t, c, &mut NoRecorder) {
                    Ok(notes) if t.same_as(s) => read.add(&notes.touched),
                    _ => continue 'threads,
                }
            }
            out.push((tid, read));
        }
        out
    }

    pub fn is_finished(&self, s: &State) -> bool {
        s.threads.iter().enumerate().all(|(i, t)| t.status == Status::Done || (i != 0 && t.daemon))
    }

    pub fn thread_name(&self, s: &State, tid: Tid) -> String {
        thread::thread_name(s, tid)
    }

    /// Where a thread rests: the source position of its next operation.
    pub fn thread_span(&self, s: &State, tid: Tid) -> Option<Span> {
        self.innermost_model_span(&s.threads[tid as usize], false)
    }

    /// The position of the innermost frame with one: built-in helpers and
    /// library code (Condition.wait_for, the prelude) have none, so their
    /// caller's line is used. Callers' pcs are past their call; the top
    /// frame's is past its operation when `executing`, else at its next one.
    pub(crate) fn innermost_model_span(&self, t: &Thread, executing: bool) -> Option<Span> {
        for (i, fr) in t.frames.iter().enumerate().rev() {
            let spans = &self.program.functions[fr.func as usize].spans;
            let pc = if i + 1 == t.frames.len() && !executing { fr.pc as usize } else { (fr.pc as usize).saturating_sub(1) };
            if let Some(sp) = spans.get(pc.min(spans.len().saturating_sub(1))) {
                if sp.line > 0 {
                    return Some(*sp);
                }
            }
        }
        None
    }

    /// Is the thread resting inside library code (an operation with no
    /// source position)?
    pub fn in_library(&self, s: &State, tid: Tid) -> bool {
        let t = &s.threads[tid as usize];
        t.frames.last().is_some_and(|fr| {
            let spans = &self.program.functions[fr.func as usize].spans;
            spans.get(fr.pc as usize).is_some_and(|sp| sp.line == 0)
        })
    }

    /// A readable name for an object: the global or attribute that holds it.
    pub fn object_label(&self, s: &State, obj: ObjId) -> String {
        format::object_label(self, s, obj)
    }

    pub fn repr(&self, s: &State, v: &Value) -> String {
        format::repr(self, s, v)
    }

    pub fn loc_label(&self, s: &State, loc: Loc) -> String {
        access::loc_label(self, s, loc)
    }

    pub fn const_value(&self, id: u32) -> &Value {
        &self.consts[id as usize]
    }
}

pub fn value_of_const(c: &crate::ir::Const) -> Value {
    use crate::ir::Const;
    match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::Float(f) => Value::Float(Float(*f)),
        Const::Str(s) => Value::Str(s.clone()),
        Const::Tuple(items) => Value::tuple(items.iter().map(value_of_const).collect()),
    }
}
