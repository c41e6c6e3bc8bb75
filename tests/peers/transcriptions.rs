//! The benchmark models of `models/` transcribed to Rust for loom and shuttle,
//! written once and instantiated for both (their `sync` and `thread` modules
//! mirror `std`'s). Used by `tests/peers.rs` (same verdicts as interleave) and
//! by `benches/side_by_side.rs` (the side-by-side figures).
//!
//! Faithful to the Python models: the same threads, locks and loop counts.
//! What differs, and why:
//! - `number += 1` is a load and a store of an atomic (SeqCst): two visible
//!   steps, as in interleave, without a Rust data race. interleave finds the
//!   lost update from the accesses themselves; loom and shuttle only see a
//!   panic, so both counters end with `assert_eq!(number, 2 * n)`.
//! - Main's `while len(threading.enumerate()) > 1: pass` becomes `join`:
//!   stateless tools re-run a busy-wait loop in every execution and loom
//!   forbids it without `yield_now`; the verdicts do not depend on it.
//! - `print` and `time.sleep` are dropped (in interleave a sleep is only a
//!   yield point; every lock operation already is one here).
//! - `threading.Event` is written as CPython writes it: a flag under a
//!   condition's lock; `wait` checks the flag once and, if clear, waits once
//!   for a `set` (no re-check loop, so a woken waiter goes on even if the flag
//!   was cleared again — CPython's semantics).
//! - loom allows at most 5 threads including main (`loom::MAX_THREADS`), so
//!   for loom main runs the fifth philosopher itself instead of starting it.

#![allow(dead_code)]

