//! `threading.Event`. `wait()` is two-phase, as in CPython: a waiter blocked
//! when `set()` runs is woken even if the event is cleared before it runs.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Flow};
use super::object::Object;
use super::value::{ObjId, Value};

impl<R: Recorder> Ctx<'_, R> {
    /// Put a parked call's receiver and arguments back, as the call op
    /// found them, so the call runs again when the thread is woken.
    pub fn repark_call(&mut self, recv: Value, name: &str, args: Args) -> Exec<Flow> {
        let fr = self.s.threads[self.tid as usize].frames.last().expect("a live thread has a frame");
        let op = self.vm.program.functions[fr.func as usize].code[fr.pc as usize - 1];
        let method = |recv| Value::Method(std::sync::Arc::new((recv, self.vm.program.name_id(name).expect("a method name"))));
        match op {
            crate::ir::Op::CallEx { method: m } => {
                self.push(if m.is_some() { recv } else { method(recv) });
                let list = self.s.alloc(Object::List(args.pos));
                let kw = args.kw.into_iter().map(|(k, v)| (Value::Str(self.vm.program.name(k).into()), v)).collect();
                let dict = self.s.alloc(Object::Dict(kw));
                self.push(Value::Ref(list));
                self.push(Value::Ref(dict));
                return Ok(Flow::Park);
            }
            crate::ir::Op::Call { .. } => self.push(method(recv)),
            _ => self.push(recv),
        }
        for a in args.pos {
            self.push(a);
        }
        for (_, v) in args.kw {
            self.push(v);
        }
        Ok(Flow::Park)
    }

    pub fn event_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Flow> {
        self.notes.touched.sync = true;
        let tid = self.tid;
        let label = if R::ON { self.vm.object_label(self.s, o) } else { String::new() };
        let Object::Event(ev) = &mut self.s.heap[o as usize] else { unreachable!() };
        let v = match name {
            "set" => {
                ev.flag = true;
                ev.was_set = true;
                let woken = std::mem::take(&mut ev.waiters);
                for &t in &woken {
                    self.s.thread_mut(t).signaled = true;
                }
                if R::ON {
                    let text = if woken.is_empty() {
                        format!("set {label} (nobody waiting)")
                    } else {
                        let names: Vec<String> = woken.iter().map(|&t| super::thread::thread_name(self.s, t)).collect();
                        format!("set {label} (wakes {})", names.join(", "))
                    };
                    self.record(|| Effect::Call { text });
                }
                Value::None
            }
            "clear" => {
                ev.flag = false;
                self.record(|| Effect::Call { text: format!("clear {label}") });
                Value::None
            }
            "is_set" | "isSet" => {
                let f = ev.flag;
                self.record(|| Effect::Call { text: format!("{label}.is_set() → {}", if f { "True" } else { "False" }) });
                Value::Bool(f)
            }
            "wait" => {
                let t = super::unique::make_mut(&mut self.s.threads[tid as usize]);
                if t.in_wait {
                    t.in_wait = false;
                    let signaled = std::mem::take(&mut t.signaled);
                    if self.timeout && !signaled {
                        ev.waiters.retain(|&w| w != tid);
                        self.record(|| Effect::TimedOut { text: format!("wait {label} → False") });
                        Value::Bool(false)
                    } else {
                        self.record(|| Effect::Call { text: format!("wait {label} → True (woken)") });
                        Value::Bool(true)
                    }
                } else if ev.flag {
                    self.record(|| Effect::Call { text: format!("wait {label} → True (already set)") });
                    Value::Bool(true)
                } else {
                    ev.waiters.push(tid);
                    t.in_wait = true;
                    t.signaled = false;
                    self.record(|| Effect::Blocks { text: format!("wait {label}") });
                    return self.repark_call(Value::Ref(o), "wait", args);
                }
            }
            _ => return Err(self.fatal(format!("'Event' object has no attribute '{name}' (or it is not supported)"))),
        };
        self.push(v);
        Ok(Flow::Next)
    }
}
