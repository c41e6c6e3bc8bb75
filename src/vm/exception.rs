//! Python exceptions: creating, raising and matching them.

use super::effect::Recorder;
use super::interp::{Ctx, Exec, Fault};
use super::object::{ClassRef, ExceptionData, Instance, Native, Object};
use super::state::State;
use super::value::Value;
use super::Vm;
use crate::ir::{Builtin, ClassBase, ExcClass};

impl<R: Recorder> Ctx<'_, R> {
    pub fn new_exception(&mut self, class: ExcClass, args: Vec<Value>) -> Value {
        let o = self.s.alloc(Object::Instance(Instance {
            class: ClassRef::Builtin(Builtin::Exc(class)),
            attrs: Vec::new(),
            native: Native::Exception(ExceptionData { class, args }),
        }));
        Value::Ref(o)
    }

    /// A Python exception of a built-in class with a message.
    pub fn exc(&mut self, class: ExcClass, message: String) -> Fault {
        let v = self.new_exception(class, vec![Value::Str(message.into())]);
        Fault::Raise(v)
    }

    pub fn type_error(&mut self, message: String) -> Fault {
        self.exc(ExcClass::TypeError, message)
    }

    /// `raise X`: X is an exception instance or a class to instantiate.
    pub fn make_exception_from(&mut self, v: Value) -> Exec<Value> {
        match &v {
            Value::Builtin(Builtin::Exc(c)) => Ok(self.new_exception(*c, vec![])),
            Value::Class(c) if matches!(self.vm.program.class_root(*c), ClassBase::Exception(_)) => {
                let ClassBase::Exception(base) = self.vm.program.class_root(*c) else { unreachable!() };
                let o = self.s.alloc(Object::Instance(Instance {
                    class: ClassRef::User(*c),
                    attrs: Vec::new(),
                    native: Native::Exception(ExceptionData { class: base, args: vec![] }),
                }));
                Ok(Value::Ref(o))
            }
            Value::Ref(o) if matches!(&self.s.heap[*o as usize], Object::Instance(i) if matches!(i.native, Native::Exception(_))) => {
                Ok(v)
            }
            _ => Err(self.type_error("exceptions must derive from BaseException".into())),
        }
    }

    /// `except C:` — does the exception match the class (or tuple of classes)?
    pub fn exception_matches(&mut self, exc: &Value, class: &Value) -> Exec<bool> {
        if let Value::Tuple(items) = class {
            for c in items.iter() {
                if self.exception_matches(exc, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let Value::Ref(o) = exc else { return Ok(false) };
        let Object::Instance(inst) = &self.s.heap[*o as usize] else { return Ok(false) };
        let Native::Exception(data) = &inst.native else { return Ok(false) };
        match class {
            Value::Builtin(Builtin::Exc(c)) => Ok(data.class.is_subclass_of(*c)),
            Value::Class(c) => Ok(match inst.class {
                ClassRef::User(k) => self.vm.program.is_subclass(k, *c),
                ClassRef::Builtin(_) => false,
            }),
            _ => Err(self.type_error("catching classes that do not inherit from BaseException is not allowed".into())),
        }
    }
}

/// The class name and message of an exception value, as Python prints them.
pub fn describe(vm: &Vm, s: &State, exc: &Value) -> (String, String) {
    let Value::Ref(o) = exc else { return ("Exception".into(), String::new()) };
    let Object::Instance(inst) = &s.heap[*o as usize] else { return ("Exception".into(), String::new()) };
    let name = match inst.class {
        ClassRef::User(c) => vm.program.classes[c as usize].name.to_string(),
        ClassRef::Builtin(b) => b.name().to_string(),
    };
    let message = match &inst.native {
        Native::Exception(d) => exception_str(vm, s, d),
        _ => String::new(),
    };
    (name, message)
}

/// `str(exc)`: the single argument, or the tuple of arguments.
pub fn exception_str(vm: &Vm, s: &State, d: &ExceptionData) -> String {
    match d.args.len() {
        0 => String::new(),
        1 if d.class == ExcClass::KeyError => super::format::repr(vm, s, &d.args[0]),
        1 => super::format::to_str(vm, s, &d.args[0]),
        // `OSError(errno, strerror)`.
        2 if d.class.is_subclass_of(ExcClass::OSError) => {
            format!("[Errno {}] {}", super::format::to_str(vm, s, &d.args[0]), super::format::to_str(vm, s, &d.args[1]))
        }
        _ => super::format::repr(vm, s, &Value::tuple(d.args.clone())),
    }
}
