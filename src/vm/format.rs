//! `str()`, `repr()` and the format-spec mini-language, as CPython renders
//! them.

use super::effect::Recorder;
use super::interp::{Ctx, Exec};
use super::object::{ClassRef, Instance, Native, Object};
use super::state::State;
use super::value::{ObjId, Value};
use super::Vm;
use crate::ir::ExcClass;

pub fn repr(vm: &Vm, s: &State, v: &Value) -> String {
    let mut out = String::new();
    write_value(vm, s, v, true, &mut out, 0);
    out
}

pub fn to_str(vm: &Vm, s: &State, v: &Value) -> String {
    let mut out = String::new();
    write_value(vm, s, v, false, &mut out, 0);
    out
}

pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Shortest round-trip digits, laid out as Python's repr does.
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!("e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs()));
    }
    out
}

pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c)
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn write_value(vm: &Vm, s: &State, v: &Value, repr: bool, out: &mut String, depth: usize) {
    if depth > 20 {
        out.push_str("...");
        return;
    }
    match v {
        Value::Unbound => out.push_str("<unbound>"),
        Value::Text(t) => write_value(vm, s, &t.n, repr, out, depth),
        Value::None => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(i) | Value::Tally(super::value::Tally { n: i, .. }) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float_repr(f.0)),
        Value::Str(x) => {
            if repr {
                out.push_str(&str_repr(x))
            } else {
                out.push_str(x)
            }
        }
        Value::Tuple(items) => {
            out.push('(');
            write_items(vm, s, items.iter(), out, depth);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Value::Range(r) => {
            if r[2] == 1 {
                out.push_str(&format!("range({}, {})", r[0], r[1]))
            } else {
                out.push_str(&format!("range({}, {}, {})", r[0], r[1], r[2]))
            }
        }
        Value::Ref(o) => write_object(vm, s, *o, repr, out, depth),
        Value::FrozenSet(set) if set.is_empty() => out.push_str("frozenset()"),
        Value::FrozenSet(set) => {
            out.push_str("frozenset({");
            write_items(vm, s, set.keys(), out, depth);
            out.push_str("})");
        }
        Value::Func(f) => write_function(vm, *f, out),
        Value::Closure(c) => write_function(vm, c.0, out),
        Value::Class(c) => out.push_str(&format!("<class '__main__.{}'>", vm.program.classes[*c as usize].name)),
        Value::Builtin(b) => match b {
            crate::ir::Builtin::Exc(e) => out.push_str(&format!("<class '{}'>", e.name())),
            b if b.is_builtin_class() => out.push_str(&format!("<class '{}'>", b.name())),
            b => out.push_str(&format!("<built-in function {}>", b.name())),
        },
        Value::Module(m) => out.push_str(&format!("<module '{}'>", m.name())),
        Value::Method(m) => {
            let method = match &m.0 {
                Value::Ref(o) => match &s.heap[*o as usize] {
                    Object::Instance(Instance { class: ClassRef::User(c), .. }) => vm.program.class_method(*c, m.1),
                    _ => None,
                },
                _ => None,
            };
            match method {
                Some(f) => out.push_str(&format!("<bound method {} of ", vm.program.functions[f as usize].qualname)),
                None => out.push_str(&format!("<built-in method {} of ", vm.program.name(m.1))),
            }
            write_value(vm, s, &m.0, true, out, depth + 1);
            out.push('>');
        }
        Value::Iter(_) => out.push_str("<iterator>"),
    }
}

/// Items as a display shows them: reprs, comma-separated.
fn write_items<'a>(vm: &Vm, s: &State, items: impl Iterator<Item = &'a Value>, out: &mut String, depth: usize) {
    for (i, x) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(vm, s, x, true, out, depth + 1);
    }
}

