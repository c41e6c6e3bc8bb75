//! Built-in functions and the constructors of the supported modules.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec};
use super::object::{ClassRef, Condition, Event, Instance, Lock, Native, Object, Queue, QueueKind, RLock, Semaphore, TaskCount};

/// `time.time()` starts here (2023-11-14 22:13:20 UTC) and ticks once a call.
const LOGICAL_EPOCH: f64 = 1_700_000_000.0;

/// `time.ctime(secs)` in UTC: `Tue Nov 14 22:13:20 2023`.
fn ctime(secs: f64) -> String {
    let secs = secs.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) as usize];
    format!("{weekday} {mon} {d:>2} {h:02}:{m:02}:{s:02} {year}")
}
use super::state::{State, Status};
use super::value::{Float, Value};
use super::Vm;
use crate::ir::{Builtin, ExcClass};
use std::sync::Arc;

/// Python's name for a value's type.
pub fn type_name(vm: &Vm, s: &State, v: &Value) -> String {
    match v {
        Value::Unbound | Value::None => "NoneType".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) | Value::Tally(_) => "int".into(),
        Value::Text(t) => return type_name(vm, s, &t.n),
        Value::Float(_) => "float".into(),
        Value::Str(_) => "str".into(),
        Value::Tuple(_) => "tuple".into(),
        Value::Range(_) => "range".into(),
        Value::Ref(o) => match &s.heap[*o as usize] {
            Object::Instance(inst) => super::format::class_name(vm, inst.class),
            other => other.type_name().into(),
        },
        Value::Func(_) | Value::Closure(_) => "function".into(),
        Value::Class(_) | Value::Builtin(Builtin::Exc(_)) => "type".into(),
        Value::Builtin(_) => "builtin_function_or_method".into(),
        Value::Module(_) => "module".into(),
        Value::Method(_) => "method".into(),
        Value::Iter(_) => "iterator".into(),
        Value::FrozenSet(_) => "frozenset".into(),
    }
}

/// Does a built-in object have this method (for `obj.method` as a value)?
pub fn has_method(obj: &Object, name: &str) -> bool {
    match obj {
        Object::List(_) => matches!(
            name,
            "append" | "pop" | "insert" | "remove" | "index" | "count" | "extend" | "clear" | "reverse" | "sort" | "copy"
        ),
        Object::Dict(_) => {
            matches!(name, "get" | "keys" | "values" | "items" | "pop" | "setdefault" | "update" | "clear" | "copy")
        }
        Object::Set(_) => matches!(
            name,
            "add" | "discard" | "remove" | "pop" | "clear" | "update" | "copy" | "union" | "intersection" | "difference"
                | "symmetric_difference" | "issubset" | "issuperset" | "isdisjoint" | "difference_update"
                | "intersection_update" | "symmetric_difference_update"
        ),
        Object::Lock(_) | Object::RLock(_) => matches!(name, "acquire" | "release" | "locked"),
        Object::Semaphore(_) => matches!(name, "acquire" | "release"),
        Object::Event(_) => matches!(name, "set" | "clear" | "is_set" | "isSet" | "wait"),
        Object::Condition(_) => {
            matches!(name, "acquire" | "release" | "wait" | "wait_for" | "notify" | "notify_all" | "notifyAll")
        }
        Object::Queue(_) => matches!(
            name,
            "put" | "get" | "put_nowait" | "get_nowait" | "qsize" | "empty" | "full" | "task_done" | "join"
        ),
        Object::Instance(_) | Object::Local(_) | Object::Cell { .. } => false,
    }
}

fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

