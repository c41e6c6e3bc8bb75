//! Exhaustive breadth-first search with a visited set of fingerprints: the
//! first path to each finding is a shortest one.

use super::fingerprint::{BuildFingerprintHasher, Fingerprint};
use super::{Coverage, Found, Limits, Model, Outcome};
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Instant;

const ROOT: u32 = u32::MAX;

pub fn explore_bfs<M: Model>(model: &M, limits: &Limits) -> Result<Outcome<M::Choice, M::Finding>, M::Error> {
    let start = Instant::now();
    let mut cov = Coverage {
        strategy: "exhaustive".into(),
        fingerprint_bits: 128,
        reductions: if limits.por { vec!["por".into()] } else { vec![] },
        ..Coverage::default()
    };
    let mut found: Vec<Found<M::Choice, M::Finding>> = Vec::new();
    let mut keys: HashSet<String> = HashSet::new();
    // Each discovered state: its parent and the choice that reached it.
    let mut parents: Vec<(u32, Option<M::Choice>)> = Vec::new();
    let mut visited: HashMap<Fingerprint, u32, BuildFingerprintHasher> = HashMap::default();
    let mut queue: VecDeque<(M::State, u32, u64)> = VecDeque::new();

    let mut fresh = Vec::new();
    let init = model.initial(&mut fresh)?;
    visited.insert(model.fingerprint(&init), 0);
    parents.push((ROOT, None));
    cov.states = 1;
    record(model, &mut found, &mut keys, &mut fresh, &parents, 0, None);
    queue.push_back((init, 0, 0));

    let mut choices = Vec::new();
    let mut succ: Vec<(M::Choice, M::State, Vec<M::Finding>, Fingerprint)> = Vec::new();
    let mut complete = true;
    while let Some((s, idx, depth)) = queue.pop_front() {
        cov.max_depth = cov.max_depth.max(depth);
        model.choices(&s, &mut choices);
        let mut state_findings = Vec::new();
        model.check_state(&s, &choices, &mut state_findings);
        record(model, &mut found, &mut keys, &mut state_findings, &parents, idx, None);

        // Partial-order reduction: if some choice is independent of all
        // others and leads to a new state, explore it alone. Any cycle then
        // passes through a fully expanded state (its successor was visited).
        succ.clear();
        let mut ample = None;
        for &c in &choices {
            let mut f = Vec::new();
            let (t, independent) = model.step(&s, c, &mut f)?;
            cov.transitions += 1;
            let fp = model.fingerprint(&t);
            if limits.por && independent && choices.len() > 1 && f.is_empty() && !visited.contains_key(&fp) {
                ample = Some((c, t, f, fp));
                break;
            }
            succ.push((c, t, f, fp));
        }
        if let Some(a) = ample {
            succ.clear();
            succ.push(a);
        }
        for (c, t, mut f, fp) in succ.drain(..) {
            let child = match visited.get(&fp) {
                Some(&i) => {
                    if !f.is_empty() {
                        // A finding on an edge into a known state: the path
                        // is through this parent.
                        record(model, &mut found, &mut keys, &mut f, &parents, idx, Some(c));
                    }
                    let _ = i;
                    continue;
                }
                None => {
                    let i = parents.len() as u32;
                    visited.insert(fp, i);
                    parents.push((idx, Some(c)));
                    cov.states += 1;
                    i
                }
            };
            record(model, &mut found, &mut keys, &mut f, &parents, child, None);
            queue.push_back((t, child, depth + 1));
        }
        if cov.states >= limits.max_states {
            complete = false;
            cov.stopped_by = Some(format!("--max-states {}", limits.max_states));
            break;
        }
        if cov.transitions % 1024 == 0 {
            if let Some(tl) = limits.time_limit {
                if start.elapsed() >= tl {
                    complete = false;
                    cov.stopped_by = Some(format!("--time-limit {}s", tl.as_secs_f64()));
                    break;
                }
            }
        }
        if idx % 16_384 == 0 && idx > 0 {
            let memory_bytes = super::resident_memory();
            if let (Some(max), Some(used)) = (limits.max_memory, memory_bytes) {
                if used >= max {
                    complete = false;
                    cov.stopped_by = Some(format!("--max-memory {} MB", max / 1_000_000));
                    break;
                }
            }
            if let Some(p) = &limits.progress {
                p(&super::Progress { states: cov.states, transitions: cov.transitions, depth, elapsed: start.elapsed(), memory_bytes });
            }
        }
    }
    cov.complete = complete;
    cov.elapsed = start.elapsed();
    Ok(Outcome { found, coverage: cov })
}

/// Keep new findings (by key) with the schedule reaching them.
fn record<M: Model>(
    model: &M,
    found: &mut Vec<Found<M::Choice, M::Finding>>,
    keys: &mut HashSet<String>,
    fresh: &mut Vec<M::Finding>,
    parents: &[(u32, Option<M::Choice>)],
    at: u32,
    extra: Option<M::Choice>,
) {
    for f in fresh.drain(..) {
        let key = model.finding_key(&f);
        if keys.contains(&key) {
            continue;
        }
        keys.insert(key);
        let mut schedule = Vec::new();
        let mut i = at;
        while i != ROOT {
            let (p, c) = parents[i as usize];
            if let Some(c) = c {
                schedule.push(c);
            }
            i = p;
        }
        schedule.reverse();
        schedule.extend(extra);
        found.push(Found { finding: f, schedule });
    }
}
