//! Random mode: each schedule is a uniform random walk (every enabled choice
//! equally likely at every step). Deterministic for a seed.

use super::walk::{Collector, walk};
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
        walk(model, &init, max_steps, &mut out, |_, choices, _| rng.random_range(0..choices.len()))?;
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
