//! The interpreter loop: runs one thread through one step, parks it before
//! its next visible operation, and unwinds exceptions.

use super::effect::{Effect, Recorder, TraceEvent};
use super::object::{Object, Tid};
use super::state::{Block, Frame, FrameKind, State, Status, Wait};
use super::value::{Iter, ObjId, Value};
use super::{Choice, MAX_LOCAL_OPS, ModelError, StepNotes, Vm};
use crate::ir::{Builtin, CmpOp, FuncId, NO_KW, NameId, Op, Span};
use std::sync::Arc;

/// Why an operation did not complete normally.
pub(super) enum Fault {
    /// A Python exception (an exception instance) is propagating.
    Raise(Value),
    /// The model cannot be checked.
    Fatal(ModelError),
}

impl From<ModelError> for Fault {
    fn from(e: ModelError) -> Fault {
        Fault::Fatal(e)
    }
}

pub(super) type Exec<T> = Result<T, Fault>;

/// How an operation left the thread.
pub(super) enum Flow {
    Next,
    /// The first phase of a two-phase wait ran: the thread stays at this
    /// operation, registered as a waiter; the step ends.
    Park,
}

/// The execution context of one thread for one step.
pub(super) struct Ctx<'a, R: Recorder> {
    pub vm: &'a Vm,
    pub s: &'a mut State,
    pub tid: Tid,
    pub rec: &'a mut R,
    pub notes: StepNotes,
    /// This step's blocked call returns by timeout.
    pub timeout: bool,
    /// The outcome chosen for this step's random call (taken by it).
    pub outcome: Option<u8>,
    ops: u64,
    visible_done: bool,
    /// The step's first visible operation ran inside an atomic section of
    /// the library: its later visible operations in the section run on.
    atomic_step: bool,
    /// The step's first visible operation read a clock whose values only
    /// reach printed text: its later clock reads and the `print` they feed
    /// run on (`vm/clock.rs`).
    clock_step: bool,
    /// Where the propagating exception was raised.
    raise_span: Span,
    raised: Option<Value>,
    /// State fingerprints seen at backward jumps (spin detection).
    /// (Fingerprints are uniform: no seeded hasher, whose seed every step
    /// would fetch from a thread-local.)
    seen_frames: std::collections::HashSet<u128, crate::explore::BuildFingerprintHasher>,
    backward_jumps: u64,
}

/// Spin detection hashes the state at every this-many backward jumps.
const SPIN_CHECK_EVERY: u64 = 64;

/// Local operations in one step before spin detection starts.
const SPIN_CHECK_AFTER: u64 = 10_000;

pub(super) fn run_initial<R: Recorder>(vm: &Vm, s: &mut State, rec: &mut R) -> Result<StepNotes, ModelError> {
    let mut cx = Ctx::new(vm, s, 0, rec, false);
    cx.visible_done = true;
    cx.run()?;
    Ok(cx.notes)
}

pub(super) fn run_step<R: Recorder>(vm: &Vm, s: &mut State, c: Choice, rec: &mut R) -> Result<StepNotes, ModelError> {
    let mut cx = Ctx::new(vm, s, c.tid, rec, c.timeout);
    cx.outcome = Some(c.outcome);
    cx.run()?;
    Ok(cx.notes)
}

/// Local work that reads a list's or dict's items (comparing, formatting,
/// unpacking, testing its truth, or passing it to a built-in): partial-order
/// reduction must know, though the operation is not a step of its own.
fn reads_container_operand(op: Op, stack: &[Value], program: &crate::ir::Program) -> bool {
    let any_ref = |n: usize| stack.iter().rev().take(n).any(|v| matches!(v, Value::Ref(_) | Value::Iter(_)));
    match op {
        Op::Binary(_) | Op::Compare(_) => any_ref(2),
        // Truth tests: `if items:` reads whether the list is empty.
        Op::FormatValue { .. }
        | Op::UnpackSequence(_)
        | Op::UnpackEx { .. }
        | Op::Unary(crate::ir::UnaryOp::Not)
        | Op::JumpIfFalse(_)
        | Op::JumpIfTrue(_)
        | Op::JumpIfFalseOrPop(_)
        | Op::JumpIfTrueOrPop(_) => any_ref(1),
        Op::Call { argc, kw } => {
            let n = argc as usize + if kw == NO_KW { 0 } else { program.kwnames[kw as usize].len() };
            any_ref(n)
        }
        _ => false,
    }
}

/// Whether a parked wait can complete now, and whether it could time out.
pub(super) fn wait_status(s: &State, tid: Tid, w: &Wait) -> (bool, bool) {
    let ready = match *w {
        Wait::Lock { lock, .. } => matches!(&s.heap[lock as usize], Object::Lock(l) if !l.locked),
        Wait::RLock { lock, .. } => super::rlock::can_acquire(s, lock, tid),
        Wait::Semaphore { sem, .. } => matches!(&s.heap[sem as usize], Object::Semaphore(x) if x.value > 0),
        Wait::EventSignal { .. } => s.threads[tid as usize].signaled,
        Wait::Join { thread, .. } => s.threads[s.join_target(thread) as usize].status == Status::Done,
        Wait::QueueGet { queue, .. } => matches!(&s.heap[queue as usize], Object::Queue(q) if !q.items.is_empty()),
        Wait::QueuePut { queue, .. } => matches!(&s.heap[queue as usize], Object::Queue(q) if !q.is_full()),
        Wait::QueueJoin { queue } => matches!(&s.heap[queue as usize], Object::Queue(q) if q.unfinished.n == 0),
        Wait::Cond { lock, .. } => s.threads[tid as usize].signaled && super::condition::lock_free_for(s, lock, tid),
    };
    let can_time_out = match *w {
        // A timed-out `Condition.wait` must still re-take its lock.
        Wait::Cond { lock, timeout, .. } => timeout && super::condition::lock_free_for(s, lock, tid),
        _ => w.can_time_out(),
    };
    (ready, can_time_out)
}

impl<'a, R: Recorder> Ctx<'a, R> {
    fn new(vm: &'a Vm, s: &'a mut State, tid: Tid, rec: &'a mut R, timeout: bool) -> Self {
        Ctx {
            vm,
            s,
            tid,
            rec,
            notes: StepNotes::default(),
            timeout,
            outcome: None,
            ops: 0,
            visible_done: false,
            atomic_step: false,
            clock_step: false,
            raise_span: Span::default(),
            raised: None,
            seen_frames: Default::default(),
            backward_jumps: 0,
        }
    }

    pub fn thread(&mut self) -> &mut super::state::Thread {
        self.s.thread_mut(self.tid)
    }

    pub fn frame(&mut self) -> &mut Frame {
        self.s.frame(self.tid)
    }

    pub fn push(&mut self, v: Value) {
        self.frame().stack.push(v)
    }

    pub fn pop(&mut self) -> Value {
        self.frame().stack.pop().expect("stack underflow")
    }

    pub fn top(&mut self) -> &mut Value {
        self.frame().stack.last_mut().expect("stack underflow")
    }

    /// The span of the innermost operation with a source position: library
    /// code (the prelude) has none, so an exception raised in it is shown
    /// at the model's line that called into it.
    pub(super) fn model_span(&self) -> Span {
        self.vm.innermost_model_span(&self.s.threads[self.tid as usize], true).unwrap_or_else(|| self.span())
    }

    /// The span of the operation being executed (pc was already advanced).
    pub fn span(&self) -> Span {
        let t = &self.s.threads[self.tid as usize];
        match t.frames.last() {
            Some(fr) => {
                let code = &self.vm.program.functions[fr.func as usize];
                code.spans[(fr.pc as usize).saturating_sub(1).min(code.spans.len() - 1)]
            }
            None => Span::default(),
        }
    }

    pub fn fatal(&self, message: impl Into<String>) -> Fault {
        Fault::Fatal(ModelError { span: self.span(), message: message.into() })
    }

    /// The same, located at the model's line when library code (the
    /// prelude's `sorted(key=...)`) is running.
    pub fn fatal_in_model(&self, message: impl Into<String>) -> Fault {
        Fault::Fatal(ModelError { span: self.model_span(), message: message.into() })
    }

    /// Record what the step did, for a trace; built only when recording
    /// (the search runs without a recorder, and most effects format text).
    #[inline]
    pub fn record(&mut self, effect: impl FnOnce() -> Effect) {
        if R::ON {
            let span = self.span();
            let effect = effect();
            self.rec.record(TraceEvent { tid: self.tid, span, effect });
        }
    }

