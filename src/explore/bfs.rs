//! Exhaustive breadth-first search with a visited set of fingerprints
//! (without chains, the first path to each finding is a shortest one).
//!
//! The search goes level by level. A level's states are cut into windows
//! and chunks, expanded in parallel (`Limits::jobs` threads), each against
//! the visited set as it was when the level began (`visited.rs`); their
//! successors are merged one chunk at a time, in frontier order, while
//! later chunks are still being expanded: the thread that merges expands
//! a window's chunks from the front, the others from the back (`WINDOW`).
//! The merge alone changes the visited set and the schedule tree, so the
//! states, findings and schedules are the same for any number of jobs.

use super::fingerprint::Fingerprint;
use super::paths::Paths;
use super::steps::{Known, Steps, steps_of};
use super::visited::Visited;
use super::{Coverage, Found, Limits, Model, Outcome};
use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A level is cut into about this many chunks per job: enough that the
/// jobs end a level together, few enough that handing out a chunk costs
/// little next to expanding it.
const CHUNKS_PER_JOB: usize = 8;

/// The most states in a chunk: where the jobs meet in a window, one waits
/// for the other's last chunk.
const MAX_CHUNK: usize = 64;

/// A level is expanded a window of this many states at a time. The
/// merging job takes a window's chunks from the front, in merge order, the
/// other jobs from the back, until they meet: a job then mostly expands
/// states it made itself (the states at the front of a level are the
/// successors of those at the front of the level before), still in its
/// cache, freed by the thread that allocated them. Successors wait for the
/// merge at most a window's worth.
const WINDOW: usize = 4096;

/// A state waiting to be expanded: the state, its node in the schedule
/// tree, the steps known to come back to it, and the step that led to it.
type Node<M> = (Box<<M as Model>::State>, u32, Vec<Known<M>>, Option<Last<M>>);

/// A step taken: its choice and what it touched.
type Last<M> = (<M as Model>::Choice, <M as Model>::Effects);

/// One expanded state: its own findings, those of steps that came back to
/// it, the successors it keeps, and how many transitions it took.
struct Expansion<M: Model> {
    state_findings: Vec<M::Finding>,
    loop_findings: Vec<(M::Choice, Vec<M::Finding>)>,
    successors: Vec<Successor<M>>,
    transitions: u64,
}

/// A chunk's expansions, each with its node in the schedule tree.
type Expanded<M> = Vec<(u32, Result<Expansion<M>, <M as Model>::Error>)>;

struct Successor<M: Model> {
    choice: M::Choice,
    /// Further choices taken without storing the states between (a chain).
    /// Inline: most chains are a few steps (a critical section), and a
    /// vector would be allocated by the job that expands and freed by the
    /// one that merges.
    chain: smallvec::SmallVec<[M::Choice; 4]>,
    /// Steps known to come back to `state` (they need not be run there).
    known: Vec<Known<M>>,
    /// The last step taken, the chain's or the expansion's.
    last: Last<M>,
    /// The expansion's step commutes with the step into the state expanded.
    diamond: bool,
    state: Box<M::State>,
    findings: Vec<M::Finding>,
    fp: Fingerprint,
}

/// A model the parallel search can share between its threads, with its
/// states, choices and findings.
pub trait SharedModel:
    Model<State: Send + Sync + 'static, Choice: Send + Sync, Finding: Send, Effects: Send + Sync, Error: Send> + Sync
{
}

impl<M> SharedModel for M where
    M: Model<State: Send + Sync + 'static, Choice: Send + Sync, Finding: Send, Effects: Send + Sync, Error: Send> + Sync
{
}

pub fn explore_bfs<M: SharedModel>(model: &M, limits: &Limits) -> Result<Outcome<M::Choice, M::Finding>, M::Error> {
    // The whole search runs on the pool: the thread that merges is one of
    // its threads, expanding too between merges, rather than one more
    // thread competing with them for the cores.
    let pool = match limits.jobs > 1 {
        true => rayon::ThreadPoolBuilder::new().num_threads(limits.jobs).build().ok(),
        false => None,
    };
    match pool {
        Some(pool) => pool.install(|| Search::new(model, limits, true).run()),
        None => Search::new(model, limits, false).run(),
    }
}

