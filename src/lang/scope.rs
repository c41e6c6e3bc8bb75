//! Name analysis before code generation: which names are module globals,
//! which globals and attributes are shared between threads, and where the
//! module body may first start a thread.

use rustpython_parser::ast::{self, Expr, Stmt};
use std::collections::{BTreeSet, HashSet};

/// What the whole module tells about its names.
#[derive(Default, Debug)]
pub struct ModuleScope {
    /// Every module-level name: assigned at module level or declared
    /// `global` and assigned in a function.
    pub globals: BTreeSet<String>,
    /// Globals stored from inside a function.
    pub written_in_def: HashSet<String>,
    /// Globals read from inside a function.
    pub read_in_def: HashSet<String>,
    /// Globals the module body assigns after it may have started a thread.
    pub written_late: HashSet<String>,
    /// Attribute names stored outside `__init__`.
    pub shared_attrs: HashSet<String>,
    /// Names of module-level functions and classes.
    pub callables: HashSet<String>,
    /// Names of methods defined in classes.
    pub method_names: HashSet<String>,
    /// Module-level class names.
    pub class_names: HashSet<String>,
    /// Names bound only by a module-level `import M` (`import a.b` binds
    /// `a`): `M.f(...)` calls a module's function, never a user method.
    pub module_aliases: HashSet<String>,
}

impl ModuleScope {
    pub fn analyse(body: &[Stmt]) -> ModuleScope {
        let mut m = ModuleScope::default();
        for s in body {
            collect_module_bindings(s, &mut m);
        }
        for s in body {
            collect_defs(s, &mut m, None);
        }
        let mut rebound = Vec::new();
        for s in body {
            match s {
                Stmt::Import(i) => {
                    for a in &i.names {
                        let n = a.asname.as_ref().map_or_else(|| a.name.split('.').next().unwrap_or("").to_string(), |n| n.to_string());
                        m.module_aliases.insert(n);
                    }
                }
                _ => stmt_bindings(s, &mut rebound, true),
            }
        }
        for n in rebound {
            m.module_aliases.remove(&n);
        }
        let mut started = false;
        for s in body {
            module_order(s, &mut m, &mut started);
        }
        m
    }

    pub fn is_shared_global(&self, name: &str) -> bool {
        self.written_in_def.contains(name) || (self.written_late.contains(name) && self.read_in_def.contains(name))
    }
}

