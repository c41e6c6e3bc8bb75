//! Printed-only values: tallies and texts.
//!
//! A value that only ever reaches printed text changes what is printed,
//! never what the program does: no branch, exception, shared write or wait
//! depends on it. The state still carries it (every path prints its own
//! values, and a trace replayed from the start prints those of its
//! schedule), but under the dead-variable reduction it does not tell states
//! apart (`vm::value::PrintedOnly`). Lowering records where values go
//! (`Uses`); this module decides, over the whole program, which variables
//! and queues hold only such values, and rewrites their operations.
//!
//! - A *tally* is an integer variable whose every store is an integer
//!   constant or a move by one (`i = 0`, `i += 1`, `i = i - 2`) and every
//!   other read of it goes to a sink (tutorial 004's Timer program counts
//!   its rounds this way forever). Only locals that are not parameters, and
//!   module-private globals (`ir::liveness::private_globals`: only the
//!   module body reaches them), can be tallies; they get `Op::*Tally`.
//! - A *text local* is a local, not a parameter, set only by `name = expr`
//!   and read only into a sink (`msg = 'item' + str(count); q.put(msg);
//!   print(msg)`). `Op::StoreLocalText` keeps a scalar as a `Value::Text`.
//! - A *print-only queue* is a global only ever holding the `queue` module
//!   or a `queue.Queue`/`LifoQueue`/`SimpleQueue` made from it, used only as
//!   the receiver of queue methods, and every `get` of which goes to a sink:
//!   its `put` keeps a scalar item as a `Value::Text` (`Op::ToText`), its
//!   `get` hands the plain value on (`Op::FromText`). Tutorial 004's
//!   producers put ever-numbered messages that consumers only print.
//!
//! A sink is printed text (`print(...)` arguments, through `+`, `-`, `%`,
//! `str.format`, f-strings and `str()` as lowering's `in_print_text`
//! judges), a text local, or a print-only queue: whether a variable or a
//! queue qualifies depends on the others, so they are found as the greatest
//! fixed point (start with every candidate, drop those a read disqualifies,
//! until nothing changes).

use crate::ir::{FuncId, GlobalId, Module, Op, Program};
use std::collections::{HashMap, HashSet};

/// Where a value lowering saw goes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Sink {
    /// Printed text, or a tally's own store or move.
    Print,
    /// A store into this local of the same function (a text local if it
    /// qualifies).
    Local(u32),
    /// A `put` onto the queue in this global (print-only if it qualifies).
    Queue(GlobalId),
}

/// What a queue method call does with its receiver global's queue.
#[derive(Clone, Copy, Debug)]
pub enum QueueUseKind {
    /// `q.put(x)`: the `Op::TextMark` after `x`.
    Put { mark: u32 },
    /// `q.get()`: the `Op::TextMark` after the call, and where its result goes.
    Get { mark: u32, sink: Option<Sink> },
    /// `q.qsize()`, `q.task_done()`, ..., or making a queue (`queue.Queue()`).
    Inert,
}

/// How a global got a new queue: `g = m.Queue()` with `m` holding the
/// `queue` module, or `g = Queue()` with `Queue` imported from it.
#[derive(Clone, Copy, Debug)]
pub enum Via {
    Module(GlobalId),
    Class(GlobalId),
}

/// What lowering saw of one function.
#[derive(Default, Debug)]
pub struct Uses {
    /// Loads (program counters) whose value goes to a sink; a tally's stores.
    pub fits: Vec<(u32, Sink)>,
    /// Stores of `name = expr` into a local, `expr` lowered with it as sink.
    pub text_stores: Vec<u32>,
    /// Loads of a global as the receiver of a queue method: (global, load, kind).
    pub queue_uses: Vec<(GlobalId, u32, QueueUseKind)>,
    /// Stores of a new queue into a global: (global, store, how).
    pub queue_stores: Vec<(GlobalId, u32, Via)>,
}

/// The methods of a queue (or of the `queue` module) that neither take nor
/// give an item.
pub fn is_inert_queue_method(name: &str) -> bool {
    matches!(name, "qsize" | "empty" | "full" | "task_done" | "join" | "Queue" | "LifoQueue" | "SimpleQueue")
}

