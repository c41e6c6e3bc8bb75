//! interleave: a deterministic model checker for multithreaded programs
//! written in a subset of Python's threading language.
//!
//! ```no_run
//! let report = interleave::check_file("models/balance.py", &interleave::Options::default()).unwrap();
//! assert!(!report.findings.is_empty());
//! ```

pub mod allocator;
pub mod cli;
pub mod detect;
pub mod error;
pub mod explore;
pub mod ir;
pub mod lang;
pub mod report;
pub mod vm;

pub use detect::Kind;
pub use error::{Error, ErrorKind};
pub use lang::{Define, Defined, Header, parse_header};
pub use report::Report;

use std::sync::Arc;
use std::time::{Duration, Instant};

/// The exhaustive search stops (incomplete) past this resident memory.
pub const DEFAULT_MAX_MEMORY: u64 = 8_000_000_000;
/// The default state limit; a model's `# max-states:` header replaces it
/// (a limit the caller sets is kept).
pub const DEFAULT_MAX_STATES: u64 = 5_000_000;

/// Most nodes the fewest-preemption search expands before it keeps the
/// breadth-first counterexample.
const READABLE_SEARCH_NODES: u64 = 2_000_000;

/// How the interleavings are explored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every interleaving (stateful breadth-first search with reductions).
    Exhaustive,
    /// Uniform random walks.
    Random { schedules: u64, seed: u64 },
    /// Probabilistic concurrency testing with bug depth `depth`.
    Pct { depth: u32, schedules: u64, seed: u64 },
    /// Every schedule with at most `preemptions` preemptions.
    Bounded { preemptions: u32 },
}

#[derive(Clone)]
pub struct Options {
    /// Applied after the model's own `# define:` lines (and over them).
    pub defines: Vec<Define>,
    pub max_states: u64,
    pub time_limit: Option<Duration>,
    /// Partial-order reduction (on by default; exhaustive mode).
    pub por: bool,
    /// Chains: through states with a single choice worth taking (the only
    /// one not known to come back), steps are taken without storing the
    /// states between them (on by default; exhaustive mode).
    pub chains: bool,
    /// Worker threads of the exhaustive search (default: every core); the
    /// report is the same for any number.
    pub jobs: usize,
    /// Symmetry reduction (on by default; off by itself for programs that
    /// can tell their threads apart).
    pub symmetry: bool,
    /// Dead-variable reduction (on by default).
    pub dead_vars: bool,
    pub mode: Mode,
    /// Longest schedule a random or PCT walk runs.
    pub max_steps: u64,
    /// Stop exhaustive search past this resident memory (bytes).
    pub max_memory: Option<u64>,
    /// Progress reports for long searches (the CLI draws a status line).
    pub progress: Option<explore::ProgressFn>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            defines: vec![],
            max_states: DEFAULT_MAX_STATES,
            time_limit: None,
            por: true,
            chains: true,
            jobs: explore::available_jobs(),
            symmetry: true,
            dead_vars: true,
            mode: Mode::Exhaustive,
            max_steps: 10_000,
            max_memory: Some(DEFAULT_MAX_MEMORY),
            progress: None,
        }
    }
}

/// Compile a model's source: its header defines, then `extra` defines.
pub fn compile(path: &str, text: &str, extra: &[Define]) -> Result<(ir::Program, Header), Error> {
    let header = parse_header(text).map_err(|m| Error::new(ErrorKind::Define, path, m))?;
    let mut defines: Vec<Define> = header.defines.clone();
    for d in extra {
        defines.retain(|x| x.key() != d.key());
        defines.push(d.clone());
    }
    let program = lang::compile(path, text, &defines)?;
    Ok((program, header))
}

fn model_error(program: &ir::Program, e: vm::ModelError) -> Error {
    Error::at(ErrorKind::Model, &program.source, e.span, e.message)
}

pub fn read_model(path: &str) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::new(ErrorKind::Io, path, e.to_string()))
}

/// Check a model file: explore every interleaving (within the limits) and
/// explain each finding.
pub fn check_file(path: &str, options: &Options) -> Result<Report, Error> {
    let text = read_model(path)?;
    check_source(path, &text, options)
}