    fn run(&mut self) -> Result<(), ModelError> {
        loop {
            let t = &self.s.threads[self.tid as usize];
            if t.status == Status::Done {
                return Ok(());
            }
            let fr = t.frames.last().expect("a live thread has a frame");
            let op = self.vm.program.functions[fr.func as usize].code[fr.pc as usize];
            if self.is_visible(op) {
                if self.visible_done {
                    if !(self.atomic_step && self.in_atomic_section() && self.completes_now(op)) && !self.clock_step_runs_on(op) {
                        self.park(op);
                        return Ok(());
                    }
                } else {
                    self.atomic_step = self.in_atomic_section();
                    self.clock_step = self.vm.clock_printed_only && matches!(self.visible_builtin(op), Some(Builtin::Time | Builtin::Ctime));
                }
                self.visible_done = true;
            }
            let fr = self.s.threads[self.tid as usize].frames.last().expect("a live thread has a frame");
            if !self.notes.touched.container_read && reads_container_operand(op, &fr.stack, &self.vm.program) {
                self.notes.touched.container_read = true;
            }
            self.ops += 1;
            // A long local run: if the frame comes back to a state it was
            // in, the thread loops forever without a visible step.
            if self.ops > SPIN_CHECK_AFTER && self.is_backward_jump(op) && self.local_state_repeats() {
                self.thread().status = Status::Spinning;
                self.thread().wait = None;
                return Ok(());
            }
            if self.ops > MAX_LOCAL_OPS {
                self.frame().pc += 1;
                return Err(ModelError {
                    span: self.span(),
                    message: format!(
                        "one step ran more than {MAX_LOCAL_OPS} operations without a visible operation \
                         (a huge or endless local loop?); shrink it, e.g. with --define"
                    ),
                });
            }
            self.frame().pc += 1;
            let result = self.exec(op);
            // Only the step's first visible operation can be the one timing
            // out, or the random call whose outcome was chosen.
            self.timeout = false;
            self.outcome = None;
            match result {
                Ok(Flow::Next) => {}
                Ok(Flow::Park) => {
                    self.frame().pc -= 1;
                    self.park(op);
                    return Ok(());
                }
                Err(Fault::Raise(exc)) => self.unwind(exc),
                Err(Fault::Fatal(e)) => return Err(e),
            }
        }
    }

    /// Atomic sections: a thread runs library code (its top frame has no
    /// source position) called from a prelude function marked atomic
    /// (`ir::Function::atomic`: a critical section CPython runs under one
    /// internal lock, such as putting a work item on an executor's queue). A
    /// step whose first visible operation runs inside one does not park at
    /// the section's later visible operations, so the section is one step.
    /// Model code called from a section (a callback) is never inside it: its
    /// frame has source positions, so its operations park as usual.
    fn in_atomic_section(&self) -> bool {
        let t = &self.s.threads[self.tid as usize];
        // Cheapest test first: most steps have no atomic frame at all.
        t.frames.iter().any(|fr| self.vm.program.functions[fr.func as usize].atomic) && self.vm.in_library(self.s, self.tid)
    }

    /// Leaving the outermost atomic function ends the section: a section
    /// entered again later in the step starts a step of its own.
    fn note_frame_left(&mut self, func: FuncId) {
        let prog = &self.vm.program;
        if self.atomic_step
            && prog.functions[func as usize].atomic
            && !self.s.threads[self.tid as usize].frames.iter().any(|fr| prog.functions[fr.func as usize].atomic)
        {
            self.atomic_step = false;
        }
    }

    /// Inside an atomic step, an operation that cannot complete now (a lock
    /// held, an empty queue) ends the step there, as everywhere else: the
    /// section never blocks in its middle, and the step taken is exactly the
    /// one a thread parked at that operation would take when it can go on.
    fn completes_now(&mut self, op: Op) -> bool {
        match self.wait_of(op) {
            None => true,
            Some(w) => wait_status(self.s, self.tid, &w).0,
        }
    }

    fn is_backward_jump(&self, op: Op) -> bool {
        let pc = self.s.threads[self.tid as usize].frames.last().map_or(0, |f| f.pc);
        matches!(op, Op::Jump(t) | Op::JumpIfFalse(t) | Op::JumpIfTrue(t) if t <= pc)
    }

    /// Has the whole state been exactly this at an earlier backward jump of
    /// this step? (Local code can change non-shared globals and attributes,
    /// so the frame alone is not enough.)
    ///
    /// Only every `SPIN_CHECK_EVERY`-th backward jump is hashed: a loop whose
    /// states repeat every p jumps also repeats at jump counts that are
    /// multiples of it, so it is still found, at a fraction of the cost.
    fn local_state_repeats(&mut self) -> bool {
        self.backward_jumps += 1;
        if self.backward_jumps % SPIN_CHECK_EVERY != 0 {
            return false;
        }
        let fp = crate::explore::fingerprint(&*self.s);
        !self.seen_frames.insert(fp)
    }

    fn park(&mut self, op: Op) {
        let wait = self.wait_of(op);
        self.thread().wait = wait;
        if self.vm.dead_vars {
            self.clear_dead_locals();
        }
    }

    /// Dead-variable reduction: reset the locals of the parked thread's
    /// frames that will not be read again (`ir/liveness.rs`) to `Unbound`.
    /// The top frame resumes at its pc; a lower frame at its return point,
    /// where an exception from the callee may also reach its handler, so the
    /// call op's own live set (`pc - 1`) is used.
    fn clear_dead_locals(&mut self) {
        let vm = self.vm;
        let t = self.s.thread_mut(self.tid);
        let top = t.frames.len().saturating_sub(1);
        let mut freed = false;
        for (i, fr) in t.frames.iter_mut().enumerate() {
            let pc = if i == top { fr.pc } else { fr.pc.saturating_sub(1) };
            for (var, v) in fr.locals.iter_mut().enumerate() {
                if *v != Value::Unbound && !vm.liveness.is_live(fr.func, pc, var as u32) {
                    freed |= v.has_refs();
                    *v = Value::Unbound;
                }
            }
        }
        if freed {
            self.s.dirty_heap = true;
        }
    }

    /// Raise `exc` from the current operation and find its handler.
    fn unwind(&mut self, exc: Value) {
        if self.raised.as_ref() != Some(&exc) {
            // Raised in library code: name the model's calling line.
            self.raise_span = self.model_span();
            self.raised = Some(exc.clone());
        }
        let is_stop_iteration = matches!(exc, Value::Ref(o) if matches!(&self.s.heap[o as usize],
            Object::Instance(i) if matches!(&i.native, super::object::Native::Exception(e) if e.class == crate::ir::ExcClass::StopIteration)));
        loop {
            let t = self.s.thread_mut(self.tid);
            let Some(fr) = t.frames.last_mut() else { break };
            if let Some(b) = fr.blocks.pop() {
                fr.stack.truncate(b.depth as usize);
                fr.stack.push(exc.clone());
                fr.handling.push(exc);
                fr.pc = b.handler;
                return;
            }
            let popped = t.frames.pop().map(|f| (f.kind, f.func));
            if let Some((_, func)) = popped {
                self.note_frame_left(func);
            }
            let popped = popped.map(|(kind, _)| kind);
            let t = self.s.thread_mut(self.tid);
            if let (Some(FrameKind::ForNext(exit)), Some(caller)) = (popped, t.frames.last_mut()) {
                if is_stop_iteration {
                    // The iterator is exhausted: the loop ends, as CPython's FOR_ITER.
                    caller.stack.pop();
                    caller.pc = exit;
                    self.raised = None;
                    return;
                }
            }
        }
        // Uncaught: the thread ends. `SystemExit` ends it quietly.
        let (class, message) = super::exception::describe(self.vm, self.s, &exc);
        // A process's exit code: `sys.exit(n)`'s n, 1 for an exception.
        let exitcode = match (class.as_str(), &exc) {
            ("SystemExit", Value::Ref(o)) => match &self.s.heap[*o as usize] {
                Object::Instance(super::object::Instance { native: super::object::Native::Exception(d), .. }) => match d.args.first() {
                    None | Some(Value::None) => 0,
                    Some(Value::Int(n)) => *n,
                    Some(Value::Bool(b)) => *b as i64,
                    Some(_) => 1,
                },
                _ => 0,
            },
            _ => 1,
        };
        if class != "SystemExit" {
            self.record(|| Effect::Raise { exception: if message.is_empty() { class.clone() } else { format!("{class}: {message}") } });
            self.notes.uncaught = Some(Box::new(super::Uncaught {
                tid: self.tid,
                is_assertion: class == "AssertionError",
                class,
                message,
                span: self.raise_span,
            }));
        }
        self.end_thread(exitcode);
    }