/// Find the tallies, text locals and print-only queues of `p` and rewrite
/// their operations. `uses` is by function.
pub fn mark_printed(p: &mut Program, uses: &[(FuncId, Uses)]) {
    let by_func: HashMap<FuncId, &Uses> = uses.iter().map(|(f, u)| (*f, u)).collect();
    let mut sinks: HashMap<(FuncId, u32), Vec<Sink>> = HashMap::new();
    for (f, u) in uses {
        for &(pc, sink) in &u.fits {
            sinks.entry((*f, pc)).or_default().push(sink);
        }
    }
    let mut queues = queue_candidates(p, uses);
    let mut texts = text_candidates(p, &by_func, &sinks);
    // The greatest fixed point: drop what a read disqualifies until stable.
    loop {
        let live = |f: FuncId, s: &Sink, texts: &HashSet<(FuncId, u32)>, queues: &HashSet<GlobalId>| match *s {
            Sink::Print => true,
            Sink::Local(slot) => texts.contains(&(f, slot)),
            Sink::Queue(g) => queues.contains(&g),
        };
        let before = (texts.len(), queues.len());
        let dropped_texts: Vec<(FuncId, u32)> = texts
            .iter()
            .copied()
            .filter(|&(f, slot)| {
                p.functions[f as usize].code.iter().enumerate().any(|(pc, op)| {
                    matches!(*op, Op::LoadLocal(s) if s == slot)
                        && !sinks.get(&(f, pc as u32)).is_some_and(|ss| ss.iter().any(|s| live(f, s, &texts, &queues)))
                })
            })
            .collect();
        for t in dropped_texts {
            texts.remove(&t);
        }
        let dropped_queues: Vec<GlobalId> = queues
            .iter()
            .copied()
            .filter(|&g| {
                uses.iter().any(|(f, u)| {
                    u.queue_uses.iter().any(|&(q, _, kind)| {
                        q == g && matches!(kind, QueueUseKind::Get { sink, .. } if !sink.is_some_and(|s| live(*f, &s, &texts, &queues)))
                    })
                })
            })
            .collect();
        for g in dropped_queues {
            queues.remove(&g);
        }
        if (texts.len(), queues.len()) == before {
            break;
        }
    }
    // Rewrite the texts and the queues' marks.
    for &(f, slot) in &texts {
        for op in &mut p.functions[f as usize].code {
            *op = match *op {
                Op::LoadLocal(s) if s == slot => Op::LoadLocalText(s),
                Op::StoreLocal(s) if s == slot => Op::StoreLocalText(s),
                op => op,
            };
        }
    }
    for (f, u) in uses {
        for &(g, _, kind) in &u.queue_uses {
            if !queues.contains(&g) {
                continue;
            }
            let code = &mut p.functions[*f as usize].code;
            match kind {
                QueueUseKind::Put { mark } => code[mark as usize] = Op::ToText,
                QueueUseKind::Get { mark, .. } => code[mark as usize] = Op::FromText,
                QueueUseKind::Inert => {}
            }
        }
    }
    // Tallies: accesses whose sink is live.
    let fit: HashSet<(FuncId, u32)> = sinks
        .iter()
        .filter(|((f, _), ss)| {
            ss.iter().any(|s| match *s {
                Sink::Print => true,
                Sink::Local(slot) => texts.contains(&(*f, slot)),
                Sink::Queue(g) => queues.contains(&g),
            })
        })
        .map(|(k, _)| *k)
        .collect();
    mark_tallies(p, &fit);
}