/// Names a statement binds at module level (not inside defs).
fn collect_module_bindings(s: &Stmt, m: &mut ModuleScope) {
    let mut names = Vec::new();
    stmt_bindings(s, &mut names, true);
    m.globals.extend(names);
    match s {
        Stmt::FunctionDef(f) => {
            m.callables.insert(f.name.to_string());
        }
        Stmt::ClassDef(c) => {
            m.callables.insert(c.name.to_string());
            m.class_names.insert(c.name.to_string());
            for st in &c.body {
                if let Stmt::Assign(a) = st {
                    for t in &a.targets {
                        if let Expr::Name(n) = t {
                            m.globals.insert(format!("{}.{}", c.name, n.id));
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// The names a statement assigns in its own scope; descends into compound
/// statements but not into nested defs/classes (except their names).
pub fn stmt_bindings(s: &Stmt, out: &mut Vec<String>, deep: bool) {
    match s {
        Stmt::FunctionDef(f) => out.push(f.name.to_string()),
        Stmt::ClassDef(c) => out.push(c.name.to_string()),
        Stmt::Assign(a) => a.targets.iter().for_each(|t| target_names(t, out)),
        Stmt::AugAssign(a) => target_names(&a.target, out),
        Stmt::AnnAssign(a) => target_names(&a.target, out),
        Stmt::For(f) => {
            target_names(&f.target, out);
            if deep {
                f.body.iter().chain(&f.orelse).for_each(|s| stmt_bindings(s, out, deep));
            }
        }
        Stmt::While(w) if deep => w.body.iter().chain(&w.orelse).for_each(|s| stmt_bindings(s, out, deep)),
        Stmt::If(i) if deep => i.body.iter().chain(&i.orelse).for_each(|s| stmt_bindings(s, out, deep)),
        Stmt::With(w) => {
            for item in &w.items {
                if let Some(v) = &item.optional_vars {
                    target_names(v, out);
                }
            }
            if deep {
                w.body.iter().for_each(|s| stmt_bindings(s, out, deep));
            }
        }
        Stmt::Try(t) if deep => {
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                if let Some(n) = &h.name {
                    out.push(n.to_string());
                }
                h.body.iter().for_each(|s| stmt_bindings(s, out, deep));
            }
            t.body.iter().chain(&t.orelse).chain(&t.finalbody).for_each(|s| stmt_bindings(s, out, deep));
        }
        Stmt::Import(i) => {
            for a in &i.names {
                let n = a.asname.as_ref().unwrap_or(&a.name).to_string();
                out.push(n.split('.').next().unwrap_or(&n).to_string());
            }
        }
        Stmt::ImportFrom(i) => {
            for a in &i.names {
                out.push(a.asname.as_ref().unwrap_or(&a.name).to_string());
            }
        }
        _ => {}
    }
}

pub fn target_names(t: &Expr, out: &mut Vec<String>) {
    match t {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(tp) => tp.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}

/// Walk every function (and method) body: globals it declares and uses,
/// attributes it stores.
fn collect_defs(s: &Stmt, m: &mut ModuleScope, method_of_init: Option<bool>) {
    match s {
        Stmt::FunctionDef(f) => {
            let declared = declared_globals(&f.body);
            let mut locals = Vec::new();
            for a in f.args.posonlyargs.iter().chain(&f.args.args).chain(&f.args.kwonlyargs) {
                locals.push(a.def.arg.to_string());
            }
            for st in &f.body {
                stmt_bindings(st, &mut locals, true);
            }
            let locals: HashSet<String> = locals.into_iter().filter(|n| !declared.contains(n)).collect();
            for g in &declared {
                m.globals.insert(g.clone());
            }
            let in_init = method_of_init.is_some() && f.name.as_str() == "__init__";
            let mut v = Uses { m, locals: &locals, declared: &declared, in_init };
            for st in &f.body {
                v.stmt(st);
            }
            for st in &f.body {
                collect_nested(st, m);
            }
        }
        Stmt::ClassDef(c) => {
            for st in &c.body {
                if let Stmt::FunctionDef(f) = st {
                    m.method_names.insert(f.name.to_string());
                }
                collect_defs(st, m, Some(true));
            }
        }
        _ => for_each_child_stmt(s, &mut |c| collect_defs(c, m, None)),
    }
}

/// Nested function definitions inside a function body.
fn collect_nested(s: &Stmt, m: &mut ModuleScope) {
    match s {
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => collect_defs(s, m, None),
        _ => for_each_child_stmt(s, &mut |c| collect_nested(c, m)),
    }
}

pub fn for_each_child_stmt(s: &Stmt, f: &mut impl FnMut(&Stmt)) {
    match s {
        Stmt::If(i) => i.body.iter().chain(&i.orelse).for_each(f),
        Stmt::While(w) => w.body.iter().chain(&w.orelse).for_each(f),
        Stmt::For(x) => x.body.iter().chain(&x.orelse).for_each(f),
        Stmt::With(w) => w.body.iter().for_each(f),
        Stmt::Try(t) => {
            t.body.iter().for_each(&mut *f);
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                h.body.iter().for_each(&mut *f);
            }
            t.orelse.iter().chain(&t.finalbody).for_each(f);
        }
        _ => {}
    }
}

pub fn declared_globals(body: &[Stmt]) -> HashSet<String> {
    let mut out = HashSet::new();
    fn walk(s: &Stmt, out: &mut HashSet<String>) {
        if let Stmt::Global(g) = s {
            out.extend(g.names.iter().map(|n| n.to_string()));
        }
        for_each_child_stmt(s, &mut |c| walk(c, out));
    }
    body.iter().for_each(|s| walk(s, &mut out));
    out
}

struct Uses<'a> {
    m: &'a mut ModuleScope,
    locals: &'a HashSet<String>,
    declared: &'a HashSet<String>,
    in_init: bool,
}

impl Uses<'_> {
    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Assign(a) => {
                a.targets.iter().for_each(|t| self.store(t));
                self.expr(&a.value);
            }
            Stmt::AugAssign(a) => {
                self.store(&a.target);
                self.expr(&a.target);
                self.expr(&a.value);
            }
            Stmt::For(f) => {
                self.store(&f.target);
                self.expr(&f.iter);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.store(v);
                    }
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.store(t)),
            _ => {}
        }
        visit_stmt_exprs(s, &mut |e| self.expr(e));
        for_each_child_stmt(s, &mut |c| self.stmt(c));
    }

    fn store(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => {
                if self.declared.contains(n.id.as_str()) {
                    self.m.written_in_def.insert(n.id.to_string());
                }
            }
            Expr::Attribute(a) => {
                if let Expr::Name(n) = &*a.value {
                    if self.m.class_names.contains(n.id.as_str()) && !self.locals.contains(n.id.as_str()) {
                        self.m.written_in_def.insert(format!("{}.{}", n.id, a.attr));
                    }
                }
                if !self.in_init {
                    self.m.shared_attrs.insert(a.attr.to_string());
                }
                self.expr(&a.value);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value);
                self.expr(&s.slice);
            }
            Expr::Tuple(tp) => tp.elts.iter().for_each(|e| self.store(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.store(e)),
            Expr::Starred(s) => self.store(&s.value),
            _ => {}
        }
    }

    fn expr(&mut self, e: &Expr) {
        walk_expr(e, &mut |e| {
            if let Expr::Name(n) = e {
                if !self.locals.contains(n.id.as_str()) {
                    self.m.read_in_def.insert(n.id.to_string());
                }
            }
        });
    }
}

