//! A state where no thread can move and the program has not ended: who
//! waits for what, who holds it, and why nobody can help. Cycles in the
//! wait-for graph (threads → the threads they wait for) are deadlocks; the
//! other chains end at a root cause (a missed signal, a hang, a leaked lock).

use super::Kind;
use crate::ir::Span;
use crate::vm::{Object, State, Status, Tid, Vm, Wait};
use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

/// What a blocked thread waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitTarget {
    /// A lock (or RLock, or a condition's lock) and who holds it.
    Lock { label: String, holder: Option<Tid>, reentrant: bool },
    Semaphore { label: String },
    /// An event that is not set; `was_set` if it was set and cleared.
    Event { label: String, was_set: bool },
    /// A condition wait; `lost_notify` if a notify came with no waiter.
    Condition { label: String, lost_notify: bool },
    /// Another thread to end.
    Join { thread: Tid },
    QueueGet { label: String },
    QueuePut { label: String },
    QueueJoin { label: String, unfinished: i64 },
}

#[derive(Clone, Debug)]
pub struct Blocked {
    pub tid: Tid,
    pub name: String,
    pub target: WaitTarget,
    /// Where the thread waits.
    pub span: Option<Span>,
}

/// One root cause at a stuck state and the threads it explains.
#[derive(Clone, Debug)]
pub struct Root {
    pub kind: Kind,
    /// For a deadlock, the cycle in order; otherwise the blocked thread.
    pub threads: Vec<Tid>,
}

#[derive(Clone, Debug)]
pub struct StuckAnalysis {
    pub blocked: Vec<Blocked>,
    pub roots: Vec<Root>,
}

impl StuckAnalysis {
    pub fn blocked_of(&self, t: Tid) -> Option<&Blocked> {
        self.blocked.iter().find(|b| b.tid == t)
    }
}

fn target_of(vm: &Vm, s: &State, w: &Wait) -> WaitTarget {
    let lock_target = |lock: u32| {
        let label = vm.object_label(s, lock);
        match &s.heap[lock as usize] {
            Object::Lock(l) => WaitTarget::Lock { label, holder: l.holder, reentrant: false },
            Object::RLock(r) => WaitTarget::Lock { label, holder: r.owner, reentrant: true },
            _ => WaitTarget::Lock { label, holder: None, reentrant: false },
        }
    };
    match *w {
        Wait::Lock { lock, .. } | Wait::RLock { lock, .. } => lock_target(lock),
        Wait::Semaphore { sem, .. } => WaitTarget::Semaphore { label: vm.object_label(s, sem) },
        Wait::EventSignal { event, .. } => {
            let was_set = matches!(&s.heap[event as usize], Object::Event(e) if e.was_set);
            WaitTarget::Event { label: vm.object_label(s, event), was_set }
        }
        Wait::Cond { cond, .. } => {
            let lost_notify = matches!(&s.heap[cond as usize], Object::Condition(c) if c.lost_notify);
            WaitTarget::Condition { label: vm.object_label(s, cond), lost_notify }
        }
        Wait::Join { thread, .. } => WaitTarget::Join { thread: s.join_target(thread) },
        Wait::QueueGet { queue, .. } => WaitTarget::QueueGet { label: vm.object_label(s, queue) },
        Wait::QueuePut { queue, .. } => WaitTarget::QueuePut { label: vm.object_label(s, queue) },
        Wait::QueueJoin { queue } => {
            let unfinished = match &s.heap[queue as usize] {
                Object::Queue(q) => q.unfinished.n,
                _ => 0,
            };
            WaitTarget::QueueJoin { label: vm.object_label(s, queue), unfinished }
        }
    }
}

/// `ThreadPoolExecutor.shutdown(wait=True)` waits for its workers to end
/// (CPython joins them; the prelude waits on an event the last one sets):
/// for `tid` waiting there, the first of them still alive, as a join.
fn awaited_executor_worker(vm: &Vm, s: &State, tid: Tid) -> Option<Tid> {
    let t = &s.threads[tid as usize];
    let fr = t.frames.last()?;
    let prog = &vm.program;
    let f = &prog.functions[fr.func as usize];
    if !(f.prelude && &*f.qualname == "ThreadPoolExecutor._atomic_wait_workers") {
        return None;
    }
    let executor = fr.locals.first()?;
    s.threads.iter().position(|w| {
        w.status != Status::Done
            && w.frames.first().is_some_and(|bottom| {
                let g = &prog.functions[bottom.func as usize];
                g.prelude && &*g.qualname == "worker" && bottom.locals.first() == Some(executor)
            })
    })
    .map(|w| w as Tid)
}

