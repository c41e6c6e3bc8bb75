//! Exhaustive breadth-first search with a visited set of fingerprints
//! (without chains, the first path to each finding is a shortest one).
//!
//! The search goes level by level and, within a level, batch by batch: the
//! states of a batch are expanded in parallel (`Limits::jobs` workers), each
//! against the visited set as it was when the batch began, and their
//! successors are then merged one state at a time, in frontier order. The
//! merge alone changes the visited set, so the states, findings and
//! schedules are the same for any number of jobs.

use super::fingerprint::{BuildFingerprintHasher, Fingerprint};
use super::paths::Paths;
use super::steps::{Known, Steps, steps_of};
use super::{Coverage, Found, Limits, Model, Outcome};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// States expanded between two merges: bounds the successors held at once
/// and how long a time limit waits to be noticed.
const BATCH: usize = 4096;

/// Smaller batches are expanded on the calling thread: handing a few
/// states to the pool costs more than it saves (a model whose levels are
/// narrow, like two threads taking turns at a lock, has dozens per level).
/// With chains a stored state costs some 10 µs, so 64 are worth sharing:
/// the locked counter at 2 × 1000 (250 states per level on average) takes
/// 3.7–4.1 s with two jobs at 64, 4.3–4.4 s at 256.
const PARALLEL_BATCH: usize = 64;

/// A state waiting to be expanded: the state, its node in the schedule
/// tree, the steps known to come back to it, and the step that led to it.
type Node<M> = (<M as Model>::State, u32, Vec<Known<M>>, Option<Last<M>>);

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

struct Successor<M: Model> {
    choice: M::Choice,
    /// Further choices taken without storing the states between (a chain).
    chain: Vec<M::Choice>,
    /// Steps known to come back to `state` (they need not be run there).
    known: Vec<Known<M>>,
    /// The last step taken, the chain's or the expansion's.
    last: Last<M>,
    /// The expansion's step commutes with the step into the state expanded.
    diamond: bool,
    state: M::State,
    findings: Vec<M::Finding>,
    fp: Fingerprint,
}

type Visited = HashMap<Fingerprint, (), BuildFingerprintHasher>;

pub fn explore_bfs<M>(model: &M, limits: &Limits) -> Result<Outcome<M::Choice, M::Finding>, M::Error>
where
    M: Model + Sync,
    M::State: Send + Sync + 'static,
    M::Choice: Send,
    M::Finding: Send,
    M::Effects: Send,
    M::Error: Send,
{
    let start = Instant::now();
    let mut cov = Coverage {
        strategy: "exhaustive".into(),
        fingerprint_bits: 128,
        reductions: [(limits.por, "por"), (limits.chains, "chains")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| name.to_string())
            .collect(),
        ..Coverage::default()
    };
    let pool = if limits.jobs > 1 {
        rayon::ThreadPoolBuilder::new().num_threads(limits.jobs).build().ok()
    } else {
        None
    };
    let mut found: Vec<Found<M::Choice, M::Finding>> = Vec::new();
    let mut keys: HashSet<String> = HashSet::new();
    let mut paths: Paths<M::Choice> = Paths::new();
    let mut visited: Visited = HashMap::default();

    let mut fresh = Vec::new();
    let init = model.initial(&mut fresh)?;
    visited.insert(model.fingerprint(&init), ());
    cov.states = 1;
    record(model, &mut found, &mut keys, &mut fresh, &paths, 0, &[]);

    let mut frontier: Vec<Node<M>> = vec![(init, 0, Vec::new(), None)];
    let mut depth = 0u64;
    let mut stopped_by: Option<String> = None;
    // What each level's first states measure, for `Coverage::growing`.
    let mut gauges = Vec::new();
    'levels: while !frontier.is_empty() {
        cov.max_depth = depth;
        gauges.push(super::gauge_level(model, &frontier.iter().map(|n| &n.0).collect::<Vec<_>>()));
        // Levels are of similar sizes: growing the next one from empty
        // copied its states (large) about log₂(n) times.
        let mut next: Vec<Node<M>> = Vec::with_capacity(frontier.len());
        let mut level = frontier.into_iter();
        loop {
            let batch: Vec<Node<M>> = level.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let expand_one = |n: Node<M>| (n.1, expand(model, n, &visited, limits));
            let expanded: Vec<(u32, Result<Expansion<M>, M::Error>)> = match &pool {
                Some(pool) if batch.len() >= PARALLEL_BATCH => pool.install(|| batch.into_par_iter().map(expand_one).collect()),
                _ => batch.into_iter().map(expand_one).collect(),
            };
            // Successors found already visited: dropped on the pool, while
            // the next batch is expanded, rather than here, in the merge
            // that every job waits for (a state is dozens of allocations).
            let mut known_again: Vec<M::State> = Vec::new();
            for (node, e) in expanded {
                let node = &node;
                let mut e = e?;
                cov.transitions += e.transitions;
                record(model, &mut found, &mut keys, &mut e.state_findings, &paths, *node, &[]);
                for (c, mut f) in e.loop_findings {
                    record(model, &mut found, &mut keys, &mut f, &paths, *node, &[c]);
                }
                for mut succ in e.successors {
                    if visited.insert(succ.fp, ()).is_some() {
                        // A finding on an edge into a known state: the path
                        // is through this parent.
                        if !succ.findings.is_empty() {
                            let mut edge = vec![succ.choice];
                            edge.extend_from_slice(&succ.chain);
                            record(model, &mut found, &mut keys, &mut succ.findings, &paths, *node, &edge);
                        }
                        known_again.push(succ.state);
                        continue;
                    }
                    let mut child = paths.push(*node, succ.choice);
                    for &c in &succ.chain {
                        child = paths.push(child, c);
                    }
                    cov.states += 1;
                    record(model, &mut found, &mut keys, &mut succ.findings, &paths, child, &[]);
                    next.push((succ.state, child, succ.known, Some(succ.last)));
                    // Exactly the limit: a search of N states is the first N.
                    if cov.states >= limits.max_states {
                        stopped_by = Some(format!("--max-states {}", limits.max_states));
                        break 'levels;
                    }
                }
            }
            match &pool {
                Some(pool) if !known_again.is_empty() => pool.spawn(move || drop(known_again)),
                _ => drop(known_again),
            }
            if let Some(tl) = limits.time_limit {
                if start.elapsed() >= tl {
                    stopped_by = Some(format!("--time-limit {}s", tl.as_secs_f64()));
                    break 'levels;
                }
            }
            let memory_bytes = super::resident_memory();
            if let (Some(max), Some(used)) = (limits.max_memory, memory_bytes) {
                if used >= max {
                    stopped_by = Some(format!("--max-memory {} MB", max / 1_000_000));
                    break 'levels;
                }
            }
            if let Some(p) = &limits.progress {
                p(&super::Progress { states: cov.states, transitions: cov.transitions, depth, elapsed: start.elapsed(), memory_bytes });
            }
        }
        frontier = next;
        depth += 1;
    }
    cov.complete = stopped_by.is_none();
    if !cov.complete {
        cov.growing = super::growing(model, &gauges);
    }
    cov.stopped_by = stopped_by;
    cov.elapsed = start.elapsed();
    Ok(Outcome { found, coverage: cov })
}