/// The search's state between levels, and the merge.
struct Search<'a, M: Model> {
    model: &'a M,
    limits: &'a Limits,
    /// Chunks are expanded on the current rayon pool.
    parallel: bool,
    start: Instant,
    cov: Coverage,
    found: Vec<Found<M::Choice, M::Finding>>,
    keys: HashSet<String>,
    paths: Paths<M::Choice>,
    /// The level being built: the states found new by the merge.
    next: Vec<Node<M>>,
    /// The level `next` is (the initial state's is 0).
    next_level: u32,
    stopped_by: Option<String>,
    /// The most parts of a state stored (`Model::parts`).
    max_parts: u64,
    /// When to look at the clock, memory and progress next (reading the
    /// memory is a file read: not after every chunk).
    next_check: std::time::Duration,
}

/// How often a search looks at its time and memory limits and reports progress.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_millis(20);

impl<'a, M: SharedModel> Search<'a, M> {
    fn new(model: &'a M, limits: &'a Limits, parallel: bool) -> Self {
        let cov = Coverage {
            strategy: "exhaustive".into(),
            fingerprint_bits: 128,
            reductions: [(limits.por, "por"), (limits.chains, "chains")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, name)| name.to_string())
                .collect(),
            ..Coverage::default()
        };
        Search {
            model,
            limits,
            parallel,
            start: Instant::now(),
            cov,
            found: Vec::new(),
            keys: HashSet::new(),
            paths: Paths::new(),
            next: Vec::new(),
            next_level: 0,
            stopped_by: None,
            max_parts: 0,
            next_check: std::time::Duration::ZERO,
        }
    }

    fn run(mut self) -> Result<Outcome<M::Choice, M::Finding>, M::Error> {
        let model = self.model;
        let mut fresh = Vec::new();
        let init = model.initial(&mut fresh)?;
        let visited = Visited::new(if self.parallel { self.limits.jobs } else { 1 });
        visited.insert(model.fingerprint(&init), 0);
        self.max_parts = model.parts(&init);
        self.cov.states = 1;
        record(model, &mut self.found, &mut self.keys, &mut fresh, &self.paths, 0, &[]);
        let mut frontier: Vec<Node<M>> = vec![(Box::new(init), 0, Vec::new(), None)];
        // What each level's first states measure, for `Coverage::growing`.
        let mut gauges = Vec::new();
        while !frontier.is_empty() && self.stopped_by.is_none() {
            self.cov.max_depth = self.next_level as u64;
            gauges.push(super::gauge_level(model, &frontier.iter().map(|n| &*n.0).collect::<Vec<_>>()));
            self.next_level += 1;
            // Levels are of similar sizes: growing the next one from empty
            // copied its states (large) about log₂(n) times.
            self.next = Vec::with_capacity(frontier.len());
            self.level(frontier, &visited)?;
            frontier = std::mem::take(&mut self.next);
        }
        let mut cov = self.cov;
        cov.complete = self.stopped_by.is_none();
        if !cov.complete {
            cov.growing = super::growing(model, &gauges);
        }
        cov.stopped_by = self.stopped_by;
        cov.hashed = cov.states.saturating_mul(1 + self.max_parts);
        cov.elapsed = self.start.elapsed();
        Ok(Outcome { found: self.found, coverage: cov })
    }

    /// Expand one level and merge what it reaches into `next`, a window
    /// at a time.
    fn level(&mut self, frontier: Vec<Node<M>>, visited: &Visited) -> Result<(), M::Error> {
        let mut rest = frontier.into_iter();
        loop {
            let window: Vec<Node<M>> = rest.by_ref().take(WINDOW).collect();
            if window.is_empty() || self.stopped_by.is_some() {
                return Ok(());
            }
            self.window(window, visited)?;
        }
    }

    /// Expand a window of a level and merge what it reaches into `next`.
    fn window(&mut self, window: Vec<Node<M>>, visited: &Visited) -> Result<(), M::Error> {
        let jobs = if self.parallel { self.limits.jobs } else { 1 };
        let size = (window.len() / (jobs * CHUNKS_PER_JOB)).clamp(1, MAX_CHUNK);
        let mut chunks: Vec<Vec<Node<M>>> = Vec::with_capacity(window.len().div_ceil(size));
        let mut rest = window.into_iter();
        loop {
            let chunk: Vec<Node<M>> = rest.by_ref().take(size).collect();
            if chunk.is_empty() {
                break;
            }
            chunks.push(chunk);
        }
        let (model, limits, level) = (self.model, self.limits, self.next_level);
        // Set when the merge stops the search: chunks not yet expanded are skipped.
        let abort = AtomicBool::new(false);
        let expand_chunk = |chunk: Vec<Node<M>>| -> Expanded<M> {
            if abort.load(Ordering::Relaxed) {
                return Vec::new();
            }
            chunk.into_iter().map(|n| (n.1, expand(model, n, visited, level, limits))).collect()
        };
        if !self.parallel || chunks.len() < 2 {
            for chunk in chunks {
                if self.merge(expand_chunk(chunk), visited)?.stop {
                    break;
                }
            }
            return Ok(());
        }
        let n = chunks.len();
        let slots: Vec<Mutex<Option<Expanded<M>>>> = (0..n).map(|_| Mutex::new(None)).collect();
        let chunks: Vec<Mutex<Option<Vec<Node<M>>>>> = chunks.into_iter().map(|c| Mutex::new(Some(c))).collect();
        let untaken = Untaken(Mutex::new((0, n)));
        let (expand_chunk, slots, abort, chunks, untaken) = (&expand_chunk, &slots, &abort, &chunks, &untaken);
        let take = |i: usize| chunks[i].lock().unwrap_or_else(|e| e.into_inner()).take().expect("a chunk is taken once");
        let mut merged = Ok(());
        rayon::in_place_scope_fifo(|scope| {
            // The other jobs take chunks from the back.
            for _ in 1..jobs {
                scope.spawn_fifo(move |_| {
                    while let Some(i) = untaken.back() {
                        let out = expand_chunk(take(i));
                        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
                    }
                });
            }
            // This one takes them from the front, in merge order, while any
            // are left; then it waits for those taken from the back,
            // running pending tasks meanwhile.
            for (i, slot) in slots.iter().enumerate() {
                let mine = untaken.front();
                let expanded = match mine {
                    true => expand_chunk(take(i)),
                    false => loop {
                        if let Some(e) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
                            break e;
                        }
                        if rayon::yield_now() != Some(rayon::Yield::Executed) {
                            std::hint::spin_loop();
                        }
                    },
                };
                match self.merge(expanded, visited) {
                    Ok(Merged { known_again, stop }) => {
                        // States are freed by the job that made them, whose
                        // allocator owns their memory (a free from another
                        // thread is queued for the owner to collect): here
                        // when this job expanded the chunk, else left to
                        // whichever job is free (dozens of allocations each).
                        if mine {
                            drop(known_again);
                        } else if !known_again.is_empty() {
                            scope.spawn_fifo(move |_| drop(known_again));
                        }
                        if stop {
                            abort.store(true, Ordering::Relaxed);
                            break;
                        }
                    }
                    Err(e) => {
                        abort.store(true, Ordering::Relaxed);
                        merged = Err(e);
                        break;
                    }
                }
            }
        });
        merged
    }

    /// Merge a chunk's expansions, in order: new successors go to `next`.
    /// Returns the successors found known (to drop) and whether a limit
    /// stopped the search.
    fn merge(&mut self, expanded: Expanded<M>, visited: &Visited) -> Result<Merged<M>, M::Error> {
        let model = self.model;
        let mut known_again: Vec<Box<M::State>> = Vec::new();
        for (node, e) in expanded {
            let mut e = e?;
            self.cov.transitions += e.transitions;
            // (Nearly always nothing, here and for each new state below: asked
            // first, as the merge is the thread every job waits for.)
            if !e.state_findings.is_empty() {
                record(model, &mut self.found, &mut self.keys, &mut e.state_findings, &self.paths, node, &[]);
            }
            for (c, mut f) in e.loop_findings {
                record(model, &mut self.found, &mut self.keys, &mut f, &self.paths, node, &[c]);
            }
            for mut succ in e.successors {
                if !visited.insert(succ.fp, self.next_level) {
                    // A finding on an edge into a known state: the path
                    // is through this parent.
                    if !succ.findings.is_empty() {
                        let mut edge = vec![succ.choice];
                        edge.extend_from_slice(&succ.chain);
                        record(model, &mut self.found, &mut self.keys, &mut succ.findings, &self.paths, node, &edge);
                    }
                    known_again.push(succ.state);
                    continue;
                }
                let mut child = self.paths.push(node, succ.choice);
                for &c in &succ.chain {
                    child = self.paths.push(child, c);
                }
                self.cov.states += 1;
                self.max_parts = self.max_parts.max(model.parts(&succ.state));
                if !succ.findings.is_empty() {
                    record(model, &mut self.found, &mut self.keys, &mut succ.findings, &self.paths, child, &[]);
                }
                self.next.push((succ.state, child, succ.known, Some(succ.last)));
                // Exactly the limit: a search of N states is the first N.
                if self.cov.states >= self.limits.max_states {
                    self.stopped_by = Some(format!("--max-states {}", self.limits.max_states));
                    return Ok(Merged { known_again, stop: true });
                }
            }
        }
        let stop = self.out_of_time_or_memory();
        Ok(Merged { known_again, stop })
    }

    /// Now and then (`CHECK_EVERY`): has the search reached its time or
    /// memory limit? Reports progress.
    fn out_of_time_or_memory(&mut self) -> bool {
        let limits = self.limits;
        let elapsed = self.start.elapsed();
        if elapsed < self.next_check {
            return false;
        }
        self.next_check = elapsed + CHECK_EVERY;
        if let Some(tl) = limits.time_limit
            && elapsed >= tl
        {
            self.stopped_by = Some(format!("--time-limit {}s", tl.as_secs_f64()));
            return true;
        }
        let memory_bytes = super::resident_memory();
        if let (Some(max), Some(used)) = (limits.max_memory, memory_bytes)
            && used >= max
        {
            self.stopped_by = Some(format!("--max-memory {} MB", max / 1_000_000));
            return true;
        }
        if let Some(p) = &limits.progress {
            let cov = &self.cov;
            p(&super::Progress { states: cov.states, transitions: cov.transitions, depth: cov.max_depth, elapsed, memory_bytes });
        }
        false
    }
}

