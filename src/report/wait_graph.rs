//! The wait-for graph of a stuck state, for people and tools: threads and
//! the resources they wait on, with "waits for", "held by" (with the acquire
//! line) and, for signals, "can only be woken by" edges. Rendered as text
//! lines, Graphviz DOT (petgraph) and JSON.

use super::trace::Replayed;
use crate::detect::{StuckAnalysis, WaitTarget, possible_wakers};
use crate::vm::{Effect, Vm};
use petgraph::graph::DiGraph;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GraphNode {
    pub id: String,
    pub label: String,
    /// `thread`, `lock`, `rlock`, `event`, `condition`, `semaphore`, `queue`,
    /// `state` (what a spinning thread reads), `nobody`.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    /// `waits-for`, `held-by`, `joins`, `can-be-woken-by`, and for a
    /// spinning thread `spins-on` and `can-be-changed-by`.
    pub relation: String,
    pub line: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct WaitGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

impl WaitGraph {
    fn node(&mut self, id: &str, label: &str, kind: &str) {
        if !self.nodes.iter().any(|n| n.id == id) {
            self.nodes.push(GraphNode { id: id.into(), label: label.into(), kind: kind.into() });
        }
    }

    fn edge(&mut self, from: &str, to: &str, relation: &str, line: Option<u32>) {
        let e = GraphEdge { from: from.into(), to: to.into(), relation: relation.into(), line };
        if !self.edges.contains(&e) {
            self.edges.push(e);
        }
    }

    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.nodes.iter().find(|n| n.id == id).map(|n| n.label.as_str()).unwrap_or(id)
    }

    fn petgraph(&self) -> DiGraph<&GraphNode, &GraphEdge> {
        let mut g = DiGraph::new();
        let idx: Vec<_> = self.nodes.iter().map(|n| g.add_node(n)).collect();
        let at = |id: &str| self.nodes.iter().position(|n| n.id == id).map(|i| idx[i]);
        for e in &self.edges {
            if let (Some(a), Some(b)) = (at(&e.from), at(&e.to)) {
                g.add_edge(a, b, e);
            }
        }
        g
    }

    /// The cycles of the graph (strongly connected components), each as
    /// node labels in edge order starting from the first thread.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let g = self.petgraph();
        let mut out = Vec::new();
        for scc in petgraph::algo::tarjan_scc(&g) {
            if scc.len() < 2 {
                continue;
            }
            let mut start = *scc.iter().filter(|&&n| g[n].kind == "thread").min_by_key(|&&n| &g[n].label).unwrap_or(&scc[0]);
            let first = start;
            let mut cyc = vec![g[start].label.clone()];
            loop {
                let Some(next) = g.neighbors(start).find(|n| scc.contains(n)) else { break };
                if next == first {
                    break;
                }
                cyc.push(g[next].label.clone());
                start = next;
                if cyc.len() > scc.len() {
                    break;
                }
            }
            out.push(cyc);
        }
        out
    }

    /// One line per edge.
    pub fn text_lines(&self) -> Vec<String> {
        self.edges
            .iter()
            .map(|e| {
                let rel = match e.relation.as_str() {
                    "waits-for" => "─waits for→",
                    "held-by" => "─held by→",
                    "joins" => "─joins→",
                    "spins-on" => "─spins waiting on→",
                    "can-be-changed-by" => "─can only be changed by→",
                    _ => "─can only be woken by→",
                };
                let line = e.line.map(|l| format!("  (line {l})")).unwrap_or_default();
                format!("{} {rel} {}{line}", self.label(&e.from), self.label(&e.to))
            })
            .collect()
    }

    pub fn to_dot(&self) -> String {
        let g = self.petgraph();
        let dot = petgraph::dot::Dot::with_attr_getters(
            &g,
            &[petgraph::dot::Config::NodeNoLabel, petgraph::dot::Config::EdgeNoLabel],
            &|_, e| {
                let w = e.weight();
                let label = match w.line {
                    Some(l) => format!("{} (line {l})", w.relation),
                    None => w.relation.clone(),
                };
                let style = if w.relation.starts_with("can-be-") { ", style=dashed" } else { "" };
                format!("label={label:?}{style}")
            },
            &|_, (_, n)| {
                let shape = if n.kind == "thread" { "box" } else if n.kind == "nobody" { "plaintext" } else { "ellipse" };
                format!("label={:?}, shape={shape}", n.label)
            },
        );
        format!("{dot:?}")
    }
}

