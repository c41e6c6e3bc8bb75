//! Findings in words: what happened, in which steps, with which values.

use super::trace::{Replayed, Step};
use crate::detect::{Finding, Kind, WaitTarget, analyse_stuck};
use crate::vm::{Effect, Loc, ObjId, Object, Vm};

pub fn explain(vm: &Vm, f: &Finding, r: &Replayed) -> (String, Vec<String>) {
    let path = &vm.program.source.path;
    let at = |line: Option<u32>| match line {
        Some(l) => format!("{path}:{l}"),
        None => path.to_string(),
    };
    match f.kind {
        Kind::LostUpdate => lost_update(vm, r, &at),
        Kind::Assertion | Kind::UncaughtException => exception(vm, f, r, &at),
        Kind::LockLeak if r.last_notes.leaked_locks.is_empty() => stuck(vm, f, r, &at),
        Kind::LockLeak => {
            let tid = r.trace.steps.last().map(|s| s.tid).unwrap_or(0);
            let name = vm.thread_name(&r.state, tid);
            let locks: Vec<String> = r.last_notes.leaked_locks.iter().map(|&l| vm.object_label(&r.state, l)).collect();
            (
                format!("lock-leak: {name} ended while holding {} ({})", locks.join(", "), at(None)),
                vec![format!("{name} acquired {} and ended without releasing it; any later acquire waits forever.", locks.join(", "))],
            )
        }
        _ => stuck(vm, f, r, &at),
    }
}

fn find_step<'a>(steps: &'a [Step], pred: impl Fn(&Step, &Effect) -> bool) -> Option<(&'a Step, &'a Effect)> {
    steps.iter().rev().find_map(|s| s.effects.iter().rev().find(|e| pred(s, e)).map(|e| (s, e)))
}

fn lost_update(vm: &Vm, r: &Replayed, at: &dyn Fn(Option<u32>) -> String) -> (String, Vec<String>) {
    let Some(lu) = &r.last_notes.lost_update else {
        return ("lost-update".into(), vec![]);
    };
    let var = match lu.loc {
        Loc::Global(g) => vm.program.global_name(g).to_string(),
        Loc::Attr(..) | Loc::Cell(_) | Loc::Item(..) => vm.loc_label(&r.state, lu.loc),
    };
    let steps = &r.trace.steps;
    let n = steps.len();
    let writer = vm.thread_name(&r.state, lu.tid);
    let other = vm.thread_name(&r.state, lu.overwritten_by);
    let last = &steps[n - 1];
    let final_write = last.effects.iter().rev().find_map(|e| match e {
        Effect::Write { var: v, value } if *v == var => Some(value.clone()),
        _ => None,
    });
    // The other thread's last write before the final one, and the stale read before that.
    let before = &steps[..n - 1];
    let other_write = find_step(before, |s, e| s.tid == lu.overwritten_by && matches!(e, Effect::Write { var: v, .. } if *v == var));
    let read = other_write.and_then(|(ow, _)| {
        find_step(&steps[..ow.index.min(n)], |s, e| s.tid == lu.tid && matches!(e, Effect::Read { var: v, .. } if *v == var))
    });
    let mut lines = Vec::new();
    match (read, other_write) {
        (Some((rs, Effect::Read { value: rv, .. })), Some((ws, Effect::Write { value: wv, .. }))) => {
            lines.push(format!("{writer} read {var} → {rv} (step {}, line {}).", rs.index, rs.line));
            lines.push(format!("{other} then wrote {var} ← {wv} (step {}, line {}).", ws.index, ws.line));
            lines.push(format!(
                "{writer} then wrote {var} ← {} (step {}, line {}), computed from the {rv} it had read before {other}'s write:",
                final_write.clone().unwrap_or_default(),
                last.index,
                last.line
            ));
            lines.push(format!("{other}'s update of {var} was lost."));
        }
        _ => lines.push(format!(
            "{writer} wrote {var} (line {}) from a value it read before {other} wrote {var}: {other}'s update was lost.",
            last.line
        )),
    }
    (format!("lost-update on `{var}` ({})", at(Some(lu.span.line))), lines)
}