/// The chunks of a window no job has taken yet: `front..back`.
struct Untaken(Mutex<(usize, usize)>);

impl Untaken {
    /// Take the front chunk (the next to merge), if any is left.
    fn front(&self) -> bool {
        let mut u = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let left = u.0 < u.1;
        u.0 += left as usize;
        left
    }

    /// Take the back chunk, if any is left: its index.
    fn back(&self) -> Option<usize> {
        let mut u = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (u.0 < u.1).then(|| {
            u.1 -= 1;
            u.1
        })
    }
}

/// What merging a chunk left: the successors found known, to drop, and
/// whether a limit stopped the search.
struct Merged<M: Model> {
    known_again: Vec<Box<M::State>>,
    stop: bool,
}

/// Every successor of `s`, or (partial-order reduction) only those of a
/// persistent set, when that set is smaller, its steps found nothing, and
/// all its successors are new. Any cycle then passes through a fully
/// expanded state (the cycle proviso): the edge that closes it leads to a
/// state of a lower or equal level, which was in the visited set before this
/// state's level began (`visited.seen_before`), so that edge's source was
/// expanded fully. A step
/// that comes back to `s` is no successor (it is `s`, already visited);
/// only what it found is kept.
///
/// With `chains`, each successor is followed on through states with a
/// single choice worth taking (`follow_chain`), up to the state where that
/// is no longer so: the states in between are not stored. A cycle made only of such states would be followed
/// `MAX_CHAIN` steps and then stored, so every cycle still passes through
/// stored states, and the argument above holds for the stored ones.
fn expand<M: Model>(model: &M, (s, _, known, last): Node<M>, visited: &Visited, level: u32, limits: &Limits) -> Result<Expansion<M>, M::Error> {
    let s = &s;
    // With chains, a successor is settled where its chain ends (`finish`).
    let all = steps_of(model, s, &known, !limits.chains)?;
    let mut transitions = all.ran;
    let keep = match limits.por {
        true => reduced_set(model, s, &all),
        false => None,
    };
    // (Inline: one or two at most states, and none at most.)
    let loops: smallvec::SmallVec<[Known<M>; 2]> =
        all.steps.iter().filter(|x| x.self_loop && x.findings.is_empty()).map(|x| (x.choice, x.effects.clone())).collect();
    let mut successors: Vec<Successor<M>> = Vec::with_capacity(all.steps.len());
    let mut passed_over = Vec::new();
    let mut loop_findings = Vec::new();
    for (i, x) in all.steps.into_iter().enumerate() {
        let Some(state) = x.state else {
            if !x.findings.is_empty() {
                loop_findings.push((x.choice, x.findings));
            }
            continue;
        };
        // The self-loops here that the step leaves self-loops.
        let known: Vec<Known<M>> = loops
            .iter()
            .filter(|(c, e)| model.still_self_loop(s, &state, *c, e, &x.effects))
            .cloned()
            .collect();
        // A step that commutes with the one that led here reaches a state
        // the other order reaches too (u →a→ s →b→ t and u →b→ · →a→ t,
        // both in one level): it is stored like any successor, and merged,
        // rather than chained, which would run the steps out of it once per
        // order before either is found known.
        let diamond = last.as_ref().is_some_and(|(c, e)| model.commute((*c, e), (x.choice, &x.effects)));
        let succ = Successor {
            choice: x.choice,
            chain: smallvec::SmallVec::new(),
            state,
            findings: x.findings,
            fp: 0,
            known,
            last: (x.choice, x.effects),
            diamond,
        };
        if keep.as_ref().is_none_or(|k| k.contains(&i)) {
            successors.push(succ);
        } else {
            passed_over.push(succ);
        }
    }
    // The choices at each state along the chains (one buffer for all).
    let mut choices = Vec::new();
    let mut finish = |succ: &mut Successor<M>| -> Result<(), M::Error> {
        if limits.chains && !succ.diamond {
            let first = model.position(s, succ.choice);
            transitions += follow_chain(model, s, succ, first, &mut choices)?;
        }
        // The states along a chain were not settled (`Model::settle`).
        succ.fp = match limits.chains {
            true => model.settled_fingerprint(&mut succ.state),
            false => model.fingerprint(&succ.state),
        };
        Ok(())
    };
    // A successor already visited when the level began, with nothing found
    // on its edge, is one the merge would pass over: dropped here, on the
    // worker, rather than in the merge that every job waits for.
    let kept = |succ: &Successor<M>| !succ.findings.is_empty() || !visited.seen_before(succ.fp, level);
    for succ in successors.iter_mut() {
        finish(succ)?;
    }
    let taken = successors.len();
    successors.retain(kept);
    let all_new = successors.len() == taken && successors.iter().all(|succ| succ.findings.is_empty());
    if keep.is_some() && !all_new {
        // The cycle proviso: expand in full after all.
        for mut succ in passed_over {
            finish(&mut succ)?;
            if kept(&succ) {
                successors.push(succ);
            }
        }
    }
    Ok(Expansion { state_findings: all.state_findings, loop_findings, successors, transitions })
}