/// The expressions a statement holds directly (not those of nested statements).
pub fn visit_stmt_exprs(s: &Stmt, f: &mut impl FnMut(&Expr)) {
    match s {
        Stmt::Expr(e) => f(&e.value),
        Stmt::Return(r) => {
            if let Some(v) = &r.value {
                f(v)
            }
        }
        Stmt::If(i) => f(&i.test),
        Stmt::While(w) => f(&w.test),
        Stmt::Assert(a) => {
            f(&a.test);
            if let Some(m) = &a.msg {
                f(m)
            }
        }
        Stmt::Raise(r) => {
            if let Some(e) = &r.exc {
                f(e)
            }
        }
        Stmt::Try(t) => {
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                if let Some(ty) = &h.type_ {
                    f(ty)
                }
            }
        }
        _ => {}
    }
}

/// Visit an expression and every sub-expression.
pub fn walk_expr(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    let mut go = |x: &Expr| walk_expr(x, f);
    match e {
        Expr::BoolOp(b) => b.values.iter().for_each(go),
        Expr::BinOp(b) => {
            go(&b.left);
            go(&b.right)
        }
        Expr::UnaryOp(u) => go(&u.operand),
        Expr::IfExp(i) => {
            go(&i.test);
            go(&i.body);
            go(&i.orelse)
        }
        Expr::Dict(d) => {
            d.keys.iter().flatten().for_each(&mut go);
            d.values.iter().for_each(go)
        }
        Expr::ListComp(c) => {
            go(&c.elt);
            for g in &c.generators {
                go(&g.iter);
                g.ifs.iter().for_each(&mut go);
            }
        }
        Expr::GeneratorExp(c) => {
            go(&c.elt);
            for g in &c.generators {
                go(&g.iter);
                g.ifs.iter().for_each(&mut go);
            }
        }
        Expr::DictComp(c) => {
            go(&c.key);
            go(&c.value);
            for g in &c.generators {
                go(&g.iter);
                g.ifs.iter().for_each(&mut go);
            }
        }
        Expr::Compare(c) => {
            go(&c.left);
            c.comparators.iter().for_each(go)
        }
        Expr::Call(c) => {
            go(&c.func);
            c.args.iter().for_each(&mut go);
            c.keywords.iter().for_each(|k| go(&k.value))
        }
        Expr::FormattedValue(v) => {
            go(&v.value);
            if let Some(s) = &v.format_spec {
                go(s)
            }
        }
        Expr::JoinedStr(j) => j.values.iter().for_each(go),
        Expr::Attribute(a) => go(&a.value),
        Expr::Subscript(s) => {
            go(&s.value);
            go(&s.slice)
        }
        Expr::Starred(s) => go(&s.value),
        Expr::List(l) => l.elts.iter().for_each(go),
        Expr::Tuple(t) => t.elts.iter().for_each(go),
        Expr::Slice(s) => {
            [&s.lower, &s.upper, &s.step].into_iter().flatten().for_each(|x| go(x));
        }
        Expr::Lambda(l) => go(&l.body),
        _ => {}
    }
}