fn write_object(vm: &Vm, s: &State, o: ObjId, repr: bool, out: &mut String, depth: usize) {
    match &s.heap[o as usize] {
        Object::List(items) => {
            out.push('[');
            write_items(vm, s, items.iter(), out, depth);
            out.push(']');
        }
        Object::Dict(entries) => {
            out.push('{');
            for (i, (k, x)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(vm, s, k, true, out, depth + 1);
                out.push_str(": ");
                write_value(vm, s, x, true, out, depth + 1);
            }
            out.push('}');
        }
        // A set whose CPython order is unknown is shown in its table's order
        // only in traces: printing it is refused (`Ctx::prepare_shown`).
        Object::Set(set) if set.is_empty() => out.push_str("set()"),
        Object::Set(set) => {
            out.push('{');
            write_items(vm, s, set.keys(), out, depth);
            out.push('}');
        }
        Object::Instance(inst) => match &inst.native {
            Native::Exception(d) => {
                if repr {
                    let name = class_name(vm, inst.class);
                    let args: Vec<String> = d.args.iter().map(|a| self::repr(vm, s, a)).collect();
                    out.push_str(&format!("{name}({})", args.join(", ")));
                } else {
                    out.push_str(&super::exception::exception_str(vm, s, d));
                }
            }
            Native::Thread(h) => {
                // The name shows which thread this is: no symmetry.
                vm.note_identity_formatted();
                let state = match h.tid {
                    None => "initial",
                    Some(t) if s.threads[t as usize].status == super::state::Status::Done => "stopped",
                    Some(_) => "started",
                };
                out.push_str(&format!("<{}({}, {})>", class_name(vm, inst.class), h.name, state));
            }
            Native::None => {
                let module = if matches!(inst.class, ClassRef::User(_)) { "__main__." } else { "" };
                out.push_str(&format!("<{module}{} object", class_name(vm, inst.class)));
                // The address, once the program has shown the object or
                // asked its id (`Ctx::prepare_shown`); traces of states before
                // that show none.
                if let Some(id) = s.id_of(o) {
                    out.push_str(&format!(" at {id:#x}"));
                }
                out.push('>');
            }
        },
        other => out.push_str(&format!("<{} {}>", other.type_name(), object_label(vm, s, o))),
    }
}

/// `<function f at 0x…>`, at the address `id(f)` gives.
fn write_function(vm: &Vm, f: crate::ir::FuncId, out: &mut String) {
    let qualname = &vm.program.functions[f as usize].qualname;
    out.push_str(&format!("<function {qualname} at {:#x}>", function_address(qualname)));
}

/// `id()` of a function, and the address its repr shows: from its name
/// (functions are values here, not objects), in a range of its own.
pub fn function_address(qualname: &str) -> i64 {
    0x5500_0000_0000 + 16 * (xxhash_rust::xxh3::xxh3_64(qualname.as_bytes()) & 0xffff_ffff) as i64
}

pub fn class_name(vm: &Vm, c: ClassRef) -> String {
    match c {
        ClassRef::User(c) => vm.program.classes[c as usize].name.to_string(),
        ClassRef::Builtin(b) => b.name().to_string(),
    }
}

/// A name for an object in messages: the shortest path to it from a global
/// (`fork_0`, `db.lock`, `forks[2]`, `table['a']`), else an attribute of a
/// thread or instance holding it, else its type and number. Paths through
/// lists and dicts keep a lock's name the same in every state while the
/// container is unchanged (lock-order inversions are keyed by name).
pub fn object_label(vm: &Vm, s: &State, obj: ObjId) -> String {
    if let Some(path) = path_from_globals(vm, s, obj) {
        return path;
    }
    // A child process's own global (a spawned child's module-level queue
    // is not its parent's).
    for p in s.processes.iter().skip(1) {
        if let Some(g) = p.globals.iter().position(|v| *v == Value::Ref(obj)) {
            let process = match s.threads.get(p.main as usize).map(|t| &s.heap[t.obj as usize]) {
                Some(Object::Instance(Instance { native: Native::Thread(h), .. })) => h.name.to_string(),
                _ => "a child process".to_string(),
            };
            return format!("{process}'s {}", vm.program.global_name(g as u32));
        }
    }
    for (i, o) in s.heap.iter().enumerate() {
        if let Object::Instance(inst) = o {
            for (name, a) in &inst.attrs {
                if *a == Value::Ref(obj) {
                    let owner = match &inst.native {
                        Native::Thread(h) => h.name.to_string(),
                        _ => format!("{}#{}", class_name(vm, inst.class), i),
                    };
                    if vm.program.name(*name).starts_with("_ilv_") {
                        return owner;
                    }
                    return format!("{owner}.{}", vm.program.name(*name));
                }
            }
        }
    }
    format!("{}#{}", s.heap[obj as usize].type_name(), obj)
}

/// One step of a path from a global to an object.
enum Segment {
    Global(u32),
    Index(usize),
    Key(Value),
    Attr(crate::ir::NameId),
}

