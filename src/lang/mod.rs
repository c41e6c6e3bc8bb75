//! From model source text to `ir::Program`: parse with a real Python parser
//! (`rustpython-parser`), apply defines, analyse names, generate code.

mod header;
mod lower;
mod scope;

/// Library code written in the model language (Timer, concurrent.futures).
const PRELUDE: &str = include_str!("prelude.py");

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
    Name(String, Const),
    Literal(i64, i64),
}

impl Define {
    /// Parse `NAME=VALUE`; VALUE is a Python literal.
    pub fn parse(text: &str) -> Result<Define, String> {
        let Some((name, value)) = text.split_once('=') else {
            return Err(format!("`{text}`: expected NAME=VALUE"));
        };
        let (name, value) = (name.trim(), value.trim());
        let value = parse_literal(value).ok_or_else(|| {
            format!("`{text}`: the value `{value}` is not a Python literal (a number, a quoted string, True/False/None)")
        })?;
        if let Ok(n) = name.parse::<i64>() {
            return match value {
                Const::Int(v) => Ok(Define::Literal(n, v)),
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

fn parse_literal(text: &str) -> Option<Const> {
    let e = ast::Expr::parse(text, "<define>").ok()?;
    literal(&e)
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
    if ["concurrent", "Timer", "Barrier", "multiprocessing"].iter().any(|w| text.contains(w)) {
        let prelude = ast::Suite::parse(PRELUDE, "<interleave prelude>").expect("the prelude parses");
        prelude_len = prelude.len();
        body.splice(0..0, prelude);
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
    let compiler = lower::Compiler::new(&src, &body, &names, &literals, prelude_len);
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