/// Walk the module body in order, noting globals assigned once a thread may
/// be running.
fn module_order(s: &Stmt, m: &mut ModuleScope, started: &mut bool) {
    let may_start = stmt_may_start_thread(s, m);
    match s {
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
        Stmt::If(_) | Stmt::Try(_) | Stmt::With(_) => {
            for_each_child_stmt(s, &mut |c| module_order(c, m, started));
        }
        Stmt::For(_) | Stmt::While(_) => {
            // A loop that starts threads runs its whole body again after.
            if may_start {
                *started = true;
            }
            for_each_child_stmt(s, &mut |c| module_order(c, m, started));
            let mut names = Vec::new();
            stmt_bindings(s, &mut names, true);
            if *started {
                m.written_late.extend(names);
            }
        }
        _ => {
            if may_start {
                *started = true;
            }
            if *started {
                let mut names = Vec::new();
                stmt_bindings(s, &mut names, false);
                m.written_late.extend(names);
            }
        }
    }
}

/// Could running this statement start a thread? Any call of `.start()`, of
/// a user function or class, or of a user-defined method name.
fn stmt_may_start_thread(s: &Stmt, m: &ModuleScope) -> bool {
    let mut found = false;
    let mut check = |e: &Expr| {
        walk_expr(e, &mut |e| {
            if let Expr::Call(c) = e {
                match &*c.func {
                    Expr::Attribute(a) => {
                        let n = a.attr.as_str();
                        // `threading.Condition()`, `time.sleep(1)`: a module's
                        // function, even when a class has a method of that name.
                        let of_module = module_root(&a.value).is_some_and(|r| m.module_aliases.contains(r));
                        if n == "start" || n == "start_new_thread" || (m.method_names.contains(n) && !of_module) {
                            found = true;
                        }
                    }
                    Expr::Name(n) if m.callables.contains(n.id.as_str()) => found = true,
                    _ => {}
                }
            }
        })
    };
    fn all_exprs(s: &Stmt, f: &mut impl FnMut(&Expr)) {
        visit_stmt_exprs(s, f);
        match s {
            Stmt::Assign(a) => f(&a.value),
            Stmt::AugAssign(a) => f(&a.value),
            Stmt::For(x) => f(&x.iter),
            Stmt::With(w) => w.items.iter().for_each(|i| f(&i.context_expr)),
            _ => {}
        }
        for_each_child_stmt(s, &mut |c| all_exprs(c, f));
    }
    all_exprs(s, &mut check);
    // A decorator is a call made when the `def` (or its class) runs.
    let user_decorated = |d: &ast::StmtFunctionDef| {
        d.decorator_list.iter().any(|e| match e {
            Expr::Name(n) => !matches!(n.id.as_str(), "property" | "staticmethod" | "classmethod"),
            Expr::Attribute(a) => !matches!(a.attr.as_str(), "setter" | "getter" | "deleter"),
            _ => true,
        })
    };
    found
        || match s {
            Stmt::FunctionDef(d) => user_decorated(d),
            Stmt::ClassDef(c) => c.body.iter().any(|b| matches!(b, Stmt::FunctionDef(d) if user_decorated(d))),
            _ => false,
        }
}

