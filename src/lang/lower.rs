//! Code generation: the Python AST to IR functions.

use super::printed::{QueueUseKind, Sink, Uses, Via};
use super::scope::{self, ModuleScope};
use crate::error::{Error, ErrorKind};
use crate::ir::*;
use rustpython_parser::ast::{self, Constant, Expr, Ranged, Stmt};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

type R<T> = Result<T, Error>;

/// Builtins that would reach the host or load code.
const HOST_BUILTINS: &[&str] = &["open", "exec", "eval", "compile", "input", "__import__", "breakpoint", "exit", "quit"];

/// Modules a model may not import: they would reach the host.
const HOST_MODULES: &[&str] = &[
    "subprocess", "socket", "shutil", "pathlib", "urllib", "requests", "http", "io", "tempfile", "signal",
    "ctypes", "asyncio", "select", "pickle",
];

pub struct Compiler<'a> {
    src: &'a SourceFile,
    scope: ModuleScope,
    names: Vec<Arc<str>>,
    name_ids: HashMap<String, NameId>,
    consts: Vec<Const>,
    kwnames: Vec<Vec<NameId>>,
    globals: Vec<Global>,
    global_ids: HashMap<String, GlobalId>,
    functions: Vec<Function>,
    classes: Vec<ClassDef>,
    /// Module-level names bound by `import M` (never re-bound).
    module_names: HashMap<String, Module>,
    /// Module-level names bound by `from M import X`.
    imported: HashMap<String, Builtin>,
    /// Module-level names bound by `from m import X` to a prelude member
    /// (`from multiprocessing import Process`), by prelude name.
    imported_prelude: HashMap<String, String>,
    defines: &'a HashMap<String, super::Defined>,
    literal_defines: &'a HashMap<i64, i64>,
    pub used_defines: HashSet<String>,
    /// The first statements of the body are the prelude's.
    prelude_len: usize,
    /// Classes by the name their `class` statement binds.
    class_ids: HashMap<String, ClassId>,
    /// Compiling the prelude: no source positions, `_ilv_` names shown bare.
    in_prelude: bool,
    /// While compiling the methods of a class defined in a function: the
    /// function's variables they capture (`class_def`).
    class_free: Vec<String>,
    /// The expression being compiled is a `time.sleep` length, or an
    /// arithmetic operand of one: `random.random()` may appear there.
    in_sleep_length: bool,
    /// The expression being compiled only becomes text that `print` writes,
    /// through operations that cannot fail or branch on its value: a clock
    /// read there is seen by no one but the reader of the output.
    /// Where the expression being lowered goes, if it is printed-only text
    /// (`lang/printed.rs`): straight to `print`, or to a local or queue
    /// that may turn out to be printed-only.
    in_print_text: Option<Sink>,
    /// A clock value (`time.time()`, `time.ctime()`) may reach something
    /// other than printed text (`Program::clock_observed`).
    clock_observed: bool,
    /// The model reads the clock somewhere (`Program::clock_read`).
    clock_read: bool,
    /// A clock value went through an operator, which a user class's
    /// `__add__`, `__lt__`, ... could receive.
    clock_through_operator: bool,
    /// Where values go, by function (`lang/printed.rs`).
    printed: Vec<(FuncId, Uses)>,
    /// A possibly printed value went through an operator (a class's
    /// operator method could be handed it).
    text_through_operator: bool,
    /// The expression being compiled is the callee of a call already checked.
    is_callee: bool,
    /// The model defines `__str__` or `__repr__`: `print`, `str`, `repr` and
    /// f-string fields go through the text helpers (`lang/mod.rs`), which
    /// run them as CPython does.
    pub user_text: bool,
}

/// The binary and comparison operator methods (without `__`; `r`
/// prefixed, the reflected ones).
const OPERATOR_METHODS: &[&str] = &[
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor", "lshift", "rshift", "matmul", "eq", "ne",
    "lt", "le", "gt", "ge",
];

/// A prelude name as users see it: `_ilv_Future` → `Future`.
fn shown_name(n: &str) -> &str {
    // `_ilv_mp_TimeoutError`: multiprocessing's own `TimeoutError`.
    n.strip_prefix("_ilv_mp_").or_else(|| n.strip_prefix("_ilv_")).unwrap_or(n)
}

enum Unwind {
    Loop { continue_to: u32, breaks: Vec<usize>, has_iter: bool },
    /// `try` with a handler block set up.
    Block,
    /// Inside an `except` body.
    Handler,
    Finally(Vec<Stmt>),
    With(u32),
}

struct Fn {
    code: Vec<Op>,
    spans: Vec<Span>,
    locals: Vec<NameId>,
    local_ids: HashMap<String, u32>,
    is_module: bool,
    declared_global: HashSet<String>,
    unwind: Vec<Unwind>,
    class: Option<ClassId>,
    span: Span,
    temps: u32,
    /// Comprehension variables, renamed to hidden locals (or to cells, when
    /// a lambda inside the comprehension captures them).
    renames: Vec<HashMap<String, Renamed>>,
    /// Names of the enclosing functions' locals (methods may not capture them).
    outer_locals: HashSet<String>,
    /// Cell variables by name: index into `cell_defs` and the frame's cells.
    cells: HashMap<String, u32>,
    cell_defs: Vec<Cell>,
    /// The function's qualified name, as CPython's `__qualname__` (empty
    /// for the module).
    qualname: String,
    /// Where values go (`lang/printed.rs`).
    printed: Uses,
}

