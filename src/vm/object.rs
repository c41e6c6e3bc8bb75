//! Heap objects: containers, instances and synchronisation primitives.

use super::set::PySet;
use super::value::{ObjId, Value};
use crate::ir::{Builtin, ClassId, ExcClass, NameId};
use std::sync::Arc;

pub type Tid = u32;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Object {
    List(Vec<Value>),
    /// Insertion-ordered, as Python's dict.
    Dict(Vec<(Value, Value)>),
    /// CPython's hash table, for its iteration order (`vm/set.rs`).
    Set(PySet),
    Instance(Instance),
    Lock(Lock),
    RLock(RLock),
    Event(Event),
    Condition(Condition),
    Semaphore(Semaphore),
    Queue(Queue),
    /// `threading.local()`: each thread sees its own attributes.
    Local(Vec<(Tid, Vec<(NameId, Value)>)>),
    /// A variable captured by a nested function (`Value::Unbound` while
    /// unassigned); `name` is the variable's, for traces.
    Cell { name: NameId, value: Value },
}

/// What an instance's class is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClassRef {
    User(ClassId),
    Builtin(Builtin),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub class: ClassRef,
    pub attrs: Vec<(NameId, Value)>,
    pub native: Native,
}

/// The built-in part of an instance whose class derives from a built-in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Native {
    None,
    Thread(ThreadHandle),
    Exception(ExceptionData),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExceptionData {
    pub class: ExcClass,
    pub args: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThreadHandle {
    pub name: Arc<str>,
    pub daemon: bool,
    pub target: Value,
    pub args: Value,
    pub kwargs: Value,
    /// The running thread, once started.
    pub tid: Option<Tid>,
    /// A `multiprocessing.Process`: `start()` forks. Its identity (`1`,
    /// `1:2` for a grandchild), which default names are made of.
    pub process: Option<Arc<str>>,
}

/// `threading.Lock`: no owner in Python; `holder` is who acquired it last,
/// kept only to explain findings.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Lock {
    pub locked: bool,
    pub holder: Option<Tid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct RLock {
    pub owner: Option<Tid>,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Event {
    pub flag: bool,
    /// Was ever set: a waiter stuck on a cleared event missed its signal.
    pub was_set: bool,
    /// Threads blocked in `wait()`; `set()` wakes them all.
    pub waiters: Vec<Tid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Condition {
    pub lock: ObjId,
    /// Threads in `wait()`, in arrival order (notify wakes the oldest).
    pub waiters: Vec<Tid>,
    /// A notify came while nobody waited: a later waiter may miss it.
    pub lost_notify: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Semaphore {
    pub value: i64,
    /// `BoundedSemaphore`'s initial value.
    pub bound: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueueKind {
    Fifo,
    Lifo,
    /// A binary heap ordered by `<`, exactly as `heapq` keeps it.
    Priority,
    /// `queue.SimpleQueue`: unbounded, no `task_done`/`join`.
    Simple,
    /// `multiprocessing.Queue` (FIFO, no `task_done`/`join`): shared by
    /// every process, items copied (pickled) when put.
    Process,
    /// `multiprocessing.JoinableQueue`: the same with `task_done`/`join`.
    Joinable,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Queue {
    pub kind: QueueKind,
    pub items: Vec<Value>,
    pub maxsize: i64,
    pub unfinished: TaskCount,
}

/// A queue's unfinished tasks (`put` adds one, `task_done` takes one). In a
/// program that never calls `task_done`, only whether there are any can
/// matter (`join` waits for none), so then, under the dead-variable
/// reduction, only that tells states apart: an endless producer does not
/// make the state space infinite through it. The count is kept for reports.
#[derive(Clone, Copy, Debug)]
pub struct TaskCount {
    pub n: i64,
    /// Every count tells states apart.
    pub exact: bool,
}

impl TaskCount {
    fn seen(&self) -> (bool, i64) {
        (self.exact, if self.exact { self.n } else { self.n.min(1) })
    }
}

impl PartialEq for TaskCount {
    fn eq(&self, o: &Self) -> bool {
        self.seen() == o.seen()
    }
}

impl Eq for TaskCount {}

impl std::hash::Hash for TaskCount {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.seen().1.hash(h)
    }
}

impl Queue {
    pub fn is_full(&self) -> bool {
        self.maxsize > 0 && self.items.len() as i64 >= self.maxsize
    }
}

impl Object {
    pub fn type_name(&self) -> &'static str {
        match self {
            Object::List(_) => "list",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::Instance(_) => "object",
            Object::Lock(_) => "lock",
            Object::RLock(_) => "RLock",
            Object::Event(_) => "Event",
            Object::Condition(_) => "Condition",
            Object::Semaphore(s) if s.bound.is_some() => "BoundedSemaphore",
            Object::Semaphore(_) => "Semaphore",
            Object::Local(_) => "_thread._local",
            Object::Cell { .. } => "cell",
            Object::Queue(q) => match q.kind {
                QueueKind::Fifo => "Queue",
                QueueKind::Lifo => "LifoQueue",
                QueueKind::Priority => "PriorityQueue",
                QueueKind::Simple => "SimpleQueue",
                QueueKind::Process => "Queue",
                QueueKind::Joinable => "JoinableQueue",
            },
        }
    }

    /// A synchronisation object: every method call on it is a visible step.
    pub fn is_sync(&self) -> bool {
        matches!(
            self,
            Object::Lock(_)
                | Object::RLock(_)
                | Object::Event(_)
                | Object::Condition(_)
                | Object::Semaphore(_)
                | Object::Queue(_)
        )
    }

    pub fn values_mut(&mut self, f: &mut impl FnMut(&mut Value)) {
        match self {
            Object::List(items) => items.iter_mut().for_each(f),
            Object::Dict(entries) => entries.iter_mut().for_each(|(k, v)| {
                f(k);
                f(v)
            }),
            Object::Instance(inst) => {
                inst.attrs.iter_mut().for_each(|(_, v)| f(v));
                match &mut inst.native {
                    Native::Thread(t) => {
                        f(&mut t.target);
                        f(&mut t.args);
                        f(&mut t.kwargs);
                    }
                    Native::Exception(e) => e.args.iter_mut().for_each(f),
                    Native::None => {}
                }
            }
            Object::Set(set) => set.slots.iter_mut().for_each(|slot| {
                if let super::set::Slot::Key(_, k) = slot {
                    f(k)
                }
            }),
            Object::Queue(q) => q.items.iter_mut().for_each(f),
            Object::Local(per_thread) => per_thread.iter_mut().for_each(|(_, attrs)| attrs.iter_mut().for_each(|(_, v)| f(v))),
            Object::Cell { value, .. } => f(value),
            Object::Lock(_) | Object::RLock(_) | Object::Event(_) | Object::Semaphore(_) => {}
            Object::Condition(_) => {}
        }
    }

    /// Visit every value the object holds, without changing anything.
    #[inline]
    pub fn values(&self, f: &mut impl FnMut(&Value)) {
        match self {
            Object::List(items) => items.iter().for_each(f),
            Object::Dict(entries) => entries.iter().for_each(|(k, v)| {
                f(k);
                f(v)
            }),
            Object::Instance(inst) => {
                inst.attrs.iter().for_each(|(_, v)| f(v));
                match &inst.native {
                    Native::Thread(t) => {
                        f(&t.target);
                        f(&t.args);
                        f(&t.kwargs);
                    }
                    Native::Exception(e) => e.args.iter().for_each(f),
                    Native::None => {}
                }
            }
            Object::Set(set) => set.keys().for_each(f),
            Object::Queue(q) => q.items.iter().for_each(f),
            Object::Local(per_thread) => per_thread.iter().for_each(|(_, attrs)| attrs.iter().for_each(|(_, v)| f(v))),
            Object::Cell { value, .. } => f(value),
            Object::Lock(_) | Object::RLock(_) | Object::Event(_) | Object::Semaphore(_) | Object::Condition(_) => {}
        }
    }

    /// Object references that are not inside a `Value`.
    pub fn raw_refs(&self, f: &mut impl FnMut(ObjId)) {
        if let Object::Condition(c) = self {
            f(c.lock)
        }
    }

    /// The same, to change them.
    pub fn raw_refs_mut(&mut self, f: &mut impl FnMut(&mut ObjId)) {
        if let Object::Condition(c) = self {
            f(&mut c.lock)
        }
    }
}
