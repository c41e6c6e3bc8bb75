//! Findings: what can go wrong, detected from each step's notes and from
//! states where nobody can move.

mod lock_order;
mod loop_places;
mod never_ends;
mod stuck;

pub use lock_order::{Inversion, has_lock_cycle, lock_order_inversions};
pub use never_ends::{Looping, looping_threads};
pub use stuck::{Blocked, StuckAnalysis, WaitTarget, analyse_stuck, possible_wakers, resource_label};

use crate::explore::Model;
use crate::ir::Span;
use crate::vm::{Choice, Loc, ModelError, SharedThread, State, StepNotes, Thread, Tid, Touched, Vm};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The stable finding ids of DESIGN.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    LostUpdate,
    Assertion,
    Deadlock,
    SelfDeadlock,
    MissedSignal,
    Hang,
    LockLeak,
    UncaughtException,
    LockOrderInversion,
    /// Internal: one edge of the lock-order graph (never reported).
    LockEdge,
    /// Internal: a thread loops forever in local code; reported as a note.
    NeverEnds,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::LostUpdate => "lost-update",
            Kind::Assertion => "assertion",
            Kind::Deadlock => "deadlock",
            Kind::SelfDeadlock => "self-deadlock",
            Kind::MissedSignal => "missed-signal",
            Kind::Hang => "hang",
            Kind::LockLeak => "lock-leak",
            Kind::UncaughtException => "uncaught-exception",
            Kind::LockOrderInversion => "lock-order-inversion",
            Kind::LockEdge => "lock-edge",
            Kind::NeverEnds => "never-ends",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub const ALL: [Kind; 9] = [
        Kind::LostUpdate,
        Kind::Assertion,
        Kind::Deadlock,
        Kind::SelfDeadlock,
        Kind::MissedSignal,
        Kind::Hang,
        Kind::LockLeak,
        Kind::UncaughtException,
        Kind::LockOrderInversion,
    ];
}

/// A finding as the explorer records it: enough to tell findings apart. The
/// report replays its schedule to explain it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// Distinguishes findings of one kind (the variable, the line...).
    pub key: String,
    pub tid: Option<Tid>,
    pub span: Option<Span>,
    /// Locks involved: a lock edge's `[held, acquired, gates...]`; a
    /// deadlock's locks in the cycle.
    pub locks: Vec<String>,
}

/// The VM seen as a transition system, with detectors attached.
pub struct Checker<'a> {
    pub vm: &'a Vm,
    /// How many explored states are ends of the program.
    pub finished_states: std::sync::atomic::AtomicU64,
    /// Where chain steps were seen to come back to their place.
    loop_places: loop_places::LoopPlaces,
}

impl<'a> Checker<'a> {
    pub fn new(vm: &'a Vm) -> Self {
        Checker { vm, finished_states: std::sync::atomic::AtomicU64::new(0), loop_places: loop_places::LoopPlaces::new(&vm.program) }
    }
}

/// What a step touched, shared: the search copies what a known self-loop
/// touched into every successor it stays one in.
pub type Effects = Arc<Touched>;

impl Checker<'_> {
    /// Take `c` at `s`, in place, and note what the step found.
    fn step_in_place(&self, s: &mut State, c: Choice, found: &mut Vec<Finding>) -> Result<Effects, ModelError> {
        let notes = self.vm.step_unsettled(s, c, &mut crate::vm::NoRecorder)?;
        if notes.uncaught.is_some() || notes.lost_update.is_some() || !notes.leaked_locks.is_empty() || !notes.lock_edges.is_empty() {
            // Findings name objects by labels, some by number: numbered
            // as the stored states are.
            self.vm.settle(s);
            self.step_findings(s, &notes, found);
        }
        Ok(Arc::new(notes.touched))
    }

    fn step_findings(&self, s: &State, notes: &StepNotes, found: &mut Vec<Finding>) {
        if let Some(u) = &notes.uncaught {
            let kind = if u.is_assertion { Kind::Assertion } else { Kind::UncaughtException };
            found.push(Finding {
                kind,
                key: format!("{}:{}:{}", kind.id(), u.class, u.span.line),
                tid: Some(u.tid),
                span: Some(u.span),
                locks: vec![],
            });
        }
        if let Some(l) = &notes.lost_update {
            let var = match l.loc {
                Loc::Global(g) => self.vm.program.global_name(g).to_string(),
                Loc::Attr(_, n) => format!(".{}", self.vm.program.name(n)),
                Loc::Cell(_) => format!("cell:{}", self.vm.loc_label(s, l.loc)),
                Loc::Item(..) => format!("item:{}", self.vm.loc_label(s, l.loc)),
            };
            found.push(Finding {
                kind: Kind::LostUpdate,
                key: format!("lost-update:{var}"),
                tid: Some(l.tid),
                span: Some(l.span),
                locks: vec![],
            });
        }
        for &lock in &notes.leaked_locks {
            let label = self.vm.object_label(s, lock);
            found.push(Finding { kind: Kind::LockLeak, key: format!("lock-leak:{label}"), tid: None, span: None, locks: vec![label] });
        }
        for e in &notes.lock_edges {
            let to = self.vm.object_label(s, e.acquired);
            let held: Vec<String> = e.held.iter().map(|&h| self.vm.object_label(s, h)).collect();
            for (i, from) in held.iter().enumerate() {
                let mut locks = vec![from.clone(), to.clone()];
                locks.extend(held.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, g)| g.clone()));
                found.push(Finding {
                    kind: Kind::LockEdge,
                    key: format!("lock-edge:{from}->{to}:{}:{}", e.tid, e.span.line),
                    tid: Some(e.tid),
                    span: Some(e.span),
                    locks,
                });
            }
        }
    }
}