impl<'a> Compiler<'a> {
    pub fn new(
        src: &'a SourceFile,
        body: &[Stmt],
        defines: &'a HashMap<String, super::Defined>,
        literal_defines: &'a HashMap<i64, i64>,
        prelude_len: usize,
    ) -> Compiler<'a> {
        let scope = ModuleScope::analyse(body);
        Compiler {
            src,
            scope,
            names: vec![],
            name_ids: HashMap::new(),
            consts: vec![],
            kwnames: vec![],
            globals: vec![],
            global_ids: HashMap::new(),
            functions: vec![],
            classes: vec![],
            module_names: HashMap::new(),
            imported: HashMap::new(),
            imported_prelude: HashMap::new(),
            defines,
            literal_defines,
            used_defines: HashSet::new(),
            prelude_len,
            in_prelude: false,
            class_free: Vec::new(),
            in_sleep_length: false,
            in_print_text: None,
            clock_observed: false,
            clock_read: false,
            clock_through_operator: false,
            printed: vec![],
            text_through_operator: false,
            is_callee: false,
            user_text: false,
            class_ids: HashMap::new(),
        }
    }

    fn span_of<T: Ranged>(&self, r: &T) -> Span {
        if self.in_prelude {
            return Span::default();
        }
        self.src.span(r.start().to_usize())
    }

    fn err(&self, kind: ErrorKind, span: Span, msg: impl Into<String>) -> Error {
        Error::at(kind, self.src, span, msg)
    }

    fn unsupported(&self, span: Span, what: &str) -> Error {
        self.err(ErrorKind::Unsupported, span, format!("{what} is not supported by interleave (see docs/language.md)"))
    }

    fn name(&mut self, n: &str) -> NameId {
        if let Some(&i) = self.name_ids.get(n) {
            return i;
        }
        let i = self.names.len() as NameId;
        self.names.push(Arc::from(n));
        self.name_ids.insert(n.to_string(), i);
        i
    }

    fn konst(&mut self, c: Const) -> ConstId {
        // Strings that may be keyword names (`f(**{"b": 1})`) must be names.
        if let Const::Str(s) = &c {
            if !s.is_empty() && s.len() <= 64 && s.chars().all(|ch| ch.is_alphanumeric() || ch == '_') {
                let s = s.to_string();
                self.name(&s);
            }
        }
        if let Some(i) = self.consts.iter().position(|x| *x == c && std::mem::discriminant(x) == std::mem::discriminant(&c)) {
            return i as ConstId;
        }
        self.consts.push(c);
        (self.consts.len() - 1) as ConstId
    }

    fn global(&mut self, n: &str) -> GlobalId {
        if let Some(&g) = self.global_ids.get(n) {
            return g;
        }
        // Shown without the prelude's `_ilv_` prefix.
        let name = self.name(&n.replace("_ilv_", ""));
        let g = self.globals.len() as GlobalId;
        self.globals.push(Global { name, shared: false });
        self.global_ids.insert(n.to_string(), g);
        g
    }

    pub fn compile_module(mut self, body: &[Stmt]) -> R<(Program, HashSet<String>)> {
        for g in self.scope.globals.clone() {
            self.global(&g);
        }
        // Names bound only by `import M` at module level resolve statically.
        let mut rebound = Vec::new();
        for s in body {
            if !matches!(s, Stmt::Import(_)) {
                scope::stmt_bindings(s, &mut rebound, true);
            }
        }
        for s in body {
            if let Stmt::Import(i) = s {
                for a in &i.names {
                    if let Some(m) = Module::from_name(&a.name) {
                        let n = a.asname.as_ref().unwrap_or(&a.name).to_string();
                        if !rebound.contains(&n) {
                            self.module_names.insert(n, m);
                        }
                    }
                }
            }
        }
        let mut f = Fn::new(true, None, HashSet::new());
        let mut model_start = None;
        for (i, s) in body.iter().enumerate() {
            self.in_prelude = i < self.prelude_len;
            if i == self.prelude_len {
                model_start = Some(f.here());
            }
            self.stmt(&mut f, s)?;
        }
        let model_start = model_start.unwrap_or(f.here());
        // `__name__` is a global, when used: a spawned child's is `__mp_main__`.
        let name_global = self.global_ids.get("__name__").copied();
        self.in_prelude = false;
        let prelude_globals: Vec<(String, GlobalId)> =
            self.global_ids.iter().filter(|(n, _)| n.starts_with("_ilv_")).map(|(n, &g)| (n.clone(), g)).collect();
        let k = self.konst(Const::None);
        f.emit(Op::Const(k));
        f.emit(Op::Return);
        let module = self.finish(f, "<module>".into(), "<module>".into(), vec![], None, None, None);
        let wait_for = self.wait_for_function();
        let mut raw: Vec<(&String, &GlobalId)> = self.global_ids.iter().collect();
        raw.sort_by_key(|(_, g)| **g);
        for (name, &g) in raw {
            self.globals[g as usize].shared = self.scope.is_shared_global(name);
        }
        let mut shared_attrs = vec![false; self.names.len()];
        for a in &self.scope.shared_attrs {
            if let Some(&id) = self.name_ids.get(a.as_str()) {
                shared_attrs[id as usize] = true;
            }
        }
        // Method names the VM looks up by name must exist.
        for n in ["__init__", "__enter__", "__exit__", "run", "target", "args", "kwargs"] {
            self.name(n);
        }
        shared_attrs.resize(self.names.len(), false);
        let used = std::mem::take(&mut self.used_defines);
        let clock_observed = self.clock_observed || (self.clock_through_operator && self.defines_operator());
        // A class's operator method could be handed a printed value.
        let printed = if self.text_through_operator && self.defines_operator() { vec![] } else { std::mem::take(&mut self.printed) };
        let mut program = Program {
                source: self.src.clone(),
                names: self.names,
                consts: self.consts,
                kwnames: self.kwnames,
                globals: self.globals,
                functions: self.functions,
                classes: self.classes,
                shared_attrs,
                module,
                wait_for,
                prelude_globals,
                process_class: self.class_ids.get("_ilv_Process").copied(),
                clock_observed,
                clock_read: self.clock_read,
                model_start,
                name_global,
            };
        super::printed::mark_printed(&mut program, &printed);
        Ok((program, used))
    }

    /// `Condition.wait_for` as CPython writes it: check the predicate, wait,
    /// check again; a wait that times out ends the loop. Its operations have
    /// no source position: traces show the caller's line.
    fn wait_for_function(&mut self) -> FuncId {
        let names: Vec<NameId> = ["cond", "predicate", "timeout", "result", "notified"].iter().map(|n| self.name(n)).collect();
        let wait = self.name("wait");
        let none = self.konst(Const::None);
        let g = self.global("Condition.wait_for.<default timeout>");
        let (cond, pred, timeout, result, notified) = (0, 1, 2, 3, 4);
        let end = 15;
        let code = vec![
            Op::LoadLocal(pred),
            Op::Call { argc: 0, kw: NO_KW },
            Op::StoreLocal(result),
            Op::LoadLocal(result),
            Op::JumpIfTrue(end),
            Op::LoadLocal(cond),
            Op::LoadLocal(timeout),
            Op::CallMethod { name: wait, argc: 1, kw: NO_KW },
            Op::StoreLocal(notified),
            Op::LoadLocal(pred),
            Op::Call { argc: 0, kw: NO_KW },
            Op::StoreLocal(result),
            Op::LoadLocal(notified),
            Op::JumpIfFalse(end),
            Op::Jump(3),
            Op::LoadLocal(result),
            Op::Return,
        ];
        let _ = none;
        let spans = vec![Span::default(); code.len()];
        let params = vec![
            Param { name: names[0], default: None },
            Param { name: names[1], default: None },
            Param { name: names[2], default: Some(DefaultArg::Global(g)) },
        ];
        self.functions.push(Function {
            name: "wait_for".into(),
            qualname: "Condition.wait_for".into(),
            params,
            varargs: None,
            kwargs: None,
            local_names: names,
            code,
            spans,
            cells: vec![],
            class: None,
            atomic: false,
            prelude: false,
        });
        (self.functions.len() - 1) as FuncId
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        f: Fn,
        name: Arc<str>,
        qualname: Arc<str>,
        params: Vec<Param>,
        varargs: Option<u32>,
        kwargs: Option<u32>,
        class: Option<ClassId>,
    ) -> FuncId {
        // Only the prelude can declare an atomic section (docs/ARCHITECTURE.md).
        let atomic = self.in_prelude && (name.starts_with("_atomic_") || name.starts_with("_ilv_atomic_"));
        let (name, qualname): (Arc<str>, Arc<str>) = (shown_name(&name).into(), qualname.replace("_ilv_", "").into());
        self.printed.push((self.functions.len() as FuncId, f.printed));
        self.functions.push(Function {
            name,
            qualname,
            params,
            varargs,
            kwargs,
            local_names: f.locals,
            code: f.code,
            spans: f.spans,
            cells: f.cell_defs,
            class,
            atomic,
            prelude: self.in_prelude,
        });
        (self.functions.len() - 1) as FuncId
    }

    // ---- statements -------------------------------------------------------

    fn block(&mut self, f: &mut Fn, body: &[Stmt]) -> R<()> {
        for s in body {
            self.stmt(f, s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, f: &mut Fn, s: &Stmt) -> R<()> {
        f.span = self.span_of(s);
        match s {
            Stmt::Expr(e) => {
                if matches!(&*e.value, Expr::Constant(c) if matches!(c.value, Constant::Str(_))) {
                    return Ok(()); // docstring
                }
                self.expr(f, &e.value)?;
                f.emit(Op::Pop);
            }
            Stmt::Pass(_) => f.emit(Op::Nop),
            Stmt::Assign(a) => {
                if f.is_module && a.targets.len() == 1 {
                    if let Expr::Name(n) = &a.targets[0] {
                        if let Some(d) = self.defines.get(n.id.as_str()) {
                            self.used_defines.insert(n.id.to_string());
                            match d {
                                super::Defined::Const(c) => {
                                    let k = self.konst(c.clone());
                                    f.emit(Op::Const(k));
                                }
                                super::Defined::List(items) => {
                                    let k = self.konst(Const::Tuple(items.clone()));
                                    f.emit(Op::LoadBuiltin(Builtin::List));
                                    f.emit(Op::Const(k));
                                    f.emit(Op::Call { argc: 1, kw: NO_KW });
                                }
                            }
                            return self.store(f, &a.targets[0]);
                        }
                    }
                }
                // `i = 0`, `i = i + 1`: a tally's start and move.
                if let [Expr::Name(n)] = &a.targets[..] {
                    let name = n.id.as_str();
                    let moved_from = match &*a.value {
                        Expr::BinOp(b) if matches!(b.op, ast::Operator::Add | ast::Operator::Sub) && is_int_constant(&b.right) => {
                            matches!(&*b.left, Expr::Name(m) if m.id.as_str() == name)
                        }
                        _ => false,
                    };
                    // The value goes into the local: printed-only if it is.
                    let resolved = self.resolve(f, name);
                    if let Some(Resolved::Local(slot)) = resolved {
                        self.in_print_text = Some(Sink::Local(slot));
                    }
                    let load = f.here();
                    self.expr(f, &a.value)?;
                    let store = f.here();
                    self.store(f, &a.targets[0])?;
                    if moved_from {
                        f.printed.fits.extend([(load, Sink::Print), (store, Sink::Print)]);
                    } else if is_int_constant(&a.value) {
                        f.printed.fits.push((store, Sink::Print));
                    }
                    match resolved {
                        Some(Resolved::Local(_)) => f.printed.text_stores.push(store),
                        Some(Resolved::Global(g)) => {
                            if let Some(via) = self.queue_made(f, &a.value) {
                                f.printed.queue_stores.push((g, store, via));
                            }
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                self.expr(f, &a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        f.emit(Op::Dup);
                    }
                    self.store(f, t)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(f, v)?;
                    self.store(f, &a.target)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(f, a)?,
            Stmt::If(i) => {
                self.expr(f, &i.test)?;
                let jf = f.emit_jump(Op::JumpIfFalse(0));
                self.block(f, &i.body)?;
                if i.orelse.is_empty() {
                    f.patch(jf);
                } else {
                    let j = f.emit_jump(Op::Jump(0));
                    f.patch(jf);
                    self.block(f, &i.orelse)?;
                    f.patch(j);
                }
            }
            Stmt::While(w) => {
                let top = f.here();
                self.expr(f, &w.test)?;
                let exit = f.emit_jump(Op::JumpIfFalse(0));
                f.unwind.push(Unwind::Loop { continue_to: top, breaks: vec![], has_iter: false });
                self.block(f, &w.body)?;
                f.emit(Op::Jump(top));
                let Some(Unwind::Loop { breaks, .. }) = f.unwind.pop() else { unreachable!() };
                f.patch(exit);
                self.block(f, &w.orelse)?;
                for b in breaks {
                    f.patch(b);
                }
            }
            Stmt::For(x) => {
                self.expr(f, &x.iter)?;
                f.span = self.span_of(s);
                f.emit(Op::GetIter);
                let top = f.here();
                let exit = f.emit_jump(Op::ForIter(0));
                self.store(f, &x.target)?;
                f.unwind.push(Unwind::Loop { continue_to: top, breaks: vec![], has_iter: true });
                self.block(f, &x.body)?;
                f.emit(Op::Jump(top));
                let Some(Unwind::Loop { breaks, .. }) = f.unwind.pop() else { unreachable!() };
                f.patch(exit);
                self.block(f, &x.orelse)?;
                for b in breaks {
                    f.patch(b);
                }
            }
            Stmt::Break(_) | Stmt::Continue(_) => {
                let is_break = matches!(s, Stmt::Break(_));
                let Some(depth) = f.unwind.iter().rposition(|u| matches!(u, Unwind::Loop { .. })) else {
                    let what = if is_break { "'break' outside loop" } else { "'continue' not properly in loop" };
                    return Err(self.err(ErrorKind::Syntax, f.span, what));
                };
                self.unwind_to(f, depth + 1)?;
                let Unwind::Loop { continue_to, has_iter, .. } = f.unwind[depth] else { unreachable!() };
                if is_break {
                    if has_iter {
                        f.emit(Op::Pop);
                    }
                    let j = f.emit_jump(Op::Jump(0));
                    if let Unwind::Loop { breaks, .. } = &mut f.unwind[depth] {
                        breaks.push(j);
                    }
                } else {
                    f.emit(Op::Jump(continue_to));
                }
            }
            Stmt::Return(r) => {
                if f.is_module {
                    return Err(self.err(ErrorKind::Syntax, f.span, "'return' outside function"));
                }
                match &r.value {
                    Some(v) => self.expr(f, v)?,
                    None => {
                        let k = self.konst(Const::None);
                        f.emit(Op::Const(k));
                    }
                }
                if f.unwind.iter().any(|u| !matches!(u, Unwind::Loop { .. })) {
                    let tmp = self.temp(f);
                    f.emit(Op::StoreLocal(tmp));
                    self.unwind_to(f, 0)?;
                    f.emit(Op::LoadLocal(tmp));
                }
                f.emit(Op::Return);
            }
            Stmt::FunctionDef(d) => {
                // Decorators: evaluated before the function is made, then
                // applied innermost first, as CPython.
                for dec in &d.decorator_list {
                    if let Some(n) = builtin_decorator(dec) {
                        return Err(self.unsupported(self.span_of(dec), &format!("`@{n}` outside a class body")));
                    }
                    self.expr(f, dec)?;
                }
                let plain = without_decorators(d);
                let (id, n, free) = self.function_def(f, &plain, None)?;
                f.span = self.span_of(s);
                self.make_function(f, id, n, &free);
                for _ in &d.decorator_list {
                    f.emit(Op::Call { argc: 1, kw: NO_KW });
                }
                self.store_name(f, d.name.as_str())?;
            }
            Stmt::ClassDef(c) => {
                let id = self.class_def(f, c)?;
                f.span = self.span_of(s);
                f.emit(Op::MakeClass(id));
                self.store_name(f, c.name.as_str())?;
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    if Module::from_name(&a.name).is_none() {
                        return Err(self.bad_module(f.span, &a.name));
                    }
                    // `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                    let (bound, module) = match &a.asname {
                        Some(n) => (n.to_string(), Module::from_name(&a.name)),
                        None => {
                            let first = a.name.split('.').next().unwrap_or(&a.name).to_string();
                            let m = Module::from_name(&first);
                            (first, m)
                        }
                    };
                    let Some(m) = module else {
                        return Err(self.bad_module(f.span, &a.name));
                    };
                    f.emit(Op::Import(m));
                    self.store_name(f, &bound)?;
                }
            }
            Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
                let Some(m) = Module::from_name(&module) else {
                    return Err(self.bad_module(f.span, &module));
                };
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        return Err(self.unsupported(f.span, "`from ... import *`"));
                    }
                    let n = a.asname.as_ref().unwrap_or(&a.name).to_string();
                    if let Some(b) = m.member(&a.name) {
                        f.emit(Op::LoadBuiltin(b));
                        if f.is_module {
                            self.imported.insert(n.clone(), b);
                        }
                    } else if let Some(sub) = m.submodule(&a.name) {
                        f.emit(Op::Import(sub));
                    } else if let Some(g) = m.prelude_member(&a.name).and_then(|p| self.global_ids.get(p).copied()) {
                        f.emit(Op::LoadGlobal(g));
                        if f.is_module {
                            self.imported_prelude.insert(n.clone(), m.prelude_member(&a.name).unwrap_or_default().to_string());
                        }
                    } else {
                        return Err(self.err(
                            ErrorKind::Unsupported,
                            f.span,
                            format!("`{}.{}` is not supported by interleave (or does not exist)", m.name(), a.name),
                        ));
                    }
                    self.store_name(f, &n)?;
                }
            }
            Stmt::Global(_) => {}
            Stmt::Nonlocal(_) => {
                if f.is_module {
                    return Err(self.err(ErrorKind::Syntax, f.span, "nonlocal declaration not allowed at module level"));
                }
            }
            Stmt::Assert(a) => {
                self.expr(f, &a.test)?;
                let ok = f.emit_jump(Op::JumpIfTrue(0));
                match &a.msg {
                    Some(m) => self.expr(f, m)?,
                    None => {
                        let k = self.konst(Const::None);
                        f.emit(Op::Const(k));
                    }
                }
                f.span = self.span_of(s);
                f.emit(Op::AssertFail);
                f.patch(ok);
            }
            Stmt::Raise(r) => {
                if r.cause.is_some() {
                    return Err(self.unsupported(f.span, "`raise ... from ...`"));
                }
                match &r.exc {
                    Some(e) => {
                        self.expr(f, e)?;
                        f.span = self.span_of(s);
                        f.emit(Op::Raise);
                    }
                    None => {
                        let k = self.konst(Const::None);
                        f.emit(Op::Const(k));
                        f.emit(Op::Raise);
                    }
                }
            }
            Stmt::Try(t) => self.try_stmt(f, t)?,
            Stmt::With(w) => self.with_stmt(f, &w.items, &w.body)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    match t {
                        Expr::Name(n) => {
                            let n = n.id.to_string();
                            match self.resolve(f, &n) {
                                Some(Resolved::Local(i)) => f.emit(Op::DeleteLocal(i)),
                                Some(Resolved::Cell(i)) => f.emit(Op::DeleteCell(i)),
                                _ => return Err(self.unsupported(f.span, "deleting a global")),
                            }
                        }
                        Expr::Subscript(sub) => {
                            self.expr(f, &sub.value)?;
                            self.expr(f, &sub.slice)?;
                            f.emit(Op::DeleteSubscript);
                        }
                        _ => return Err(self.unsupported(f.span, "this `del` target")),
                    }
                }
            }
            Stmt::AsyncFunctionDef(_) | Stmt::AsyncFor(_) | Stmt::AsyncWith(_) => {
                return Err(self.unsupported(f.span, "async code"));
            }
            Stmt::Match(_) => return Err(self.unsupported(f.span, "`match`")),
            _ => return Err(self.unsupported(f.span, "this statement")),
        }
        Ok(())
    }

    fn bad_module(&self, span: Span, name: &str) -> Error {
        let root = name.split('.').next().unwrap_or(name);
        let msg = if HOST_MODULES.contains(&root) {
            format!("module `{name}` is not supported: a model never touches the host (files, processes, network)")
        } else {
            format!(
                "module `{name}` is not supported by interleave yet (supported: threading, _thread, queue, \
                 concurrent.futures, multiprocessing, time, random, math, and sys.exit / os.getpid / os.getppid)"
            )
        };
        self.err(ErrorKind::Unsupported, span, msg)
    }

    /// Emit the cleanup of every unwind entry above `depth` (innermost
    /// first), as a `return`/`break`/`continue` leaves them.
    fn unwind_to(&mut self, f: &mut Fn, depth: usize) -> R<()> {
        let entries: Vec<usize> = (depth..f.unwind.len()).rev().collect();
        for i in entries {
            match &f.unwind[i] {
                // A loop's iterator is popped by `break` itself, or discarded
                // with the frame on `return`.
                Unwind::Loop { .. } => {}
                Unwind::Block => f.emit(Op::PopBlock),
                Unwind::Handler => f.emit(Op::PopExcept),
                Unwind::Finally(body) => {
                    let body = body.clone();
                    f.emit(Op::PopBlock);
                    // The finally body runs outside its own block.
                    let saved: Vec<Unwind> = f.unwind.drain(i..).collect();
                    self.block(f, &body)?;
                    f.unwind.extend(saved);
                }
                Unwind::With(tmp) => {
                    let tmp = *tmp;
                    f.emit(Op::PopBlock);
                    f.emit(Op::LoadLocal(tmp));
                    let k = self.konst(Const::None);
                    f.emit(Op::Const(k));
                    f.emit(Op::WithExit);
                    f.emit(Op::Pop);
                }
            }
        }
        Ok(())
    }

    fn temp(&mut self, f: &mut Fn) -> u32 {
        f.temps += 1;
        let n = format!("$tmp{}", f.temps);
        let id = self.name(&n);
        f.new_local(&n, id)
    }

    fn try_stmt(&mut self, f: &mut Fn, t: &ast::StmtTry) -> R<()> {
        if !t.finalbody.is_empty() {
            let setup = f.emit_jump(Op::SetupExcept(0));
            f.unwind.push(Unwind::Finally(t.finalbody.clone()));
            if t.handlers.is_empty() {
                self.block(f, &t.body)?;
                self.block(f, &t.orelse)?;
            } else {
                self.try_except(f, t)?;
            }
            f.unwind.pop();
            f.emit(Op::PopBlock);
            self.block(f, &t.finalbody)?;
            let end = f.emit_jump(Op::Jump(0));
            f.patch(setup);
            // Exceptional path: the exception is on the stack.
            f.unwind.push(Unwind::Handler);
            self.block(f, &t.finalbody)?;
            f.unwind.pop();
            f.emit(Op::Reraise);
            f.patch(end);
            Ok(())
        } else {
            self.try_except(f, t)
        }
    }

    fn try_except(&mut self, f: &mut Fn, t: &ast::StmtTry) -> R<()> {
        let setup = f.emit_jump(Op::SetupExcept(0));
        f.unwind.push(Unwind::Block);
        self.block(f, &t.body)?;
        f.unwind.pop();
        f.emit(Op::PopBlock);
        self.block(f, &t.orelse)?;
        let mut ends = vec![f.emit_jump(Op::Jump(0))];
        f.patch(setup);
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            f.span = self.span_of(h);
            let mut next = None;
            if let Some(ty) = &h.type_ {
                f.emit(Op::Dup);
                self.expr(f, ty)?;
                f.emit(Op::ExceptionMatch);
                next = Some(f.emit_jump(Op::JumpIfFalse(0)));
            }
            match &h.name {
                Some(n) => self.store_name(f, n.as_str())?,
                None => f.emit(Op::Pop),
            }
            f.unwind.push(Unwind::Handler);
            self.block(f, &h.body)?;
            f.unwind.pop();
            f.emit(Op::PopExcept);
            ends.push(f.emit_jump(Op::Jump(0)));
            if let Some(n) = next {
                f.patch(n);
            }
        }
        f.emit(Op::Reraise);
        for e in ends {
            f.patch(e);
        }
        Ok(())
    }

    fn with_stmt(&mut self, f: &mut Fn, items: &[ast::WithItem], body: &[Stmt]) -> R<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.block(f, body);
        };
        let span = f.span;
        self.expr(f, &item.context_expr)?;
        f.span = span;
        let tmp = self.temp(f);
        f.emit(Op::Dup);
        f.emit(Op::StoreLocal(tmp));
        f.emit(Op::WithEnter);
        match &item.optional_vars {
            Some(v) => self.store(f, v)?,
            None => f.emit(Op::Pop),
        }
        let setup = f.emit_jump(Op::SetupExcept(0));
        f.unwind.push(Unwind::With(tmp));
        self.with_stmt(f, rest, body)?;
        f.unwind.pop();
        f.span = span;
        f.emit(Op::PopBlock);
        f.emit(Op::LoadLocal(tmp));
        let k = self.konst(Const::None);
        f.emit(Op::Const(k));
        f.emit(Op::WithExit);
        f.emit(Op::Pop);
        let end = f.emit_jump(Op::Jump(0));
        f.patch(setup);
        // [exc] → [exc, mgr, exc] → WithExit → [exc, suppress]
        f.emit(Op::Dup);
        f.emit(Op::LoadLocal(tmp));
        f.emit(Op::Rot2);
        f.emit(Op::WithExit);
        let suppress = f.emit_jump(Op::JumpIfTrue(0));
        f.emit(Op::Reraise);
        f.patch(suppress);
        f.emit(Op::Pop);
        f.emit(Op::PopExcept);
        f.patch(end);
        Ok(())
    }

    fn aug_assign(&mut self, f: &mut Fn, a: &ast::StmtAugAssign) -> R<()> {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                // `i += 1`: a tally's move (`lang/printed.rs`).
                let moves = matches!(a.op, ast::Operator::Add | ast::Operator::Sub) && is_int_constant(&a.value);
                let load = f.here();
                self.load_name(f, n.id.as_str())?;
                self.expr(f, &a.value)?;
                f.span = self.span_of(a);
                f.emit(Op::Inplace(op));
                let store = f.here();
                self.store_name(f, n.id.as_str())?;
                if moves {
                    f.printed.fits.extend([(load, Sink::Print), (store, Sink::Print)]);
                }
                Ok(())
            }
            Expr::Attribute(at) => {
                self.expr(f, &at.value)?;
                f.emit(Op::Dup);
                let name = self.name(at.attr.as_str());
                f.emit(Op::LoadAttr(name));
                self.expr(f, &a.value)?;
                f.span = self.span_of(a);
                f.emit(Op::Inplace(op));
                f.emit(Op::Rot2);
                f.emit(Op::StoreAttr(name));
                Ok(())
            }
            Expr::Subscript(sub) => {
                let (o, k) = (self.temp(f), self.temp(f));
                self.expr(f, &sub.value)?;
                f.emit(Op::StoreLocal(o));
                self.expr(f, &sub.slice)?;
                f.emit(Op::StoreLocal(k));
                f.emit(Op::LoadLocal(o));
                f.emit(Op::LoadLocal(k));
                f.emit(Op::LoadSubscript);
                self.expr(f, &a.value)?;
                f.span = self.span_of(a);
                f.emit(Op::Inplace(op));
                f.emit(Op::LoadLocal(o));
                f.emit(Op::LoadLocal(k));
                f.emit(Op::StoreSubscript);
                Ok(())
            }
            _ => Err(self.unsupported(f.span, "this augmented assignment target")),
        }
    }

    fn store(&mut self, f: &mut Fn, t: &Expr) -> R<()> {
        match t {
            Expr::Name(n) => self.store_name(f, n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(f, &a.value)?;
                let name = self.name(a.attr.as_str());
                f.emit(Op::StoreAttr(name));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(f, &s.value)?;
                self.expr(f, &s.slice)?;
                f.emit(Op::StoreSubscript);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let starred: Vec<usize> = elts.iter().enumerate().filter(|(_, e)| matches!(e, Expr::Starred(_))).map(|(i, _)| i).collect();
                match starred.as_slice() {
                    [] => f.emit(Op::UnpackSequence(elts.len() as u16)),
                    // `a, *rest = x`: the starred target gets a list.
                    &[i] => f.emit(Op::UnpackEx { before: i as u16, after: (elts.len() - i - 1) as u16 }),
                    _ => return Err(self.err(ErrorKind::Syntax, self.span_of(t), "multiple starred expressions in assignment")),
                }
                for e in elts {
                    match e {
                        Expr::Starred(st) => self.store(f, &st.value)?,
                        other => self.store(f, other)?,
                    }
                }
                Ok(())
            }
            _ => Err(self.unsupported(self.span_of(t), "this assignment target")),
        }
    }

    fn resolve(&self, f: &Fn, n: &str) -> Option<Resolved> {
        for r in f.renames.iter().rev() {
            match r.get(n) {
                Some(&Renamed::Local(i)) => return Some(Resolved::Local(i)),
                Some(&Renamed::Cell(i)) => return Some(Resolved::Cell(i)),
                None => {}
            }
        }
        if !f.is_module && !f.declared_global.contains(n) {
            if let Some(&i) = f.cells.get(n) {
                return Some(Resolved::Cell(i));
            }
            if let Some(&i) = f.local_ids.get(n) {
                return Some(Resolved::Local(i));
            }
        }
        if let Some(&g) = self.global_ids.get(n) {
            return Some(Resolved::Global(g));
        }
        Builtin::from_builtin_name(n).map(Resolved::Builtin)
    }

    fn store_name(&mut self, f: &mut Fn, n: &str) -> R<()> {
        match self.resolve(f, n) {
            Some(Resolved::Local(i)) => f.emit(Op::StoreLocal(i)),
            Some(Resolved::Cell(i)) => f.emit(Op::StoreCell(i)),
            Some(Resolved::Global(g)) => f.emit(Op::StoreGlobal(g)),
            _ => {
                let g = self.global(n);
                f.emit(Op::StoreGlobal(g))
            }
        }
        Ok(())
    }

    fn load_name(&mut self, f: &mut Fn, n: &str) -> R<()> {
        if n == "__name__" && self.resolve(f, n).is_none() {
            // A global only where a process can be spawned (its child's is
            // `__mp_main__`); elsewhere the constant, which no state holds.
            if self.class_ids.contains_key("_ilv_SpawnProcess") {
                let g = self.global("__name__");
                f.emit(Op::LoadGlobal(g));
            } else {
                let k = self.konst(Const::Str("__main__".into()));
                f.emit(Op::Const(k));
            }
            return Ok(());
        }
        match self.resolve(f, n) {
            Some(Resolved::Local(i)) => f.emit(Op::LoadLocal(i)),
            Some(Resolved::Cell(i)) => f.emit(Op::LoadCell(i)),
            Some(Resolved::Global(g)) => f.emit(Op::LoadGlobal(g)),
            Some(Resolved::Builtin(b)) => f.emit(Op::LoadBuiltin(b)),
            None => {
                if HOST_BUILTINS.contains(&n) {
                    return Err(self.err(
                        ErrorKind::Unsupported,
                        f.span,
                        format!("`{n}` is not supported: a model never touches the host (files, processes, code loading)"),
                    ));
                }
                if f.outer_locals.contains(n) {
                    return Err(self.unsupported(
                        f.span,
                        &format!("a method using `{n}` of the function its class is defined in (a closure in a class body)"),
                    ));
                }
                return Err(self.err(ErrorKind::Name, f.span, format!("name '{n}' is not defined")));
            }
        }
        Ok(())
    }

    /// Push a function object: with the cells it captures (indexes into
    /// the defining function's cells), a closure.
    fn make_function(&mut self, f: &mut Fn, id: FuncId, defaults: u16, free: &[u32]) {
        if free.is_empty() {
            f.emit(Op::MakeFunction(id, defaults));
            return;
        }
        for &c in free {
            f.emit(Op::LoadCellRef(c));
        }
        f.emit(Op::MakeClosure { func: id, defaults, cells: free.len() as u16 });
    }

    /// Compile a `def`; returns the function, how many defaults it captured
    /// (pushed on `outer`'s stack for `MakeFunction`) and the cells of
    /// `outer` it captures, in order (empty: not a closure).
    fn function_def(
        &mut self,
        outer: &mut Fn,
        d: &ast::StmtFunctionDef,
        class: Option<(ClassId, &str)>,
    ) -> R<(FuncId, u16, Vec<u32>)> {
        let span = self.span_of(d);
        if !d.decorator_list.is_empty() {
            return Err(self.unsupported(span, "decorators"));
        }
        let declared = scope::declared_globals(&d.body);
        let fs = scope::FnScope::analyse(d);
        let mut outer_locals: HashSet<String> = outer.outer_locals.clone();
        if !outer.is_module {
            outer_locals.extend(outer.local_ids.keys().cloned());
            outer_locals.extend(outer.cells.keys().cloned());
        }
        let mut f = Fn::new(false, class.map(|c| c.0), outer_locals);
        f.declared_global = declared.clone();
        f.span = span;
        // CPython's qualified name: `C.m`, and `outer.<locals>.f` inside a
        // function (what pickling a nested function says it cannot find).
        let own = match class {
            Some((_, cname)) => format!("{cname}.{}", d.name),
            None => d.name.to_string(),
        };
        f.qualname = if outer.is_module { own } else { format!("{}.<locals>.{own}", outer.qualname) };
        // Free variables bound by an enclosing function: captured cells.
        let mut free_outer = Vec::new();
        let mut free_names = Vec::new();
        if class.is_some() {
            // A method of a class in a function: the class's captured cells.
            for n in &self.class_free {
                free_outer.push(outer.cells[n]);
                free_names.push(n.clone());
            }
        } else {
            for n in &fs.free {
                // A comprehension's variable: its cell (see `comprehension`).
                match outer.renames.iter().rev().find_map(|r| r.get(n)) {
                    Some(&Renamed::Cell(c)) => {
                        free_outer.push(c);
                        free_names.push(n.clone());
                        continue;
                    }
                    Some(&Renamed::Local(_)) => {
                        return Err(self.unsupported(
                            span,
                            &format!("a function or lambda inside a comprehension using its variable `{n}` (a closure over it)"),
                        ));
                    }
                    None => {}
                }
                if !outer.is_module && !outer.declared_global.contains(n) {
                    if let Some(&c) = outer.cells.get(n) {
                        free_outer.push(c);
                        free_names.push(n.clone());
                    }
                }
            }
        }
        for n in &fs.nonlocals {
            let at = match nonlocal_offset(&d.body, n) {
                Some(o) if !self.in_prelude => self.src.span(o),
                _ => span,
            };
            if class.is_some() {
                return Err(self.unsupported(at, "`nonlocal` in a method"));
            }
            if !free_names.contains(n) {
                return Err(self.err(ErrorKind::Syntax, at, format!("no binding for nonlocal '{n}' found")));
            }
        }
        let mut params = Vec::new();
        let mut captured: u16 = 0;
        let args = &d.args;
        for a in args.posonlyargs.iter().chain(&args.args) {
            let id = self.name(a.def.arg.as_str());
            f.new_local(a.def.arg.as_str(), id);
            let default = match (&a.default, class) {
                // Evaluated now, in the defining scope.
                (Some(e), Some((_, c))) => {
                    let g = self.global(&format!("{c}.{}.<default {}>", d.name, a.def.arg));
                    self.expr(outer, e)?;
                    outer.emit(Op::StoreGlobal(g));
                    Some(DefaultArg::Global(g))
                }
                (Some(e), None) => {
                    self.expr(outer, e)?;
                    captured += 1;
                    Some(DefaultArg::Captured(captured - 1))
                }
                (None, _) => None,
            };
            params.push(Param { name: id, default });
        }
        if !args.kwonlyargs.is_empty() {
            return Err(self.unsupported(span, "keyword-only parameters"));
        }
        let varargs = match &args.vararg {
            Some(a) => {
                let id = self.name(a.arg.as_str());
                Some(f.new_local(a.arg.as_str(), id))
            }
            None => None,
        };
        let kwargs = match &args.kwarg {
            Some(a) => {
                let id = self.name(a.arg.as_str());
                Some(f.new_local(a.arg.as_str(), id))
            }
            None => None,
        };
        let mut bound = Vec::new();
        for s in &d.body {
            scope::stmt_bindings(s, &mut bound, true);
        }
        for n in bound {
            if !declared.contains(&n) && !fs.nonlocals.contains(&n) && !fs.cells.contains(&n) && !f.local_ids.contains_key(&n) {
                let id = self.name(&n);
                f.new_local(&n, id);
            }
        }
        // Cells: the locals nested functions capture, then the free variables.
        for n in &fs.cells {
            let id = self.name(n);
            let kind = match f.local_ids.get(n) {
                Some(&slot) => CellKind::Param(slot),
                None => CellKind::Own,
            };
            f.cells.insert(n.clone(), f.cell_defs.len() as u32);
            f.cell_defs.push(Cell { name: id, kind, shared: fs.shared_cells.contains(n) });
        }
        for (i, n) in free_names.iter().enumerate() {
            let id = self.name(n);
            let shared = outer.cell_defs[free_outer[i] as usize].shared;
            f.cells.insert(n.clone(), f.cell_defs.len() as u32);
            f.cell_defs.push(Cell { name: id, kind: CellKind::Free(i as u16), shared });
        }
        for s in &d.body {
            self.stmt(&mut f, s)?;
        }
        let k = self.konst(Const::None);
        f.emit(Op::Const(k));
        f.emit(Op::Return);
        let qualname: Arc<str> = f.qualname.as_str().into();
        Ok((self.finish(f, d.name.as_str().into(), qualname, params, varargs, kwargs, class.map(|c| c.0)), captured, free_outer))
    }

    fn class_def(&mut self, outer: &mut Fn, c: &ast::StmtClassDef) -> R<ClassId> {
        let span = self.span_of(c);
        if !c.decorator_list.is_empty() || !c.keywords.is_empty() {
            return Err(self.unsupported(span, "class decorators and keywords"));
        }
        let base = match c.bases.as_slice() {
            [] => ClassBase::Object,
            [b] => self.class_base(b)?,
            _ => return Err(self.unsupported(span, "multiple inheritance")),
        };
        let id = self.classes.len() as ClassId;
        self.classes.push(ClassDef {
            name: shown_name(c.name.as_str()).into(),
            base,
            methods: vec![],
            attrs: vec![],
            properties: vec![],
            method_kinds: vec![],
            cells: None,
            prelude: self.in_prelude,
        });
        // A class in a function: the function's variables its methods use,
        // captured as every method's free variables (in this order).
        let mut class_free: Vec<String> = Vec::new();
        if !outer.is_module {
            for st in &c.body {
                if let Stmt::FunctionDef(d) = st {
                    for n in scope::FnScope::analyse(d).free {
                        if !outer.declared_global.contains(&n) && outer.cells.contains_key(&n) && !class_free.contains(&n) {
                            class_free.push(n);
                        }
                    }
                }
            }
        }
        let saved_class_free = std::mem::replace(&mut self.class_free, class_free.clone());
        self.class_ids.insert(c.name.to_string(), id);
        for s in &c.body {
            match s {
                Stmt::FunctionDef(d) if !d.decorator_list.is_empty() => self.decorated_method(outer, id, c.name.as_str(), d)?,
                Stmt::FunctionDef(d) => {
                    let (fid, _, _) = self.function_def(outer, d, Some((id, c.name.as_str())))?;
                    let n = self.name(d.name.as_str());
                    self.classes[id as usize].methods.push((n, fid));
                }
                Stmt::Assign(a) if a.targets.len() == 1 && is_property_call(&a.value) => {
                    let Expr::Name(n) = &a.targets[0] else {
                        return Err(self.unsupported(self.span_of(s), "a property assigned to anything but a name"));
                    };
                    let Expr::Call(call) = &*a.value else { unreachable!() };
                    let span = self.span_of(&*a.value);
                    if !call.keywords.is_empty() || call.args.is_empty() || call.args.len() > 2 {
                        return Err(self.unsupported(span, "property(...) other than property(getter) or property(getter, setter)"));
                    }
                    let accessor = |e: &Expr| -> R<FuncId> {
                        let method = match e {
                            Expr::Name(m) => self.name_ids.get(m.id.as_str()).and_then(|m| self.classes[id as usize].methods.iter().find(|(k, _)| *k == *m)),
                            _ => None,
                        };
                        method.map(|&(_, f)| f).ok_or_else(|| self.unsupported(self.span_of(e), "a property accessor other than a method defined above it in the class"))
                    };
                    let get = accessor(&call.args[0])?;
                    let set = call.args.get(1).map(accessor).transpose()?;
                    let name = self.name(n.id.as_str());
                    self.classes[id as usize].properties.push(Property { name, get, set });
                }
                Stmt::Assign(a) if a.targets.len() == 1 && matches!(a.targets[0], Expr::Name(_)) => {
                    let Expr::Name(n) = &a.targets[0] else { unreachable!() };
                    let g = self.global(&format!("{}.{}", c.name, n.id));
                    self.expr(outer, &a.value)?;
                    outer.emit(Op::StoreGlobal(g));
                    let n = self.name(n.id.as_str());
                    self.classes[id as usize].attrs.push((n, g));
                }
                Stmt::Pass(_) => {}
                Stmt::Expr(e) if matches!(&*e.value, Expr::Constant(_)) => {}
                _ => return Err(self.unsupported(self.span_of(s), "this statement in a class body (methods and constant attributes only)")),
            }
        }
        self.class_free = saved_class_free;
        if !class_free.is_empty() {
            let g = self.global(&format!("{}.<cells {id}>", c.name));
            self.classes[id as usize].cells = Some(g);
            for n in &class_free {
                outer.emit(Op::LoadCellRef(outer.cells[n]));
            }
            outer.span = span;
            outer.emit(Op::BuildTuple(class_free.len() as u16));
            outer.emit(Op::SetClassCells(id));
        }
        Ok(id)
    }

    /// A method with decorators in a class body: `@property` and
    /// `@name.setter` (properties), `@staticmethod` and `@classmethod`
    /// (methods binding nothing or the class), or user decorators: the
    /// function they return is a class attribute, which binds to the
    /// instance when it is a function.
    fn decorated_method(&mut self, outer: &mut Fn, class: ClassId, cname: &str, d: &ast::StmtFunctionDef) -> R<()> {
        let span = self.span_of(d);
        let kind = match d.decorator_list.as_slice() {
            [Expr::Name(p)] if p.id.as_str() == "staticmethod" => Some(MethodKind::Static),
            [Expr::Name(p)] if p.id.as_str() == "classmethod" => Some(MethodKind::Class),
            _ => None,
        };
        if let Some(kind) = kind {
            let (fid, _, _) = self.function_def(outer, &without_decorators(d), Some((class, cname)))?;
            let n = self.name(d.name.as_str());
            let def = &mut self.classes[class as usize];
            def.methods.retain(|(k, _)| *k != n);
            def.methods.push((n, fid));
            def.method_kinds.retain(|(k, _)| *k != n);
            def.method_kinds.push((n, kind));
            return Ok(());
        }
        let is_property = |e: &Expr| match e {
            Expr::Name(p) => p.id.as_str() == "property",
            Expr::Attribute(a) => matches!(a.attr.as_str(), "setter" | "getter" | "deleter"),
            _ => false,
        };
        if d.decorator_list.iter().any(is_property) {
            return self.property_def(outer, class, cname, d);
        }
        if let Some(e) = d.decorator_list.iter().find(|e| builtin_decorator(e).is_some()) {
            return Err(self.unsupported(self.span_of(e), "`@staticmethod` / `@classmethod` together with other decorators"));
        }
        // The VM calls these by name, as methods of the class.
        if d.name.starts_with("__") && d.name.ends_with("__") {
            return Err(self.unsupported(span, "a decorator on a special method (`__init__`, `__iter__`, ...)"));
        }
        if d.name.as_str() == "run" && self.derives_from_thread(class) {
            return Err(self.unsupported(span, "a decorator on the `run` method of a Thread or Process subclass"));
        }
        for dec in &d.decorator_list {
            self.expr(outer, dec)?;
        }
        let (fid, _, _) = self.function_def(outer, &without_decorators(d), Some((class, cname)))?;
        outer.span = span;
        outer.emit(Op::MakeFunction(fid, 0));
        for _ in &d.decorator_list {
            outer.emit(Op::Call { argc: 1, kw: NO_KW });
        }
        let g = self.global(&format!("{cname}.{}", d.name));
        outer.emit(Op::StoreGlobal(g));
        let n = self.name(d.name.as_str());
        let def = &mut self.classes[class as usize];
        def.methods.retain(|(k, _)| *k != n);
        def.attrs.retain(|(k, _)| *k != n);
        def.attrs.push((n, g));
        Ok(())
    }

    /// A subclass of `threading.Thread` (or of the prelude's `Process`).
    fn derives_from_thread(&self, class: ClassId) -> bool {
        let mut c = class;
        loop {
            match self.classes[c as usize].base {
                ClassBase::Thread => return true,
                ClassBase::User(b) => c = b,
                _ => return false,
            }
        }
    }

    /// `@property` makes a property with the method as getter,
    /// `@name.setter` gives property `name` its setter; other decorators
    /// with them are refused.
    fn property_def(&mut self, outer: &mut Fn, class: ClassId, cname: &str, d: &ast::StmtFunctionDef) -> R<()> {
        let span = self.span_of(d);
        let setter_of = match d.decorator_list.as_slice() {
            [Expr::Name(p)] if p.id.as_str() == "property" => None,
            [Expr::Attribute(a)] if a.attr.as_str() == "setter" && matches!(&*a.value, Expr::Name(n) if n.id == d.name) => Some(()),
            _ => return Err(self.unsupported(span, "decorators (other than @property and @name.setter)")),
        };
        let mut plain = d.clone();
        plain.decorator_list.clear();
        let (fid, _, _) = self.function_def(outer, &plain, Some((class, cname)))?;
        let name = self.name(d.name.as_str());
        let props = &mut self.classes[class as usize].properties;
        match (setter_of, props.iter_mut().find(|p| p.name == name)) {
            (None, _) => {
                props.retain(|p| p.name != name);
                props.push(Property { name, get: fid, set: None });
            }
            (Some(()), Some(p)) => p.set = Some(fid),
            (Some(()), None) => return Err(self.unsupported(span, "a setter for a property not defined above it in the class")),
        }
        Ok(())
    }

    fn class_base(&mut self, b: &Expr) -> R<ClassBase> {
        let span = self.span_of(b);
        let builtin = match b {
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(m) => {
                    let m = self.module_names.get(m.id.as_str()).copied();
                    // `multiprocessing.Process`: a class of the prelude.
                    if let Some(&i) = m.and_then(|m| m.prelude_member(a.attr.as_str())).and_then(|p| self.class_ids.get(p)) {
                        return Ok(ClassBase::User(i));
                    }
                    m.and_then(|m| m.member(a.attr.as_str()))
                }
                _ => None,
            },
            Expr::Name(n) => {
                if let Some(&i) = self.imported_prelude.get(n.id.as_str()).and_then(|p| self.class_ids.get(p.as_str())) {
                    return Ok(ClassBase::User(i));
                }
                if let Some(b) = self.imported.get(n.id.as_str()) {
                    Some(*b)
                } else if let Some(&i) = self.class_ids.get(n.id.as_str()) {
                    return Ok(ClassBase::User(i));
                } else {
                    Builtin::from_builtin_name(n.id.as_str())
                }
            }
            _ => None,
        };
        match builtin {
            Some(Builtin::Object) => Ok(ClassBase::Object),
            Some(Builtin::Thread) => Ok(ClassBase::Thread),
            Some(Builtin::Exc(e)) => Ok(ClassBase::Exception(e)),
            _ => Err(self.unsupported(span, "this base class (supported: object, threading.Thread, exceptions, user classes)")),
        }
    }

    fn constant(&mut self, c: &Constant, span: Span) -> R<Const> {
        Ok(match c {
            Constant::None => Const::None,
            Constant::Bool(b) => Const::Bool(*b),
            Constant::Str(s) => Const::Str(s.as_str().into()),
            Constant::Int(i) => {
                let v: i64 = i.try_into().map_err(|_| self.unsupported(span, "an integer literal beyond 64 bits"))?;
                match self.literal_defines.get(&v) {
                    Some(&r) => {
                        self.used_defines.insert(v.to_string());
                        Const::Int(r)
                    }
                    None => Const::Int(v),
                }
            }
            Constant::Float(x) => Const::Float(*x),
            Constant::Tuple(t) => Const::Tuple(t.iter().map(|x| self.constant(x, span)).collect::<R<_>>()?),
            Constant::Bytes(_) => return Err(self.unsupported(span, "bytes")),
            Constant::Complex { .. } => return Err(self.unsupported(span, "complex numbers")),
            Constant::Ellipsis => return Err(self.unsupported(span, "`...`")),
        })
    }

    // ---- expressions ------------------------------------------------------

    fn expr(&mut self, f: &mut Fn, e: &Expr) -> R<()> {
        let span = self.span_of(e);
        f.span = span;
        // Only arithmetic keeps a sleep length a sleep length.
        let in_sleep = std::mem::replace(&mut self.in_sleep_length, false);
        let in_print = self.in_print_text.take();
        let is_callee = std::mem::replace(&mut self.is_callee, false);
        if !is_callee {
            if let Some(name) = self.random_float(f, e) {
                return Err(self.random_float_refused(span, name));
            }
            // A clock function as a value (`now = time.time`): its calls
            // are not seen here.
            if self.clock_function(f, e).is_some() {
                self.clock_observed = true;
                self.clock_read = true;
            }
        }
        match e {
            Expr::Constant(c) => {
                let k = self.constant(&c.value, span)?;
                let k = self.konst(k);
                f.emit(Op::Const(k));
            }
            Expr::Name(n) => {
                let pc = f.here();
                self.load_name(f, n.id.as_str())?;
                if let Some(sink) = in_print {
                    f.printed.fits.push((pc, sink));
                }
            }
            Expr::BinOp(b) => {
                // `a + b`, `a - b` of numbers or strings cannot fail on their
                // values; `'...%s' % x` formats.
                let formats = matches!(&*b.left, Expr::Constant(c) if matches!(&c.value, ast::Constant::Str(t) if super::printed::format_is_value_safe(t, true)));
                let text = in_print.filter(|_| matches!(b.op, ast::Operator::Add | ast::Operator::Sub) || (formats && b.op == ast::Operator::Mod));
                self.clock_through_operator |= text == Some(Sink::Print);
                self.text_through_operator |= text.is_some();
                self.in_sleep_length = in_sleep;
                self.in_print_text = text;
                self.expr(f, &b.left)?;
                self.in_sleep_length = in_sleep;
                self.in_print_text = text;
                self.expr(f, &b.right)?;
                f.span = span;
                f.emit(Op::Binary(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.in_sleep_length = in_sleep;
                self.in_print_text = in_print;
                self.clock_through_operator |= in_print == Some(Sink::Print);
                self.text_through_operator |= in_print.is_some();
                self.expr(f, &u.operand)?;
                f.span = span;
                f.emit(Op::Unary(match u.op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                }));
            }
            Expr::BoolOp(b) => {
                let mut jumps = vec![];
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(f, v)?;
                    if i + 1 < b.values.len() {
                        jumps.push(f.emit_jump(match b.op {
                            ast::BoolOp::And => Op::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                for j in jumps {
                    f.patch(j);
                }
            }
            Expr::Compare(c) => {
                // A single comparison's result only prints; a chain branches.
                let text = in_print.filter(|_| c.ops.len() == 1);
                self.clock_through_operator |= text == Some(Sink::Print);
                self.text_through_operator |= text.is_some();
                self.in_print_text = text;
                self.expr(f, &c.left)?;
                let n = c.ops.len();
                let mut cleanups = vec![];
                for (i, (op, right)) in c.ops.iter().zip(&c.comparators).enumerate() {
                    self.in_print_text = text;
                    self.expr(f, right)?;
                    f.span = span;
                    if i + 1 < n {
                        f.emit(Op::Dup);
                        f.emit(Op::Rot3);
                        f.emit(Op::Compare(cmpop(*op)));
                        cleanups.push(f.emit_jump(Op::JumpIfFalseOrPop(0)));
                    } else {
                        f.emit(Op::Compare(cmpop(*op)));
                    }
                }
                if !cleanups.is_empty() {
                    let end = f.emit_jump(Op::Jump(0));
                    for c in cleanups {
                        f.patch(c);
                    }
                    f.emit(Op::Rot2);
                    f.emit(Op::Pop);
                    f.patch(end);
                }
            }
            Expr::IfExp(i) => {
                self.expr(f, &i.test)?;
                let jf = f.emit_jump(Op::JumpIfFalse(0));
                self.in_print_text = in_print;
                self.expr(f, &i.body)?;
                let j = f.emit_jump(Op::Jump(0));
                f.patch(jf);
                self.in_print_text = in_print;
                self.expr(f, &i.orelse)?;
                f.patch(j);
            }
            Expr::Call(c) => self.call(f, c, span, in_sleep, in_print)?,
            Expr::Attribute(a) => {
                self.check_module_attr(&a.value, a.attr.as_str(), span)?;
                self.expr(f, &a.value)?;
                f.span = span;
                let n = self.name(a.attr.as_str());
                f.emit(Op::LoadAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(f, &s.value)?;
                self.expr(f, &s.slice)?;
                f.span = span;
                f.emit(Op::LoadSubscript);
            }
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.expr(f, x)?,
                        None => {
                            let k = self.konst(Const::None);
                            f.emit(Op::Const(k))
                        }
                    }
                }
                match &s.step {
                    Some(x) => {
                        self.expr(f, x)?;
                        f.emit(Op::BuildSlice(3))
                    }
                    None => f.emit(Op::BuildSlice(2)),
                }
            }
            Expr::List(l) if has_starred(&l.elts) => {
                self.starred_display(f, &l.elts, span, Op::BuildList, Op::ListExtend, Op::ListAppend(1))?;
            }
            Expr::Tuple(t) if has_starred(&t.elts) => {
                self.starred_display(f, &t.elts, span, Op::BuildList, Op::ListExtend, Op::ListAppend(1))?;
                f.emit(Op::ListToTuple);
            }
            Expr::Set(st) if has_starred(&st.elts) => {
                self.starred_display(f, &st.elts, span, Op::BuildSet, Op::SetUpdate, Op::SetAdd(1))?;
            }
            Expr::Dict(d) if d.keys.iter().any(|k| k.is_none()) => {
                // `{**a, k: v, **b}`: as CPython, the entries before the
                // first `**` make the dict, each `**` updates it, and later
                // entries are set one by one.
                let first = d.keys.iter().position(|k| k.is_none()).unwrap_or(d.keys.len());
                for (k, v) in d.keys[..first].iter().zip(&d.values) {
                    self.expr(f, k.as_ref().expect("before the first **"))?;
                    self.expr(f, v)?;
                }
                f.span = span;
                f.emit(Op::BuildDict(first as u16));
                for (k, v) in d.keys[first..].iter().zip(&d.values[first..]) {
                    match k {
                        None => {
                            self.expr(f, v)?;
                            f.span = span;
                            f.emit(Op::DictUpdate);
                        }
                        Some(k) => {
                            self.expr(f, k)?;
                            self.expr(f, v)?;
                            f.span = span;
                            f.emit(Op::MapAdd(1));
                        }
                    }
                }
            }
            Expr::List(l) => {
                self.no_starred(&l.elts)?;
                for x in &l.elts {
                    self.expr(f, x)?;
                }
                f.span = span;
                f.emit(Op::BuildList(l.elts.len() as u16));
            }
            Expr::Tuple(t) => {
                self.no_starred(&t.elts)?;
                for x in &t.elts {
                    self.in_print_text = in_print;
                    self.expr(f, x)?;
                }
                f.span = span;
                f.emit(Op::BuildTuple(t.elts.len() as u16));
            }
            Expr::Dict(d) => {
                for (k, v) in d.keys.iter().zip(&d.values) {
                    match k {
                        Some(k) => self.expr(f, k)?,
                        None => return Err(self.unsupported(span, "`**` in a dict display")),
                    }
                    self.expr(f, v)?;
                }
                f.span = span;
                f.emit(Op::BuildDict(d.keys.len() as u16));
            }
            Expr::JoinedStr(j) => {
                for v in &j.values {
                    self.in_print_text = in_print;
                    self.expr(f, v)?;
                }
                f.emit(Op::BuildString(j.values.len() as u16));
            }
            Expr::FormattedValue(v) => {
                // A spec taken from a value, or a character (`{n:c}`), depends
                // on the value.
                let spec_is_safe = match v.format_spec.as_deref() {
                    None => true,
                    Some(Expr::JoinedStr(j)) => j.values.iter().all(|p| matches!(p, Expr::Constant(_)))
                        && !matches!(j.values.last(), Some(Expr::Constant(c)) if matches!(&c.value, ast::Constant::Str(t) if t.ends_with('c'))),
                    Some(_) => false,
                };
                self.in_print_text = in_print.filter(|_| spec_is_safe);
                // `{x}` and `{x!r}` of a model's object run its `__str__` /
                // `__repr__`: the field formats the text they give.
                let through = match v.conversion {
                    _ if !self.runs_text_methods() || v.format_spec.is_some() => None,
                    ast::ConversionFlag::None | ast::ConversionFlag::Str => Some("_ilv_str"),
                    ast::ConversionFlag::Repr => Some("_ilv_repr"),
                    ast::ConversionFlag::Ascii => None,
                };
                match through {
                    Some(helper) => self.call_text_helper(f, helper, &v.value, span)?,
                    None => self.expr(f, &v.value)?,
                }
                if let Some(s) = &v.format_spec {
                    self.expr(f, s)?;
                }
                let conversion = match v.conversion {
                    _ if through.is_some() => 0,
                    ast::ConversionFlag::None => 0,
                    ast::ConversionFlag::Str => b's',
                    ast::ConversionFlag::Repr => b'r',
                    ast::ConversionFlag::Ascii => b'a',
                };
                f.emit(Op::FormatValue { conversion, spec: v.format_spec.is_some() });
            }
            Expr::ListComp(c) => self.comprehension(f, Element::Item(&c.elt), &c.generators, span)?,
            Expr::GeneratorExp(c) => self.comprehension(f, Element::Item(&c.elt), &c.generators, span)?,
            Expr::DictComp(c) => self.comprehension(f, Element::Entry(&c.key, &c.value), &c.generators, span)?,
            Expr::Lambda(l) => {
                // `lambda args: body` is `def <lambda>(args): return body`.
                let def = scope::lambda_as_def(l);
                let (id, n, free) = self.function_def(f, &def, None)?;
                f.span = span;
                self.make_function(f, id, n, &free);
            }
            Expr::Starred(_) => return Err(self.unsupported(span, "`*` unpacking here")),
            Expr::Set(s) => {
                self.no_starred(&s.elts)?;
                let folded = s.elts.len() > 2 && s.elts.iter().all(is_folded_constant);
                for x in &s.elts {
                    self.expr(f, x)?;
                }
                f.span = span;
                let n = s.elts.len() as u16;
                f.emit(if folded { Op::BuildConstSet(n) } else { Op::BuildSet(n) });
            }
            Expr::SetComp(c) => self.comprehension(f, Element::SetItem(&c.elt), &c.generators, span)?,
            Expr::NamedExpr(_) => return Err(self.unsupported(span, "`:=`")),
            Expr::Await(_) | Expr::Yield(_) | Expr::YieldFrom(_) => {
                return Err(self.unsupported(span, "generators and async code"));
            }
        }
        Ok(())
    }

    /// A list, tuple or set display with `*x`: as CPython, the items before
    /// the first `*` make the container, each `*x` extends (updates) it,
    /// and later items are added one by one.
    fn starred_display(&mut self, f: &mut Fn, elts: &[Expr], span: Span, build: fn(u16) -> Op, extend: Op, add: Op) -> R<()> {
        let first = elts.iter().position(|e| matches!(e, Expr::Starred(_))).unwrap_or(elts.len());
        for x in &elts[..first] {
            self.expr(f, x)?;
        }
        f.span = span;
        f.emit(build(first as u16));
        for x in &elts[first..] {
            match x {
                Expr::Starred(st) => {
                    self.expr(f, &st.value)?;
                    f.span = span;
                    f.emit(extend);
                }
                other => {
                    self.expr(f, other)?;
                    f.span = span;
                    f.emit(add);
                }
            }
        }
        Ok(())
    }

    fn no_starred(&self, elts: &[Expr]) -> R<()> {
        match elts.iter().find(|e| matches!(e, Expr::Starred(_))) {
            Some(e) => Err(self.unsupported(self.span_of(e), "`*` unpacking in a display")),
            None => Ok(()),
        }
    }

    /// `threading.Foo` where `threading` is the module: refuse unknown
    /// members before exploring.
    fn check_module_attr(&self, base: &Expr, attr: &str, span: Span) -> R<()> {
        if let Expr::Name(n) = base {
            if let Some(m) = self.module_names.get(n.id.as_str()) {
                if !self.scope.written_in_def.contains(n.id.as_str()) && !m.has(attr) {
                    let why = if matches!(m, Module::Sys | Module::Os) {
                        "is not supported: a model never touches the host (only sys.exit, os.getpid and os.getppid are modelled)"
                    } else {
                        "is not supported by interleave (or does not exist)"
                    };
                    return Err(self.err(ErrorKind::Unsupported, span, format!("`{}.{attr}` {why}", m.name())));
                }
            }
        }
        Ok(())
    }

    fn comprehension(&mut self, f: &mut Fn, elt: Element, gens: &[ast::Comprehension], span: Span) -> R<()> {
        // Variables a lambda inside captures live in cells, a new one each
        // time the comprehension runs (CPython's comprehension scope): the
        // lambdas made in one run share it and see its last value.
        let mut cell_of = HashMap::new();
        for n in captured_comprehension_vars(&elt, gens) {
            let id = self.name(&n);
            let idx = f.cell_defs.len() as u32;
            // Written at each item after a closure over it may exist.
            f.cell_defs.push(Cell { name: id, kind: CellKind::Comprehension, shared: true });
            f.emit(Op::NewCell(idx));
            cell_of.insert(n, idx);
        }
        f.emit(match elt {
            Element::Item(_) => Op::BuildList(0),
            Element::SetItem(_) => Op::BuildSet(0),
            Element::Entry(..) => Op::BuildDict(0),
        });
        let mut renames = HashMap::new();
        let mut loops = vec![];
        for (depth, g) in gens.iter().enumerate() {
            if g.is_async {
                return Err(self.unsupported(span, "async comprehensions"));
            }
            // The first iterable is evaluated in the enclosing scope.
            if depth > 0 {
                f.renames.push(renames.clone());
            }
            self.expr(f, &g.iter)?;
            if depth > 0 {
                f.renames.pop();
            }
            f.emit(Op::GetIter);
            let top = f.here();
            let exit = f.emit_jump(Op::ForIter(0));
            let mut names = vec![];
            scope::target_names(&g.target, &mut names);
            for n in names {
                let renamed = match cell_of.get(&n) {
                    Some(&c) => Renamed::Cell(c),
                    None => Renamed::Local(self.temp(f)),
                };
                renames.insert(n, renamed);
            }
            f.renames.push(renames.clone());
            self.store(f, &g.target)?;
            for cond in &g.ifs {
                self.expr(f, cond)?;
                f.emit(Op::JumpIfFalse(top));
            }
            f.renames.pop();
            loops.push((top, exit));
        }
        f.renames.push(renames);
        match elt {
            Element::Item(e) => {
                self.expr(f, e)?;
                f.emit(Op::ListAppend(gens.len() as u16 + 1));
            }
            Element::SetItem(e) => {
                self.expr(f, e)?;
                f.emit(Op::SetAdd(gens.len() as u16 + 1));
            }
            Element::Entry(k, v) => {
                // Key first, then value (Python 3.8 on).
                self.expr(f, k)?;
                self.expr(f, v)?;
                f.emit(Op::MapAdd(gens.len() as u16 + 1));
            }
        }
        f.renames.pop();
        for (top, exit) in loops.into_iter().rev() {
            f.emit(Op::Jump(top));
            f.patch(exit);
        }
        Ok(())
    }

    /// `f(*args, **kwargs)`: build the list and the dict at run time.
    fn call_ex(&mut self, f: &mut Fn, c: &ast::ExprCall, span: Span) -> R<()> {
        let method = match &*c.func {
            Expr::Attribute(a) => {
                self.check_module_attr(&a.value, a.attr.as_str(), span)?;
                self.expr(f, &a.value)?;
                Some(self.name(a.attr.as_str()))
            }
            other => {
                self.expr(f, other)?;
                None
            }
        };
        f.emit(Op::BuildList(0));
        for a in &c.args {
            match a {
                Expr::Starred(st) => {
                    self.expr(f, &st.value)?;
                    f.emit(Op::ListExtend);
                }
                other => {
                    self.expr(f, other)?;
                    f.emit(Op::ListAppend(1));
                }
            }
        }
        f.emit(Op::BuildDict(0));
        for k in &c.keywords {
            match &k.arg {
                Some(name) => {
                    let key = self.konst(Const::Str(name.as_str().into()));
                    f.emit(Op::Const(key));
                    self.expr(f, &k.value)?;
                    f.emit(Op::BuildDict(1));
                    f.emit(Op::DictMerge);
                }
                None => {
                    self.expr(f, &k.value)?;
                    f.emit(Op::DictMerge);
                }
            }
        }
        f.span = span;
        f.emit(Op::CallEx { method });
        Ok(())
    }

    /// The built-in `module.name` or an imported `name` stands for
    /// (`time.sleep`, `from random import uniform`), if any.
    fn module_builtin(&self, f: &Fn, e: &Expr) -> Option<Builtin> {
        match e {
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(m) => self.module_names.get(m.id.as_str())?.member(a.attr.as_str()),
                _ => None,
            },
            Expr::Name(n) => match self.resolve(f, n.id.as_str()) {
                Some(Resolved::Global(_)) => self.imported.get(n.id.as_str()).copied(),
                _ => None,
            },
            _ => None,
        }
    }

    /// `random.random` / `random.uniform` (or a name imported from them).
    fn random_float(&self, f: &Fn, e: &Expr) -> Option<&'static str> {
        match self.module_builtin(f, e) {
            Some(Builtin::RandRandom) => Some("random"),
            Some(Builtin::RandUniform) => Some("uniform"),
            _ => None,
        }
    }

    fn random_float_refused(&self, span: Span, name: &str) -> Error {
        self.err(
            ErrorKind::Unsupported,
            span,
            format!(
                "random.{name}() has infinitely many outcomes: interleave accepts it only in a time.sleep length \
                 (time.sleep(random.{name}(...) * 3)), where no clock reads it; draw values with random.randint, \
                 randrange or choice instead"
            ),
        )
    }

    /// `time.time` / `time.ctime` (or a name imported from them): a read
    /// of the logical clock.
    fn clock_function(&self, f: &Fn, e: &Expr) -> Option<Builtin> {
        self.module_builtin(f, e).filter(|b| matches!(b, Builtin::Time | Builtin::Ctime))
    }

    /// Whether a class of the model defines an operator a clock value
    /// could be handed to (`obj + time.time()` calls `obj.__radd__`).
    fn defines_operator(&self) -> bool {
        self.classes.iter().any(|c| {
            c.methods.iter().chain(&c.attrs).any(|&(n, _)| {
                let n = self.names[n as usize].strip_prefix("__").and_then(|n| n.strip_suffix("__")).unwrap_or("");
                let n = n.strip_prefix('r').filter(|b| OPERATOR_METHODS.contains(b)).unwrap_or(n);
                OPERATOR_METHODS.contains(&n) || matches!(n, "neg" | "pos" | "invert" | "format" | "contains")
            })
        })
    }

    /// `time.sleep` (or a name imported from it).
    fn is_sleep(&self, f: &Fn, e: &Expr) -> bool {
        self.module_builtin(f, e) == Some(Builtin::Sleep)
    }

    fn call(&mut self, f: &mut Fn, c: &ast::ExprCall, span: Span, in_sleep: bool, in_print: Option<Sink>) -> R<()> {
        if let Some(name) = self.random_float(f, &c.func) {
            if !in_sleep {
                return Err(self.random_float_refused(span, name));
            }
        }
        let sleep = self.is_sleep(f, &c.func);
        // What the arguments become: `print`'s are printed text; `str(x)`
        // and `repr(x)` of printed text, and `ctime(time())`, are too.
        let clock = self.clock_function(f, &c.func);
        self.clock_read |= clock.is_some();
        if clock.is_some() && in_print != Some(Sink::Print) {
            self.clock_observed = true;
        }
        let text_args = match &*c.func {
            Expr::Name(n) => match self.resolve(f, n.id.as_str()) {
                Some(Resolved::Builtin(Builtin::Print)) => Some(Sink::Print),
                Some(Resolved::Builtin(Builtin::Str | Builtin::Repr)) => in_print,
                _ => None,
            },
            // `'{0}***'.format(x)`, printed.
            Expr::Attribute(a) if a.attr.as_str() == "format" => in_print.filter(|_| {
                matches!(&*a.value, Expr::Constant(k) if matches!(&k.value, Constant::Str(t) if super::printed::format_is_value_safe(t, false)))
            }),
            _ => None,
        }
        .or_else(|| {
            (clock == Some(Builtin::Ctime)
                && in_print == Some(Sink::Print)
                && c.args.iter().all(|a| matches!(a, Expr::Call(t) if t.args.is_empty() && t.keywords.is_empty()
                    && self.clock_function(f, &t.func) == Some(Builtin::Time))))
            .then_some(Sink::Print)
        });
        if c.args.iter().any(|a| matches!(a, Expr::Starred(_))) || c.keywords.iter().any(|k| k.arg.is_none()) {
            return self.call_ex(f, c, span);
        }
        // `super()` in a method: pass the class and `self` explicitly.
        if let Expr::Name(n) = &*c.func {
            if n.id.as_str() == "super" && self.resolve(f, "super") == Some(Resolved::Builtin(Builtin::Super)) {
                let (Some(class), true) = (f.class, f.local_ids.contains_key("self") || !f.locals.is_empty()) else {
                    return Err(self.unsupported(span, "`super()` outside a method"));
                };
                if !c.args.is_empty() && c.args.len() != 2 {
                    return Err(self.unsupported(span, "this form of super()"));
                }
                f.emit(Op::LoadBuiltin(Builtin::Super));
                if c.args.len() == 2 {
                    self.expr(f, &c.args[0])?;
                    self.expr(f, &c.args[1])?;
                } else {
                    f.emit(Op::MakeClass(class));
                    f.emit(Op::LoadLocal(0));
                }
                f.span = span;
                f.emit(Op::Call { argc: 2, kw: NO_KW });
                return Ok(());
            }
        }
        let kw = if c.keywords.is_empty() {
            NO_KW
        } else {
            let names: Vec<NameId> = c.keywords.iter().map(|k| self.name(k.arg.as_ref().unwrap().as_str())).collect();
            self.kwnames.push(names);
            (self.kwnames.len() - 1) as KwId
        };
        let argc = c.args.len() as u16;
        if let Expr::Attribute(a) = &*c.func {
            self.check_module_attr(&a.value, a.attr.as_str(), span)?;
            // A global as a queue method's receiver (`lang/printed.rs`).
            let method = a.attr.as_str();
            let queue = match &*a.value {
                Expr::Name(n) => match self.resolve(f, n.id.as_str()) {
                    Some(Resolved::Global(g)) => Some(g),
                    _ => None,
                },
                _ => None,
            };
            let puts = queue.filter(|_| matches!(method, "put" | "put_nowait") && !c.args.is_empty());
            let load = f.here();
            self.expr(f, &a.value)?;
            let mut put_mark = None;
            for (i, x) in c.args.iter().enumerate() {
                self.in_sleep_length = sleep && i == 0;
                self.in_print_text = match puts {
                    Some(g) if i == 0 => Some(Sink::Queue(g)),
                    _ => text_args,
                };
                self.expr(f, x)?;
                if puts.is_some() && i == 0 {
                    put_mark = Some(f.here());
                    f.emit(Op::TextMark);
                }
            }
            for k in &c.keywords {
                self.in_print_text = text_args;
                self.expr(f, &k.value)?;
            }
            let name = self.name(method);
            f.span = span;
            f.emit(Op::CallMethod { name, argc, kw });
            if let Some(g) = queue {
                let kind = match (method, put_mark) {
                    (_, Some(mark)) => Some(QueueUseKind::Put { mark }),
                    ("get" | "get_nowait", _) => {
                        let mark = f.here();
                        f.emit(Op::TextMark);
                        Some(QueueUseKind::Get { mark, sink: in_print })
                    }
                    (m, _) if super::printed::is_inert_queue_method(m) => Some(QueueUseKind::Inert),
                    _ => None,
                };
                if let Some(kind) = kind {
                    f.printed.queue_uses.push((g, load, kind));
                }
            }
        } else {
            let builtin = match &*c.func {
                Expr::Name(n) => match self.resolve(f, n.id.as_str()) {
                    Some(Resolved::Builtin(b)) => Some(b),
                    _ => None,
                },
                _ => None,
            };
            let prints = builtin == Some(Builtin::Print);
            let user_text = self.runs_text_methods();
            // `str(x)` / `repr(x)` of a model's object run its methods.
            if user_text && c.args.len() == 1 && c.keywords.is_empty() {
                if let Some(helper) = match builtin {
                    Some(Builtin::Str) => Some("_ilv_str"),
                    Some(Builtin::Repr) => Some("_ilv_repr"),
                    _ => None,
                } {
                    self.in_print_text = text_args;
                    return self.call_text_helper(f, helper, &c.args[0], span);
                }
            }
            self.is_callee = true;
            self.expr(f, &c.func)?;
            for (i, x) in c.args.iter().enumerate() {
                self.in_sleep_length = sleep && i == 0;
                self.in_print_text = text_args;
                match prints && user_text {
                    // `print(x)` prints `str(x)`, running the model's methods.
                    true => self.call_text_helper(f, "_ilv_str", x, span)?,
                    false => self.expr(f, x)?,
                }
                // What waits on the stack for the `print` step is only printed.
                if prints {
                    f.emit(Op::ToText);
                }
            }
            for k in &c.keywords {
                self.in_print_text = text_args;
                self.expr(f, &k.value)?;
            }
            f.span = span;
            f.emit(Op::Call { argc, kw });
        }
        Ok(())
    }
}