/// The name at the root of `a.b.c` (`a`), if it is a plain name chain.
fn module_root(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => module_root(&a.value),
        _ => None,
    }
}

/// Name analysis of one function (a `def` or a `lambda`) for closures, as
/// CPython's symbol table does it: which names are its locals, which it
/// takes from enclosing functions (free), which of its locals nested
/// functions capture (cell variables), and which of those are *shared*.
#[derive(Default, Debug)]
pub struct FnScope {
    pub nonlocals: BTreeSet<String>,
    /// Names used here or in nested functions that are not bound here:
    /// they come from an enclosing function if one binds them, else they
    /// are globals or builtins.
    pub free: BTreeSet<String>,
    /// Free names that this function or a nested one assigns (`nonlocal`).
    pub free_writes: BTreeSet<String>,
    /// Locals that nested functions capture: they live in cells.
    pub cells: BTreeSet<String>,
    /// Cell variables another thread may access while this function or a
    /// closure writes them: a nested function assigns them (`nonlocal`), or
    /// this function assigns them after a closure over them was created
    /// (in statement order; anywhere in a loop that creates one). Their
    /// reads and writes are visible steps.
    pub shared_cells: BTreeSet<String>,
}

/// A `lambda` as the `def` it stands for (`def <lambda>(args): return body`).
pub fn lambda_as_def(l: &ast::ExprLambda) -> ast::StmtFunctionDef {
    ast::StmtFunctionDef {
        range: l.range,
        name: ast::Identifier::new("<lambda>"),
        args: l.args.clone(),
        body: vec![Stmt::Return(ast::StmtReturn { range: l.range, value: Some(l.body.clone()) })],
        decorator_list: vec![],
        returns: None,
        type_comment: None,
        type_params: vec![],
    }
}

pub fn declared_nonlocals(body: &[Stmt]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(s: &Stmt, out: &mut BTreeSet<String>) {
        if let Stmt::Nonlocal(g) = s {
            out.extend(g.names.iter().map(|n| n.to_string()));
        }
        for_each_child_stmt(s, &mut |c| walk(c, out));
    }
    body.iter().for_each(|s| walk(s, &mut out));
    out
}

impl FnScope {
    pub fn analyse(d: &ast::StmtFunctionDef) -> FnScope {
        let globals = declared_globals(&d.body);
        let nonlocals = declared_nonlocals(&d.body);
        let mut locals = Vec::new();
        let a = &d.args;
        for p in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            locals.push(p.def.arg.to_string());
        }
        for p in a.vararg.iter().chain(&a.kwarg) {
            locals.push(p.arg.to_string());
        }
        for s in &d.body {
            stmt_bindings(s, &mut locals, true);
        }
        let locals: BTreeSet<String> =
            locals.into_iter().filter(|n| !globals.contains(n) && !nonlocals.contains(n)).collect();
        let mut w = FnWalk::default();
        w.block(&d.body);
        let mut free: BTreeSet<String> = w
            .uses
            .iter()
            .chain(&w.child_free)
            .filter(|n| !locals.contains(*n) && !globals.contains(*n))
            .cloned()
            .collect();
        free.extend(nonlocals.iter().cloned());
        let mut free_writes: BTreeSet<String> =
            w.child_free_writes.iter().filter(|n| !locals.contains(*n) && !globals.contains(*n)).cloned().collect();
        free_writes.extend(nonlocals.iter().filter(|n| w.stores.contains(*n)).cloned());
        let cells: BTreeSet<String> = locals.iter().filter(|n| w.child_free.contains(*n)).cloned().collect();
        let mut shared_cells: BTreeSet<String> =
            cells.iter().filter(|n| w.child_free_writes.contains(*n)).cloned().collect();
        let mut order = CaptureOrder { cells: &cells, created: BTreeSet::new(), late: BTreeSet::new() };
        order.block(&d.body);
        shared_cells.extend(order.late);
        FnScope { nonlocals, free, free_writes, cells, shared_cells }
    }
}