/// Every successor of `s`, or (partial-order reduction) only those of a
/// persistent set, when that set is smaller, its steps found nothing, and
/// all its successors are new. Any cycle then passes through a fully
/// expanded state (the cycle proviso): the edge that closes it leads to a
/// state of a lower or equal level, which was in the visited set before this
/// state's batch began, so that edge's source was expanded fully. A step
/// that comes back to `s` is no successor (it is `s`, already visited);
/// only what it found is kept.
///
/// With `chains`, each successor is followed on through states with a
/// single choice worth taking (`follow_chain`), up to the state where that
/// is no longer so: the states in between are not stored. A cycle made only of such states would be followed
/// `MAX_CHAIN` steps and then stored, so every cycle still passes through
/// stored states, and the argument above holds for the stored ones.
fn expand<M: Model>(model: &M, (s, _, known, last): Node<M>, visited: &Visited, limits: &Limits) -> Result<Expansion<M>, M::Error> {
    let s = &s;
    // With chains, a successor is settled where its chain ends (`finish`).
    let all = steps_of(model, s, &known, !limits.chains)?;
    let mut transitions = all.ran;
    let keep = match limits.por {
        true => reduced_set(model, s, &all),
        false => None,
    };
    let loops: Vec<Known<M>> = all.steps.iter().filter(|x| x.self_loop && x.findings.is_empty()).map(|x| (x.choice, x.effects.clone())).collect();
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
            chain: Vec::new(),
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
    let mut finish = |succ: &mut Successor<M>| -> Result<(), M::Error> {
        if limits.chains && !succ.diamond {
            let first = model.position(s, succ.choice);
            transitions += follow_chain(model, s, succ, first)?;
        }
        if limits.chains {
            // The states along a chain were not settled (`Model::settle`).
            model.settle(&mut succ.state);
        }
        succ.fp = model.fingerprint(&succ.state);
        Ok(())
    };
    // A successor already visited when the batch began, with nothing found
    // on its edge, is one the merge would pass over: dropped here, on the
    // worker, rather than in the merge that every job waits for.
    let kept = |succ: &Successor<M>| !succ.findings.is_empty() || !visited.contains_key(&succ.fp);
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
/// `succ` was taken from. Returns the steps run.
fn follow_chain<M: Model>(model: &M, s: &M::State, succ: &mut Successor<M>, first: Option<u64>) -> Result<u64, M::Error> {
    let mut ran = 0;
    // Where each step of the chain was taken from (`Model::position`).
    let mut positions: Vec<u64> = first.into_iter().collect();
    let mut choices = Vec::new();
    let mut state_findings = Vec::new();
    while succ.findings.is_empty() && succ.chain.len() < MAX_CHAIN {
        model.choices(&succ.state, &mut choices);
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
                succ.state = before;
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