impl Compiler<'_> {
    /// Does showing a value here go through the text helpers? In a model
    /// that defines `__str__` or `__repr__`, in its own code.
    fn runs_text_methods(&self) -> bool {
        self.user_text && !self.in_prelude
    }

    /// `helper(x)`, a text helper (`lang/mod.rs`), with `x` lowered as the
    /// caller set it up (what it is part of: `in_print_text`).
    fn call_text_helper(&mut self, f: &mut Fn, helper: &str, x: &Expr, span: Span) -> R<()> {
        let g = self.global(helper);
        f.emit(Op::LoadGlobal(g));
        self.expr(f, x)?;
        f.span = span;
        f.emit(Op::Call { argc: 1, kw: NO_KW });
        Ok(())
    }

    /// `queue.Queue()` (or `LifoQueue`, `SimpleQueue`) through a global
    /// holding the module, or `Queue()` through a global holding the class:
    /// how a new queue is made, if `e` makes one (`lang/printed.rs` checks
    /// what the global holds).
    fn queue_made(&self, f: &Fn, e: &Expr) -> Option<Via> {
        let Expr::Call(c) = e else { return None };
        let global = |name: &str| match self.resolve(f, name) {
            Some(Resolved::Global(g)) => Some(g),
            _ => None,
        };
        match &*c.func {
            Expr::Attribute(a) if matches!(a.attr.as_str(), "Queue" | "LifoQueue" | "SimpleQueue") => match &*a.value {
                Expr::Name(m) => global(m.id.as_str()).map(Via::Module),
                _ => None,
            },
            Expr::Name(n) => global(n.id.as_str()).map(Via::Class),
            _ => None,
        }
    }
}

