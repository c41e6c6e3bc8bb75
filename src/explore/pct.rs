//! PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010):
//! each thread gets a random priority; the highest-priority enabled thread
//! always runs; at d−1 random steps the running thread drops to a low
//! priority. A bug of depth d is found with probability at least
//! 1/(n·k^(d−1)) per schedule (n threads, k steps).

use super::walk::{Collector, same_thread, walk};
use super::{Coverage, Model, Outcome};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub fn explore_pct<M: Model>(
    model: &M,
    depth: u32,
    schedules: u64,
    seed: u64,
    max_steps: u64,
    time_limit: Option<Duration>,
) -> Result<Outcome<M::Choice, M::Finding>, M::Error> {
    let start = Instant::now();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut out = Collector::new();
    let mut init_found = Vec::new();
    let init = model.initial(&mut init_found)?;
    // k, the number of steps, estimated from the longest schedule so far.
    let mut k_estimate: u64 = 16;
    let mut run = 0;
    let mut stopped_by = None;
    let d = depth.max(1);
    while run < schedules {
        if time_limit.is_some_and(|t| start.elapsed() >= t) {
            stopped_by = Some("--time-limit".to_string());
            break;
        }
        let mut change_points: Vec<u64> = (0..d - 1).map(|_| rng.random_range(1..=k_estimate.max(1))).collect();
        change_points.sort();
        // Priorities: initial ones are d.., low ones after a change point are
        // 0..d-1 (lower runs later).
        let mut priority: HashMap<u32, u64> = HashMap::new();
        let mut dropped = 0u64;
        walk(model, &init, max_steps, &mut out, |_, choices, step| {
            for c in choices {
                let t = model.thread_of(c);
                priority.entry(t).or_insert_with(|| d as u64 + rng.random_range(0..1_000_000u64));
            }
            let best = |priority: &HashMap<u32, u64>| {
                (0..choices.len()).max_by_key(|&i| (priority[&model.thread_of(&choices[i])], std::cmp::Reverse(i))).unwrap()
            };
            let mut i = best(&priority);
            while change_points.first() == Some(&step) {
                change_points.remove(0);
                dropped += 1;
                priority.insert(model.thread_of(&choices[i]), d as u64 - dropped.min(d as u64));
                i = best(&priority);
            }
            // The thread chosen, one of its outcomes at random.
            match same_thread(model, choices, i) {
                (start, n) if n > 1 => start + rng.random_range(0..n),
                _ => i,
            }
        })?;
        k_estimate = k_estimate.max(out.max_depth);
        run += 1;
    }
    let coverage = Coverage {
        strategy: "pct".into(),
        states: out.seen.len() as u64,
        transitions: out.transitions,
        max_depth: out.max_depth,
        complete: false,
        stopped_by,
        schedules: Some(run),
        seed: Some(seed),
        depth: Some(d),
        fingerprint_bits: 128,
        elapsed: start.elapsed(),
        ..Coverage::default()
    };
    Ok(Outcome { found: out.found, coverage })
}
