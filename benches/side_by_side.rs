//! interleave side by side with loom, shuttle and SPIN on the same models
//! (`models/*.py`, `tests/peers/transcriptions.rs`, `benches/peers/spin/*.pml`):
//! one table per model with each tool's verdict, states or executions, wall
//! time, peak memory, and the counterexample's steps and preemptions.
//!
//! `cargo bench --bench side_by_side` (≈ 12 minutes on 2 cores), or
//! `cargo bench --bench side_by_side -- --quick` (small sizes, ≈ 1 minute).
//! Options: `--sizes 10,100`, `--timeout S` (every run, default 300),
//! `--loom-timeout S` (default 60), `--iterations N` (shuttle, default 10000),
//! `--memory-mb M` (interleave's and SPIN's memory limit, default 4096),
//! `--only NAME` (models whose name contains NAME), `--keep-going` (run loom
//! at larger counters even after it timed out at a smaller one).
//!
//! Every tool run is a child process — this binary re-invoked with
//! `--child TOOL MODEL` or SPIN's `pan` — so its peak memory (`ru_maxrss`
//! from `wait4`) and its time limit are its own.

#[path = "../tests/peers/transcriptions.rs"]
mod transcriptions;

use interleave::{Define, Options, check_source};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use transcriptions::{Model, Verdict};

/// Seed of shuttle's PCT and random schedulers.
const SHUTTLE_SEED: u64 = 0x5eed;
/// PCT bug depth (the counters' lost update and the deadlocks need ≤ 3).
const PCT_DEPTH: usize = 3;

struct Config {
    sizes: Vec<u64>,
    timeout: Duration,
    loom_timeout: Duration,
    iterations: usize,
    memory_mb: u64,
    only: Option<String>,
    keep_going: bool,
}

/// What one tool run printed back, or how it ended.
struct Run {
    verdict: String,
    count: String,
    steps: String,
    preemptions: String,
    seconds: f64,
    peak_kib: Option<u64>,
    timed_out: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1..]);
        return;
    }
    let cfg = parse_args(&args);
    let spin = spin_available();
    println!(
        "side by side: counters at 2×{:?}, time limit {} s (loom {} s), shuttle {} schedules per scheduler (seed {SHUTTLE_SEED:#x}), memory limit {} MB (interleave, SPIN)",
        cfg.sizes,
        cfg.timeout.as_secs(),
        cfg.loom_timeout.as_secs(),
        cfg.iterations,
        cfg.memory_mb
    );
    if let Err(why) = &spin {
        println!("SPIN: skipped ({why})");
    }
    let mut models = Vec::new();
    for &n in &cfg.sizes {
        models.push(Model::LockedCounter(n));
    }
    for &n in &cfg.sizes {
        models.push(Model::UnlockedCounter(n));
    }
    models.extend([Model::AbbaDeadlock, Model::PhilosophersDeadlock, Model::PhilosophersOrdered, Model::TeacherStudents]);
    models.retain(|m| cfg.only.as_ref().is_none_or(|o| m.name().contains(o.as_str())));
    // loom at a larger counter after a timeout at a smaller one would only time out again.
    let mut loom_timed_out_at: Option<String> = None;
    for model in models {
        println!();
        println!("## {} ({}{})", model.name(), model.python().0, describe_size(model));
        let mut rows: Vec<(String, Run)> = Vec::new();
        let counter = matches!(model, Model::LockedCounter(_) | Model::UnlockedCounter(_));
        // interleave: the full exhaustive search, except for the unlocked
        // counter, whose full search does not finish beyond 2×10 — there,
        // and for the other buggy models too, the states to the first
        // counterexample (smallest breadth-first budget that finds it).
        if !matches!(model, Model::UnlockedCounter(_)) {
            rows.push(("interleave".into(), run_child(&["interleave", &model.name(), "0"], cfg.timeout, &cfg)));
        }
        if model.has_bug() {
            rows.push(("interleave (to first)".into(), interleave_to_first(model, &cfg)));
        }
        match (&loom_timed_out_at, counter && !cfg.keep_going) {
            (Some(at), true) if matches!(model, Model::LockedCounter(_)) => rows.push(("loom".into(), not_run(&format!("not run (timed out at {at})")))),
            _ => {
                let r = run_child(&["loom", &model.name()], cfg.loom_timeout, &cfg);
                if r.timed_out && matches!(model, Model::LockedCounter(_)) && loom_timed_out_at.is_none() {
                    loom_timed_out_at = Some(size_label(model));
                }
                rows.push(("loom".into(), r));
            }
        }
        let shuttle_limit = cfg.timeout + Duration::from_secs(10);
        rows.push(("shuttle pct".into(), run_child(&["shuttle-pct", &model.name()], shuttle_limit, &cfg)));
        rows.push(("shuttle random".into(), run_child(&["shuttle-random", &model.name()], shuttle_limit, &cfg)));
        if spin.is_ok() {
            rows.push(("SPIN".into(), run_spin(model, false, &cfg)));
            if model.has_bug() {
                rows.push(("SPIN bfs".into(), run_spin(model, true, &cfg)));
            }
        } else {
            rows.push(("SPIN".into(), not_run("not run (spin not installed)")));
        }
        print_table(&rows);
    }
}