/// Breadth-first from the globals, in their order, through instance
/// attributes, list and tuple items and dict values, up to three steps.
/// Runs while the search records lock-order edges, so only values that can
/// lead to an object are kept, and only the path found is formatted.
fn path_from_globals(vm: &Vm, s: &State, obj: ObjId) -> Option<String> {
    const MAX_DEPTH: usize = 3;
    // Every node reached: its parent node and the step from it.
    let mut nodes: Vec<(Option<usize>, Segment)> = Vec::new();
    let leads_somewhere = |v: &Value| matches!(v, Value::Ref(_) | Value::Tuple(_));
    let mut level: Vec<(usize, Value)> = Vec::new();
    for (g, v) in s.globals.iter().enumerate() {
        if leads_somewhere(v) {
            nodes.push((None, Segment::Global(g as u32)));
            level.push((nodes.len() - 1, v.clone()));
        }
    }
    let mut seen = vec![false; s.heap.len()];
    for depth in 0..=MAX_DEPTH {
        if let Some(&(node, _)) = level.iter().find(|(_, v)| *v == Value::Ref(obj)) {
            return Some(render_path(vm, s, &nodes, node));
        }
        if depth == MAX_DEPTH {
            break;
        }
        let mut next = Vec::new();
        for (node, v) in &level {
            let mut child = |seg: Segment, v: &Value| {
                if leads_somewhere(v) {
                    nodes.push((Some(*node), seg));
                    next.push((nodes.len() - 1, v.clone()));
                }
            };
            match v {
                Value::Tuple(items) => items.iter().enumerate().for_each(|(i, v)| child(Segment::Index(i), v)),
                Value::Ref(o) if !std::mem::replace(&mut seen[*o as usize], true) => match &s.heap[*o as usize] {
                    Object::List(items) => items.iter().enumerate().for_each(|(i, v)| child(Segment::Index(i), v)),
                    Object::Dict(entries) => entries.iter().for_each(|(k, v)| child(Segment::Key(k.clone()), v)),
                    Object::Instance(inst) => inst.attrs.iter().for_each(|(name, v)| child(Segment::Attr(*name), v)),
                    _ => {}
                },
                _ => {}
            }
        }
        level = next;
    }
    None
}

fn render_path(vm: &Vm, s: &State, nodes: &[(Option<usize>, Segment)], mut node: usize) -> String {
    let mut steps = Vec::new();
    loop {
        let (parent, seg) = &nodes[node];
        steps.push(seg);
        match parent {
            Some(p) => node = *p,
            None => break,
        }
    }
    let mut out = String::new();
    for seg in steps.into_iter().rev() {
        match seg {
            Segment::Global(g) => out.push_str(vm.program.global_name(*g)),
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(k) => out.push_str(&format!("[{}]", repr(vm, s, k))),
            // The prelude's storage (`arr._ilv_items`) is shown as its owner.
            Segment::Attr(name) if vm.program.name(*name).starts_with("_ilv_") => {}
            Segment::Attr(name) => out.push_str(&format!(".{}", vm.program.name(*name))),
        }
    }
    out
}

