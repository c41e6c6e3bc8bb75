//! `threading.Lock`: not owned — any thread may release it; releasing an
//! unlocked lock raises `RuntimeError`.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::Object;
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

impl<R: Recorder> Ctx<'_, R> {
    pub fn lock_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Flow> {
        self.notes.touched.sync = true;
        let v = match name {
            "acquire" | "__enter__" => Value::Bool(self.lock_acquire(o, &args)),
            "release" | "__exit__" => {
                self.lock_release(o)?;
                if name == "__exit__" { Value::Bool(false) } else { Value::None }
            }
            "locked" => {
                let Object::Lock(l) = &self.s.heap[o as usize] else { unreachable!() };
                Value::Bool(l.locked)
            }
            _ => return Err(self.fatal(format!("'lock' object has no attribute '{name}' (or it is not supported)"))),
        };
        self.push(v);
        Ok(Flow::Next)
    }

    /// Acquire if free; the explorer only runs a blocking acquire when the
    /// lock is free or its timeout fires.
    pub fn lock_acquire(&mut self, o: ObjId, _args: &Args) -> bool {
        let tid = self.tid;
        let label = if R::ON { self.vm.object_label(self.s, o) } else { String::new() };
        if self.timeout {
            self.record(|| Effect::TimedOut { text: format!("acquire {label}") });
            return false;
        }
        let Object::Lock(l) = &mut self.s.heap[o as usize] else { unreachable!() };
        if l.locked {
            self.record(|| Effect::Call { text: format!("acquire {label} → False (held)") });
            return false;
        }
        l.locked = true;
        l.holder = Some(tid);
        self.record(|| Effect::Call { text: format!("acquire {label}") });
        self.note_lock_order(o);
        true
    }

    /// Record which other locks this thread holds as it takes `o`.
    pub fn note_lock_order(&mut self, o: ObjId) {
        let tid = self.tid;
        let held: Vec<ObjId> = self
            .s
            .heap
            .iter()
            .enumerate()
            .filter(|&(i, obj)| {
                i as ObjId != o
                    && match obj {
                        Object::Lock(l) => l.locked && l.holder == Some(tid),
                        Object::RLock(r) => r.owner == Some(tid),
                        _ => false,
                    }
            })
            .map(|(i, _)| i as ObjId)
            .collect();
        if !held.is_empty() {
            let span = self.span();
            self.notes.lock_edges.push(super::LockEdge { tid, held, acquired: o, span });
        }
    }

    pub fn lock_release(&mut self, o: ObjId) -> Exec<()> {
        let Object::Lock(l) = &mut self.s.heap[o as usize] else { unreachable!() };
        if !l.locked {
            return Err(self.exc(ExcClass::RuntimeError, "release unlocked lock".into()));
        }
        l.locked = false;
        l.holder = None;
        if R::ON {
            let label = self.vm.object_label(self.s, o);
            self.record(|| Effect::Call { text: format!("release {label}") });
        }
        Ok(())
    }
}
