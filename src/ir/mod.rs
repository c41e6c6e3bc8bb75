//! The intermediate representation: a model compiled to small stack-machine
//! functions. `lang` produces it, `vm` runs it. Everything here is immutable
//! after compilation and shared by every explored state.

pub mod builtins;
pub mod liveness;
mod source;

pub use builtins::{Builtin, ExcClass, Module};
pub use source::{SourceFile, Span};

use std::sync::Arc;

pub type FuncId = u32;
pub type ClassId = u32;
pub type GlobalId = u32;
pub type NameId = u32;
pub type ConstId = u32;
pub type KwId = u32;

/// A compile-time constant (also the literal form of `--define` values).
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    Tuple(Vec<Const>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    LShift,
    RShift,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Not,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

/// One stack-machine instruction. Jump targets are indexes into the
/// function's `code`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Const(ConstId),
    LoadLocal(u32),
    StoreLocal(u32),
    DeleteLocal(u32),
    /// A cell variable (a local captured by a nested function, or a free
    /// variable taken from an enclosing one): an index into
    /// `Function::cells` and the frame's cells. Kept apart from plain
    /// locals: a closure may read or write it after this frame moves on.
    LoadCell(u32),
    StoreCell(u32),
    DeleteCell(u32),
    /// Push the cell object itself (for `MakeClosure`).
    LoadCellRef(u32),
    /// Put a new, empty cell in the frame's cell slot (a comprehension's
    /// captured variable, at each start of the comprehension).
    NewCell(u32),
    /// Pop the tuple of cells the class's methods capture into the class's
    /// `cells` global; a second run of the `class` statement is refused.
    SetClassCells(ClassId),
    LoadGlobal(GlobalId),
    StoreGlobal(GlobalId),
    /// A *tally*: an integer variable (a local, or a module-private global)
    /// that is only ever set to a constant, moved by a constant (`i += 1`)
    /// and printed (lowering decides, `lang/printed.rs`). Its value changes
    /// what is printed, never what the program does, so under the
    /// dead-variable reduction it tells no states apart (`vm::value::Tally`).
    LoadLocalTally(u32),
    /// Mark the value on top as printed text only (`vm::value::Text`): a
    /// `print` argument, so that it waits for the `print` step without
    /// telling states apart under the dead-variable reduction; an item put
    /// on a print-only queue (`lang/printed.rs`).
    ToText,
    /// The plain value of a `Text` on top (an item got from a print-only queue).
    FromText,
    /// Where a queue's `put` or `get` would mark or unmark its item: does
    /// nothing unless the queue is print-only (then `ToText` / `FromText`).
    TextMark,
    /// A text local's load (the plain value) and store (a scalar kept as a
    /// `vm::value::Text`): a local whose value is only printed.
    LoadLocalText(u32),
    StoreLocalText(u32),
    StoreLocalTally(u32),
    LoadGlobalTally(GlobalId),
    StoreGlobalTally(GlobalId),
    LoadBuiltin(Builtin),
    LoadAttr(NameId),
    StoreAttr(NameId),
    LoadSubscript,
    StoreSubscript,
    DeleteSubscript,
    BuildSlice(u8),
    /// Call the callable below `argc` positional and the keyword values
    /// named by `kw` (an index into `Program::kwnames`, or `NO_KW`).
    Call { argc: u16, kw: KwId },
    /// `recv.name(args...)`: the receiver is below the arguments.
    CallMethod { name: NameId, argc: u16, kw: KwId },
    /// A call with `*args` / `**kwargs`: the callee (or, with `method`, the
    /// receiver), then a list of positional arguments, then a dict of
    /// keyword arguments.
    CallEx { method: Option<NameId> },
    /// Extend the list below the top with the iterable on top (`*x`).
    ListExtend,
    /// Merge the mapping on top into the dict below it (`**x`).
    DictMerge,
    /// Update the set below the top with the iterable on top (`{*x}`), as
    /// `set.update`.
    SetUpdate,
    /// Update the dict below the top with the dict on top (`{**x}`).
    DictUpdate,
    /// Replace the list on top by a tuple of its items (`(*x,)`).
    ListToTuple,
    Binary(BinOp),
    /// Augmented assignment (`+=`): lists extend in place, as in CPython.
    Inplace(BinOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    /// `and`/`or`: jump keeping the value, or pop it and fall through.
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    Pop,
    Dup,
    /// Swap the two top values.
    Rot2,
    /// Move the top value under the next two.
    Rot3,
    BuildList(u16),
    BuildTuple(u16),
    BuildDict(u16),
    BuildSet(u16),
    /// A set display of three or more constants: CPython builds a frozenset
    /// constant (twice: the compiler rebuilds it from its own order when it
    /// merges constants) and merges it into a new set, which lays the table
    /// out differently from adding the elements one by one.
    BuildConstSet(u16),
    /// Add the top value to the set `depth` below it (set comprehensions).
    SetAdd(u16),
    /// Append the top value to the list `depth` below it (comprehensions).
    ListAppend(u16),
    /// Pop a value and a key and set them in the dict `depth` below them
    /// (dict comprehensions).
    MapAdd(u16),
    UnpackSequence(u16),
    /// `a, *b, c = x`: push the items after the starred target, a new list
    /// of the middle ones, then the items before it (the first on top).
    UnpackEx { before: u16, after: u16 },
    GetIter,
    /// Push the iterator's next value, or pop the iterator and jump when done.
    ForIter(u32),
    /// Format the top value (`conversion`: 0 none, b's', b'r', b'a'); if
    /// `spec`, the format spec is on top of the value.
    FormatValue { conversion: u8, spec: bool },
    BuildString(u16),
    /// Push the function; if it has `n` defaults, pop them into the function
    /// object first.
    MakeFunction(FuncId, u16),
    /// A nested function that captures cells: pops `cells` cell objects
    /// (pushed by `LoadCellRef`, in the order of the function's free
    /// cells) and, below them, `defaults` default values.
    MakeClosure { func: FuncId, defaults: u16, cells: u16 },
    MakeClass(ClassId),
    Import(Module),
    Return,
    /// Raise the exception on top of the stack (an instance or a class).
    Raise,
    /// Re-raise the exception currently being handled.
    Reraise,
    /// Push an exception handler jumping to the target.
    SetupExcept(u32),
    PopBlock,
    /// `except E:` test: pops the class and the exception under it, pushes
    /// whether they match.
    ExceptionMatch,
    /// Leave an `except` body: clears the handled exception.
    PopExcept,
    /// Raise `AssertionError` with the message on top (or None).
    AssertFail,
    /// `with`: call `__exit__` on the manager below the top value; the top is
    /// the active exception or None. Pushes whether to suppress it.
    WithExit,
    /// `with`: call `__enter__` on the top value, keeping the manager below.
    WithEnter,
    Nop,
}

pub const NO_KW: KwId = u32::MAX;

#[derive(Clone, Debug)]
pub struct Param {
    pub name: NameId,
    pub default: Option<DefaultArg>,
}

/// Where a parameter's default lives. Defaults are evaluated when the `def`
/// runs, as in Python (a mutable default is shared between calls).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultArg {
    /// A method's: in a hidden global set when the class is created.
    Global(GlobalId),
    /// A function's: the i-th value captured by `MakeFunction` into the
    /// function object (each `def`/`lambda` evaluation has its own).
    Captured(u16),
}

