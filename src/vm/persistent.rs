//! Persistent sets for partial-order reduction: at a state, a set of
//! threads such that no sequence of steps by the other threads can
//! interfere with (or enable) the steps of the set. Exploring only the set's
//! steps then loses no finding (Godefroid's persistent sets, computed as
//! stubborn sets over threads):
//!
//! - an enabled thread in the set brings in every thread whose *future*
//!   (static `Footprint` of everything it may still do) conflicts with what
//!   its step touched (`Touched`, recorded as the step ran);
//! - a blocked thread in the set brings in every thread that could unblock
//!   it: for a join, the joined thread; for a lock, semaphore, event,
//!   condition or queue, every thread that may still touch a sync object.
//!
//! The explorer adds the cycle proviso (a state whose reduced successors
//! were already visited is expanded fully).

use super::state::{State, Status, Thread, Wait};
use super::{Choice, Tid, Touched, Vm};

impl Vm {
    /// The indexes (into `choices`) of the smallest persistent set found
    /// (trying each enabled thread as the seed), or every index.
    pub fn persistent_set(&self, s: &State, choices: &[Choice], touched: &[&Touched], out: &mut Vec<usize>) {
        out.clear();
        let n = s.threads.len();
        let enabled_threads = {
            let mut t: Vec<Tid> = choices.iter().map(|c| c.tid).collect();
            t.dedup();
            t
        };
        let mut best: Option<Vec<usize>> = None;
        let mut in_set = vec![false; n];
        let mut work: Vec<Tid> = Vec::new();
        'seeds: for &seed in &enabled_threads {
            in_set.iter_mut().for_each(|b| *b = false);
            in_set[seed as usize] = true;
            let mut enabled_in_set = 1;
            let limit = best.as_ref().map_or(enabled_threads.len(), |b| b.len());
            work.clear();
            work.push(seed);
            while let Some(x) = work.pop() {
                let mut add = |y: usize, in_set: &mut Vec<bool>, work: &mut Vec<Tid>| {
                    if !in_set[y] {
                        in_set[y] = true;
                        work.push(y as Tid);
                        if enabled_threads.contains(&(y as Tid)) {
                            enabled_in_set += 1;
                        }
                    }
                };
                let steps: Vec<usize> = (0..choices.len()).filter(|&i| choices[i].tid == x).collect();
                if !steps.is_empty() {
                    for &i in &steps {
                        for y in 0..n {
                            if !in_set[y] && self.may_interfere(touched[i], &s.threads[y]) {
                                add(y, &mut in_set, &mut work);
                            }
                        }
                    }
                } else {
                    match s.threads[x as usize].wait {
                        Some(Wait::Join { thread, .. }) => add(s.join_target(thread) as usize, &mut in_set, &mut work),
                        _ => {
                            for y in 0..n {
                                if !in_set[y] && y != x as usize && self.may_touch_sync(&s.threads[y]) {
                                    add(y, &mut in_set, &mut work);
                                }
                            }
                        }
                    }
                }
                if enabled_in_set >= limit {
                    continue 'seeds;
                }
            }
            best = Some((0..choices.len()).filter(|&i| in_set[choices[i].tid as usize]).collect());
        }
        match best {
            Some(b) => out.extend(b),
            None => out.extend(0..choices.len()),
        }
    }

    /// Could some step that thread `y` may still take conflict with a step
    /// that touched `t`?
    fn may_interfere(&self, t: &Touched, y: &Thread) -> bool {
        if y.status != Status::Ready {
            return false;
        }
        // Every live thread ends some day: that is seen by who reads liveness.
        t.life_read || y.frames.iter().any(|fr| t.conflicts(self.footprints.future(fr.func, fr.pc)))
    }

    fn may_touch_sync(&self, y: &Thread) -> bool {
        y.status == Status::Ready
            && y.frames.iter().any(|fr| {
                let f = self.footprints.future(fr.func, fr.pc);
                f.top || f.sync
            })
    }
}
