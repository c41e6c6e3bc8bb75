//! From model source text to `ir::Program`: parse with a real Python parser
//! (`rustpython-parser`), apply defines, analyse names, generate code.

mod header;
mod lower;
mod printed;
mod scope;

/// Library code written in the model language (Timer, concurrent.futures).
const PRELUDE: &str = include_str!("prelude.py");

/// Built-ins that call model code: a consumer of a user iterator
/// (`list(it)`, `sum(it)`, `a, b = it`, `x in it`, `sep.join(it)`),
/// `next(it, default)`, `sorted`/`min`/`max` with `key=`. The VM calls
/// these helpers instead, so `__next__`, `__contains__` and the key
/// function run as model code. Compiled in front of models that define
/// `__iter__`/`__next__`/`__contains__`, mention `key` or use the prelude
/// (whose `as_completed` and `Pool.imap` are such iterators).
const ITER_HELPERS: &str = r#"
def _ilv_call_over_iter(fn, iterable, *args, **kwargs):
    items = []
    for item in iterable:
        items.append(item)
    return fn(items, *args, **kwargs)


def _ilv_next_default(iterator, default):
    try:
        return iterator.__next__()
    except StopIteration:
        return default


def _ilv_unpack(iterable, n):
    # `a, b = it`: at most n + 1 `__next__` calls, as CPython.
    items = []
    for item in iterable:
        if len(items) == n:
            raise ValueError("too many values to unpack (expected %d)" % n)
        items.append(item)
    if len(items) < n:
        raise ValueError("not enough values to unpack (expected %d, got %d)" % (n, len(items)))
    return tuple(items)


def _ilv_contains_iter(container, x, negate):
    # `x in it` without `__contains__`: iterate until found (identity first).
    for item in container:
        if item is x or item == x:
            return not negate
    return negate


def _ilv_contains_method(container, x, negate):
    return bool(container.__contains__(x)) != negate


def _ilv_sorted_by_key(iterable, key=None, reverse=False):
    # Stable, as CPython's: equal keys keep their order, reversed or not.
    # The items are listed first (iterator, size hint), then keyed.
    entries = []
    for item in list(iterable):
        n = len(entries)
        entries.append((key(item), -n if reverse else n, item))
    return [entry[2] for entry in sorted(entries, reverse=reverse)]


def _ilv_extreme_by_key(is_max, name, values, key, has_default, default):
    # The first of equal extremes, as CPython's min/max.
    found = False
    best = None
    best_key = None
    for item in values:
        k = key(item)
        if not found or (k > best_key if is_max else k < best_key):
            found = True
            best = item
            best_key = k
    if found:
        return best
    if has_default:
        return default
    raise ValueError(name + "() arg is an empty sequence")
"#;

/// Consumers of user iterables that must stay lazy or step by step as
/// CPython's (`zip`, `enumerate`, `any`/`all`, `list.extend`, `set.update`,
/// `sep.join`), and the sequence protocol (an object with only
/// `__getitem__`). Classes with `__iter__`/`__next__`, so compiled only in
/// front of models that have iterable classes already (their own or the
/// `str(x)`, `repr(x)`, `print(x)` and f-string fields as CPython makes
/// them, running the model's `__str__` and `__repr__` (of an object, or of
/// the objects a list, tuple or dict holds): compiled in front of models
/// that define them, which lowering then sends those operations through
/// (`Compiler::user_text`). `_ilv_text_kind` tells what `x` needs: 0
/// nothing of the model's, 1 a container holding an object with
/// `__repr__`, else 2 if its class defines `__str__` and 4 if `__repr__`.
const TEXT_HELPERS: &str = r#"
def _ilv_text(x, as_repr):
    kind = _ilv_text_kind(x)
    if kind == 0:
        if as_repr:
            return repr(x)
        return str(x)
    if kind == 1:
        if type(x) is list:
            return "[" + ", ".join([_ilv_text(v, True) for v in x]) + "]"
        if type(x) is tuple:
            if len(x) == 1:
                return "(" + _ilv_text(x[0], True) + ",)"
            return "(" + ", ".join([_ilv_text(v, True) for v in x]) + ")"
        return "{" + ", ".join([_ilv_text(k, True) + ": " + _ilv_text(x[k], True) for k in x]) + "}"
    if kind & 2 and not as_repr:
        text = x.__str__()
        method = "__str__"
    elif kind & 4:
        text = x.__repr__()
        method = "__repr__"
    else:
        return repr(x)
    if type(text) is not str:
        raise TypeError(method + " returned non-string (type " + type(text).__name__ + ")")
    return text


