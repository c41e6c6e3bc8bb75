//! `threading.Condition`: `wait` releases the lock, waits for a notify (or a
//! timeout), then re-takes the lock; `notify` wakes the oldest waiters.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::{Object, Tid};
use super::state::State;
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

/// Can `tid` take the condition's lock now?
pub fn lock_free_for(s: &State, lock: ObjId, tid: Tid) -> bool {
    match &s.heap[lock as usize] {
        Object::Lock(l) => !l.locked,
        Object::RLock(r) => r.owner.is_none() || r.owner == Some(tid),
        _ => false,
    }
}

impl<R: Recorder> Ctx<'_, R> {
    fn cond_lock(&self, o: ObjId) -> ObjId {
        let Object::Condition(c) = &self.s.heap[o as usize] else { unreachable!() };
        c.lock
    }

    /// Python's `_is_owned`: an RLock by its owner; a plain Lock when locked.
    fn owns(&self, lock: ObjId) -> bool {
        match &self.s.heap[lock as usize] {
            Object::Lock(l) => l.locked,
            Object::RLock(r) => r.owner == Some(self.tid),
            _ => false,
        }
    }

    pub fn condition_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Flow> {
        self.notes.touched.sync = true;
        let lock = self.cond_lock(o);
        let tid = self.tid;
        let label = if R::ON { self.vm.object_label(self.s, o) } else { String::new() };
        let v = match name {
            "acquire" | "__enter__" => match &self.s.heap[lock as usize] {
                Object::Lock(_) => Value::Bool(self.lock_acquire(lock, &args)),
                _ => Value::Bool(self.rlock_acquire(lock)),
            },
            "release" | "__exit__" => {
                match &self.s.heap[lock as usize] {
                    Object::Lock(_) => self.lock_release(lock)?,
                    _ => self.rlock_release(lock)?,
                }
                if name == "__exit__" { Value::Bool(false) } else { Value::None }
            }
            "wait" => {
                if self.s.threads[tid as usize].in_wait {
                    let t = self.s.thread_mut(tid);
                    t.in_wait = false;
                    let notified = std::mem::take(&mut t.signaled) && !self.timeout;
                    let count = std::mem::take(&mut t.saved_count);
                    if let Object::Condition(c) = &mut self.s.heap[o as usize] {
                        c.waiters.retain(|&w| w != tid);
                    }
                    match &mut self.s.heap[lock as usize] {
                        Object::Lock(l) => {
                            l.locked = true;
                            l.holder = Some(tid);
                        }
                        Object::RLock(r) => {
                            r.owner = Some(tid);
                            r.count = count.max(1);
                        }
                        _ => {}
                    }
                    if notified {
                        self.record(|| Effect::Call { text: format!("wait {label} → True (notified, lock re-taken)") });
                    } else {
                        self.record(|| Effect::TimedOut { text: format!("wait {label} → False (lock re-taken)") });
                    }
                    Value::Bool(notified)
                } else {
                    if !self.owns(lock) {
                        return Err(self.exc(ExcClass::RuntimeError, "cannot wait on un-acquired lock".into()));
                    }
                    let saved = match &mut self.s.heap[lock as usize] {
                        Object::Lock(l) => {
                            l.locked = false;
                            l.holder = None;
                            0
                        }
                        Object::RLock(r) => {
                            r.owner = None;
                            std::mem::take(&mut r.count)
                        }
                        _ => 0,
                    };
                    if let Object::Condition(c) = &mut self.s.heap[o as usize] {
                        c.waiters.push(tid);
                    }
                    let t = self.s.thread_mut(tid);
                    t.in_wait = true;
                    t.signaled = false;
                    t.saved_count = saved;
                    self.record(|| Effect::Blocks { text: format!("wait {label} (releases its lock)") });
                    return self.repark_call(Value::Ref(o), "wait", args);
                }
            }
            "wait_for" => {
                let pred = args.get(self.vm, 0, "predicate").cloned().unwrap_or(Value::None);
                let timeout = args.get(self.vm, 1, "timeout").cloned().unwrap_or(Value::None);
                let f = self.vm.program.wait_for;
                let call = Args { pos: vec![Value::Ref(o), pred, timeout], kw: vec![] };
                return self.call_function(f, None, call, super::state::FrameKind::Normal);
            }
            "notify" | "notify_all" | "notifyAll" => {
                if !self.owns(lock) {
                    return Err(self.exc(ExcClass::RuntimeError, "cannot notify on un-acquired lock".into()));
                }
                let n = if name == "notify" {
                    match args.get(self.vm, 0, "n") {
                        Some(Value::Int(n)) => (*n).max(0) as usize,
                        _ => 1,
                    }
                } else {
                    usize::MAX
                };
                let Object::Condition(c) = &mut self.s.heap[o as usize] else { unreachable!() };
                let k = n.min(c.waiters.len());
                let woken: Vec<Tid> = c.waiters.drain(..k).collect();
                if woken.is_empty() {
                    c.lost_notify = true;
                }
                for &t in &woken {
                    self.s.thread_mut(t).signaled = true;
                }
                if R::ON {
                    let text = if woken.is_empty() {
                        format!("{name} {label} (nobody waiting)")
                    } else {
                        let names: Vec<String> = woken.iter().map(|&t| super::thread::thread_name(self.s, t)).collect();
                        format!("{name} {label} (wakes {})", names.join(", "))
                    };
                    self.record(|| Effect::Call { text });
                }
                Value::None
            }
            _ => return Err(self.fatal(format!("'Condition' object has no attribute '{name}' (or it is not supported)"))),
        };
        self.push(v);
        Ok(Flow::Next)
    }
}
