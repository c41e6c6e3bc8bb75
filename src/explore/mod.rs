//! Search strategies over any transition system that implements `Model`.
//! Strategies know nothing of Python: they see states, choices and findings.

mod bfs;
mod bounded;
mod fingerprint;
mod paths;
mod pct;
mod preemption;
mod random;
mod steps;
mod visited;
mod walk;

pub use bfs::explore_bfs;
pub use bounded::explore_bounded;
pub use pct::explore_pct;
pub use preemption::fewest_preemptions;
pub use random::explore_random;
pub use fingerprint::{BuildFingerprintHasher, ByteSink, Fingerprint, KeyHasher, fingerprint, part_hash};

use std::fmt::Debug;
use std::hash::Hash;
use std::time::Duration;

/// A transition system the explorer can search.
pub trait Model {
    type State: Clone + Hash;
    type Choice: Copy + Eq + Debug;
    type Finding;
    type Error;
    /// What a step touched, for partial-order reduction.
    type Effects: Clone;

    fn initial(&self, found: &mut Vec<Self::Finding>) -> Result<Self::State, Self::Error>;
    /// The choices enabled at `s` (none: the state is final or stuck).
    fn choices(&self, s: &Self::State, out: &mut Vec<Self::Choice>);
    /// Take a choice. Returns the successor and what the step touched.
    fn step(&self, s: &Self::State, c: Self::Choice, found: &mut Vec<Self::Finding>)
    -> Result<(Self::State, Self::Effects), Self::Error>;
    /// `step` in a chain, in place: `s` becomes the successor, so that a
    /// state only passed through is not copied first. Also says whether the
    /// step may have come back to `s`. If not, of `known` (steps that came
    /// back to `s`) those no longer self-loops after the step
    /// (`still_self_loop`) are dropped; if so, `known` is left for the
    /// caller, who must build the state before to tell. The default steps
    /// a copy and knows.
    fn step_in_chain(
        &self,
        s: &mut Self::State,
        c: Self::Choice,
        known: &mut Vec<(Self::Choice, Self::Effects)>,
        found: &mut Vec<Self::Finding>,
    ) -> Result<(Self::Effects, bool), Self::Error> {
        let (t, effects) = self.step(s, c, found)?;
        let back = self.same_state(s, &t);
        if !back {
            known.retain(|(k, e)| self.still_self_loop(s, &t, *k, e, &effects));
        }
        *s = t;
        Ok((effects, back))
    }
    /// Bring a state `step` led to into the form that is stored and hashed.
    /// A model may leave bookkeeping undone in `step` (the VM's renumbering
    /// of its heap) to save it on states only passed through (a chain);
    /// `choices`, `step` and `same_state` work on either form, and
    /// `fingerprint` is right on either, though on an unsettled state it
    /// may tell apart states a settled one would merge.
    fn settle(&self, _s: &mut Self::State) {}
    /// `settle`, then `fingerprint`: a model may know from settling what
    /// saves work in hashing.
    fn settled_fingerprint(&self, s: &mut Self::State) -> Fingerprint {
        self.settle(s);
        self.fingerprint(s)
    }
    /// Partial-order reduction: the indexes (into `choices`) of a persistent
    /// set at `s` — choices that no sequence of the other choices' threads
    /// can interfere with — given what each choice's step touched, and
    /// which steps came back to `s` (a thread all of whose steps do is as
    /// good as blocked until someone changes what it read). Self-loops in
    /// the answer are ignored. Every index is always sound; that is the
    /// default.
    fn persistent(
        &self,
        _s: &Self::State,
        choices: &[Self::Choice],
        _effects: &[&Self::Effects],
        _self_loops: &[bool],
        out: &mut Vec<usize>,
    ) {
        out.clear();
        out.extend(0..choices.len());
    }
    /// Did a step from `a` come back to `a`? (`b` is where it led.) A model
    /// that cannot tell cheaply says no; the search then just takes the step.
    fn same_state(&self, _a: &Self::State, _b: &Self::State) -> bool {
        false
    }
    /// Is the step `c`, a self-loop at `s` that touched `loop_effects`,
    /// still one at `t`, which a step that touched `step_effects` led to?
    /// (Yes when that step changed nothing it reads.) Saying no is always
    /// sound: the step is then run again.
    fn still_self_loop(
        &self,
        _s: &Self::State,
        _t: &Self::State,
        _c: Self::Choice,
        _loop_effects: &Self::Effects,
        _step_effects: &Self::Effects,
    ) -> bool {
        false
    }
    /// Where in its code the thread of `c` stands at `s` (its call stack's
    /// functions and program counters, hashed), if the model can tell. A
    /// chain stops before a thread takes a step from a place it already
    /// stepped from in that chain (a loop went round), so that chains running
    /// the same loop from different iterations meet in stored states.
    fn position(&self, _s: &Self::State, _c: Self::Choice) -> Option<u64> {
        None
    }
    /// Do these two steps, of different threads, commute (either order
    /// gives the same state)? Saying no is always sound; the search uses it
    /// only to guess where two orders meet.
    fn commute(&self, _a: (Self::Choice, &Self::Effects), _b: (Self::Choice, &Self::Effects)) -> bool {
        false
    }
    /// Integer quantities of `s` (a counter's value, a queue's length), each
    /// under a key `gauge_name` names: when a search stops by a limit, those
    /// that kept growing with depth are reported (`Coverage::growing`).
    /// None by default.
    fn gauge(&self, _s: &Self::State, _out: &mut Vec<(u64, i64)>) {}
    /// What a `gauge` key measures, for the report; None for a quantity
    /// not worth naming (the model's own bookkeeping).
    fn gauge_name(&self, key: u64) -> Option<String> {
        Some(key.to_string())
    }
    /// Findings of a state itself (e.g. nobody can move but the program has
    /// not ended); `choices` are its enabled choices whose steps lead
    /// elsewhere (none: final, or stuck, or every thread left spins).
    fn check_state(&self, s: &Self::State, choices: &[Self::Choice], found: &mut Vec<Self::Finding>);
    /// Findings with the same key are one finding: only the first (shortest)
    /// is kept.
    fn finding_key(&self, f: &Self::Finding) -> String;
    /// The thread a choice moves (for counting preemptions).
    fn thread_of(&self, c: &Self::Choice) -> u32;
    /// The fingerprint the visited set stores. A model with a state
    /// reduction (symmetry) hashes a canonical form here, so that states it
    /// deems equivalent are one state; the state itself stays concrete, so
    /// schedules replay exactly.
    fn fingerprint(&self, s: &Self::State) -> Fingerprint {
        fingerprint(s)
    }
    /// How many parts of `s` its fingerprint hashes apart, each to a hash of
    /// its own that the state's hash combines (none: the state is hashed in
    /// one pass). More values hashed are more chances of a collision
    /// (`Coverage::hashed`).
    fn parts(&self, _s: &Self::State) -> u64 {
        0
    }
}