def _ilv_str(x):
    return _ilv_text(x, False)


def _ilv_repr(x):
    return _ilv_text(x, True)
"#;

/// prelude's): any such class makes a `for` loop run user code for the
/// partial-order reduction (`vm/footprint.rs`).
const ITERABLE_HELPERS: &str = r#"
class _ilv_ItemsIterator:
    # An iterator over a tuple; the position is kept in a private list
    # (never a shared step).
    def __init__(self, items):
        self._items = items
        self._position = [0]

    def __iter__(self):
        return self

    def __next__(self):
        i = self._position[0]
        if i >= len(self._items):
            raise StopIteration
        self._position[0] = i + 1
        return self._items[i]


class _ilv_Zip:
    # zip() with a user iterator among its arguments, lazy as CPython's:
    # each next() advances every argument in order and stops at the first
    # exhausted one. The other arguments come as tuples (snapshots).
    def __init__(self, *iterables):
        self._iterators = [_ilv_ItemsIterator(x) if isinstance(x, tuple) else _ilv_iter(x) for x in iterables]

    def __iter__(self):
        return self

    def __next__(self):
        row = []
        for it in self._iterators:
            row.append(it.__next__())
        return tuple(row)


class _ilv_SequenceIterator:
    # CPython's iterator over an object with `__getitem__` but no
    # `__iter__`: items 0, 1, ... each read when it is reached, until
    # IndexError or StopIteration; exhausted for good after that. The
    # position is kept in a private list (never a shared step).
    def __init__(self, sequence):
        self._sequence = sequence
        self._position = [0]

    def __iter__(self):
        return self

    def __next__(self):
        i = self._position[0]
        if i < 0:
            raise StopIteration
        try:
            value = self._sequence[i]
        except (IndexError, StopIteration):
            self._position[0] = -1
            raise StopIteration
        self._position[0] = i + 1
        return value

    def __length_hint__(self):
        # As CPython's iter_len: the items left when the object has a len().
        i = self._position[0]
        if i < 0:
            return 0
        try:
            n = len(self._sequence)
        except TypeError:
            return 0
        return n - i if n > i else 0


class _ilv_Reversed:
    # reversed() over an object with `__len__` and `__getitem__`, as
    # CPython's: len() at the call, then items n-1, ..., 0, each read when
    # asked for, until IndexError or StopIteration.
    def __init__(self, sequence):
        self._sequence = sequence
        # The next index, and whether the sequence is still held.
        self._state = [len(sequence) - 1, True]

    def __iter__(self):
        return self

    def __next__(self):
        i = self._state[0]
        if i >= 0:
            self._state[0] = i - 1
            try:
                return self._sequence[i]
            except (IndexError, StopIteration):
                pass
        self._state[0] = -1
        self._state[1] = False
        raise StopIteration

    def __length_hint__(self):
        if not self._state[1]:
            return 0
        n = len(self._sequence)
        position = self._state[0] + 1
        return 0 if n < position else position


class _ilv_Enumerate:
    # enumerate() over a user iterator, lazy as CPython's: iter() at the
    # call, one `__next__` per item asked.
    def __init__(self, iterable, start=0):
        self._iterator = _ilv_iter(iterable)
        self._count = [start]

    def __iter__(self):
        return self

    def __next__(self):
        item = self._iterator.__next__()
        i = self._count[0]
        self._count[0] = i + 1
        return (i, item)


def _ilv_iter(iterable):
    # iter(x) for a user object: its `__iter__`, else the sequence protocol.
    try:
        method = iterable.__iter__
    except AttributeError:
        return _ilv_SequenceIterator(iterable)
    return method()


def _ilv_list_of(iterable):
    # list(it), as CPython's list_extend: iter(it), then len(it) as a size
    # hint (a TypeError from it ignored), then next() until StopIteration.
    iterator = _ilv_iter(iterable)
    _ilv_length_hint(iterable)
    items = []
    while True:
        try:
            item = iterator.__next__()
        except StopIteration:
            return items
        items.append(item)