/// The indexes of a persistent set smaller than the live steps, whose
/// steps found nothing; `None` when there is none.
fn reduced_set<M: Model>(model: &M, s: &M::State, all: &Steps<M>) -> Option<Vec<usize>> {
    let live = all.live().count();
    if live < 2 {
        return None;
    }
    let effects: Vec<&M::Effects> = all.steps.iter().map(|x| &x.effects).collect();
    let mut keep = Vec::new();
    model.persistent(s, &all.choices, &effects, &all.self_loops(), &mut keep);
    keep.retain(|&i| !all.steps[i].self_loop);
    (keep.len() < live && keep.iter().all(|&i| all.steps[i].findings.is_empty())).then_some(keep)
}

/// Longest chain followed without storing a state: a thread looping alone
/// is stored every so often, so that its cycle has stored states.
const MAX_CHAIN: usize = 1024;

/// Take `succ` on while its state has a single step worth taking — the
/// only choice not known to come back — and nothing was found on the way.
/// Which steps come back is known only for those carried along
/// (`Successor::known`): a state with two or more other choices ends the
/// chain before any step out of it is run, so a chain that ends in a state
/// already visited wastes nothing there. `first` is where the step into
/// `succ` was taken from; `choices`, a buffer. Returns the steps run.
fn follow_chain<M: Model>(
    model: &M,
    s: &M::State,
    succ: &mut Successor<M>,
    first: Option<u64>,
    choices: &mut Vec<M::Choice>,
) -> Result<u64, M::Error> {
    let mut ran = 0;
    // Where each step of the chain was taken from (`Model::position`):
    // inline, as most chains are a few steps.
    let mut positions: smallvec::SmallVec<[u64; 8]> = first.into_iter().collect();
    let mut state_findings = Vec::new();
    while succ.findings.is_empty() && succ.chain.len() < MAX_CHAIN {
        model.choices(&succ.state, choices);
        let mut live = choices.iter().filter(|c| !succ.known.iter().any(|(k, _)| k == *c));
        let (Some(&c), None) = (live.next(), live.next()) else { break };
        model.check_state(&succ.state, &[c], &mut state_findings);
        if !state_findings.is_empty() {
            break;
        }
        // A thread back where it stepped from before in this chain: stop
        // here, so that chains through the same loop meet.
        let position = model.position(&succ.state, c);
        if position.is_some_and(|p| positions.contains(&p)) {
            break;
        }
        let mut findings = Vec::new();
        // Stepped in place: nothing is copied. A step that may have come
        // back to its state is told apart by building the state before it
        // again, replaying the chain from `s`.
        let (effects, maybe_back) = model.step_in_chain(&mut succ.state, c, &mut succ.known, &mut findings)?;
        ran += 1;
        if maybe_back {
            let before = replay(model, s, succ)?;
            if model.same_state(&before, &succ.state) {
                // Its one step comes back too: stored, its expansion finds it stuck.
                *succ.state = before;
                break;
            }
            let now = &succ.state;
            succ.known.retain(|(k, e)| model.still_self_loop(&before, now, *k, e, &effects));
        }
        positions.extend(position);
        succ.chain.push(c);
        succ.last = (c, effects);
        succ.findings = findings;
    }
    Ok(ran)
}

