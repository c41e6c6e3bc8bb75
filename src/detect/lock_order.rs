//! Lock-order inversions: a lock-order graph accumulated over the whole
//! exploration (an edge A → B when a thread takes B while holding A). A
//! cycle whose edges come from different threads is a potential deadlock,
//! even if no explored run deadlocked — unless one gate lock is held on
//! every edge, which serialises them.

use super::{Finding, Kind};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeSet, HashMap};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inversion {
    /// Indexes into the edge list given, in cycle order.
    pub edges: Vec<usize>,
    /// The locks of the cycle, in order.
    pub locks: Vec<String>,
    /// A lock held on every edge: the cycle cannot deadlock.
    pub guarded_by: Option<String>,
}

/// Do the locks form a cycle at all, whichever threads took them? (A
/// symmetry-reduced search records each edge under one of several
/// interchangeable threads, so it cannot tell which threads an inversion
/// needs: the caller then searches again without symmetry.)
pub fn has_lock_cycle(edges: &[&Finding]) -> bool {
    tarjan_scc(&lock_graph(edges)).iter().any(|scc| scc.len() > 1)
}

/// The lock-order graph: one node per lock, one edge per lock-edge finding
/// (weighted by its index in `edges`).
fn lock_graph(edges: &[&Finding]) -> DiGraph<String, usize> {
    let mut g: DiGraph<String, usize> = DiGraph::new();
    let mut nodes: HashMap<String, NodeIndex> = HashMap::new();
    let mut node = |g: &mut DiGraph<String, usize>, name: &str| {
        *nodes.entry(name.to_string()).or_insert_with(|| g.add_node(name.to_string()))
    };
    for (i, e) in edges.iter().enumerate() {
        debug_assert_eq!(e.kind, Kind::LockEdge);
        if e.locks.len() < 2 || e.locks[0] == e.locks[1] {
            continue;
        }
        let a = node(&mut g, &e.locks[0]);
        let b = node(&mut g, &e.locks[1]);
        g.add_edge(a, b, i);
    }
    g
}

/// Find the inversions among lock-edge findings (`locks` = `[from, to,
/// gates...]`).
pub fn lock_order_inversions(edges: &[&Finding]) -> Vec<Inversion> {
    let g = lock_graph(edges);
    let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut out = Vec::new();
    for scc in tarjan_scc(&g) {
        if scc.len() < 2 {
            continue;
        }
        let mut sccs: Vec<NodeIndex> = scc.clone();
        sccs.sort_by(|a, b| g[*a].cmp(&g[*b]));
        let start = sccs[0];
        let mut cycles = Vec::new();
        let mut path = Vec::new();
        find_cycles(&g, &scc, start, start, &mut path, &mut cycles, 4);
        for cyc in cycles {
            let tids: BTreeSet<_> = cyc.iter().map(|&i| edges[i].tid).collect();
            if tids.len() < 2 {
                continue;
            }
            let locks: Vec<String> = cyc.iter().map(|&i| edges[i].locks[0].clone()).collect();
            let mut key = locks.clone();
            key.sort();
            if !seen.insert(key) {
                continue;
            }
            let mut gates: Option<BTreeSet<String>> = None;
            for &i in &cyc {
                let here: BTreeSet<String> = edges[i].locks[2..].iter().cloned().collect();
                gates = Some(match gates {
                    None => here,
                    Some(g) => g.intersection(&here).cloned().collect(),
                });
            }
            let guarded_by = gates.and_then(|g| g.into_iter().next());
            out.push(Inversion { edges: cyc, locks, guarded_by });
        }
    }
    out
}

/// Simple cycles through `start` of at most `max` edges, within the SCC.
fn find_cycles(
    g: &DiGraph<String, usize>,
    scc: &[NodeIndex],
    start: NodeIndex,
    at: NodeIndex,
    path: &mut Vec<(usize, NodeIndex)>,
    out: &mut Vec<Vec<usize>>,
    max: usize,
) {
    use petgraph::visit::EdgeRef;
    if path.len() >= max || out.len() >= 16 {
        return;
    }
    for e in g.edges(at) {
        let next = e.target();
        if !scc.contains(&next) || path.iter().any(|&(_, n)| n == next) {
            continue;
        }
        path.push((*e.weight(), next));
        if next == start {
            out.push(path.iter().map(|&(i, _)| i).collect());
        } else {
            find_cycles(g, scc, start, next, path, out, max);
        }
        path.pop();
    }
}
