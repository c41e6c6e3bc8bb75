//! Shared reads and writes, tracked for lost-update detection: a thread that
//! writes a location it read, after another thread wrote it in between, has
//! computed its write from a stale value and overwritten that other write.

use super::effect::Recorder;
use super::interp::Ctx;
use super::state::{Loc, ReadRecord, State};
use super::value::ObjId;
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
        let span = self.span();
        let reads = &mut self.s.thread_mut(tid).reads;
        if let Ok(i) = reads.binary_search_by(|r| r.loc.cmp(&loc)) {
            if let Some(by) = reads[i].stale_by {
                self.notes.lost_update = Some(LostUpdate { tid, loc, overwritten_by: by, span });
            }
            reads.remove(i);
        }
        for u in 0..self.s.threads.len() {
            if u as u32 == tid {
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
        self.touched.container_read = true;
    }
}

/// `balance`, or `db.value` for an attribute.
pub fn loc_label(vm: &Vm, s: &State, loc: Loc) -> String {
    match loc {
        Loc::Global(g) => vm.program.global_name(g).to_string(),
        Loc::Attr(o, name) => {
            let owner = vm.object_label(s, o);
            format!("{owner}.{}", vm.program.name(name))
        }
    }
}
