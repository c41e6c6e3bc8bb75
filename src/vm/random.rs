//! `random` as a nondeterministic choice: a call of `randint`, `randrange`,
//! `choice`, `shuffle` or `sample` is a visible step with one successor per
//! possible outcome, and the explorer's `Choice::outcome` says which. Every
//! outcome is explored, so `random.seed()` changes nothing. More than
//! `MAX_OUTCOMES` outcomes stop the check with the call's location.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec};
use super::object::{Object, Tid};
use super::state::State;
use super::value::Value;
use super::Vm;
use crate::ir::{Builtin, ExcClass, Module, NO_KW, Op};

/// Most outcomes one random call may have.
pub const MAX_OUTCOMES: u64 = 16;

/// What a random call draws from.
enum Draw {
    /// `start + k * step` for k in 0..n (`randint`, `randrange`).
    Range { start: i64, step: i64, n: u64 },
    /// One of the items (`choice`).
    Item(Vec<Value>),
    /// An ordering of `r` of the items (`shuffle`: all of them, `sample`).
    Order { items: Vec<Value>, r: usize },
}

impl Draw {
    fn outcomes(&self) -> u64 {
        match self {
            Draw::Range { n, .. } => *n,
            Draw::Item(items) => items.len() as u64,
            // n! / (n - r)!, saturating: only "more than 16" matters.
            Draw::Order { items, r } => {
                let n = items.len() as u64;
                (n - *r as u64 + 1..=n).fold(1u64, |acc, x| acc.saturating_mul(x))
            }
        }
    }
}

/// Why the arguments draw nothing: CPython's exception.
type Refusal = (ExcClass, String);

fn int_arg(v: &Value, i: usize) -> Result<i64, Refusal> {
    match v {
        Value::Int(x) => Ok(*x),
        Value::Bool(b) => Ok(*b as i64),
        _ => Err((ExcClass::ValueError, format!("non-integer arg {i} for randrange()"))),
    }
}

/// The items of a sequence argument, without recording anything.
fn items_of(s: &State, v: &Value) -> Option<Vec<Value>> {
    Some(match v {
        Value::Tuple(t) => t.to_vec(),
        Value::Str(x) => x.chars().map(|c| Value::Str(c.to_string().into())).collect(),
        Value::Range(r) => {
            let n = super::ops::range_len(r);
            (0..n).map(|k| Value::Int(r[0] + k * r[2])).collect()
        }
        Value::Ref(o) => match &s.heap[*o as usize] {
            Object::List(l) => l.clone(),
            _ => return None,
        },
        _ => return None,
    })
}

fn draw(s: &State, b: Builtin, args: &[Value]) -> Result<Draw, Refusal> {
    let arity = |lo: usize, hi: usize| -> Result<(), Refusal> {
        if args.len() < lo || args.len() > hi {
            let want = if lo == hi { format!("{lo}") } else { format!("from {lo} to {hi}") };
            return Err((ExcClass::TypeError, format!("{}() takes {want} positional arguments but {} were given", b.name(), args.len())));
        }
        Ok(())
    };
    match b {
        Builtin::RandInt => {
            arity(2, 2)?;
            let (a, z) = (int_arg(&args[0], 1)?, int_arg(&args[1], 2)?);
            let stop = z.checked_add(1).ok_or((ExcClass::OverflowError, "randint() bound too large".into()))?;
            if stop <= a {
                return Err((ExcClass::ValueError, format!("empty range for randrange() ({a}, {stop}, {})", stop - a)));
            }
            Ok(Draw::Range { start: a, step: 1, n: (stop - a) as u64 })
        }
        Builtin::RandRange => {
            arity(1, 3)?;
            let (start, stop, step) = match args.len() {
                1 => (0, int_arg(&args[0], 1)?, 1),
                2 => (int_arg(&args[0], 1)?, int_arg(&args[1], 2)?, 1),
                _ => (int_arg(&args[0], 1)?, int_arg(&args[1], 2)?, int_arg(&args[2], 3)?),
            };
            if step == 0 {
                return Err((ExcClass::ValueError, "zero step for randrange()".into()));
            }
            let n = super::ops::range_len(&[start, stop, step]);
            if n <= 0 {
                let msg = if args.len() == 1 {
                    "empty range for randrange()".to_string()
                } else {
                    format!("empty range for randrange() ({start}, {stop}, {})", stop - start)
                };
                return Err((ExcClass::ValueError, msg));
            }
            Ok(Draw::Range { start, step, n: n as u64 })
        }
        Builtin::RandChoice => {
            arity(1, 1)?;
            let items = items_of(s, &args[0]).ok_or((ExcClass::TypeError, "choice() needs a sequence (list, tuple, str or range)".into()))?;
            if items.is_empty() {
                return Err((ExcClass::IndexError, "Cannot choose from an empty sequence".into()));
            }
            Ok(Draw::Item(items))
        }
        Builtin::RandShuffle => {
            arity(1, 1)?;
            let items = match &args[0] {
                Value::Ref(o) if matches!(s.heap[*o as usize], Object::List(_)) => items_of(s, &args[0]).unwrap_or_default(),
                _ => return Err((ExcClass::TypeError, "shuffle() needs a list".into())),
            };
            let r = items.len();
            Ok(Draw::Order { items, r })
        }
        Builtin::RandSample => {
            arity(2, 2)?;
            let items = items_of(s, &args[0]).ok_or((
                ExcClass::TypeError,
                "Population must be a sequence.  For dicts or sets, use sorted(d).".into(),
            ))?;
            let k = match &args[1] {
                Value::Int(k) => *k,
                _ => return Err((ExcClass::TypeError, "sample() needs an integer k".into())),
            };
            if k < 0 || k as usize > items.len() {
                return Err((ExcClass::ValueError, "Sample larger than population or is negative".into()));
            }
            Ok(Draw::Order { items, r: k as usize })
        }
        _ => unreachable!("not a random choice"),
    }
}

