//! Runtime values. Small and cheap to clone: containers and objects live in
//! the state's heap and are referred to by `ObjId`.

use crate::ir::{Builtin, ClassId, FuncId, Module, NameId};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub type ObjId = u32;

/// A float compared and hashed by its bits, so states stay hashable.
#[derive(Clone, Copy, Debug)]
pub struct Float(pub f64);

impl PartialEq for Float {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}
impl Eq for Float {}
impl Hash for Float {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A variable that has not been assigned yet.
    Unbound,
    None,
    Bool(bool),
    Int(i64),
    Float(Float),
    Str(Arc<str>),
    Tuple(Arc<[Value]>),
    Range(Arc<[i64; 3]>),
    Ref(ObjId),
    Func(FuncId),
    /// A function whose defaults were evaluated when its `def` ran.
    Closure(Arc<(FuncId, Vec<Value>)>),
    Class(ClassId),
    Builtin(Builtin),
    Module(Module),
    /// `obj.method` taken as a value (e.g. `target=self.run`).
    Method(Arc<(Value, NameId)>),
    /// A `for` loop's iterator; lives only on a frame's stack.
    Iter(Arc<Iter>),
    /// A `frozenset`: immutable, so a value (hashed and compared by its
    /// elements) rather than a heap object. It never holds an object
    /// reference (refused when made).
    FrozenSet(Arc<super::set::PySet>),
    /// A tally variable's integer, as its slot holds it (`Op::LoadLocalTally`
    /// pushes it as a plain `Int`): it never reaches a stack.
    Tally(Tally),
    /// A value on its way to printed text (`Op::ToText`: a `print`
    /// argument, waiting on the stack for the `print` step): no operation
    /// but printing reads it.
    Text(Arc<Text>),
}

/// A number whose value only reaches printed text: a tally's count
/// (`ir::Op::LoadLocalTally`), the dead clock's ticks (`vm/clock.rs`). Under
/// the dead-variable reduction it does not tell states apart: it is left
/// out of equality and hash. The state still carries it, so every path
/// prints its own numbers, and a trace, replayed from the initial state,
/// prints those of its path.
#[derive(Clone, Copy, Debug)]
pub struct PrintedOnly<T> {
    pub n: T,
    /// Without the dead-variable reduction it counts like any number.
    pub distinguishes: bool,
}

impl<T: PartialEq> PartialEq for PrintedOnly<T> {
    fn eq(&self, o: &Self) -> bool {
        self.distinguishes == o.distinguishes && (!self.distinguishes || self.n == o.n)
    }
}

impl<T: Eq> Eq for PrintedOnly<T> {}

impl<T: Hash> Hash for PrintedOnly<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        if self.distinguishes {
            self.n.hash(h);
        }
    }
}

/// A tally's integer, as its slot holds it.
pub type Tally = PrintedOnly<i64>;

/// A scalar only printing will read (`Value::Text`).
pub type Text = PrintedOnly<Value>;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Iter {
    Range { next: i64, stop: i64, step: i64 },
    /// Over a snapshot (tuples, strings, dict views, enumerate, zip).
    Items { items: Arc<[Value]>, index: usize },
    /// Over a heap list, read element by element (a visible read each).
    List { obj: ObjId, index: usize },
    /// Over a heap set, slot by slot as CPython's set iterator (a visible
    /// read each): `used` is the set's size when the loop began, as a
    /// change of size raises `RuntimeError`.
    Set { obj: ObjId, slot: usize, used: usize },
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::from(items))
    }

    pub fn as_obj(&self) -> Option<ObjId> {
        match self {
            Value::Ref(o) => Some(*o),
            _ => None,
        }
    }

    /// Visit every object reference held directly by this value.
    pub fn refs_mut(&mut self, f: &mut impl FnMut(&mut ObjId)) {
        match self {
            Value::Ref(o) => f(o),
            Value::Tuple(items) => {
                if items.iter().any(Value::has_refs) {
                    let mut v: Vec<Value> = items.to_vec();
                    v.iter_mut().for_each(|x| x.refs_mut(f));
                    *items = Arc::from(v);
                }
            }
            Value::Method(m) => {
                if m.0.has_refs() {
                    let mut inner = (**m).clone();
                    inner.0.refs_mut(f);
                    *m = Arc::new(inner);
                }
            }
            Value::Closure(c) => {
                if c.1.iter().any(Value::has_refs) {
                    let mut inner = (**c).clone();
                    inner.1.iter_mut().for_each(|x| x.refs_mut(f));
                    *c = Arc::new(inner);
                }
            }
            Value::Iter(it) => match &**it {
                Iter::List { .. } | Iter::Set { .. } => {
                    let mut inner = (**it).clone();
                    if let Iter::List { obj, .. } | Iter::Set { obj, .. } = &mut inner {
                        f(obj);
                    }
                    *it = Arc::new(inner);
                }
                Iter::Items { items, .. } if items.iter().any(Value::has_refs) => {
                    let mut inner = (**it).clone();
                    if let Iter::Items { items, .. } = &mut inner {
                        let mut v: Vec<Value> = items.to_vec();
                        v.iter_mut().for_each(|x| x.refs_mut(f));
                        *items = Arc::from(v);
                    }
                    *it = Arc::new(inner);
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Visit every object reference without changing anything.
    #[inline]
    pub fn refs(&self, f: &mut impl FnMut(ObjId)) {
        // Most values are scalars or a plain reference: decided here, inline
        // (the heap walk after every step asks every value).
        match self {
            Value::Ref(o) => f(*o),
            // A `for` loop's range, on the stack of most loops, holds none.
            Value::Iter(it) if matches!(**it, Iter::Range { .. }) => {}
            Value::Tuple(_) | Value::Method(_) | Value::Closure(_) | Value::Iter(_) => self.nested_refs(f),
            _ => {}
        }
    }

    #[inline(never)]
    fn nested_refs(&self, f: &mut impl FnMut(ObjId)) {
        match self {
            Value::Ref(o) => f(*o),
            Value::Tuple(items) => items.iter().for_each(|x| x.refs(f)),
            Value::Method(m) => m.0.refs(f),
            Value::Closure(c) => c.1.iter().for_each(|x| x.refs(f)),
            Value::Iter(it) => match &**it {
                Iter::List { obj, .. } | Iter::Set { obj, .. } => f(*obj),
                Iter::Items { items, .. } => items.iter().for_each(|x| x.refs(f)),
                Iter::Range { .. } => {}
            },
            _ => {}
        }
    }

    pub fn has_refs(&self) -> bool {
        let mut any = false;
        self.refs(&mut |_| any = true);
        any
    }
}