    pub fn end_thread(&mut self, exitcode: i64) {
        self.notes.touched.end = true;
        let tid = self.tid;
        self.note_thread_end(tid, exitcode);
        let t = self.s.thread_mut(tid);
        t.status = Status::Done;
        t.frames.clear();
        t.wait = None;
        t.reads.clear();
        // A child process's main thread ending is the process exiting: its
        // own copies of locks go with it; only shared ones can leak.
        let process = self.s.threads[tid as usize].process;
        let exits_process = process != 0 && self.s.processes[process as usize].main == tid;
        for (i, obj) in self.s.heap.iter().enumerate() {
            let held = match obj {
                Object::Lock(l) => l.locked && l.holder == Some(tid),
                Object::RLock(r) => r.owner == Some(tid),
                _ => false,
            };
            if held && (!exits_process || self.s.is_process_shared(i as ObjId)) {
                self.notes.leaked_locks.push(i as ObjId);
            }
        }
        if R::ON {
            self.rec.record(TraceEvent { tid, span: self.raise_span, effect: Effect::End });
        }
    }

    /// The built-in a visible call calls: `f(...)` or `module.f(...)`.
    fn visible_builtin(&self, op: Op) -> Option<Builtin> {
        let stack = &self.s.threads[self.tid as usize].frames.last().unwrap().stack;
        let from_top = |n: usize| &stack[stack.len() - 1 - n];
        match op {
            Op::Call { argc, kw } => match from_top(argc as usize + self.kw_len(kw)) {
                Value::Builtin(b) => Some(*b),
                _ => None,
            },
            Op::CallMethod { name, argc, kw } => match from_top(argc as usize + self.kw_len(kw)) {
                Value::Module(m) => m.member(self.vm.program.name(name)),
                _ => None,
            },
            _ => None,
        }
    }

    /// In a step that began at a dead clock's read: a further read runs on,
    /// and so does the `print` that writes what was read, which ends it.
    fn clock_step_runs_on(&mut self, op: Op) -> bool {
        if !self.clock_step {
            return false;
        }
        match self.visible_builtin(op) {
            Some(Builtin::Time | Builtin::Ctime) => true,
            Some(Builtin::Print) => {
                self.clock_step = false;
                true
            }
            _ => {
                self.clock_step = false;
                false
            }
        }
    }

    /// Is this operation a visible step for the thread about to run it?
    fn is_visible(&self, op: Op) -> bool {
        let prog = &self.vm.program;
        let fr = self.s.threads[self.tid as usize].frames.last().unwrap();
        let stack = &fr.stack;
        let from_top = |n: usize| &stack[stack.len() - 1 - n];
        // A heap object only this thread can reach cannot be raced on.
        let is_heap_obj = |v: &Value| matches!(v, Value::Ref(o) if self.s.others_can_reach(self.tid, *o));
        match op {
            Op::LoadGlobal(g) | Op::StoreGlobal(g) => prog.globals[g as usize].shared,
            Op::LoadCell(i) | Op::StoreCell(i) | Op::DeleteCell(i) => prog.functions[fr.func as usize].cells[i as usize].shared,
            // A property's getter or setter is a call: its own steps are
            // visible, the access is not.
            Op::LoadAttr(name) | Op::StoreAttr(name) if self.user_property(from_top(0), name).is_some() => false,
            Op::LoadAttr(name) => {
                (prog.attr_is_shared(name) && self.is_user_instance(from_top(0)))
                    || self.is_shared_class_attr(from_top(0), name)
                    // A process's exit code: it changes when the child ends.
                    || (prog.process_class.is_some() && prog.name(name) == "exitcode" && self.is_user_instance(from_top(0)))
            }
            Op::StoreAttr(name) => {
                (prog.attr_is_shared(name) && self.is_user_instance(from_top(0))) || self.is_shared_class_attr(from_top(0), name)
            }
            // A user object's `__getitem__`/`__setitem__` is a call: its own
            // steps are visible, the call is not.
            Op::LoadSubscript | Op::DeleteSubscript | Op::StoreSubscript => {
                is_heap_obj(from_top(1)) && !self.is_user_instance(from_top(1))
            }
            // A user class's `__contains__` or iterator is a call: its own
            // steps are visible.
            Op::Compare(CmpOp::In | CmpOp::NotIn)
                if self.user_method(from_top(0), "__contains__").is_some() || self.user_iterable(from_top(0)) =>
            {
                false
            }
            Op::Compare(CmpOp::In | CmpOp::NotIn) => is_heap_obj(from_top(0)) || self.is_shared_container(from_top(1)),
            Op::ForIter(_) => {
                matches!(from_top(0), Value::Iter(it) if matches!(**it, Iter::List { obj, .. } | Iter::Set { obj, .. } if self.s.others_can_reach(self.tid, obj)))
            }
            Op::Call { argc, kw } => {
                let n = argc as usize + self.kw_len(kw);
                match from_top(n) {
                    Value::Builtin(b) => {
                        b.is_visible_call() || (0..n).any(|i| self.is_shared_container(from_top(i)))
                    }
                    Value::Method(m) => self.is_visible_method(&m.0, m.1) || self.reads_shared_container(&m.0, n, from_top),
                    _ => false,
                }
            }
            Op::CallMethod { name, argc, kw } => {
                let n = argc as usize + self.kw_len(kw);
                self.is_visible_method(from_top(n), name) || self.reads_shared_container(from_top(n), n, from_top)
            }
            // `f(*args, **kwargs)`: as the call it makes.
            Op::CallEx { method } => match (method, from_top(2)) {
                (Some(name), recv) => self.is_visible_method(recv, name),
                (None, Value::Method(m)) => self.is_visible_method(&m.0, m.1),
                (None, Value::Builtin(b)) => b.is_visible_call(),
                _ => false,
            },
            // `list += ...` extends the list in place: a container write.
            Op::Inplace(crate::ir::BinOp::Add) => is_heap_obj(from_top(1)) || self.is_shared_container(from_top(0)),
            // A set operator reads (`s | t`, `s <= t`) or changes (`s |= t`)
            // a shared set in one step.
            Op::Binary(_) | Op::Inplace(_) | Op::Compare(_) => {
                self.is_shared_set(from_top(0)) || self.is_shared_set(from_top(1))
            }
            Op::WithEnter => self.is_sync(from_top(0)),
            Op::WithExit => self.is_sync(from_top(1)),
            _ => false,
        }
    }

    fn kw_len(&self, kw: u32) -> usize {
        if kw == NO_KW { 0 } else { self.vm.program.kwnames[kw as usize].len() }
    }

