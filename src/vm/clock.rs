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

use std::hash::{Hash, Hasher};

#[derive(Clone, Copy, Debug)]
pub struct Clock {
    ticks: u64,
    observed: bool,
}

impl Clock {
    pub fn new(observed: bool) -> Clock {
        Clock { ticks: 0, observed }
    }

    /// A read: the ticks so far, then one more.
    pub fn tick(&mut self) -> u64 {
        self.ticks += 1;
        self.ticks - 1
    }

}

impl PartialEq for Clock {
    fn eq(&self, o: &Clock) -> bool {
        self.observed == o.observed && (!self.observed || self.ticks == o.ticks)
    }
}

impl Eq for Clock {}

impl Hash for Clock {
    fn hash<H: Hasher>(&self, h: &mut H) {
        if self.observed {
            self.ticks.hash(h);
        }
    }
}
