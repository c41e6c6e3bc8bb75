//! One schedule from the initial state, each step chosen by a policy: the
//! building block of the random and PCT modes.

use super::fingerprint::Fingerprint;
use super::{Found, Model};
use std::collections::HashSet;

/// Findings met on walks, first schedule per key.
pub struct Collector<C, F> {
    pub found: Vec<Found<C, F>>,
    keys: HashSet<String>,
    /// Distinct states seen (fingerprints).
    pub seen: HashSet<Fingerprint>,
    pub transitions: u64,
    pub max_depth: u64,
}

impl<C: Clone, F> Collector<C, F> {
    pub fn new() -> Self {
        Collector { found: vec![], keys: HashSet::new(), seen: HashSet::new(), transitions: 0, max_depth: 0 }
    }

    fn add<M: Model<Choice = C, Finding = F>>(&mut self, model: &M, fs: Vec<F>, schedule: &[C]) {
        for f in fs {
            if self.keys.insert(model.finding_key(&f)) {
                self.found.push(Found { finding: f, schedule: schedule.to_vec() });
            }
        }
    }
}

/// The run of `choices` (they come in thread order) that moves the same
/// thread as `choices[i]`: a thread parked at a random call has one choice
/// per outcome. Returns (first index, count).
pub fn same_thread<M: Model>(model: &M, choices: &[M::Choice], i: usize) -> (usize, usize) {
    let t = model.thread_of(&choices[i]);
    let mut start = i;
    while start > 0 && model.thread_of(&choices[start - 1]) == t {
        start -= 1;
    }
    let mut end = i + 1;
    while end < choices.len() && model.thread_of(&choices[end]) == t {
        end += 1;
    }
    (start, end - start)
}

/// Run one walk of at most `max_steps`; `pick(state, choices, step)` picks
/// an index into `choices`.
pub fn walk<M: Model>(
    model: &M,
    init: &M::State,
    max_steps: u64,
    out: &mut Collector<M::Choice, M::Finding>,
    mut pick: impl FnMut(&M::State, &[M::Choice], u64) -> usize,
) -> Result<(), M::Error> {
    let mut s = init.clone();
    let mut schedule = Vec::new();
    let mut choices = Vec::new();
    // A walk going round states already seen (a spin or a `while True`
    // loop) stops after this many steps without a new one.
    const STALE_STEPS: u32 = 200;
    let mut stale = 0;
    for step in 0..max_steps {
        if out.seen.insert(model.fingerprint(&s)) {
            stale = 0;
        } else {
            stale += 1;
            if stale > STALE_STEPS {
                break;
            }
        }
        model.choices(&s, &mut choices);
        // A step that comes back to `s` (a thread spin-waiting) is no
        // move: it is dropped and another picked. When none is left, no
        // thread can move (the rest only spin).
        let mut next = None;
        while !choices.is_empty() {
            let i = pick(&s, &choices, step).min(choices.len() - 1);
            let c = choices[i];
            let mut f = Vec::new();
            let (mut t, _) = model.step(&s, c, &mut f)?;
            model.settle(&mut t);
            out.transitions += 1;
            if !model.same_state(&s, &t) {
                next = Some((c, t, f));
                break;
            }
            schedule.push(c);
            out.add(model, f, &schedule);
            schedule.pop();
            choices.remove(i);
        }
        let mut f = Vec::new();
        model.check_state(&s, &choices, &mut f);
        out.add(model, f, &schedule);
        let Some((c, t, f)) = next else { break };
        schedule.push(c);
        out.add(model, f, &schedule);
        s = t;
    }
    out.max_depth = out.max_depth.max(schedule.len() as u64);
    Ok(())
}