    /// `Class.attr` (or `obj.attr` falling back to it) where the class
    /// attribute is a shared global.
    fn is_shared_class_attr(&self, v: &Value, name: NameId) -> bool {
        let prog = &self.vm.program;
        let class = match v {
            Value::Class(c) => *c,
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::Instance(super::object::Instance { class: super::object::ClassRef::User(c), attrs, .. }) => {
                    if attrs.iter().any(|(n, _)| *n == name) {
                        return false;
                    }
                    *c
                }
                _ => return false,
            },
            _ => return false,
        };
        prog.class_attr(class, name).is_some_and(|g| prog.globals[g as usize].shared)
    }

    fn is_user_instance(&self, v: &Value) -> bool {
        matches!(v, Value::Ref(o) if matches!(&self.s.heap[*o as usize], Object::Instance(_)))
    }

    /// A list, dict or set another thread can reach.
    fn is_shared_container(&self, v: &Value) -> bool {
        matches!(v, Value::Ref(o) if matches!(&self.s.heap[*o as usize], Object::List(_) | Object::Dict(_) | Object::Set(_))
            && self.s.others_can_reach(self.tid, *o))
    }

    /// A set another thread can reach.
    fn is_shared_set(&self, v: &Value) -> bool {
        matches!(v, Value::Ref(o) if matches!(&self.s.heap[*o as usize], Object::Set(_))) && self.is_shared_container(v)
    }

    fn is_sync(&self, v: &Value) -> bool {
        matches!(v, Value::Ref(o) if self.s.heap[*o as usize].is_sync())
    }

    /// A method of a list or dict only this thread can reach, called with a
    /// list or dict another thread can reach (`mine.extend(theirs)`).
    fn reads_shared_container<'v>(&self, recv: &Value, n: usize, from_top: impl Fn(usize) -> &'v Value) -> bool {
        matches!(recv, Value::Ref(o) if matches!(&self.s.heap[*o as usize], Object::List(_) | Object::Dict(_) | Object::Set(_)))
            && (0..n).any(|i| self.is_shared_container(from_top(i)))
    }

    fn is_visible_method(&self, recv: &Value, name: NameId) -> bool {
        if let Value::Module(m) = recv {
            // `time.sleep(...)`, `threading.enumerate()`: as the built-in.
            return m.member(self.vm.program.name(name)).is_some_and(|b| b.is_visible_call());
        }
        let Value::Ref(o) = recv else { return false };
        match &self.s.heap[*o as usize] {
            Object::Instance(inst) => {
                let n = self.vm.program.name(name);
                if let super::object::ClassRef::User(c) = inst.class {
                    if self.vm.program.class_method(c, name).is_some() {
                        return false;
                    }
                }
                matches!(inst.native, super::object::Native::Thread(_))
                    && matches!(n, "start" | "join" | "is_alive" | "isAlive" | "terminate" | "kill")
            }
            Object::List(_) | Object::Dict(_) | Object::Set(_) => self.s.others_can_reach(self.tid, *o),
            _ => true,
        }
    }

    /// What the operation the thread parks at waits for, if it can block.
    fn wait_of(&mut self, op: Op) -> Option<Wait> {
        let vm = self.vm;
        let fr = self.s.threads[self.tid as usize].frames.last().unwrap();
        let from_top = |i: usize| &fr.stack[fr.stack.len() - 1 - i];
        // The receiver, the method and where its arguments are: a method
        // call, a bound method called (`acquire = lock.acquire; acquire()`),
        // a call with `*args`/`**kwargs`, or `with`.
        let (recv, name, args_at) = match op {
            Op::CallMethod { name, argc, kw } => (from_top(argc as usize + self.kw_len(kw)), name, Some((argc, kw))),
            Op::Call { argc, kw } => match from_top(argc as usize + self.kw_len(kw)) {
                Value::Method(m) => (&m.0, m.1, Some((argc, kw))),
                _ => return None,
            },
            Op::CallEx { method: Some(name) } => (from_top(2), name, None),
            Op::CallEx { method: None } => match from_top(2) {
                Value::Method(m) => (&m.0, m.1, None),
                _ => return None,
            },
            Op::WithEnter => (from_top(0), vm.program.name_id("__enter__")?, Some((0, NO_KW))),
            _ => return None,
        };
        let name = vm.program.name(name);
        let &Value::Ref(obj) = recv else { return None };
        // Only synchronisation objects and threads can block: skip the rest
        // (list and dict methods park here too) before copying arguments.
        let can_block = match &self.s.heap[obj as usize] {
            Object::Instance(inst) => matches!(inst.native, super::object::Native::Thread(_)) && name == "join",
            o => o.is_sync(),
        };
        if !can_block {
            return None;
        }
        let args = match args_at {
            Some((argc, kw)) => self.peek_args(argc, kw),
            None => self.peek_ex_args()?,
        };
        let tid = self.tid;
        match &self.s.heap[obj as usize] {
            Object::Lock(_) | Object::RLock(_) | Object::Semaphore(_) if name == "acquire" || name == "__enter__" => {
                let (blocking, timeout) = args.blocking_timeout(self.vm, 0, "blocking", 1, "timeout");
                if !blocking {
                    return None;
                }
                Some(match &self.s.heap[obj as usize] {
                    Object::Lock(_) => Wait::Lock { lock: obj, timeout },
                    Object::RLock(_) => Wait::RLock { lock: obj, timeout },
                    _ => Wait::Semaphore { sem: obj, timeout },
                })
            }
            Object::Condition(c) if name == "acquire" || name == "__enter__" => {
                let lock = c.lock;
                let (blocking, timeout) = args.blocking_timeout(self.vm, 0, "blocking", 1, "timeout");
                if !blocking {
                    return None;
                }
                Some(match &self.s.heap[lock as usize] {
                    Object::Lock(_) => Wait::Lock { lock, timeout },
                    _ => Wait::RLock { lock, timeout },
                })
            }
            Object::Condition(c) if name == "wait" && self.s.threads[tid as usize].in_wait => {
                let timeout = args.timeout(self.vm, 0, "timeout");
                Some(Wait::Cond { cond: obj, lock: c.lock, timeout })
            }
            Object::Event(_) if name == "wait" => {
                let timeout = args.timeout(self.vm, 0, "timeout");
                if self.s.threads[tid as usize].in_wait {
                    Some(Wait::EventSignal { event: obj, timeout })
                } else {
                    None
                }
            }
            Object::Queue(_) if name == "get" => {
                let (blocking, timeout) = args.blocking_timeout(self.vm, 0, "block", 1, "timeout");
                blocking.then_some(Wait::QueueGet { queue: obj, timeout })
            }
            Object::Queue(_) if name == "put" => {
                let (blocking, timeout) = args.blocking_timeout(self.vm, 1, "block", 2, "timeout");
                blocking.then_some(Wait::QueuePut { queue: obj, timeout })
            }
            Object::Queue(_) if name == "join" => Some(Wait::QueueJoin { queue: obj }),
            Object::Instance(inst) if name == "join" => match &inst.native {
                super::object::Native::Thread(h) => {
                    let thread = h.tid.filter(|&t| t != tid)?;
                    let timeout = args.timeout(self.vm, 0, "timeout");
                    Some(Wait::Join { thread, timeout })
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn peek_args(&self, argc: u16, kw: u32) -> Args {
        let nkw = self.kw_len(kw);
        let fr = self.s.threads[self.tid as usize].frames.last().unwrap();
        let end = fr.stack.len();
        let start = end - argc as usize - nkw;
        let pos = fr.stack[start..start + argc as usize].to_vec();
        let kwv = if kw == NO_KW {
            Vec::new()
        } else {
            self.vm.program.kwnames[kw as usize]
                .iter()
                .copied()
                .zip(fr.stack[start + argc as usize..end].iter().cloned())
                .collect()
        };
        Args { pos, kw: kwv }
    }

    /// The arguments of a parked `f(*args, **kwargs)` (`Op::CallEx`): the
    /// list and dict the call built, on top of the stack. `None` if a
    /// keyword is no name the program has (the call will raise).
    fn peek_ex_args(&self) -> Option<Args> {
        let fr = self.s.threads[self.tid as usize].frames.last().unwrap();
        let [list, kwargs] = &fr.stack[fr.stack.len() - 2..] else { return None };
        let (Value::Ref(l), Value::Ref(d)) = (list, kwargs) else { return None };
        let (Object::List(pos), Object::Dict(kw)) = (&self.s.heap[*l as usize], &self.s.heap[*d as usize]) else { return None };
        let kw = kw.iter().map(|(k, v)| match k {
            Value::Str(k) => self.vm.program.name_id(k).map(|n| (n, v.clone())),
            _ => None,
        });
        Some(Args { pos: pos.clone(), kw: kw.collect::<Option<_>>()? })
    }

    /// `**x` into the dict below the top (a call's keywords, a display).
    fn exec_dict_merge(&mut self) -> Exec<Flow> {
        let src = self.pop();
        let pairs: Vec<(Value, Value)> = match &src {
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::Dict(d) => d.clone(),
                _ => return Err(self.type_error("argument after ** must be a mapping".into())),
            },
            _ => return Err(self.type_error("argument after ** must be a mapping".into())),
        };
        if let Value::Ref(o) = self.top().clone() {
            let mut entries = match &mut self.s.heap[o as usize] {
                Object::Dict(d) => std::mem::take(d),
                _ => vec![],
            };
            let mut r = Ok(());
            for (k, v) in pairs {
                r = super::ops::dict_set(self, &mut entries, k, v);
                if r.is_err() {
                    break;
                }
            }
            if let Object::Dict(d) = &mut self.s.heap[o as usize] {
                *d = entries;
            }
            r?;
        }
        Ok(Flow::Next)
    }

    /// Arguments from a list and a dict of keywords (`f(*a, **k)`).
    fn args_from(&mut self, list: &Value, kwargs: &Value) -> Exec<Args> {
        let pos = self.iterate_all(list)?;
        let mut kw = Vec::new();
        if let Value::Ref(o) = kwargs {
            if let Object::Dict(d) = &self.s.heap[*o as usize] {
                for (k, v) in d.clone() {
                    let Value::Str(k) = k else { return Err(self.type_error("keywords must be strings".into())) };
                    match self.vm.program.name_id(&k) {
                        Some(n) => kw.push((n, v)),
                        None => return Err(self.type_error(format!("got an unexpected keyword argument '{k}'"))),
                    }
                }
            }
        }
        Ok(Args { pos, kw })
    }

    /// Pop a call's arguments.
    pub fn pop_args(&mut self, argc: u16, kw: u32) -> Args {
        let args = self.peek_args(argc, kw);
        let n = argc as usize + args.kw.len();
        let fr = self.frame();
        let len = fr.stack.len();
        fr.stack.truncate(len - n);
        args
    }

    fn unbound_local(&mut self, i: u32) -> Fault {
        let fr = self.s.threads[self.tid as usize].frames.last().unwrap();
        let f = &self.vm.program.functions[fr.func as usize];
        let name = self.vm.program.name(f.local_names[i as usize]).to_string();
        self.exc(
            crate::ir::ExcClass::UnboundLocalError,
            format!("cannot access local variable '{name}' where it is not associated with a value"),
        )
    }

    /// What a tally's slot holds for a value stored into it: lowering only
    /// makes a tally of a variable whose every store is an integer.
    fn tally(&self, v: Value) -> Value {
        match v {
            Value::Int(n) => Value::Tally(super::value::Tally { n, distinguishes: !self.vm.dead_vars }),
            v => v,
        }
    }

    /// A scalar kept as printed text only (`Op::ToText`); anything else as
    /// it is (an object's `str` may be the model's own code).
    fn text(&self, v: Value) -> Value {
        match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) => {
                Value::Text(std::sync::Arc::new(super::value::Text { n: v, distinguishes: !self.vm.dead_vars }))
            }
            v => v,
        }
    }

    fn exec(&mut self, op: Op) -> Exec<Flow> {
        match op {
            Op::Const(k) => {
                let v = self.vm.const_value(k).clone();
                self.push(v)
            }
            Op::LoadLocal(i) => {
                let v = self.frame().locals[i as usize].clone();
                if v == Value::Unbound {
                    return Err(self.unbound_local(i));
                }
                self.push(v)
            }
            Op::StoreLocal(i) => {
                let v = self.pop();
                self.frame().locals[i as usize] = v;
            }
            Op::LoadLocalTally(i) => match untally(&self.frame().locals[i as usize]) {
                Value::Unbound => return Err(self.unbound_local(i)),
                v => self.push(v),
            },
            Op::StoreLocalTally(i) => {
                let v = self.pop();
                let v = self.tally(v);
                self.frame().locals[i as usize] = v;
            }
            Op::LoadGlobalTally(g) => match untally(self.s.global(self.tid, g)) {
                Value::Unbound => {
                    let name = self.vm.program.global_name(g).to_string();
                    return Err(self.exc(crate::ir::ExcClass::NameError, format!("name '{name}' is not defined")));
                }
                v => self.push(v),
            },
            Op::StoreGlobalTally(g) => {
                let v = self.pop();
                let v = self.tally(v);
                *self.s.global_mut(self.tid, g) = v;
            }
            Op::ToText => {
                let v = self.pop();
                let v = self.text(v);
                self.push(v)
            }
            Op::FromText => {
                if let Some(Value::Text(t)) = self.frame().stack.last() {
                    let v = t.n.clone();
                    *self.frame().stack.last_mut().unwrap() = v;
                }
            }
            Op::TextMark => {}
            Op::LoadLocalText(i) => match &self.frame().locals[i as usize] {
                Value::Unbound => return Err(self.unbound_local(i)),
                Value::Text(t) => {
                    let v = t.n.clone();
                    self.push(v)
                }
                v => {
                    let v = v.clone();
                    self.push(v)
                }
            },
            Op::StoreLocalText(i) => {
                let v = self.pop();
                let v = self.text(v);
                self.frame().locals[i as usize] = v;
            }
            Op::DeleteLocal(i) => self.frame().locals[i as usize] = Value::Unbound,
            Op::LoadCell(i) => {
                let v = self.load_cell(i)?;
                self.push(v)
            }
            Op::StoreCell(i) => {
                let v = self.pop();
                self.store_cell(i, v);
            }
            Op::DeleteCell(i) => {
                self.load_cell(i)?;
                self.store_cell(i, Value::Unbound);
            }
            Op::LoadCellRef(i) => {
                let c = self.frame().cells[i as usize].clone();
                self.push(c)
            }
            Op::SetClassCells(c) => {
                let cells = self.pop();
                let prog = &self.vm.program;
                let g = prog.classes[c as usize].cells.expect("a class with cells");
                if *self.s.global(self.tid, g) != Value::Unbound {
                    let name = prog.classes[c as usize].name.clone();
                    return Err(self.fatal(format!(
                        "the class `{name}` is made a second time: a class defined in a function, whose methods use that function's variables, is supported only when the function runs its `class` statement once"
                    )));
                }
                *self.s.global_mut(self.tid, g) = cells;
            }
            Op::NewCell(i) => {
                let fr = self.s.threads[self.tid as usize].frames.last().unwrap();
                let name = self.vm.program.functions[fr.func as usize].cells[i as usize].name;
                let c = Value::Ref(self.s.alloc(Object::Cell { name, value: Value::Unbound }));
                // The module's frame starts without cells.
                let cells = &mut self.frame().cells;
                if cells.len() <= i as usize {
                    cells.resize(i as usize + 1, Value::Unbound);
                }
                cells[i as usize] = c;
            }
            Op::LoadGlobal(g) => {
                let v = self.s.global(self.tid, g).clone();
                if v == Value::Unbound {
                    let name = self.vm.program.global_name(g).to_string();
                    return Err(self.exc(crate::ir::ExcClass::NameError, format!("name '{name}' is not defined")));
                }
                if self.vm.program.globals[g as usize].shared {
                    self.notes.touched.global_reads.push(g);
                    self.note_read(super::state::Loc::Global(g));
                    if R::ON {
                        let var = self.vm.program.global_name(g).to_string();
                        let value = self.vm.repr(self.s, &v);
                        self.record(|| Effect::Read { var, value });
                    }
                }
                self.push(v)
            }
            Op::StoreGlobal(g) => {
                let v = self.pop();
                if self.vm.program.globals[g as usize].shared {
                    self.notes.touched.global_writes.push(g);
                    self.note_write(super::state::Loc::Global(g));
                    if R::ON {
                        let var = self.vm.program.global_name(g).to_string();
                        let value = self.vm.repr(self.s, &v);
                        self.record(|| Effect::Write { var, value });
                    }
                }
                *self.s.global_mut(self.tid, g) = v;
            }
            Op::LoadBuiltin(b) => self.push(Value::Builtin(b)),
            Op::LoadAttr(name) => {
                let obj = self.pop();
                // A property's getter is a call: its own steps are visible.
                if let Some(p) = self.user_property(&obj, name) {
                    return self.call_function(p.get, Some(obj), Args::default(), FrameKind::Normal);
                }
                let mut v = self.load_attr(&obj, name)?;
                if let Value::Ref(o) = obj {
                    v = self.through_manager(o, v)?;
                }
                self.push(v)
            }
            Op::StoreAttr(name) => {
                let obj = self.pop();
                let v = self.pop();
                if let Some(p) = self.user_property(&obj, name) {
                    let Some(set) = p.set else {
                        let cname = super::builtins::type_name(self.vm, self.s, &obj);
                        let aname = self.vm.program.name(name);
                        return Err(self.exc(crate::ir::ExcClass::AttributeError, format!("property '{aname}' of '{cname}' object has no setter")));
                    };
                    return self.call_function(set, Some(obj), Args { pos: vec![v], kw: vec![] }, FrameKind::Discard);
                }
                let v = match obj {
                    Value::Ref(o) => self.through_manager(o, v)?,
                    _ => v,
                };
                self.store_attr(&obj, name, v)?;
            }
            Op::LoadSubscript => {
                let key = self.pop();
                let obj = self.pop();
                if let Some(f) = self.user_method(&obj, "__getitem__") {
                    return self.call_function(f, Some(obj), Args { pos: vec![key], kw: vec![] }, FrameKind::Normal);
                }
                let mut v = self.subscript(&obj, &key)?;
                if let Value::Ref(o) = obj {
                    v = self.through_manager(o, v)?;
                }
                self.push(v)
            }
            Op::StoreSubscript => {
                let key = self.pop();
                let obj = self.pop();
                let v = self.pop();
                if let Some(f) = self.user_method(&obj, "__setitem__") {
                    return self.call_function(f, Some(obj), Args { pos: vec![key, v], kw: vec![] }, FrameKind::Discard);
                }
                let v = match obj {
                    Value::Ref(o) => self.through_manager(o, v)?,
                    _ => v,
                };
                self.store_subscript(&obj, key, v)?;
            }
            Op::DeleteSubscript => {
                let key = self.pop();
                let obj = self.pop();
                self.delete_subscript(&obj, &key)?;
            }
            Op::BuildSlice(n) => {
                let step = if n == 3 { self.pop() } else { Value::None };
                let stop = self.pop();
                let start = self.pop();
                self.push(Value::tuple(vec![Value::Str("slice".into()), start, stop, step]));
            }
            Op::Call { argc, kw } => {
                let args = self.pop_args(argc, kw);
                let callee = self.pop();
                return self.call_value(callee, args);
            }
            Op::CallMethod { name, argc, kw } => {
                let args = self.pop_args(argc, kw);
                let recv = self.pop();
                return self.call_method(recv, name, args);
            }
            Op::CallEx { method } => {
                let kwargs = self.pop();
                let list = self.pop();
                let callee = self.pop();
                let args = self.args_from(&list, &kwargs)?;
                return match method {
                    Some(name) => self.call_method(callee, name, args),
                    None => self.call_value(callee, args),
                };
            }
            Op::ListExtend => {
                let items = self.pop();
                if self.user_iterable(&items) {
                    // `f(*it)`, `[*it]`: the helper makes a tuple of the
                    // iterator's items; this operation then runs again on it.
                    return self.again_on_tuple("_ilv_call_over_sized_iter", items);
                }
                let iterable = match &items {
                    Value::Ref(o) => matches!(self.s.heap[*o as usize], Object::List(_) | Object::Dict(_) | Object::Set(_)),
                    v => matches!(v, Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Iter(_) | Value::FrozenSet(_)),
                };
                if !iterable {
                    // CPython's LIST_EXTEND message.
                    let t = super::builtins::type_name(self.vm, self.s, &items);
                    return Err(self.type_error(format!("Value after * must be an iterable, not {t}")));
                }
                let items = self.iterate_all(&items)?;
                if let Value::Ref(o) = self.top().clone() {
                    if let Object::List(l) = &mut self.s.heap[o as usize] {
                        l.extend(items);
                    }
                }
            }
            Op::SetUpdate => {
                let items = self.pop();
                if self.user_iterable(&items) {
                    // As `ListExtend`: a tuple of the items, then again.
                    return self.again_on_tuple("_ilv_call_over_iter", items);
                }
                let Value::Ref(o) = self.top().clone() else { return Err(self.fatal("internal error: {*x} without a set")) };
                self.container_method(o, "update", Args { pos: vec![items], kw: vec![] })?;
            }
            Op::ListToTuple => {
                let list = self.pop();
                let items = self.iterate_all(&list)?;
                self.push(Value::tuple(items))
            }
            Op::DictUpdate => {
                let src = self.top().clone();
                let is_dict = matches!(&src, Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::Dict(_)));
                if !is_dict {
                    let t = super::builtins::type_name(self.vm, self.s, &src);
                    if self.is_user_instance(&src) {
                        return Err(self.fatal(format!("`**` of a '{t}' object (a user mapping) is not supported")));
                    }
                    return Err(self.type_error(format!("'{t}' object is not a mapping")));
                }
                return self.exec_dict_merge();
            }
            Op::DictMerge => return self.exec_dict_merge(),
            Op::Binary(b) => {
                let r = self.pop();
                let l = self.pop();
                let v = self.binary(b, &l, &r)?;
                self.push(v)
            }
            Op::Inplace(b) => {
                let r = self.pop();
                let l = self.pop();
                let v = self.inplace(b, l, &r)?;
                self.push(v)
            }
            Op::Unary(u) => {
                let v = self.pop();
                let r = self.unary(u, &v)?;
                self.push(r)
            }
            Op::Compare(c) => {
                let r = self.pop();
                let l = self.pop();
                if matches!(c, CmpOp::In | CmpOp::NotIn) {
                    // `x in obj`: the class's `__contains__`, else its iterator.
                    let negate = Value::Bool(c == CmpOp::NotIn);
                    if self.user_method(&r, "__contains__").is_some() {
                        return self.call_helper("_ilv_contains_method", vec![r, l, negate], vec![]);
                    }
                    if self.user_iterable(&r) {
                        return self.call_helper("_ilv_contains_iter", vec![r, l, negate], vec![]);
                    }
                }
                let v = self.compare(c, &l, &r)?;
                self.push(Value::Bool(v))
            }
            Op::Jump(t) => self.frame().pc = t,
            Op::JumpIfFalse(t) => {
                let v = self.pop();
                if !self.truthy(&v)? {
                    self.frame().pc = t
                }
            }
            Op::JumpIfTrue(t) => {
                let v = self.pop();
                if self.truthy(&v)? {
                    self.frame().pc = t
                }
            }
            Op::JumpIfFalseOrPop(t) => {
                let v = self.top().clone();
                if !self.truthy(&v)? {
                    self.frame().pc = t
                } else {
                    self.pop();
                }
            }
            Op::JumpIfTrueOrPop(t) => {
                let v = self.top().clone();
                if self.truthy(&v)? {
                    self.frame().pc = t
                } else {
                    self.pop();
                }
            }
            Op::Pop => {
                self.pop();
            }
            Op::Dup => {
                let v = self.top().clone();
                self.push(v)
            }
            Op::Rot2 => {
                let st = &mut self.frame().stack;
                let n = st.len();
                st.swap(n - 1, n - 2);
            }
            Op::Rot3 => {
                let v = self.pop();
                let st = &mut self.frame().stack;
                let n = st.len();
                st.insert(n - 2, v);
            }
            Op::BuildList(n) => {
                let items = self.pop_n(n as usize);
                let o = self.s.alloc(Object::List(items));
                self.push(Value::Ref(o))
            }
            Op::BuildTuple(n) => {
                let items = self.pop_n(n as usize);
                self.push(Value::tuple(items))
            }
            Op::BuildDict(n) => {
                let items = self.pop_n(2 * n as usize);
                let mut entries: Vec<(Value, Value)> = Vec::new();
                for kv in items.chunks(2) {
                    super::ops::dict_set(self, &mut entries, kv[0].clone(), kv[1].clone())?;
                }
                let o = self.s.alloc(Object::Dict(entries));
                self.push(Value::Ref(o))
            }
            Op::BuildSet(n) | Op::BuildConstSet(n) => {
                let items = self.pop_n(n as usize);
                let mut set = super::set::PySet::new();
                for x in items {
                    let x = self.set_element(x)?;
                    set.add(x);
                }
                if matches!(op, Op::BuildConstSet(_)) {
                    // The compiler's frozenset, rebuilt from its own order when
                    // the code object's constants are merged, then merged
                    // into a new set (`SET_UPDATE`).
                    let mut constant = super::set::PySet::new();
                    set.keys().for_each(|k| constant.add(k.clone()));
                    set = constant.copy();
                }
                let v = self.alloc_set(set);
                self.push(v)
            }
            Op::SetAdd(depth) => {
                let v = self.pop();
                let v = self.set_element(v)?;
                let fr = self.frame();
                let target = fr.stack[fr.stack.len() - depth as usize].clone();
                if let Value::Ref(o) = target {
                    if let Object::Set(set) = &mut self.s.heap[o as usize] {
                        set.add(v);
                    }
                }
            }
            Op::ListAppend(depth) => {
                let v = self.pop();
                let fr = self.frame();
                let target = fr.stack[fr.stack.len() - depth as usize].clone();
                if let Value::Ref(o) = target {
                    if let Object::List(items) = &mut self.s.heap[o as usize] {
                        items.push(v);
                    }
                }
            }
            Op::MapAdd(depth) => {
                let v = self.pop();
                let k = self.pop();
                let fr = self.frame();
                let target = fr.stack[fr.stack.len() - depth as usize].clone();
                if let Value::Ref(o) = target {
                    if let Object::Dict(entries) = &mut self.s.heap[o as usize] {
                        let mut entries = std::mem::take(entries);
                        let set = super::ops::dict_set(self, &mut entries, k, v);
                        self.s.heap[o as usize] = Object::Dict(entries);
                        set?;
                    }
                }
            }
            Op::UnpackSequence(n) => {
                let v = self.pop();
                if self.user_iterable(&v) {
                    // The helper runs the iterator (at most n + 1 `__next__`
                    // calls, as CPython) and returns a tuple; this operation
                    // then runs again on it.
                    self.frame().pc -= 1;
                    return self.call_helper("_ilv_unpack", vec![v, Value::Int(n as i64)], vec![]);
                }
                let items = self.iterate_all(&v)?;
                if items.len() != n as usize {
                    let msg = if items.len() > n as usize {
                        format!("too many values to unpack (expected {n})")
                    } else {
                        format!("not enough values to unpack (expected {n}, got {})", items.len())
                    };
                    return Err(self.exc(crate::ir::ExcClass::ValueError, msg));
                }
                for it in items.into_iter().rev() {
                    self.push(it)
                }
            }
            Op::UnpackEx { before, after } => {
                let v = self.pop();
                if self.user_iterable(&v) {
                    // As `ListExtend`: a tuple of the items, then again.
                    return self.again_on_tuple("_ilv_call_over_iter", v);
                }
                let mut items = self.iterate_all(&v)?;
                let (before, after) = (before as usize, after as usize);
                if items.len() < before + after {
                    let msg = format!("not enough values to unpack (expected at least {}, got {})", before + after, items.len());
                    return Err(self.exc(crate::ir::ExcClass::ValueError, msg));
                }
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(before);
                for it in tail.into_iter().rev() {
                    self.push(it)
                }
                let middle = Value::Ref(self.s.alloc(Object::List(middle)));
                self.push(middle);
                for it in items.into_iter().rev() {
                    self.push(it)
                }
            }
            Op::GetIter => {
                let v = self.pop();
                if let Some(f) = self.user_method(&v, "__iter__") {
                    return self.call_function(f, Some(v), Args::default(), FrameKind::Normal);
                }
                if self.user_method(&v, "__getitem__").is_some() {
                    // The old sequence protocol: CPython's iterator calling
                    // `__getitem__(0)`, `(1)`, ... (a helper class).
                    return self.call_helper("_ilv_SequenceIterator", vec![v], vec![]);
                }
                let it = self.get_iter(v)?;
                self.push(it)
            }
            Op::ForIter(t) => {
                let top = self.top().clone();
                if let Some(f) = self.user_method(&top, "__next__") {
                    // The iterator stays under the value `__next__` returns.
                    return self.call_function(f, Some(top), Args::default(), FrameKind::ForNext(t));
                }
                let next = self.iter_next()?;
                match next {
                    Some(v) => self.push(v),
                    None => {
                        self.pop();
                        self.frame().pc = t;
                    }
                }
            }
            Op::FormatValue { conversion, spec } => {
                let spec = if spec { Some(self.pop()) } else { None };
                let v = self.pop();
                let s = self.format_value(&v, conversion, spec.as_ref())?;
                self.push(Value::Str(s.into()))
            }
            Op::BuildString(n) => {
                let parts = self.pop_n(n as usize);
                let mut out = String::new();
                for p in parts {
                    if let Value::Str(s) = p {
                        out.push_str(&s)
                    }
                }
                self.push(Value::Str(out.into()))
            }
            Op::MakeFunction(f, 0) => self.push(Value::Func(f)),
            Op::MakeFunction(f, n) => {
                let defaults = self.pop_n(n as usize);
                self.push(Value::Closure(Arc::new((f, defaults))))
            }
            Op::MakeClosure { func, defaults, cells } => {
                // Captured values: the defaults, then the cells.
                let captured = self.pop_n(defaults as usize + cells as usize);
                self.push(Value::Closure(Arc::new((func, captured))))
            }
            Op::MakeClass(c) => self.push(Value::Class(c)),
            Op::Import(m) => self.push(Value::Module(m)),
            Op::Return => {
                let v = self.pop();
                self.return_from_frame(v);
            }
            Op::Raise => {
                let v = self.pop();
                let exc = self.make_exception_from(v)?;
                return Err(Fault::Raise(exc));
            }
            Op::Reraise => {
                let v = self.pop();
                self.frame().handling.pop();
                if self.raised.is_none() {
                    // Re-raised in a later step than it was raised (a `with`
                    // whose exit took a step): show where it leaves now.
                    self.raise_span = self.model_span();
                }
                self.raised = Some(v.clone());
                return Err(Fault::Raise(v));
            }
            Op::SetupExcept(h) => {
                let fr = self.frame();
                let depth = fr.stack.len() as u32;
                fr.blocks.push(Block { handler: h, depth });
            }
            Op::PopBlock => {
                self.frame().blocks.pop();
            }
            Op::ExceptionMatch => {
                let class = self.pop();
                let exc = self.pop();
                let m = self.exception_matches(&exc, &class)?;
                self.push(Value::Bool(m))
            }
            Op::PopExcept => {
                self.frame().handling.pop();
            }
            Op::AssertFail => {
                let msg = self.pop();
                let args = if msg == Value::None { vec![] } else { vec![msg] };
                let e = self.new_exception(crate::ir::ExcClass::AssertionError, args);
                return Err(Fault::Raise(e));
            }
            Op::WithEnter => {
                let mgr = self.pop();
                return self.with_enter(mgr);
            }
            Op::WithExit => {
                let exc = self.pop();
                let mgr = self.pop();
                return self.with_exit(mgr, exc);
            }
            Op::Nop => {}
        }
        Ok(Flow::Next)
    }

    pub fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let st = &mut self.frame().stack;
        let at = st.len() - n;
        st.split_off(at)
    }

    /// Return `v` from the current frame to its caller (or end the thread).
    pub fn return_from_frame(&mut self, v: Value) {
        let t = self.s.thread_mut(self.tid);
        let fr = t.frames.pop().expect("frame");
        self.note_frame_left(fr.func);
        let t = self.s.thread_mut(self.tid);
        if t.frames.is_empty() {
            self.end_thread(0);
            return;
        }
        let result = match fr.kind {
            FrameKind::Init(o) => Value::Ref(o),
            FrameKind::Normal | FrameKind::ForNext(_) => v,
            FrameKind::Discard => return,
        };
        self.push(result);
    }

    /// Call a user function: push its frame with the arguments bound.
    pub fn call_function(&mut self, f: FuncId, self_arg: Option<Value>, args: Args, kind: FrameKind) -> Exec<Flow> {
        // A method of a class defined in a function: that function's cells.
        let prog = &self.vm.program;
        if let Some(g) = prog.functions[f as usize].class.and_then(|c| prog.classes[c as usize].cells) {
            let Value::Tuple(cells) = self.s.global(self.tid, g).clone() else {
                // A decorator calling the method it is given, say.
                return Err(self.fatal("a method using variables of the function its class is defined in, called before its class statement finished: not supported"));
            };
            return self.call_function_with(f, &cells, self_arg, args, kind);
        }
        self.call_function_with(f, &[], self_arg, args, kind)
    }

    /// Call a function with the defaults its `def` captured.
    pub fn call_function_with(
        &mut self,
        f: FuncId,
        captured: &[Value],
        self_arg: Option<Value>,
        args: Args,
        kind: FrameKind,
    ) -> Exec<Flow> {
        let vm = self.vm;
        let prog = &*vm.program;
        let func = &prog.functions[f as usize];
        let mut locals = vec![Value::Unbound; func.local_names.len()];
        let mut pos: Vec<Value> = Vec::with_capacity(args.pos.len() + 1);
        pos.extend(self_arg);
        pos.extend(args.pos);
        let nparams = func.params.len();
        if pos.len() > nparams {
            match func.varargs {
                Some(slot) => {
                    let extra = pos.split_off(nparams);
                    locals[slot as usize] = Value::tuple(extra);
                }
                None => {
                    return Err(self.exc(
                        crate::ir::ExcClass::TypeError,
                        {
                            let required = func.params.iter().filter(|p| p.default.is_none()).count();
                            let takes = if required == nparams {
                                format!("{nparams} positional argument{}", if nparams == 1 { "" } else { "s" })
                            } else {
                                format!("from {required} to {nparams} positional arguments")
                            };
                            let given = pos.len();
                            format!("{}() takes {takes} but {given} {} given", func.name, if given == 1 { "was" } else { "were" })
                        },
                    ));
                }
            }
        } else if let Some(slot) = func.varargs {
            locals[slot as usize] = Value::tuple(vec![]);
        }
        let npos = pos.len();
        for (i, v) in pos.into_iter().enumerate() {
            locals[i] = v;
        }
        let mut extra_kw: Vec<(Value, Value)> = Vec::new();
        for (name, v) in args.kw {
            match func.params.iter().position(|p| p.name == name) {
                Some(i) => {
                    if i < npos {
                        return Err(self.exc(
                            crate::ir::ExcClass::TypeError,
                            format!("{}() got multiple values for argument '{}'", func.name, prog.name(name)),
                        ));
                    }
                    locals[i] = v
                }
                None if func.kwargs.is_some() => extra_kw.push((Value::Str(prog.names[name as usize].clone()), v)),
                None => {
                    return Err(self.exc(
                        crate::ir::ExcClass::TypeError,
                        format!("{}() got an unexpected keyword argument '{}'", func.name, prog.name(name)),
                    ));
                }
            }
        }
        if let Some(slot) = func.kwargs {
            let o = self.s.alloc(Object::Dict(extra_kw));
            locals[slot as usize] = Value::Ref(o);
        }
        for (i, p) in func.params.iter().enumerate() {
            if locals[i] == Value::Unbound {
                match p.default {
                    Some(crate::ir::DefaultArg::Global(g)) => locals[i] = self.s.global(self.tid, g).clone(),
                    Some(crate::ir::DefaultArg::Captured(k)) => locals[i] = captured[k as usize].clone(),
                    None => {
                        return Err(self.exc(
                            crate::ir::ExcClass::TypeError,
                            format!("{}() missing 1 required positional argument: '{}'", func.name, prog.name(p.name)),
                        ));
                    }
                }
            }
        }
        // Cells: new ones for captured locals (a captured parameter starts
        // with its argument), the closure's own for free variables.
        let mut cells = Vec::with_capacity(func.cells.len());
        let n_free = func.cells.iter().filter(|c| matches!(c.kind, crate::ir::CellKind::Free(_))).count();
        for c in &func.cells {
            cells.push(match c.kind {
                crate::ir::CellKind::Own => Value::Ref(self.s.alloc(Object::Cell { name: c.name, value: Value::Unbound })),
                crate::ir::CellKind::Param(slot) => {
                    let value = locals[slot as usize].clone();
                    Value::Ref(self.s.alloc(Object::Cell { name: c.name, value }))
                }
                crate::ir::CellKind::Free(k) => captured[captured.len() - n_free + k as usize].clone(),
                // Made by `NewCell` when its comprehension starts.
                crate::ir::CellKind::Comprehension => Value::Unbound,
            });
        }
        let t = self.s.thread_mut(self.tid);
        if t.frames.len() >= super::MAX_DEPTH {
            return Err(self.exc(crate::ir::ExcClass::RecursionError, "maximum recursion depth exceeded".into()));
        }
        t.frames.push(Frame {
            func: f,
            pc: 0,
            locals,
            cells,
            stack: Vec::new(),
            blocks: Vec::new(),
            handling: Vec::new(),
            kind,
        });
        Ok(Flow::Next)
    }

    /// A method the instance's user class defines (`__iter__`, `__next__`,
    /// `__getitem__`, `__setitem__`, `__len__`).
    pub(super) fn user_method(&self, v: &Value, name: &str) -> Option<FuncId> {
        let Value::Ref(o) = v else { return None };
        let Object::Instance(super::object::Instance { class: super::object::ClassRef::User(c), .. }) = &self.s.heap[*o as usize]
        else {
            return None;
        };
        let prog = &self.vm.program;
        prog.class_method(*c, prog.name_id(name)?)
    }

    /// An instance of a user class that is iterable: with `__iter__`, or
    /// with `__getitem__` (the sequence protocol).
    /// The operation being run steps back, and `helper` makes a tuple of
    /// the user iterable's items (calling its methods as model code); the
    /// operation then runs again on that tuple.
    fn again_on_tuple(&mut self, helper: &str, iterable: Value) -> Exec<Flow> {
        self.frame().pc -= 1;
        self.call_helper(helper, vec![Value::Builtin(crate::ir::Builtin::Tuple), iterable], vec![])
    }

    pub(super) fn user_iterable(&self, v: &Value) -> bool {
        self.user_method(v, "__iter__").is_some() || self.user_method(v, "__getitem__").is_some()
    }

    /// The property `name` of the instance's user class.
    pub(super) fn user_property(&self, v: &Value, name: NameId) -> Option<crate::ir::Property> {
        let Value::Ref(o) = v else { return None };
        let Object::Instance(super::object::Instance { class: super::object::ClassRef::User(c), .. }) = &self.s.heap[*o as usize]
        else {
            return None;
        };
        self.vm.program.class_property(*c, name)
    }

    fn get_iter(&mut self, v: Value) -> Exec<Value> {
        let it = match &v {
            Value::Range(r) => Iter::Range { next: r[0], stop: r[1], step: r[2] },
            Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::List(_)) => Iter::List { obj: *o, index: 0 },
            Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::Set(_)) => {
                let Object::Set(set) = &self.s.heap[*o as usize] else { unreachable!() };
                self.check_set_order(set, "iterating over")?;
                Iter::Set { obj: *o, slot: 0, used: set.len() }
            }
            Value::Iter(_) => return Ok(v),
            _ => Iter::Items { items: Arc::from(self.iterate_all(&v)?), index: 0 },
        };
        Ok(Value::Iter(Arc::new(it)))
    }

    fn iter_next(&mut self) -> Exec<Option<Value>> {
        let Value::Iter(it) = self.top().clone() else {
            return Err(self.fatal("internal error: for loop over a non-iterator"));
        };
        let (next, value) = match &*it {
            Iter::Range { next, stop, step } => {
                let more = if *step > 0 { next < stop } else { next > stop };
                if !more {
                    return Ok(None);
                }
                (Iter::Range { next: next + step, stop: *stop, step: *step }, Value::Int(*next))
            }
            Iter::Items { items, index } => match items.get(*index) {
                None => return Ok(None),
                Some(v) => (Iter::Items { items: items.clone(), index: index + 1 }, v.clone()),
            },
            Iter::List { obj, index } => {
                let Object::List(items) = &self.s.heap[*obj as usize] else { return Ok(None) };
                match items.get(*index) {
                    None => return Ok(None),
                    Some(v) => {
                        let v = v.clone();
                        self.notes.touched.container_read = true;
                        if R::ON {
                            let var = format!("{}[{}]", self.vm.object_label(self.s, *obj), index);
                            let value = self.vm.repr(self.s, &v);
                            self.record(|| Effect::Read { var, value });
                        }
                        let (obj, index) = (*obj, *index);
                        (Iter::List { obj, index: index + 1 }, self.through_manager(obj, v)?)
                    }
                }
            }
            Iter::Set { obj, slot, used } => {
                let Object::Set(set) = &self.s.heap[*obj as usize] else { return Ok(None) };
                self.notes.touched.container_read = true;
                if set.len() != *used {
                    // CPython's message; the iterator stays failed.
                    *self.top() = Value::Iter(Arc::new(Iter::Set { obj: *obj, slot: *slot, used: usize::MAX }));
                    return Err(self.exc(crate::ir::ExcClass::RuntimeError, "Set changed size during iteration".into()));
                }
                match set.next_key(*slot) {
                    None => return Ok(None),
                    Some((at, v)) => {
                        let v = v.clone();
                        if R::ON {
                            let var = self.vm.object_label(self.s, *obj);
                            let value = self.vm.repr(self.s, &v);
                            self.record(|| Effect::Read { var, value });
                        }
                        (Iter::Set { obj: *obj, slot: at + 1, used: *used }, v)
                    }
                }
            }
        };
        drop(it);
        // In place when this state alone holds the iterator (a chain's
        // step): no allocation per iteration.
        let Value::Iter(it) = self.top() else { unreachable!("checked above") };
        match Arc::get_mut(it) {
            Some(it) => *it = next,
            None => *it = Arc::new(next),
        }
        Ok(Some(value))
    }
}