/// Locals (not parameters) set only by `name = expr` and whose every read
/// goes to some sink, before the sinks are judged.
fn text_candidates(p: &Program, uses: &HashMap<FuncId, &Uses>, sinks: &HashMap<(FuncId, u32), Vec<Sink>>) -> HashSet<(FuncId, u32)> {
    let mut out = HashSet::new();
    for (fi, func) in p.functions.iter().enumerate() {
        let f = fi as FuncId;
        let Some(u) = uses.get(&f) else { continue };
        let stores: HashSet<u32> = u.text_stores.iter().copied().collect();
        let mut ok = vec![true; func.local_names.len()];
        // A local never read is left to the dead-variable reduction.
        let mut read = vec![false; func.local_names.len()];
        for slot in (0..func.params.len() as u32).chain(func.varargs).chain(func.kwargs) {
            if let Some(o) = ok.get_mut(slot as usize) {
                *o = false;
            }
        }
        for (pc, op) in func.code.iter().enumerate() {
            let pc = pc as u32;
            match *op {
                Op::LoadLocal(s) => {
                    read[s as usize] = true;
                    ok[s as usize] &= sinks.contains_key(&(f, pc));
                }
                Op::StoreLocal(s) => ok[s as usize] &= stores.contains(&pc),
                Op::DeleteLocal(s) => ok[s as usize] = false,
                _ => {}
            }
        }
        out.extend((0..ok.len()).filter(|&s| ok[s] && read[s]).map(|s| (f, s as u32)));
    }
    out
}

/// Globals that only ever hold the `queue` module or a queue made from it
/// and are only used as a queue method's receiver, before the gets' sinks
/// are judged.
fn queue_candidates(p: &Program, uses: &[(FuncId, Uses)]) -> HashSet<GlobalId> {
    let mut use_at: HashSet<(FuncId, u32)> = HashSet::new();
    let mut store_at: HashMap<(FuncId, u32), Via> = HashMap::new();
    for (f, u) in uses {
        use_at.extend(u.queue_uses.iter().map(|&(_, pc, _)| (*f, pc)));
        store_at.extend(u.queue_stores.iter().map(|&(_, pc, via)| ((*f, pc), via)));
    }
    let n = p.globals.len();
    // Globals whose every store is `import queue`, or `from queue import Queue` (...).
    let mut module_only = vec![true; n];
    let mut class_only = vec![true; n];
    let mut ok = vec![true; n];
    let mut touched = vec![false; n];
    let mut vias: Vec<(GlobalId, Via)> = vec![];
    for (fi, func) in p.functions.iter().enumerate() {
        let f = fi as FuncId;
        for (pc, op) in func.code.iter().enumerate() {
            let before = pc.checked_sub(1).map(|b| func.code[b]);
            match *op {
                Op::LoadGlobal(g) => {
                    touched[g as usize] = true;
                    ok[g as usize] &= use_at.contains(&(f, pc as u32));
                }
                Op::StoreGlobal(g) => {
                    touched[g as usize] = true;
                    let imports_module = before == Some(Op::Import(Module::Queue));
                    let imports_class = matches!(
                        before,
                        Some(Op::LoadBuiltin(crate::ir::Builtin::Queue | crate::ir::Builtin::LifoQueue | crate::ir::Builtin::SimpleQueue))
                    );
                    module_only[g as usize] &= imports_module;
                    class_only[g as usize] &= imports_class;
                    match store_at.get(&(f, pc as u32)) {
                        Some(&via) => vias.push((g, via)),
                        None => ok[g as usize] &= imports_module,
                    }
                }
                Op::LoadGlobalTally(g) | Op::StoreGlobalTally(g) => ok[g as usize] = false,
                _ => {}
            }
        }
    }
    // A class attribute is reached through its class and instances too.
    for class in &p.classes {
        for &(_, g) in &class.attrs {
            ok[g as usize] = false;
        }
    }
    for (g, via) in vias {
        let fine = match via {
            // `q = q.Queue()` on the global that held the module is fine:
            // a queue has no `Queue` method, so it only ever makes queues.
            Via::Module(m) => m == g || (module_only[m as usize] && touched[m as usize]),
            Via::Class(c) => class_only[c as usize] && touched[c as usize],
        };
        ok[g as usize] &= fine;
    }
    (0..n).filter(|&g| ok[g] && touched[g]).map(|g| g as GlobalId).collect()
}

