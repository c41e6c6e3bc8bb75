//! `multiprocessing` processes: fork, per-process globals, pickling copies,
//! `terminate`, `exitcode`, `pid`, `current_process`.
//!
//! A process is a group of model threads with its own copy of the module
//! globals (`State::processes`). `Process.start()` forks as Linux does (the
//! default start method of CPython 3.11 there): the child gets a copy of the
//! parent's globals and of every heap object they reach, and of the process
//! object itself (its target and arguments included) — except the objects
//! every process shares (`State::shared`: multiprocessing's locks, queues,
//! `Value`s, manager proxies), which stay one object. A child's write to a
//! global or to a copied list therefore never reaches its parent, and is
//! never a race with it. Values sent through a multiprocessing queue or pipe
//! are copied the same way (pickling), when they are put.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::{ClassRef, Instance, Native, Object, ThreadHandle, Tid};
use super::state::{Frame, FrameKind, Process, State, Status};
use super::value::{ObjId, Value};
use crate::ir::{Builtin, ExcClass};
use std::sync::Arc;

/// The pid of the main process; process k has `MAIN_PID + k`.
pub const MAIN_PID: i64 = 1000;
/// What `os.getppid()` returns in the main process.
pub const MAIN_PPID: i64 = 999;
/// `os.cpu_count()` / `multiprocessing.cpu_count()` in a model: fixed, so
/// a model's behaviour never depends on the host (and pools stay small).
pub const CPU_COUNT: i64 = 2;

const UNSEEN: u32 = u32::MAX;

/// A pipe end a process holds open: its list of holders (one entry per
/// process) and the queue its peer reads, if it sends.
struct OpenEnd {
    holders: ObjId,
    peer: Option<ObjId>,
}

/// What a pipe end nobody holds any more leaves for its peer (the prelude's
/// `Connection.recv` raises `EOFError` on it).
const PIPE_CLOSED: &str = "\x00interleave: pipe closed\x00";

/// Deep copies of heap objects with one memo, so aliasing is kept (two
/// references to one list stay two references to one copied list).
struct Copier {
    memo: Vec<u32>,
    /// Pickling (a queue or pipe): refuse what pickle refuses.
    pickling: bool,
}

/// Why a value cannot be pickled: CPython's message.
pub struct Unpicklable(pub String);

impl Copier {
    fn new(s: &State, pickling: bool) -> Copier {
        Copier { memo: vec![UNSEEN; s.heap.len()], pickling }
    }

    fn value(&mut self, s: &mut State, v: &Value) -> Result<Value, Unpicklable> {
        if !v.has_refs() {
            return Ok(v.clone());
        }
        let mut roots = Vec::new();
        v.refs(&mut |o| roots.push(o));
        for o in roots {
            self.object(s, o)?;
        }
        let mut out = v.clone();
        let memo = &self.memo;
        out.refs_mut(&mut |o| {
            if memo[*o as usize] != UNSEEN {
                *o = memo[*o as usize];
            }
        });
        Ok(out)
    }