fn resource(t: &WaitTarget) -> Option<(String, &'static str)> {
    Some(match t {
        WaitTarget::Lock { label, reentrant: false, .. } => (label.clone(), "lock"),
        WaitTarget::Lock { label, .. } => (label.clone(), "rlock"),
        WaitTarget::Semaphore { label } => (label.clone(), "semaphore"),
        WaitTarget::Event { label, .. } => (label.clone(), "event"),
        WaitTarget::Condition { label, .. } => (label.clone(), "condition"),
        WaitTarget::QueueGet { label } | WaitTarget::QueuePut { label } | WaitTarget::QueueJoin { label, .. } => {
            (label.clone(), "queue")
        }
        WaitTarget::Join { .. } => return None,
    })
}

/// The line where `tid` last acquired `lock` in the trace.
fn acquire_line(r: &Replayed, tid: u32, lock: &str) -> Option<u32> {
    r.trace
        .steps
        .iter()
        .rev()
        .find(|s| {
            s.tid == tid
                && s.effects.iter().any(|e| {
                    matches!(e, Effect::Call { text } if text == &format!("acquire {lock}") || text.starts_with(&format!("acquire {lock} (")))
                })
        })
        .map(|s| s.line)
}

pub fn build(vm: &Vm, r: &Replayed, a: &StuckAnalysis) -> WaitGraph {
    let mut g = WaitGraph::default();
    let tname = |t: u32| vm.thread_name(&r.state, t);
    for b in &a.blocked {
        let tid_id = format!("t{}", b.tid);
        g.node(&tid_id, &b.name, "thread");
        let line = b.span.map(|s| s.line);
        match &b.target {
            WaitTarget::Join { thread } => {
                let other = format!("t{thread}");
                g.node(&other, &tname(*thread), "thread");
                g.edge(&tid_id, &other, "joins", line);
            }
            target => {
                let (label, kind) = resource(target).expect("a resource");
                let rid = format!("r:{label}");
                g.node(&rid, &label, kind);
                g.edge(&tid_id, &rid, "waits-for", line);
                if let WaitTarget::Lock { holder: Some(h), .. } = target {
                    let hid = format!("t{h}");
                    g.node(&hid, &tname(*h), "thread");
                    g.edge(&rid, &hid, "held-by", acquire_line(r, *h, &label));
                } else {
                    let wakers = possible_wakers(vm, &r.state, target, b.tid);
                    if wakers.is_empty() {
                        g.node("nobody", "nobody left", "nobody");
                        g.edge(&rid, "nobody", "can-be-woken-by", None);
                    }
                    for w in wakers {
                        let wid = format!("t{w}");
                        g.node(&wid, &tname(w), "thread");
                        g.edge(&rid, &wid, "can-be-woken-by", None);
                    }
                }
            }
        }
    }
    // Threads spinning (every step comes back): on what they read, and who
    // could still change it.
    for (t, read) in vm.spin_waiting(&r.state) {
        let tid_id = format!("t{t}");
        g.node(&tid_id, &tname(t), "thread");
        let what = super::explain::describe_reads(vm, &read);
        let rid = format!("s:{t}");
        g.node(&rid, &what, "state");
        g.edge(&tid_id, &rid, "spins-on", vm.thread_span(&r.state, t).map(|s| s.line));
        let live: Vec<u32> = (0..r.state.threads.len() as u32)
            .filter(|&u| u != t && r.state.threads[u as usize].status != crate::vm::Status::Done)
            .collect();
        if read.life_read && !live.is_empty() {
            for u in live {
                let uid = format!("t{u}");
                g.node(&uid, &tname(u), "thread");
                g.edge(&rid, &uid, "can-be-changed-by", None);
            }
        } else if a.blocked.is_empty() {
            g.node("nobody", "nobody left", "nobody");
            g.edge(&rid, "nobody", "can-be-changed-by", None);
        }
    }
    g
}
