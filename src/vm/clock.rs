//! The logical clock of `time.time()` and `time.ctime()`: deterministic and
//! increasing, one tick a read.
//!
//! When no clock value can reach anything but printed text
//! (`Program::clock_observed` is false), which tick a read gets changes what
//! is printed, never what the program does: a read orders nothing (it
//! touches no shared state), and it is one step with the `print` it feeds
//! (`vm/interp.rs`), so no clock value waits on a stack between steps. With
//! the dead-variable reduction on, such a clock is *dead*: it does not tell
//! states apart (it is left out of their equality and hash), so a loop that
//! prints the time forever has finitely many states. The state still carries
//! the ticks, so every path prints increasing times, and a trace, replayed
//! from the initial state, prints the times of its path.

use super::value::PrintedOnly;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Clock {
    ticks: PrintedOnly<u64>,
}

impl Clock {
    pub fn new(observed: bool) -> Clock {
        Clock { ticks: PrintedOnly { n: 0, distinguishes: observed } }
    }

    /// A read: the ticks so far, then one more.
    pub fn tick(&mut self) -> u64 {
        self.ticks.n += 1;
        self.ticks.n - 1
    }
}