fn parse_args(args: &[String]) -> Config {
    let mut cfg = Config {
        sizes: vec![10, 100, 1000],
        timeout: Duration::from_secs(300),
        loom_timeout: Duration::from_secs(60),
        iterations: 10_000,
        memory_mb: 4096,
        only: None,
        keep_going: false,
    };
    let mut i = 0;
    let value = |i: usize| -> &str { args.get(i + 1).map(String::as_str).unwrap_or_else(|| panic!("{} needs a value", args[i])) };
    while i < args.len() {
        match args[i].as_str() {
            "--quick" => {
                cfg.sizes = vec![3, 10];
                cfg.timeout = Duration::from_secs(30);
                cfg.loom_timeout = Duration::from_secs(10);
                cfg.iterations = 1000;
            }
            "--keep-going" => cfg.keep_going = true,
            "--sizes" => {
                cfg.sizes = value(i).split(',').map(|s| s.parse().expect("--sizes 10,100")).collect();
                i += 1;
            }
            "--timeout" => {
                cfg.timeout = Duration::from_secs(value(i).parse().expect("--timeout SECONDS"));
                i += 1;
            }
            "--loom-timeout" => {
                cfg.loom_timeout = Duration::from_secs(value(i).parse().expect("--loom-timeout SECONDS"));
                i += 1;
            }
            "--iterations" => {
                cfg.iterations = value(i).parse().expect("--iterations N");
                i += 1;
            }
            "--memory-mb" => {
                cfg.memory_mb = value(i).parse().expect("--memory-mb MB");
                i += 1;
            }
            "--only" => {
                cfg.only = Some(value(i).to_string());
                i += 1;
            }
            other => panic!("unknown argument {other} (see the top of benches/side_by_side.rs)"),
        }
        i += 1;
    }
    cfg
}

fn size_label(model: Model) -> String {
    match model {
        Model::LockedCounter(n) | Model::UnlockedCounter(n) => format!("2×{n}"),
        _ => String::new(),
    }
}

fn describe_size(model: Model) -> String {
    match model {
        Model::LockedCounter(n) | Model::UnlockedCounter(n) => format!(", 2 threads × {n}"),
        Model::PhilosophersDeadlock | Model::PhilosophersOrdered => format!(", {} meal each", transcriptions::MEALS),
        Model::TeacherStudents => format!(", {} students", transcriptions::STUDENTS),
        Model::AbbaDeadlock => String::new(),
    }
}

fn not_run(why: &str) -> Run {
    Run { verdict: why.into(), count: "—".into(), steps: "—".into(), preemptions: "—".into(), seconds: f64::NAN, peak_kib: None, timed_out: false }
}

fn print_table(rows: &[(String, Run)]) {
    println!("| tool | verdict | states / executions | wall | peak memory | cex steps | cex preemptions |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (tool, r) in rows {
        let wall = if r.seconds.is_nan() { "—".to_string() } else { format!("{:.2} s", r.seconds) };
        let mem = r.peak_kib.map(|k| format!("{:.0} MiB", k as f64 / 1024.0)).unwrap_or_else(|| "—".into());
        println!("| {tool} | {} | {} | {wall} | {mem} | {} | {} |", r.verdict, r.count, r.steps, r.preemptions);
    }
    std::io::stdout().flush().ok();
}

// ---------------------------------------------------------------- children

