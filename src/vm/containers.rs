//! Methods of `list`, `dict` and `set`, and set operators. Each is one
//! atomic step, as CPython runs it as one C call under the GIL.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Fault};
use super::object::{ClassRef, Instance, Native, Object};
use super::set::{Order, PySet};
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

impl<R: Recorder> Ctx<'_, R> {
    pub fn container_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        // Which methods only read is not worth telling apart here.
        self.notes.touched.container_read = true;
        self.notes.touched.container_write = true;
        let args = self.into_manager_args(o, args)?;
        let v = match &self.s.heap[o as usize] {
            Object::List(_) => self.list_method(o, name, args)?,
            Object::Set(_) => self.set_method(o, name, args)?,
            _ => self.dict_method(o, name, args)?,
        };
        let v = self.through_manager(o, v)?;
        if R::ON {
            let label = self.vm.object_label(self.s, o);
            let shown = self.repr(&Value::Ref(o));
            let text = if v == Value::None {
                format!("{label}.{name}(…) → {label} = {shown}")
            } else {
                format!("{label}.{name}(…) → {}", self.repr(&v))
            };
            self.record(|| Effect::Call { text });
        }
        Ok(v)
    }

    fn list(&mut self, o: ObjId) -> &mut Vec<Value> {
        match &mut self.s.heap[o as usize] {
            Object::List(l) => l,
            _ => unreachable!(),
        }
    }

    fn list_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        let arg0 = args.pos.first().cloned();
        Ok(match name {
            "append" => {
                let v = arg0.ok_or_else(|| self.type_error("list.append() takes exactly one argument (0 given)".into()))?;
                self.list(o).push(v);
                Value::None
            }
            "extend" => {
                let items = self.iterate_all(&arg0.unwrap_or(Value::None))?;
                self.list(o).extend(items);
                Value::None
            }
            "insert" => {
                let (Some(Value::Int(i)), Some(v)) = (args.pos.first(), args.pos.get(1)) else {
                    return Err(self.type_error("insert expected 2 arguments".into()));
                };
                let len = self.list(o).len() as i64;
                let at = if *i < 0 { (*i + len).max(0) } else { (*i).min(len) } as usize;
                let v = v.clone();
                self.list(o).insert(at, v);
                Value::None
            }
            "pop" => {
                let len = self.list(o).len() as i64;
                if len == 0 {
                    return Err(self.exc(ExcClass::IndexError, "pop from empty list".into()));
                }
                let i = match arg0 {
                    Some(Value::Int(i)) => i,
                    _ => -1,
                };
                let j = if i < 0 { i + len } else { i };
                if j < 0 || j >= len {
                    return Err(self.exc(ExcClass::IndexError, "pop index out of range".into()));
                }
                self.list(o).remove(j as usize)
            }
            "remove" | "index" | "count" => {
                let x = arg0.unwrap_or(Value::None);
                let items = self.list(o).clone();
                let mut hits = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    if self.eq(v, &x)? {
                        hits.push(i);
                        if name != "count" {
                            break;
                        }
                    }
                }
                match (name, hits.first()) {
                    ("count", _) => Value::Int(hits.len() as i64),
                    ("index", Some(&i)) => Value::Int(i as i64),
                    ("remove", Some(&i)) => {
                        self.list(o).remove(i);
                        Value::None
                    }
                    ("index", None) => {
                        let r = self.repr(&x);
                        return Err(self.exc(ExcClass::ValueError, format!("{r} is not in list")));
                    }
                    _ => return Err(self.exc(ExcClass::ValueError, "list.remove(x): x not in list".into())),
                }
            }
            "clear" => {
                self.list(o).clear();
                Value::None
            }
            "reverse" => {
                self.list(o).reverse();
                Value::None
            }
            "sort" => {
                let reverse = match args.get(self.vm, usize::MAX, "reverse") {
                    Some(v) => self.truthy(&v.clone())?,
                    None => false,
                };
                let mut items = std::mem::take(self.list(o));
                let r = self.sort_values(&mut items, reverse);
                *self.list(o) = items;
                r?;
                Value::None
            }
            "copy" => {
                let items = self.list(o).clone();
                Value::Ref(self.s.alloc(Object::List(items)))
            }
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'list' object has no attribute '{name}'"))),
        })
    }

    fn dict(&mut self, o: ObjId) -> &mut Vec<(Value, Value)> {
        match &mut self.s.heap[o as usize] {
            Object::Dict(d) => d,
            _ => unreachable!(),
        }
    }

    fn dict_find(&mut self, o: ObjId, key: &Value) -> Exec<Option<usize>> {
        let entries = self.dict(o).clone();
        for (i, (k, _)) in entries.iter().enumerate() {
            if self.eq(k, key)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    fn dict_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        let arg0 = args.pos.first().cloned().unwrap_or(Value::None);
        Ok(match name {
            "get" => match self.dict_find(o, &arg0)? {
                Some(i) => self.dict(o)[i].1.clone(),
                None => args.pos.get(1).cloned().unwrap_or(Value::None),
            },
            "keys" | "values" | "items" => {
                let items: Vec<Value> = self
                    .dict(o)
                    .iter()
                    .map(|(k, v)| match name {
                        "keys" => k.clone(),
                        "values" => v.clone(),
                        _ => Value::tuple(vec![k.clone(), v.clone()]),
                    })
                    .collect();
                Value::Ref(self.s.alloc(Object::List(items)))
            }
            "pop" => match self.dict_find(o, &arg0)? {
                Some(i) => self.dict(o).remove(i).1,
                None => match args.pos.get(1) {
                    Some(d) => d.clone(),
                    None => {
                        let e = self.new_exception(ExcClass::KeyError, vec![arg0]);
                        return Err(Fault::Raise(e));
                    }
                },
            },
            "setdefault" => match self.dict_find(o, &arg0)? {
                Some(i) => self.dict(o)[i].1.clone(),
                None => {
                    self.check_hashable(&arg0)?;
                    let d = args.pos.get(1).cloned().unwrap_or(Value::None);
                    self.dict(o).push((arg0, d.clone()));
                    d
                }
            },
            "update" => {
                let mut entries = std::mem::take(self.dict(o));
                let mut pairs: Vec<(Value, Value)> = Vec::new();
                if let Value::Ref(src) = &arg0 {
                    if let Object::Dict(d) = &self.s.heap[*src as usize] {
                        pairs = d.clone();
                    }
                }
                for (k, v) in args.kw {
                    pairs.push((Value::Str(self.vm.program.names[k as usize].clone()), v));
                }
                let mut r = Ok(());
                for (k, v) in pairs {
                    r = super::ops::dict_set(self, &mut entries, k, v);
                    if r.is_err() {
                        break;
                    }
                }
                *self.dict(o) = entries;
                r?;
                Value::None
            }
            "clear" => {
                self.dict(o).clear();
                Value::None
            }
            "copy" => {
                let d = self.dict(o).clone();
                Value::Ref(self.s.alloc(Object::Dict(d)))
            }
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'dict' object has no attribute '{name}'"))),
        })
    }
}