/// A call's arguments.
#[derive(Clone, Debug, Default)]
pub(super) struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(NameId, Value)>,
}

impl Args {
    pub fn get(&self, vm: &Vm, index: usize, name: &str) -> Option<&Value> {
        self.pos
            .get(index)
            .or_else(|| self.kw.iter().find(|(n, _)| vm.program.name(*n) == name).map(|(_, v)| v))
    }

    /// Is a timeout given (`None` and negative values mean "wait forever")?
    pub fn timeout(&self, vm: &Vm, index: usize, name: &str) -> bool {
        match self.get(vm, index, name) {
            None | Some(Value::None) => false,
            Some(Value::Int(i)) => *i >= 0,
            Some(Value::Float(f)) => f.0 >= 0.0,
            Some(_) => true,
        }
    }

    /// `(blocking, can time out)` for `acquire(blocking, timeout)` shapes.
    pub fn blocking_timeout(&self, vm: &Vm, bi: usize, bname: &str, ti: usize, tname: &str) -> (bool, bool) {
        let blocking = match self.get(vm, bi, bname) {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(Value::Int(i)) => *i != 0,
            Some(Value::None) => false,
            Some(_) => true,
        };
        (blocking, blocking && self.timeout(vm, ti, tname))
    }

}

/// Run a just-started thread's local code up to its first visible step.
pub(super) fn run_prefix<R: Recorder>(cx: &mut Ctx<'_, R>, tid: Tid) -> Exec<()> {
    let mut sub = Ctx::new(cx.vm, &mut *cx.s, tid, &mut *cx.rec, false);
    sub.visible_done = true;
    sub.run().map_err(Fault::Fatal)?;
    // What the prefix read (`if items:`) is part of the starting step.
    let notes = sub.notes;
    cx.notes.touched.add(&notes.touched);
    if cx.notes.uncaught.is_none() {
        cx.notes.uncaught = notes.uncaught;
    }
    Ok(())
}

/// A tally slot's value as the program sees it: the plain integer.
fn untally(v: &Value) -> Value {
    match v {
        Value::Tally(t) => Value::Int(t.n),
        v => v.clone(),
    }
}
