//! `threading.Semaphore` and `BoundedSemaphore`.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::Object;
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

impl<R: Recorder> Ctx<'_, R> {
    pub fn semaphore_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Flow> {
        self.notes.touched.sync = true;
        let label = if R::ON { self.vm.object_label(self.s, o) } else { String::new() };
        let v = match name {
            "acquire" | "__enter__" => {
                if self.timeout {
                    self.record(|| Effect::TimedOut { text: format!("acquire {label}") });
                    Value::Bool(false)
                } else {
                    let Object::Semaphore(sem) = &mut self.s.heap[o as usize] else { unreachable!() };
                    if sem.value > 0 {
                        sem.value -= 1;
                        let left = sem.value;
                        self.record(|| Effect::Call { text: format!("acquire {label} ({left} left)") });
                        Value::Bool(true)
                    } else {
                        self.record(|| Effect::Call { text: format!("acquire {label} → False (none left)") });
                        Value::Bool(false)
                    }
                }
            }
            "release" | "__exit__" => {
                let n = match args.pos.first() {
                    Some(Value::Int(n)) if name == "release" => *n,
                    _ => 1,
                };
                if n < 1 {
                    return Err(self.exc(ExcClass::ValueError, "n must be one or more".into()));
                }
                let Object::Semaphore(sem) = &mut self.s.heap[o as usize] else { unreachable!() };
                if let Some(bound) = sem.bound {
                    if sem.value + n > bound {
                        return Err(self.exc(ExcClass::ValueError, "Semaphore released too many times".into()));
                    }
                }
                sem.value += n;
                let left = sem.value;
                self.record(|| Effect::Call { text: format!("release {label} ({left} left)") });
                if name == "__exit__" { Value::Bool(false) } else { Value::None }
            }
            _ => return Err(self.fatal(format!("'Semaphore' object has no attribute '{name}' (or it is not supported)"))),
        };
        self.push(v);
        Ok(Flow::Next)
    }
}