/// An integer literal, or its negation (`-1`): what a tally starts at or
/// moves by.
fn is_int_constant(e: &Expr) -> bool {
    match e {
        Expr::Constant(c) => matches!(c.value, Constant::Int(_)),
        Expr::UnaryOp(u) => u.op == ast::UnaryOp::USub && matches!(&*u.operand, Expr::Constant(c) if matches!(c.value, Constant::Int(_))),
        _ => false,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolved {
    Local(u32),
    Cell(u32),
    Global(GlobalId),
    Builtin(Builtin),
}

impl Fn {
    fn new(is_module: bool, class: Option<ClassId>, outer_locals: HashSet<String>) -> Fn {
        Fn {
            code: vec![],
            spans: vec![],
            locals: vec![],
            local_ids: HashMap::new(),
            is_module,
            declared_global: HashSet::new(),
            unwind: vec![],
            class,
            span: Span::default(),
            temps: 0,
            renames: vec![],
            outer_locals,
            cells: HashMap::new(),
            cell_defs: vec![],
            qualname: String::new(),
            printed: Uses::default(),
        }
    }

    fn emit(&mut self, op: Op) {
        self.code.push(op);
        self.spans.push(self.span);
    }

    fn emit_jump(&mut self, op: Op) -> usize {
        self.emit(op);
        self.code.len() - 1
    }

    fn here(&self) -> u32 {
        self.code.len() as u32
    }

    /// Point the jump at `at` to the current end of code.
    fn patch(&mut self, at: usize) {
        let t = self.here();
        self.code[at] = match self.code[at] {
            Op::Jump(_) => Op::Jump(t),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(t),
            Op::JumpIfTrue(_) => Op::JumpIfTrue(t),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(t),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(t),
            Op::ForIter(_) => Op::ForIter(t),
            Op::SetupExcept(_) => Op::SetupExcept(t),
            other => other,
        };
    }

    fn new_local(&mut self, name: &str, id: NameId) -> u32 {
        if let Some(&i) = self.local_ids.get(name) {
            return i;
        }
        let i = self.locals.len() as u32;
        self.locals.push(id);
        self.local_ids.insert(name.to_string(), i);
        i
    }
}

/// Where the `nonlocal` statement declaring `name` starts (not inside
/// nested functions).
fn nonlocal_offset(body: &[Stmt], name: &str) -> Option<usize> {
    fn walk(s: &Stmt, name: &str, out: &mut Option<usize>) {
        if out.is_some() {
            return;
        }
        if let Stmt::Nonlocal(n) = s {
            if n.names.iter().any(|x| x.as_str() == name) {
                *out = Some(s.start().to_usize());
                return;
            }
        }
        scope::for_each_child_stmt(s, &mut |c| walk(c, name, out));
    }
    let mut out = None;
    body.iter().for_each(|s| walk(s, name, &mut out));
    out
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::MatMult => BinOp::Mul,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::NotEq => CmpOp::Ne,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::LtE => CmpOp::Le,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::GtE => CmpOp::Ge,
        ast::CmpOp::In => CmpOp::In,
        ast::CmpOp::NotIn => CmpOp::NotIn,
        ast::CmpOp::Is => CmpOp::Is,
        ast::CmpOp::IsNot => CmpOp::IsNot,
    }
}

/// A set display element CPython's compiler sees as a constant: literals,
/// and operators and tuples over them (folded by its AST optimiser).
fn is_folded_constant(e: &Expr) -> bool {
    match e {
        Expr::Constant(_) => true,
        Expr::UnaryOp(u) => is_folded_constant(&u.operand),
        Expr::BinOp(b) => is_folded_constant(&b.left) && is_folded_constant(&b.right),
        Expr::Tuple(t) => t.elts.iter().all(is_folded_constant),
        _ => false,
    }
}

/// What a comprehension variable is compiled to.
#[derive(Clone, Copy)]
enum Renamed {
    Local(u32),
    Cell(u32),
}

/// The variables of a comprehension that a lambda inside it uses.
fn captured_comprehension_vars(elt: &Element, gens: &[ast::Comprehension]) -> Vec<String> {
    let mut targets = Vec::new();
    for g in gens {
        scope::target_names(&g.target, &mut targets);
    }
    let mut out = std::collections::BTreeSet::new();
    let mut visit = |e: &Expr| {
        scope::walk_expr(e, &mut |x| {
            if let Expr::Lambda(l) = x {
                let free = scope::FnScope::analyse(&scope::lambda_as_def(l)).free;
                out.extend(free.into_iter().filter(|n| targets.contains(n)));
            }
        })
    };
    match elt {
        Element::Item(e) | Element::SetItem(e) => visit(e),
        Element::Entry(k, v) => {
            visit(k);
            visit(v);
        }
    }
    for (i, g) in gens.iter().enumerate() {
        if i > 0 {
            visit(&g.iter);
        }
        g.ifs.iter().for_each(&mut visit);
    }
    out.into_iter().collect()
}

/// What a comprehension adds per iteration: a list item, a set element, or
/// a dict entry.
#[derive(Clone, Copy)]
enum Element<'a> {
    Item(&'a Expr),
    SetItem(&'a Expr),
    Entry(&'a Expr, &'a Expr),
}

/// `property(...)`: a class attribute that is a property.
fn is_property_call(e: &Expr) -> bool {
    matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "property"))
}

/// `@staticmethod`, `@classmethod`: the built-in decorators, by name.
fn builtin_decorator(e: &Expr) -> Option<&'static str> {
    match e {
        Expr::Name(n) if n.id.as_str() == "staticmethod" => Some("staticmethod"),
        Expr::Name(n) if n.id.as_str() == "classmethod" => Some("classmethod"),
        _ => None,
    }
}

/// The `def` itself, its decorators applied apart.
fn without_decorators(d: &ast::StmtFunctionDef) -> ast::StmtFunctionDef {
    let mut plain = d.clone();
    plain.decorator_list.clear();
    plain
}

fn has_starred(elts: &[Expr]) -> bool {
    elts.iter().any(|e| matches!(e, Expr::Starred(_)))
}
