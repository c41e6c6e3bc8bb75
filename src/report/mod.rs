//! Reports: each finding explained in words, with its trace and replayable
//! schedule, plus what the search covered. Rendered as text or JSON.

mod explain;
mod schedule;
mod text;
mod trace;

pub use schedule::{format_schedule, parse_schedule};
pub use text::{render_text, render_trace};
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
}

impl Report {
    pub fn kinds(&self) -> Vec<Kind> {
        let mut k: Vec<Kind> = self.findings.iter().map(|f| f.kind).collect();
        k.sort();
        k.dedup();
        k
    }
}

/// Explain one finding by replaying its schedule.
pub fn explain_finding(vm: &Vm, finding: &Finding, schedule: &[Choice]) -> FindingReport {
    let schedule_text = format_schedule(schedule);
    match replay(vm, schedule) {
        Ok(r) => {
            let (message, explanation) = explain::explain(vm, finding, &r);
            FindingReport {
                kind: finding.kind,
                message,
                explanation,
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
        },
    }
}