fn exception(vm: &Vm, f: &Finding, r: &Replayed, at: &dyn Fn(Option<u32>) -> String) -> (String, Vec<String>) {
    let Some(u) = &r.last_notes.uncaught else {
        return (f.kind.id().to_string(), vec![]);
    };
    let name = vm.thread_name(&r.state, u.tid);
    let what = if u.message.is_empty() { u.class.clone() } else { format!("{}: {}", u.class, u.message) };
    let headline = if f.kind == Kind::Assertion {
        let src = vm.program.source.line_text(u.span.line).trim().to_string();
        format!("assertion failed in {name}: `{src}` ({})", at(Some(u.span.line)))
    } else {
        format!("uncaught-exception in {name}: {what} ({})", at(Some(u.span.line)))
    };
    let mut lines = vec![format!("{name} raised {what} at line {} and nothing caught it: the thread ended.", u.span.line)];
    let timeouts: Vec<&Step> = r.trace.steps.iter().filter(|s| s.timeout).collect();
    for s in timeouts {
        lines.push(format!("This needs {}'s timed call at line {} (step {}) to time out.", s.thread, s.line, s.index));
    }
    if !r.trace.final_state.is_empty() {
        let vars: Vec<String> = r.trace.final_state.iter().map(|v| format!("{} = {}", v.name, v.value)).collect();
        lines.push(format!("At that point: {}.", vars.join(", ")));
    }
    (headline, lines)
}

fn describe_target(vm: &Vm, r: &Replayed, t: &WaitTarget) -> String {
    let name = |tid: u32| vm.thread_name(&r.state, tid);
    match t {
        WaitTarget::Lock { label, holder: Some(h), .. } => format!("{label}, held by {}", name(*h)),
        WaitTarget::Lock { label, holder: None, .. } => format!("{label}, which nobody holds"),
        WaitTarget::Semaphore { label } => format!("semaphore `{label}` (value 0)"),
        WaitTarget::Event { label, was_set: true } => format!("event `{label}`, which was set and then cleared"),
        WaitTarget::Event { label, .. } => format!("event `{label}`, which nobody sets"),
        WaitTarget::Condition { label, lost_notify: true } => format!("condition `{label}`, whose notify came before the wait"),
        WaitTarget::Condition { label, .. } => format!("a notify on condition `{label}`"),
        WaitTarget::Join { thread } => format!("{} to end", name(*thread)),
        WaitTarget::QueueGet { label } => format!("an item in queue `{label}`, which is empty"),
        WaitTarget::QueuePut { label } => format!("room in queue `{label}`, which is full"),
        WaitTarget::QueueJoin { label, unfinished } => format!("{unfinished} unfinished task(s) of queue `{label}` (task_done)"),
    }
}

fn stuck(vm: &Vm, f: &Finding, r: &Replayed, at: &dyn Fn(Option<u32>) -> String) -> (String, Vec<String>) {
    let a = analyse_stuck(vm, &r.state);
    let name = |tid: u32| vm.thread_name(&r.state, tid);
    let root = a.roots.iter().find(|root| root.kind == f.kind).or(a.roots.first());
    let mut lines = Vec::new();
    for b in &a.blocked {
        let line = b.span.map(|s| format!(" (line {})", s.line)).unwrap_or_default();
        let acquired = held_by(vm, r, b.tid);
        let holds = if acquired.is_empty() { String::new() } else { format!("holds {} and ", acquired.join(", ")) };
        lines.push(format!("{} {holds}waits for {}{line}", b.name, describe_target(vm, r, &b.target)));
    }
    let spinners = vm.spin_waiting(&r.state);
    for (t, _) in &spinners {
        let t = *t;
        let place = vm
            .thread_span(&r.state, t)
            .map(|sp| format!(" at line {} (`{}`)", sp.line, vm.program.source.line_text(sp.line).trim()))
            .unwrap_or_default();
        lines.push(format!(
            "{} spins{place}: each time round it finds nothing changed, so it waits as surely as a blocked thread",
            name(t)
        ));
    }
    let headline = match root {
        Some(root) if root.kind == Kind::Deadlock => {
            let names: Vec<String> = root.threads.iter().map(|&t| name(t)).collect();
            let mut graph = String::new();
            for &t in &root.threads {
                match &a.blocked_of(t).unwrap().target {
                    WaitTarget::Lock { label, .. } => graph.push_str(&format!("{} ─waits→ {label} ─held by→ ", name(t))),
                    WaitTarget::Join { .. } => graph.push_str(&format!("{} ─joins→ ", name(t))),
                    other => graph.push_str(&format!("{} ─waits on {}→ ", name(t), crate::detect::resource_label(other))),
                }
            }
            if let Some(&first) = root.threads.first() {
                graph.push_str(&name(first));
            }
            lines.push(format!("wait-for cycle: {graph}"));
            format!("deadlock ({}) — {} threads in a cycle: {}", at(None), names.len(), names.join(", "))
        }
        Some(root) if root.kind == Kind::SelfDeadlock => {
            let t = root.threads[0];
            let b = a.blocked_of(t).unwrap();
            let label = match &b.target {
                WaitTarget::Lock { label, .. } => label.clone(),
                _ => "a lock".into(),
            };
            lines.push(format!("{label} is a Lock, not an RLock: acquiring it again in the thread that holds it waits forever."));
            format!("self-deadlock: {} waits for {label}, which it holds itself ({})", name(t), at(b.span.map(|s| s.line)))
        }
        Some(root) => {
            let t = root.threads[0];
            let b = a.blocked_of(t).unwrap();
            let why = match root.kind {
                Kind::MissedSignal => {
                    lines.extend(missed_signal_story(r, &b.target, &b.name));
                    "missed-signal"
                }
                Kind::LockLeak => "lock-leak",
                _ => {
                    lines.push(format!("No live thread can provide it: every other thread has ended or is blocked too."));
                    "hang"
                }
            };
            format!("{why}: {} waits forever for {} ({})", b.name, describe_target(vm, r, &b.target), at(b.span.map(|s| s.line)))
        }
        None => match f.tid.and_then(|t| spinners.iter().find(|(s, _)| *s == t)) {
            Some((t, read)) => {
                lines.push(format!(
                    "Every other thread has ended or waits too; none of them will change {}.",
                    describe_reads(vm, read)
                ));
                let line = f.span.map(|s| s.line);
                format!("hang: {} spins forever waiting for {} to change ({})", name(*t), describe_reads(vm, read), at(line))
            }
            None => format!("{} ({})", f.kind.id(), at(None)),
        },
    };
    (headline, lines)
}