    /// Copy `root` and everything it reaches (shared objects excepted).
    fn object(&mut self, s: &mut State, root: ObjId) -> Result<(), Unpicklable> {
        let mut work = vec![root];
        let mut copies: Vec<ObjId> = Vec::new();
        while let Some(o) = work.pop() {
            if (o as usize) < self.memo.len() && (self.memo[o as usize] != UNSEEN || s.is_process_shared(o)) {
                continue;
            }
            if o as usize >= self.memo.len() {
                continue; // a copy made by this copier
            }
            let mut obj = s.heap[o as usize].clone();
            if self.pickling {
                if let Some(why) = unpicklable(&obj) {
                    return Err(Unpicklable(why));
                }
            }
            // Waiters and holders are threads of the parent: none of them
            // exists in the child.
            match &mut obj {
                // A copied lock stays locked (as after fork), by nobody here.
                Object::Lock(l) => l.holder = None,
                Object::Event(e) => e.waiters.clear(),
                Object::Condition(c) => c.waiters.clear(),
                Object::Local(per_thread) => per_thread.clear(),
                // Unpickled as `set(list(s))`: the table is rebuilt.
                Object::Set(set) if self.pickling => *set = set.rebuilt(),
                _ => {}
            }
            obj.values(&mut |v| v.refs(&mut |r| work.push(r)));
            let mut raw = Vec::new();
            obj.raw_refs_mut(&mut |r| raw.push(*r));
            work.extend(raw);
            let c = s.alloc(obj);
            self.memo[o as usize] = c;
            copies.push(c);
            if !self.pickling {
                // Fork: the child's copy is at the same address.
                if let Ok(i) = s.ids.binary_search_by_key(&o, |&(k, _)| k) {
                    let slot = s.ids[i].1;
                    let j = s.ids.binary_search_by_key(&c, |&(k, _)| k).unwrap_err();
                    s.ids.insert(j, (c, slot));
                }
            }
        }
        // Point the copies at the copies.
        let memo = &self.memo;
        let remap = |r: &mut ObjId| {
            if (*r as usize) < memo.len() && memo[*r as usize] != UNSEEN {
                *r = memo[*r as usize];
            }
        };
        for c in copies {
            let obj = &mut s.heap[c as usize];
            obj.values_mut(&mut |v| v.refs_mut(&mut |r| remap(r)));
            obj.raw_refs_mut(&mut |r| remap(r));
        }
        Ok(())
    }
}

/// pickle's refusal of an object, or None.
fn unpicklable(obj: &Object) -> Option<String> {
    let what = match obj {
        Object::RLock(_) => "_thread.RLock",
        Object::Lock(_) | Object::Event(_) | Object::Condition(_) | Object::Semaphore(_) | Object::Queue(_) => "_thread.lock",
        Object::Instance(Instance { native: Native::Thread(_), .. }) => "_thread.lock",
        Object::Local(_) => "_thread._local",
        _ => return None,
    };
    Some(format!("cannot pickle '{what}' object"))
}

/// A copy of `v` as the receiving process gets it through a pipe or queue.
pub fn pickle_copy(s: &mut State, v: &Value) -> Result<Value, Unpicklable> {
    Copier::new(s, true).value(s, v)
}

/// Make sure process 0 (the main process) is recorded.
fn ensure_main(s: &mut State) {
    if s.processes.is_empty() {
        s.processes.push(Arc::new(Process {
            globals: vec![],
            main: 0,
            parent: 0,
            identity: Arc::from(""),
            next_child: 1,
            exitcode: None,
        }));
    }
}

pub fn pid_of(process: u32) -> i64 {
    MAIN_PID + process as i64
}