impl<R: Recorder> Ctx<'_, R> {
    pub fn type_of(&mut self, v: &Value) -> Value {
        match v {
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::Instance(Instance { class: ClassRef::User(c), .. }) => Value::Class(*c),
                Object::Instance(Instance { class: ClassRef::Builtin(b), .. }) => Value::Builtin(*b),
                Object::List(_) => Value::Builtin(Builtin::List),
                Object::Dict(_) => Value::Builtin(Builtin::Dict),
                Object::Set(_) => Value::Builtin(Builtin::Set),
                Object::Lock(_) => Value::Builtin(Builtin::Lock),
                Object::RLock(_) => Value::Builtin(Builtin::RLock),
                Object::Event(_) => Value::Builtin(Builtin::Event),
                Object::Condition(_) => Value::Builtin(Builtin::Condition),
                Object::Semaphore(_) => Value::Builtin(Builtin::Semaphore),
                Object::Local(_) => Value::Builtin(Builtin::Local),
                // Cells are never values a model can hold.
                Object::Cell { .. } => Value::Builtin(Builtin::Object),
                Object::Queue(q) => Value::Builtin(match q.kind {
                    QueueKind::Fifo => Builtin::Queue,
                    QueueKind::Lifo => Builtin::LifoQueue,
                    QueueKind::Priority => Builtin::PriorityQueue,
                    QueueKind::Simple => Builtin::SimpleQueue,
                    QueueKind::Process => Builtin::MpQueue,
                    QueueKind::Joinable => Builtin::MpJoinableQueue,
                }),
            },
            Value::Bool(_) => Value::Builtin(Builtin::Bool),
            Value::Int(_) => Value::Builtin(Builtin::Int),
            Value::Float(_) => Value::Builtin(Builtin::Float),
            Value::Str(_) => Value::Builtin(Builtin::Str),
            Value::Tuple(_) => Value::Builtin(Builtin::Tuple),
            Value::FrozenSet(_) => Value::Builtin(Builtin::FrozenSet),
            Value::Range(_) => Value::Builtin(Builtin::Range),
            Value::None => Value::Builtin(Builtin::NoneType),
            _ => Value::Builtin(Builtin::Object),
        }
    }

    fn isinstance(&mut self, v: &Value, class: &Value) -> Exec<bool> {
        if let Value::Tuple(items) = class {
            for c in items.iter() {
                if self.isinstance(v, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let ty = self.type_of(v);
        Ok(match (class, &ty) {
            (Value::Builtin(Builtin::Object), _) => true,
            (Value::Builtin(Builtin::Int), Value::Builtin(Builtin::Bool)) => true,
            (Value::Builtin(Builtin::Exc(want)), Value::Builtin(Builtin::Exc(have))) => have.is_subclass_of(*want),
            (Value::Builtin(Builtin::Exc(want)), Value::Class(c)) => {
                matches!(self.vm.program.class_root(*c), crate::ir::ClassBase::Exception(e) if e.is_subclass_of(*want))
            }
            (Value::Builtin(Builtin::Thread), Value::Class(c)) => {
                self.vm.program.class_root(*c) == crate::ir::ClassBase::Thread
            }
            (Value::Class(want), Value::Class(have)) => self.vm.program.is_subclass(*have, *want),
            (Value::Builtin(a), Value::Builtin(b)) => a == b,
            (Value::Builtin(_) | Value::Class(_), _) => false,
            _ => return Err(self.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union".into())),
        })
    }

    fn alloc_list(&mut self, items: Vec<Value>) -> Value {
        Value::Ref(self.s.alloc(Object::List(items)))
    }

    fn one_arg(&mut self, b: Builtin, args: &Args) -> Exec<Value> {
        if args.pos.len() != 1 || !args.kw.is_empty() {
            return Err(self.type_error(format!("{}() takes exactly one argument ({} given)", b.name(), args.pos.len())));
        }
        Ok(args.pos[0].clone())
    }

    fn extreme(&mut self, b: Builtin, args: Args) -> Exec<Value> {
        let items = if args.pos.len() == 1 { self.iterate_any_order(&args.pos[0])? } else { args.pos.clone() };
        let default = args.get(self.vm, usize::MAX, "default").cloned();
        if items.is_empty() {
            return match default {
                Some(d) => Ok(d),
                None => Err(self.exc(ExcClass::ValueError, format!("{}() arg is an empty sequence", b.name()))),
            };
        }
        let mut best = items[0].clone();
        for x in &items[1..] {
            let better = if b == Builtin::Min { self.less(x, &best)? } else { self.less(&best, x)? };
            if better {
                best = x.clone();
            }
        }
        Ok(best)
    }

    pub fn sort_values(&mut self, items: &mut Vec<Value>, reverse: bool) -> Exec<()> {
        // Insertion sort through Python comparisons (stable, small lists).
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 {
                let lt = if reverse { self.less(&items[j - 1], &items[j])? } else { self.less(&items[j], &items[j - 1])? };
                if !lt {
                    break;
                }
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        Ok(())
    }

    /// A read of the logical clock. A clock whose values reach more than
    /// printed text is shared state: two reads in the other order give the
    /// other values, and the program can tell.
    fn read_clock(&mut self) -> u64 {
        self.notes.touched.sync |= !self.vm.clock_printed_only;
        self.s.clock.tick()
    }

    pub fn call_builtin(&mut self, b: Builtin, args: Args) -> Exec<Value> {
        use Builtin as B;
        match b {
            B::Print => {
                let sep = match args.get(self.vm, usize::MAX, "sep") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => " ".into(),
                };
                let end = match args.get(self.vm, usize::MAX, "end") {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "\n".into(),
                };
                for v in &args.pos {
                    self.prepare_shown(v, false)?;
                }
                let parts: Vec<String> = args.pos.iter().map(|v| self.to_str(v)).collect();
                let text = parts.join(&sep) + &end;
                self.record(|| Effect::Print { text });
                Ok(Value::None)
            }
            B::RandInt | B::RandRange | B::RandChoice | B::RandShuffle | B::RandSample => self.random_call(b, args),
            // Only compiled as (part of) a `time.sleep` length, which no
            // clock reads: one representative value, the midpoint.
            B::RandRandom => Ok(Value::Float(Float(0.5))),
            B::RandUniform => {
                let num = |v: Option<&Value>| match v {
                    Some(Value::Int(i)) => Some(*i as f64),
                    Some(Value::Float(f)) => Some(f.0),
                    _ => None,
                };
                match (num(args.pos.first()), num(args.pos.get(1))) {
                    (Some(a), Some(z)) => Ok(Value::Float(Float(a + (z - a) * 0.5))),
                    _ => Err(self.type_error("uniform() needs two numbers".into())),
                }
            }
            B::RandSeed => Ok(Value::None),
            B::Sleep => {
                let secs = args.pos.first().cloned().unwrap_or(Value::Int(0));
                if !matches!(secs, Value::Int(_) | Value::Float(_) | Value::Bool(_)) {
                    let t = type_name(self.vm, self.s, &secs);
                    return Err(self.type_error(format!("'{t}' object cannot be interpreted as an integer")));
                }
                if R::ON {
                    let seconds = self.to_str(&secs);
                    self.record(|| Effect::Sleep { seconds });
                }
                Ok(Value::None)
            }
            B::Id => {
                let v = self.one_arg(b, &args)?;
                Ok(Value::Int(match v {
                    Value::Ref(o) => {
                        let (slot, new) = self.s.id_slot(o);
                        // Which id an object gets depends on the order of the calls.
                        self.notes.touched.sync |= new;
                        super::state::ID_BASE + 16 * slot as i64
                    }
                    Value::Func(f) => super::format::function_address(&self.vm.program.functions[f as usize].qualname),
                    Value::Closure(c) => super::format::function_address(&self.vm.program.functions[c.0 as usize].qualname),
                    // Values without an object here (numbers, strings, tuples):
                    // equal values share an id, from their repr.
                    v => 0x5500_0000_0000 + 16 * (xxhash_rust::xxh3::xxh3_64(self.repr(&v).as_bytes()) & 0xffff_ffff) as i64,
                }))
            }
            B::Len => {
                let v = self.one_arg(b, &args)?;
                let n = match &v {
                    Value::Str(s) => s.chars().count(),
                    Value::Tuple(t) => t.len(),
                    Value::FrozenSet(s) => s.len(),
                    Value::Range(r) => super::ops::range_len(r) as usize,
                    Value::Ref(o) => match &self.s.heap[*o as usize] {
                        Object::List(l) => {
                            self.notes.touched.container_read = true;
                            l.len()
                        }
                        Object::Dict(d) => {
                            self.notes.touched.container_read = true;
                            d.len()
                        }
                        Object::Set(s) => {
                            self.notes.touched.container_read = true;
                            s.len()
                        }
                        _ => {
                            let t = type_name(self.vm, self.s, &v);
                            return Err(self.type_error(format!("object of type '{t}' has no len()")));
                        }
                    },
                    _ => {
                        let t = type_name(self.vm, self.s, &v);
                        return Err(self.type_error(format!("object of type '{t}' has no len()")));
                    }
                };
                Ok(Value::Int(n as i64))
            }
            B::Range => {
                let mut ints = Vec::new();
                for v in &args.pos {
                    match int_of(v) {
                        Some(i) => ints.push(i),
                        None => {
                            let t = type_name(self.vm, self.s, v);
                            return Err(self.type_error(format!("'{t}' object cannot be interpreted as an integer")));
                        }
                    }
                }
                let r = match ints[..] {
                    [stop] => [0, stop, 1],
                    [start, stop] => [start, stop, 1],
                    [start, stop, step] => {
                        if step == 0 {
                            return Err(self.exc(ExcClass::ValueError, "range() arg 3 must not be zero".into()));
                        }
                        [start, stop, step]
                    }
                    _ => return Err(self.type_error(format!("range expected at most 3 arguments, got {}", ints.len()))),
                };
                Ok(Value::Range(Arc::new(r)))
            }
            B::Sum => {
                let items = self.iterate_all(&args.pos.first().cloned().unwrap_or(Value::None))?;
                let mut acc = args.pos.get(1).cloned().unwrap_or(Value::Int(0));
                for x in items {
                    acc = self.binary(crate::ir::BinOp::Add, &acc, &x)?;
                }
                Ok(acc)
            }
            B::Min | B::Max => self.extreme(b, args),
            B::Sorted => {
                let mut items = self.iterate_any_order(&args.pos.first().cloned().unwrap_or(Value::None))?;
                let reverse = match args.get(self.vm, usize::MAX, "reverse") {
                    Some(v) => self.truthy(&v.clone())?,
                    None => false,
                };
                self.sort_values(&mut items, reverse)?;
                Ok(self.alloc_list(items))
            }
            B::Reversed if matches!(args.pos.first(), Some(Value::Ref(o)) if matches!(self.s.heap[*o as usize], Object::Set(_))) => {
                Err(self.type_error("'set' object is not reversible".into()))
            }
            B::Reversed => {
                let mut items = self.iterate_all(&args.pos.first().cloned().unwrap_or(Value::None))?;
                items.reverse();
                Ok(Value::Iter(Arc::new(super::value::Iter::Items { items: Arc::from(items), index: 0 })))
            }
            B::Abs => {
                let v = self.one_arg(b, &args)?;
                match v {
                    Value::Int(i) => i.checked_abs().map(Value::Int).ok_or_else(|| self.fatal("integer overflow")),
                    Value::Bool(x) => Ok(Value::Int(x as i64)),
                    Value::Float(f) => Ok(Value::Float(Float(f.0.abs()))),
                    _ => {
                        let t = type_name(self.vm, self.s, &v);
                        Err(self.type_error(format!("bad operand type for abs(): '{t}'")))
                    }
                }
            }
            B::MathSqrt | B::MathFloor | B::MathCeil => {
                let v = self.one_arg(b, &args)?;
                let x = match v {
                    Value::Int(i) if b != B::MathSqrt => return Ok(Value::Int(i)),
                    Value::Bool(x) if b != B::MathSqrt => return Ok(Value::Int(x as i64)),
                    Value::Int(i) => i as f64,
                    Value::Bool(x) => x as i64 as f64,
                    Value::Float(f) => f.0,
                    _ => {
                        let t = type_name(self.vm, self.s, &v);
                        return Err(self.type_error(format!("must be real number, not {t}")));
                    }
                };
                match b {
                    B::MathSqrt if x < 0.0 => Err(self.exc(ExcClass::ValueError, "math domain error".into())),
                    B::MathSqrt => Ok(Value::Float(Float(x.sqrt()))),
                    _ => {
                        let r = if b == B::MathFloor { x.floor() } else { x.ceil() };
                        if x.is_nan() {
                            Err(self.exc(ExcClass::ValueError, "cannot convert float NaN to integer".into()))
                        } else if !(-9.2e18..9.2e18).contains(&r) {
                            Err(self.fatal("integer result does not fit in 64 bits (interleave's ints are 64-bit)"))
                        } else {
                            Ok(Value::Int(r as i64))
                        }
                    }
                }
            }
            B::Pow => {
                let base = args.get(self.vm, 0, "base").cloned();
                let exp = args.get(self.vm, 1, "exp").cloned();
                let modulus = args.get(self.vm, 2, "mod").cloned().unwrap_or(Value::None);
                let (Some(base), Some(exp)) = (base, exp) else {
                    let (missing, pos) = if args.pos.is_empty() { ("base", 1) } else { ("exp", 2) };
                    return Err(self.type_error(format!("pow() missing required argument '{missing}' (pos {pos})")));
                };
                if modulus == Value::None {
                    return self.binary(crate::ir::BinOp::Pow, &base, &exp);
                }
                let int = |v: &Value| match v {
                    Value::Int(i) => Some(*i),
                    Value::Bool(b) => Some(*b as i64),
                    _ => None,
                };
                let (Some(b), Some(e), Some(m)) = (int(&base), int(&exp), int(&modulus)) else {
                    return Err(self.type_error("pow() 3rd argument not allowed unless all arguments are integers".into()));
                };
                if m == 0 {
                    return Err(self.exc(ExcClass::ValueError, "pow() 3rd argument cannot be 0".into()));
                }
                match mod_pow(b, e, m) {
                    Some(r) => Ok(Value::Int(r)),
                    None => Err(self.exc(ExcClass::ValueError, "base is not invertible for the given modulus".into())),
                }
            }
            B::Any | B::All => {
                let items = self.iterate_any_order(&args.pos.first().cloned().unwrap_or(Value::None))?;
                for x in items {
                    let t = self.truthy(&x)?;
                    if b == B::Any && t {
                        return Ok(Value::Bool(true));
                    }
                    if b == B::All && !t {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(Value::Bool(b == B::All))
            }
            B::Str => match args.pos.first() {
                None => Ok(Value::str("")),
                Some(v) => {
                    self.prepare_shown(v, false)?;
                    Ok(Value::Str(self.to_str(v).into()))
                }
            },
            B::Repr => {
                let v = self.one_arg(b, &args)?;
                self.prepare_shown(&v, true)?;
                Ok(Value::Str(self.repr(&v).into()))
            }
            B::Int => match args.pos.first() {
                None => Ok(Value::Int(0)),
                Some(Value::Int(i)) => Ok(Value::Int(*i)),
                Some(Value::Bool(x)) => Ok(Value::Int(*x as i64)),
                Some(Value::Float(f)) => {
                    if !f.0.is_finite() {
                        let msg = if f.0.is_nan() { "cannot convert float NaN to integer" } else { "cannot convert float infinity to integer" };
                        return Err(self.exc(if f.0.is_nan() { ExcClass::ValueError } else { ExcClass::OverflowError }, msg.into()));
                    }
                    Ok(Value::Int(f.0.trunc() as i64))
                }
                Some(Value::Str(s)) => {
                    let base = match args.pos.get(1) {
                        Some(Value::Int(b)) => *b as u32,
                        _ => 10,
                    };
                    let t = s.trim().replace('_', "");
                    match i64::from_str_radix(&t, base) {
                        Ok(i) => Ok(Value::Int(i)),
                        Err(_) => {
                            let r = super::format::str_repr(s);
                            Err(self.exc(ExcClass::ValueError, format!("invalid literal for int() with base {base}: {r}")))
                        }
                    }
                }
                Some(v) => {
                    let t = type_name(self.vm, self.s, v);
                    Err(self.type_error(format!(
                        "int() argument must be a string, a bytes-like object or a real number, not '{t}'"
                    )))
                }
            },
            B::Float => match args.pos.first() {
                None => Ok(Value::Float(Float(0.0))),
                Some(Value::Int(i)) => Ok(Value::Float(Float(*i as f64))),
                Some(Value::Bool(x)) => Ok(Value::Float(Float(*x as i64 as f64))),
                Some(Value::Float(f)) => Ok(Value::Float(*f)),
                Some(Value::Str(s)) => {
                    let t = s.trim().to_lowercase();
                    let parsed = match t.as_str() {
                        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                        "nan" => Some(f64::NAN),
                        _ => t.parse::<f64>().ok(),
                    };
                    match parsed {
                        Some(f) => Ok(Value::Float(Float(f))),
                        None => {
                            let r = super::format::str_repr(s);
                            Err(self.exc(ExcClass::ValueError, format!("could not convert string to float: {r}")))
                        }
                    }
                }
                Some(v) => {
                    let t = type_name(self.vm, self.s, v);
                    Err(self.type_error(format!("float() argument must be a string or a real number, not '{t}'")))
                }
            },
            B::Bool => match args.pos.first() {
                None => Ok(Value::Bool(false)),
                Some(v) => Ok(Value::Bool(self.truthy(&v.clone())?)),
            },
            B::List => {
                let items = match args.pos.first() {
                    None => vec![],
                    Some(v) => self.iterate_all(&v.clone())?,
                };
                Ok(self.alloc_list(items))
            }
            B::Set => {
                if args.pos.len() > 1 {
                    return Err(self.type_error(format!("set expected at most 1 argument, got {}", args.pos.len())));
                }
                self.new_set(args.pos.first().cloned())
            }
            B::FrozenSet => {
                if args.pos.len() > 1 {
                    return Err(self.type_error(format!("frozenset expected at most 1 argument, got {}", args.pos.len())));
                }
                if let Some(v @ Value::FrozenSet(_)) = args.pos.first() {
                    return Ok(v.clone());
                }
                let set = self.new_set(args.pos.first().cloned())?;
                self.freeze(&set)
            }
            B::Tuple => {
                let items = match args.pos.first() {
                    None => vec![],
                    Some(v) => self.iterate_all(&v.clone())?,
                };
                Ok(Value::tuple(items))
            }
            B::Dict => {
                let mut entries = Vec::new();
                if let Some(src) = args.pos.first().cloned() {
                    let pairs: Vec<Value> = match &src {
                        Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::Dict(_)) => {
                            let Object::Dict(d) = &self.s.heap[*o as usize] else { unreachable!() };
                            d.iter().map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()])).collect()
                        }
                        _ => self.iterate_all(&src)?,
                    };
                    for p in pairs {
                        let kv = self.iterate_all(&p)?;
                        if kv.len() != 2 {
                            return Err(self.exc(ExcClass::ValueError, "dictionary update sequence element has wrong length".into()));
                        }
                        super::ops::dict_set(self, &mut entries, kv[0].clone(), kv[1].clone())?;
                    }
                }
                for (k, v) in args.kw {
                    let key = Value::Str(self.vm.program.names[k as usize].clone());
                    super::ops::dict_set(self, &mut entries, key, v)?;
                }
                Ok(Value::Ref(self.s.alloc(Object::Dict(entries))))
            }
            B::Enumerate => {
                let items = self.iterate_all(&args.pos.first().cloned().unwrap_or(Value::None))?;
                let start = args.get(self.vm, 1, "start").and_then(int_of).unwrap_or(0);
                let pairs: Vec<Value> =
                    items.into_iter().enumerate().map(|(i, v)| Value::tuple(vec![Value::Int(start + i as i64), v])).collect();
                Ok(Value::Iter(Arc::new(super::value::Iter::Items { items: Arc::from(pairs), index: 0 })))
            }
            B::Zip => {
                let mut cols = Vec::new();
                for a in &args.pos {
                    cols.push(self.iterate_all(a)?);
                }
                let n = cols.iter().map(Vec::len).min().unwrap_or(0);
                let rows: Vec<Value> = (0..n).map(|i| Value::tuple(cols.iter().map(|c| c[i].clone()).collect())).collect();
                Ok(Value::Iter(Arc::new(super::value::Iter::Items { items: Arc::from(rows), index: 0 })))
            }
            B::Isinstance => {
                if args.pos.len() != 2 {
                    return Err(self.type_error(format!("isinstance expected 2 arguments, got {}", args.pos.len())));
                }
                Ok(Value::Bool(self.isinstance(&args.pos[0], &args.pos[1])?))
            }
            B::Type => {
                let v = self.one_arg(b, &args)?;
                Ok(self.type_of(&v))
            }
            B::NoneType => Ok(Value::None),
            // `hex(id(x))`: an integer in base 16, 8 or 2, with its prefix.
            B::Hex | B::Oct | B::Bin => {
                let v = self.one_arg(b, &args)?;
                let n = match v {
                    Value::Int(i) => i,
                    Value::Bool(x) => x as i64,
                    _ => {
                        let t = type_name(self.vm, self.s, &v);
                        return Err(self.type_error(format!("'{t}' object cannot be interpreted as an integer")));
                    }
                };
                let sign = if n < 0 { "-" } else { "" };
                let m = n.unsigned_abs();
                Ok(Value::Str(match b {
                    B::Hex => format!("{sign}0x{m:x}"),
                    B::Oct => format!("{sign}0o{m:o}"),
                    _ => format!("{sign}0b{m:b}"),
                }.into()))
            }
            B::TextKind => {
                let v = self.one_arg(b, &args)?;
                Ok(Value::Int(self.text_kind(&v)))
            }
            // A user iterator's `next()` is a call (`vm/methods.rs`); the
            // built-in objects here have no iterator to advance.
            B::Next => {
                let v = args.pos.first().cloned().unwrap_or(Value::None);
                let t = type_name(self.vm, self.s, &v);
                Err(self.type_error(format!("'{t}' object is not an iterator")))
            }
            B::Object => Ok(Value::Ref(self.s.alloc(Object::Instance(Instance {
                class: ClassRef::Builtin(Builtin::Object),
                attrs: vec![],
                native: Native::None,
            })))),
            B::Super => {
                // Compiled `super()` passes (class, self).
                Ok(Value::tuple(vec![Value::str("super"), args.pos[0].clone(), args.pos[1].clone()]))
            }
            B::Exc(c) => Ok(self.new_exception(c, args.pos)),
            B::Thread => {
                let o = self.s.alloc(Object::Instance(Instance {
                    class: ClassRef::Builtin(Builtin::Thread),
                    attrs: vec![],
                    native: Native::Thread(super::thread::blank_handle()),
                }));
                self.thread_init(o, args)?;
                Ok(Value::Ref(o))
            }
            B::Lock => Ok(Value::Ref(self.s.alloc(Object::Lock(Lock::default())))),
            B::RLock => Ok(Value::Ref(self.s.alloc(Object::RLock(RLock::default())))),
            B::Event => Ok(Value::Ref(self.s.alloc(Object::Event(Event::default())))),
            B::Condition => {
                let lock = match args.get(self.vm, 0, "lock") {
                    Some(Value::Ref(o)) if matches!(self.s.heap[*o as usize], Object::Lock(_) | Object::RLock(_)) => *o,
                    Some(Value::None) | None => self.s.alloc(Object::RLock(RLock::default())),
                    Some(_) => return Err(self.fatal("Condition(lock) needs a Lock or an RLock")),
                };
                Ok(Value::Ref(self.s.alloc(Object::Condition(Condition { lock, waiters: vec![], lost_notify: false }))))
            }
            B::Semaphore | B::BoundedSemaphore => {
                let value = match args.get(self.vm, 0, "value") {
                    None => 1,
                    Some(v) => match int_of(v) {
                        Some(i) => i,
                        None => return Err(self.type_error("semaphore value must be an integer".into())),
                    },
                };
                if value < 0 {
                    return Err(self.exc(ExcClass::ValueError, "semaphore initial value must be >= 0".into()));
                }
                let bound = (b == B::BoundedSemaphore).then_some(value);
                Ok(Value::Ref(self.s.alloc(Object::Semaphore(Semaphore { value, bound }))))
            }
            B::Queue | B::LifoQueue | B::PriorityQueue | B::SimpleQueue | B::MpQueue | B::MpJoinableQueue | B::MpSimpleQueue => {
                let maxsize = if matches!(b, B::SimpleQueue | B::MpSimpleQueue) { 0 } else { args.get(self.vm, 0, "maxsize").and_then(int_of).unwrap_or(0) };
                let kind = match b {
                    B::LifoQueue => QueueKind::Lifo,
                    B::PriorityQueue => QueueKind::Priority,
                    B::SimpleQueue => QueueKind::Simple,
                    B::MpQueue | B::MpSimpleQueue => QueueKind::Process,
                    B::MpJoinableQueue => QueueKind::Joinable,
                    _ => QueueKind::Fifo,
                };
                let q = Value::Ref(self.s.alloc(Object::Queue(Queue { kind, items: vec![], maxsize, unfinished: TaskCount { n: 0, exact: self.vm.counts_tasks } })));
                if matches!(kind, QueueKind::Process | QueueKind::Joinable) {
                    self.share(&q);
                }
                Ok(q)
            }
            B::MpShare | B::MpCopy | B::CurrentProcess | B::ActiveChildren | B::CpuCount => self.mp_builtin(b, args),
            B::Time => {
                // A logical clock: deterministic and increasing, one tick a call.
                Ok(Value::Float(Float(LOGICAL_EPOCH + self.read_clock() as f64)))
            }
            B::Ctime => {
                let secs = match args.pos.first() {
                    Some(Value::Int(i)) => *i as f64,
                    Some(Value::Float(f)) => f.0,
                    _ => LOGICAL_EPOCH + self.read_clock() as f64,
                };
                Ok(Value::Str(ctime(secs).into()))
            }
            B::ThreadingEnumerate | B::ActiveCount => {
                self.notes.touched.life_read = true;
                let alive: Vec<Value> = self
                    .s
                    .threads
                    .iter()
                    .filter(|t| t.status != Status::Done)
                    .map(|t| Value::Ref(t.obj))
                    .collect();
                if R::ON {
                    let names: Vec<String> =
                        (0..self.s.threads.len()).filter(|&i| self.s.threads[i].status != Status::Done).map(|i| super::thread::thread_name(self.s, i as u32)).collect();
                    self.record(|| Effect::Call { text: format!("{}() → {} alive: {}", b.name(), names.len(), names.join(", ")) });
                }
                if b == B::ActiveCount {
                    Ok(Value::Int(alive.len() as i64))
                } else {
                    Ok(self.alloc_list(alive))
                }
            }
            B::CurrentThread => Ok(Value::Ref(self.s.threads[self.tid as usize].obj)),
            B::Local => Ok(Value::Ref(self.s.alloc(Object::Local(vec![])))),
            B::GetIdent => Ok(Value::Int(self.tid as i64 + 1)),
            // Fixed, deterministic pids (`vm/process.rs`).
            B::GetPid => Ok(self.getpid(false)),
            B::GetPpid => Ok(self.getpid(true)),
            B::Exit => {
                let e = self.new_exception(ExcClass::SystemExit, args.pos.into_iter().take(1).collect());
                Err(super::interp::Fault::Raise(e))
            }
            B::StartNewThread => {
                // `_thread.start_new_thread(function, args[, kwargs])`: a bare
                // thread, killed when the program ends (like a daemon).
                let function = args.pos.first().cloned().unwrap_or(Value::None);
                let targs = args.pos.get(1).cloned().unwrap_or(Value::tuple(vec![]));
                let kwargs = args.pos.get(2).cloned().unwrap_or(Value::None);
                let o = self.s.alloc(Object::Instance(Instance {
                    class: ClassRef::Builtin(Builtin::Thread),
                    attrs: vec![],
                    native: Native::Thread(super::thread::blank_handle()),
                }));
                let (t, a, k) = (self.vm.program.name_id("target"), self.vm.program.name_id("args"), self.vm.program.name_id("kwargs"));
                let mut kw = vec![];
                if let (Some(t), Some(a), Some(k)) = (t, a, k) {
                    kw = vec![(t, function), (a, targs), (k, kwargs)];
                }
                self.thread_init(o, Args { pos: vec![], kw })?;
                if let Object::Instance(Instance { native: Native::Thread(h), .. }) = &mut self.s.heap[o as usize] {
                    h.daemon = true;
                }
                self.thread_method(o, "start", Args::default())?;
                self.pop();
                let tid = match &self.s.heap[o as usize] {
                    Object::Instance(Instance { native: Native::Thread(h), .. }) => h.tid.unwrap_or(0),
                    _ => 0,
                };
                Ok(Value::Int(tid as i64 + 1))
            }
            B::MainThread => Ok(Value::Ref(self.s.threads[0].obj)),
        }
    }
}

/// `pow(b, e, m)` as Python computes it: the result has the sign of `m`;
/// a negative exponent uses the inverse of `b` modulo `m` (None when there
/// is none).
fn mod_pow(b: i64, e: i64, m: i64) -> Option<i64> {
    let n = m.unsigned_abs() as u128;
    let mut base = (b as i128).rem_euclid(n as i128) as u128;
    if e < 0 {
        base = mod_inverse(base, n)?;
    }
    let mut e = e.unsigned_abs();
    let mut r: u128 = 1 % n;
    while e > 0 {
        if e & 1 == 1 {
            r = r * base % n;
        }
        base = base * base % n;
        e >>= 1;
    }
    // In [0, |m|): shift into (m, 0] for a negative modulus.
    Some(if m < 0 && r != 0 { r as i64 - n as i64 } else { r as i64 })
}

fn mod_inverse(a: u128, n: u128) -> Option<u128> {
    let (mut old_r, mut r) = (a as i128, n as i128);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    (old_r == 1 || n == 1).then(|| old_s.rem_euclid(n as i128) as u128)
}