/// What a spin-waiting thread's step read, in words: "`done`", "which
/// threads are alive".
pub(crate) fn describe_reads(vm: &Vm, read: &crate::vm::Touched) -> String {
    let mut what: Vec<String> = Vec::new();
    what.extend(read.global_reads.iter().map(|&g| format!("`{}`", vm.program.global_name(g))));
    what.extend(read.attr_reads.iter().map(|&n| format!("`.{}`", vm.program.name(n))));
    if read.life_read {
        what.push("which threads are alive".into());
    }
    // (`len(threading.enumerate())` reads a list of its own too.)
    if read.container_read && what.is_empty() {
        what.push("a shared list or dict".into());
    }
    if read.sync {
        what.push("a lock, event, condition or queue".into());
    }
    what.dedup();
    if what.is_empty() {
        "shared state".into()
    } else {
        what.join(" or ")
    }
}

/// For a missed signal: the last set/notify nobody received and the clear
/// that erased it.
fn missed_signal_story(r: &Replayed, target: &WaitTarget, waiter: &str) -> Vec<String> {
    let steps = &r.trace.steps;
    let mut out = Vec::new();
    match target {
        WaitTarget::Event { label, .. } => {
            let set = find_step(steps, |_, e| matches!(e, Effect::Call { text } if *text == format!("set {label} (nobody waiting)") || text.starts_with(&format!("set {label} "))));
            let clear = find_step(steps, |_, e| matches!(e, Effect::Call { text } if *text == format!("clear {label}")));
            if let Some((s, _)) = set {
                out.push(format!("{} set `{label}` at step {} (line {}).", s.thread, s.index, s.line));
            }
            if let Some((c, _)) = clear {
                if set.is_none_or(|(s, _)| c.index > s.index) {
                    out.push(format!(
                        "{} cleared it at step {} (line {}) before {waiter} waited for it; nobody sets `{label}` again.",
                        c.thread, c.index, c.line
                    ));
                }
            }
        }
        WaitTarget::Condition { label, .. } => {
            if let Some((s, _)) = find_step(steps, |_, e| matches!(e, Effect::Call { text } if text.contains(&format!("{label} (nobody waiting)")))) {
                out.push(format!(
                    "{} notified `{label}` at step {} (line {}) while nobody was waiting; {waiter} began waiting later and nobody notifies again.",
                    s.thread, s.index, s.line
                ));
            }
        }
        _ => {}
    }
    out
}

/// Locks a thread holds at the end of the trace (from the state: trace
/// labels of unnamed locks can change as the heap is renumbered), each with
/// the line of its last acquire in the trace when that can be found.
fn held_by(vm: &Vm, r: &Replayed, tid: u32) -> Vec<String> {
    let mut out = Vec::new();
    for (i, obj) in r.state.heap.iter().enumerate() {
        let held = match obj {
            Object::Lock(l) => l.locked && l.holder == Some(tid),
            Object::RLock(l) => l.owner == Some(tid),
            _ => false,
        };
        if !held {
            continue;
        }
        let label = vm.object_label(&r.state, i as ObjId);
        let acquired_at = r.trace.steps.iter().rev().filter(|s| s.tid == tid).find_map(|s| {
            s.effects.iter().find_map(|e| match e {
                Effect::Call { text } => text
                    .strip_prefix("acquire ")
                    .filter(|l| !l.contains("→ False") && l.split(' ').next() == Some(label.as_str()))
                    .map(|_| s.line),
                _ => None,
            })
        });
        out.push(match acquired_at {
            Some(line) if line > 0 => format!("{label} (line {line})"),
            _ => label,
        });
    }
    out
}
