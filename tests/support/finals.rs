//! The checker as a `Model`, also collecting a description of every final
//! state (shared by the explorer and reachability tests).

use interleave::detect::{Checker, Effects, Finding};
use interleave::explore::Model;
use interleave::vm::{Choice, ModelError, State, Vm};
use std::collections::BTreeSet;
use std::sync::Mutex;

pub struct Finals<'a> {
    pub inner: Checker<'a>,
    /// What a final state is remembered as.
    pub describe: Box<dyn Fn(&Vm, &State) -> String + Sync + 'a>,
    pub finals: Mutex<BTreeSet<String>>,
}

impl<'a> Finals<'a> {
    pub fn new(vm: &'a Vm, describe: impl Fn(&Vm, &State) -> String + Sync + 'a) -> Self {
        Finals { inner: Checker::new(vm), describe: Box::new(describe), finals: Mutex::new(BTreeSet::new()) }
    }
}

impl Model for Finals<'_> {
    type State = State;
    type Choice = Choice;
    type Finding = Finding;
    type Error = ModelError;
    type Effects = Effects;
    fn initial(&self, found: &mut Vec<Finding>) -> Result<State, ModelError> {
        self.inner.initial(found)
    }
    fn choices(&self, s: &State, out: &mut Vec<Choice>) {
        self.inner.choices(s, out)
    }
    fn step(&self, s: &State, c: Choice, found: &mut Vec<Finding>) -> Result<(State, Effects), ModelError> {
        self.inner.step(s, c, found)
    }
    fn step_in_chain(&self, s: &mut State, c: Choice, known: &mut Vec<(Choice, Effects)>, found: &mut Vec<Finding>) -> Result<(Effects, bool), ModelError> {
        self.inner.step_in_chain(s, c, known, found)
    }
    fn persistent(&self, s: &State, choices: &[Choice], effects: &[&Effects], self_loops: &[bool], out: &mut Vec<usize>) {
        self.inner.persistent(s, choices, effects, self_loops, out)
    }
    fn same_state(&self, a: &State, b: &State) -> bool {
        self.inner.same_state(a, b)
    }
    fn settle(&self, s: &mut State) {
        self.inner.settle(s)
    }
    fn commute(&self, a: (Choice, &Effects), b: (Choice, &Effects)) -> bool {
        self.inner.commute(a, b)
    }
    fn position(&self, s: &State, c: Choice) -> Option<u64> {
        self.inner.position(s, c)
    }
    fn still_self_loop(&self, s: &State, t: &State, c: Choice, loop_effects: &Effects, step_effects: &Effects) -> bool {
        self.inner.still_self_loop(s, t, c, loop_effects, step_effects)
    }
    fn check_state(&self, s: &State, choices: &[Choice], found: &mut Vec<Finding>) {
        if choices.is_empty() {
            let d = (self.describe)(self.inner.vm, s);
            self.finals.lock().unwrap().insert(d);
        }
        self.inner.check_state(s, choices, found)
    }
    fn finding_key(&self, f: &Finding) -> String {
        self.inner.finding_key(f)
    }
    fn thread_of(&self, c: &Choice) -> u32 {
        c.tid
    }
    fn fingerprint(&self, s: &State) -> interleave::explore::Fingerprint {
        self.inner.fingerprint(s)
    }
    fn settled_fingerprint(&self, s: &mut State) -> interleave::explore::Fingerprint {
        self.inner.settled_fingerprint(s)
    }
    fn parts(&self, s: &State) -> u64 {
        self.inner.parts(s)
    }
}
