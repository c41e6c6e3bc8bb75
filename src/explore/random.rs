//! Random mode: each schedule is a uniform random walk (every enabled choice
//! equally likely at every step). Deterministic for a seed.

use super::walk::{Collector, same_thread, walk};
use super::{Coverage, Model, Outcome};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use std::time::{Duration, Instant};

pub fn explore_random<M: Model>(
    model: &M,
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
    let mut run = 0;
    let mut stopped_by = None;
    while run < schedules {
        if time_limit.is_some_and(|t| start.elapsed() >= t) {
            stopped_by = Some("--time-limit".to_string());
            break;
        }
        // A thread first (every enabled thread equally likely), then one of
        // its outcomes when it is at a random call.
        walk(model, &init, max_steps, &mut out, |_, choices, _| {
            let mut firsts = Vec::with_capacity(choices.len());
            for i in 0..choices.len() {
                if i == 0 || model.thread_of(&choices[i - 1]) != model.thread_of(&choices[i]) {
                    firsts.push(i);
                }
            }
            let i = firsts[rng.random_range(0..firsts.len())];
            match same_thread(model, choices, i) {
                (start, n) if n > 1 => start + rng.random_range(0..n),
                _ => i,
            }
        })?;
        run += 1;
    }
    let coverage = Coverage {
        strategy: "random".into(),
        states: out.seen.len() as u64,
        transitions: out.transitions,
        max_depth: out.max_depth,
        complete: false,
        stopped_by,
        schedules: Some(run),
        seed: Some(seed),
        fingerprint_bits: 128,
        elapsed: start.elapsed(),
        ..Coverage::default()
    };
    Ok(Outcome { found: out.found, coverage })
}