/// The `k`-th ordering of `r` of the items, in lexicographic order of
/// their positions.
fn kth_order(items: &[Value], r: usize, mut k: u64) -> Vec<Value> {
    let mut left: Vec<Value> = items.to_vec();
    let mut out = Vec::with_capacity(r);
    for i in 0..r {
        let m = left.len() as u64;
        // Orderings of the remaining r-i-1 positions from m-1 items.
        let per: u64 = (m - (r - i - 1) as u64..m).fold(1u64, |acc, x| acc.saturating_mul(x));
        let idx = (k / per) as usize;
        k %= per;
        out.push(left.remove(idx));
    }
    out
}

/// The random call thread `tid` is parked at, with its callee and arguments.
fn parked_call(vm: &Vm, s: &State, tid: Tid) -> Option<(Builtin, Vec<Value>)> {
    let fr = s.threads[tid as usize].frames.last()?;
    let op = *vm.program.functions[fr.func as usize].code.get(fr.pc as usize)?;
    let (argc, kw, callee) = match op {
        Op::Call { argc, kw } => (argc, kw, None),
        Op::CallMethod { name, argc, kw } => (argc, kw, Some(name)),
        _ => return None,
    };
    // Keywords are not accepted by these calls: the call raises.
    let n = argc as usize + if kw == NO_KW { 0 } else { vm.program.kwnames[kw as usize].len() };
    let below = fr.stack.get(fr.stack.len().checked_sub(n + 1)?)?;
    let b = match (callee, below) {
        (None, Value::Builtin(b)) => *b,
        (Some(name), Value::Module(Module::Random)) => Module::Random.member(vm.program.name(name))?,
        _ => return None,
    };
    if !b.is_random_choice() || kw != NO_KW {
        return None;
    }
    Some((b, fr.stack[fr.stack.len() - argc as usize..].to_vec()))
}

/// How many successors the step of `tid` has: the outcomes of the random
/// call it is parked at (1 when it is not at one, when the call raises, or
/// when it has too many outcomes: that step stops the check).
pub(super) fn parked_outcomes(vm: &Vm, s: &State, tid: Tid) -> u64 {
    match parked_call(vm, s, tid) {
        Some((b, args)) => match draw(s, b, &args) {
            Ok(d) if d.outcomes() <= MAX_OUTCOMES => d.outcomes(),
            _ => 1,
        },
        None => 1,
    }
}

impl<R: Recorder> Ctx<'_, R> {
    /// Run a random call with the outcome the explorer chose for this step.
    pub(super) fn random_call(&mut self, b: Builtin, args: Args) -> Exec<Value> {
        let shown = self.random_call_text(b, &args.pos);
        if !args.kw.is_empty() {
            return Err(self.type_error(format!("{}() takes no keyword arguments here", b.name())));
        }
        let d = match draw(self.s, b, &args.pos) {
            Ok(d) => d,
            Err((class, msg)) => return Err(self.exc(class, msg)),
        };
        let n = d.outcomes();
        if n > MAX_OUTCOMES {
            let count = if n == u64::MAX { "too many".to_string() } else { n.to_string() };
            return Err(self.fatal(format!(
                "{shown} has {count} outcomes; at most {MAX_OUTCOMES} can be explored — shrink it with --define"
            )));
        }
        // Only a call the thread was parked at has a chosen outcome.
        let Some(k) = self.outcome.take() else {
            return Err(self.fatal(format!("{shown} is only supported as a direct call (not through *args or as a thread target)")));
        };
        let k = k as u64;
        // Partial-order reduction keeps every outcome (a persistent set takes
        // all of a thread's choices); it needs to know a list was read or shuffled.
        if args.pos.iter().any(|v| matches!(v, Value::Ref(_))) {
            self.notes.touched.container_read = true;
            self.notes.touched.container_write |= b == Builtin::RandShuffle;
        }
        let value = match d {
            Draw::Range { start, step, .. } => Value::Int(start + k as i64 * step),
            Draw::Item(items) => items[k as usize].clone(),
            Draw::Order { items, r } => {
                let order = kth_order(&items, r, k);
                if b == Builtin::RandShuffle {
                    if let Some(Value::Ref(o)) = args.pos.first() {
                        self.s.heap[*o as usize] = Object::List(order);
                    }
                    Value::None
                } else {
                    Value::Ref(self.s.alloc(Object::List(order)))
                }
            }
        };
        if R::ON {
            let result = if b == Builtin::RandShuffle {
                let Some(list) = args.pos.first() else { unreachable!("checked") };
                self.vm.repr(self.s, list)
            } else {
                self.vm.repr(self.s, &value)
            };
            self.record(|| Effect::Call { text: format!("{shown} → {result}") });
        }
        Ok(value)
    }

    /// `random.randint(1, 3)`; long arguments shortened.
    fn random_call_text(&self, b: Builtin, args: &[Value]) -> String {
        let parts: Vec<String> = args
            .iter()
            .map(|v| {
                let r = self.vm.repr(self.s, v);
                if r.chars().count() > 40 { format!("<{}>", super::builtins::type_name(self.vm, self.s, v)) } else { r }
            })
            .collect();
        format!("random.{}({})", b.name(), parts.join(", "))
    }
}