/// How far a search has got, for a progress display.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub states: u64,
    pub transitions: u64,
    pub depth: u64,
    pub elapsed: Duration,
    /// Resident memory of the process, when the platform tells.
    pub memory_bytes: Option<u64>,
}

pub type ProgressFn = std::sync::Arc<dyn Fn(&Progress) + Send + Sync>;

#[derive(Clone)]
pub struct Limits {
    pub max_states: u64,
    pub time_limit: Option<Duration>,
    /// Stop when the process's resident memory passes this many bytes.
    pub max_memory: Option<u64>,
    /// Partial-order reduction: only a persistent set of the enabled
    /// choices is explored (`Model::persistent`), with a cycle proviso.
    pub por: bool,
    /// Through states with a single choice worth taking (the only one not
    /// known to come back), steps are taken in a chain, without storing the
    /// states between them.
    pub chains: bool,
    /// Worker threads of the exhaustive search (1: no worker threads).
    /// The result does not depend on it.
    pub jobs: usize,
    /// Called now and then during long searches.
    pub progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("max_states", &self.max_states)
            .field("time_limit", &self.time_limit)
            .field("max_memory", &self.max_memory)
            .field("por", &self.por)
            .field("chains", &self.chains)
            .field("jobs", &self.jobs)
            .finish()
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_states: 5_000_000, time_limit: None, max_memory: None, por: true, chains: true, jobs: 1, progress: None }
    }
}