/// One transcription per benchmark model; `$rt` is `loom` or `shuttle`.
macro_rules! transcriptions {
    ($rt:ident, max_spawned = $max_spawned:expr) => {
        use $rt::sync::atomic::{AtomicU64, Ordering::SeqCst};
        use $rt::sync::{Condvar, Mutex};
        // std's Arc, not loom's: a reference count is no shared state of the
        // Python model, and dropping loom's Arc while a deadlock panic unwinds
        // panics again and aborts.
        use std::sync::Arc;
        use $rt::thread;

        /// `models/add_one_locked.py`: 2 threads × `n` of
        /// `lock.acquire(); number += 1; lock.release()`.
        pub fn locked_counter(n: u64) {
            let number = Arc::new(AtomicU64::new(0));
            let lock = Arc::new(Mutex::new(()));
            let mut threads = Vec::new();
            for _ in 0..2 {
                let (number, lock) = (number.clone(), lock.clone());
                threads.push(thread::spawn(move || {
                    for _ in 0..n {
                        let held = lock.lock().unwrap();
                        let v = number.load(SeqCst);
                        number.store(v + 1, SeqCst);
                        drop(held);
                    }
                }));
            }
            for t in threads {
                t.join().unwrap();
            }
            assert_eq!(number.load(SeqCst), 2 * n, "lost update");
        }

        /// `models/add_one.py`: the same without the lock.
        pub fn unlocked_counter(n: u64) {
            let number = Arc::new(AtomicU64::new(0));
            let mut threads = Vec::new();
            for _ in 0..2 {
                let number = number.clone();
                threads.push(thread::spawn(move || {
                    for _ in 0..n {
                        let v = number.load(SeqCst);
                        number.store(v + 1, SeqCst);
                    }
                }));
            }
            for t in threads {
                t.join().unwrap();
            }
            assert_eq!(number.load(SeqCst), 2 * n, "lost update");
        }

        /// `models/abba_deadlock.py`: `func_1` takes lock_1 then lock_2,
        /// `func_2` lock_2 then lock_1.
        pub fn abba_deadlock() {
            let lock_1 = Arc::new(Mutex::new(()));
            let lock_2 = Arc::new(Mutex::new(()));
            let (a1, a2) = (lock_1.clone(), lock_2.clone());
            let t1 = thread::spawn(move || {
                let first = a1.lock().unwrap();
                let second = a2.lock().unwrap();
                drop(second);
                drop(first);
            });
            let (b1, b2) = (lock_1.clone(), lock_2.clone());
            let t2 = thread::spawn(move || {
                let first = b2.lock().unwrap();
                let second = b1.lock().unwrap();
                drop(second);
                drop(first);
            });
            t1.join().unwrap();
            t2.join().unwrap();
        }

        /// `models/philosophers_deadlock.py` (`ordered = false`) and
        /// `models/philosophers_ordered.py` (`ordered = true`): 5 forks, 5
        /// philosophers, `meals` meals each; philosopher `i` takes fork `i`
        /// then fork `(i + 1) % 5`, or the lower-numbered one first.
        pub fn philosophers(ordered: bool, meals: u32) {
            const N: usize = 5;
            let forks: Arc<Vec<Mutex<()>>> = Arc::new((0..N).map(|_| Mutex::new(())).collect());
            let philosopher = move |forks: Arc<Vec<Mutex<()>>>, i: usize| {
                let (left, right) = (i, (i + 1) % N);
                let (first, second) = if ordered { (left.min(right), left.max(right)) } else { (left, right) };
                for _ in 0..meals {
                    let a = forks[first].lock().unwrap();
                    let b = forks[second].lock().unwrap();
                    drop(b);
                    drop(a);
                }
            };
            let spawned = N.min($max_spawned);
            let mut threads = Vec::new();
            for i in 0..spawned {
                let forks = forks.clone();
                threads.push(thread::spawn(move || philosopher(forks, i)));
            }
            for i in spawned..N {
                philosopher(forks.clone(), i);
            }
            for t in threads {
                t.join().unwrap();
            }
        }

        /// CPython's `threading.Event`: a flag guarded by a condition.
        pub struct Event {
            flag: Mutex<bool>,
            cond: Condvar,
        }

        impl Event {
            pub fn new() -> Self {
                Event { flag: Mutex::new(false), cond: Condvar::new() }
            }
            pub fn set(&self) {
                let mut flag = self.flag.lock().unwrap();
                *flag = true;
                self.cond.notify_all();
            }
            pub fn clear(&self) {
                *self.flag.lock().unwrap() = false;
            }
            pub fn wait(&self) {
                let flag = self.flag.lock().unwrap();
                if !*flag {
                    drop(self.cond.wait(flag).unwrap());
                }
            }
        }

        /// `models/teacher_students.py`: `students` students wait, clear and
        /// wait again; the teacher sets the event twice. Main starts the
        /// students, then the teacher, and joins them all.
        pub fn teacher_students(students: usize) {
            let event = Arc::new(Event::new());
            let mut threads = Vec::new();
            for _ in 0..students {
                let event = event.clone();
                threads.push(thread::spawn(move || {
                    event.wait();
                    event.clear();
                    event.wait();
                }));
            }
            let teacher = event.clone();
            threads.push(thread::spawn(move || {
                teacher.set();
                teacher.set();
            }));
            for t in threads {
                t.join().unwrap();
            }
        }
    };
}

pub mod for_loom {
    // loom::MAX_THREADS is 5, main included.
    transcriptions!(loom, max_spawned = 4);
}

pub mod for_shuttle {
    transcriptions!(shuttle, max_spawned = usize::MAX);
}

/// The benchmark models, by the name the bench and the test use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    LockedCounter(u64),
    UnlockedCounter(u64),
    AbbaDeadlock,
    PhilosophersDeadlock,
    PhilosophersOrdered,
    TeacherStudents,
}

/// Meals per philosopher and students in the Teacher/Students event, as in
/// the Python models.
pub const MEALS: u32 = 1;
pub const STUDENTS: usize = 2;

impl Model {
    /// The model file in `models/` and the `# define:`s that size it.
    pub fn python(self) -> (&'static str, Vec<(i64, i64)>) {
        match self {
            Model::LockedCounter(n) => ("add_one_locked.py", vec![(1_000_000, n as i64)]),
            Model::UnlockedCounter(n) => ("add_one.py", vec![(100, n as i64)]),
            Model::AbbaDeadlock => ("abba_deadlock.py", vec![]),
            Model::PhilosophersDeadlock => ("philosophers_deadlock.py", vec![]),
            Model::PhilosophersOrdered => ("philosophers_ordered.py", vec![]),
            Model::TeacherStudents => ("teacher_students.py", vec![]),
        }
    }