pub fn check_source(path: &str, text: &str, options: &Options) -> Result<Report, Error> {
    let start = Instant::now();
    let (program, header) = compile(path, text, &options.defines)?;
    let program = Arc::new(program);
    let with_header_limit;
    let options = match header.max_states {
        Some(n) if options.max_states == DEFAULT_MAX_STATES => {
            with_header_limit = Options { max_states: n, ..options.clone() };
            &with_header_limit
        }
        _ => options,
    };
    let limits = explore::Limits {
        max_states: options.max_states,
        time_limit: options.time_limit,
        max_memory: options.max_memory,
        por: options.por,
        chains: options.chains,
        jobs: options.jobs.max(1),
        progress: options.progress.clone(),
    };
    let mut vm = vm::Vm::with_reductions(program.clone(), options.dead_vars, options.symmetry);
    let (mut outcome, mut finished) = search(&vm, options, &limits).map_err(|e| model_error(&program, e))?;
    let lock_cycle = || {
        let edges: Vec<&detect::Finding> =
            outcome.found.iter().map(|f| &f.finding).filter(|f| f.kind == Kind::LockEdge).collect();
        detect::has_lock_cycle(&edges)
    };
    if vm.symmetry && (vm.identity_formatted() || lock_cycle()) {
        // A thread object was printed: its name tells threads apart, so
        // states equal up to a permutation of threads are not equivalent.
        // Or the locks form a cycle: which threads took them decides whether
        // it is an inversion, and symmetry blurred which ones did.
        vm = vm::Vm::with_reductions(program.clone(), options.dead_vars, false);
        (outcome, finished) = search(&vm, options, &limits).map_err(|e| model_error(&program, e))?;
    }
    let checker = detect::Checker::new(&vm);
    if options.mode == Mode::Exhaustive {
        if vm.symmetry {
            outcome.coverage.reductions.push("symmetry".into());
        }
        if vm.dead_vars {
            outcome.coverage.reductions.push("dead-variables".into());
        }
    }
    // Lock-order edges are not findings themselves: they make the graph.
    let (edges, found): (Vec<_>, Vec<_>) = outcome.found.drain(..).partition(|f| f.finding.kind == Kind::LockEdge);
    // A thread that loops forever by design is not a bug: say so.
    let (spins, found): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| f.finding.kind == Kind::NeverEnds);
    outcome.found = found;
    let edge_findings: Vec<&detect::Finding> = edges.iter().map(|e| &e.finding).collect();
    let mut notes = Vec::new();
    for s in &spins {
        let line = s.finding.span.map(|s| s.line).unwrap_or(0);
        let tid = s.finding.tid.unwrap_or(0);
        let who = report::replay(&vm, &s.schedule)
            .map(|r| vm.thread_name(&r.state, tid))
            .unwrap_or_else(|_| format!("thread {tid}"));
        notes.push(format!(
            "the program never ends: {who} loops forever at line {line} (`{}`) without touching shared state",
            program.source.line_text(line).trim()
        ));
    }
    if outcome.coverage.complete && finished == 0 && spins.is_empty() && outcome.found.is_empty() {
        let looping = detect::looping_threads(&vm).map_err(|e| model_error(&program, e))?;
        let places: Vec<String> = looping
            .iter()
            .map(|l| match l.span {
                Some(sp) => format!("{} loops forever around line {} (`{}`)", l.name, sp.line, program.source.line_text(sp.line).trim()),
                None => format!("{} loops forever", l.name),
            })
            .collect();
        notes.push(if places.is_empty() {
            "the program never ends: no interleaving reaches its end".into()
        } else {
            format!("the program never ends: no interleaving reaches its end; {}", places.join("; "))
        });
    }
    if !outcome.coverage.growing.is_empty() {
        let grown: Vec<String> = outcome
            .coverage
            .growing
            .iter()
            .map(|g| format!("{} ({})", g.quantity, g.values.map(report::thousands_signed).join(" → ")))
            .collect();
        notes.push(format!(
            "the state space may be infinite: {} kept growing with the depth of the search (the largest value in each \
             quarter of it); bound {} with --define, or sample long runs with --mode random or --mode pct",
            grown.join(", "),
            if grown.len() == 1 { "it" } else { "them" }
        ));
    }
    let mut inversions = Vec::new();
    for inv in detect::lock_order_inversions(&edge_findings) {
        let cycle = inv.locks.join(" → ");
        if let Some(gate) = &inv.guarded_by {
            notes.push(format!(
                "locks {cycle} are taken in opposite orders, but always while holding {gate}: a gate lock, so this cannot deadlock"
            ));
            continue;
        }
        // A deadlock already found on the same locks explains it better.
        let shown_by_deadlock = outcome.found.iter().any(|f| {
            f.finding.kind == Kind::Deadlock && inv.locks.iter().all(|l| f.finding.locks.contains(l))
        });
        if !shown_by_deadlock {
            let parts: Vec<(&detect::Finding, &[vm::Choice])> =
                inv.edges.iter().map(|&i| (&edges[i].finding, edges[i].schedule.as_slice())).collect();
            inversions.push(report::explain_inversion(&vm, &inv, &parts));
        }
    }
    // Re-search each finding's counterexample for the fewest preemptions.
    let wanted: std::collections::HashSet<String> = outcome.found.iter().map(|f| f.finding.key.clone()).collect();
    let readable = explore::fewest_preemptions(&checker, &wanted, options.max_states.min(READABLE_SEARCH_NODES))
        .map_err(|e| model_error(&program, e))?;
    let mut findings: Vec<report::FindingReport> = outcome
        .found
        .iter()
        .map(|f| {
            let schedule = readable.get(&f.finding.key).map(|(s, _)| s.as_slice()).unwrap_or(&f.schedule);
            report::explain_finding(&vm, &f.finding, schedule)
        })
        .collect();
    findings.extend(inversions);
    findings.sort_by_key(|f| f.kind);
    Ok(Report {
        format_version: report::FORMAT_VERSION,
        model: path.to_string(),
        findings,
        notes,
        coverage: outcome.coverage,
        elapsed_seconds: start.elapsed().as_secs_f64(),
    })
}

