//! Methods of `str` (values, so thread-local: never a visible step).

use super::effect::Recorder;
use super::interp::{Args, Ctx, Exec};
use super::value::Value;
use crate::ir::ExcClass;

pub fn is_str_method(name: &str) -> bool {
    matches!(
        name,
        "join" | "split" | "strip" | "lstrip" | "rstrip" | "upper" | "lower" | "startswith" | "endswith" | "replace"
            | "format" | "find" | "count" | "isdigit" | "title" | "capitalize" | "center" | "ljust" | "rjust" | "zfill"
    )
}

impl<R: Recorder> Ctx<'_, R> {
    pub fn str_method(&mut self, s: &str, name: &str, args: Args) -> Exec<Value> {
        let arg = |i: usize| args.pos.get(i).cloned();
        let str_arg = |i: usize| match args.pos.get(i) {
            Some(Value::Str(x)) => Some(x.to_string()),
            _ => None,
        };
        Ok(match name {
            "join" => {
                let items = self.iterate_all(&arg(0).unwrap_or(Value::None))?;
                let mut parts = Vec::new();
                for (i, it) in items.iter().enumerate() {
                    match it {
                        Value::Str(x) => parts.push(x.to_string()),
                        other => {
                            let t = super::builtins::type_name(self.vm, self.s, other);
                            return Err(self.type_error(format!("sequence item {i}: expected str instance, {t} found")));
                        }
                    }
                }
                Value::Str(parts.join(s).into())
            }
            "split" => {
                let parts: Vec<Value> = match str_arg(0) {
                    Some(sep) if sep.is_empty() => return Err(self.exc(ExcClass::ValueError, "empty separator".into())),
                    Some(sep) => s.split(sep.as_str()).map(Value::str).collect(),
                    None => s.split_whitespace().map(Value::str).collect(),
                };
                Value::Ref(self.s.alloc(super::object::Object::List(parts)))
            }
            "strip" | "lstrip" | "rstrip" => {
                let chars: Option<Vec<char>> = str_arg(0).map(|c| c.chars().collect());
                let pred = |c: char| match &chars {
                    Some(cs) => cs.contains(&c),
                    None => c.is_whitespace(),
                };
                Value::str(match name {
                    "strip" => s.trim_matches(pred),
                    "lstrip" => s.trim_start_matches(pred),
                    _ => s.trim_end_matches(pred),
                })
            }
            "upper" => Value::Str(s.to_uppercase().into()),
            "lower" => Value::Str(s.to_lowercase().into()),
            "title" | "capitalize" => {
                let mut out = String::new();
                let mut start = true;
                for c in s.chars() {
                    if start {
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                    start = if name == "title" { !c.is_alphabetic() } else { false };
                }
                Value::Str(out.into())
            }
            "startswith" | "endswith" => {
                let prefixes: Vec<String> = match arg(0) {
                    Some(Value::Str(p)) => vec![p.to_string()],
                    Some(Value::Tuple(t)) => t.iter().filter_map(|v| if let Value::Str(x) = v { Some(x.to_string()) } else { None }).collect(),
                    _ => return Err(self.type_error(format!("{name} first arg must be str or a tuple of str"))),
                };
                Value::Bool(prefixes.iter().any(|p| if name == "startswith" { s.starts_with(p.as_str()) } else { s.ends_with(p.as_str()) }))
            }
            "replace" => match (str_arg(0), str_arg(1)) {
                (Some(a), Some(b)) => Value::Str(s.replace(a.as_str(), &b).into()),
                _ => return Err(self.type_error("replace expected 2 str arguments".into())),
            },
            "find" => match str_arg(0) {
                Some(sub) => Value::Int(s.find(sub.as_str()).map(|b| s[..b].chars().count() as i64).unwrap_or(-1)),
                None => return Err(self.type_error("must be str".into())),
            },
            "count" => match str_arg(0) {
                Some(sub) if !sub.is_empty() => Value::Int(s.matches(sub.as_str()).count() as i64),
                Some(_) => Value::Int(s.chars().count() as i64 + 1),
                None => return Err(self.type_error("must be str".into())),
            },
            "isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
            "center" | "ljust" | "rjust" => {
                let width = match arg(0) {
                    Some(Value::Int(w)) => w.max(0) as usize,
                    _ => return Err(self.type_error("width must be an integer".into())),
                };
                let fill = str_arg(1).and_then(|f| f.chars().next()).unwrap_or(' ');
                let len = s.chars().count();
                if len >= width {
                    Value::str(s)
                } else {
                    let pad = width - len;
                    let f = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
                    Value::Str(
                        match name {
                            "ljust" => format!("{s}{}", f(pad)),
                            "rjust" => format!("{}{s}", f(pad)),
                            _ => {
                                // CPython's centring puts the extra space on the right
                                // when the string length is even... on the left when odd.
                                let left = pad / 2 + (pad & width & 1);
                                format!("{}{s}{}", f(left), f(pad - left))
                            }
                        }
                        .into(),
                    )
                }
            }
            "zfill" => {
                let width = match arg(0) {
                    Some(Value::Int(w)) => w.max(0) as usize,
                    _ => 0,
                };
                let len = s.chars().count();
                if len >= width {
                    Value::str(s)
                } else {
                    let (sign, rest) = if s.starts_with(['-', '+']) { s.split_at(1) } else { ("", s) };
                    Value::Str(format!("{sign}{}{rest}", "0".repeat(width - len)).into())
                }
            }
            "format" => Value::Str(self.str_format(s, &args)?.into()),
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'str' object has no attribute '{name}'"))),
        })
    }

    /// `"{} {name} {0:>5}".format(...)`.
    fn str_format(&mut self, f: &str, args: &Args) -> Exec<String> {
        let mut out = String::new();
        let chars: Vec<char> = f.chars().collect();
        let mut i = 0;
        let mut auto = 0usize;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' && chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            if c == '}' && chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            if c != '{' {
                out.push(c);
                i += 1;
                continue;
            }
            let Some(close) = chars[i..].iter().position(|&c| c == '}') else {
                return Err(self.exc(ExcClass::ValueError, "Single '{' encountered in format string".into()));
            };
            let field: String = chars[i + 1..i + close].iter().collect();
            i += close + 1;
            let (head, spec) = match field.split_once(':') {
                Some((h, s)) => (h.to_string(), s.to_string()),
                None => (field.clone(), String::new()),
            };
            let (head, conv) = match head.split_once('!') {
                Some((h, c)) => (h.to_string(), c.chars().next()),
                None => (head, None),
            };
            let (key, attr) = match head.split_once('.') {
                Some((k, a)) => (k.to_string(), Some(a.to_string())),
                None => (head, None),
            };
            let mut v = if key.is_empty() {
                let v = args.pos.get(auto).cloned();
                auto += 1;
                match v {
                    Some(v) => v,
                    None => return Err(self.exc(ExcClass::IndexError, format!("Replacement index {} out of range for positional args tuple", auto - 1))),
                }
            } else if let Ok(n) = key.parse::<usize>() {
                match args.pos.get(n) {
                    Some(v) => v.clone(),
                    None => return Err(self.exc(ExcClass::IndexError, format!("Replacement index {n} out of range for positional args tuple"))),
                }
            } else {
                match args.kw.iter().find(|(k, _)| self.vm.program.name(*k) == key) {
                    Some((_, v)) => v.clone(),
                    None => {
                        let e = self.new_exception(ExcClass::KeyError, vec![Value::Str(key.into())]);
                        return Err(super::interp::Fault::Raise(e));
                    }
                }
            };
            if let Some(a) = attr {
                match self.vm.program.name_id(&a) {
                    Some(n) => v = self.load_attr(&v, n)?,
                    None => return Err(self.exc(ExcClass::AttributeError, format!("no attribute '{a}'"))),
                }
            }
            let conv = match conv {
                Some('r') => b'r',
                Some('s') => b's',
                Some('a') => b'a',
                _ => 0,
            };
            let spec_v = Value::Str(spec.into());
            out.push_str(&self.format_value(&v, conv, Some(&spec_v))?);
        }
        Ok(out)
    }
}
