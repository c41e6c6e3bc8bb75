//! Live variables: for each op of each function, which locals may still be
//! read from there on. A local that is dead where a thread rests cannot
//! influence anything the thread will do, so the VM resets it (dead-variable
//! reduction) and states that differ only in dead locals become one state.
//!
//! The analysis is per op (`uses`/`defs`/successors below), backwards, to a
//! fixpoint. It is conservative where the IR is dynamic: an op inside a
//! `try`/`with` may jump to the innermost handler active there (found by a
//! forward pass over `SetupExcept`/`PopBlock`; if that pass meets two
//! different block stacks at one op, every op may jump to every handler of
//! the function). `del x` reads `x` (it raises when `x` is unbound).
//!
//! In the module body, *module-private* globals — ones no other function
//! reads or writes, that are not shared, not class attributes, not hidden
//! defaults and not the prelude's — are analysed like locals: only the main
//! thread's module frame can ever read them.

use super::{DefaultArg, FuncId, GlobalId, Op, Program};

pub struct Liveness {
    funcs: Vec<FuncLive>,
    /// The module-private globals, in the order of their variable numbers
    /// after the module's locals.
    pub private_globals: Vec<GlobalId>,
}

struct FuncLive {
    /// Bitset words per op.
    words: usize,
    /// `live_in` of every op, op-major.
    live: Vec<u64>,
}

impl Liveness {
    pub fn new(p: &Program) -> Liveness {
        let private_globals = private_globals(p);
        let mut private_var = vec![None; p.globals.len()];
        let module_locals = p.functions[p.module as usize].local_names.len();
        for (k, &g) in private_globals.iter().enumerate() {
            private_var[g as usize] = Some((module_locals + k) as u32);
        }
        let funcs = (0..p.functions.len() as FuncId)
            .map(|f| {
                let no_globals = vec![None; p.globals.len()];
                let globals = if f == p.module { &private_var } else { &no_globals };
                analyse(p, f, globals)
            })
            .collect();
        Liveness { funcs, private_globals }
    }

    /// Whether variable `var` (a local, or in the module a private global
    /// numbered after the locals) may be read again by a frame of `func`
    /// that resumes at `pc`.
    pub fn is_live(&self, func: FuncId, pc: u32, var: u32) -> bool {
        let f = &self.funcs[func as usize];
        if f.words == 0 {
            return false;
        }
        if pc as usize >= f.live.len() / f.words {
            return true;
        }
        let w = f.live[pc as usize * f.words + var as usize / 64];
        w >> (var % 64) & 1 == 1
    }
}

/// Globals only the module body touches (see the module comment).
pub fn private_globals(p: &Program) -> Vec<GlobalId> {
    let mut outside = vec![false; p.globals.len()];
    for (f, func) in p.functions.iter().enumerate() {
        if f as FuncId == p.module {
            continue;
        }
        for op in &func.code {
            if let Op::LoadGlobal(g) | Op::StoreGlobal(g) | Op::LoadGlobalTally(g) | Op::StoreGlobalTally(g) = *op {
                outside[g as usize] = true;
            }
        }
        for param in &func.params {
            if let Some(DefaultArg::Global(g)) = param.default {
                outside[g as usize] = true;
            }
        }
    }
    for c in &p.classes {
        for &(_, g) in &c.attrs {
            outside[g as usize] = true;
        }
    }
    for &(_, g) in &p.prelude_globals {
        outside[g as usize] = true;
    }
    (0..p.globals.len() as GlobalId)
        .filter(|&g| {
            let gl = &p.globals[g as usize];
            // Hidden globals (`Condition.wait_for.timeout`, `<...>`) are the
            // library's, read by name.
            let name = p.name(gl.name);
            !outside[g as usize] && !gl.shared && !name.contains('.') && !name.contains('<')
        })
        .collect()
}