/// Turn every variable whose accesses all fit into a tally.
fn mark_tallies(p: &mut Program, fit: &HashSet<(FuncId, u32)>) {
    let fits_at = |f: usize, pc: usize| fit.contains(&(f as FuncId, pc as u32));
    // Locals, function by function.
    for (fi, func) in p.functions.iter_mut().enumerate() {
        let mut tally = vec![true; func.local_names.len()];
        let mut touched = vec![false; func.local_names.len()];
        // Parameters are set by the caller, to anything.
        for slot in (0..func.params.len() as u32).chain(func.varargs).chain(func.kwargs) {
            if let Some(t) = tally.get_mut(slot as usize) {
                *t = false;
            }
        }
        for (pc, op) in func.code.iter().enumerate() {
            if let Op::LoadLocal(s) | Op::StoreLocal(s) | Op::DeleteLocal(s) = *op {
                touched[s as usize] = true;
                if matches!(op, Op::DeleteLocal(_)) || !fits_at(fi, pc) {
                    tally[s as usize] = false;
                }
            }
        }
        for op in &mut func.code {
            *op = match *op {
                Op::LoadLocal(s) if tally[s as usize] && touched[s as usize] => Op::LoadLocalTally(s),
                Op::StoreLocal(s) if tally[s as usize] && touched[s as usize] => Op::StoreLocalTally(s),
                op => op,
            };
        }
    }
    // Module-private globals, over the whole program.
    let mut tally = vec![false; p.globals.len()];
    for g in crate::ir::liveness::private_globals(p) {
        tally[g as usize] = true;
    }
    let mut touched = vec![false; p.globals.len()];
    for (fi, func) in p.functions.iter().enumerate() {
        for (pc, op) in func.code.iter().enumerate() {
            if let Op::LoadGlobal(g) | Op::StoreGlobal(g) = *op {
                touched[g as usize] = true;
                if !fits_at(fi, pc) {
                    tally[g as usize] = false;
                }
            }
        }
    }
    for func in &mut p.functions {
        for op in &mut func.code {
            *op = match *op {
                Op::LoadGlobal(g) if tally[g as usize] && touched[g as usize] => Op::LoadGlobalTally(g),
                Op::StoreGlobal(g) if tally[g as usize] && touched[g as usize] => Op::StoreGlobalTally(g),
                op => op,
            };
        }
    }
}

/// Whether formatting a string constant with `%` (`percent`) or
/// `str.format` gives text whatever integers it is given (of the right
/// type): no width or precision taken from the arguments (`%*d`,
/// `{:{}}`), and no `c` conversion (a character, which fails out of range).
pub fn format_is_value_safe(s: &str, percent: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if percent {
        while i < b.len() {
            if b[i] != b'%' {
                i += 1;
                continue;
            }
            i += 1;
            if b.get(i) == Some(&b'%') {
                i += 1;
                continue;
            }
            if b.get(i) == Some(&b'(') {
                while i < b.len() && b[i] != b')' {
                    i += 1;
                }
                i += 1;
            }
            while i < b.len() && b"#0- +.0123456789hlL".contains(&b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(b'*' | b'c') => return false,
                Some(_) => i += 1,
                None => {}
            }
        }
        return true;
    }
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => {
                let start = i + 1;
                let Some(len) = b[start..].iter().position(|&c| c == b'}') else { return true };
                let field = &b[start..start + len];
                if field.contains(&b'{') || field.last() == Some(&b'c') && field.contains(&b':') {
                    return false;
                }
                i = start + len + 1;
            }
            _ => i += 1,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::format_is_value_safe;

    #[test]
    fn formats_that_depend_on_the_value_are_told() {
        for safe in ["%d", "%5d items", "%s and %r", "%%c %d", "%(n)d", "{}", "{0}***", "{:>5}", "{0!r:^9}", "{{c}}", "{n:,}"] {
            let percent = safe.contains('%');
            assert!(format_is_value_safe(safe, percent), "{safe}");
        }
        for unsafe_ in ["%c", "%*d", "%.*f", "%-5c", "{:c}", "{0:>3c}", "{:{}}", "{0:{1}}"] {
            let percent = unsafe_.contains('%');
            assert!(!format_is_value_safe(unsafe_, percent), "{unsafe_}");
        }
    }
}
