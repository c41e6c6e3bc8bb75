//! What a step did, for traces. Recording is off during exploration and on
//! when a schedule is replayed to explain a finding.

use super::object::Tid;
use crate::ir::Span;

/// One thing a step did, with the values involved, already rendered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Effect {
    Read { var: String, value: String },
    Write { var: String, value: String },
    /// A synchronisation or container operation (`acquire lock_1`).
    Call { text: String },
    /// The operation found its resource busy: the thread now waits.
    Blocks { text: String },
    /// A blocked call returned because its timeout fired.
    TimedOut { text: String },
    Print { text: String },
    Sleep { seconds: String },
    Start { thread: String },
    End,
    Raise { exception: String },
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TraceEvent {
    pub tid: Tid,
    pub span: Span,
    pub effect: Effect,
}

pub trait Recorder {
    /// False for the exploration's recorder: effects are not even rendered.
    const ON: bool;
    fn record(&mut self, event: TraceEvent);
}

pub struct NoRecorder;

impl Recorder for NoRecorder {
    const ON: bool = false;
    #[inline]
    fn record(&mut self, _: TraceEvent) {}
}

impl Recorder for Vec<TraceEvent> {
    const ON: bool = true;
    fn record(&mut self, event: TraceEvent) {
        self.push(event)
    }
}
