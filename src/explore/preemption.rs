//! Readable counterexamples: for each finding key, the schedule with the
//! fewest preemptions (a switch away from a thread that could have gone
//! on), then the fewest steps. A Dijkstra search over (state, last thread)
//! with the cost (preemptions, steps), so the result is searched for, not
//! shortened by luck. Runs without reductions, so no path is pruned.

use super::fingerprint::{BuildFingerprintHasher, Fingerprint, fingerprint};
use super::paths::Paths;
use super::steps::steps_of;
use super::Model;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

struct Node<S> {
    cost: (u32, u32),
    seq: u64,
    /// `None` for a finding on an edge: recorded when it is popped, so the
    /// cheapest path wins.
    state: Option<S>,
    last: Option<u32>,
    /// This node's index in `paths`.
    path: u32,
    finding: Option<String>,
}

impl<S> PartialEq for Node<S> {
    fn eq(&self, o: &Self) -> bool {
        (self.cost, self.seq) == (o.cost, o.seq)
    }
}
impl<S> Eq for Node<S> {}
impl<S> PartialOrd for Node<S> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl<S> Ord for Node<S> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.cost, self.seq).cmp(&(o.cost, o.seq))
    }
}

/// For each wanted finding key, the least-preemption schedule reaching it
/// (with its preemption count). Keys not reached within `max_nodes` are
/// left out: the caller keeps the breadth-first schedule for those.
pub fn fewest_preemptions<M: Model>(
    model: &M,
    wanted: &HashSet<String>,
    max_nodes: u64,
) -> Result<HashMap<String, (Vec<M::Choice>, u32)>, M::Error> {
    let mut result = HashMap::new();
    if wanted.is_empty() {
        return Ok(result);
    }
    let mut init_found = Vec::new();
    let init = model.initial(&mut init_found)?;
    for f in init_found {
        let k = model.finding_key(&f);
        if wanted.contains(&k) {
            result.entry(k).or_insert((vec![], 0));
        }
    }
    let mut paths = Paths::new();
    let mut done: HashSet<(Fingerprint, Option<u32>), BuildFingerprintHasher> = HashSet::default();
    let mut heap = BinaryHeap::new();
    let mut seq = 0u64;
    heap.push(Reverse(Node { cost: (0, 0), seq, state: Some(init), last: None, path: 0, finding: None }));
    let mut expanded = 0u64;
    while let Some(Reverse(n)) = heap.pop() {
        if result.len() == wanted.len() || expanded >= max_nodes {
            break;
        }
        let Some(state) = n.state else {
            let k = n.finding.expect("edge finding");
            result.entry(k).or_insert_with(|| (paths.schedule(n.path), n.cost.0));
            continue;
        };
        // The plain fingerprint, not `model.fingerprint`: the key pairs the
        // state with the last thread's id, which a symmetry would rename.
        if !done.insert((fingerprint(&state), n.last)) {
            continue;
        }
        expanded += 1;
        let all = steps_of(model, &state, &[], true)?;
        for f in all.state_findings {
            let k = model.finding_key(&f);
            if wanted.contains(&k) && !result.contains_key(&k) {
                result.insert(k, (paths.schedule(n.path), n.cost.0));
            }
        }
        // Steps that come back to the state are no moves (and give no
        // preemption to the thread they would leave).
        let last_enabled = n.last.is_some_and(|l| all.steps.iter().any(|x| !x.self_loop && model.thread_of(&x.choice) == l));
        for x in all.steps {
            let c = x.choice;
            let pre = last_enabled && Some(model.thread_of(&c)) != n.last;
            let cost = (n.cost.0 + pre as u32, n.cost.1 + 1);
            let path = paths.push(n.path, c);
            let last = Some(model.thread_of(&c));
            for f in x.findings {
                let k = model.finding_key(&f);
                if wanted.contains(&k) && !result.contains_key(&k) {
                    seq += 1;
                    heap.push(Reverse(Node { cost, seq, state: None, last, path, finding: Some(k) }));
                }
            }
            if let Some(t) = x.state {
                seq += 1;
                heap.push(Reverse(Node { cost, seq, state: Some(*t), last, path, finding: None }));
            }
        }
    }
    Ok(result)
}