/// Run this binary as `--child ARGS...` under a time limit; the child prints
/// one `RESULT\tverdict\tcount\tsteps\tpreemptions` line.
fn run_child(args: &[&str], limit: Duration, cfg: &Config) -> Run {
    let exe = std::env::current_exe().expect("own path");
    let mut cmd = Command::new(exe);
    cmd.arg("--child").args(args);
    cmd.env("SIDE_BY_SIDE_MEMORY_MB", cfg.memory_mb.to_string())
        .env("SIDE_BY_SIDE_ITERATIONS", cfg.iterations.to_string())
        .env("SIDE_BY_SIDE_SECONDS", cfg.timeout.as_secs().to_string());
    measure(cmd, limit, |out| {
        let line = out.lines().rev().find(|l| l.starts_with("RESULT\t"))?;
        let f: Vec<&str> = line.split('\t').collect();
        Some((f[1].to_string(), f[2].to_string(), f[3].to_string(), f[4].to_string()))
    })
}

/// Spawn `cmd`, kill it past `limit`, and read its peak RSS from `wait4`.
fn measure(mut cmd: Command, limit: Duration, parse: impl Fn(&str) -> Option<(String, String, String, String)>) -> Run {
    let out_path = std::env::temp_dir().join(format!("side_by_side_{}.out", std::process::id()));
    let out_file = std::fs::File::create(&out_path).expect("temp file");
    cmd.stdout(out_file).stderr(Stdio::null());
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn a tool run");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        // SAFETY: pid is our own unreaped child; status and usage are valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if start.elapsed() >= limit {
            timed_out = true;
            // SAFETY: kill and a blocking wait4 on our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = start.elapsed().as_secs_f64();
    let peak_kib = Some(usage.ru_maxrss as u64);
    let out = std::fs::read_to_string(&out_path).unwrap_or_default();
    std::fs::remove_file(&out_path).ok();
    if timed_out {
        return Run { timed_out: true, peak_kib, ..not_run(&format!("timeout after {} s", limit.as_secs())) };
    }
    match parse(&out) {
        Some((verdict, count, steps, preemptions)) => Run { verdict, count, steps, preemptions, seconds, peak_kib, timed_out },
        None => Run { seconds, peak_kib, ..not_run(&format!("failed (exit status {status})")) },
    }
}

fn child(args: &[String]) {
    let model = Model::parse(&args[1]).unwrap_or_else(|| panic!("unknown model {}", args[1]));
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let memory_mb = env("SIDE_BY_SIDE_MEMORY_MB").unwrap_or(4096);
    let iterations = env("SIDE_BY_SIDE_ITERATIONS").unwrap_or(10_000) as usize;
    let seconds = env("SIDE_BY_SIDE_SECONDS").unwrap_or(120);
    let (verdict, count, steps, preemptions) = match args[0].as_str() {
        "interleave" => child_interleave(model, args[2].parse().unwrap(), memory_mb),
        "loom" => child_loom(model),
        "shuttle-pct" => child_shuttle(model, true, iterations, seconds),
        "shuttle-random" => child_shuttle(model, false, iterations, seconds),
        other => panic!("unknown tool {other}"),
    };
    println!("RESULT\t{verdict}\t{count}\t{steps}\t{preemptions}");
}

/// The exhaustive search; `budget` > 0 caps the states (for the search of
/// the first counterexample).
fn child_interleave(model: Model, budget: u64, memory_mb: u64) -> (String, String, String, String) {
    let (file, defines) = model.python();
    let path = format!("{}/models/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let options = Options {
        defines: defines.into_iter().map(|(k, v)| Define::Literal(k, v)).collect(),
        max_states: if budget > 0 { budget } else { u64::MAX },
        max_memory: Some(memory_mb * 1_000_000),
        ..Options::default()
    };
    let r = check_source(&path, &text, &options).expect("model compiles");
    let count = format!("{} states", r.coverage.states);
    // The model's own bug first (the abba deadlock rather than its lock-order inversion).
    let wanted = model.bug_kind();
    let shown = r.findings.iter().find(|f| Some(f.kind.id()) == wanted).or(r.findings.first());
    match shown {
        Some(f) => {
            let kinds: Vec<&str> = r.kinds().iter().map(|k| k.id()).collect();
            let steps = interleave::report::parse_schedule(&f.schedule).map(|s| s.len()).unwrap_or(0);
            (kinds.join(", "), count, steps.to_string(), f.trace.preemptions.to_string())
        }
        None if r.coverage.complete => ("ok (proved)".into(), count, "—".into(), "—".into()),
        None => {
            let why = r.coverage.stopped_by.clone().unwrap_or_default();
            (format!("no finding, incomplete ({why})"), count, "—".into(), "—".into())
        }
    }
}

