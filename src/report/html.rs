//! One self-contained HTML page per report: no script, no network, no CDN.
//! Each finding gets its explanation, a swimlane diagram of its trace (one
//! lane per thread, as the tutorials draw Thread 1 / Thread 2 timelines),
//! the wait-for graph as SVG, and the step table.

use super::text::{coverage_line, effect_text};
use super::trace::Trace;
use super::wait_graph::WaitGraph;
use super::{FindingReport, Report};
use crate::vm::Effect;
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.4em}h2{font-size:1.15em;color:#a00;margin-top:2em}
.ok{color:#070}.coverage{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr.pre td:first-child{color:#c00;font-weight:bold}
code,.mono{font-family:ui-monospace,monospace}
svg text{font-family:ui-monospace,monospace;font-size:11px}
.lane-label{font-weight:bold}.note{color:#555}";

/// The swimlane diagram: one horizontal lane per thread, one box per step.
fn swimlanes(t: &Trace) -> String {
    let mut tids: Vec<u32> = t.steps.iter().map(|s| s.tid).collect();
    tids.sort();
    tids.dedup();
    let (label_w, step_w, lane_h) = (190, 26, 34);
    let width = label_w + step_w * t.steps.len().max(1) + 20;
    let height = lane_h * tids.len().max(1) + 30;
    let mut s = String::new();
    let _ = write!(s, r#"<svg class="swimlanes" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="swimlane diagram">"#);
    for (row, &tid) in tids.iter().enumerate() {
        let name = t.steps.iter().rev().find(|st| st.tid == tid).map(|st| st.thread.clone()).unwrap_or_default();
        let y = 20 + row * lane_h;
        let _ = write!(
            s,
            r##"<g class="lane" data-thread="{}"><rect x="0" y="{y}" width="{width}" height="{lane_h}" fill="{}"/><text class="lane-label" x="6" y="{}">{}</text></g>"##,
            esc(&name),
            if row % 2 == 0 { "#f7f7fb" } else { "#ffffff" },
            y + lane_h / 2 + 4,
            esc(&name)
        );
    }
    let mut prev: Option<(usize, usize)> = None;
    for (i, st) in t.steps.iter().enumerate() {
        let row = tids.iter().position(|&x| x == st.tid).unwrap_or(0);
        let x = label_w + i * step_w;
        let y = 20 + row * lane_h + 5;
        if let Some((px, py)) = prev {
            if py != y {
                let _ = write!(s, r##"<line x1="{px}" y1="{}" x2="{}" y2="{}" stroke="#999" stroke-dasharray="2,2"/>"##, py + 12, x + 11, y + 12);
            }
        }
        let effects: Vec<String> = st.effects.iter().map(effect_text).collect();
        let title = format!("step {} · {} · line {}: {}\n{}", st.index, st.thread, st.line, st.source, effects.join("\n"));
        let (fill, stroke) = if st.effects.iter().any(|e| matches!(e, Effect::Write { .. })) {
            ("#fde2c8", "#d9822b")
        } else if st.effects.iter().any(|e| matches!(e, Effect::Read { .. })) {
            ("#d8e8fb", "#3b78c2")
        } else {
            ("#e6e6e6", "#888")
        };
        let stroke = if st.preemption { "#c00" } else { stroke };
        let _ = write!(
            s,
            r#"<g class="step"><title>{}</title><rect x="{}" y="{y}" width="22" height="24" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="{}"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            esc(&title),
            x,
            if st.preemption { 2 } else { 1 },
            x + 11,
            y + 16,
            st.index
        );
        prev = Some((x + 11, y));
    }
    s.push_str("</svg>");
    s
}

/// The wait-for graph, nodes on a circle.
fn graph_svg(g: &WaitGraph) -> String {
    let n = g.nodes.len().max(1);
    let (w, h) = (640.0f64, 420.0f64);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 150.0);
    let pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    let at = |id: &str| g.nodes.iter().position(|x| x.id == id).map(|i| pos[i]);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="wait-for" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="wait-for graph"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>"##
    );
    for e in &g.edges {
        let (Some((x1, y1)), Some((x2, y2))) = (at(&e.from), at(&e.to)) else { continue };
        // Stop short of the target node.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ex, ey) = (x2 - dx / len * 34.0, y2 - dy / len * 20.0);
        let label = match e.line {
            Some(l) => format!("{} (line {l})", e.relation),
            None => e.relation.clone(),
        };
        let dash = if e.relation.starts_with("can-be-") { r#" stroke-dasharray="4,3""# } else { "" };
        let _ = write!(
            s,
            r##"<g class="edge"><line x1="{x1:.1}" y1="{y1:.1}" x2="{ex:.1}" y2="{ey:.1}" stroke="#555"{dash} marker-end="url(#arrow)"/><text x="{:.1}" y="{:.1}" fill="#444">{}</text></g>"##,
            (x1 + x2) / 2.0 + 4.0,
            (y1 + y2) / 2.0 - 4.0,
            esc(&label)
        );
    }
    for (i, node) in g.nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let shape = if node.kind == "thread" {
            format!(r##"<rect x="{:.1}" y="{:.1}" width="136" height="26" rx="4" fill="#e8f0fe" stroke="#3b78c2"/>"##, x - 68.0, y - 13.0)
        } else if node.kind == "nobody" {
            String::new()
        } else {
            format!(r##"<ellipse cx="{x:.1}" cy="{y:.1}" rx="52" ry="15" fill="#fff4e0" stroke="#d9822b"/>"##)
        };
        let _ = write!(
            s,
            r#"<g class="node" data-kind="{}">{shape}<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
            esc(&node.kind),
            y + 4.0,
            esc(&node.label)
        );
    }
    s.push_str("</svg>");
    s
}

fn step_table(t: &Trace) -> String {
    let mut s = String::from("<table class=\"steps\"><tr><th>step</th><th>thread</th><th>line</th><th>source</th><th>effect</th></tr>");
    for st in &t.steps {
        let effects: Vec<String> = st.effects.iter().map(|e| esc(&effect_text(e))).collect();
        let _ = write!(
            s,
            r#"<tr{}><td>{}{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td class="mono">{}</td></tr>"#,
            if st.preemption { r#" class="pre""# } else { "" },
            st.index,
            if st.preemption { "*" } else { "" },
            esc(&st.thread),
            st.line,
            esc(&st.source),
            effects.join("<br>")
        );
    }
    s.push_str("</table>");
    if !t.final_state.is_empty() {
        let vars: Vec<String> = t.final_state.iter().map(|v| format!("{} = {}", v.name, v.value)).collect();
        let _ = write!(s, "<p>final: <code>{}</code></p>", esc(&vars.join(", ")));
    }
    s
}

fn finding(r: &Report, f: &FindingReport) -> String {
    let mut s = String::new();
    let _ = write!(s, r#"<section class="finding" data-kind="{}"><h2>{}</h2><ul>"#, f.kind.id(), esc(&f.message));
    for l in &f.explanation {
        let _ = write!(s, "<li>{}</li>", esc(l));
    }
    s.push_str("</ul>");
    s.push_str(&swimlanes(&f.trace));
    if let Some(g) = &f.wait_for {
        s.push_str("<h3>wait-for graph</h3>");
        s.push_str(&graph_svg(g));
    }
    s.push_str(&step_table(&f.trace));
    let _ = write!(
        s,
        "<p class=\"note\">{} steps, {} preemption(s) (*). Replay: <code>interleave replay {} --schedule {}</code></p></section>",
        f.trace.steps.iter().filter(|s| s.index > 0).count(),
        f.trace.preemptions,
        esc(&r.model),
        esc(&f.schedule)
    );
    s
}

pub fn render_html(r: &Report) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>interleave: {}</title><style>{STYLE}</style></head><body><h1>interleave — <code>{}</code></h1>",
        esc(&r.model),
        esc(&r.model)
    );
    if r.findings.is_empty() {
        let what = if r.coverage.complete { "proved over every interleaving" } else { "not complete" };
        let _ = write!(s, r#"<p class="ok">No findings: {what}.</p>"#);
    }
    for f in &r.findings {
        s.push_str(&finding(r, f));
    }
    for n in &r.notes {
        let _ = write!(s, r#"<p class="note">note: {}</p>"#, esc(n));
    }
    let _ = write!(s, r#"<p class="coverage">{}</p></body></html>"#, esc(&coverage_line(r)));
    s.push('\n');
    s
}
