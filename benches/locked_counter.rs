//! The locked counter of tutorial 000 (`with lock: number += 1` as
//! `lock.acquire(); number += 1; lock.release()`), 2 threads × N iterations,
//! proved exhaustively, with every reduction and with none. Reports states,
//! states per second and peak memory (of the whole run so far).
//!
//! Each row is the fastest of three runs (`RUNS`): the machine's host is
//! shared, and a run's time varies by up to 2× from one minute to the next.
//! The largest size with every reduction is also run with one job: when
//! the host is busy, two jobs gain little over one, and the two rows side
//! by side tell such a run from a slower search.
//!
//! `cargo bench --bench locked_counter` (N = 10, 100, 300, 1000: the sizes
//! of issue 5's targets), or `cargo bench --bench locked_counter -- 100`.
//! Without reductions only up to N = 300 (633,607 states; 2 × 1000 is tens
//! of millions): the states per second of 2 × 300 are the steady rate,
//! those of 2 × 100 (71,207 states, a twentieth of a second) include
//! starting up.

use interleave::{Define, Options, check_source};

// As the `interleave` binary (src/main.rs).
#[global_allocator]
static ALLOCATOR: interleave::allocator::Allocator = interleave::allocator::Allocator;
use std::time::Instant;

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs of each row; the fastest is shown.
const RUNS: usize = 3;

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/add_one_locked.py");
    let text = std::fs::read_to_string(path).unwrap();
    let sizes: Vec<i64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10, 100, 300, 1000] } else { sizes };
    println!(
        "{:>10} {:>10} {:>5} {:>9} {:>12} {:>13} {:>9} {:>14} {:>10}",
        "iterations", "reductions", "jobs", "verdict", "states", "transitions", "seconds", "states/second", "peak MiB"
    );
    let all_jobs = Options::default().jobs;
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let mut runs = Vec::new();
    for &n in &sizes {
        runs.push((n, true, all_jobs));
        // Unreduced, 2 × 1000 is tens of millions of states.
        if n <= 300 {
            runs.push((n, false, all_jobs));
        }
    }
    if all_jobs > 1 {
        runs.push((largest, true, 1));
    }
    for (n, reduced, jobs) in runs {
        let options = Options {
            defines: vec![Define::Literal(1_000_000, n)],
            por: reduced,
            chains: reduced,
            symmetry: reduced,
            dead_vars: reduced,
            jobs,
            ..Options::default()
        };
        let mut secs = f64::INFINITY;
        let mut report = None;
        for _ in 0..RUNS {
            let start = Instant::now();
            let r = check_source(path, &text, &options).expect("model compiles");
            secs = secs.min(start.elapsed().as_secs_f64());
            report = Some(r);
        }
        let r = report.expect("at least one run");
        let verdict = if !r.findings.is_empty() {
            "FINDINGS"
        } else if r.coverage.complete {
            "proved"
        } else {
            "partial"
        };
        println!(
            "{:>10} {:>10} {:>5} {:>9} {:>12} {:>13} {:>9.3} {:>14.0} {:>10.1}",
            format!("2×{n}"),
            if reduced { "all" } else { "none" },
            jobs,
            verdict,
            r.coverage.states,
            r.coverage.transitions,
            secs,
            r.coverage.states as f64 / secs,
            peak_rss_mib().unwrap_or(f64::NAN)
        );
    }
}
