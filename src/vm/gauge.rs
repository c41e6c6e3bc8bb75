//! Integer quantities of a state — the model's integer variables and the
//! lengths of the containers and queues its globals hold — so that a search
//! stopped by a limit can say what keeps growing with depth (the usual
//! reason a state space is infinite: a counter that only ever goes up, a
//! queue filled faster than it is drained). Library code's variables are
//! left out. Keys are cheap (`Key`); names are made only for the report.

use super::object::Object;
use super::state::State;
use super::value::Value;
use super::Vm;

/// What a gauge key measures.
enum Key {
    Global(u32),
    Len(u32),
    Local { func: u32, local: u32 },
}

impl Key {
    fn pack(self) -> u64 {
        match self {
            Key::Global(g) => g as u64,
            Key::Len(g) => 1 << 62 | g as u64,
            Key::Local { func, local } => 2 << 62 | (func as u64) << 32 | local as u64,
        }
    }

    fn unpack(k: u64) -> Key {
        let low = k as u32;
        match k >> 62 {
            0 => Key::Global(low),
            1 => Key::Len(low),
            _ => Key::Local { func: (k >> 32) as u32 & 0x3fff_ffff, local: low },
        }
    }
}

impl Vm {
    /// Push `(key, value)` for each quantity of `s` (a key may repeat: one
    /// per thread running the function).
    pub fn gauge(&self, s: &State, out: &mut Vec<(u64, i64)>) {
        let prog = &*self.program;
        for (g, v) in s.globals.iter().enumerate() {
            match v {
                Value::Int(i) => out.push((Key::Global(g as u32).pack(), *i)),
                // A tally that tells no states apart cannot make the space infinite.
                Value::Tally(t) if t.distinguishes => out.push((Key::Global(g as u32).pack(), t.n)),
                Value::Ref(o) => {
                    let len = match &s.heap[*o as usize] {
                        Object::List(items) => items.len(),
                        Object::Dict(entries) => entries.len(),
                        Object::Set(set) => set.len(),
                        Object::Queue(q) => q.items.len(),
                        _ => continue,
                    };
                    out.push((Key::Len(g as u32).pack(), len as i64));
                }
                _ => {}
            }
        }
        for t in &s.threads {
            for fr in &t.frames {
                let f = &prog.functions[fr.func as usize];
                // Library code has no source positions.
                if f.spans.first().is_none_or(|sp| sp.line == 0) {
                    continue;
                }
                for (i, v) in fr.locals.iter().enumerate() {
                    let n = match v {
                        Value::Int(n) => *n,
                        Value::Tally(t) if t.distinguishes => t.n,
                        Value::Text(t) if t.distinguishes => match t.n {
                            Value::Int(n) => n,
                            _ => continue,
                        },
                        _ => continue,
                    };
                    out.push((Key::Local { func: fr.func, local: i as u32 }.pack(), n));
                }
            }
        }
    }

    /// The quantity a `gauge` key measures, as the model names it; None for
    /// the library's globals and hidden temporaries.
    pub fn gauge_name(&self, key: u64) -> Option<String> {
        let prog = &*self.program;
        let model_global = |g: u32| {
            let name = prog.global_name(g);
            (is_model_name(name) && !prog.prelude_globals.iter().any(|&(_, k)| k == g)).then_some(name)
        };
        Some(match Key::unpack(key) {
            Key::Global(g) => format!("`{}`", model_global(g)?),
            Key::Len(g) => format!("len({})", model_global(g)?),
            Key::Local { func, local } => {
                let f = &prog.functions[func as usize];
                let name = prog.name(*f.local_names.get(local as usize)?);
                format!("`{}` in {}", is_model_name(name).then_some(name)?, f.qualname)
            }
        })
    }
}

/// A variable the model names (not a hidden temporary).
fn is_model_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}
