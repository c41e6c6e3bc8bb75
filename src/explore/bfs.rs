//! Exhaustive breadth-first search with a visited set of fingerprints: the
//! first path to each finding is a shortest one.
//!
//! The search goes level by level and, within a level, batch by batch: the
//! states of a batch are expanded in parallel (`Limits::jobs` workers), each
//! against the visited set as it was when the batch began, and their
//! successors are then merged one state at a time, in frontier order. The
//! merge alone changes the visited set, so the states, findings and
//! schedules are the same for any number of jobs.

use super::fingerprint::{BuildFingerprintHasher, Fingerprint};
use super::paths::Paths;
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
const PARALLEL_BATCH: usize = 256;

/// A state waiting to be expanded: the state, its node in the schedule tree.
type Node<S> = (S, u32);

/// One expanded state: its own findings, the successors it keeps, and how
/// many transitions it took.
struct Expansion<M: Model> {
    state_findings: Vec<M::Finding>,
    successors: Vec<Successor<M>>,
    transitions: u64,
}

struct Successor<M: Model> {
    choice: M::Choice,
    state: M::State,
    findings: Vec<M::Finding>,
    fp: Fingerprint,
}

type Visited = HashMap<Fingerprint, (), BuildFingerprintHasher>;

pub fn explore_bfs<M>(model: &M, limits: &Limits) -> Result<Outcome<M::Choice, M::Finding>, M::Error>
where
    M: Model + Sync,
    M::State: Send + Sync,
    M::Choice: Send,
    M::Finding: Send,
    M::Error: Send,
{
    let start = Instant::now();
    let mut cov = Coverage {
        strategy: "exhaustive".into(),
        fingerprint_bits: 128,
        reductions: if limits.por { vec!["por".into()] } else { vec![] },
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
    record(model, &mut found, &mut keys, &mut fresh, &paths, 0, None);

    let mut frontier: Vec<Node<M::State>> = vec![(init, 0)];
    let mut depth = 0u64;
    let mut stopped_by: Option<String> = None;
    'levels: while !frontier.is_empty() {
        cov.max_depth = depth;
        let mut next: Vec<Node<M::State>> = Vec::new();
        for batch in frontier.chunks(BATCH) {
            let expand_one = |(s, _): &Node<M::State>| expand(model, s, &visited, limits.por);
            let expanded: Vec<Result<Expansion<M>, M::Error>> = match &pool {
                Some(pool) if batch.len() >= PARALLEL_BATCH => pool.install(|| batch.par_iter().map(expand_one).collect()),
                _ => batch.iter().map(expand_one).collect(),
            };
            for ((_, node), e) in batch.iter().zip(expanded) {
                let mut e = e?;
                cov.transitions += e.transitions;
                record(model, &mut found, &mut keys, &mut e.state_findings, &paths, *node, None);
                for mut succ in e.successors {
                    if visited.contains_key(&succ.fp) {
                        // A finding on an edge into a known state: the path
                        // is through this parent.
                        record(model, &mut found, &mut keys, &mut succ.findings, &paths, *node, Some(succ.choice));
                        continue;
                    }
                    visited.insert(succ.fp, ());
                    let child = paths.push(*node, succ.choice);
                    cov.states += 1;
                    record(model, &mut found, &mut keys, &mut succ.findings, &paths, child, None);
                    next.push((succ.state, child));
                }
                if cov.states >= limits.max_states {
                    stopped_by = Some(format!("--max-states {}", limits.max_states));
                    break 'levels;
                }
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
    cov.stopped_by = stopped_by;
    cov.elapsed = start.elapsed();
    Ok(Outcome { found, coverage: cov })
}

/// Every successor of `s`, or (partial-order reduction) only those of a
/// persistent set, when that set is smaller, its steps found nothing, and
/// all its successors are new. Any cycle then passes through a fully
/// expanded state (the cycle proviso): the edge that closes it leads to a
/// state of a lower or equal level, which was in the visited set before this
/// state's batch began, so that edge's source was expanded fully.
fn expand<M: Model>(model: &M, s: &M::State, visited: &Visited, por: bool) -> Result<Expansion<M>, M::Error> {
    let mut choices = Vec::new();
    model.choices(s, &mut choices);
    let mut state_findings = Vec::new();
    model.check_state(s, &choices, &mut state_findings);
    let mut successors = Vec::with_capacity(choices.len());
    let mut effects = Vec::with_capacity(choices.len());
    for &c in &choices {
        let mut findings = Vec::new();
        let (t, e) = model.step(s, c, &mut findings)?;
        let fp = model.fingerprint(&t);
        successors.push(Successor { choice: c, state: t, findings, fp });
        effects.push(e);
    }
    let transitions = choices.len() as u64;
    if por && choices.len() > 1 {
        let mut keep = Vec::new();
        let effects: Vec<&M::Effects> = effects.iter().collect();
        model.persistent(s, &choices, &effects, &mut keep);
        let reduced = keep.len() < choices.len()
            && keep.iter().all(|&i| successors[i].findings.is_empty() && !visited.contains_key(&successors[i].fp));
        if reduced {
            let mut i = 0;
            successors.retain(|_| {
                i += 1;
                keep.contains(&(i - 1))
            });
        }
    }
    Ok(Expansion { state_findings, successors, transitions })
}

/// Keep new findings (by key) with the schedule reaching them.
fn record<M: Model>(
    model: &M,
    found: &mut Vec<Found<M::Choice, M::Finding>>,
    keys: &mut HashSet<String>,
    fresh: &mut Vec<M::Finding>,
    paths: &Paths<M::Choice>,
    at: u32,
    extra: Option<M::Choice>,
) {
    for f in fresh.drain(..) {
        let key = model.finding_key(&f);
        if !keys.insert(key) {
            continue;
        }
        let mut schedule = paths.schedule(at);
        schedule.extend(extra);
        found.push(Found { finding: f, schedule });
    }
}
