//! Calls, method dispatch, attributes and `with`.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::{ClassRef, ExceptionData, Instance, Native, Object};
use super::state::{FrameKind, Loc};
use super::value::{ObjId, Value};
use crate::ir::{Builtin, ClassBase, ClassId, ExcClass, MethodKind, NameId};
use std::sync::Arc;

impl<R: Recorder> Ctx<'_, R> {
    pub fn call_value(&mut self, callee: Value, args: Args) -> Exec<Flow> {
        match callee {
            Value::Func(f) => self.call_function(f, None, args, FrameKind::Normal),
            Value::Closure(c) => self.call_function_with(c.0, &c.1, None, args, FrameKind::Normal),
            Value::Class(c) => self.instantiate(c, args),
            Value::Builtin(b) => {
                if let Some(flow) = self.call_builtin_over_user_iterator(b, &args) {
                    return flow;
                }
                if let (crate::ir::Builtin::Len, [obj]) = (b, args.pos.as_slice()) {
                    if let Some(f) = self.user_method(obj, "__len__") {
                        let obj = obj.clone();
                        return self.call_function(f, Some(obj), Args::default(), FrameKind::Normal);
                    }
                }
                let v = self.call_builtin(b, args)?;
                self.push(v);
                Ok(Flow::Next)
            }
            Value::Method(m) => {
                let (recv, name) = (*m).clone();
                self.call_method(recv, name, args)
            }
            other => {
                let t = super::builtins::type_name(self.vm, self.s, &other);
                Err(self.type_error(format!("'{t}' object is not callable")))
            }
        }
    }

    /// `list(it)`, `sum(it)`, `sorted(it, ...)`, ... over an instance of a
    /// user class with `__iter__`, `next(it[, default])`, and `sorted`,
    /// `min`, `max` with a `key`: run through the helpers compiled in front
    /// of the model (`lang/mod.rs`), so that `__next__` and the key run as
    /// model code. None when `b` is not such a call.
    fn call_builtin_over_user_iterator(&mut self, b: Builtin, args: &Args) -> Option<Exec<Flow>> {
        use Builtin::*;
        let first = args.pos.first()?;
        if b == Next {
            return Some(match args.pos.len() {
                1 => match self.user_method(first, "__next__") {
                    Some(f) => self.call_function(f, Some(first.clone()), Args::default(), FrameKind::Normal),
                    None => {
                        let t = super::builtins::type_name(self.vm, self.s, first);
                        Err(self.type_error(format!("'{t}' object is not an iterator")))
                    }
                },
                2 => self.call_helper("_ilv_next_default", args.pos.clone(), vec![]),
                n => Err(self.type_error(format!("next expected at most 2 arguments, got {n}"))),
            });
        }
        // `reversed(obj)`: its `__reversed__`, else the sequence protocol
        // backwards (`__len__` and `__getitem__`), else not reversible.
        if b == Reversed && args.pos.len() == 1 && self.is_user_object(first) {
            return Some(if let Some(f) = self.user_method(first, "__reversed__") {
                self.call_function(f, Some(first.clone()), Args::default(), FrameKind::Normal)
            } else if self.user_method(first, "__len__").is_some() && self.user_method(first, "__getitem__").is_some() {
                self.call_helper("_ilv_Reversed", args.pos.clone(), vec![])
            } else {
                let t = super::builtins::type_name(self.vm, self.s, first);
                Err(self.type_error(format!("'{t}' object is not reversible")))
            });
        }
        let key = args.kw.iter().find(|(n, _)| self.vm.program.name(*n) == "key").map(|(_, v)| v.clone()).filter(|k| *k != Value::None);
        if let (Sorted, Some(_)) = (b, &key) {
            return Some(self.call_helper("_ilv_sorted_by_key", args.pos.clone(), args.kw.clone()));
        }
        if let (Min | Max, Some(key)) = (b, key) {
            let default = args.kw.iter().find(|(n, _)| self.vm.program.name(*n) == "default").map(|(_, v)| v.clone());
            let values = if args.pos.len() == 1 { first.clone() } else { Value::tuple(args.pos.clone()) };
            let pos = vec![
                Value::Bool(b == Max),
                Value::str(b.name()),
                values,
                key,
                Value::Bool(default.is_some()),
                default.unwrap_or(Value::None),
            ];
            return Some(self.call_helper("_ilv_extreme_by_key", pos, vec![]));
        }
        // `zip` with a user iterator among its arguments: lazy, as CPython's
        // (the helper advances each argument at each `next`); the others
        // are snapshots, as `zip` over built-in iterables.
        if b == Zip && args.kw.is_empty() && args.pos.iter().any(|a| self.user_iterable(a)) {
            let mut pos = Vec::new();
            for a in &args.pos {
                pos.push(if self.user_iterable(a) {
                    a.clone()
                } else {
                    match self.iterate_all(a) {
                        Ok(items) => Value::tuple(items),
                        Err(e) => return Some(Err(e)),
                    }
                });
            }
            return Some(self.call_helper("_ilv_Zip", pos, vec![]));
        }
        let consumes = matches!(b, List | Tuple | Sum | Sorted | Any | All | Enumerate | Dict | Set | FrozenSet)
            || (matches!(b, Min | Max) && args.pos.len() == 1);
        if !consumes || !self.user_iterable(first) {
            return None;
        }
        // Lazy or short-circuiting, as CPython's: `enumerate` asks for one
        // item at a time, `any`/`all` stop at the deciding item.
        match b {
            Enumerate => return Some(self.call_helper("_ilv_Enumerate", args.pos.clone(), args.kw.clone())),
            Any if args.pos.len() == 1 && args.kw.is_empty() => return Some(self.call_helper("_ilv_any", args.pos.clone(), vec![])),
            All if args.pos.len() == 1 && args.kw.is_empty() => return Some(self.call_helper("_ilv_all", args.pos.clone(), vec![])),
            _ => {}
        }
        let mut pos = vec![Value::Builtin(b)];
        pos.extend(args.pos.iter().cloned());
        // list(), tuple() and sorted() ask for a size hint (`__len__`).
        let helper = if matches!(b, List | Tuple | Sorted) { "_ilv_call_over_sized_iter" } else { "_ilv_call_over_iter" };
        Some(self.call_helper(helper, pos, args.kw.clone()))
    }

    /// `l.extend(it)`, `s.update(it)`, `d.update(it)`, `s.union(it)`, ...
    /// with a user iterable as argument `i`: the ones CPython runs item by
    /// item (extend, a set's update and difference_update, a dict's update
    /// from pairs) or stops early (isdisjoint, issuperset, intersection) through helpers
    /// doing the same, so another thread can see the container
    /// between two items as in CPython; the others (which build a new
    /// object, or compare) read the iterator into a list first.
    fn container_method_over_user_iterator(&mut self, recv: Value, name: NameId, i: usize, args: Args) -> Exec<Flow> {
        let one_arg = args.pos.len() == 1 && args.kw.is_empty();
        let kind = match &recv {
            Value::Ref(o) => match &self.s.heap[*o as usize] {
                Object::List(_) => Builtin::List,
                Object::Dict(_) => Builtin::Dict,
                _ => Builtin::Set,
            },
            _ => Builtin::FrozenSet,
        };
        let helper = match (kind, self.vm.program.name(name)) {
            (Builtin::List, "extend") if one_arg => Some("_ilv_extend"),
            (Builtin::Set, "update") if one_arg => Some("_ilv_set_add_each"),
            (Builtin::Set, "difference_update") if one_arg => Some("_ilv_set_discard_each"),
            (Builtin::Set | Builtin::FrozenSet, "isdisjoint") if one_arg => Some("_ilv_set_isdisjoint"),
            (Builtin::Set | Builtin::FrozenSet, "issuperset") if one_arg => Some("_ilv_set_issuperset"),
            (Builtin::Set, "intersection") if one_arg => Some("_ilv_set_intersection"),
            (Builtin::Dict, "update") if one_arg => Some("_ilv_dict_update_pairs"),
            _ => None,
        };
        if let Some(helper) = helper {
            return self.call_helper(helper, vec![recv, args.pos[0].clone()], vec![]);
        }
        let mut pos = vec![Value::Method(Arc::new((recv, name))), Value::Int(i as i64)];
        pos.extend(args.pos);
        self.call_helper("_ilv_call_with_list", pos, args.kw)
    }

    /// An instance of a user class.
    fn is_user_object(&self, v: &Value) -> bool {
        matches!(v, Value::Ref(o) if matches!(&self.s.heap[*o as usize], Object::Instance(Instance { class: ClassRef::User(_), .. })))
    }

    pub(super) fn call_helper(&mut self, name: &str, pos: Vec<Value>, kw: Vec<(NameId, Value)>) -> Exec<Flow> {
        let Some(g) = self.vm.program.prelude_global(name) else {
            return Err(self.fatal(format!("internal error: {name} is not compiled in")));
        };
        let f = self.s.global(self.tid, g).clone();
        self.call_value(f, Args { pos, kw })
    }

    /// `C(args)` for a user class.
    fn instantiate(&mut self, c: ClassId, args: Args) -> Exec<Flow> {
        let vm = self.vm;
        let prog = &*vm.program;
        let native = match prog.class_root(c) {
            ClassBase::Object | ClassBase::User(_) => Native::None,
            ClassBase::Thread => Native::Thread(super::thread::blank_handle()),
            ClassBase::Exception(e) => Native::Exception(ExceptionData { class: e, args: args.pos.clone() }),
        };
        let obj = self.s.alloc(Object::Instance(Instance { class: ClassRef::User(c), attrs: Vec::new(), native }));
        let init = prog.name_id("__init__").and_then(|n| prog.class_method(c, n));
        match init {
            Some(f) => self.call_function(f, Some(Value::Ref(obj)), args, FrameKind::Init(obj)),
            None => {
                match prog.class_root(c) {
                    ClassBase::Thread => self.thread_init(obj, args)?,
                    ClassBase::Exception(_) => {}
                    _ if !args.pos.is_empty() || !args.kw.is_empty() => {
                        return Err(self.type_error(format!("{}() takes no arguments", prog.classes[c as usize].name)));
                    }
                    _ => {}
                }
                self.push(Value::Ref(obj));
                Ok(Flow::Next)
            }
        }
    }

    pub fn call_method(&mut self, recv: Value, name: NameId, args: Args) -> Exec<Flow> {
        let vm = self.vm;
        let prog = &*vm.program;
        let mname = prog.name(name);
        match &recv {
            Value::Ref(o) => {
                let o = *o;
                match &self.s.heap[o as usize] {
                    Object::Instance(inst) => {
                        if let ClassRef::User(c) = inst.class {
                            if let Some(f) = prog.class_method(c, name) {
                                let this = match prog.method_kind(c, name) {
                                    MethodKind::Instance => Some(recv),
                                    MethodKind::Static => None,
                                    MethodKind::Class => Some(Value::Class(c)),
                                };
                                return self.call_function(f, this, args, FrameKind::Normal);
                            }
                        }
                        if let Some((_, v)) = inst.attrs.iter().find(|(n, _)| *n == name) {
                            let v = v.clone();
                            if prog.attr_is_shared(name) {
                                self.notes.touched.attr_reads.push(name);
                            }
                            return self.call_value(v, args);
                        }
                        let native = inst.native.clone();
                        let class = inst.class;
                        // A class attribute: a function there (a decorated
                        // method) binds to the instance, as CPython's.
                        if let Some(g) = match class {
                            ClassRef::User(c) => prog.class_attr(c, name),
                            ClassRef::Builtin(_) => None,
                        } {
                            let v = self.load_class_attr(g);
                            let args = if matches!(v, Value::Func(_) | Value::Closure(_)) {
                                let mut pos = vec![recv];
                                pos.extend(args.pos);
                                Args { pos, kw: args.kw }
                            } else {
                                args
                            };
                            return self.call_value(v, args);
                        }
                        if let Native::Thread(_) = native {
                            return self.thread_method(o, mname, args);
                        }
                        if let Native::Exception(_) = native {
                            if mname == "__init__" {
                                self.set_exception_args(o, args.pos);
                                self.push(Value::None);
                                return Ok(Flow::Next);
                            }
                        }
                        if mname == "__init__" && matches!(class, ClassRef::Builtin(Builtin::Object) | ClassRef::User(_)) {
                            self.push(Value::None);
                            return Ok(Flow::Next);
                        }
                        let cname = super::format::class_name(self.vm, class);
                        Err(self.exc(ExcClass::AttributeError, format!("'{cname}' object has no attribute '{mname}'")))
                    }
                    Object::List(_) | Object::Dict(_) | Object::Set(_) => {
                        if let Some(i) = args.pos.iter().position(|a| self.user_iterable(a)) {
                            return self.container_method_over_user_iterator(recv.clone(), name, i, args);
                        }
                        let v = self.container_method(o, mname, args)?;
                        self.push(v);
                        Ok(Flow::Next)
                    }
                    Object::Local(_) => {
                        let f = self.load_attr(&recv, name)?;
                        self.call_value(f, args)
                    }
                    Object::Cell { .. } => Err(self.fatal("internal error: a cell used as a value")),
                    Object::Lock(_) => self.lock_method(o, mname, args),
                    Object::RLock(_) => self.rlock_method(o, mname, args),
                    Object::Semaphore(_) => self.semaphore_method(o, mname, args),
                    Object::Event(_) => self.event_method(o, mname, args),
                    Object::Condition(_) => self.condition_method(o, mname, args),
                    Object::Queue(_) => self.queue_method(o, mname, args),
                }
            }
            // `sep.join(it)` over a user iterator: CPython makes a list first.
            Value::Str(_) if mname == "join" && args.pos.first().is_some_and(|a| self.user_iterable(a)) => {
                let mut pos = vec![recv.clone()];
                pos.extend(args.pos);
                self.call_helper("_ilv_join", pos, args.kw)
            }
            Value::FrozenSet(fs) => {
                if let Some(i) = args.pos.iter().position(|a| self.user_iterable(a)) {
                    return self.container_method_over_user_iterator(recv.clone(), name, i, args);
                }
                let v = self.frozenset_method(&fs.clone(), mname, args)?;
                self.push(v);
                Ok(Flow::Next)
            }
            Value::Str(s) => {
                let v = self.str_method(&s.clone(), mname, args)?;
                self.push(v);
                Ok(Flow::Next)
            }
            Value::Module(m) => match m.member(mname) {
                Some(b) => {
                    let v = self.call_builtin(b, args)?;
                    self.push(v);
                    Ok(Flow::Next)
                }
                None => {
                    let v = self.module_attr(*m, mname)?;
                    self.call_value(v, args)
                }
            },
            Value::Class(c) => {
                // `Base.method(self, ...)`, `C.static_method(...)`,
                // `C.class_method(...)`
                if let Some(f) = prog.class_method(*c, name) {
                    let this = (prog.method_kind(*c, name) == MethodKind::Class).then_some(Value::Class(*c));
                    return self.call_function(f, this, args, FrameKind::Normal);
                }
                if let Some(g) = prog.class_attr(*c, name) {
                    let v = self.load_class_attr(g);
                    return self.call_value(v, args);
                }
                if mname == "__init__" {
                    let Some(Value::Ref(obj)) = args.pos.first().cloned() else {
                        return Err(self.type_error("__init__() needs an instance".into()));
                    };
                    let rest = Args { pos: args.pos[1..].to_vec(), kw: args.kw };
                    return self.builtin_base_init(prog.class_root(*c), obj, rest);
                }
                let cname = prog.classes[*c as usize].name.clone();
                Err(self.exc(ExcClass::AttributeError, format!("type object '{cname}' has no attribute '{mname}'")))
            }
            Value::Builtin(b) if mname == "__init__" => {
                let Some(Value::Ref(obj)) = args.pos.first().cloned() else {
                    return Err(self.type_error("__init__() needs an instance".into()));
                };
                let rest = Args { pos: args.pos[1..].to_vec(), kw: args.kw };
                let base = match b {
                    Builtin::Thread => ClassBase::Thread,
                    Builtin::Exc(e) => ClassBase::Exception(*e),
                    _ => ClassBase::Object,
                };
                self.builtin_base_init(base, obj, rest)
            }
            Value::Tuple(t) if t.len() == 3 && t[0] == Value::Str("super".into()) => {
                // `super().name(...)`: look the method up above the class.
                let (Value::Class(c), this) = (&t[1], t[2].clone()) else {
                    return Err(self.fatal("malformed super()"));
                };
                let base = prog.classes[*c as usize].base;
                match base {
                    ClassBase::User(b) => match prog.class_method(b, name) {
                        Some(f) => {
                            let this = (prog.method_kind(b, name) != MethodKind::Static).then_some(this);
                            self.call_function(f, this, args, FrameKind::Normal)
                        }
                        None if mname == "__init__" => {
                            let Value::Ref(obj) = this else { return Err(self.fatal("super() without an instance")) };
                            self.builtin_base_init(prog.class_root(b), obj, args)
                        }
                        None => Err(self.exc(ExcClass::AttributeError, format!("'super' object has no attribute '{mname}'"))),
                    },
                    other if mname == "__init__" => {
                        let Value::Ref(obj) = this else { return Err(self.fatal("super() without an instance")) };
                        self.builtin_base_init(other, obj, args)
                    }
                    ClassBase::Thread => {
                        let Value::Ref(obj) = this else { return Err(self.fatal("super() without an instance")) };
                        self.thread_method(obj, mname, args)
                    }
                    _ => Err(self.exc(ExcClass::AttributeError, format!("'super' object has no attribute '{mname}'"))),
                }
            }
            _ => {
                // Methods of values with no methods of their own here.
                let t = super::builtins::type_name(self.vm, self.s, &recv);
                Err(self.exc(ExcClass::AttributeError, format!("'{t}' object has no attribute '{mname}'")))
            }
        }
    }

    /// `module.name`: a built-in, a submodule or a prelude member.
    fn module_attr(&mut self, m: crate::ir::Module, name: &str) -> Exec<Value> {
        if let Some(b) = m.member(name) {
            return Ok(Value::Builtin(b));
        }
        if let Some(sub) = m.submodule(name) {
            return Ok(Value::Module(sub));
        }
        if let Some(g) = m.prelude_member(name).and_then(|p| self.vm.program.prelude_global(p)) {
            return Ok(self.s.global(self.tid, g).clone());
        }
        Err(self.fatal(format!("module '{}' has no attribute '{name}' (or it is not supported)", m.name())))
    }

    /// `Thread.__init__(self, ...)`, `Exception.__init__(self, ...)`.
    fn builtin_base_init(&mut self, base: ClassBase, obj: ObjId, args: Args) -> Exec<Flow> {
        match base {
            ClassBase::Thread => self.thread_init(obj, args)?,
            ClassBase::Exception(_) => self.set_exception_args(obj, args.pos),
            _ => {}
        }
        self.push(Value::None);
        Ok(Flow::Next)
    }

    fn set_exception_args(&mut self, obj: ObjId, args: Vec<Value>) {
        if let Object::Instance(Instance { native: Native::Exception(d), .. }) = &mut self.s.heap[obj as usize] {
            d.args = args;
        }
    }

    pub fn load_attr(&mut self, obj: &Value, name: NameId) -> Exec<Value> {
        let vm = self.vm;
        let prog = &*vm.program;
        let aname = prog.name(name);
        match obj {
            Value::Ref(o) => {
                let o = *o;
                match &self.s.heap[o as usize] {
                    Object::Instance(inst) => {
                        if let Some((_, v)) = inst.attrs.iter().find(|(n, _)| *n == name) {
                            let v = v.clone();
                            if prog.attr_is_shared(name) {
                                self.notes.touched.attr_reads.push(name);
                                self.note_read(Loc::Attr(o, name));
                                if R::ON {
                                    let var = self.vm.loc_label(self.s, Loc::Attr(o, name));
                                    let value = self.repr(&v);
                                    self.record(|| Effect::Read { var, value });
                                }
                            }
                            return Ok(v);
                        }
                        if let ClassRef::User(c) = inst.class {
                            if let Some(g) = prog.class_attr(c, name) {
                                // A function there binds to the instance.
                                return Ok(match self.load_class_attr(g) {
                                    Value::Func(_) | Value::Closure(_) => Value::Method(Arc::new((obj.clone(), name))),
                                    v => v,
                                });
                            }
                            if prog.class_method(c, name).is_some() {
                                return Ok(Value::Method(Arc::new((obj.clone(), name))));
                            }
                        }
                        if let Native::Thread(_) = inst.native {
                            if let Some(v) = self.process_attr(o, aname) {
                                return Ok(v);
                            }
                        }
                        let Object::Instance(inst) = &self.s.heap[o as usize] else { unreachable!() };
                        match (&inst.native, aname) {
                            (Native::Thread(h), "name") => return Ok(Value::Str(h.name.clone())),
                            (Native::Thread(h), "daemon") => return Ok(Value::Bool(h.daemon)),
                            (Native::Thread(h), "ident" | "native_id") => {
                                return Ok(match h.tid {
                                    Some(t) => Value::Int(t as i64 + 1),
                                    None => Value::None,
                                });
                            }
                            (Native::Thread(_), _) if super::thread::is_thread_method(aname) => {
                                return Ok(Value::Method(Arc::new((obj.clone(), name))));
                            }
                            (Native::Exception(d), "args") => return Ok(Value::tuple(d.args.clone())),
                            // `OSError(errno, strerror)`: None with other arguments.
                            (Native::Exception(d), "errno" | "strerror") if d.class.is_subclass_of(ExcClass::OSError) => {
                                let i = usize::from(aname == "strerror");
                                return Ok(if d.args.len() == 2 { d.args[i].clone() } else { Value::None });
                            }
                            _ => {}
                        }
                        if aname == "__class__" {
                            return Ok(match inst.class {
                                ClassRef::User(c) => Value::Class(c),
                                ClassRef::Builtin(b) => Value::Builtin(b),
                            });
                        }
                        let cname = super::format::class_name(self.vm, inst.class);
                        Err(self.exc(ExcClass::AttributeError, format!("'{cname}' object has no attribute '{aname}'")))
                    }
                    Object::Queue(q) if aname == "maxsize" => Ok(Value::Int(q.maxsize)),
                    Object::Local(per_thread) => {
                        let mine = per_thread.iter().find(|(t, _)| *t == self.tid);
                        match mine.and_then(|(_, attrs)| attrs.iter().find(|(n, _)| *n == name)) {
                            Some((_, v)) => Ok(v.clone()),
                            None => Err(self.exc(ExcClass::AttributeError, format!("'_thread._local' object has no attribute '{aname}'"))),
                        }
                    }
                    other => {
                        if super::builtins::has_method(other, aname) {
                            return Ok(Value::Method(Arc::new((obj.clone(), name))));
                        }
                        let t = other.type_name();
                        Err(self.fatal(format!("'{t}' object has no attribute '{aname}' (or it is not supported)")))
                    }
                }
            }
            Value::Module(m) => self.module_attr(*m, aname),
            Value::Class(c) => {
                if aname == "__name__" {
                    return Ok(Value::Str(prog.classes[*c as usize].name.clone()));
                }
                if let Some(g) = prog.class_attr(*c, name) {
                    return Ok(self.load_class_attr(g));
                }
                if let Some(f) = prog.class_method(*c, name) {
                    // A class method binds to the class.
                    if prog.method_kind(*c, name) == MethodKind::Class {
                        return Ok(Value::Method(Arc::new((obj.clone(), name))));
                    }
                    return Ok(Value::Func(f));
                }
                let cname = prog.classes[*c as usize].name.clone();
                Err(self.exc(ExcClass::AttributeError, format!("type object '{cname}' has no attribute '{aname}'")))
            }
            Value::Builtin(b) if aname == "__name__" => Ok(Value::Str(b.name().into())),
            Value::Func(f) if aname == "__name__" => Ok(Value::Str(prog.functions[*f as usize].name.clone())),
            Value::Closure(c) if aname == "__name__" => Ok(Value::Str(prog.functions[c.0 as usize].name.clone())),
            Value::Func(f) if aname == "__qualname__" => Ok(Value::Str(prog.functions[*f as usize].qualname.clone())),
            Value::Closure(c) if aname == "__qualname__" => Ok(Value::Str(prog.functions[c.0 as usize].qualname.clone())),
            Value::Str(_) if super::string::is_str_method(aname) => Ok(Value::Method(Arc::new((obj.clone(), name)))),
            Value::FrozenSet(_)
                if matches!(
                    aname,
                    "copy" | "union" | "intersection" | "difference" | "symmetric_difference" | "issubset" | "issuperset" | "isdisjoint"
                ) =>
            {
                Ok(Value::Method(Arc::new((obj.clone(), name))))
            }
            _ => {
                let t = super::builtins::type_name(self.vm, self.s, obj);
                Err(self.exc(ExcClass::AttributeError, format!("'{t}' object has no attribute '{aname}'")))
            }
        }
    }

    /// A class attribute (a global): a visible read when shared.
    fn load_class_attr(&mut self, g: u32) -> Value {
        let v = self.s.global(self.tid, g).clone();
        if self.vm.program.globals[g as usize].shared {
            self.notes.touched.global_reads.push(g);
            self.note_read(Loc::Global(g));
            if R::ON {
                let var = self.vm.program.global_name(g).to_string();
                let value = self.repr(&v);
                self.record(|| Effect::Read { var, value });
            }
        }
        v
    }

    pub fn store_attr(&mut self, obj: &Value, name: NameId, v: Value) -> Exec<()> {
        let vm = self.vm;
        let prog = &*vm.program;
        let aname = prog.name(name);
        if let Value::Class(c) = obj {
            let Some(g) = prog.class_attr(*c, name) else {
                return Err(self.fatal(format!(
                    "adding attribute '{aname}' to class {} at run time is not supported (declare it in the class body)",
                    prog.classes[*c as usize].name
                )));
            };
            if prog.globals[g as usize].shared {
                self.notes.touched.global_writes.push(g);
                self.note_write(Loc::Global(g));
                if R::ON {
                    let var = prog.global_name(g).to_string();
                    let value = self.repr(&v);
                    self.record(|| Effect::Write { var, value });
                }
            }
            *self.s.global_mut(self.tid, g) = v;
            return Ok(());
        }
        let Value::Ref(o) = obj else {
            let t = super::builtins::type_name(self.vm, self.s, obj);
            return Err(self.exc(ExcClass::AttributeError, format!("'{t}' object has no attribute '{aname}'")));
        };
        let o = *o;
        let shared = prog.attr_is_shared(name) && !matches!(self.s.heap[o as usize], Object::Local(_));
        if shared {
            self.notes.touched.attr_writes.push(name);
            self.note_write(Loc::Attr(o, name));
            if R::ON {
                let var = self.vm.loc_label(self.s, Loc::Attr(o, name));
                let value = self.repr(&v);
                self.record(|| Effect::Write { var, value });
            }
        }
        let text: Option<Arc<str>> = (aname == "name").then(|| match &v {
            Value::Str(s) => s.clone(),
            _ => Arc::from(super::format::to_str(self.vm, self.s, &v)),
        });
        let tid = self.tid;
        match &mut self.s.heap[o as usize] {
            // Thread-local: never shared, so never a visible step.
            Object::Local(per_thread) => {
                let at = match per_thread.iter().position(|(t, _)| *t == tid) {
                    Some(i) => i,
                    None => {
                        let i = per_thread.partition_point(|(t, _)| *t < tid);
                        per_thread.insert(i, (tid, vec![]));
                        i
                    }
                };
                let attrs = &mut per_thread[at].1;
                match attrs.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = v,
                    None => attrs.push((name, v)),
                }
                Ok(())
            }
            Object::Instance(inst) => {
                match (&mut inst.native, aname) {
                    (Native::Thread(h), "name") => {
                        h.name = text.unwrap_or_default();
                        return Ok(());
                    }
                    (Native::Thread(h), "daemon") => {
                        if h.tid.is_some() {
                            return Err(self.exc(ExcClass::RuntimeError, "cannot set daemon status of active thread".into()));
                        }
                        h.daemon = matches!(v, Value::Bool(true));
                        return Ok(());
                    }
                    _ => {}
                }
                match inst.attrs.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = v,
                    None => {
                        let at = inst.attrs.partition_point(|(n, _)| *n < name);
                        inst.attrs.insert(at, (name, v));
                    }
                }
                Ok(())
            }
            other => {
                let t = other.type_name();
                Err(self.fatal(format!("cannot set attribute '{aname}' on a '{t}' object")))
            }
        }
    }

    /// `with mgr:` — enter.
    pub fn with_enter(&mut self, mgr: Value) -> Exec<Flow> {
        let Some(name) = self.vm.program.name_id("__enter__") else {
            return Err(self.fatal("with: no __enter__"));
        };
        // A lock's `__enter__` is `acquire()`: `with lock as x` binds True.
        self.call_method(mgr, name, Args::default())
    }

    /// `with mgr:` — exit, with the active exception or None.
    pub fn with_exit(&mut self, mgr: Value, exc: Value) -> Exec<Flow> {
        let Some(name) = self.vm.program.name_id("__exit__") else {
            return Err(self.fatal("with: no __exit__"));
        };
        let args = if exc == Value::None {
            Args { pos: vec![Value::None, Value::None, Value::None], kw: vec![] }
        } else {
            let ty = self.type_of(&exc);
            Args { pos: vec![ty, exc, Value::None], kw: vec![] }
        };
        self.call_method(mgr, name, args)
    }
}