def _ilv_length_hint(obj):
    # CPython's PyObject_LengthHint, for what it calls: `__len__` (a
    # TypeError from it ignored), else `__length_hint__`.
    try:
        return len(obj)
    except TypeError:
        pass
    try:
        hint = obj.__length_hint__
    except AttributeError:
        return 0
    return hint()


def _ilv_call_over_sized_iter(fn, iterable, *args, **kwargs):
    # list(it), tuple(it), sorted(it), f(*it), [*it]: a list first.
    return fn(_ilv_list_of(iterable), *args, **kwargs)


def _ilv_join(sep, iterable):
    # As CPython's (PySequence_Fast): iter(it), then a list of that
    # iterator, which calls its `__iter__` again.
    return sep.join(_ilv_list_of(_ilv_iter(iterable)))


def _ilv_any(iterable):
    # Stops at the first true item, as CPython's.
    for item in iterable:
        if item:
            return True
    return False


def _ilv_all(iterable):
    for item in iterable:
        if not item:
            return False
    return True


def _ilv_extend(items, iterable):
    # list.extend(it): as CPython's list_extend (iter, the size hint), one
    # append per item, between the iterator's own steps.
    iterator = _ilv_iter(iterable)
    _ilv_length_hint(iterable)
    while True:
        try:
            item = iterator.__next__()
        except StopIteration:
            return
        items.append(item)


def _ilv_set_add_each(s, iterable):
    # set.update(it) with one user iterator: one add per item, as CPython's
    # set_update_internal.
    for item in iterable:
        s.add(item)


def _ilv_set_discard_each(s, iterable):
    # set.difference_update(it): one discard per item, as CPython's.
    for item in iterable:
        s.discard(item)


def _ilv_set_isdisjoint(s, iterable):
    # Stops at the first common item, as CPython's.
    for item in iterable:
        if item in s:
            return False
    return True


def _ilv_set_issuperset(s, iterable):
    # Stops at the first missing item, as CPython 3.11's.
    for item in iterable:
        if item not in s:
            return False
    return True


def _ilv_set_intersection(s, iterable):
    # Stops once every item of s is found, as CPython 3.11's.
    result = set()
    for item in iterable:
        if item in s:
            result.add(item)
            if len(result) >= len(s):
                break
    return result


def _ilv_dict_update_pairs(d, iterable):
    # dict.update(it) / dict(it)'s merge: one entry per item, as CPython's
    # PyDict_MergeFromSeq2.
    n = 0
    for item in iterable:
        try:
            pair = list(item)
        except TypeError:
            raise TypeError("cannot convert dictionary update sequence element #%d to a sequence" % n)
        if len(pair) != 2:
            raise ValueError("dictionary update sequence element #%d has length %d; 2 is required" % (n, len(pair)))
        d[pair[0]] = pair[1]
        n += 1


def _ilv_call_with_list(method, i, *args, **kwargs):
    # A built-in method given a user iterator as argument i: a list of its
    # items first (the method reads them all before changing anything).
    args = list(args)
    args[i] = list(args[i])
    return method(*args, **kwargs)
"#;

pub use header::{Header, parse_header};

use crate::error::{Error, ErrorKind};
use crate::ir::{Const, Program, SourceFile};
use rustpython_parser::Parse;
use rustpython_parser::ast::{self, Constant, Expr};
use std::collections::HashMap;

/// A `--define NAME=VALUE`: either a module-level constant by name, or an
/// integer literal to replace everywhere (`100000=3`).
#[derive(Clone, Debug, PartialEq)]
pub enum Define {
    Name(String, Defined),
    Literal(i64, i64),
}

/// What a `--define NAME=VALUE` gives the name: a literal, or a list of
/// literals (`number_list=[1, 2]`, to shrink a tutorial's task list).
#[derive(Clone, Debug, PartialEq)]
pub enum Defined {
    Const(Const),
    List(Vec<Const>),
}