/// A set operand: a set's table, or the items of another iterable in
/// iteration order (a dict's keys, a list's items).
enum Operand {
    Set(PySet),
    Dict(Vec<Value>),
    Items(Vec<Value>),
}

impl<R: Recorder> Ctx<'_, R> {
    fn set(&mut self, o: ObjId) -> &mut PySet {
        match &mut self.s.heap[o as usize] {
            Object::Set(s) => s,
            _ => unreachable!(),
        }
    }

    pub fn alloc_set(&mut self, set: PySet) -> Value {
        Value::Ref(self.s.alloc(Object::Set(set)))
    }

    /// The heap set `v` refers to, made a `frozenset` value.
    pub fn freeze(&mut self, v: &Value) -> Exec<Value> {
        let Value::Ref(o) = v else { unreachable!("a set is a heap object") };
        let set = self.set(*o).clone();
        self.freeze_table(set)
    }

    fn freeze_table(&mut self, set: PySet) -> Exec<Value> {
        if set.keys().any(Value::has_refs) {
            return Err(self.fatal("a frozenset holding objects is not supported"));
        }
        Ok(Value::FrozenSet(std::sync::Arc::new(set)))
    }

    /// The table of a set or frozenset, and the set's heap object.
    fn set_view(&self, v: &Value) -> Option<(PySet, Option<ObjId>)> {
        match v {
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::Set(s) => Some((s.clone(), Some(*o))),
                _ => None,
            },
            Value::FrozenSet(s) => Some(((**s).clone(), None)),
            _ => None,
        }
    }

    /// A set element: hashable, as CPython (`unhashable type: 'list'`).
    pub fn set_element(&mut self, v: Value) -> Exec<Value> {
        self.check_hashable(&v)?;
        if let Value::Ref(o) = &v {
            if let Object::Instance(_) = &self.s.heap[*o as usize] {
                if self.user_method(&v, "__hash__").is_some() || self.user_method(&v, "__eq__").is_some() {
                    return Err(self.fatal("a set of objects whose class defines __eq__ or __hash__ is not supported"));
                }
            }
        }
        Ok(v)
    }

    /// A set's or another iterable's items for a set operation.
    fn set_operand(&mut self, v: &Value) -> Exec<Operand> {
        if let Value::FrozenSet(s) = v {
            return Ok(Operand::Set((**s).clone()));
        }
        if let Value::Ref(o) = v {
            let operand = match &self.s.heap[*o as usize] {
                Object::Set(s) => Some(Operand::Set(s.clone())),
                Object::Dict(d) => Some(Operand::Dict(d.iter().map(|(k, _)| k.clone()).collect())),
                _ => None,
            };
            if let Some(operand) = operand {
                self.note_container_read(*o);
                return Ok(operand);
            }
        }
        let items = self.iterate_all(v)?;
        let mut out = Vec::with_capacity(items.len());
        for x in items {
            out.push(self.set_element(x)?);
        }
        Ok(Operand::Items(out))
    }

    /// `set_update_internal`: a set merges; a dict's keys come after one
    /// resize; other items are added one by one.
    fn set_update(set: &mut PySet, other: Operand) {
        match other {
            Operand::Set(s) => set.merge(&s),
            Operand::Dict(keys) => {
                set.reserve(keys.len());
                keys.into_iter().for_each(|k| set.add(k));
            }
            Operand::Items(items) => items.into_iter().for_each(|k| set.add(k)),
        }
    }

    /// `set(iterable)`.
    pub fn new_set(&mut self, arg: Option<Value>) -> Exec<Value> {
        let mut set = PySet::new();
        if let Some(v) = arg {
            let other = self.set_operand(&v)?;
            Self::set_update(&mut set, other);
        }
        Ok(self.alloc_set(set))
    }

    /// `set_intersection`: a set operand's smaller side is walked, looking
    /// each element up in the other; another iterable is walked in order.
    fn set_intersection(a: &PySet, other: Operand) -> PySet {
        let mut result = PySet::new();
        match other {
            Operand::Set(b) => {
                let (big, small) = if b.len() > a.len() { (&b, a) } else { (a, &b) };
                result.order = super::set::worse(a.order, b.order);
                for k in small.keys() {
                    if big.contains(k) {
                        result.add(k.clone());
                    }
                }
            }
            Operand::Dict(items) | Operand::Items(items) => {
                result.order = a.order;
                for k in items {
                    if a.contains(&k) {
                        result.add(k);
                    }
                }
            }
        }
        result
    }

    /// `set_difference`: a copy with the other's elements discarded when
    /// the other is small or not a set or dict, else the elements not in
    /// the other added to a new set.
    fn set_difference(a: &PySet, other: Operand) -> PySet {
        let other_len = match &other {
            Operand::Set(s) => s.len(),
            Operand::Dict(k) => k.len(),
            Operand::Items(_) => usize::MAX,
        };
        if other_len == usize::MAX || (a.len() >> 2) > other_len {
            let mut result = a.copy();
            Self::set_difference_update(&mut result, other);
            return result;
        }
        let mut result = PySet::new();
        result.order = a.order;
        for k in a.keys() {
            let inside = match &other {
                Operand::Set(s) => s.contains(k),
                Operand::Dict(keys) => keys.iter().any(|x| super::set::key_eq(x, k)),
                Operand::Items(_) => unreachable!(),
            };
            if !inside {
                result.add(k.clone());
            }
        }
        result
    }

    /// `set_difference_update_internal`.
    fn set_difference_update(set: &mut PySet, other: Operand) {
        let keys: Vec<Value> = match other {
            Operand::Set(s) => s.keys().cloned().collect(),
            Operand::Dict(k) | Operand::Items(k) => k,
        };
        for k in keys {
            set.discard(&k);
        }
        set.shed_dummies();
    }

    /// `set_symmetric_difference_update`: each element of the other is
    /// discarded, or added when it was not there.
    fn set_symmetric_difference_update(set: &mut PySet, other: Operand) {
        let other = match other {
            Operand::Set(s) => s,
            // A dict's keys are walked in the dict's order.
            Operand::Dict(keys) => {
                for k in keys {
                    if !set.discard(&k) {
                        set.add(k);
                    }
                }
                return;
            }
            items => {
                let mut s = PySet::new();
                Self::set_update(&mut s, items);
                s
            }
        };
        set.order = super::set::worse(set.order, other.order);
        for k in other.keys() {
            if !set.discard(k) {
                set.add(k.clone());
            }
        }
    }

    /// `set_symmetric_difference`: a copy of the other, updated with `a`.
    fn set_symmetric_difference(a: &PySet, other: Operand) -> PySet {
        let mut result = PySet::new();
        Self::set_update(&mut result, other);
        Self::set_symmetric_difference_update(&mut result, Operand::Set(a.clone()));
        result
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` between two sets or frozensets
    /// (of the left operand's type, as CPython's), or `None`.
    pub fn set_binary(&mut self, op: crate::ir::BinOp, l: &Value, r: &Value) -> Option<Exec<Value>> {
        use crate::ir::BinOp;
        if !matches!(op, BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor) {
            return None;
        }
        let (x, a) = self.set_view(l)?;
        let (y, _) = self.set_view(r)?;
        let same = same_set(l, r);
        let y = Operand::Set(y);
        if let Some(a) = a {
            self.note_container_read(a);
        }
        let set = match op {
            // `s | s` and `s & s` are copies.
            BinOp::BitOr | BinOp::BitAnd if same => x.copy(),
            BinOp::BitOr => {
                let mut s = x.copy();
                Self::set_update(&mut s, y);
                s
            }
            BinOp::BitAnd => Self::set_intersection(&x, y),
            BinOp::Sub => Self::set_difference(&x, y),
            BinOp::BitXor => Self::set_symmetric_difference(&x, y),
            _ => return None,
        };
        Some(if matches!(l, Value::FrozenSet(_)) { self.freeze_table(set) } else { Ok(self.alloc_set(set)) })
    }

    /// `a |= b` (and `&=`, `-=`, `^=`) on a set: in place.
    pub fn set_inplace(&mut self, op: crate::ir::BinOp, l: &Value, r: &Value) -> Option<Exec<Value>> {
        use crate::ir::BinOp;
        let Value::Ref(a) = l else { return None };
        if !matches!(self.s.heap[*a as usize], Object::Set(_)) {
            return None;
        }
        let (y, _) = self.set_view(r)?;
        let y = Operand::Set(y);
        let same = same_set(l, r);
        self.notes.touched.container_write = true;
        self.note_container_read(*a);
        let mut set = std::mem::take(self.set(*a));
        match op {
            // `s |= s` changes nothing; `s -= s` and `s ^= s` clear it.
            BinOp::BitOr if same => {}
            BinOp::BitAnd if same => {
                let r = set.copy();
                set.take_table(r);
            }
            BinOp::Sub | BinOp::BitXor if same => set.clear(),
            BinOp::BitOr => Self::set_update(&mut set, y),
            BinOp::BitAnd => {
                let r = Self::set_intersection(&set, y);
                set.take_table(r);
            }
            BinOp::Sub => Self::set_difference_update(&mut set, y),
            BinOp::BitXor => Self::set_symmetric_difference_update(&mut set, y),
            _ => {
                *self.set(*a) = set;
                return None;
            }
        }
        *self.set(*a) = set;
        Some(Ok(l.clone()))
    }

    /// `a == b`, `a <= b`, `a < b`, `a >= b`, `a > b` between two sets.
    pub fn set_compare(&mut self, op: crate::ir::CmpOp, l: &Value, r: &Value) -> Option<bool> {
        use crate::ir::CmpOp;
        let (x, a) = self.set_view(l)?;
        let (y, b) = self.set_view(r)?;
        let (x, y) = (&x, &y);
        let subset = |p: &PySet, q: &PySet| p.len() <= q.len() && p.keys().all(|k| q.contains(k));
        let r = match op {
            CmpOp::Eq => x.len() == y.len() && subset(x, y),
            CmpOp::Ne => !(x.len() == y.len() && subset(x, y)),
            CmpOp::Le => subset(x, y),
            CmpOp::Lt => x.len() < y.len() && subset(x, y),
            CmpOp::Ge => subset(y, x),
            CmpOp::Gt => y.len() < x.len() && subset(y, x),
            _ => return None,
        };
        for o in [a, b].into_iter().flatten() {
            self.note_container_read(o);
        }
        Some(r)
    }

    /// Refuse a use that shows a set's order when CPython's is not known.
    pub fn check_set_order(&self, set: &PySet, what: &str) -> Exec<()> {
        match set.order {
            Order::Known => Ok(()),
            Order::Random => Err(self.fatal_in_model(format!(
                "{what} a set that holds (or held) str, None or objects shows its order, which varies between CPython runs (their hashes are randomised per process); use sorted(s)"
            ))),
            Order::NotModelled => Err(self.fatal_in_model(format!(
                "{what} a set that holds (or held) floats shows its order, and CPython's order for floats is not modelled; use sorted(s)"
            ))),
        }
    }

    /// An iterable's items for a consumer whose result does not depend on
    /// their order (`sorted`, `min`, `max`, `any`, `all`): a set's in any
    /// order.
    pub fn iterate_any_order(&mut self, v: &Value) -> Exec<Vec<Value>> {
        if let Value::FrozenSet(s) = v {
            return Ok(s.keys().cloned().collect());
        }
        if let Value::Ref(o) = v {
            if let Object::Set(s) = &self.s.heap[*o as usize] {
                let items = s.keys().cloned().collect();
                self.note_container_read(*o);
                return Ok(items);
            }
        }
        self.iterate_all(v)
    }

    /// Before a value is shown to the program (printed, `str`, `repr`,
    /// formatted; `as_repr` for `repr`): refuse it if it shows a set whose
    /// order is not known, or would run the model's `__str__`/`__repr__`
    /// where interleave does not (a format spec, `%`, `str.format`), and give
    /// each object it shows by its default repr (`<__main__.C object at
    /// 0x…>`) its `id()`, the address CPython shows, as `id` does.
    pub fn prepare_shown(&mut self, v: &Value, as_repr: bool) -> Exec<()> {
        let mut addressed = Vec::new();
        self.walk_shown(v, |x, nested| {
            // Shown by its repr inside a container or bound method, by its
            // own `str` at the top.
            if self.vm.text_methods && (self.user_method(x, "__repr__").is_some() || (!nested && !as_repr && self.user_method(x, "__str__").is_some())) {
                let t = super::builtins::type_name(self.vm, self.s, x);
                return Err(self.fatal_in_model(format!(
                    "unsupported: showing this '{t}' runs the model's __str__ or __repr__, which interleave runs for print(), \
                     str(), repr() and f-string fields without a format spec, not here (a format spec, `%` or str.format): \
                     format str(x) instead"
                )));
            }
            match x {
                Value::FrozenSet(s) => self.check_set_order(s, "printing")?,
                Value::Ref(o) => match &self.s.heap[*o as usize] {
                    Object::Set(s) => self.check_set_order(s, "printing")?,
                    Object::Instance(Instance { native: Native::None, class, .. }) if self.shows_address(*class) => addressed.push(*o),
                    _ => {}
                },
                _ => {}
            }
            Ok(false)
        })?;
        if !addressed.is_empty() {
            // The address tells objects, and so threads, apart.
            self.vm.note_identity_formatted();
        }
        for o in addressed {
            let (_, new) = self.s.id_slot(o);
            // Which id an object gets depends on the order of the calls.
            self.notes.touched.sync |= new;
        }
        Ok(())
    }

    /// Each value that showing `v` shows, once: `v` itself (`nested`
    /// false), then what its tuples, lists, dicts (keys and values) and
    /// bound methods (the receiver) hold. `visit` returns true to stop.
    pub(super) fn walk_shown(&self, v: &Value, mut visit: impl FnMut(&Value, bool) -> Exec<bool>) -> Exec<()> {
        let mut stack = vec![(v.clone(), false)];
        let mut seen = Vec::new();
        while let Some((v, nested)) = stack.pop() {
            if let Value::Ref(o) = v {
                if seen.contains(&o) {
                    continue;
                }
                seen.push(o);
            }
            if visit(&v, nested)? {
                return Ok(());
            }
            match &v {
                Value::Tuple(t) => stack.extend(t.iter().map(|x| (x.clone(), true))),
                Value::Method(m) => stack.push((m.0.clone(), true)),
                Value::Ref(o) => match &self.s.heap[*o as usize] {
                    Object::List(l) => stack.extend(l.iter().map(|x| (x.clone(), true))),
                    Object::Dict(d) => d.iter().for_each(|(k, x)| stack.extend([(k.clone(), true), (x.clone(), true)])),
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(())
    }

    fn shows_address(&self, class: ClassRef) -> bool {
        match class {
            ClassRef::User(c) => self.vm.program.shows_address(c),
            ClassRef::Builtin(b) => b == crate::ir::Builtin::Object,
        }
    }

    /// A method of a frozenset: the set methods that do not change it, run
    /// on a scratch heap copy (garbage after the step); a set result is
    /// frozen, as CPython's results are of the receiver's type.
    pub fn frozenset_method(&mut self, fs: &std::sync::Arc<PySet>, name: &str, args: Args) -> Exec<Value> {
        match name {
            // An immutable frozenset's copy is itself.
            "copy" if args.pos.is_empty() => return Ok(Value::FrozenSet(fs.clone())),
            "copy" | "union" | "intersection" | "difference" | "symmetric_difference" | "issubset" | "issuperset" | "isdisjoint" => {}
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'frozenset' object has no attribute '{name}'"))),
        }
        let scratch = self.s.alloc(Object::Set((**fs).clone()));
        // The frozenset itself as an argument is the receiver (`fs.union(fs)`).
        let pos = args.pos.into_iter().map(|a| if same_set(&a, &Value::FrozenSet(fs.clone())) { Value::Ref(scratch) } else { a }).collect();
        let r = self.set_method(scratch, name, Args { pos, kw: args.kw })?;
        match r {
            Value::Ref(_) => self.freeze(&r),
            other => Ok(other),
        }
    }

    fn set_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        let arg0 = args.pos.first().cloned();
        let one = |cx: &mut Self| -> Exec<Value> {
            match &arg0 {
                Some(v) if args.pos.len() == 1 => Ok(v.clone()),
                _ => Err(cx.type_error(format!("set.{name}() takes exactly one argument ({} given)", args.pos.len()))),
            }
        };
        Ok(match name {
            "add" => {
                let v = one(self)?;
                let v = self.set_element(v)?;
                self.set(o).add(v);
                Value::None
            }
            "discard" | "remove" => {
                let v = one(self)?;
                let v = self.set_element(v)?;
                if !self.set(o).discard(&v) && name == "remove" {
                    let e = self.new_exception(ExcClass::KeyError, vec![v]);
                    return Err(Fault::Raise(e));
                }
                Value::None
            }
            "pop" => {
                if let Object::Set(set) = &self.s.heap[o as usize] {
                    self.check_set_order(set, "set.pop() on")?;
                }
                match self.set(o).pop() {
                    Some(v) => v,
                    None => return Err(self.exc(ExcClass::KeyError, "pop from an empty set".into())),
                }
            }
            "clear" => {
                self.set(o).clear();
                Value::None
            }
            "copy" => {
                let s = self.set(o).copy();
                self.alloc_set(s)
            }
            "update" | "difference_update" => {
                for v in &args.pos {
                    if *v == Value::Ref(o) {
                        // `s.update(s)` changes nothing; `s.difference_update(s)` clears it.
                        if name != "update" {
                            self.set(o).clear();
                        }
                        continue;
                    }
                    let other = self.set_operand(v)?;
                    let mut set = std::mem::take(self.set(o));
                    match name {
                        "update" => Self::set_update(&mut set, other),
                        _ => Self::set_difference_update(&mut set, other),
                    }
                    *self.set(o) = set;
                }
                Value::None
            }
            "union" | "intersection" | "difference" => {
                let mut result = self.set(o).clone();
                if args.pos.is_empty() || name == "union" {
                    result = result.copy();
                }
                for (i, v) in args.pos.iter().enumerate() {
                    if name == "union" && *v == Value::Ref(o) {
                        continue;
                    }
                    let other = self.set_operand(v)?;
                    result = match name {
                        "union" => {
                            Self::set_update(&mut result, other);
                            result
                        }
                        "intersection" if i == 0 && *v == Value::Ref(o) => result.copy(),
                        "intersection" => Self::set_intersection(&result, other),
                        _ if i == 0 => Self::set_difference(&result, other),
                        _ => {
                            Self::set_difference_update(&mut result, other);
                            result
                        }
                    };
                }
                self.alloc_set(result)
            }
            "intersection_update" => {
                // `set_intersection_multi`, then `set_swap_bodies`.
                let mut result = self.set(o).clone();
                if args.pos.is_empty() {
                    result = result.copy();
                }
                for (i, v) in args.pos.iter().enumerate() {
                    let other = self.set_operand(v)?;
                    result = if i == 0 && *v == Value::Ref(o) { result.copy() } else { Self::set_intersection(&result, other) };
                }
                self.set(o).take_table(result);
                Value::None
            }
            "symmetric_difference_update" => {
                let v = one(self)?;
                if v == Value::Ref(o) {
                    self.set(o).clear();
                } else {
                    let other = self.set_operand(&v)?;
                    let mut set = std::mem::take(self.set(o));
                    Self::set_symmetric_difference_update(&mut set, other);
                    *self.set(o) = set;
                }
                Value::None
            }
            "symmetric_difference" => {
                let v = one(self)?;
                let other = self.set_operand(&v)?;
                let set = self.set(o).clone();
                let r = Self::set_symmetric_difference(&set, other);
                self.alloc_set(r)
            }
            "issubset" | "issuperset" | "isdisjoint" => {
                let v = one(self)?;
                let other = match self.set_operand(&v)? {
                    Operand::Set(s) => s,
                    items => {
                        let mut s = PySet::new();
                        Self::set_update(&mut s, items);
                        s
                    }
                };
                let set = self.set(o).clone();
                Value::Bool(match name {
                    "issubset" => set.keys().all(|k| other.contains(k)),
                    "issuperset" => other.keys().all(|k| set.contains(k)),
                    _ => !set.keys().any(|k| other.contains(k)),
                })
            }
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'set' object has no attribute '{name}'"))),
        })
    }
}

/// The same set object: one heap set, or one frozenset value.
fn same_set(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Ref(a), Value::Ref(b)) => a == b,
        (Value::FrozenSet(a), Value::FrozenSet(b)) => std::sync::Arc::ptr_eq(a, b),
        _ => false,
    }
}
