//! `queue.Queue`: FIFO with an optional bound, `task_done` and `join`.

use super::effect::{Effect, Recorder};
use super::interp::{Args, Ctx, Exec, Fault, Flow};
use super::object::{Object, QueueKind};
use super::value::{ObjId, Value};
use crate::ir::ExcClass;

impl<R: Recorder> Ctx<'_, R> {
    /// `heapq.heappush`, with Python's `<` on the items.
    fn heap_push(&mut self, o: ObjId, item: Value) -> Exec<()> {
        let mut items = std::mem::take(&mut self.queue(o).items);
        items.push(item);
        let mut pos = items.len() - 1;
        let r = (|| {
            while pos > 0 {
                let parent = (pos - 1) / 2;
                if self.less(&items[pos], &items[parent])? {
                    items.swap(pos, parent);
                    pos = parent;
                } else {
                    break;
                }
            }
            Ok(())
        })();
        self.queue(o).items = items;
        r
    }

    /// `heapq.heappop`: CPython's siftup (to a leaf, then back up).
    fn heap_pop(&mut self, o: ObjId) -> Exec<Value> {
        let mut items = std::mem::take(&mut self.queue(o).items);
        let last = items.pop().expect("non-empty");
        if items.is_empty() {
            self.queue(o).items = items;
            return Ok(last);
        }
        let top = std::mem::replace(&mut items[0], last);
        let n = items.len();
        let r = (|| {
            let mut pos = 0;
            let mut child = 1;
            while child < n {
                let right = child + 1;
                if right < n && !self.less(&items[child], &items[right])? {
                    child = right;
                }
                items.swap(pos, child);
                pos = child;
                child = 2 * pos + 1;
            }
            while pos > 0 {
                let parent = (pos - 1) / 2;
                if self.less(&items[pos], &items[parent])? {
                    items.swap(pos, parent);
                    pos = parent;
                } else {
                    break;
                }
            }
            Ok(())
        })();
        self.queue(o).items = items;
        r.map(|()| top)
    }

    fn queue(&mut self, o: ObjId) -> &mut super::object::Queue {
        match &mut self.s.heap[o as usize] {
            Object::Queue(q) => q,
            _ => unreachable!(),
        }
    }

    pub fn queue_method(&mut self, o: ObjId, name: &str, args: Args) -> Exec<Flow> {
        self.notes.touched.sync = true;
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
                        self.record(|| Effect::TimedOut { text: format!("put {label} → raises Full") });
                    }
                    let e = self.new_exception(ExcClass::QueueFull, vec![]);
                    return Err(Fault::Raise(e));
                }
                if R::ON {
                    let item_s = self.repr(&item);
                    self.record(|| Effect::Call { text: format!("put {item_s} into {label}") });
                }
                // A multiprocessing queue carries a pickled copy.
                let item = if matches!(self.queue(o).kind, QueueKind::Process | QueueKind::Joinable) {
                    self.notes.touched.container_read = true;
                    self.pickled(&item)?
                } else {
                    item
                };
                if self.queue(o).kind == QueueKind::Priority {
                    self.heap_push(o, item)?;
                } else {
                    self.queue(o).items.push(item);
                }
                self.queue(o).unfinished.n += 1;
                Value::None
            }
            "get" | "get_nowait" => {
                let (blocking, _) = args.blocking_timeout(self.vm, 0, "block", 1, "timeout");
                let blocking = blocking && name == "get";
                if self.timeout || (!blocking && self.queue(o).items.is_empty()) {
                    if self.timeout {
                        self.record(|| Effect::TimedOut { text: format!("get from {label} → raises Empty") });
                    }
                    let e = self.new_exception(ExcClass::QueueEmpty, vec![]);
                    return Err(Fault::Raise(e));
                }
                let item = match self.queue(o).kind {
                    QueueKind::Fifo | QueueKind::Simple | QueueKind::Process | QueueKind::Joinable => self.queue(o).items.remove(0),
                    QueueKind::Lifo => self.queue(o).items.pop().expect("non-empty"),
                    QueueKind::Priority => self.heap_pop(o)?,
                };
                if R::ON {
                    let item_s = self.repr(&item);
                    self.record(|| Effect::Call { text: format!("get {item_s} from {label}") });
                }
                item
            }
            "qsize" => Value::Int(self.queue(o).items.len() as i64),
            "empty" => Value::Bool(self.queue(o).items.is_empty()),
            "full" => Value::Bool(self.queue(o).is_full()),
            "task_done" | "join" if matches!(self.queue(o).kind, QueueKind::Simple | QueueKind::Process) => {
                let t = if self.queue(o).kind == QueueKind::Simple { "SimpleQueue" } else { "Queue" };
                return Err(self.exc(ExcClass::AttributeError, format!("'{t}' object has no attribute '{name}'")));
            }
            // The feeder thread and its pipe: nothing to model.
            "close" | "join_thread" | "cancel_join_thread" if matches!(self.queue(o).kind, QueueKind::Process | QueueKind::Joinable) => Value::None,
            "task_done" => {
                let q = self.queue(o);
                if q.unfinished.n <= 0 {
                    return Err(self.exc(ExcClass::ValueError, "task_done() called too many times".into()));
                }
                q.unfinished.n -= 1;
                let left = q.unfinished.n;
                self.record(|| Effect::Call { text: format!("task_done on {label} ({left} unfinished)") });
                Value::None
            }
            "join" => {
                self.record(|| Effect::Call { text: format!("join {label} (all tasks done)") });
                Value::None
            }
            _ => return Err(self.fatal(format!("'Queue' object has no attribute '{name}' (or it is not supported)"))),
        };
        if matches!(name, "qsize" | "empty" | "full") && R::ON {
            let r = self.repr(&v);
            self.record(|| Effect::Call { text: format!("{label}.{name}() → {r}") });
        }
        self.push(v);
        Ok(Flow::Next)
    }
}