/// Is `c`, a self-loop whose thread was `before` and which touched
/// `loop_effects`, still one at `t`, where a step that touched
/// `step_effects` led? Yes when its thread is unchanged (not woken, not
/// renumbered: the same shared copy) and nothing it read was written.
fn still_self_loop(before: &SharedThread, t: &State, c: Choice, loop_effects: &Touched, step_effects: &Touched) -> bool {
    t.threads.get(c.tid as usize).is_some_and(|now| Arc::ptr_eq(before, now)) && !step_effects.may_change(loop_effects)
}

impl Model for Checker<'_> {
    type State = State;
    type Choice = Choice;
    type Finding = Finding;
    type Error = ModelError;
    type Effects = Effects;

    fn gauge(&self, s: &State, out: &mut Vec<(u64, i64)>) {
        self.vm.gauge(s, out)
    }

    fn gauge_name(&self, key: u64) -> Option<String> {
        self.vm.gauge_name(key)
    }

    fn initial(&self, found: &mut Vec<Finding>) -> Result<State, ModelError> {
        let (s, notes) = self.vm.initial(&mut crate::vm::NoRecorder)?;
        self.step_findings(&s, &notes, found);
        Ok(s)
    }

    fn choices(&self, s: &State, out: &mut Vec<Choice>) {
        self.vm.choices(s, out)
    }

    fn step(&self, s: &State, c: Choice, found: &mut Vec<Finding>) -> Result<(State, Effects), ModelError> {
        let mut t = s.clone();
        let touched = self.step_in_place(&mut t, c, found)?;
        Ok((t, touched))
    }

    fn step_in_chain(&self, s: &mut State, c: Choice, known: &mut Vec<(Choice, Effects)>, found: &mut Vec<Finding>) -> Result<(Effects, bool), ModelError> {
        // The known self-loops' threads, held: a step that changes one
        // copies it first (copy on write), so its pointer tells.
        let held: smallvec::SmallVec<[SharedThread; 4]> = known.iter().map(|(k, _)| s.threads[k.tid as usize].clone()).collect();
        // A step that came back to its state left its thread in its place:
        // one that moved it elsewhere did not come back. From a place
        // steps were seen to come back to, a hash of the thread before and
        // after tells; elsewhere the chain does (`loop_places.rs`).
        let place = |t: &Thread| (t.status, t.frames.len(), t.frames.last().map(|fr| (fr.func, fr.pc)));
        let digest = |t: &Thread| {
            let mut h = crate::explore::KeyHasher::new();
            t.hash(&mut h);
            h.finish()
        };
        let thread = &s.threads[c.tid as usize];
        let before = place(thread);
        let top = before.2;
        let hashed = top.is_some_and(|(func, pc)| self.loop_places.looped(func, pc)).then(|| digest(thread));
        let touched = self.step_in_place(s, c, found)?;
        let thread = &s.threads[c.tid as usize];
        if place(thread) == before {
            match hashed {
                Some(h) if digest(thread) != h => {}
                Some(_) => return Ok((touched, true)),
                None => {
                    if let Some((func, pc)) = top {
                        self.loop_places.learn(func, pc);
                    }
                    return Ok((touched, true));
                }
            }
        }
        let mut held = held.iter();
        known.retain(|(k, e)| still_self_loop(held.next().expect("one per known loop"), s, *k, e, &touched));
        Ok((touched, false))
    }

    fn persistent(&self, s: &State, choices: &[Choice], effects: &[&Effects], self_loops: &[bool], out: &mut Vec<usize>) {
        let touched: smallvec::SmallVec<[&Touched; 8]> = effects.iter().map(|e| &***e).collect();
        self.vm.persistent_set(s, choices, &touched, self_loops, out)
    }

    fn settle(&self, s: &mut State) {
        self.vm.settle(s)
    }

    fn settled_fingerprint(&self, s: &mut State) -> crate::explore::Fingerprint {
        self.vm.settled_fingerprint(s)
    }

    fn same_state(&self, a: &State, b: &State) -> bool {
        a.same_as(b)
    }

    fn commute(&self, (c, e): (Choice, &Effects), (d, f): (Choice, &Effects)) -> bool {
        c.tid != d.tid && !e.may_change(f) && !f.may_change(e)
    }

    fn position(&self, s: &State, c: Choice) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let mut h = crate::explore::KeyHasher::new();
        c.tid.hash(&mut h);
        for fr in &s.threads[c.tid as usize].frames {
            (fr.func, fr.pc).hash(&mut h);
        }
        Some(h.finish())
    }

    fn still_self_loop(&self, s: &State, t: &State, c: Choice, loop_effects: &Effects, step_effects: &Effects) -> bool {
        still_self_loop(&s.threads[c.tid as usize], t, c, loop_effects, step_effects)
    }

    fn check_state(&self, s: &State, choices: &[Choice], found: &mut Vec<Finding>) {
        if !choices.is_empty() {
            return;
        }
        if self.vm.is_finished(s) {
            self.finished_states.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return;
        }
        for t in self.vm.spinning(s) {
            let span = self.vm.thread_span(s, t);
            found.push(Finding {
                kind: Kind::NeverEnds,
                key: format!("never-ends:{}:{}", self.vm.thread_name(s, t), span.map_or(0, |s| s.line)),
                tid: Some(t),
                span,
                locks: vec![],
            });
        }
        let a = analyse_stuck(self.vm, s);
        if a.roots.is_empty() {
            // Nobody is blocked on anything, yet nobody can move: a thread
            // spins waiting for shared state no thread left will change.
            // (One that touches nothing shared loops by design: noted, not
            // flagged.)
            for (t, read) in self.vm.spin_waiting(s) {
                if read.is_empty() {
                    continue;
                }
                let span = self.vm.thread_span(s, t);
                found.push(Finding {
                    kind: Kind::Hang,
                    key: format!("hang:spin:{}:{}", self.vm.thread_name(s, t), span.map_or(0, |s| s.line)),
                    tid: Some(t),
                    span,
                    locks: vec![],
                });
            }
        }
        for root in &a.roots {
            // One finding per kind and resource: the same missed signal seen
            // by two waiters, or reached in two ways, is one finding.
            let mut resources: Vec<String> = root
                .threads
                .iter()
                .filter_map(|&t| a.blocked_of(t).map(|b| stuck::resource_label(&b.target)))
                .collect();
            resources.sort();
            resources.dedup();
            let locks: Vec<String> = root
                .threads
                .iter()
                .filter_map(|&t| match &a.blocked_of(t)?.target {
                    WaitTarget::Lock { label, .. } => Some(label.clone()),
                    _ => None,
                })
                .collect();
            found.push(Finding {
                kind: root.kind,
                key: format!("{}:{}", root.kind.id(), resources.join(",")),
                tid: root.threads.first().copied(),
                span: root.threads.first().and_then(|&t| a.blocked_of(t)).and_then(|b| b.span),
                locks,
            });
        }
    }

    fn finding_key(&self, f: &Finding) -> String {
        f.key.clone()
    }

    fn thread_of(&self, c: &Choice) -> u32 {
        c.tid
    }

    fn fingerprint(&self, s: &State) -> crate::explore::Fingerprint {
        self.vm.canonical_fingerprint(s)
    }

    /// Threads and heap objects are hashed apart (`vm/hashed.rs`).
    fn parts(&self, s: &State) -> u64 {
        (s.threads.len() + s.heap.len()) as u64
    }
}