impl Define {
    /// Parse `NAME=VALUE`; VALUE is a Python literal.
    pub fn parse(text: &str) -> Result<Define, String> {
        let Some((name, value)) = text.split_once('=') else {
            return Err(format!("`{text}`: expected NAME=VALUE"));
        };
        let (name, value) = (name.trim(), value.trim());
        let value = parse_literal(value).ok_or_else(|| {
            format!(
                "`{text}`: the value `{value}` is not a Python literal (a number, a quoted string, True/False/None, \
                 or a tuple or list of them)"
            )
        })?;
        if let Ok(n) = name.parse::<i64>() {
            return match value {
                Defined::Const(Const::Int(v)) => Ok(Define::Literal(n, v)),
                _ => Err(format!("`{text}`: an integer literal can only be replaced by an integer")),
            };
        }
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') || name.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("`{text}`: `{name}` is not a variable name or an integer literal"));
        }
        Ok(Define::Name(name.to_string(), value))
    }

    pub fn key(&self) -> String {
        match self {
            Define::Name(n, _) => n.clone(),
            Define::Literal(n, _) => n.to_string(),
        }
    }
}

fn parse_literal(text: &str) -> Option<Defined> {
    match ast::Expr::parse(text, "<define>").ok()? {
        Expr::List(l) => l.elts.iter().map(literal).collect::<Option<Vec<_>>>().map(Defined::List),
        e => literal(&e).map(Defined::Const),
    }
}

fn literal(e: &Expr) -> Option<Const> {
    match e {
        Expr::Constant(c) => match &c.value {
            Constant::None => Some(Const::None),
            Constant::Bool(b) => Some(Const::Bool(*b)),
            Constant::Int(i) => i64::try_from(i).ok().map(Const::Int),
            Constant::Float(f) => Some(Const::Float(*f)),
            Constant::Str(s) => Some(Const::Str(s.as_str().into())),
            _ => None,
        },
        Expr::Tuple(t) => t.elts.iter().map(literal).collect::<Option<Vec<_>>>().map(Const::Tuple),
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match literal(&u.operand)? {
            Const::Int(i) => Some(Const::Int(-i)),
            Const::Float(f) => Some(Const::Float(-f)),
            _ => None,
        },
        _ => None,
    }
}

/// Compile a model. `defines` come from the command line and the header.
pub fn compile(path: &str, text: &str, defines: &[Define]) -> Result<Program, Error> {
    let src = SourceFile::new(path, text);
    let mut body = ast::Suite::parse(text, path).map_err(|e| {
        let span = src.span(e.offset.to_usize());
        Error::at(ErrorKind::Syntax, &src, span, e.error.to_string())
    })?;
    // The prelude goes in front, only for models that may use it.
    let mut prelude_len = 0;
    let uses_prelude = ["concurrent", "Timer", "Barrier", "multiprocessing"].iter().any(|w| text.contains(w));
    if uses_prelude {
        let prelude = ast::Suite::parse(PRELUDE, "<interleave prelude>").expect("the prelude parses");
        prelude_len = prelude.len();
        body.splice(0..0, prelude);
    }
    let user_text = text.contains("__str__") || text.contains("__repr__");
    if user_text {
        let helpers = ast::Suite::parse(TEXT_HELPERS, "<interleave prelude>").expect("the helpers parse");
        prelude_len += helpers.len();
        body.splice(0..0, helpers);
    }
    if uses_prelude || text.contains("__iter__") || text.contains("__getitem__") {
        let helpers = ast::Suite::parse(ITERABLE_HELPERS, "<interleave prelude>").expect("the helpers parse");
        prelude_len += helpers.len();
        body.splice(0..0, helpers);
    }
    if uses_prelude || ["__iter__", "__next__", "__contains__", "__getitem__", "key"].iter().any(|w| text.contains(w)) {
        let helpers = ast::Suite::parse(ITER_HELPERS, "<interleave prelude>").expect("the helpers parse");
        prelude_len += helpers.len();
        body.splice(0..0, helpers);
    }
    let mut names = HashMap::new();
    let mut literals = HashMap::new();
    for d in defines {
        match d {
            Define::Name(n, v) => {
                names.insert(n.clone(), v.clone());
            }
            Define::Literal(a, b) => {
                literals.insert(*a, *b);
            }
        }
    }
    let mut compiler = lower::Compiler::new(&src, &body, &names, &literals, prelude_len);
    compiler.user_text = user_text;
    let (program, used) = compiler.compile_module(&body)?;
    for d in defines {
        if !used.contains(&d.key()) {
            let msg = match d {
                Define::Name(n, _) => format!("define `{n}`: the model has no module-level assignment `{n} = ...`"),
                Define::Literal(n, _) => format!("define `{n}=...`: the integer literal {n} does not appear in the model"),
            };
            return Err(Error::new(ErrorKind::Define, path, msg));
        }
    }
    Ok(program)
}
