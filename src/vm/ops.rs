//! Operators, truth, equality, ordering and subscripts with Python's rules.

use super::effect::{Effect, Recorder};
use super::interp::{Ctx, Exec, Fault};
use super::object::Object;
use super::value::{Float, Value};
use crate::ir::{BinOp, CmpOp, ExcClass, UnaryOp};
use std::cmp::Ordering;
use std::sync::Arc;

/// Set `key` in an insertion-ordered dict.
pub(super) fn dict_set<R: Recorder>(cx: &mut Ctx<'_, R>, entries: &mut Vec<(Value, Value)>, key: Value, v: Value) -> Exec<()> {
    cx.check_hashable(&key)?;
    for e in entries.iter_mut() {
        if cx.eq(&e.0, &key)? {
            e.1 = v;
            return Ok(());
        }
    }
    entries.push((key, v));
    Ok(())
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(f.0),
        _ => None,
    }
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

fn op_symbol(b: BinOp) -> &'static str {
    match b {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
    }
}

/// The most items (or string bytes) one value may hold.
pub const MAX_ITEMS: usize = 10_000_000;

pub fn floor_div(a: i64, b: i64) -> i64 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) { q - 1 } else { q }
}

pub fn py_mod(a: i64, b: i64) -> i64 {
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) { r + b } else { r }
}