/// The state `succ`'s chain has reached, built again from `s`: its first
/// step and each step of the chain, findings dropped (they were kept when
/// the chain took them).
fn replay<M: Model>(model: &M, s: &M::State, succ: &Successor<M>) -> Result<M::State, M::Error> {
    let mut ignored = Vec::new();
    let (mut t, _) = model.step(s, succ.choice, &mut ignored)?;
    for &c in &succ.chain {
        model.step_in_chain(&mut t, c, &mut Vec::new(), &mut ignored)?;
    }
    Ok(t)
}

/// Keep new findings (by key) with the schedule reaching them.
fn record<M: Model>(
    model: &M,
    found: &mut Vec<Found<M::Choice, M::Finding>>,
    keys: &mut HashSet<String>,
    fresh: &mut Vec<M::Finding>,
    paths: &Paths<M::Choice>,
    at: u32,
    extra: &[M::Choice],
) {
    for f in fresh.drain(..) {
        let key = model.finding_key(&f);
        if !keys.insert(key) {
            continue;
        }
        let mut schedule = paths.schedule(at);
        schedule.extend_from_slice(extra);
        found.push(Found { finding: f, schedule });
    }
}

#[cfg(test)]
mod tests {
    use super::{WINDOW, explore_bfs};
    use crate::explore::{Limits, Model};

