//! Which objects other threads can reach. A list or dict that only the
//! running thread can reach (it made it and has not stored it anywhere
//! another thread can see) cannot be raced on, so operations on it are local
//! work, not visible steps: `len(threading.enumerate())` is one step.
//!
//! Another thread can only come to reach such an object through a visible
//! step of this thread (storing it in a shared global or attribute, a shared
//! container or queue, or passing it to a thread it starts), so deciding
//! visibility on what is reachable now is sound.

use super::object::Tid;
use super::state::{FrameKind, Loc, State};
use super::value::ObjId;

impl State {
    /// Can a thread other than `tid` reach object `target`? Their roots:
    /// every global (of every process), every thread's handle (`threading.enumerate()` returns
    /// them), and the other threads' frames, waits and read records.
    pub fn others_can_reach(&self, tid: Tid, target: ObjId) -> bool {
        let mut seen = vec![false; self.heap.len()];
        let mut work: Vec<ObjId> = Vec::new();
        let visit = |o: ObjId, seen: &mut Vec<bool>, work: &mut Vec<ObjId>| {
            if !seen[o as usize] {
                seen[o as usize] = true;
                work.push(o);
            }
        };
        for g in self.globals.iter() {
            g.refs(&mut |o| visit(o, &mut seen, &mut work));
        }
        // Each process's own globals (multiprocessing): its threads see them.
        for p in &self.processes {
            for g in &p.globals {
                g.refs(&mut |o| visit(o, &mut seen, &mut work));
            }
        }
        for (i, t) in self.threads.iter().enumerate() {
            visit(t.obj, &mut seen, &mut work);
            if i as Tid == tid {
                continue;
            }
            for fr in &t.frames {
                for v in fr.locals.iter().chain(&fr.cells).chain(&fr.stack).chain(&fr.handling) {
                    v.refs(&mut |o| visit(o, &mut seen, &mut work));
                }
                if let FrameKind::Init(o) = fr.kind {
                    visit(o, &mut seen, &mut work);
                }
            }
            if let Some(mut w) = t.wait {
                w.objs_mut(&mut |o| visit(*o, &mut seen, &mut work));
            }
            for r in &t.reads {
                if let Loc::Attr(o, _) | Loc::Cell(o) | Loc::Item(o, _) = r.loc {
                    visit(o, &mut seen, &mut work);
                }
            }
        }
        while let Some(o) = work.pop() {
            if o == target {
                return true;
            }
            let obj = &self.heap[o as usize];
            obj.values(&mut |v| v.refs(&mut |r| visit(r, &mut seen, &mut work)));
            obj.raw_refs(&mut |r| visit(r, &mut seen, &mut work));
        }
        false
    }
}