impl<R: Recorder> Ctx<'_, R> {
    fn overflow(&self) -> Fault {
        self.fatal("integer result does not fit in 64 bits (interleave's ints are 64-bit)")
    }

    pub fn truthy(&mut self, v: &Value) -> Exec<bool> {
        Ok(match v {
            Value::None | Value::Unbound => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => f.0 != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::FrozenSet(s) => !s.is_empty(),
            Value::Range(r) => range_len(r) > 0,
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::List(l) => !l.is_empty(),
                Object::Dict(d) => !d.is_empty(),
                Object::Set(s) => !s.is_empty(),
                _ => true,
            },
            _ => true,
        })
    }

    /// Refuse a container or string that would not fit a model.
    fn check_size(&self, n: usize) -> Exec<()> {
        if n > MAX_ITEMS {
            return Err(self.fatal(format!("a value of {n} items is too large to model (at most {MAX_ITEMS}); shrink it")));
        }
        Ok(())
    }

    pub fn binary(&mut self, op: BinOp, l: &Value, r: &Value) -> Exec<Value> {
        if let Some(v) = self.set_binary(op, l, r) {
            return v;
        }
        if matches!(op, BinOp::Mul | BinOp::Add) {
            let len = |v: &Value, s: &super::state::State| -> Option<usize> {
                match v {
                    Value::Str(x) => Some(x.len()),
                    Value::Tuple(t) => Some(t.len()),
                    Value::Ref(o) => match &s.heap[*o as usize] {
                        Object::List(l) => Some(l.len()),
                        _ => None,
                    },
                    _ => None,
                }
            };
            let size = match (op, len(l, self.s), len(r, self.s)) {
                (BinOp::Add, Some(a), Some(b)) => Some(a + b),
                (BinOp::Mul, Some(a), None) => int(r).map(|k| a.saturating_mul(k.max(0) as usize)),
                (BinOp::Mul, None, Some(b)) => int(l).map(|k| b.saturating_mul(k.max(0) as usize)),
                _ => None,
            };
            if let Some(n) = size {
                self.check_size(n)?;
            }
        }
        if let (Some(a), Some(b)) = (int(l), int(r)) {
            return self.int_binary(op, a, b);
        }
        if let (Some(a), Some(b)) = (num(l), num(r)) {
            let v = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div | BinOp::FloorDiv | BinOp::Mod if b == 0.0 => {
                    let msg = match op {
                        BinOp::Div => "float division by zero",
                        BinOp::FloorDiv => "float floor division by zero",
                        _ => "float modulo",
                    };
                    return Err(self.exc(ExcClass::ZeroDivisionError, msg.into()));
                }
                BinOp::Div => a / b,
                BinOp::FloorDiv => (a / b).floor(),
                BinOp::Mod => {
                    let m = a % b;
                    if m != 0.0 && ((m < 0.0) != (b < 0.0)) { m + b } else { m }
                }
                BinOp::Pow => a.powf(b),
                _ => return Err(self.unsupported_operands(op, l, r)),
            };
            return Ok(Value::Float(Float(v)));
        }
        match (op, l, r) {
            (BinOp::Add, Value::Str(a), Value::Str(b)) => {
                let mut s = String::with_capacity(a.len() + b.len());
                s.push_str(a);
                s.push_str(b);
                Ok(Value::Str(s.into()))
            }
            (BinOp::Add, Value::Tuple(a), Value::Tuple(b)) => {
                Ok(Value::tuple(a.iter().chain(b.iter()).cloned().collect()))
            }
            (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s)) if int(n).is_some() => {
                Ok(Value::Str(s.repeat(int(n).unwrap().max(0) as usize).into()))
            }
            (BinOp::Mul, Value::Tuple(t), n) | (BinOp::Mul, n, Value::Tuple(t)) if int(n).is_some() => {
                let k = int(n).unwrap().max(0) as usize;
                Ok(Value::tuple(t.iter().cloned().cycle().take(t.len() * k).collect()))
            }
            (BinOp::Mod, Value::Str(f), args) => self.percent_format(f, args),
            (BinOp::Add, Value::Ref(a), Value::Ref(b)) => {
                match (&self.s.heap[*a as usize], &self.s.heap[*b as usize]) {
                    (Object::List(x), Object::List(y)) => {
                        let items: Vec<Value> = x.iter().chain(y.iter()).cloned().collect();
                        Ok(Value::Ref(self.s.alloc(Object::List(items))))
                    }
                    _ => Err(self.unsupported_operands(op, l, r)),
                }
            }
            (BinOp::Mul, Value::Ref(a), n) | (BinOp::Mul, n, Value::Ref(a)) if int(n).is_some() => {
                match &self.s.heap[*a as usize] {
                    Object::List(x) => {
                        let k = int(n).unwrap().max(0) as usize;
                        let items: Vec<Value> = x.iter().cloned().cycle().take(x.len() * k).collect();
                        Ok(Value::Ref(self.s.alloc(Object::List(items))))
                    }
                    _ => Err(self.unsupported_operands(op, l, r)),
                }
            }
            _ => Err(self.unsupported_operands(op, l, r)),
        }
    }

    fn unsupported_operands(&mut self, op: BinOp, l: &Value, r: &Value) -> Fault {
        let (a, b) = (super::builtins::type_name(self.vm, self.s, l), super::builtins::type_name(self.vm, self.s, r));
        let seq = |t: &str| matches!(t, "str" | "list" | "tuple");
        if op == BinOp::Mul && (seq(&a) || seq(&b)) {
            let other = if seq(&a) { &b } else { &a };
            return self.type_error(format!("can't multiply sequence by non-int of type '{other}'"));
        }
        if op == BinOp::Add && (a == "str") != (b == "str") && (a == "str" || b == "str") {
            let msg = if a == "str" {
                format!("can only concatenate str (not \"{b}\") to str")
            } else {
                format!("unsupported operand type(s) for +: '{a}' and '{b}'")
            };
            return self.type_error(msg);
        }
        self.type_error(format!("unsupported operand type(s) for {}: '{a}' and '{b}'", op_symbol(op)))
    }

    fn int_binary(&mut self, op: BinOp, a: i64, b: i64) -> Exec<Value> {
        let v = match op {
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::Div => {
                if b == 0 {
                    return Err(self.exc(ExcClass::ZeroDivisionError, "division by zero".into()));
                }
                return Ok(Value::Float(Float(a as f64 / b as f64)));
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if b == 0 {
                    let msg = if op == BinOp::Mod { "integer modulo by zero" } else { "integer division or modulo by zero" };
                    return Err(self.exc(ExcClass::ZeroDivisionError, msg.into()));
                }
                if a == i64::MIN && b == -1 {
                    return Err(self.overflow());
                }
                Some(if op == BinOp::Mod { py_mod(a, b) } else { floor_div(a, b) })
            }
            BinOp::Pow => {
                if b < 0 {
                    return Ok(Value::Float(Float((a as f64).powf(b as f64))));
                }
                u32::try_from(b).ok().and_then(|e| a.checked_pow(e))
            }
            BinOp::BitAnd => Some(a & b),
            BinOp::BitOr => Some(a | b),
            BinOp::BitXor => Some(a ^ b),
            BinOp::LShift => {
                if b < 0 {
                    return Err(self.exc(ExcClass::ValueError, "negative shift count".into()));
                }
                if b >= 63 || (a != 0 && a.leading_zeros().min(a.leading_ones()) as i64 <= b) {
                    if a == 0 { Some(0) } else { None }
                } else {
                    Some(a << b)
                }
            }
            BinOp::RShift => {
                if b < 0 {
                    return Err(self.exc(ExcClass::ValueError, "negative shift count".into()));
                }
                Some(a >> b.min(63))
            }
        };
        v.map(Value::Int).ok_or_else(|| self.overflow())
    }

    /// `x op= y`: lists extend in place, everything else is `x = x op y`.
    pub fn inplace(&mut self, op: BinOp, l: Value, r: &Value) -> Exec<Value> {
        if let Some(v) = self.set_inplace(op, &l, r) {
            return v;
        }
        if op == BinOp::Add {
            if let Value::Ref(o) = &l {
                if matches!(self.s.heap[*o as usize], Object::List(_)) {
                    self.notes.touched.container_write = true;
                    let items = self.iterate_all(r)?;
                    let have = match &self.s.heap[*o as usize] {
                        Object::List(v) => v.len(),
                        _ => 0,
                    };
                    self.check_size(have + items.len())?;
                    if let Object::List(v) = &mut self.s.heap[*o as usize] {
                        v.extend(items);
                    }
                    return Ok(l);
                }
            }
        }
        self.binary(op, &l, r)
    }

    pub fn unary(&mut self, op: UnaryOp, v: &Value) -> Exec<Value> {
        match op {
            UnaryOp::Not => Ok(Value::Bool(!self.truthy(v)?)),
            UnaryOp::Neg => match v {
                Value::Int(_) | Value::Bool(_) => {
                    int(v).unwrap().checked_neg().map(Value::Int).ok_or_else(|| self.overflow())
                }
                Value::Float(f) => Ok(Value::Float(Float(-f.0))),
                _ => {
                    let t = super::builtins::type_name(self.vm, self.s, v);
                    Err(self.type_error(format!("bad operand type for unary -: '{t}'")))
                }
            },
            UnaryOp::Pos => match v {
                Value::Int(_) | Value::Bool(_) => Ok(Value::Int(int(v).unwrap())),
                Value::Float(_) => Ok(v.clone()),
                _ => {
                    let t = super::builtins::type_name(self.vm, self.s, v);
                    Err(self.type_error(format!("bad operand type for unary +: '{t}'")))
                }
            },
            UnaryOp::Invert => match int(v) {
                Some(i) => Ok(Value::Int(!i)),
                None => {
                    let t = super::builtins::type_name(self.vm, self.s, v);
                    Err(self.type_error(format!("bad operand type for unary ~: '{t}'")))
                }
            },
        }
    }

    pub fn compare(&mut self, op: CmpOp, l: &Value, r: &Value) -> Exec<bool> {
        if let Some(b) = self.set_compare(op, l, r) {
            return Ok(b);
        }
        Ok(match op {
            CmpOp::Eq => self.eq(l, r)?,
            CmpOp::Ne => !self.eq(l, r)?,
            CmpOp::Is => is(l, r),
            CmpOp::IsNot => !is(l, r),
            CmpOp::In => self.contains(r, l)?,
            CmpOp::NotIn => !self.contains(r, l)?,
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                let ord = self.order(l, r, op)?;
                match op {
                    CmpOp::Lt => ord == Ordering::Less,
                    CmpOp::Le => ord != Ordering::Greater,
                    CmpOp::Gt => ord == Ordering::Greater,
                    _ => ord != Ordering::Less,
                }
            }
        })
    }

    pub fn eq(&mut self, l: &Value, r: &Value) -> Exec<bool> {
        if let (Some(a), Some(b)) = (int(l), int(r)) {
            return Ok(a == b);
        }
        if let (Some(a), Some(b)) = (num(l), num(r)) {
            return Ok(a == b);
        }
        if matches!(l, Value::FrozenSet(_)) || matches!(r, Value::FrozenSet(_)) {
            return Ok(self.set_compare(CmpOp::Eq, l, r).unwrap_or(false));
        }
        Ok(match (l, r) {
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Tuple(a), Value::Tuple(b)) => {
                if a.len() != b.len() {
                    return Ok(false);
                }
                for (x, y) in a.iter().zip(b.iter()) {
                    if !self.eq(x, y)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Ref(a), Value::Ref(b)) if a == b => true,
            (Value::Ref(a), Value::Ref(b)) => match (&self.s.heap[*a as usize], &self.s.heap[*b as usize]) {
                (Object::List(x), Object::List(y)) => {
                    let (x, y) = (x.clone(), y.clone());
                    self.eq(&Value::tuple(x), &Value::tuple(y))?
                }
                (Object::Set(_), Object::Set(_)) => self.set_compare(CmpOp::Eq, l, r).unwrap_or(false),
                (Object::Dict(x), Object::Dict(y)) => {
                    let (x, y) = (x.clone(), y.clone());
                    if x.len() != y.len() {
                        return Ok(false);
                    }
                    for (k, v) in &x {
                        let mut found = false;
                        for (k2, v2) in &y {
                            if self.eq(k, k2)? {
                                found = self.eq(v, v2)?;
                                break;
                            }
                        }
                        if !found {
                            return Ok(false);
                        }
                    }
                    true
                }
                _ => false,
            },
            (Value::Range(a), Value::Range(b)) => a == b,
            _ => l == r,
        })
    }

    fn order(&mut self, l: &Value, r: &Value, op: CmpOp) -> Exec<Ordering> {
        if let (Some(a), Some(b)) = (int(l), int(r)) {
            return Ok(a.cmp(&b));
        }
        if let (Some(a), Some(b)) = (num(l), num(r)) {
            return Ok(a.partial_cmp(&b).unwrap_or(Ordering::Equal));
        }
        match (l, r) {
            (Value::Str(a), Value::Str(b)) => Ok(a.cmp(b)),
            (Value::Tuple(a), Value::Tuple(b)) => self.order_seq(&a.clone(), &b.clone(), op),
            (Value::Ref(a), Value::Ref(b)) => match (&self.s.heap[*a as usize], &self.s.heap[*b as usize]) {
                (Object::List(x), Object::List(y)) => {
                    let (x, y) = (x.clone(), y.clone());
                    self.order_seq(&x, &y, op)
                }
                _ => Err(self.cannot_order(l, r, op)),
            },
            _ => Err(self.cannot_order(l, r, op)),
        }
    }

    fn order_seq(&mut self, a: &[Value], b: &[Value], op: CmpOp) -> Exec<Ordering> {
        for (x, y) in a.iter().zip(b.iter()) {
            if !self.eq(x, y)? {
                return self.order(x, y, op);
            }
        }
        Ok(a.len().cmp(&b.len()))
    }

    fn cannot_order(&mut self, l: &Value, r: &Value, op: CmpOp) -> Fault {
        let sym = match op {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            _ => ">=",
        };
        let (a, b) = (super::builtins::type_name(self.vm, self.s, l), super::builtins::type_name(self.vm, self.s, r));
        self.type_error(format!("'{sym}' not supported between instances of '{a}' and '{b}'"))
    }

    /// Total order used by `sorted`, `min` and `max`.
    pub fn less(&mut self, l: &Value, r: &Value) -> Exec<bool> {
        Ok(self.order(l, r, CmpOp::Lt)? == Ordering::Less)
    }

    pub fn contains(&mut self, container: &Value, item: &Value) -> Exec<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.contains(&**sub)),
                _ => {
                    let t = super::builtins::type_name(self.vm, self.s, item);
                    Err(self.type_error(format!("'in <string>' requires string as left operand, not {t}")))
                }
            },
            Value::Range(r) => Ok(match int(item) {
                Some(i) => {
                    let (start, stop, step) = (r[0], r[1], r[2]);
                    let inside = if step > 0 { start <= i && i < stop } else { stop < i && i <= start };
                    inside && (i - start) % step == 0
                }
                None => false,
            }),
            Value::FrozenSet(s) => {
                let item = self.set_element(item.clone())?;
                Ok(s.contains(&item))
            }
            Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::Set(_)) => {
                let item = self.set_element(item.clone())?;
                self.note_container_read(*o);
                let Object::Set(s) = &self.s.heap[*o as usize] else { unreachable!() };
                Ok(s.contains(&item))
            }
            Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::Dict(_)) => {
                let Object::Dict(d) = &self.s.heap[*o as usize] else { unreachable!() };
                let keys: Vec<Value> = d.iter().map(|(k, _)| k.clone()).collect();
                self.note_container_read(*o);
                for k in &keys {
                    if self.eq(k, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => {
                if let Value::Ref(o) = container {
                    self.note_container_read(*o);
                }
                let items = self.iterate_all(container)?;
                for x in &items {
                    if self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// Every item of an iterable, as a snapshot.
    pub fn iterate_all(&mut self, v: &Value) -> Exec<Vec<Value>> {
        if matches!(v, Value::Ref(_) | Value::Iter(_)) {
            // Reading a container's items, possibly as local work.
            self.notes.touched.container_read = true;
        }
        Ok(match v {
            Value::Tuple(t) => t.to_vec(),
            Value::FrozenSet(s) => {
                self.check_set_order(s, "iterating over")?;
                s.keys().cloned().collect()
            }
            Value::Str(s) => s.chars().map(|c| Value::Str(c.to_string().into())).collect(),
            Value::Range(r) => {
                let n = range_len(r);
                if n > super::MAX_LOCAL_OPS as i64 {
                    return Err(self.fatal(format!("range of {n} items is too large to materialise")));
                }
                (0..n).map(|i| Value::Int(r[0] + i * r[2])).collect()
            }
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::List(l) if !l.is_empty() && self.s.is_process_shared(*o) => {
                    // A `Manager()`'s list: copies of its items.
                    let o = *o;
                    l.clone().into_iter().map(|v| self.through_manager(o, v)).collect::<Exec<_>>()?
                }
                Object::List(l) => l.clone(),
                Object::Dict(d) => d.iter().map(|(k, _)| k.clone()).collect(),
                Object::Set(s) => {
                    self.check_set_order(s, "iterating over")?;
                    s.keys().cloned().collect()
                }
                Object::Instance(_) if self.user_method(v, "__iter__").is_some() || self.user_method(v, "__getitem__").is_some() => {
                    // `for`, `list(it)`, `l.extend(it)`, `f(*it)`, ... call the
                    // methods (through helpers); the rarer consumers do not.
                    let t = super::builtins::type_name(self.vm, self.s, v);
                    return Err(self.fatal(format!(
                        "this use of a '{t}' object as an iterable is not supported (`for`, comprehensions, unpacking, `*` arguments, `in`, list, tuple, set, dict, sum, sorted, min, max, any, all, enumerate, zip, str.join, list.extend, set and dict methods and next call its __iter__/__next__ or __getitem__): make a list of it first, `list(...)`"
                    )));
                }
                Object::Queue(_) | Object::Instance(_) | _ => {
                    let t = super::builtins::type_name(self.vm, self.s, v);
                    return Err(self.type_error(format!("'{t}' object is not iterable")));
                }
            },
            Value::Iter(it) => match &**it {
                super::value::Iter::Items { items, index } => items[*index..].to_vec(),
                super::value::Iter::Range { next, stop, step } => {
                    self.iterate_all(&Value::Range(Arc::new([*next, *stop, *step])))?
                }
                super::value::Iter::Set { obj, slot, used } => match &self.s.heap[*obj as usize] {
                    Object::Set(s) if s.len() == *used => {
                        let mut out = Vec::new();
                        let mut at = *slot;
                        while let Some((j, k)) = s.next_key(at) {
                            out.push(k.clone());
                            at = j + 1;
                        }
                        out
                    }
                    _ => return Err(self.exc(ExcClass::RuntimeError, "Set changed size during iteration".into())),
                },
                super::value::Iter::List { obj, index } => match &self.s.heap[*obj as usize] {
                    Object::List(l) => l.get(*index..).map(|s| s.to_vec()).unwrap_or_default(),
                    _ => vec![],
                },
            },
            _ => {
                let t = super::builtins::type_name(self.vm, self.s, v);
                return Err(self.type_error(format!("'{t}' object is not iterable")));
            }
        })
    }

    fn index(&mut self, len: usize, key: &Value, what: &str) -> Exec<usize> {
        self.index_msg(len, key, what, false)
    }

    fn index_msg(&mut self, len: usize, key: &Value, what: &str, assign: bool) -> Exec<usize> {
        let Some(i) = int(key) else {
            let t = super::builtins::type_name(self.vm, self.s, key);
            return Err(self.type_error(format!("{what} indices must be integers or slices, not {t}")));
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            let msg = match what {
                "list" if assign => "list assignment index out of range",
                "list" => "list index out of range",
                "tuple" => "tuple index out of range",
                _ => "string index out of range",
            };
            return Err(self.exc(ExcClass::IndexError, msg.into()));
        }
        Ok(j as usize)
    }

    fn slice_indices(&mut self, len: usize, key: &Value) -> Exec<Option<Vec<usize>>> {
        let Value::Tuple(t) = key else { return Ok(None) };
        if t.len() != 4 || t[0] != Value::Str("slice".into()) {
            return Ok(None);
        }
        let get = |v: &Value| int(v);
        let step = if t[3] == Value::None { 1 } else { get(&t[3]).unwrap_or(1) };
        if step == 0 {
            return Err(self.exc(ExcClass::ValueError, "slice step cannot be zero".into()));
        }
        let len = len as i64;
        let clamp = |v: &Value, default: i64| -> i64 {
            match get(v) {
                None => default,
                Some(i) => {
                    let i = if i < 0 { i + len } else { i };
                    if step > 0 { i.clamp(0, len) } else { i.clamp(-1, len - 1) }
                }
            }
        };
        let (start, stop) = if step > 0 { (clamp(&t[1], 0), clamp(&t[2], len)) } else { (clamp(&t[1], len - 1), clamp(&t[2], -1)) };
        let mut out = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(i as usize);
            i += step;
        }
        Ok(Some(out))
    }

    pub fn subscript(&mut self, obj: &Value, key: &Value) -> Exec<Value> {
        match obj {
            Value::Tuple(t) => {
                if let Some(ix) = self.slice_indices(t.len(), key)? {
                    return Ok(Value::tuple(ix.into_iter().map(|i| t[i].clone()).collect()));
                }
                let i = self.index(t.len(), key, "tuple")?;
                Ok(t[i].clone())
            }
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                if let Some(ix) = self.slice_indices(chars.len(), key)? {
                    return Ok(Value::Str(ix.into_iter().map(|i| chars[i]).collect::<String>().into()));
                }
                let i = self.index(chars.len(), key, "string")?;
                Ok(Value::Str(chars[i].to_string().into()))
            }
            Value::Range(r) => {
                let n = range_len(r) as usize;
                let i = self.index(n, key, "range")?;
                Ok(Value::Int(r[0] + i as i64 * r[2]))
            }
            Value::Ref(o) => {
                let o = *o;
                let v = match &self.s.heap[o as usize] {
                    Object::List(l) => {
                        let l = l.clone();
                        if let Some(ix) = self.slice_indices(l.len(), key)? {
                            let items = ix.into_iter().map(|i| l[i].clone()).collect();
                            let n = self.s.alloc(Object::List(items));
                            Value::Ref(n)
                        } else {
                            let i = self.index(l.len(), key, "list")?;
                            if self.s.others_can_reach(self.tid, o) {
                                // An item others can write: `l[0] += 1` can lose an update.
                                self.note_read(super::state::Loc::Item(o, i as u32));
                            }
                            l[i].clone()
                        }
                    }
                    Object::Dict(d) => {
                        let d = d.clone();
                        let mut found = None;
                        for (k, v) in &d {
                            if self.eq(k, key)? {
                                found = Some(v.clone());
                                break;
                            }
                        }
                        if found.is_some() {
                            // An entry others can write: `counts[w] += 1` can lose an update.
                            if let Some(h) = super::access::dict_item(key) {
                                if self.s.others_can_reach(self.tid, o) {
                                    self.note_read(super::state::Loc::Item(o, h));
                                }
                            }
                        }
                        match found {
                            Some(v) => v,
                            None => {
                                let k = key.clone();
                                let e = self.new_exception(ExcClass::KeyError, vec![k]);
                                return Err(Fault::Raise(e));
                            }
                        }
                    }
                    _ => {
                        let t = super::builtins::type_name(self.vm, self.s, obj);
                        return Err(self.type_error(format!("'{t}' object is not subscriptable")));
                    }
                };
                if R::ON {
                    let var = format!("{}[{}]", self.vm.object_label(self.s, o), self.repr(key));
                    let value = self.repr(&v);
                    self.record(|| Effect::Read { var, value });
                }
                self.notes.touched.container_read = true;
                Ok(v)
            }
            _ => {
                let t = super::builtins::type_name(self.vm, self.s, obj);
                Err(self.type_error(format!("'{t}' object is not subscriptable")))
            }
        }
    }

    pub fn store_subscript(&mut self, obj: &Value, key: Value, v: Value) -> Exec<()> {
        let Value::Ref(o) = obj else {
            let t = super::builtins::type_name(self.vm, self.s, obj);
            return Err(self.type_error(format!("'{t}' object does not support item assignment")));
        };
        let o = *o;
        self.notes.touched.container_write = true;
        if R::ON {
            let var = format!("{}[{}]", self.vm.object_label(self.s, o), self.repr(&key));
            let value = self.repr(&v);
            self.record(|| Effect::Write { var, value });
        }
        match &mut self.s.heap[o as usize] {
            Object::List(l) if is_slice(&key) => {
                let len = l.len();
                self.store_list_slice(o, len, &key, &v)
            }
            Object::List(l) => {
                let len = l.len();
                let i = self.index_msg(len, &key, "list", true)?;
                if self.s.others_can_reach(self.tid, o) {
                    self.note_write(super::state::Loc::Item(o, i as u32));
                }
                if let Object::List(l) = &mut self.s.heap[o as usize] {
                    l[i] = v;
                }
                Ok(())
            }
            Object::Dict(d) => {
                let mut entries = std::mem::take(d);
                if let Some(h) = super::access::dict_item(&key) {
                    if self.s.others_can_reach(self.tid, o) {
                        self.note_write(super::state::Loc::Item(o, h));
                    }
                }
                let r = dict_set(self, &mut entries, key, v);
                if let Object::Dict(d) = &mut self.s.heap[o as usize] {
                    *d = entries;
                }
                r
            }
            _ => {
                let t = super::builtins::type_name(self.vm, self.s, obj);
                Err(self.type_error(format!("'{t}' object does not support item assignment")))
            }
        }
    }

    /// `l[a:b] = items` (the list may grow or shrink) and `l[a:b:k] =
    /// items` (as many items as the extended slice has), as CPython.
    fn store_list_slice(&mut self, o: super::value::ObjId, len: usize, key: &Value, v: &Value) -> Exec<()> {
        let items = self.iterate_all(v)?;
        let Value::Tuple(t) = key else { unreachable!() };
        let step = if t[3] == Value::None { Some(1) } else { int(&t[3]) };
        let ix = self.slice_indices(len, key)?.unwrap_or_default();
        let (start, removed, changed) = if step == Some(1) {
            // A simple slice: its start even when it is empty (`l[2:0] = x` inserts at 2).
            let start = match int(&t[1]) {
                None => 0,
                Some(i) => (if i < 0 { i + len as i64 } else { i }).clamp(0, len as i64) as usize,
            };
            (start, ix.len(), start..len.max(len - ix.len() + items.len()))
        } else {
            if ix.len() != items.len() {
                let msg = format!("attempt to assign sequence of size {} to extended slice of size {}", items.len(), ix.len());
                return Err(self.exc(ExcClass::ValueError, msg));
            }
            (0, 0, 0..0)
        };
        if self.s.others_can_reach(self.tid, o) {
            let written: Vec<usize> = if step == Some(1) { changed.collect() } else { ix.clone() };
            for i in written {
                self.note_write(super::state::Loc::Item(o, i as u32));
            }
        }
        if let Object::List(l) = &mut self.s.heap[o as usize] {
            if step == Some(1) {
                l.splice(start..start + removed, items);
            } else {
                for (i, item) in ix.into_iter().zip(items) {
                    l[i] = item;
                }
            }
        }
        Ok(())
    }

    pub fn delete_subscript(&mut self, obj: &Value, key: &Value) -> Exec<()> {
        let Value::Ref(o) = obj else {
            let t = super::builtins::type_name(self.vm, self.s, obj);
            return Err(self.type_error(format!("'{t}' object does not support item deletion")));
        };
        let o = *o;
        self.notes.touched.container_write = true;
        match self.s.heap[o as usize].clone() {
            Object::List(l) => {
                let i = self.index(l.len(), key, "list")?;
                if let Object::List(l) = &mut self.s.heap[o as usize] {
                    l.remove(i);
                }
                Ok(())
            }
            Object::Dict(d) => {
                for (i, (k, _)) in d.iter().enumerate() {
                    if self.eq(k, key)? {
                        if let Object::Dict(d) = &mut self.s.heap[o as usize] {
                            d.remove(i);
                        }
                        return Ok(());
                    }
                }
                let e = self.new_exception(ExcClass::KeyError, vec![key.clone()]);
                Err(Fault::Raise(e))
            }
            _ => {
                let t = super::builtins::type_name(self.vm, self.s, obj);
                Err(self.type_error(format!("'{t}' object does not support item deletion")))
            }
        }
    }

    pub fn check_hashable(&mut self, key: &Value) -> Exec<()> {
        if let Value::Ref(o) = key {
            if matches!(self.s.heap[*o as usize], Object::List(_) | Object::Dict(_) | Object::Set(_)) {
                let t = super::builtins::type_name(self.vm, self.s, key);
                return Err(self.type_error(format!("unhashable type: '{t}'")));
            }
        }
        if let Value::Tuple(items) = key {
            for x in items.iter() {
                self.check_hashable(x)?;
            }
        }
        Ok(())
    }

    /// `"%d items" % n`.
    fn percent_format(&mut self, f: &str, args: &Value) -> Exec<Value> {
        let args: Vec<Value> = match args {
            Value::Tuple(t) => t.to_vec(),
            v => vec![v.clone()],
        };
        let mut out = String::new();
        let mut it = args.into_iter();
        let mut chars = f.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut spec = String::new();
            while let Some(&n) = chars.peek() {
                chars.next();
                if n.is_ascii_alphabetic() || n == '%' {
                    spec.push(n);
                    break;
                }
                spec.push(n);
            }
            let kind = spec.pop().unwrap_or('s');
            if kind == '%' {
                out.push('%');
                continue;
            }
            let Some(v) = it.next() else {
                return Err(self.type_error("not enough arguments for format string".into()));
            };
            self.prepare_shown(&v, kind == 'r')?;
            let piece = match kind {
                's' => {
                    let s = Value::Str(self.to_str(&v).into());
                    self.format_with_spec(&s, &flags_to_spec(&spec, None))?
                }
                'r' => {
                    let s = Value::Str(self.repr(&v).into());
                    self.format_with_spec(&s, &flags_to_spec(&spec, None))?
                }
                'd' | 'i' => {
                    let n = match num(&v) {
                        Some(x) => Value::Int(x.trunc() as i64),
                        None => return Err(self.type_error(format!("%{kind} format: a real number is required, not {}", super::builtins::type_name(self.vm, self.s, &v)))),
                    };
                    self.format_with_spec(&n, &flags_to_spec(&spec, Some('d')))?
                }
                'f' | 'e' | 'g' | 'x' | 'X' | 'o' => self.format_with_spec(&v, &flags_to_spec(&spec, Some(kind)))?,
                other => return Err(self.exc(ExcClass::ValueError, format!("unsupported format character '{other}'"))),
            };
            out.push_str(&piece);
        }
        if it.next().is_some() {
            return Err(self.type_error("not all arguments converted during string formatting".into()));
        }
        Ok(Value::Str(out.into()))
    }
}

fn flags_to_spec(flags: &str, kind: Option<char>) -> String {
    let mut s = String::new();
    let mut rest = flags;
    if let Some(r) = rest.strip_prefix('-') {
        s.push('<');
        rest = r;
    } else if !rest.is_empty() && !rest.starts_with('0') && !rest.starts_with('.') {
        s.push('>');
    }
    s.push_str(rest);
    if let Some(k) = kind {
        s.push(k);
    }
    s
}

pub fn range_len(r: &[i64; 3]) -> i64 {
    let (start, stop, step) = (r[0], r[1], r[2]);
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

fn is(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Ref(a), Value::Ref(b)) => a == b,
        (Value::Str(a), Value::Str(b)) => Arc::ptr_eq(a, b) || a == b,
        _ => l == r,
    }
}

/// A slice key (`BuildSlice` makes `('slice', start, stop, step)`).
fn is_slice(key: &Value) -> bool {
    matches!(key, Value::Tuple(t) if t.len() == 4 && t[0] == Value::Str("slice".into()))
}