/// Smallest breadth-first state budget whose search already finds the
/// counterexample (the search is deterministic, so a larger budget finds
/// it too): doubling, then bisection, each probe its own child process.
/// The figures are the last probe's at that budget.
fn interleave_to_first(model: Model, cfg: &Config) -> Run {
    let probe = |budget: u64| run_child(&["interleave", &model.name(), &budget.to_string()], cfg.timeout, cfg);
    let wanted = model.bug_kind().expect("a buggy model");
    let found = |r: &Run| !r.timed_out && r.verdict.split(", ").any(|k| k == wanted);
    let mut hi = 1;
    let mut hit = loop {
        let r = probe(hi);
        if found(&r) {
            break r;
        }
        if r.timed_out || hi >= 1 << 32 {
            return r;
        }
        hi *= 2;
    };
    let mut lo = hi / 2; // not found at lo (or lo = 0)
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let r = probe(mid);
        if found(&r) {
            hi = mid;
            hit = r;
        } else {
            lo = mid;
        }
    }
    hit
}

fn child_loom(model: Model) -> (String, String, String, String) {
    static EXECUTIONS: AtomicU64 = AtomicU64::new(0);
    let mut builder = loom::model::Builder::new();
    // Each lock or atomic operation is a branch; the counters need more than
    // loom's default 1,000 (loom allocates the path for the maximum up front).
    if let Model::LockedCounter(n) | Model::UnlockedCounter(n) = model {
        builder.max_branches = builder.max_branches.max(10 * n as usize + 1000);
    }
    let body = model.loom_body();
    quiet_panics();
    let result = catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            EXECUTIONS.fetch_add(1, Ordering::Relaxed);
            body()
        })
    }));
    let verdict = match result {
        Ok(()) => "ok (all executions)".to_string(),
        Err(p) => Verdict::from_panic(p.as_ref()).label().to_string(),
    };
    (verdict, format!("{} executions", EXECUTIONS.load(Ordering::Relaxed)), "—".into(), "—".into())
}

/// Steps and preemptions of the execution under way.
#[derive(Default)]
struct ScheduleStats {
    executions: u64,
    steps: u64,
    preemptions: u64,
}

/// A shuttle scheduler that counts, around the real one, the schedules run
/// and the current schedule's steps and preemptions (a switch away from a
/// task that could have gone on).
struct Counting<S> {
    inner: S,
    stats: Arc<Mutex<ScheduleStats>>,
}

impl<S: shuttle::scheduler::Scheduler> shuttle::scheduler::Scheduler for Counting<S> {
    fn new_execution(&mut self) -> Option<shuttle::scheduler::Schedule> {
        let s = self.inner.new_execution()?;
        let mut st = self.stats.lock().unwrap();
        st.executions += 1;
        st.steps = 0;
        st.preemptions = 0;
        Some(s)
    }

    fn next_task(
        &mut self,
        runnable: &[&shuttle::scheduler::Task],
        current: Option<shuttle::scheduler::TaskId>,
        is_yielding: bool,
    ) -> Option<shuttle::scheduler::TaskId> {
        let next = self.inner.next_task(runnable, current, is_yielding)?;
        let mut st = self.stats.lock().unwrap();
        st.steps += 1;
        if let Some(c) = current
            && c != next
            && runnable.iter().any(|t| t.id() == c)
        {
            st.preemptions += 1;
        }
        Some(next)
    }

    fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }
}

fn child_shuttle(model: Model, pct: bool, iterations: usize, seconds: u64) -> (String, String, String, String) {
    let stats = Arc::new(Mutex::new(ScheduleStats::default()));
    let mut config = shuttle::Config::new();
    config.failure_persistence = shuttle::FailurePersistence::None;
    config.max_time = Some(Duration::from_secs(seconds));
    quiet_panics();
    let body = model.shuttle_body();
    let result = if pct {
        let inner = shuttle::scheduler::PctScheduler::new_from_seed(SHUTTLE_SEED, PCT_DEPTH, iterations);
        let runner = shuttle::Runner::new(Counting { inner, stats: stats.clone() }, config);
        catch_unwind(AssertUnwindSafe(|| runner.run(body)))
    } else {
        let inner = shuttle::scheduler::RandomScheduler::new_from_seed(SHUTTLE_SEED, iterations);
        let runner = shuttle::Runner::new(Counting { inner, stats: stats.clone() }, config);
        catch_unwind(AssertUnwindSafe(|| runner.run(body)))
    };
    let st = stats.lock().unwrap_or_else(|e| e.into_inner());
    let count = format!("{} schedules", st.executions);
    match result {
        Ok(ran) if ran < iterations => (format!("no bug in {ran} schedules (time limit)"), count, "—".into(), "—".into()),
        Ok(ran) => (format!("no bug in {ran} schedules"), count, "—".into(), "—".into()),
        Err(p) => (Verdict::from_panic(p.as_ref()).label().to_string(), count, st.steps.to_string(), st.preemptions.to_string()),
    }
}

