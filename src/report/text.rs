//! The terminal rendering of a report.

use super::trace::Trace;
use super::{FindingReport, Report};
use crate::vm::Effect;

pub(super) fn effect_text(e: &Effect) -> String {
    match e {
        Effect::Read { var, value } => format!("read  {var} → {value}"),
        Effect::Write { var, value } => format!("write {var} ← {value}"),
        Effect::Call { text } => text.clone(),
        Effect::Blocks { text } => format!("{text} (blocks)"),
        Effect::TimedOut { text } => format!("{text} (timed out)"),
        Effect::Print { text } => format!("print {:?}", text.strip_suffix('\n').unwrap_or(text)),
        Effect::Sleep { seconds } => format!("sleep({seconds}) — yields"),
        Effect::Start { thread } => format!("start {thread}"),
        Effect::End => "ends".into(),
        Effect::Raise { exception } => format!("raises {exception}"),
    }
}

fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        format!("{s:width$}")
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The column-per-thread view (as Lincheck prints): one column per thread,
/// one row per step, each cell the line and what the step did. Long runs of
/// one thread's steps are folded.
pub fn render_columns(t: &Trace) -> String {
    const WIDTH: usize = 34;
    const FOLD: usize = 6;
    let mut tids: Vec<u32> = t.steps.iter().map(|s| s.tid).collect();
    tids.sort();
    tids.dedup();
    let names: Vec<String> = tids
        .iter()
        .map(|&tid| t.steps.iter().rev().find(|s| s.tid == tid).map(|s| s.thread.clone()).unwrap_or_default())
        .collect();
    let mut out = String::from(" step ");
    for n in &names {
        out.push_str(&format!("| {} ", fit(n, WIDTH)));
    }
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
    out.push_str(&"─".repeat(6 + names.len() * (WIDTH + 3)));
    out.push('\n');
    let row = |s: &super::trace::Step, out: &mut String| {
        let col = tids.iter().position(|&x| x == s.tid).unwrap_or(0);
        let effects: Vec<String> = s.effects.iter().map(effect_text).collect();
        let cell = format!("{}: {}", s.line, if effects.is_empty() { s.source.clone() } else { effects.join("; ") });
        let mark = if s.preemption { "*" } else { " " };
        out.push_str(&format!("{:>4}{mark} ", s.index));
        for c in 0..tids.len() {
            let text = if c == col { fit(&cell, WIDTH) } else { fit("", WIDTH) };
            out.push_str(&format!("| {text} "));
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    };
    let mut i = 0;
    while i < t.steps.len() {
        let mut j = i;
        while j + 1 < t.steps.len() && t.steps[j + 1].tid == t.steps[i].tid {
            j += 1;
        }
        let run = j - i + 1;
        if run > FOLD {
            for s in &t.steps[i..i + 2] {
                row(s, &mut out);
            }
            out.push_str(&format!("      … {} more steps of {} …\n", run - 4, t.steps[i].thread));
            for s in &t.steps[j - 1..=j] {
                row(s, &mut out);
            }
        } else {
            for s in &t.steps[i..=j] {
                row(s, &mut out);
            }
        }
        i = j + 1;
    }
    if !t.final_state.is_empty() {
        let vars: Vec<String> = t.final_state.iter().map(|v| format!("{} = {}", v.name, v.value)).collect();
        out.push_str(&format!(" final: {}\n", vars.join(", ")));
    }
    out
}

/// The step table: step, thread, line, source, effects.
pub fn render_trace(t: &Trace) -> String {
    let mut out = String::new();
    let tw = t.steps.iter().map(|s| s.thread.chars().count()).max().unwrap_or(6).clamp(6, 24);
    let sw = t.steps.iter().map(|s| s.source.chars().count()).max().unwrap_or(6).clamp(6, 36);
    out.push_str(&format!(" step  {}  line  {}  effect\n", fit("thread", tw), fit("source", sw)));
    let mut i = 0;
    while i < t.steps.len() {
        let s = &t.steps[i];
        // Fold a run of one thread's steps inside library code into one row.
        let mut j = i;
        while s.library && j + 1 < t.steps.len() && t.steps[j + 1].library && t.steps[j + 1].tid == s.tid && !t.steps[j + 1].preemption {
            j += 1;
        }
        if j > i {
            out.push_str(&format!(
                "{:>4}{} {}  {:>4}  {}  … steps {}–{} inside the library ({} steps)\n",
                s.index,
                if s.preemption { "*" } else { " " },
                fit(&s.thread, tw),
                s.line,
                fit(&s.source, sw),
                s.index,
                t.steps[j].index,
                j - i + 1
            ));
            i = j + 1;
            continue;
        }
        i += 1;
        let effects: Vec<String> = s.effects.iter().map(effect_text).collect();
        let mark = if s.preemption { "*" } else { " " };
        let first = effects.first().cloned().unwrap_or_default();
        out.push_str(&format!(
            "{:>4}{mark} {}  {:>4}  {}  {}\n",
            s.index,
            fit(&s.thread, tw),
            s.line,
            fit(&s.source, sw),
            first
        ));
        for e in effects.iter().skip(1) {
            out.push_str(&format!("{:>5} {}  {:>4}  {}  {}\n", "", fit("", tw), "", fit("", sw), e));
        }
    }
    if !t.final_state.is_empty() {
        let vars: Vec<String> = t.final_state.iter().map(|v| format!("{} = {}", v.name, v.value)).collect();
        out.push_str(&format!(" final: {}\n", vars.join(", ")));
    }
    out
}

/// How a trace is laid out in the text report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// One row per step: step, thread, line, source, effect.
    Steps,
    /// One column per thread.
    Columns,
}

