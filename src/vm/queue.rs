//! `queue.Queue`: FIFO with an optional bound, `task_done` and `join`.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Fault, Flow};
use super::object::Object;
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

impl<R: Recorder> Ctx<'_, R> {
    fn queue(&mut self, o: ObjId) -> &mut super::object::Queue {
        match &mut self.s.heap[o as usize] {
            Object::Queue(q) => q,
            _ => unreachable!(),
        }
    }

    pub fn queue_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Flow> {
        self.dependent = true;
        let label = if R::ON { self.vm.object_label(self.s, o) } else { String::new() };
        let v = match name {
            "put" | "put_nowait" => {
                let Some(item) = args.get(self.vm, 0, "item").cloned() else {
                    return Err(self.type_error("put() missing 1 required positional argument: 'item'".into()));
                };
                let (blocking, _) = args.blocking_timeout(self.vm, 1, "block", 2, "timeout");
                let blocking = blocking && name == "put";
                if self.timeout || (!blocking && self.queue(o).is_full()) {
                    if self.timeout {
                        self.record(Effect::TimedOut { text: format!("put {label} → raises Full") });
                    }
                    let e = self.new_exception(ExcClass::QueueFull, vec![]);
                    return Err(Fault::Raise(e));
                }
                if R::ON {
                    let item_s = self.repr(&item);
                    self.record(Effect::Call { text: format!("put {item_s} into {label}") });
                }
                let q = self.queue(o);
                q.items.push(item);
                q.unfinished += 1;
                Value::None
            }
            "get" | "get_nowait" => {
                let (blocking, _) = args.blocking_timeout(self.vm, 0, "block", 1, "timeout");
                let blocking = blocking && name == "get";
                if self.timeout || (!blocking && self.queue(o).items.is_empty()) {
                    if self.timeout {
                        self.record(Effect::TimedOut { text: format!("get from {label} → raises Empty") });
                    }
                    let e = self.new_exception(ExcClass::QueueEmpty, vec![]);
                    return Err(Fault::Raise(e));
                }
                let item = self.queue(o).items.remove(0);
                if R::ON {
                    let item_s = self.repr(&item);
                    self.record(Effect::Call { text: format!("get {item_s} from {label}") });
                }
                item
            }
            "qsize" => Value::Int(self.queue(o).items.len() as i64),
            "empty" => Value::Bool(self.queue(o).items.is_empty()),
            "full" => Value::Bool(self.queue(o).is_full()),
            "task_done" => {
                let q = self.queue(o);
                if q.unfinished <= 0 {
                    return Err(self.exc(ExcClass::ValueError, "task_done() called too many times".into()));
                }
                q.unfinished -= 1;
                let left = q.unfinished;
                self.record(Effect::Call { text: format!("task_done on {label} ({left} unfinished)") });
                Value::None
            }
            "join" => {
                self.record(Effect::Call { text: format!("join {label} (all tasks done)") });
                Value::None
            }
            _ => return Err(self.fatal(format!("'Queue' object has no attribute '{name}' (or it is not supported)"))),
        };
        if matches!(name, "qsize" | "empty" | "full") && R::ON {
            let r = self.repr(&v);
            self.record(Effect::Call { text: format!("{label}.{name}() → {r}") });
        }
        self.push(v);
        Ok(Flow::Next)
    }
}