    /// Five counters from 0 to 9, any one bumped at a step: 100,000
    /// states, its widest levels wider than a window. Findings at two
    /// states of the widest level, and a cycle: the last counter may wrap
    /// from 9 to 0 (successors seen before, which the jobs drop).
    struct Cube;

    const SIDE: u8 = 10;

    impl Model for Cube {
        type State = [u8; 5];
        type Choice = u8;
        type Finding = [u8; 5];
        type Error = ();
        type Effects = ();
        fn initial(&self, _: &mut Vec<[u8; 5]>) -> Result<[u8; 5], ()> {
            Ok([0; 5])
        }
        fn choices(&self, s: &[u8; 5], out: &mut Vec<u8>) {
            out.clear();
            out.extend((0..5).filter(|&i| s[i as usize] < SIDE - 1 || i == 4));
        }
        fn step(&self, s: &[u8; 5], c: u8, found: &mut Vec<[u8; 5]>) -> Result<([u8; 5], ()), ()> {
            let mut t = *s;
            t[c as usize] = (t[c as usize] + 1) % SIDE;
            if t == [9, 9, 2, 1, 1] || t == [1, 2, 9, 2, 8] {
                found.push(t);
            }
            Ok((t, ()))
        }
        fn check_state(&self, _: &[u8; 5], _: &[u8], _: &mut Vec<[u8; 5]>) {}
        fn finding_key(&self, f: &[u8; 5]) -> String {
            format!("{f:?}")
        }
        fn thread_of(&self, c: &u8) -> u32 {
            *c as u32
        }
    }

