//! Shared reads and writes, tracked for lost-update detection: a thread that
//! writes a location it read, after another thread wrote it in between, has
//! computed its write from a stale value and overwritten that other write.

use super::effect::Recorder;
use super::interp::Ctx;
use super::state::{Loc, ReadRecord, State};
use super::value::{ObjId, Value};
use super::{LostUpdate, Vm};

impl<R: Recorder> Ctx<'_, R> {
    pub fn note_read(&mut self, loc: Loc) {
        let reads = &mut self.s.thread_mut(self.tid).reads;
        match reads.binary_search_by(|r| r.loc.cmp(&loc)) {
            Ok(i) => reads[i].stale_by = None,
            Err(i) => reads.insert(i, ReadRecord { loc, stale_by: None }),
        }
    }

    pub fn note_write(&mut self, loc: Loc) {
        let tid = self.tid;
        let reads = &mut self.s.thread_mut(tid).reads;
        if let Ok(i) = reads.binary_search_by(|r| r.loc.cmp(&loc)) {
            let stale_by = reads[i].stale_by;
            reads.remove(i);
            if let Some(by) = stale_by {
                // A write in library code (`arr[0] = v`) is shown at the model's line.
                let span = self.model_span();
                self.notes.lost_update = Some(Box::new(LostUpdate { tid, loc, overwritten_by: by, span }));
            }
        }
        let process = self.s.threads[tid as usize].process;
        for u in 0..self.s.threads.len() {
            // Another process has its own copy of the globals (fork).
            if u as u32 == tid || (matches!(loc, Loc::Global(_)) && self.s.threads[u].process != process) {
                continue;
            }
            // Only a thread whose fresh read this write makes stale changes.
            if let Ok(i) = self.s.threads[u].reads.binary_search_by(|r| r.loc.cmp(&loc)) {
                if self.s.threads[u].reads[i].stale_by.is_none() {
                    self.s.thread_mut(u as u32).reads[i].stale_by = Some(tid);
                }
            }
        }
    }

    /// Reading a container (`in`, `len`): a visible, dependent step.
    pub fn note_container_read(&mut self, _obj: ObjId) {
        self.notes.touched.container_read = true;
    }
}

/// The location of a dict entry for lost-update: its key hashed, for a key
/// without object references (numbers, strings, tuples of them), which keep
/// their value as the heap is renumbered. Equal keys hash equal, as Python
/// has `1 == 1.0 == True`.
pub fn dict_item(key: &Value) -> Option<u32> {
    use std::hash::{Hash, Hasher};
    if key.has_refs() {
        return None;
    }
    let key = match key {
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Float(f) if f.0.fract() == 0.0 && f.0.abs() < 9.0e15 => Value::Int(f.0 as i64),
        k => k.clone(),
    };
    let mut h = crate::explore::KeyHasher::new();
    key.hash(&mut h);
    Some(h.finish() as u32)
}

/// `balance`, or `db.value` for an attribute.
pub fn loc_label(vm: &Vm, s: &State, loc: Loc) -> String {
    match loc {
        Loc::Global(g) => vm.program.global_name(g).to_string(),
        Loc::Attr(o, name) => {
            let owner = vm.object_label(s, o);
            // The prelude's storage behind a property (`v._ilv_value`) is
            // shown as the property (`v.value`).
            let name = vm.program.name(name);
            format!("{owner}.{}", name.strip_prefix("_ilv_").unwrap_or(name))
        }
        Loc::Item(o, i) => match &s.heap[o as usize] {
            // A dict entry is known by its key's hash: show the key.
            super::object::Object::Dict(d) => match d.iter().find(|(k, _)| dict_item(k) == Some(i)) {
                Some((k, _)) => format!("{}[{}]", vm.object_label(s, o), vm.repr(s, k)),
                None => format!("{}[?]", vm.object_label(s, o)),
            },
            _ => format!("{}[{i}]", vm.object_label(s, o)),
        },
        // A closure's variable: its name.
        Loc::Cell(o) => match &s.heap[o as usize] {
            super::object::Object::Cell { name, .. } => vm.program.name(*name).to_string(),
            _ => "<cell>".to_string(),
        },
    }
}

impl<R: Recorder> Ctx<'_, R> {
    /// The cell object behind the current frame's `i`-th cell variable.
    fn cell_obj(&mut self, i: u32) -> ObjId {
        match self.frame().cells[i as usize] {
            super::value::Value::Ref(o) => o,
            _ => unreachable!("a frame's cells are cell objects"),
        }
    }

    /// Read a cell variable; a shared one is a visible read.
    pub fn load_cell(&mut self, i: u32) -> super::interp::Exec<super::value::Value> {
        use super::object::Object;
        use super::value::Value;
        let o = self.cell_obj(i);
        let Object::Cell { name, value } = &self.s.heap[o as usize] else { unreachable!("a cell") };
        let (name, v) = (*name, value.clone());
        let t = &self.s.threads[self.tid as usize];
        let fr = t.frames.last().expect("a frame");
        let cell = &self.vm.program.functions[fr.func as usize].cells[i as usize];
        if v == Value::Unbound {
            let n = self.vm.program.name(name).to_string();
            return Err(if matches!(cell.kind, crate::ir::CellKind::Free(_)) {
                self.exc(
                    crate::ir::ExcClass::NameError,
                    format!("cannot access free variable '{n}' where it is not associated with a value in enclosing scope"),
                )
            } else {
                self.exc(
                    crate::ir::ExcClass::UnboundLocalError,
                    format!("cannot access local variable '{n}' where it is not associated with a value"),
                )
            });
        }
        if cell.shared {
            // A cell is a heap object: partial-order reduction counts it as a container.
            self.notes.touched.container_read = true;
            self.note_read(Loc::Cell(o));
            if R::ON {
                let var = self.vm.program.name(name).to_string();
                let value = self.vm.repr(self.s, &v);
                self.record(|| super::effect::Effect::Read { var, value });
            }
        }
        Ok(v)
    }

    /// Write a cell variable; a shared one is a visible write.
    pub fn store_cell(&mut self, i: u32, v: super::value::Value) {
        use super::object::Object;
        let o = self.cell_obj(i);
        let t = &self.s.threads[self.tid as usize];
        let fr = t.frames.last().expect("a frame");
        let shared = self.vm.program.functions[fr.func as usize].cells[i as usize].shared;
        if shared {
            self.notes.touched.container_write = true;
            self.note_write(Loc::Cell(o));
            if R::ON {
                let Object::Cell { name, .. } = &self.s.heap[o as usize] else { unreachable!("a cell") };
                let var = self.vm.program.name(*name).to_string();
                let value = self.vm.repr(self.s, &v);
                self.record(|| super::effect::Effect::Write { var, value });
            }
        }
        if let Object::Cell { value, .. } = &mut self.s.heap[o as usize] {
            *value = v;
        }
    }
}
