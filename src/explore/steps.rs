//! Every step out of a state, with the steps that come back to the state
//! itself told apart. Such a step (a thread spin-waiting: `while
//! len(threading.enumerate()) > 1: pass` reads, finds nothing changed and
//! loops) changes nothing, so no search needs to take it: the thread is as
//! good as blocked until another thread changes what it read. A state whose
//! every step is such a self-loop is stuck (its threads wait, or spin, for
//! ever), and its own findings are asked for as if no thread could move.

use super::Model;

/// One step: the choice, where it leads, what it touched and found.
pub struct Step<M: Model> {
    pub choice: M::Choice,
    /// `None` for a self-loop (it leads back). Boxed: a state is large, and
    /// the search moves it from step to successor to frontier.
    pub state: Option<Box<M::State>>,
    pub effects: M::Effects,
    pub findings: Vec<M::Finding>,
    /// The step came back to the state it left.
    pub self_loop: bool,
}

/// All steps out of a state, and the state's own findings.
pub struct Steps<M: Model> {
    pub choices: Vec<M::Choice>,
    pub steps: Vec<Step<M>>,
    pub state_findings: Vec<M::Finding>,
    /// How many steps were run (those known to come back were not).
    pub ran: u64,
}

impl<M: Model> Steps<M> {
    /// Indexes of the steps that go somewhere.
    pub fn live(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.steps.len()).filter(|&i| !self.steps[i].self_loop)
    }

    pub fn self_loops(&self) -> Vec<bool> {
        self.steps.iter().map(|x| x.self_loop).collect()
    }
}

/// A choice known to be a self-loop at a state, and what its step touched.
pub type Known<M> = (<M as Model>::Choice, <M as Model>::Effects);

/// Take every enabled choice at `s`, but for those `known` to come back
/// (they are not run again). The successors are settled (`Model::settle`)
/// when `settle` is set; a caller that goes on stepping from them first
/// settles only where it stops.
pub fn steps_of<M: Model>(model: &M, s: &M::State, known: &[Known<M>], settle: bool) -> Result<Steps<M>, M::Error> {
    let mut choices = Vec::new();
    model.choices(s, &mut choices);
    let mut steps = Vec::with_capacity(choices.len());
    let mut ran = 0;
    for &c in &choices {
        if let Some((_, effects)) = known.iter().find(|(k, _)| *k == c) {
            steps.push(Step { choice: c, state: None, effects: effects.clone(), findings: vec![], self_loop: true });
            continue;
        }
        let mut findings = Vec::new();
        let (mut t, effects) = model.step(s, c, &mut findings)?;
        ran += 1;
        let self_loop = model.same_state(s, &t);
        if settle && !self_loop {
            model.settle(&mut t);
        }
        let state = if self_loop { None } else { Some(Box::new(t)) };
        steps.push(Step { choice: c, state, effects, findings, self_loop });
    }
    let live: smallvec::SmallVec<[M::Choice; 8]> = steps.iter().filter(|x| !x.self_loop).map(|x| x.choice).collect();
    let mut state_findings = Vec::new();
    model.check_state(s, &live, &mut state_findings);
    Ok(Steps { choices, steps, state_findings, ran })
}