    /// States of the cube whose counters add up to `sum`: a level of the
    /// search without its wrap.
    fn level_width(sum: usize) -> usize {
        let mut ways = vec![1usize];
        for _ in 0..5 {
            let mut next = vec![0; ways.len() + SIDE as usize - 1];
            for (s, w) in ways.iter().enumerate() {
                for d in 0..SIDE as usize {
                    next[s + d] += w;
                }
            }
            ways = next;
        }
        ways.get(sum).copied().unwrap_or(0)
    }

    #[test]
    fn levels_wider_than_a_window_are_searched_alike_by_any_number_of_jobs() {
        assert!(level_width(22) > WINDOW, "the cube's widest level ({}) fits one window", level_width(22));
        let limits = |jobs, max_states| Limits { jobs, max_states, chains: false, por: false, ..Limits::default() };
        for max_states in [u64::MAX, 40_000] {
            let one = explore_bfs(&Cube, &limits(1, max_states)).unwrap();
            assert_eq!(one.coverage.states, max_states.min(100_000));
            assert_eq!(one.found.len(), if max_states == u64::MAX { 2 } else { 0 });
            for jobs in [2, 3] {
                let many = explore_bfs(&Cube, &limits(jobs, max_states)).unwrap();
                assert_eq!(one.coverage.states, many.coverage.states);
                assert_eq!(one.coverage.transitions, many.coverage.transitions, "{jobs} jobs, at most {max_states} states");
                assert_eq!(one.coverage.max_depth, many.coverage.max_depth);
                let schedules = |o: &crate::explore::Outcome<u8, [u8; 5]>| o.found.iter().map(|f| f.schedule.clone()).collect::<Vec<_>>();
                assert_eq!(schedules(&one), schedules(&many), "{jobs} jobs");
            }
        }
    }
}
