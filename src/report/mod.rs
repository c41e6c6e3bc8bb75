//! Reports: each finding explained in words, with its trace and replayable
//! schedule, plus what the search covered. Rendered as text or JSON.

mod explain;
mod html;
mod schedule;
mod text;
mod trace;
mod wait_graph;

pub use wait_graph::{GraphEdge, GraphNode, WaitGraph};

pub use html::render_html;
pub use schedule::{format_schedule, parse_schedule};
pub use text::{View, render_columns, render_text, render_trace, thousands_signed};
pub use trace::{ReplayError, Replayed, Step, Trace, Var, replay};

use crate::detect::{Finding, Kind};
use crate::explore::Coverage;
use crate::vm::{Choice, Vm};

/// Version of the JSON report layout.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, serde::Serialize)]
pub struct Report {
    pub format_version: u32,
    pub model: String,
    pub findings: Vec<FindingReport>,
    /// Observations that are not findings (e.g. a lock-order cycle guarded
    /// by a gate lock).
    pub notes: Vec<String>,
    pub coverage: Coverage,
    pub elapsed_seconds: f64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct FindingReport {
    pub kind: Kind,
    /// One line: what went wrong and where.
    pub message: String,
    /// Why, in words, step by step.
    pub explanation: Vec<String>,
    pub line: Option<u32>,
    /// Replays with `interleave replay MODEL --schedule ...`.
    pub schedule: String,
    pub trace: Trace,
    /// For a thread stuck forever: who waits for what, who holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_for: Option<WaitGraph>,
}

impl Report {
    pub fn kinds(&self) -> Vec<Kind> {
        let mut k: Vec<Kind> = self.findings.iter().map(|f| f.kind).collect();
        k.sort();
        k.dedup();
        k
    }
}

/// A lock-order inversion: each edge of the cycle with both acquisition
/// sites, from replaying the schedule that first took it.
pub fn explain_inversion(vm: &Vm, inv: &crate::detect::Inversion, edges: &[(&Finding, &[Choice])]) -> FindingReport {
    let mut explanation = Vec::new();
    let mut last_trace = None;
    let mut schedule_text = String::new();
    let mut first_line = None;
    for (f, schedule) in edges {
        let (from, to) = (&f.locks[0], &f.locks[1]);
        let tid = f.tid.unwrap_or(0);
        let Ok(r) = replay(vm, schedule) else { continue };
        let name = vm.thread_name(&r.state, tid);
        let held_line = r
            .trace
            .steps
            .iter()
            .rev()
            .find(|s| s.tid == tid && s.effects.iter().any(|e| matches!(e, crate::vm::Effect::Call { text } if text == &format!("acquire {from}") || text.starts_with(&format!("acquire {from} (")))))
            .map(|s| s.line);
        let to_line = f.span.map(|s| s.line).unwrap_or(0);
        first_line.get_or_insert(to_line);
        explanation.push(format!(
            "{name} takes {to} (line {to_line}) while holding {from}{}",
            held_line.map(|l| format!(" (taken at line {l})")).unwrap_or_default()
        ));
        schedule_text = format_schedule(schedule);
        last_trace = Some(r.trace);
    }
    explanation.push(format!(
        "If these threads interleave so that each holds its first lock, they wait for each other forever: a potential deadlock ({}).",
        inv.locks.join(" → ") + " → " + &inv.locks[0]
    ));
    FindingReport {
        kind: crate::detect::Kind::LockOrderInversion,
        message: format!(
            "lock-order-inversion: {} are taken in opposite orders by different threads ({})",
            inv.locks.join(" and "),
            vm.program.source.path
        ),
        explanation,
        line: first_line,
        schedule: schedule_text,
        trace: last_trace.unwrap_or(Trace { steps: vec![], final_state: vec![], output: String::new(), preemptions: 0 }),
        wait_for: None,
    }
}

/// Explain one finding by replaying its schedule.
pub fn explain_finding(vm: &Vm, finding: &Finding, schedule: &[Choice]) -> FindingReport {
    let schedule_text = format_schedule(schedule);
    match replay(vm, schedule) {
        Ok(r) => {
            let (message, explanation) = explain::explain(vm, finding, &r);
            let stuck = matches!(
                finding.kind,
                Kind::Deadlock | Kind::SelfDeadlock | Kind::MissedSignal | Kind::Hang
            ) || (finding.kind == Kind::LockLeak && r.last_notes.leaked_locks.is_empty());
            let wait_for = stuck.then(|| wait_graph::build(vm, &r, &crate::detect::analyse_stuck(vm, &r.state)));
            FindingReport {
                kind: finding.kind,
                message,
                explanation,
                wait_for,
                line: finding.span.map(|s| s.line),
                schedule: schedule_text,
                trace: r.trace,
            }
        }
        Err(e) => FindingReport {
            kind: finding.kind,
            message: format!("{} (its trace could not be replayed: {e:?})", finding.kind.id()),
            explanation: vec![],
            line: finding.span.map(|s| s.line),
            schedule: schedule_text,
            trace: Trace { steps: vec![], final_state: vec![], output: String::new(), preemptions: 0 },
            wait_for: None,
        },
    }
}
