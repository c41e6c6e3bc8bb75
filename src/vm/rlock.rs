//! `threading.RLock`: owned by one thread and counted.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::{Object, Tid};
use super::state::State;
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

pub fn can_acquire(s: &State, o: ObjId, tid: Tid) -> bool {
    matches!(&s.heap[o as usize], Object::RLock(r) if r.owner.is_none() || r.owner == Some(tid))
}

impl<R: Recorder> Ctx<'_, R> {
    pub fn rlock_method(&mut self, o: ObjId, name: &str, _args: Args) -> Exec<Flow> {
        self.notes.touched.sync = true;
        let v = match name {
            "acquire" | "__enter__" => Value::Bool(self.rlock_acquire(o)),
            "release" | "__exit__" => {
                self.rlock_release(o)?;
                if name == "__exit__" { Value::Bool(false) } else { Value::None }
            }
            _ => return Err(self.fatal(format!("'RLock' object has no attribute '{name}' (or it is not supported)"))),
        };
        self.push(v);
        Ok(Flow::Next)
    }

    pub fn rlock_acquire(&mut self, o: ObjId) -> bool {
        let tid = self.tid;
        let label = if R::ON { self.vm.object_label(self.s, o) } else { String::new() };
        if self.timeout {
            self.record(|| Effect::TimedOut { text: format!("acquire {label}") });
            return false;
        }
        let Object::RLock(r) = &mut self.s.heap[o as usize] else { unreachable!() };
        let first = r.owner.is_none();
        match r.owner {
            None => {
                r.owner = Some(tid);
                r.count = 1;
            }
            Some(t) if t == tid => r.count += 1,
            Some(_) => {
                self.record(|| Effect::Call { text: format!("acquire {label} → False (held)") });
                return false;
            }
        }
        let count = r.count;
        self.record(|| Effect::Call { text: format!("acquire {label} (count {count})") });
        if first {
            self.note_lock_order(o);
        }
        true
    }

    pub fn rlock_release(&mut self, o: ObjId) -> Exec<()> {
        let tid = self.tid;
        let Object::RLock(r) = &mut self.s.heap[o as usize] else { unreachable!() };
        if r.owner != Some(tid) {
            return Err(self.exc(ExcClass::RuntimeError, "cannot release un-acquired lock".into()));
        }
        r.count -= 1;
        if r.count == 0 {
            r.owner = None;
        }
        let count = r.count;
        if R::ON {
            let label = self.vm.object_label(self.s, o);
            self.record(|| Effect::Call { text: format!("release {label} (count {count})") });
        }
        Ok(())
    }
}
