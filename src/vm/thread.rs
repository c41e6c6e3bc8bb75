//! `threading.Thread`: construction, names, start, join, and the main thread.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::{ClassRef, Instance, Native, Object, ThreadHandle, Tid};
use super::state::{Frame, FrameKind, State, Status, Thread};
use super::value::{ObjId, Value};
use super::Vm;
use crate::ir::{Builtin, ExcClass};
use std::sync::Arc;

pub fn blank_handle() -> ThreadHandle {
    ThreadHandle { name: Arc::from(""), daemon: false, target: Value::None, args: Value::tuple(vec![]), kwargs: Value::None, tid: None, process: None }
}

pub fn is_thread_method(name: &str) -> bool {
    matches!(
        name,
        "start" | "join" | "is_alive" | "isAlive" | "getName" | "setName" | "isDaemon" | "setDaemon" | "run" | "terminate" | "kill" | "close"
    )
}

pub fn thread_name(s: &State, tid: Tid) -> String {
    let obj = s.threads[tid as usize].obj;
    match &s.heap[obj as usize] {
        Object::Instance(Instance { native: Native::Thread(h), .. }) => h.name.to_string(),
        _ => format!("thread {tid}"),
    }
}

/// The main thread, about to run the module body.
pub(super) fn spawn_main(vm: &Vm, s: &mut State) {
    let mut handle = blank_handle();
    handle.name = Arc::from("MainThread");
    handle.tid = Some(0);
    let obj = s.alloc(Object::Instance(Instance { class: ClassRef::Builtin(Builtin::Thread), attrs: vec![], native: Native::Thread(handle) }));
    let module = &vm.program.functions[vm.program.module as usize];
    s.threads.push(Arc::new(super::hashed::Hashed::new(Thread {
        obj,
        frames: vec![Frame {
            func: vm.program.module,
            pc: 0,
            locals: vec![Value::Unbound; module.local_names.len()],
            cells: vec![],
            stack: vec![],
            blocks: vec![],
            handling: vec![],
            kind: FrameKind::Normal,
        }],
        status: Status::Ready,
        wait: None,
        in_wait: false,
        signaled: false,
        saved_count: 0,
        daemon: false,
        reads: vec![],
        process: 0,
    })));
}

