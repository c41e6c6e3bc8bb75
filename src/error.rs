//! Errors that stop a model from being checked: bad input, unsupported
//! constructs, unreadable files. Each carries a `file:line:col`.

use crate::ir::{SourceFile, Span};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// Python syntax error.
    Syntax,
    /// Valid Python that interleave does not model (or refuses: host access).
    Unsupported,
    /// A name that is never defined.
    Name,
    /// A `--define` / `# define:` that does not apply.
    Define,
    /// The model failed while being explored in a way that is not a finding
    /// (a local loop too long to be one step, a 64-bit overflow).
    Model,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
    /// The source line the span points into, for the excerpt.
    pub line_text: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, path: &str, message: impl Into<String>) -> Error {
        Error { kind, path: path.to_string(), span: None, message: message.into(), line_text: None }
    }

    pub fn at(kind: ErrorKind, src: &SourceFile, span: Span, message: impl Into<String>) -> Error {
        Error {
            kind,
            path: src.path.to_string(),
            span: Some(span),
            message: message.into(),
            line_text: Some(src.line_text(span.line).to_string()),
        }
    }

    /// `path:line:col`.
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.path, s.line, s.col),
            None => self.path.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::Io => "cannot read model",
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Name => "name error",
            ErrorKind::Define => "bad define",
            ErrorKind::Model => "cannot check model",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let (Some(span), Some(text)) = (self.span, &self.line_text) {
            let num = span.line.to_string();
            let pad = " ".repeat(num.len());
            let caret_pad: String = text.chars().take(span.col.saturating_sub(1) as usize).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n {pad} |\n {num} | {text}\n {pad} | {caret_pad}^")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