/// Names one function body uses and stores (not inside nested functions),
/// and what its nested functions take from outside.
#[derive(Default)]
struct FnWalk {
    uses: BTreeSet<String>,
    stores: BTreeSet<String>,
    child_free: BTreeSet<String>,
    child_free_writes: BTreeSet<String>,
    /// Comprehension variables in scope (their uses are not free).
    comp_vars: Vec<Vec<String>>,
}

impl FnWalk {
    fn block(&mut self, body: &[Stmt]) {
        body.iter().for_each(|s| self.stmt(s));
    }

    fn name(&mut self, n: &str, store: bool) {
        if self.comp_vars.iter().any(|v| v.iter().any(|x| x == n)) {
            return;
        }
        self.uses.insert(n.to_string());
        if store {
            self.stores.insert(n.to_string());
        }
    }

    fn child(&mut self, d: &ast::StmtFunctionDef) {
        for e in d.args.defaults().chain(&d.decorator_list) {
            self.expr(e);
        }
        let inner = FnScope::analyse(d);
        let hidden = |n: &String| !inner_comp_hidden(&self.comp_vars, n);
        let free: Vec<String> = inner.free.iter().filter(|n| hidden(n)).cloned().collect();
        let writes: Vec<String> = inner.free_writes.iter().filter(|n| hidden(n)).cloned().collect();
        self.child_free.extend(free);
        self.child_free_writes.extend(writes);
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(d) => {
                self.child(d);
                self.name(d.name.as_str(), true);
                return;
            }
            Stmt::ClassDef(c) => {
                // The bases are evaluated here; the methods are closures
                // over this function's variables.
                c.bases.iter().for_each(|b| self.expr(b));
                for st in &c.body {
                    if let Stmt::FunctionDef(d) = st {
                        self.child(d);
                    }
                }
                self.name(c.name.as_str(), true);
                return;
            }
            Stmt::Assign(a) => {
                a.targets.iter().for_each(|t| self.target(t));
                self.expr(&a.value);
            }
            Stmt::AugAssign(a) => {
                self.target(&a.target);
                self.expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                self.target(&a.target);
                if let Some(v) = &a.value {
                    self.expr(v);
                }
            }
            Stmt::For(f) => {
                self.target(&f.target);
                self.expr(&f.iter);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.target(t)),
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.name(n.as_str(), true);
                    }
                }
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                let mut names = Vec::new();
                stmt_bindings(s, &mut names, false);
                names.iter().for_each(|n| self.name(n, true));
            }
            _ => {}
        }
        visit_stmt_exprs(s, &mut |e| self.expr(e));
        for_each_child_stmt(s, &mut |c| self.stmt(c));
    }

    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => self.name(n.id.as_str(), true),
            Expr::Tuple(tp) => tp.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            other => self.expr(other),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.name(n.id.as_str(), false),
            Expr::Lambda(l) => self.child(&lambda_as_def(l)),
            Expr::ListComp(c) => self.comprehension(&[&c.elt], &c.generators),
            Expr::GeneratorExp(c) => self.comprehension(&[&c.elt], &c.generators),
            Expr::DictComp(c) => self.comprehension(&[&c.key, &c.value], &c.generators),
            _ => for_each_child_expr(e, &mut |c| self.expr(c)),
        }
    }

    fn comprehension(&mut self, elts: &[&Expr], gens: &[ast::Comprehension]) {
        let mut vars = Vec::new();
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.expr(&g.iter);
            }
            target_names(&g.target, &mut vars);
        }
        self.comp_vars.push(vars);
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter);
            }
            g.ifs.iter().for_each(|x| self.expr(x));
        }
        elts.iter().for_each(|e| self.expr(e));
        self.comp_vars.pop();
    }
}

fn inner_comp_hidden(comp_vars: &[Vec<String>], n: &str) -> bool {
    comp_vars.iter().any(|v| v.iter().any(|x| x == n))
}

/// Walks a function body in statement order, noting cell variables
/// assigned once a closure over them may exist.
struct CaptureOrder<'a> {
    cells: &'a BTreeSet<String>,
    created: BTreeSet<String>,
    late: BTreeSet<String>,
}