impl<R: Recorder> Ctx<'_, R> {
    fn handle(&mut self, obj: ObjId) -> &mut ThreadHandle {
        match &mut self.s.heap[obj as usize] {
            Object::Instance(Instance { native: Native::Thread(h), .. }) => h,
            _ => unreachable!("not a thread object"),
        }
    }

    /// `Thread.__init__(group=None, target=None, name=None, args=(),
    /// kwargs=None, *, daemon=None)`.
    pub fn thread_init(&mut self, obj: ObjId, args: Args) -> Exec<()> {
        let target = args.get(self.vm, 1, "target").cloned().unwrap_or(Value::None);
        let name = args.get(self.vm, 2, "name").cloned().unwrap_or(Value::None);
        let targs = args.get(self.vm, 3, "args").cloned().unwrap_or(Value::tuple(vec![]));
        let kwargs = args.get(self.vm, 4, "kwargs").cloned().unwrap_or(Value::None);
        let daemon = args.get(self.vm, usize::MAX, "daemon").cloned().unwrap_or(Value::None);
        if let Some(g) = args.get(self.vm, 0, "group") {
            if *g != Value::None {
                return Err(self.exc(ExcClass::AssertionError, "group argument must be None for now".into()));
            }
        }
        let process_kind = self.process_kind(obj);
        // A process takes the next number even when it is given a name.
        let identity = process_kind.as_ref().map(|_| self.next_process_identity());
        let name: Arc<str> = match name {
            Value::None if process_kind.is_some() => {
                format!("{}-{}", process_kind.as_deref().unwrap_or_default(), identity.as_deref().unwrap_or_default()).into()
            }
            Value::None => {
                let n = self.s.next_thread_number;
                self.s.next_thread_number += 1;
                let target_name = match &target {
                    Value::Func(f) => Some(self.vm.program.functions[*f as usize].name.to_string()),
                    Value::Closure(c) => Some(self.vm.program.functions[c.0 as usize].name.to_string()),
                    Value::Method(m) => Some(self.vm.program.name(m.1).to_string()),
                    _ => None,
                };
                match target_name {
                    Some(t) => format!("Thread-{n} ({t})").into(),
                    None => format!("Thread-{n}").into(),
                }
            }
            v => self.to_str(&v).into(),
        };
        // Python: a thread inherits the daemon flag of the thread creating it.
        let daemon = match daemon {
            // A process is not a daemon unless told (`BaseProcess.__init__`).
            Value::None if process_kind.is_some() => false,
            Value::None => self.s.threads[self.tid as usize].daemon,
            v => self.truthy(&v)?,
        };
        let targs = match targs {
            Value::Tuple(_) => targs,
            Value::Ref(_) => Value::tuple(self.iterate_all(&targs)?),
            other => other,
        };
        let h = self.handle(obj);
        h.name = name;
        h.target = target;
        h.args = targs;
        h.kwargs = kwargs;
        h.daemon = daemon;
        h.process = identity;
        Ok(())
    }

    pub fn thread_method(&mut self, obj: ObjId, name: &str, args: Args) -> Exec<Flow> {
        if let Some(r) = self.process_method(obj, name) {
            return r;
        }
        let v = match name {
            "start" => {
                self.start_thread(obj)?;
                Value::None
            }
            "join" => return self.join_thread(obj),
            "is_alive" | "isAlive" => {
                self.notes.touched.life_read = true;
                let alive = match self.handle(obj).tid {
                    Some(t) => self.s.threads[self.s.join_target(t) as usize].status != Status::Done,
                    None => false,
                };
                if R::ON {
                    let n = self.handle(obj).name.to_string();
                    self.record(|| Effect::Call { text: format!("{n}.is_alive() → {}", if alive { "True" } else { "False" }) });
                }
                Value::Bool(alive)
            }
            "getName" => Value::Str(self.handle(obj).name.clone()),
            "setName" => {
                let n = args.pos.first().cloned().unwrap_or(Value::None);
                let n: Arc<str> = self.to_str(&n).into();
                self.handle(obj).name = n;
                Value::None
            }
            "isDaemon" => Value::Bool(self.handle(obj).daemon),
            "setDaemon" => {
                let d = args.pos.first().cloned().unwrap_or(Value::Bool(false));
                if self.handle(obj).tid.is_some() {
                    return Err(self.exc(ExcClass::RuntimeError, "cannot set daemon status of active thread".into()));
                }
                let d = self.truthy(&d)?;
                self.handle(obj).daemon = d;
                Value::None
            }
            "run" => {
                // `Thread.run()` called directly: run the target in this thread.
                let h = self.handle(obj).clone();
                return self.call_target(&h);
            }
            _ => {
                return Err(self.exc(ExcClass::AttributeError, format!("'Thread' object has no attribute '{name}'")));
            }
        };
        self.push(v);
        Ok(Flow::Next)
    }

    /// Call `target(*args, **kwargs)` in the current thread.
    fn call_target(&mut self, h: &ThreadHandle) -> Exec<Flow> {
        if h.target == Value::None {
            self.push(Value::None);
            return Ok(Flow::Next);
        }
        let pos = match &h.args {
            Value::Tuple(t) => t.to_vec(),
            _ => vec![],
        };
        let mut kw = Vec::new();
        if let Value::Ref(o) = h.kwargs {
            if let Object::Dict(d) = &self.s.heap[o as usize] {
                for (k, v) in d.clone() {
                    let Value::Str(k) = k else { return Err(self.type_error("keywords must be strings".into())) };
                    match self.vm.program.name_id(&k) {
                        Some(n) => kw.push((n, v)),
                        None => return Err(self.type_error(format!("unexpected keyword argument '{k}'"))),
                    }
                }
            }
        }
        self.call_value(h.target.clone(), Args { pos, kw })
    }

    fn start_thread(&mut self, obj: ObjId) -> Exec<()> {
        self.notes.touched.start = true;
        if self.handle(obj).tid.is_some() {
            return Err(self.exc(ExcClass::RuntimeError, "threads can only be started once".into()));
        }
        let spawned = self.handle(obj).process.is_some() && self.spawns(obj);
        if spawned {
            if let Some((class, message)) = self.spawn_refusal(obj) {
                return Err(self.exc(class, message));
            }
        }
        let tid = self.s.threads.len() as Tid;
        let daemon = self.handle(obj).daemon;
        self.handle(obj).tid = Some(tid);
        if R::ON {
            let thread = self.handle(obj).name.to_string();
            self.record(|| Effect::Start { thread });
        }
        // A process forks: its thread runs on the child's copy of the
        // process object, in its own copy of the globals.
        let (obj, process) = if self.handle(obj).process.is_some() {
            self.fork(obj, tid)
        } else {
            (obj, self.s.threads[self.tid as usize].process)
        };
        if spawned {
            self.reset_for_spawn(process);
        }
        self.s.threads.push(Arc::new(super::hashed::Hashed::new(Thread {
            obj,
            frames: vec![],
            status: Status::Ready,
            wait: None,
            in_wait: false,
            signaled: false,
            saved_count: 0,
            daemon,
            reads: vec![],
            process,
        })));
        // The new thread's bottom frame: an overridden `run`, or the target.
        let vm = self.vm;
        let prog = &*vm.program;
        let run_override = match &self.s.heap[obj as usize] {
            Object::Instance(Instance { class: ClassRef::User(c), .. }) => {
                prog.name_id("run").and_then(|n| prog.class_method(*c, n))
            }
            _ => None,
        };
        let h = self.handle(obj).clone();
        let parent = self.tid;
        self.tid = tid;
        // A sentinel frame receives the bottom call's result.
        self.s.thread_mut(tid).frames.push(Frame {
            func: prog.module,
            pc: 0,
            locals: vec![],
            cells: vec![],
            stack: vec![],
            blocks: vec![],
            handling: vec![],
            kind: FrameKind::Normal,
        });
        let r = match run_override {
            Some(f) => self.call_function(f, Some(Value::Ref(obj)), Args::default(), FrameKind::Normal),
            None => self.call_target(&h),
        };
        let t = self.s.thread_mut(tid);
        let result = match r {
            Ok(_) if t.frames.len() >= 2 => {
                // Drop the sentinel: the called frame is now the bottom.
                t.frames.remove(0);
                Ok(())
            }
            Ok(_) => {
                // The target finished at once (a built-in or no target).
                t.frames.clear();
                t.status = Status::Done;
                self.note_thread_end(tid, 0);
                Ok(())
            }
            Err(super::interp::Fault::Raise(e)) => {
                t.frames.clear();
                t.status = Status::Done;
                self.note_thread_end(tid, 1);
                let (class, message) = super::exception::describe(self.vm, self.s, &e);
                // Calling the target failed before any of its code ran (a
                // missing argument): the place to show is the `start()`.
                let span = self.vm.innermost_model_span(&self.s.threads[parent as usize], true).unwrap_or_default();
                self.notes.uncaught = Some(Box::new(super::Uncaught { tid, is_assertion: class == "AssertionError", class, message, span }));
                Ok(())
            }
            Err(f) => Err(f),
        };
        if spawned && self.s.threads[tid as usize].status != Status::Done {
            let import = self.import_frame();
            self.s.thread_mut(tid).frames.push(import);
        }
        self.tid = parent;
        result?;
        // Run the new thread's local prefix so it rests at a visible step.
        super::interp::run_prefix(self, tid)?;
        Ok(())
    }

    fn join_thread(&mut self, obj: ObjId) -> Exec<Flow> {
        self.notes.touched.life_read = true;
        let Some(target) = self.handle(obj).tid else {
            return Err(self.exc(ExcClass::RuntimeError, "cannot join thread before it is started".into()));
        };
        if target == self.tid {
            return Err(self.exc(ExcClass::RuntimeError, "cannot join current thread".into()));
        }
        if R::ON {
            let n = self.handle(obj).name.to_string();
            if self.timeout {
                self.record(|| Effect::TimedOut { text: format!("join {n}") });
            } else {
                self.record(|| Effect::Call { text: format!("join {n} (it has ended)") });
            }
        }
        self.push(Value::None);
        Ok(Flow::Next)
    }
}
