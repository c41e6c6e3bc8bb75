//! Where a program that never ends goes round. When no explored state is
//! the program's end, the search knows *that* it never ends but not where:
//! a fair run (each thread in turn) for a while lets every thread that can
//! finish do so; the threads still running then are the ones that loop
//! forever, and their position is inside the loop.

use crate::ir::Span;
use crate::vm::{Choice, ModelError, NoRecorder, Status, Tid, Vm};

/// How long the fair run goes: enough for the tutorial programs' threads
/// to finish their bounded work many times over.
const FAIR_RUN_STEPS: usize = 5_000;

/// A thread still running after the fair run: who, and where it was.
pub struct Looping {
    pub name: String,
    pub span: Option<Span>,
}

/// The non-daemon threads still running after a round-robin run from the
/// initial state (daemon threads would be killed at the end anyway).
pub fn looping_threads(vm: &Vm) -> Result<Vec<Looping>, ModelError> {
    let (mut s, _) = vm.initial(&mut NoRecorder)?;
    let mut choices: Vec<Choice> = Vec::new();
    let mut last: Tid = 0;
    for _ in 0..FAIR_RUN_STEPS {
        choices.clear();
        vm.choices(&s, &mut choices);
        // The next thread after the last one to move, cyclically; a thread's
        // first choice (no timeout, outcome 0) among its own.
        let Some(&c) = choices.iter().find(|c| c.tid > last).or_else(|| choices.first()) else {
            break;
        };
        last = c.tid;
        vm.step(&mut s, c, &mut NoRecorder)?;
    }
    Ok((0..s.threads.len() as Tid)
        .filter(|&t| {
            let th = &s.threads[t as usize];
            th.status != Status::Done && (t == 0 || !th.daemon)
        })
        .map(|t| Looping { name: vm.thread_name(&s, t), span: vm.thread_span(&s, t) })
        .collect())
}