impl CaptureOrder<'_> {
    fn block(&mut self, body: &[Stmt]) {
        body.iter().for_each(|s| self.stmt(s));
    }

    /// Cell variables captured by closures this statement creates.
    fn captures(&self, s: &Stmt) -> BTreeSet<String> {
        let mut w = FnWalk::default();
        w.stmt(s);
        w.child_free.into_iter().filter(|n| self.cells.contains(n)).collect()
    }

    fn stmt(&mut self, s: &Stmt) {
        let captured = self.captures(s);
        let is_loop = matches!(s, Stmt::For(_) | Stmt::While(_));
        if is_loop {
            // A loop runs its whole body again after creating a closure.
            self.created.extend(captured.iter().cloned());
        }
        match s {
            Stmt::If(_) | Stmt::Try(_) | Stmt::With(_) | Stmt::For(_) | Stmt::While(_) => {
                let mut own = Vec::new();
                stmt_bindings(s, &mut own, false);
                self.note_stores(&own);
                for_each_child_stmt(s, &mut |c| self.stmt(c));
                if let Stmt::Try(t) = s {
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        if let Some(n) = &h.name {
                            self.note_stores(&[n.to_string()]);
                        }
                    }
                }
            }
            _ => {
                self.created.extend(captured);
                let mut own = Vec::new();
                stmt_bindings(s, &mut own, false);
                if let Stmt::Delete(d) = s {
                    d.targets.iter().for_each(|t| target_names(t, &mut own));
                }
                self.note_stores(&own);
            }
        }
    }

    fn note_stores(&mut self, names: &[String]) {
        for n in names {
            if self.created.contains(n) {
                self.late.insert(n.clone());
            }
        }
    }
}

/// The direct sub-expressions of an expression (a lambda's body included).
pub fn for_each_child_expr(e: &Expr, f: &mut impl FnMut(&Expr)) {
    match e {
        Expr::BoolOp(b) => b.values.iter().for_each(f),
        Expr::BinOp(b) => {
            f(&b.left);
            f(&b.right)
        }
        Expr::UnaryOp(u) => f(&u.operand),
        Expr::IfExp(i) => {
            f(&i.test);
            f(&i.body);
            f(&i.orelse)
        }
        Expr::Dict(d) => {
            d.keys.iter().flatten().for_each(&mut *f);
            d.values.iter().for_each(f)
        }
        Expr::ListComp(c) => {
            f(&c.elt);
            for g in &c.generators {
                f(&g.iter);
                g.ifs.iter().for_each(&mut *f);
            }
        }
        Expr::GeneratorExp(c) => {
            f(&c.elt);
            for g in &c.generators {
                f(&g.iter);
                g.ifs.iter().for_each(&mut *f);
            }
        }
        Expr::DictComp(c) => {
            f(&c.key);
            f(&c.value);
            for g in &c.generators {
                f(&g.iter);
                g.ifs.iter().for_each(&mut *f);
            }
        }
        Expr::Compare(c) => {
            f(&c.left);
            c.comparators.iter().for_each(f)
        }
        Expr::Call(c) => {
            f(&c.func);
            c.args.iter().for_each(&mut *f);
            c.keywords.iter().for_each(|k| f(&k.value))
        }
        Expr::FormattedValue(v) => {
            f(&v.value);
            if let Some(s) = &v.format_spec {
                f(s)
            }
        }
        Expr::JoinedStr(j) => j.values.iter().for_each(f),
        Expr::Attribute(a) => f(&a.value),
        Expr::Subscript(s) => {
            f(&s.value);
            f(&s.slice)
        }
        Expr::Starred(s) => f(&s.value),
        Expr::List(l) => l.elts.iter().for_each(f),
        Expr::Tuple(t) => t.elts.iter().for_each(f),
        Expr::Slice(s) => {
            [&s.lower, &s.upper, &s.step].into_iter().flatten().for_each(|x| f(x));
        }
        Expr::Lambda(l) => f(&l.body),
        _ => {}
    }
}