fn analyse(p: &Program, f: FuncId, private: &[Option<u32>]) -> FuncLive {
    let func = &p.functions[f as usize];
    let code = &func.code;
    let n = code.len();
    let vars = func.local_names.len() + if f == p.module { private.iter().flatten().count() } else { 0 };
    let words = vars.div_ceil(64);
    if words == 0 {
        return FuncLive { words: 0, live: vec![] };
    }
    let handlers = exception_successors(code);
    let succs = |pc: usize| -> Vec<usize> {
        let mut s = match code[pc] {
            Op::Jump(t) => vec![t as usize],
            Op::JumpIfFalse(t) | Op::JumpIfTrue(t) | Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) | Op::ForIter(t) => {
                vec![t as usize, pc + 1]
            }
            Op::SetupExcept(h) => vec![pc + 1, h as usize],
            Op::Return | Op::Raise | Op::Reraise | Op::AssertFail => vec![],
            _ => vec![pc + 1],
        };
        s.extend(handlers.of(pc));
        s.retain(|&x| x < n);
        s
    };
    let succ: Vec<Vec<usize>> = (0..n).map(succs).collect();
    let var_of = |op: Op| -> (Option<u32>, Option<u32>) {
        // (use, def)
        match op {
            Op::LoadLocal(i) | Op::LoadLocalTally(i) | Op::LoadLocalText(i) => (Some(i), None),
            Op::StoreLocal(i) | Op::StoreLocalTally(i) | Op::StoreLocalText(i) => (None, Some(i)),
            Op::DeleteLocal(i) => (Some(i), None),
            Op::LoadGlobal(g) | Op::LoadGlobalTally(g) => (private.get(g as usize).copied().flatten(), None),
            Op::StoreGlobal(g) | Op::StoreGlobalTally(g) => (None, private.get(g as usize).copied().flatten()),
            _ => (None, None),
        }
    };
    let mut live = vec![0u64; n * words];
    let mut changed = true;
    while changed {
        changed = false;
        for pc in (0..n).rev() {
            let mut row = vec![0u64; words];
            for &s in &succ[pc] {
                for w in 0..words {
                    row[w] |= live[s * words + w];
                }
            }
            let (used, defined) = var_of(code[pc]);
            if let Some(d) = defined {
                row[d as usize / 64] &= !(1 << (d % 64));
            }
            if let Some(u) = used {
                row[u as usize / 64] |= 1 << (u % 64);
            }
            let cur = &mut live[pc * words..(pc + 1) * words];
            if cur != row.as_slice() {
                cur.copy_from_slice(&row);
                changed = true;
            }
        }
    }
    FuncLive { words, live }
}

/// Where an exception raised at each op may continue: the innermost active
/// handler, from a forward pass over the block stack.
enum Handlers {
    /// `per_op[pc]`: the innermost handler active at `pc`, if any.
    Exact(Vec<Option<usize>>),
    /// The block stack is not the same on every path to some op: any op may
    /// go to any handler.
    Any(Vec<usize>),
}

impl Handlers {
    fn of(&self, pc: usize) -> Vec<usize> {
        match self {
            Handlers::Exact(per_op) => per_op[pc].into_iter().collect(),
            Handlers::Any(all) => all.clone(),
        }
    }
}

fn exception_successors(code: &[Op]) -> Handlers {
    let all: Vec<usize> = code.iter().filter_map(|op| if let Op::SetupExcept(h) = op { Some(*h as usize) } else { None }).collect();
    if all.is_empty() {
        return Handlers::Exact(vec![None; code.len()]);
    }
    let n = code.len();
    let mut stack_at: Vec<Option<Vec<usize>>> = vec![None; n];
    let mut work = vec![(0usize, Vec::new())];
    while let Some((pc, st)) = work.pop() {
        if pc >= n {
            continue;
        }
        match &stack_at[pc] {
            Some(seen) if *seen == st => continue,
            Some(_) => return Handlers::Any(all),
            None => stack_at[pc] = Some(st.clone()),
        }
        // An exception here unwinds to the innermost handler, its block popped.
        if let Some(&h) = st.last() {
            work.push((h, st[..st.len() - 1].to_vec()));
        }
        match code[pc] {
            Op::SetupExcept(h) => {
                let mut inner = st.clone();
                inner.push(h as usize);
                work.push((pc + 1, inner));
            }
            Op::PopBlock => {
                let mut outer = st.clone();
                if outer.pop().is_none() {
                    return Handlers::Any(all);
                }
                work.push((pc + 1, outer));
            }
            Op::Jump(t) => work.push((t as usize, st)),
            Op::JumpIfFalse(t) | Op::JumpIfTrue(t) | Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) | Op::ForIter(t) => {
                work.push((t as usize, st.clone()));
                work.push((pc + 1, st));
            }
            Op::Return | Op::Raise | Op::Reraise | Op::AssertFail => {}
            _ => work.push((pc + 1, st)),
        }
    }
    Handlers::Exact(stack_at.into_iter().map(|st| st.and_then(|s| s.last().copied())).collect())
}