    /// Does some interleaving go wrong?
    pub fn has_bug(self) -> bool {
        !matches!(self, Model::LockedCounter(_) | Model::PhilosophersOrdered)
    }

    /// The finding interleave reports for the bug (its `# expect:` id).
    pub fn bug_kind(self) -> Option<&'static str> {
        match self {
            Model::LockedCounter(_) | Model::PhilosophersOrdered => None,
            Model::UnlockedCounter(_) => Some("lost-update"),
            Model::AbbaDeadlock | Model::PhilosophersDeadlock => Some("deadlock"),
            Model::TeacherStudents => Some("missed-signal"),
        }
    }

    pub fn name(self) -> String {
        match self {
            Model::LockedCounter(n) => format!("locked-counter-{n}"),
            Model::UnlockedCounter(n) => format!("unlocked-counter-{n}"),
            Model::AbbaDeadlock => "abba-deadlock".into(),
            Model::PhilosophersDeadlock => "philosophers-deadlock".into(),
            Model::PhilosophersOrdered => "philosophers-ordered".into(),
            Model::TeacherStudents => "teacher-students".into(),
        }
    }

    pub fn parse(name: &str) -> Option<Model> {
        if let Some(n) = name.strip_prefix("locked-counter-") {
            return n.parse().ok().map(Model::LockedCounter);
        }
        if let Some(n) = name.strip_prefix("unlocked-counter-") {
            return n.parse().ok().map(Model::UnlockedCounter);
        }
        Some(match name {
            "abba-deadlock" => Model::AbbaDeadlock,
            "philosophers-deadlock" => Model::PhilosophersDeadlock,
            "philosophers-ordered" => Model::PhilosophersOrdered,
            "teacher-students" => Model::TeacherStudents,
            _ => return None,
        })
    }

    /// The loom body of this model (run once per execution).
    pub fn loom_body(self) -> impl Fn() + Send + Sync + 'static {
        move || match self {
            Model::LockedCounter(n) => for_loom::locked_counter(n),
            Model::UnlockedCounter(n) => for_loom::unlocked_counter(n),
            Model::AbbaDeadlock => for_loom::abba_deadlock(),
            Model::PhilosophersDeadlock => for_loom::philosophers(false, MEALS),
            Model::PhilosophersOrdered => for_loom::philosophers(true, MEALS),
            Model::TeacherStudents => for_loom::teacher_students(STUDENTS),
        }
    }

    /// The shuttle body of this model (run once per execution).
    pub fn shuttle_body(self) -> impl Fn() + Send + Sync + 'static {
        move || match self {
            Model::LockedCounter(n) => for_shuttle::locked_counter(n),
            Model::UnlockedCounter(n) => for_shuttle::unlocked_counter(n),
            Model::AbbaDeadlock => for_shuttle::abba_deadlock(),
            Model::PhilosophersDeadlock => for_shuttle::philosophers(false, MEALS),
            Model::PhilosophersOrdered => for_shuttle::philosophers(true, MEALS),
            Model::TeacherStudents => for_shuttle::teacher_students(STUDENTS),
        }
    }
}

/// What a loom or shuttle run ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every execution passed (loom: all of them; shuttle: all it ran).
    NoBug,
    Deadlock,
    /// An assertion failed (the counters' final value).
    Assertion,
    /// Some other panic (a transcription error).
    Other(String),
}

impl Verdict {
    pub fn is_bug(&self) -> bool {
        matches!(self, Verdict::Deadlock | Verdict::Assertion)
    }

    /// Classify a caught panic of `loom::model` or shuttle's `Runner::run`.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Verdict {
        let text = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        if text.contains("deadlock") {
            Verdict::Deadlock
        } else if text.contains("lost update") {
            Verdict::Assertion
        } else {
            Verdict::Other(text)
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Verdict::NoBug => "ok",
            Verdict::Deadlock => "deadlock",
            Verdict::Assertion => "assertion",
            Verdict::Other(_) => "error",
        }
    }
}