/// Where a cell variable's cell comes from when the function is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A local that nested functions capture: a new, empty cell per call.
    Own,
    /// A captured parameter: a new cell holding the argument (its local slot).
    Param(u32),
    /// A free variable: the i-th cell the closure captured.
    Free(u16),
    /// A comprehension's variable that a closure inside it captures: made
    /// by `NewCell` each time the comprehension starts (CPython runs a
    /// comprehension as a function call of its own, with its own cell).
    Comprehension,
}

#[derive(Clone, Debug)]
pub struct Cell {
    pub name: NameId,
    pub kind: CellKind,
    /// Another thread may access it while it is written: its reads and
    /// writes are visible steps (see `lang/scope.rs`, `FnScope`).
    pub shared: bool,
}

#[derive(Clone, Debug)]
pub struct Function {
    pub name: Arc<str>,
    /// Qualified name for messages (`Class.method`).
    pub qualname: Arc<str>,
    pub params: Vec<Param>,
    pub varargs: Option<u32>,
    pub kwargs: Option<u32>,
    pub local_names: Vec<NameId>,
    pub code: Vec<Op>,
    /// One span per op.
    pub spans: Vec<Span>,
    /// Cell variables: own cells first, then free ones (`Free(0)`, ...).
    pub cells: Vec<Cell>,
    /// A method of a class (its first parameter is `self`).
    pub class: Option<ClassId>,
    /// A prelude function named `_atomic_*` (or `_ilv_atomic_*`): a critical
    /// section of the library that CPython runs under one internal lock, so
    /// a step that begins inside it runs on to its end without parking at
    /// its visible operations (see `vm/interp.rs`, "atomic sections"). Never
    /// set for model code.
    pub atomic: bool,
    /// Library code (`lang/prelude.py`), not the model's own.
    pub prelude: bool,
}