/// One search in the chosen mode; also how many explored states were ends
/// of the program.
fn search(
    vm: &vm::Vm,
    options: &Options,
    limits: &explore::Limits,
) -> Result<(explore::Outcome<vm::Choice, detect::Finding>, u64), vm::ModelError> {
    let checker = detect::Checker::new(vm);
    let outcome = match options.mode {
        Mode::Exhaustive => explore::explore_bfs(&checker, limits),
        Mode::Random { schedules, seed } => {
            explore::explore_random(&checker, schedules, seed, options.max_steps, options.time_limit)
        }
        Mode::Pct { depth, schedules, seed } => {
            explore::explore_pct(&checker, depth, schedules, seed, options.max_steps, options.time_limit)
        }
        Mode::Bounded { preemptions } => {
            explore::explore_bounded(&checker, preemptions, options.max_states, options.time_limit)
        }
    }?;
    Ok((outcome, checker.finished_states.load(std::sync::atomic::Ordering::Relaxed)))
}

/// Replay a schedule on a model and return its trace.
pub fn replay_source(path: &str, text: &str, schedule: &str, defines: &[Define]) -> Result<report::Trace, Error> {
    let (program, _) = compile(path, text, defines)?;
    let program = Arc::new(program);
    let vm = vm::Vm::new(program.clone());
    let choices = report::parse_schedule(schedule).map_err(|m| Error::new(ErrorKind::Define, path, m))?;
    match report::replay(&vm, &choices) {
        Ok(r) => Ok(r.trace),
        Err(report::ReplayError::Model(e)) => Err(model_error(&program, e)),
        Err(report::ReplayError::Diverged { message, .. }) => {
            Err(Error::new(ErrorKind::Define, path, format!("the schedule does not fit this model: {message}")))
        }
    }
}

/// Run a model once, deterministically: each thread runs until it blocks or
/// ends (lowest-numbered runnable thread first). Returns what it printed.
pub fn run_source(path: &str, text: &str, defines: &[Define], max_steps: usize) -> Result<report::Trace, Error> {
    let (program, _) = compile(path, text, defines)?;
    let program = Arc::new(program);
    let vm = vm::Vm::new(program.clone());
    let mut events = Vec::new();
    let (mut s, _) = vm.initial(&mut events).map_err(|e| model_error(&program, e))?;
    let mut schedule = Vec::new();
    let mut choices = Vec::new();
    let mut current: Option<u32> = None;
    for _ in 0..max_steps {
        vm.choices(&s, &mut choices);
        let Some(&c) = choices.iter().find(|c| Some(c.tid) == current && !c.timeout).or_else(|| choices.iter().find(|c| !c.timeout)).or(choices.first()) else {
            break;
        };
        vm.step(&mut s, c, &mut vm::NoRecorder).map_err(|e| model_error(&program, e))?;
        schedule.push(c);
        current = Some(c.tid);
    }
    match report::replay(&vm, &schedule) {
        Ok(r) => Ok(r.trace),
        Err(report::ReplayError::Model(e)) => Err(model_error(&program, e)),
        Err(report::ReplayError::Diverged { message, .. }) => Err(Error::new(ErrorKind::Model, path, message)),
    }
}
