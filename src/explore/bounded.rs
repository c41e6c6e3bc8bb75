//! Preemption bounding (CHESS, Musuvathi & Qadeer): every schedule with at
//! most K preemptions, searched statefully in order of preemptions then
//! steps. Covers exactly "all schedules with ≤ K preemptions".

use super::fingerprint::{BuildFingerprintHasher, Fingerprint, fingerprint};
use super::paths::Paths;
use super::steps::steps_of;
use super::{Coverage, Found, Model, Outcome};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::time::{Duration, Instant};

pub fn explore_bounded<M: Model>(
    model: &M,
    bound: u32,
    max_states: u64,
    time_limit: Option<Duration>,
) -> Result<Outcome<M::Choice, M::Finding>, M::Error> {
    let start = Instant::now();
    let mut found = Vec::new();
    let mut keys: HashSet<String> = HashSet::new();
    let mut paths = Paths::new();
    // The fewest preemptions each (state, last thread) was reached with.
    let mut best: HashMap<(Fingerprint, Option<u32>), u32, BuildFingerprintHasher> = HashMap::default();
    let mut states: HashSet<Fingerprint, BuildFingerprintHasher> = HashSet::default();
    let mut heap = BinaryHeap::new();
    let mut init_found = Vec::new();
    let init = model.initial(&mut init_found)?;
    for f in init_found {
        if keys.insert(model.finding_key(&f)) {
            found.push(Found { finding: f, schedule: vec![] });
        }
    }
    let mut seq = 0u64;
    let mut store: Vec<Option<M::State>> = vec![Some(init)];
    heap.push(Reverse((0u32, 0u64, seq, 0usize, None::<u32>, 0u32)));
    let (mut transitions, mut max_depth, mut max_parts) = (0u64, 0u64, 0u64);
    let mut stopped_by = None;
    while let Some(Reverse((pre, steps, _, slot, last, path))) = heap.pop() {
        let Some(s) = store[slot].take() else { continue };
        // The plain fingerprint, not `model.fingerprint`: the key pairs the
        // state with the last thread's id, which a symmetry would rename.
        let fp = fingerprint(&s);
        if best.get(&(fp, last)).is_some_and(|&b| b <= pre) {
            continue;
        }
        best.insert((fp, last), pre);
        if states.insert(fp) {
            max_parts = max_parts.max(model.parts(&s));
        }
        max_depth = max_depth.max(steps);
        if states.len() as u64 >= max_states {
            stopped_by = Some(format!("--max-states {max_states}"));
            break;
        }
        if transitions % 1024 == 0 && time_limit.is_some_and(|t| start.elapsed() >= t) {
            stopped_by = Some("--time-limit".into());
            break;
        }
        let all = steps_of(model, &s, &[], true)?;
        transitions += all.steps.len() as u64;
        for f in all.state_findings {
            if keys.insert(model.finding_key(&f)) {
                found.push(Found { finding: f, schedule: paths.schedule(path) });
            }
        }
        // Steps that come back to the state are no moves (and give no
        // preemption to the thread they would leave).
        let last_enabled = last.is_some_and(|l| all.steps.iter().any(|x| !x.self_loop && model.thread_of(&x.choice) == l));
        for x in all.steps {
            let t = model.thread_of(&x.choice);
            let p = pre + (last_enabled && Some(t) != last) as u32;
            if p > bound {
                continue;
            }
            let child = paths.push(path, x.choice);
            for f in x.findings {
                if keys.insert(model.finding_key(&f)) {
                    found.push(Found { finding: f, schedule: paths.schedule(child) });
                }
            }
            let Some(next) = x.state else { continue };
            store.push(Some(*next));
            seq += 1;
            heap.push(Reverse((p, steps + 1, seq, store.len() - 1, Some(t), child)));
        }
    }
    let coverage = Coverage {
        strategy: "bounded".into(),
        states: states.len() as u64,
        transitions,
        max_depth,
        complete: stopped_by.is_none(),
        stopped_by,
        preemption_bound: Some(bound),
        fingerprint_bits: 128,
        hashed: (states.len() as u64).saturating_mul(1 + max_parts),
        elapsed: start.elapsed(),
        ..Coverage::default()
    };
    Ok(Outcome { found, coverage })
}