/// What a class derives from beyond `object`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClassBase {
    Object,
    User(ClassId),
    Thread,
    Exception(ExcClass),
}

#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: Arc<str>,
    pub base: ClassBase,
    pub methods: Vec<(NameId, FuncId)>,
    /// Class attributes: each lives in a global named `Class.attr`.
    pub attrs: Vec<(NameId, GlobalId)>,
    /// `name = property(getter, setter)` (or `@property` / `@name.setter`):
    /// reading `obj.name` calls the getter, storing calls the setter.
    pub properties: Vec<Property>,
    /// Methods made with `@staticmethod` or `@classmethod` (the others take
    /// the instance).
    pub method_kinds: Vec<(NameId, MethodKind)>,
    /// A class defined in a function whose methods use that function's
    /// variables: the global holding the tuple of those cells, set when the
    /// `class` statement runs (`SetClassCells`). Every method takes them as
    /// its free variables, in this order.
    pub cells: Option<GlobalId>,
    /// Defined by the library (`lang/prelude.py`), not the model.
    pub prelude: bool,
}

/// What a method is called with before its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodKind {
    /// The instance (`self`).
    Instance,
    /// Nothing (`@staticmethod`).
    Static,
    /// The class it is looked up on (`@classmethod`): the instance's class.
    Class,
}

/// A property of a class: its getter and setter are methods of the class.
#[derive(Clone, Copy, Debug)]
pub struct Property {
    pub name: NameId,
    pub get: FuncId,
    pub set: Option<FuncId>,
}

#[derive(Clone, Debug)]
pub struct Global {
    pub name: NameId,
    /// Read or written by more than one thread while they run: its reads and
    /// writes are visible steps. Others are folded into the thread's step.
    pub shared: bool,
}

#[derive(Clone, Debug)]
pub struct Program {
    pub source: SourceFile,
    pub names: Vec<Arc<str>>,
    pub consts: Vec<Const>,
    pub kwnames: Vec<Vec<NameId>>,
    pub globals: Vec<Global>,
    pub functions: Vec<Function>,
    pub classes: Vec<ClassDef>,
    /// Attribute names that are stored outside `__init__`: reading or
    /// writing them on an instance is a visible step.
    pub shared_attrs: Vec<bool>,
    /// The module body.
    pub module: FuncId,
    /// `Condition.wait_for(predicate, timeout)`, as IR.
    pub wait_for: FuncId,
    /// Globals of the prelude (`lang/prelude.py`) by name, when it is compiled in.
    pub prelude_globals: Vec<(String, GlobalId)>,
    /// `multiprocessing.Process` (the prelude's `_ilv_Process`), when the
    /// prelude is compiled in: instances of it and its subclasses fork.
    pub process_class: Option<ClassId>,
    /// A value of the logical clock may reach something other than the text
    /// `print` writes (`lang/lower.rs`, `in_print_text`). When none can, the
    /// clock is dead: its reads order nothing and it does not tell states
    /// apart (`vm/clock.rs`).
    pub clock_observed: bool,
    /// The model calls `time.time`/`time.ctime` somewhere.
    pub clock_read: bool,
    /// Where the model's own statements start in the module body (after the
    /// prelude): a spawned process runs the module from here (`vm/process.rs`).
    pub model_start: u32,
    /// The hidden global `__name__` (when the model reads it): `"__main__"`,
    /// or `"__mp_main__"` in a spawned process.
    pub name_global: Option<GlobalId>,
}

impl Program {
    pub fn name(&self, id: NameId) -> &str {
        &self.names[id as usize]
    }