impl<R: Recorder> Ctx<'_, R> {
    fn my_process(&self) -> u32 {
        self.s.threads[self.tid as usize].process
    }

    /// The class name a process object is named after (`Process`,
    /// `ForkProcess`, or the user's subclass), if `obj` is a process.
    pub fn process_kind(&self, obj: ObjId) -> Option<Arc<str>> {
        let pc = self.vm.program.process_class?;
        match &self.s.heap[obj as usize] {
            Object::Instance(Instance { class: ClassRef::User(c), .. }) if self.vm.program.is_subclass(*c, pc) => {
                Some(self.vm.program.classes[*c as usize].name.clone())
            }
            _ => None,
        }
    }

    /// The identity of the next process this one creates (`1`, `1:2` for
    /// a grandchild): `Process-1`, numbered per creating process as CPython
    /// does.
    pub fn next_process_identity(&mut self) -> Arc<str> {
        ensure_main(self.s);
        let me = self.my_process() as usize;
        let p = super::unique::make_mut(&mut self.s.processes[me]);
        let n = p.next_child;
        p.next_child += 1;
        if p.identity.is_empty() { n.to_string().into() } else { format!("{}:{n}", p.identity).into() }
    }

    /// `Process.start()`: fork. Returns the child's copy of the process
    /// object (its main thread's handle) and the child's process number.
    pub fn fork(&mut self, obj: ObjId, child_tid: Tid) -> (ObjId, u32) {
        ensure_main(self.s);
        // A fork reads every global and object of the parent: it conflicts
        // with every other step (partial-order reduction).
        self.notes.touched.everything = true;
        let parent = self.my_process();
        let globals: Vec<Value> = match parent {
            0 => (*self.s.globals).clone(),
            p => self.s.processes[p as usize].globals.clone(),
        };
        self.inherit_pipe_ends(&globals);
        let mut copier = Copier::new(self.s, false);
        let mut copied = Vec::with_capacity(globals.len());
        for g in &globals {
            copied.push(copier.value(self.s, g).unwrap_or_else(|_| unreachable!("a fork copies everything")));
        }
        let handle = copier.value(self.s, &Value::Ref(obj)).unwrap_or_else(|_| unreachable!("a fork copies everything"));
        let Value::Ref(child_obj) = handle else { unreachable!("an object copies to an object") };
        let identity = match &self.s.heap[child_obj as usize] {
            Object::Instance(Instance { native: Native::Thread(h), .. }) => h.process.clone().unwrap_or_default(),
            _ => Arc::from(""),
        };
        self.s.processes.push(Arc::new(Process { globals: copied, main: child_tid, parent, identity, next_child: 1, exitcode: None }));
        (child_obj, (self.s.processes.len() - 1) as u32)
    }

    /// Whether starting this process object spawns (or uses a fork server:
    /// the child gets a fresh import either way) rather than forks: a
    /// `SpawnProcess`/`ForkServerProcess` (`get_context("spawn").Process`),
    /// or a plain `Process` after `set_start_method("spawn")`.
    pub fn spawns(&self, obj: ObjId) -> bool {
        let prog = &self.vm.program;
        let Object::Instance(Instance { class: ClassRef::User(class), .. }) = &self.s.heap[obj as usize] else { return false };
        // The prelude's context classes, by the class each prelude global holds.
        let prelude_class = |name: &str| match prog.prelude_global(name).map(|g| self.s.global(self.tid, g)) {
            Some(Value::Class(c)) => prog.is_subclass(*class, *c),
            _ => false,
        };
        if prelude_class("_ilv_SpawnProcess") || prelude_class("_ilv_ForkServerProcess") {
            return true;
        }
        if prelude_class("_ilv_ForkProcess") {
            return false;
        }
        let Some(g) = prog.prelude_global("_ilv_start_method") else { return false };
        matches!(self.s.global(self.tid, g), Value::Str(m) if matches!(&**m, "spawn" | "forkserver"))
    }

    /// Why CPython's spawn cannot send this process object to the child,
    /// which it pickles (a fork copies instead): a target defined inside a
    /// function (pickled by a name the child's import cannot find), or a
    /// target, argument or attribute that holds what pickle refuses (a
    /// `threading.Lock`: `cannot pickle '_thread.lock' object`).
    pub fn spawn_refusal(&mut self, obj: ObjId) -> Option<(ExcClass, String)> {
        let h = self.handle_of(obj)?.clone();
        let prog = &self.vm.program;
        let func = match &h.target {
            Value::Func(f) => Some(*f),
            Value::Closure(c) => Some(c.0),
            _ => None,
        };
        if let Some(f) = func {
            let q = &prog.functions[f as usize].qualname;
            if q.contains("<locals>") {
                return Some((ExcClass::AttributeError, format!("Can't pickle local object '{q}'")));
            }
        }
        let attrs: Vec<Value> = match &self.s.heap[obj as usize] {
            Object::Instance(inst) => inst.attrs.iter().map(|(_, v)| v.clone()).collect(),
            _ => vec![],
        };
        for v in [h.target, h.args, h.kwargs].into_iter().chain(attrs) {
            if let Err(Unpicklable(why)) = pickle_copy(self.s, &v) {
                return Some((ExcClass::TypeError, why));
            }
        }
        None
    }

    /// A spawned child starts from a fresh import of the main module: after
    /// the fork's copy (which keeps the library's state, as the inherited
    /// pipe ends), the model's globals are unbound, `__name__` is
    /// `"__mp_main__"`, and its main thread first runs the model's module
    /// body (`import_frame`), whose `if __name__ == "__main__":` part is
    /// skipped. Module-level objects are the child's own: a module-level
    /// `multiprocessing.Queue()` is another queue there.
    pub fn reset_for_spawn(&mut self, p: u32) {
        let prog = &self.vm.program;
        let keep: Vec<bool> = (0..prog.globals.len())
            .map(|g| {
                prog.prelude_globals.iter().any(|&(_, k)| k as usize == g) || prog.global_name(g as u32).starts_with("Condition.wait_for.")
            })
            .collect();
        let globals = &mut super::unique::make_mut(&mut self.s.processes[p as usize]).globals;
        for (g, v) in globals.iter_mut().enumerate() {
            if !keep[g] {
                *v = Value::Unbound;
            }
        }
        if let Some(g) = prog.name_global {
            globals[g as usize] = Value::Str("__mp_main__".into());
        }
    }

    /// The frame a spawned child's main thread runs first: the model's
    /// module body, whose result is dropped.
    pub fn import_frame(&self) -> Frame {
        let prog = &self.vm.program;
        Frame {
            func: prog.module,
            pc: prog.model_start,
            locals: vec![Value::Unbound; prog.functions[prog.module as usize].local_names.len()],
            cells: vec![],
            stack: vec![],
            blocks: vec![],
            handling: vec![],
            kind: FrameKind::Discard,
        }
    }

    /// The child inherits every pipe end its parent holds open (the
    /// prelude's `_ilv_open_ends`, copied with the globals): each end counts
    /// one more holder, so EOF waits for the child to close it too.
    fn inherit_pipe_ends(&mut self, parent_globals: &[Value]) {
        let Some((_, ends)) = self.open_pipe_ends(parent_globals) else { return };
        for end in ends {
            if let Object::List(items) = &mut self.s.heap[end.holders as usize] {
                items.push(Value::Bool(true));
            }
        }
    }

    /// The pipe ends a process holds open, from its globals (the prelude's
    /// `_ilv_open_ends`): that list, and each end's holders and peer queue.
    fn open_pipe_ends(&self, globals: &[Value]) -> Option<(ObjId, Vec<OpenEnd>)> {
        let prog = &self.vm.program;
        let (g, holders, outbox) = (prog.prelude_global("_ilv_open_ends")?, prog.name_id("holders")?, prog.name_id("outbox")?);
        let Some(Value::Ref(list)) = globals.get(g as usize) else { return None };
        let Object::List(ends) = &self.s.heap[*list as usize] else { return None };
        let attr = |inst: &Instance, n| inst.attrs.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone());
        let open_end = |end: &Value| {
            let Value::Ref(end) = end else { return None };
            let Object::Instance(inst) = &self.s.heap[*end as usize] else { return None };
            let Some(Value::Ref(holders)) = attr(inst, holders) else { return None };
            let peer = match attr(inst, outbox) {
                Some(Value::Ref(q)) => Some(q),
                _ => None,
            };
            Some(OpenEnd { holders, peer })
        };
        let open = ends.iter().filter_map(open_end).collect();
        Some((*list, open))
    }

    fn handle_of(&self, obj: ObjId) -> Option<&ThreadHandle> {
        match &self.s.heap[obj as usize] {
            Object::Instance(Instance { native: Native::Thread(h), .. }) => Some(h),
            _ => None,
        }
    }

    /// The process a started process object runs as.
    fn process_of(&self, obj: ObjId) -> Option<u32> {
        let tid = self.handle_of(obj)?.tid?;
        Some(self.s.threads[tid as usize].process)
    }

    /// `p.pid`, `p.exitcode`, `p.authkey`-free attributes of a process.
    pub fn process_attr(&mut self, obj: ObjId, name: &str) -> Option<Value> {
        self.process_kind(obj)?;
        match name {
            "pid" => Some(match self.process_of(obj) {
                Some(p) => Value::Int(pid_of(p)),
                None => Value::None,
            }),
            "exitcode" => {
                self.notes.touched.life_read = true;
                Some(match self.process_of(obj) {
                    // Not yet while its non-daemon threads run.
                    Some(p) if self.s.threads[self.s.join_target(self.s.processes[p as usize].main) as usize].status != Status::Done => {
                        Value::None
                    }
                    Some(p) => self.s.processes[p as usize].exitcode.map_or(Value::None, Value::Int),
                    None => Value::None,
                })
            }
            "ident" => Some(match self.process_of(obj) {
                Some(p) => Value::Int(pid_of(p)),
                None => Value::None,
            }),
            _ => None,
        }
    }

    /// `terminate()`, `kill()`, `close()` of a process object.
    pub fn process_method(&mut self, obj: ObjId, name: &str) -> Option<Exec<Flow>> {
        self.process_kind(obj)?;
        let code = match name {
            "terminate" => -15,
            "kill" => -9,
            "close" => {
                self.push(Value::None);
                return Some(Ok(Flow::Next));
            }
            _ => return None,
        };
        self.notes.touched.end = true;
        self.notes.touched.life_read = true;
        self.notes.touched.everything = true;
        let Some(p) = self.process_of(obj) else {
            // CPython: terminating a process never started fails on its popen.
            return Some(Err(self.exc(ExcClass::AttributeError, "'NoneType' object has no attribute 'terminate'".into())));
        };
        if self.s.processes[p as usize].exitcode.is_none() {
            let label = if R::ON { self.handle_of(obj).map(|h| h.name.to_string()).unwrap_or_default() } else { String::new() };
            // SIGTERM: every thread of the process stops where it is; what
            // it held (locks) stays held.
            for t in 0..self.s.threads.len() {
                if self.s.threads[t].process == p && self.s.threads[t].status != Status::Done {
                    let th = self.s.thread_mut(t as Tid);
                    th.status = Status::Done;
                    th.frames.clear();
                    th.wait = None;
                    th.in_wait = false;
                    th.reads.clear();
                }
            }
            super::unique::make_mut(&mut self.s.processes[p as usize]).exitcode = Some(code);
            self.close_pipe_ends(p);
            self.s.dirty_heap = true;
            if R::ON {
                self.record(|| Effect::Call { text: format!("{name} {label}") });
            }
        }
        self.push(Value::None);
        Some(Ok(Flow::Next))
    }

    /// A thread ended: if it was its process's main thread, the process
    /// exits with `code` (0, 1 for an exception, `sys.exit`'s argument).
    pub fn note_thread_end(&mut self, tid: Tid, code: i64) {
        let p = self.s.threads[tid as usize].process;
        if p != 0 && self.s.processes[p as usize].main == tid && self.s.processes[p as usize].exitcode.is_none() {
            super::unique::make_mut(&mut self.s.processes[p as usize]).exitcode = Some(code);
        }
        if p != 0 && self.process_has_exited(p, tid) {
            self.close_pipe_ends(p);
        }
    }

    /// With `ending` done, are its main thread and every non-daemon thread
    /// of `p` done? (CPython's bootstrap joins them before the process
    /// exits.)
    fn process_has_exited(&self, p: u32, ending: Tid) -> bool {
        let main = self.s.processes[p as usize].main;
        self.s.threads.iter().enumerate().all(|(i, t)| {
            t.process != p || i as Tid == ending || t.status == Status::Done || (t.daemon && i as Tid != main)
        })
    }

    /// A process that exits closes the pipe ends it still holds, as the OS
    /// closes its file descriptors: each drops one holder, and an end nobody
    /// holds any more puts the end-of-file mark for its peer (as its
    /// `close()` in the prelude does).
    fn close_pipe_ends(&mut self, p: u32) {
        let Some((list, ends)) = self.open_pipe_ends(&self.s.processes[p as usize].globals) else { return };
        if ends.is_empty() {
            return;
        }
        if let Object::List(l) = &mut self.s.heap[list as usize] {
            l.clear();
        }
        self.notes.touched.sync = true;
        for end in ends {
            let nobody = match &mut self.s.heap[end.holders as usize] {
                Object::List(items) => {
                    items.pop();
                    items.is_empty()
                }
                _ => false,
            };
            if let (true, Some(q)) = (nobody, end.peer) {
                if let Object::Queue(queue) = &mut self.s.heap[q as usize] {
                    queue.items.push(Value::Str(Arc::from(PIPE_CLOSED)));
                }
            }
        }
    }

    /// `os.getpid()`, `os.getppid()`.
    pub fn getpid(&self, parent: bool) -> Value {
        let p = self.my_process();
        if !parent {
            return Value::Int(pid_of(p));
        }
        Value::Int(if p == 0 { MAIN_PPID } else { pid_of(self.s.processes[p as usize].parent) })
    }

    /// `multiprocessing.current_process()`: in a child, its process object;
    /// in the main process, a `MainProcess` object.
    pub fn current_process(&mut self) -> Exec<Value> {
        let p = self.my_process();
        if p != 0 {
            let main = self.s.processes[p as usize].main;
            return Ok(Value::Ref(self.s.threads[main as usize].obj));
        }
        let Some(pc) = self.vm.program.process_class else {
            return Err(self.fatal("multiprocessing.current_process() needs the multiprocessing prelude"));
        };
        let mut h = super::thread::blank_handle();
        h.name = Arc::from("MainProcess");
        h.tid = Some(0);
        h.process = Some(Arc::from(""));
        let o = self.s.alloc(Object::Instance(Instance { class: ClassRef::User(pc), attrs: vec![], native: Native::Thread(h) }));
        Ok(Value::Ref(o))
    }

    /// `multiprocessing.active_children()`: started children of this
    /// process still alive.
    pub fn active_children(&mut self) -> Value {
        self.notes.touched.life_read = true;
        let me = self.my_process();
        let alive: Vec<Value> = self
            .s
            .processes
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, p)| p.parent == me && p.exitcode.is_none() && self.s.threads[self.s.join_target(p.main) as usize].status != Status::Done)
            .map(|(_, p)| p.main)
            .collect::<Vec<Tid>>()
            .into_iter()
            .map(|t| Value::Ref(self.s.threads[t as usize].obj))
            .collect();
        let o = self.s.alloc(Object::List(alive));
        Value::Ref(o)
    }

    /// Register `v`'s object as shared by every process.
    pub fn share(&mut self, v: &Value) {
        if let Value::Ref(o) = v {
            if let Err(i) = self.s.shared.binary_search(o) {
                self.s.shared.insert(i, *o);
            }
        }
    }

    /// The multiprocessing built-ins implemented natively.
    pub fn mp_builtin(&mut self, b: Builtin, args: Args) -> Exec<Value> {
        match b {
            Builtin::MpShare => {
                let v = args.pos.first().cloned().unwrap_or(Value::None);
                self.share(&v);
                Ok(v)
            }
            Builtin::MpCopy => {
                let v = args.pos.first().cloned().unwrap_or(Value::None);
                self.pickled(&v)
            }
            Builtin::CurrentProcess => self.current_process(),
            Builtin::ActiveChildren => Ok(self.active_children()),
            Builtin::CpuCount => Ok(Value::Int(CPU_COUNT)),
            _ => unreachable!("not a multiprocessing built-in"),
        }
    }

    /// A value taken out of, or put into, a `Manager()`'s dict, list or
    /// `Namespace` (one every process shares): CPython's proxy sends it
    /// pickled, so changing it afterwards changes only that copy
    /// (`d['a'].append(1)` leaves `d['a']` as it was).
    pub fn through_manager(&mut self, container: ObjId, v: Value) -> Exec<Value> {
        if !v.has_refs() || !self.s.is_process_shared(container) {
            return Ok(v);
        }
        let managed = match &self.s.heap[container as usize] {
            Object::List(_) | Object::Dict(_) => true,
            // Only the library shares instances: this is `Manager().Namespace()`.
            Object::Instance(Instance { class: ClassRef::User(c), .. }) => &*self.vm.program.classes[*c as usize].name == "Namespace",
            _ => false,
        };
        if managed { self.pickled(&v) } else { Ok(v) }
    }

    /// A call's arguments for a `Manager()`'s dict or list, each pickled
    /// (`through_manager`).
    pub fn into_manager_args(&mut self, container: ObjId, args: Args) -> Exec<Args> {
        if self.s.shared.is_empty() {
            return Ok(args);
        }
        let Args { pos, kw } = args;
        let pos = pos.into_iter().map(|v| self.through_manager(container, v)).collect::<Exec<_>>()?;
        let kw = kw.into_iter().map(|(n, v)| Ok((n, self.through_manager(container, v)?))).collect::<Exec<_>>()?;
        Ok(Args { pos, kw })
    }

    /// `v` pickled and unpickled, or pickle's error.
    pub fn pickled(&mut self, v: &Value) -> Exec<Value> {
        match pickle_copy(self.s, v) {
            Ok(c) => Ok(c),
            Err(Unpicklable(m)) => Err(self.type_error(m)),
        }
    }
}