impl<R: Recorder> Ctx<'_, R> {
    pub fn to_str(&self, v: &Value) -> String {
        to_str(self.vm, self.s, v)
    }

    pub fn repr(&self, v: &Value) -> String {
        repr(self.vm, self.s, v)
    }

    /// What showing `v` needs of the model's code (`_ilv_text_kind`, for the
    /// text helpers of `lang/mod.rs`): 0 nothing; 1 `v` is a list, tuple or
    /// dict holding an object whose class defines `__repr__`; else 2 when
    /// `v`'s class defines `__str__`, plus 4 when it defines `__repr__`.
    pub fn text_kind(&self, v: &Value) -> i64 {
        if !self.vm.text_methods {
            return 0;
        }
        let defines = |m: &str| self.user_method(v, m).is_some();
        let own = (if defines("__str__") { 2 } else { 0 }) | (if defines("__repr__") { 4 } else { 0 });
        let container = matches!(v, Value::Tuple(_))
            || matches!(v, Value::Ref(o) if matches!(self.s.heap[*o as usize], Object::List(_) | Object::Dict(_)));
        if own != 0 || !container {
            return own;
        }
        let mut nested_repr = false;
        // (The walk's own errors are none: `visit` raises nothing.)
        let _ = self.walk_shown(v, |x, nested| {
            nested_repr = nested && self.user_method(x, "__repr__").is_some();
            Ok(nested_repr)
        });
        nested_repr as i64
    }

    /// An f-string field: conversion then format spec.
    pub fn format_value(&mut self, v: &Value, conversion: u8, spec: Option<&Value>) -> Exec<String> {
        self.prepare_shown(v, matches!(conversion, b'r' | b'a'))?;
        let v = match conversion {
            b'r' | b'a' => Value::Str(self.repr(v).into()),
            b's' => Value::Str(self.to_str(v).into()),
            _ => v.clone(),
        };
        let spec = match spec {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        self.format_with_spec(&v, &spec)
    }

    pub fn format_with_spec(&mut self, v: &Value, spec: &str) -> Exec<String> {
        if spec.is_empty() {
            return Ok(self.to_str(v));
        }
        let Some(p) = parse_spec(spec) else {
            return Err(self.exc(ExcClass::ValueError, format!("Invalid format specifier '{spec}'")));
        };
        let body = match (v, p.kind) {
            (Value::Int(_) | Value::Bool(_), None | Some('d')) if p.precision.is_none() => {
                let i = match v {
                    Value::Int(i) => *i,
                    Value::Bool(b) => *b as i64,
                    _ => 0,
                };
                let mut s = i.abs().to_string();
                if p.grouping {
                    s = group(&s);
                }
                sign(i < 0, p.sign) + &s
            }
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), Some('f' | 'F' | 'e' | 'E' | '%' | 'g' | 'G')) | (Value::Float(_), None) => {
                let f = match v {
                    Value::Int(i) => *i as f64,
                    Value::Bool(b) => *b as i64 as f64,
                    Value::Float(f) => f.0,
                    _ => 0.0,
                };
                let prec = p.precision.unwrap_or(6);
                let s = match p.kind {
                    Some('f' | 'F') => format!("{:.*}", prec, f.abs()),
                    Some('%') => format!("{:.*}%", prec, f.abs() * 100.0),
                    Some('e' | 'E') => {
                        let s = format!("{:.*e}", prec, f.abs());
                        let (m, e) = s.split_once('e').unwrap();
                        let e: i32 = e.parse().unwrap();
                        format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
                    }
                    None if p.precision.is_none() => float_repr(f.abs()),
                    _ => {
                        // 'g' and a bare precision: significant digits.
                        let prec = prec.max(1);
                        let s = format!("{:.*e}", prec - 1, f.abs());
                        let (_, e) = s.split_once('e').unwrap();
                        let e: i32 = e.parse().unwrap();
                        if e < -4 || e >= prec as i32 {
                            let (m, _) = s.split_once('e').unwrap();
                            let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
                            format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
                        } else {
                            let s = format!("{:.*}", (prec as i32 - 1 - e).max(0) as usize, f.abs());
                            if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
                        }
                    }
                };
                let s = if p.grouping { group_float(&s) } else { s };
                sign(f.is_sign_negative() && f != 0.0, p.sign) + &s
            }
            (Value::Int(i), Some('x')) => sign(*i < 0, p.sign) + &format!("{:x}", i.abs()),
            (Value::Int(i), Some('X')) => sign(*i < 0, p.sign) + &format!("{:X}", i.abs()),
            (Value::Int(i), Some('b')) => sign(*i < 0, p.sign) + &format!("{:b}", i.abs()),
            (Value::Int(i), Some('o')) => sign(*i < 0, p.sign) + &format!("{:o}", i.abs()),
            (Value::Int(i), Some('c')) => char::from_u32(*i as u32).map(|c| c.to_string()).unwrap_or_default(),
            (Value::Str(s), None | Some('s')) => match p.precision {
                Some(n) => s.chars().take(n).collect(),
                None => s.to_string(),
            },
            (_, None) if p.precision.is_none() && !p.zero && p.sign.is_none() => self.to_str(v),
            _ => {
                let tn = super::builtins::type_name(self.vm, self.s, v);
                return Err(self.exc(
                    ExcClass::ValueError,
                    format!("Unknown format code '{}' for object of type '{}'", p.kind.unwrap_or('s'), tn),
                ));
            }
        };
        let numeric = matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_));
        let align = p.align.unwrap_or(if p.zero && numeric { '=' } else if numeric { '>' } else { '<' });
        let fill = if p.fill_given { p.fill } else if p.zero && numeric { '0' } else { ' ' };
        let width = p.width.unwrap_or(0);
        let len = body.chars().count();
        if len >= width {
            return Ok(body);
        }
        let pad = width - len;
        let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
        Ok(match align {
            '<' => body + &fills(pad),
            '^' => fills(pad / 2) + &body + &fills(pad - pad / 2),
            '=' => {
                let (sgn, rest) = if body.starts_with(['-', '+', ' ']) { body.split_at(1) } else { ("", body.as_str()) };
                sgn.to_string() + &fills(pad) + rest
            }
            _ => fills(pad) + &body,
        })
    }
}

fn sign(negative: bool, flag: Option<char>) -> String {
    if negative {
        "-".into()
    } else {
        match flag {
            Some('+') => "+".into(),
            Some(' ') => " ".into(),
            _ => String::new(),
        }
    }
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn group_float(s: &str) -> String {
    match s.split_once('.') {
        Some((a, b)) => format!("{}.{}", group(a), b),
        None => group(s),
    }
}

struct Spec {
    fill: char,
    fill_given: bool,
    align: Option<char>,
    sign: Option<char>,
    zero: bool,
    width: Option<usize>,
    grouping: bool,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse_spec(spec: &str) -> Option<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut p = Spec {
        fill: ' ',
        fill_given: false,
        align: None,
        sign: None,
        zero: false,
        width: None,
        grouping: false,
        precision: None,
        kind: None,
    };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        p.fill = chars[0];
        p.fill_given = true;
        p.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        p.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        p.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        p.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        p.width = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if i < chars.len() && chars[i] == ',' {
        p.grouping = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        p.precision = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if i < chars.len() {
        p.kind = Some(chars[i]);
        i += 1;
    }
    (i == chars.len()).then_some(p)
}
