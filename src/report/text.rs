//! The terminal rendering of a report.

use super::trace::Trace;
use super::{FindingReport, Report};
use crate::vm::Effect;

fn effect_text(e: &Effect) -> String {
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

/// The step table: step, thread, line, source, effects.
pub fn render_trace(t: &Trace) -> String {
    let mut out = String::new();
    let tw = t.steps.iter().map(|s| s.thread.chars().count()).max().unwrap_or(6).clamp(6, 24);
    let sw = t.steps.iter().map(|s| s.source.chars().count()).max().unwrap_or(6).clamp(6, 36);
    out.push_str(&format!(" step  {}  line  {}  effect\n", fit("thread", tw), fit("source", sw)));
    for s in &t.steps {
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

fn render_finding(r: &Report, f: &FindingReport, out: &mut String) {
    out.push_str(&f.message);
    out.push('\n');
    for l in &f.explanation {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    if let Some(g) = &f.wait_for {
        out.push_str("  wait-for graph:\n");
        for l in g.text_lines() {
            out.push_str("    ");
            out.push_str(&l);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&render_trace(&f.trace));
    let steps = f.trace.steps.iter().filter(|s| s.index > 0).count();
    out.push_str(&format!(
        " {steps} steps, {} preemption{} (*) — replay: interleave replay {} --schedule {}\n",
        f.trace.preemptions,
        if f.trace.preemptions == 1 { "" } else { "s" },
        r.model,
        if f.schedule.is_empty() { "''" } else { &f.schedule }
    ));
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
    let what = if c.complete {
        "exhaustive: all interleavings".to_string()
    } else {
        format!("exhaustive search stopped by {} (not complete)", c.stopped_by.as_deref().unwrap_or("a limit"))
    };
    let red = if c.reductions.is_empty() { "none".to_string() } else { c.reductions.join(", ") };
    format!(
        "{what}, {} states, {} transitions, max depth {}, {:.2} s (reductions: {red})",
        thousands(c.states),
        thousands(c.transitions),
        c.max_depth,
        r.elapsed_seconds
    )
}

pub fn render_text(r: &Report) -> String {
    let mut out = String::new();
    if r.findings.is_empty() {
        if r.coverage.complete {
            out.push_str(&format!("no findings in {}: proved over every interleaving\n", r.model));
        } else {
            out.push_str(&format!("no findings in {} so far — the search is NOT complete\n", r.model));
        }
    }
    for (i, f) in r.findings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_finding(r, f, &mut out);
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
