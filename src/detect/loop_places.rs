//! Where a step may come back to its own state: the places (function, pc)
//! from which a chain step was seen to leave its thread where it started.
//!
//! A chain steps its state in place, so the state before a step is gone
//! when the chain asks whether the step came back to it (a spin-wait). A
//! step that moved its thread elsewhere did not; one that left it in place
//! may have, which only a look at the whole thread tells: a hash of it
//! taken before the step and after. Most steps never come back to their
//! place (a loop of several visible operations), so the hash is taken only
//! from places learnt to loop; the first time a step from a place does,
//! the chain tells by rebuilding the state before (`explore::bfs`). What is
//! learnt changes the cost, never the answer, so jobs share it as they go.

use crate::ir::Program;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct LoopPlaces {
    /// Where each function's places start in `looped`.
    first: Vec<usize>,
    looped: Vec<AtomicBool>,
}

impl LoopPlaces {
    pub fn new(program: &Program) -> LoopPlaces {
        let mut first = Vec::with_capacity(program.functions.len());
        let mut n = 0;
        for f in &program.functions {
            first.push(n);
            n += f.code.len();
        }
        LoopPlaces { first, looped: (0..n).map(|_| AtomicBool::new(false)).collect() }
    }

    fn slot(&self, func: u32, pc: u32) -> Option<&AtomicBool> {
        self.looped.get(self.first.get(func as usize)? + pc as usize)
    }

    /// Has a step from here been seen to leave its thread here?
    pub fn looped(&self, func: u32, pc: u32) -> bool {
        self.slot(func, pc).is_some_and(|b| b.load(Ordering::Relaxed))
    }

    /// A step from here left its thread here.
    pub fn learn(&self, func: u32, pc: u32) {
        if let Some(b) = self.slot(func, pc) {
            b.store(true, Ordering::Relaxed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_learnt_once_and_apart_from_the_others() {
        let (program, _) = crate::compile("t.py", "def f():\n    pass\nx = 1\n", &[]).unwrap();
        let places = LoopPlaces::new(&program);
        let (m, f) = (program.module, (0..program.functions.len() as u32).find(|&f| f != program.module).unwrap());
        assert!(!places.looped(m, 0) && !places.looped(f, 0));
        places.learn(f, 0);
        assert!(places.looped(f, 0));
        assert!(!places.looped(m, 0) && !places.looped(f, 1), "only the place learnt");
        // A place past the code is never learnt.
        places.learn(u32::MAX, 0);
        assert!(!places.looped(u32::MAX, 0));
    }
}