pub fn analyse_stuck(vm: &Vm, s: &State) -> StuckAnalysis {
    let mut blocked = Vec::new();
    for (i, t) in s.threads.iter().enumerate() {
        if t.status == Status::Done {
            continue;
        }
        let tid = i as Tid;
        let Some(w) = &t.wait else { continue };
        let mut target = target_of(vm, s, w);
        if let Some(worker) = awaited_executor_worker(vm, s, tid) {
            target = WaitTarget::Join { thread: worker };
        }
        // A notified condition waiter that cannot re-take the lock waits
        // for the lock.
        if let Wait::Cond { lock, .. } = *w {
            if t.signaled {
                let label = vm.object_label(s, lock);
                target = match &s.heap[lock as usize] {
                    Object::Lock(l) => WaitTarget::Lock { label, holder: l.holder, reentrant: false },
                    Object::RLock(r) => WaitTarget::Lock { label, holder: r.owner, reentrant: true },
                    _ => target,
                };
            }
        }
        blocked.push(Blocked { tid, name: vm.thread_name(s, tid), target, span: vm.thread_span(s, tid) });
    }

    // Wait-for graph over threads.
    let mut g: DiGraph<Tid, ()> = DiGraph::new();
    let nodes: Vec<_> = (0..s.threads.len()).map(|t| g.add_node(t as Tid)).collect();
    for b in &blocked {
        let to = match &b.target {
            WaitTarget::Lock { holder: Some(h), .. } => Some(*h),
            WaitTarget::Join { thread } => Some(*thread),
            _ => None,
        };
        if let Some(to) = to {
            g.add_edge(nodes[b.tid as usize], nodes[to as usize], ());
        }
    }
    // A thread waiting for what only blocked threads' own code could still
    // provide (room in a full queue only the joining parent would read)
    // waits for them: an edge to each. Only the model's code counts here,
    // not library code (an executor's shutdown puts into its own queue).
    for b in &blocked {
        if matches!(b.target, WaitTarget::Lock { holder: Some(_), .. } | WaitTarget::Join { .. }) {
            continue;
        }
        let wakers = possible_wakers_in(vm, s, &b.target, b.tid, false);
        if !wakers.is_empty() && wakers.iter().all(|&w| s.threads[w as usize].wait.is_some()) {
            for w in wakers {
                g.add_edge(nodes[b.tid as usize], nodes[w as usize], ());
            }
        }
    }
    let mut roots = Vec::new();
    let mut in_cycle = vec![false; s.threads.len()];
    for scc in tarjan_scc(&g) {
        let self_loop = scc.len() == 1 && g.contains_edge(scc[0], scc[0]);
        if scc.len() > 1 || self_loop {
            let mut cycle: Vec<Tid> = scc.iter().map(|n| g[*n]).collect();
            cycle.sort();
            // Order the cycle by following the edges from its first thread.
            let mut ordered = vec![cycle[0]];
            while ordered.len() < cycle.len() {
                let last = *ordered.last().unwrap();
                let next = g.neighbors(nodes[last as usize]).map(|n| g[n]).find(|t| cycle.contains(t) && !ordered.contains(t));
                match next {
                    Some(n) => ordered.push(n),
                    None => break,
                }
            }
            for &t in &ordered {
                in_cycle[t as usize] = true;
            }
            let kind = if self_loop { Kind::SelfDeadlock } else { Kind::Deadlock };
            roots.push(Root { kind, threads: ordered });
        }
    }
    // Threads that wait on nothing another thread could give.
    for b in &blocked {
        if in_cycle[b.tid as usize] {
            continue;
        }
        let kind = match &b.target {
            WaitTarget::Lock { holder: Some(h), .. } => {
                if s.threads[*h as usize].status == Status::Done {
                    Kind::LockLeak
                } else {
                    continue;
                }
            }
            WaitTarget::Lock { holder: None, .. } => Kind::Hang,
            WaitTarget::Join { .. } => continue,
            WaitTarget::Event { was_set: true, .. } | WaitTarget::Condition { lost_notify: true, .. } => Kind::MissedSignal,
            WaitTarget::Event { .. }
            | WaitTarget::Condition { .. }
            | WaitTarget::Semaphore { .. }
            | WaitTarget::QueueGet { .. }
            | WaitTarget::QueuePut { .. }
            | WaitTarget::QueueJoin { .. } => Kind::Hang,
        };
        roots.push(Root { kind, threads: vec![b.tid] });
    }
    StuckAnalysis { blocked, roots }
}

/// The resource a wait is on (a thread's name for a join).
pub fn resource_label(t: &WaitTarget) -> String {
    match t {
        WaitTarget::Lock { label, .. }
        | WaitTarget::Semaphore { label }
        | WaitTarget::Event { label, .. }
        | WaitTarget::Condition { label, .. }
        | WaitTarget::QueueGet { label }
        | WaitTarget::QueuePut { label }
        | WaitTarget::QueueJoin { label, .. } => label.clone(),
        WaitTarget::Join { thread } => format!("thread {thread}"),
    }
}

/// Live threads (other than `except`) whose code on their current call
/// stack can still provide what `target` waits for (`set` an event,
/// `notify` a condition, `put` into a queue...). An approximation by method
/// name, used to say "nobody can wake it".
pub fn possible_wakers(vm: &Vm, s: &State, target: &WaitTarget, except: Tid) -> Vec<Tid> {
    possible_wakers_in(vm, s, target, except, true)
}

/// `possible_wakers`, looking at library (prelude) code too or not.
fn possible_wakers_in(vm: &Vm, s: &State, target: &WaitTarget, except: Tid, library: bool) -> Vec<Tid> {
    let methods: &[&str] = match target {
        WaitTarget::Event { .. } => &["set"],
        WaitTarget::Condition { .. } => &["notify", "notify_all", "notifyAll"],
        WaitTarget::QueueGet { .. } => &["put", "put_nowait"],
        WaitTarget::QueuePut { .. } => &["get", "get_nowait"],
        WaitTarget::QueueJoin { .. } => &["task_done"],
        WaitTarget::Semaphore { .. } | WaitTarget::Lock { holder: None, .. } => &["release"],
        WaitTarget::Lock { .. } | WaitTarget::Join { .. } => return vec![],
    };
    let mut out = Vec::new();
    for (i, t) in s.threads.iter().enumerate() {
        if i as Tid == except || t.status == Status::Done {
            continue;
        }
        let calls = t.frames.iter().any(|fr| {
            let f = &vm.program.functions[fr.func as usize];
            if !library && f.spans.iter().all(|sp| sp.line == 0) {
                return false;
            }
            f.code.iter().any(|op| {
                matches!(op, crate::ir::Op::CallMethod { name, .. } if methods.contains(&vm.program.name(*name)))
            })
        });
        if calls {
            out.push(i as Tid);
        }
    }
    out
}