/// Every core of the machine: the default for `jobs`.
pub fn available_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The process's resident memory (Linux `/proc/self/statm`).
pub fn resident_memory() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// What a search covered.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub strategy: String,
    pub states: u64,
    pub transitions: u64,
    pub max_depth: u64,
    /// Every reachable state (up to the reductions) was explored.
    pub complete: bool,
    /// Why the search stopped early, if it did.
    pub stopped_by: Option<String>,
    pub reductions: Vec<String>,
    /// Fingerprint width in bits (state hashing), for the collision bound.
    pub fingerprint_bits: u32,
    /// At most how many distinct values were hashed to that many bits: the
    /// states, and the parts of states hashed apart (`Model::parts`), at most
    /// states × (1 + the most parts of a state). With m of them, the chance
    /// that two collide (and hid a state) is below m²/2^(bits+1).
    pub hashed: u64,
    /// Random and PCT modes: schedules run and the seed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedules: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// PCT's bug depth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<u32>,
    /// Bounded mode: every schedule with at most this many preemptions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preemption_bound: Option<u32>,
    /// A search stopped by a limit: quantities that grew with the depth it
    /// reached (from each quarter of its levels to the next), the likely
    /// reason it did not end.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub growing: Vec<Growth>,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// A quantity that kept growing with the search depth: its largest value
/// among the states sampled in each quarter of the levels reached.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Growth {
    pub quantity: String,
    pub values: [i64; 4],
}

/// How many states of each level `gauge` measures, evenly spaced.
const GAUGED_PER_LEVEL: usize = 16;

/// The largest value of each quantity among states spread over a level.
pub(crate) fn gauge_level<'s, M: Model>(model: &M, level: &[&'s M::State]) -> std::collections::BTreeMap<u64, i64>
where
    M::State: 's,
{
    let mut out = Vec::new();
    for s in level.iter().step_by(level.len().div_ceil(GAUGED_PER_LEVEL).max(1)) {
        model.gauge(s, &mut out);
    }
    let mut max = std::collections::BTreeMap::new();
    for (key, v) in out {
        let m = max.entry(key).or_insert(v);
        *m = (*m).max(v);
    }
    max
}

/// The quantities whose largest value rose from each quarter of the levels
/// to the next (a wrapping or bounded one does not), largest last value
/// first (five at most).
pub(crate) fn growing<M: Model>(model: &M, levels: &[std::collections::BTreeMap<u64, i64>]) -> Vec<Growth> {
    let n = levels.len();
    if n < 8 {
        return vec![];
    }
    let quarters = [0..n / 4, n / 4..n / 2, n / 2..3 * n / 4, 3 * n / 4..n];
    let max_in = |q: &u64, r: &std::ops::Range<usize>| levels[r.clone()].iter().filter_map(|l| l.get(q).copied()).max();
    let mut out: Vec<Growth> = levels[n - 1]
        .keys()
        .filter_map(|q| {
            let values = quarters.clone().map(|r| max_in(q, &r));
            let values = [values[0]?, values[1]?, values[2]?, values[3]?];
            if !values.windows(2).all(|w| w[0] < w[1]) {
                return None;
            }
            Some(Growth { quantity: model.gauge_name(*q)?, values })
        })
        .collect();
    out.sort_by(|a, b| b.values[3].cmp(&a.values[3]).then_with(|| a.quantity.cmp(&b.quantity)));
    out.truncate(5);
    out
}

/// A finding and the schedule (choices from the initial state) reaching it.
pub struct Found<C, F> {
    pub finding: F,
    pub schedule: Vec<C>,
}

pub struct Outcome<C, F> {
    pub found: Vec<Found<C, F>>,
    pub coverage: Coverage,
}