/// A tool reports a bug by panicking: keep the child's stderr short, unless
/// `SIDE_BY_SIDE_VERBOSE` is set.
fn quiet_panics() {
    if std::env::var_os("SIDE_BY_SIDE_VERBOSE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
}

// ---------------------------------------------------------------- SPIN

fn spin_available() -> Result<(), String> {
    for tool in ["spin", "gcc"] {
        let ok = Command::new(tool).arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
        if !ok {
            return Err(format!("`{tool}` not found; on Debian: apt-get install -y spin gcc"));
        }
    }
    Ok(())
}

fn spin_source(model: Model) -> (&'static str, Vec<String>) {
    let mut defines = Vec::new();
    let file = match model {
        Model::LockedCounter(n) => {
            defines.push(format!("-DN={n}"));
            "locked_counter.pml"
        }
        Model::UnlockedCounter(n) => {
            defines.push(format!("-DN={n}"));
            "unlocked_counter.pml"
        }
        Model::AbbaDeadlock => "abba_deadlock.pml",
        Model::PhilosophersDeadlock | Model::PhilosophersOrdered => {
            defines.push(format!("-DMEALS={}", transcriptions::MEALS));
            if model == Model::PhilosophersDeadlock { "philosophers_deadlock.pml" } else { "philosophers_ordered.pml" }
        }
        Model::TeacherStudents => {
            defines.push(format!("-DS={}", transcriptions::STUDENTS));
            "teacher_students.pml"
        }
    };
    (file, defines)
}

/// `spin -a`, `gcc`, then `./pan` as the measured child (depth-first by
/// default; breadth-first with `-DBFS`, whose first counterexample is a
/// shortest one). The counterexample's length is the trail's, replayed with
/// `spin -t`.
fn run_spin(model: Model, bfs: bool, cfg: &Config) -> Run {
    let (file, defines) = spin_source(model);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/spin").join(file);
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/side_by_side")
        .join(format!("{}{}", model.name(), if bfs { "-bfs" } else { "" }));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&src, dir.join(file)).unwrap();
    for f in std::fs::read_dir(&dir).unwrap().flatten() {
        if f.path().extension().is_some_and(|e| e == "trail") {
            std::fs::remove_file(f.path()).ok();
        }
    }
    let quiet = |c: &mut Command| -> bool { c.current_dir(&dir).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()) };
    if !quiet(Command::new("spin").args(&defines).args(["-a", file])) {
        return not_run("failed (spin -a)");
    }
    let mut gcc = Command::new("gcc");
    gcc.args(["-O2", "-w", "-DSAFETY", &format!("-DMEMLIM={}", cfg.memory_mb), "-o", "pan", "pan.c"]);
    if bfs {
        gcc.arg("-DBFS");
    }
    if !quiet(&mut gcc) {
        return not_run("failed (gcc pan.c)");
    }
    let mut pan = Command::new(dir.join("pan"));
    pan.current_dir(&dir).arg("-m1000000");
    let mut run = measure(pan, cfg.timeout, |out| {
        let states = out.lines().find(|l| l.contains("states, stored")).and_then(|l| l.split_whitespace().next())?.to_string();
        let errors: u64 = out.split("errors: ").nth(1)?.split_whitespace().next()?.parse().ok()?;
        let error_line = out.lines().find(|l| l.starts_with("pan:1:")).unwrap_or("");
        let verdict = if out.contains("reached -DMEMLIM bound") {
            format!("memory limit ({} MB), incomplete", cfg.memory_mb)
        } else if errors == 0 {
            "ok (proved)".to_string()
        } else if error_line.contains("assertion violated") {
            "assertion".to_string()
        } else if error_line.contains("invalid end state") {
            "invalid end state".to_string()
        } else {
            error_line.to_string()
        };
        Some((verdict, format!("{states} states"), String::new(), "—".into()))
    });
    if run.steps.is_empty() {
        run.steps = trail_steps(&dir, file, &defines).map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    }
    run
}

/// "spin: trail ends after N steps" from replaying the trail.
fn trail_steps(dir: &Path, file: &str, defines: &[String]) -> Option<u64> {
    let out = Command::new("spin").current_dir(dir).args(defines).args(["-t", file]).stderr(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split("trail ends after ").nth(1)?.split_whitespace().next()?.parse().ok()
}
