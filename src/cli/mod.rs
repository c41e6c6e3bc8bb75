//! The command line: `interleave check`, `replay` and `run`.

use crate::{Define, Options, check_file, read_model, replay_source, report, run_source};
use clap::{Parser, Subcommand, ValueEnum};
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "interleave", version, about = "A deterministic model checker for Python-threading models")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ModeArg {
    /// Every interleaving (stateful search with reductions).
    Exhaustive,
    /// Uniform random walks (--schedules, --seed).
    Random,
    /// Probabilistic concurrency testing (--depth, --schedules, --seed).
    Pct,
    /// Every schedule with at most --preemptions preemptions.
    Bounded,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ViewArg {
    /// One row per step.
    Steps,
    /// One column per thread.
    Columns,
}

impl From<ViewArg> for report::View {
    fn from(v: ViewArg) -> report::View {
        match v {
            ViewArg::Steps => report::View::Steps,
            ViewArg::Columns => report::View::Columns,
        }
    }
}

/// Print through anstream: colours only on a terminal, and never with NO_COLOR.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = anstream::stdout();
    let _ = out.write_all(text.as_bytes());
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Explore every interleaving of a model and report what can go wrong.
    /// Exit status: 0 nothing found (complete search), 1 findings, 2 bad
    /// input, 3 a limit stopped the search and nothing was found.
    Check {
        file: String,
        /// Override a module-level constant (NAME=VALUE) or replace an
        /// integer literal everywhere (100000=3). Repeatable.
        #[arg(long = "define", short = 'D', value_name = "NAME=VALUE")]
        defines: Vec<String>,
        #[arg(long, default_value_t = crate::DEFAULT_MAX_STATES)]
        max_states: u64,
        /// Seconds.
        #[arg(long, value_name = "SECS")]
        time_limit: Option<f64>,
        /// Stop the exhaustive search when memory passes this many megabytes.
        #[arg(long, value_name = "MB", default_value_t = crate::DEFAULT_MAX_MEMORY / 1_000_000)]
        max_memory: u64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Turn off partial-order reduction.
        #[arg(long)]
        no_por: bool,
        /// Store every state: turn off following chains of steps that are
        /// each the only one worth taking.
        #[arg(long)]
        no_chains: bool,
        /// Worker threads of the exhaustive search (default: every core).
        /// The report is the same for any number.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
        jobs: Option<u32>,
        /// Turn off symmetry reduction (interchangeable threads).
        #[arg(long)]
        no_symmetry: bool,
        /// Turn off dead-variable reduction.
        #[arg(long)]
        no_dead_vars: bool,
        /// Write the wait-for graph of the first stuck finding as Graphviz DOT.
        #[arg(long, value_name = "FILE.dot")]
        graph: Option<String>,
        /// How traces are laid out.
        #[arg(long, value_enum, default_value_t = ViewArg::Steps)]
        view: ViewArg,
        /// Also write the report as one self-contained HTML page.
        #[arg(long, value_name = "FILE.html")]
        html: Option<String>,
        #[arg(long, value_enum, default_value_t = ModeArg::Exhaustive)]
        mode: ModeArg,
        /// Random and PCT modes: how many schedules.
        #[arg(long, default_value_t = 10_000)]
        schedules: u64,
        /// Random and PCT modes: the seed (same seed, same schedules).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// PCT: the bug depth d.
        #[arg(long, default_value_t = 3)]
        depth: u32,
        /// Bounded mode: the preemption bound K.
        #[arg(long, default_value_t = 2)]
        preemptions: u32,
    },
    /// Re-run one schedule (as printed with a finding) and print its trace.
    Replay {
        file: String,
        /// The schedule printed with a finding (`0x3,1,2!`).
        #[arg(long, required_unless_present = "trace", conflicts_with = "trace")]
        schedule: Option<String>,
        /// A JSON report (`check --format json`) or trace to take the schedule from.
        #[arg(long, value_name = "FILE.json")]
        trace: Option<String>,
        /// Which finding of a JSON report (0-based).
        #[arg(long, default_value_t = 0)]
        finding: usize,
        #[arg(long = "define", short = 'D', value_name = "NAME=VALUE")]
        defines: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the compiled IR of a model (for developers).
    #[command(hide = true)]
    Dis { file: String },
    /// Run a model once, each thread until it blocks, and print its output.
    Run {
        file: String,
        #[arg(long = "define", short = 'D', value_name = "NAME=VALUE")]
        defines: Vec<String>,
        #[arg(long, default_value_t = 1_000_000)]
        max_steps: usize,
        /// Print the trace instead of the output.
        #[arg(long)]
        trace: bool,
    },
}

/// The `--define`s, or (after saying why) the exit status 2.
fn parse_defines(raw: &[String]) -> Result<Vec<Define>, i32> {
    raw.iter().map(|d| Define::parse(d)).collect::<Result<_, _>>().map_err(|m| {
        eprintln!("error: --define {m}");
        2
    })
}

/// The model's text, or (after saying why) the exit status 2.
fn read_model_or_report(file: &str) -> Result<String, i32> {
    read_model(file).map_err(|e| {
        eprintln!("{e}");
        2
    })
}

/// The schedule in a JSON report (a finding's `schedule`) or trace (its steps).
fn schedule_from_json(path: &str, finding: usize) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    if let Some(findings) = v.get("findings").and_then(|f| f.as_array()) {
        let f = findings.get(finding).ok_or_else(|| format!("the report has {} finding(s), no finding {finding}", findings.len()))?;
        return f.get("schedule").and_then(|s| s.as_str()).map(str::to_string).ok_or_else(|| "finding has no schedule".into());
    }
    if let Some(s) = v.get("schedule").and_then(|s| s.as_str()) {
        return Ok(s.to_string());
    }
    let steps = v.get("steps").and_then(|s| s.as_array()).ok_or("expected a report (`findings`) or a trace (`steps`)")?;
    let mut choices = Vec::new();
    for st in steps {
        if st.get("index").and_then(|i| i.as_u64()) == Some(0) {
            continue;
        }
        let tid = st.get("tid").and_then(|t| t.as_u64()).ok_or("a step without `tid`")? as u32;
        let timeout = st.get("timeout").and_then(|t| t.as_bool()).unwrap_or(false);
        let outcome = st.get("outcome").and_then(|o| o.as_u64()).unwrap_or(0) as u8;
        choices.push(crate::vm::Choice { tid, timeout, outcome });
    }
    Ok(report::format_schedule(&choices))
}

