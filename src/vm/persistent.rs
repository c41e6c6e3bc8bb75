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

/// The set being closed, reused across seeds.
struct Closure {
    in_set: Vec<bool>,
    work: Vec<Tid>,
}

impl Closure {
    fn new(threads: usize) -> Closure {
        Closure { in_set: vec![false; threads], work: Vec::new() }
    }
}

/// The threads with a step going somewhere, and those whose every step
/// comes back (spin-waiting), in order.
struct Threads<'a> {
    enabled: &'a [Tid],
    spinning: &'a [Tid],
}

impl Vm {
    /// The indexes (into `choices`) of the smallest persistent set found
    /// (trying each enabled thread as the seed), or every index. A thread
    /// whose every step came back to `s` (`self_loops`) spin-waits: it is
    /// no seed and does not count as enabled, but, like a blocked thread,
    /// brings in whoever could change what it read.
    pub fn persistent_set(&self, s: &State, choices: &[Choice], touched: &[&Touched], self_loops: &[bool], out: &mut Vec<usize>) {
        out.clear();
        let mut enabled: Vec<Tid> = Vec::new();
        let mut spinning: Vec<Tid> = Vec::new();
        for (i, c) in choices.iter().enumerate() {
            let live = !self_loops[i];
            if live && !enabled.contains(&c.tid) {
                enabled.push(c.tid);
            }
            if !live && !spinning.contains(&c.tid) {
                spinning.push(c.tid);
            }
        }
        spinning.retain(|t| !enabled.contains(t));
        let threads = Threads { enabled: &enabled, spinning: &spinning };
        let mut closure = Closure::new(s.threads.len());
        let mut best: Option<usize> = None;
        let mut best_set: Vec<bool> = Vec::new();
        for &seed in &enabled {
            let limit = best.unwrap_or(enabled.len());
            if let Some(size) = self.close(s, choices, touched, &threads, seed, limit, &mut closure) {
                best = Some(size);
                best_set.clone_from(&closure.in_set);
            }
        }
        match best {
            Some(_) => out.extend((0..choices.len()).filter(|&i| best_set[choices[i].tid as usize])),
            None => out.extend(0..choices.len()),
        }
    }

    /// Close `{seed}` under interference: the number of enabled threads in
    /// the set, or `None` once it reaches `limit` (the set is then no
    /// better than one already found).
    #[allow(clippy::too_many_arguments)]
    fn close(
        &self,
        s: &State,
        choices: &[Choice],
        touched: &[&Touched],
        threads: &Threads,
        seed: Tid,
        limit: usize,
        c: &mut Closure,
    ) -> Option<usize> {
        let n = s.threads.len();
        c.in_set.iter_mut().for_each(|b| *b = false);
        c.in_set[seed as usize] = true;
        let mut enabled_in_set = 1;
        if enabled_in_set >= limit {
            return None;
        }
        c.work.clear();
        c.work.push(seed);
        while let Some(x) = c.work.pop() {
            let mut add = |y: usize, c: &mut Closure| {
                if !c.in_set[y] {
                    c.in_set[y] = true;
                    c.work.push(y as Tid);
                    if threads.enabled.contains(&(y as Tid)) {
                        enabled_in_set += 1;
                    }
                }
            };
            if threads.enabled.contains(&x) || threads.spinning.contains(&x) {
                for i in (0..choices.len()).filter(|&i| choices[i].tid == x) {
                    let t = touched[i];
                    for y in 0..n {
                        if !c.in_set[y] && self.may_interfere(t, &s.threads[y]) {
                            add(y, c);
                        }
                    }
                }
            } else {
                match s.threads[x as usize].wait {
                    Some(Wait::Join { thread, .. }) => add(s.join_target(thread) as usize, c),
                    _ => {
                        for y in 0..n {
                            if !c.in_set[y] && y != x as usize && self.may_touch_sync(&s.threads[y]) {
                                add(y, c);
                            }
                        }
                    }
                }
            }
            if enabled_in_set >= limit {
                return None;
            }
        }
        Some(enabled_in_set)
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