    pub fn name_id(&self, name: &str) -> Option<NameId> {
        self.names.iter().position(|n| &**n == name).map(|i| i as NameId)
    }

    pub fn prelude_global(&self, name: &str) -> Option<GlobalId> {
        self.prelude_globals.iter().find(|(n, _)| n == name).map(|&(_, g)| g)
    }

    pub fn global_name(&self, g: GlobalId) -> &str {
        self.name(self.globals[g as usize].name)
    }

    pub fn attr_is_shared(&self, name: NameId) -> bool {
        self.shared_attrs.get(name as usize).copied().unwrap_or(false)
    }

    /// Does some class define a method `name`?
    pub fn defines_method(&self, name: &str) -> bool {
        self.name_id(name).is_some_and(|n| self.classes.iter().any(|c| c.methods.iter().any(|(k, _)| *k == n)))
    }

    /// Are the class's instances shown by the default repr with an address
    /// (`<__main__.C object at 0x…>`)? A model's class not derived from
    /// `Thread` or an exception class (the library's classes show no address).
    pub fn shows_address(&self, class: ClassId) -> bool {
        let mut c = class;
        loop {
            let def = &self.classes[c as usize];
            if def.prelude {
                return false;
            }
            match def.base {
                ClassBase::User(b) => c = b,
                ClassBase::Object => return true,
                ClassBase::Thread | ClassBase::Exception(_) => return false,
            }
        }
    }

    /// Can showing a value (printing it, `str`, `repr`, formatting) give an
    /// object its address, that is its `id()`, which depends on the order
    /// the objects are first shown in? When the model has a class whose
    /// instances show one, or makes `object()`s.
    pub fn may_show_addresses(&self) -> bool {
        (0..self.classes.len() as ClassId).any(|c| self.shows_address(c))
            || self.functions.iter().any(|f| !f.prelude && f.code.contains(&Op::LoadBuiltin(Builtin::Object)))
    }

    pub fn class_method(&self, class: ClassId, name: NameId) -> Option<FuncId> {
        let mut c = class;
        loop {
            let def = &self.classes[c as usize];
            if let Some(&(_, f)) = def.methods.iter().find(|(n, _)| *n == name) {
                return Some(f);
            }
            match def.base {
                ClassBase::User(b) => c = b,
                _ => return None,
            }
        }
    }

    /// How the method `name` of a class or its bases binds: the kind given
    /// where the class that defines it does.
    pub fn method_kind(&self, class: ClassId, name: NameId) -> MethodKind {
        let mut c = class;
        loop {
            let def = &self.classes[c as usize];
            if def.methods.iter().any(|(n, _)| *n == name) {
                return def.method_kinds.iter().find(|(n, _)| *n == name).map_or(MethodKind::Instance, |&(_, k)| k);
            }
            match def.base {
                ClassBase::User(b) => c = b,
                _ => return MethodKind::Instance,
            }
        }
    }

    /// The property `name` of a class or its bases (a data descriptor: it
    /// takes precedence over the instance's own attributes).
    pub fn class_property(&self, class: ClassId, name: NameId) -> Option<Property> {
        let mut c = class;
        loop {
            let def = &self.classes[c as usize];
            if let Some(p) = def.properties.iter().find(|p| p.name == name) {
                return Some(*p);
            }
            match def.base {
                ClassBase::User(b) => c = b,
                _ => return None,
            }
        }
    }

    pub fn class_attr(&self, class: ClassId, name: NameId) -> Option<GlobalId> {
        let mut c = class;
        loop {
            let def = &self.classes[c as usize];
            if let Some(&(_, k)) = def.attrs.iter().find(|(n, _)| *n == name) {
                return Some(k);
            }
            match def.base {
                ClassBase::User(b) => c = b,
                _ => return None,
            }
        }
    }

    /// The built-in root a user class derives from.
    pub fn class_root(&self, class: ClassId) -> ClassBase {
        let mut c = class;
        loop {
            match self.classes[c as usize].base {
                ClassBase::User(b) => c = b,
                other => return other,
            }
        }
    }

    pub fn is_subclass(&self, class: ClassId, of: ClassId) -> bool {
        let mut c = class;
        loop {
            if c == of {
                return true;
            }
            match self.classes[c as usize].base {
                ClassBase::User(b) => c = b,
                _ => return false,
            }
        }
    }
}