/// Run the CLI; returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check {
            file,
            defines,
            max_states,
            time_limit,
            max_memory,
            format,
            no_por,
            no_chains,
            jobs,
            no_symmetry,
            no_dead_vars,
            graph,
            view,
            html,
            mode,
            schedules,
            seed,
            depth,
            preemptions,
        } => {
            let defines = match parse_defines(&defines) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let time_limit = match time_limit {
                Some(t) if !(t > 0.0 && t.is_finite()) => {
                    eprintln!("error: --time-limit must be a positive number of seconds");
                    return 2;
                }
                t => t.map(Duration::from_secs_f64),
            };
            let mode = match mode {
                ModeArg::Exhaustive => crate::Mode::Exhaustive,
                ModeArg::Random => crate::Mode::Random { schedules, seed },
                ModeArg::Pct => crate::Mode::Pct { depth, schedules, seed },
                ModeArg::Bounded => crate::Mode::Bounded { preemptions },
            };
            // A status line on a terminal for searches past a second.
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            let shown = bar.clone();
            let progress: crate::explore::ProgressFn = std::sync::Arc::new(move |p: &crate::explore::Progress| {
                if p.elapsed.as_secs_f64() < 1.0 {
                    return;
                }
                let rate = p.states as f64 / p.elapsed.as_secs_f64().max(1e-9);
                let mem = p.memory_bytes.map(|b| format!(", {} MB", b / 1_000_000)).unwrap_or_default();
                shown.set_message(format!("{} states, {:.0} states/s, depth {}{mem}", p.states, rate, p.depth));
                shown.tick();
            });
            let options = Options {
                defines,
                max_states,
                time_limit,
                por: !no_por,
                chains: !no_chains,
                jobs: jobs.map_or_else(crate::explore::available_jobs, |j| j as usize),
                symmetry: !no_symmetry,
                dead_vars: !no_dead_vars,
                mode,
                max_memory: Some(max_memory * 1_000_000),
                progress: Some(progress),
                ..Options::default()
            };
            let result = check_file(&file, &options);
            bar.finish_and_clear();
            match result {
                Ok(r) => {
                    if let Some(path) = &graph {
                        let dot = r.findings.iter().find_map(|f| f.wait_for.as_ref()).map(|g| g.to_dot());
                        let dot = dot.unwrap_or_else(|| "digraph {\n    // no thread is stuck in this model\n}\n".into());
                        if let Err(e) = std::fs::write(path, dot) {
                            eprintln!("{path}: cannot write the graph: {e}");
                            return 2;
                        }
                    }
                    if let Some(path) = &html {
                        if let Err(e) = std::fs::write(path, report::render_html(&r)) {
                            eprintln!("{path}: cannot write the page: {e}");
                            return 2;
                        }
                    }
                    match format {
                        Format::Text => emit(&report::render_text(&r, view.into())),
                        Format::Json => println!("{}", serde_json::to_string_pretty(&r).expect("report serialises")),
                    }
                    if !r.findings.is_empty() {
                        1
                    } else if r.coverage.complete {
                        0
                    } else {
                        3
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    2
                }
            }
        }
        Command::Replay { file, schedule, trace, finding, defines, format } => {
            let schedule = match (schedule, trace) {
                (Some(s), _) => s,
                (None, Some(t)) => match schedule_from_json(&t, finding) {
                    Ok(s) => s,
                    Err(m) => {
                        eprintln!("{t}: {m}");
                        return 2;
                    }
                },
                (None, None) => unreachable!("clap requires one"),
            };
            let defines = match parse_defines(&defines) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let text = match read_model_or_report(&file) {
                Ok(t) => t,
                Err(code) => return code,
            };
            match replay_source(&file, &text, &schedule, &defines) {
                Ok(t) => {
                    match format {
                        Format::Text => print!("{}", report::render_trace(&t)),
                        Format::Json => println!("{}", serde_json::to_string_pretty(&t).expect("trace serialises")),
                    }
                    0
                }
                Err(e) => {
                    eprintln!("{e}");
                    2
                }
            }
        }
        Command::Dis { file } => {
            let text = match read_model_or_report(&file) {
                Ok(t) => t,
                Err(code) => return code,
            };
            match crate::compile(&file, &text, &[]) {
                Ok((p, _)) => {
                    for (i, f) in p.functions.iter().enumerate() {
                        println!("function {i} {}", f.qualname);
                        for (pc, (op, sp)) in f.code.iter().zip(&f.spans).enumerate() {
                            println!("  {pc:4} {:>4}:{:<3} {op:?}", sp.line, sp.col);
                        }
                    }
                    0
                }
                Err(e) => {
                    eprintln!("{e}");
                    2
                }
            }
        }
        Command::Run { file, defines, max_steps, trace } => {
            let defines = match parse_defines(&defines) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let text = match read_model_or_report(&file) {
                Ok(t) => t,
                Err(code) => return code,
            };
            match run_source(&file, &text, &defines, max_steps) {
                Ok(t) => {
                    if trace {
                        print!("{}", report::render_trace(&t));
                    } else {
                        print!("{}", t.output);
                    }
                    0
                }
                Err(e) => {
                    eprintln!("{e}");
                    2
                }
            }
        }
    }
}
