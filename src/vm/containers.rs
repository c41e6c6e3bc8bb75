//! Methods of `list` and `dict`. Each is one atomic step, as CPython runs
//! it as one C call under the GIL.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Fault};
use super::object::Object;
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

impl<R: Recorder> Ctx<'_, R> {
    pub fn container_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        // Which methods only read is not worth telling apart here.
        self.touched.container_read = true;
        self.touched.container_write = true;
        let v = match &self.s.heap[o as usize] {
            Object::List(_) => self.list_method(o, name, args)?,
            _ => self.dict_method(o, name, args)?,
        };
        if R::ON {
            let label = self.vm.object_label(self.s, o);
            let shown = self.repr(&Value::Ref(o));
            let text = if v == Value::None {
                format!("{label}.{name}(…) → {label} = {shown}")
            } else {
                format!("{label}.{name}(…) → {}", self.repr(&v))
            };
            self.record(|| Effect::Call { text });
        }
        Ok(v)
    }

    fn list(&mut self, o: ObjId) -> &mut Vec<Value> {
        match &mut self.s.heap[o as usize] {
            Object::List(l) => l,
            _ => unreachable!(),
        }
    }

    fn list_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        let arg0 = args.pos.first().cloned();
        Ok(match name {
            "append" => {
                let v = arg0.ok_or_else(|| self.type_error("list.append() takes exactly one argument (0 given)".into()))?;
                self.list(o).push(v);
                Value::None
            }
            "extend" => {
                let items = self.iterate_all(&arg0.unwrap_or(Value::None))?;
                self.list(o).extend(items);
                Value::None
            }
            "insert" => {
                let (Some(Value::Int(i)), Some(v)) = (args.pos.first(), args.pos.get(1)) else {
                    return Err(self.type_error("insert expected 2 arguments".into()));
                };
                let len = self.list(o).len() as i64;
                let at = if *i < 0 { (*i + len).max(0) } else { (*i).min(len) } as usize;
                let v = v.clone();
                self.list(o).insert(at, v);
                Value::None
            }
            "pop" => {
                let len = self.list(o).len() as i64;
                if len == 0 {
                    return Err(self.exc(ExcClass::IndexError, "pop from empty list".into()));
                }
                let i = match arg0 {
                    Some(Value::Int(i)) => i,
                    _ => -1,
                };
                let j = if i < 0 { i + len } else { i };
                if j < 0 || j >= len {
                    return Err(self.exc(ExcClass::IndexError, "pop index out of range".into()));
                }
                self.list(o).remove(j as usize)
            }
            "remove" | "index" | "count" => {
                let x = arg0.unwrap_or(Value::None);
                let items = self.list(o).clone();
                let mut hits = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    if self.eq(v, &x)? {
                        hits.push(i);
                        if name != "count" {
                            break;
                        }
                    }
                }
                match (name, hits.first()) {
                    ("count", _) => Value::Int(hits.len() as i64),
                    ("index", Some(&i)) => Value::Int(i as i64),
                    ("remove", Some(&i)) => {
                        self.list(o).remove(i);
                        Value::None
                    }
                    ("index", None) => {
                        let r = self.repr(&x);
                        return Err(self.exc(ExcClass::ValueError, format!("{r} is not in list")));
                    }
                    _ => return Err(self.exc(ExcClass::ValueError, "list.remove(x): x not in list".into())),
                }
            }
            "clear" => {
                self.list(o).clear();
                Value::None
            }
            "reverse" => {
                self.list(o).reverse();
                Value::None
            }
            "sort" => {
                let reverse = match args.get(self.vm, usize::MAX, "reverse") {
                    Some(v) => self.truthy(&v.clone())?,
                    None => false,
                };
                let mut items = std::mem::take(self.list(o));
                let r = self.sort_values(&mut items, reverse);
                *self.list(o) = items;
                r?;
                Value::None
            }
            "copy" => {
                let items = self.list(o).clone();
                Value::Ref(self.s.alloc(Object::List(items)))
            }
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'list' object has no attribute '{name}'"))),
        })
    }

    fn dict(&mut self, o: ObjId) -> &mut Vec<(Value, Value)> {
        match &mut self.s.heap[o as usize] {
            Object::Dict(d) => d,
            _ => unreachable!(),
        }
    }

    fn dict_find(&mut self, o: ObjId, key: &Value) -> Exec<Option<usize>> {
        let entries = self.dict(o).clone();
        for (i, (k, _)) in entries.iter().enumerate() {
            if self.eq(k, key)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    fn dict_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Value> {
        let arg0 = args.pos.first().cloned().unwrap_or(Value::None);
        Ok(match name {
            "get" => match self.dict_find(o, &arg0)? {
                Some(i) => self.dict(o)[i].1.clone(),
                None => args.pos.get(1).cloned().unwrap_or(Value::None),
            },
            "keys" | "values" | "items" => {
                let items: Vec<Value> = self
                    .dict(o)
                    .iter()
                    .map(|(k, v)| match name {
                        "keys" => k.clone(),
                        "values" => v.clone(),
                        _ => Value::tuple(vec![k.clone(), v.clone()]),
                    })
                    .collect();
                Value::Ref(self.s.alloc(Object::List(items)))
            }
            "pop" => match self.dict_find(o, &arg0)? {
                Some(i) => self.dict(o).remove(i).1,
                None => match args.pos.get(1) {
                    Some(d) => d.clone(),
                    None => {
                        let e = self.new_exception(ExcClass::KeyError, vec![arg0]);
                        return Err(Fault::Raise(e));
                    }
                },
            },
            "setdefault" => match self.dict_find(o, &arg0)? {
                Some(i) => self.dict(o)[i].1.clone(),
                None => {
                    self.check_hashable(&arg0)?;
                    let d = args.pos.get(1).cloned().unwrap_or(Value::None);
                    self.dict(o).push((arg0, d.clone()));
                    d
                }
            },
            "update" => {
                let mut entries = std::mem::take(self.dict(o));
                let mut pairs: Vec<(Value, Value)> = Vec::new();
                if let Value::Ref(src) = &arg0 {
                    if let Object::Dict(d) = &self.s.heap[*src as usize] {
                        pairs = d.clone();
                    }
                }
                for (k, v) in args.kw {
                    pairs.push((Value::Str(self.vm.program.names[k as usize].clone()), v));
                }
                let mut r = Ok(());
                for (k, v) in pairs {
                    r = super::ops::dict_set(self, &mut entries, k, v);
                    if r.is_err() {
                        break;
                    }
                }
                *self.dict(o) = entries;
                r?;
                Value::None
            }
            "clear" => {
                self.dict(o).clear();
                Value::None
            }
            "copy" => {
                let d = self.dict(o).clone();
                Value::Ref(self.s.alloc(Object::Dict(d)))
            }
            _ => return Err(self.exc(ExcClass::AttributeError, format!("'dict' object has no attribute '{name}'"))),
        })
    }
}