fn render_finding(r: &Report, f: &FindingReport, view: View, out: &mut String) {
    let style = anstyle::Style::new().bold().fg_color(Some(anstyle::AnsiColor::Red.into()));
    out.push_str(&format!("{style}{}{style:#}", f.message));
    out.push('\n');
    for l in &f.explanation {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    if let Some(g) = f.wait_for.as_ref().filter(|g| !g.text_lines().is_empty()) {
        out.push_str("  wait-for graph:\n");
        for l in g.text_lines() {
            out.push_str("    ");
            out.push_str(&l);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&match view {
        View::Steps => render_trace(&f.trace),
        View::Columns => render_columns(&f.trace),
    });
    let steps = f.trace.steps.iter().filter(|s| s.index > 0).count();
    out.push_str(&format!(
        " {steps} steps, {} preemption{} (*) — replay: interleave replay {} --schedule {}\n",
        f.trace.preemptions,
        if f.trace.preemptions == 1 { "" } else { "s" },
        r.model,
        if f.schedule.is_empty() { "''" } else { &f.schedule }
    ));
}

/// `-12,497` for -12497.
pub fn thousands_signed(n: i64) -> String {
    match n < 0 {
        true => format!("-{}", thousands(n.unsigned_abs())),
        false => thousands(n as u64),
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn coverage_line(r: &Report) -> String {
    let c = &r.coverage;
    let what = match c.strategy.as_str() {
        "random" | "pct" => {
            let how = if c.strategy == "pct" { format!("pct (depth {})", c.depth.unwrap_or(0)) } else { "random".into() };
            let stop = c.stopped_by.as_ref().map(|s| format!(", stopped by {s}")).unwrap_or_default();
            format!(
                "{how}: {} schedules (not exhaustive), seed {}{stop}",
                thousands(c.schedules.unwrap_or(0)),
                c.seed.unwrap_or(0)
            )
        }
        "bounded" if c.complete => format!("bounded: all schedules with ≤ {} preemptions", c.preemption_bound.unwrap_or(0)),
        "bounded" => format!(
            "bounded (≤ {} preemptions) search stopped by {} (not complete)",
            c.preemption_bound.unwrap_or(0),
            c.stopped_by.as_deref().unwrap_or("a limit")
        ),
        _ if c.complete => "exhaustive: all interleavings".to_string(),
        _ => format!("exhaustive search stopped by {} (not complete)", c.stopped_by.as_deref().unwrap_or("a limit")),
    };
    let red = if c.reductions.is_empty() { "none".to_string() } else { c.reductions.join(", ") };
    // With n distinct values hashed to 128 bits, P(some two collide) <
    // n²/2¹²⁹ (`Coverage::hashed`).
    let n = c.hashed.max(c.states) as f64;
    let collision = n * n / 2f64.powi(129);
    format!(
        "{what}, {} states, {} transitions, max depth {}, {:.2} s (reductions: {red}; hash-collision chance < {collision:.0e})",
        thousands(c.states),
        thousands(c.transitions),
        c.max_depth,
        r.elapsed_seconds
    )
}

/// The report as text. Styled with ANSI codes: print it through
/// `anstream`, which drops them when the output is not a terminal or
/// `NO_COLOR` is set.
pub fn render_text(r: &Report, view: View) -> String {
    let mut out = String::new();
    if r.findings.is_empty() {
        if r.coverage.complete && r.coverage.strategy == "exhaustive" {
            let ok = anstyle::Style::new().bold().fg_color(Some(anstyle::AnsiColor::Green.into()));
            out.push_str(&format!("{ok}no findings in {}: proved over every interleaving{ok:#}\n", r.model));
        } else if r.coverage.complete {
            out.push_str(&format!("no findings in {} within the bound\n", r.model));
        } else {
            out.push_str(&format!("no findings in {} so far — the search is NOT complete\n", r.model));
        }
    }
    for (i, f) in r.findings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_finding(r, f, view, &mut out);
    }
    if !r.findings.is_empty() {
        out.push('\n');
    }
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&coverage_line(r));
    out.push('\n');
    out
}
