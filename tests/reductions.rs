//! Symmetry and dead-variable reductions on concrete states: which states
//! they merge, which they must keep apart, and when they turn themselves off.

#[path = "support/finals.rs"]
mod finals;

use interleave::Kind;
use interleave::explore::{Limits, explore_bfs, fingerprint};
use interleave::detect::Checker;
use interleave::vm::{Choice, NoRecorder, State, Status, Value, Vm};
use std::sync::Arc;

fn vm(src: &str, dead_vars: bool, symmetry: bool) -> Vm {
    let (program, _) = interleave::compile("t.py", src, &[]).expect("compiles");
    Vm::with_reductions(Arc::new(program), dead_vars, symmetry)
}

/// The state after the main thread has run to its end, then `schedule`
/// (thread ids).
fn run(vm: &Vm, schedule: &[u32]) -> State {
    let (mut s, _) = vm.initial(&mut NoRecorder).unwrap();
    while s.threads[0].status == Status::Ready {
        vm.step(&mut s, Choice::run(0), &mut NoRecorder).unwrap();
    }
    for &tid in schedule {
        vm.step(&mut s, Choice::run(tid), &mut NoRecorder).unwrap();
    }
    s
}

/// States of a search that stores every state (no chains), so that what
/// tells states apart shows in the count.
fn states(vm: &Vm) -> u64 {
    let out = explore_bfs(&Checker::new(vm), &Limits { chains: false, ..Limits::default() }).unwrap();
    assert!(out.coverage.complete);
    out.coverage.states
}

const TWO_THREADS: &str = "import threading
x = 0
def f(n):
    global x
    x = x + n
    x = x + n
t1 = threading.Thread(target=f, args=(ARG1,))
t2 = threading.Thread(target=f, args=(ARG2,))
t1.start()
t2.start()
";

#[test]
fn swapping_two_identical_threads_gives_one_fingerprint() {
    let src = TWO_THREADS.replace("ARG1", "1").replace("ARG2", "1");
    let vm = vm(&src, true, true);
    assert!(vm.symmetry);
    // Main has started both threads; then either the first or the second reads x.
    let a = run(&vm, &[1]);
    let b = run(&vm, &[2]);
    assert_ne!(fingerprint(&a), fingerprint(&b), "the concrete states differ");
    assert_eq!(vm.canonical_fingerprint(&a), vm.canonical_fingerprint(&b));
    // Without symmetry they stay apart.
    let plain = self::vm(&src, true, false);
    assert_ne!(plain.canonical_fingerprint(&run(&plain, &[1])), plain.canonical_fingerprint(&run(&plain, &[2])));
}

#[test]
fn threads_with_different_arguments_are_not_interchangeable() {
    let src = TWO_THREADS.replace("ARG1", "1").replace("ARG2", "2");
    let vm = vm(&src, true, true);
    assert!(vm.symmetry);
    let a = run(&vm, &[1]);
    let b = run(&vm, &[2]);
    assert_ne!(vm.canonical_fingerprint(&a), vm.canonical_fingerprint(&b));
}

#[test]
fn symmetry_reduces_identical_threads_and_keeps_the_verdict() {
    let src = "import threading
n = 0
lock = threading.Lock()
def f():
    global n
    for i in range(2):
        with lock:
            n += 1
for i in range(3):
    threading.Thread(target=f).start()
";
    let on = states(&vm(src, true, true));
    let off = states(&vm(src, true, false));
    assert!(on * 2 < off, "symmetry: {on} states, without: {off}");
}

#[test]
fn a_program_that_reads_thread_names_gets_no_symmetry() {
    let src = "import threading
def f():
    print(threading.current_thread().name)
for i in range(2):
    threading.Thread(target=f).start()
";
    let vm = vm(src, true, true);
    assert!(!vm.symmetry);
    // Both orders of the two names are printed: nothing was merged.
    let r = interleave::check_source("t.py", src, &interleave::Options::default()).unwrap();
    assert!(!r.coverage.reductions.contains(&"symmetry".to_string()));
    let off = interleave::check_source("t.py", src, &interleave::Options { symmetry: false, ..Default::default() }).unwrap();
    assert_eq!(r.coverage.states, off.coverage.states);
}

#[test]
fn identity_tests_are_static_and_len_of_enumerate_is_not_one() {
    for (src, observes) in [
        ("import threading\nwhile len(threading.enumerate()) > 1:\n    pass\n", false),
        ("import threading\nprint(threading.active_count())\n", false),
        ("import threading\nfor t in threading.enumerate():\n    pass\n", true),
        ("import threading\nprint(threading.get_ident())\n", true),
        ("import threading\nt = threading.Thread(target=print)\nprint(t.getName())\n", true),
        ("from threading import current_thread\nx = current_thread()\n", true),
    ] {
        assert_eq!(!vm(src, true, true).symmetry, observes, "{src}");
    }
}

#[test]
fn printing_a_thread_object_turns_symmetry_off_at_run_time() {
    let src = "import threading
def f():
    pass
ts = []
for i in range(2):
    t = threading.Thread(target=f)
    t.start()
    ts.append(t)
print(ts[0])
";
    let r = interleave::check_source("t.py", src, &interleave::Options::default()).unwrap();
    assert!(!r.coverage.reductions.contains(&"symmetry".to_string()), "{:?}", r.coverage.reductions);
    assert!(r.coverage.reductions.contains(&"dead-variables".to_string()));
}

const DEAD_OR_LIVE: &str = "import threading
x = 0
y = 0
def w1():
    global x
    x = 1
def w2():
    global x, y
    a = x
    x = 5
    y = 1
    y = USE
threading.Thread(target=w1).start()
threading.Thread(target=w2).start()
";

/// The value of w2's local `a` after: main starts both and ends, w1 writes x,
/// w2 reads it and writes x (so no read record tells the orders apart).
fn local_a(vm: &Vm) -> Value {
    let s = run(vm, &[1, 2, 2]);
    s.threads[2].frames.last().unwrap().locals[0].clone()
}

#[test]
fn a_dead_local_does_not_distinguish_states_a_live_one_does() {
    let dead = DEAD_OR_LIVE.replace("USE", "2");
    let live = DEAD_OR_LIVE.replace("USE", "a");
    assert_eq!(local_a(&vm(&dead, true, false)), Value::Unbound);
    assert_eq!(local_a(&vm(&dead, false, false)), Value::Int(1));
    assert_eq!(local_a(&vm(&live, true, false)), Value::Int(1));
    // w2 reading x before or after w1's write: two states, or one when `a` is dead.
    assert!(states(&vm(&dead, true, false)) < states(&vm(&dead, false, false)));
    assert_eq!(states(&vm(&live, true, false)), states(&vm(&live, false, false)));
}

#[test]
fn a_local_read_in_an_exception_handler_stays_live() {
    let src = "import threading
x = 0
def w():
    global x
    a = 5
    try:
        x = 1
        x = 2
    except Exception:
        x = a
threading.Thread(target=w).start()
";
    // (`x = a`, not `print(a)`: a printed `a` would be a tally, which
    // holds its count apart, `lang/printed.rs`.)
    let vm = vm(src, true, false);
    // Main has started w; w parks at its first write of x, inside the try.
    let s = run(&vm, &[]);
    assert_eq!(s.threads[1].frames.last().unwrap().locals[0], Value::Int(5));
}

#[test]
fn a_lock_cycle_among_identical_threads_is_searched_without_symmetry() {
    // Two identical workers: the first to count takes a then b, the other
    // b then a (under the gate g). Which thread took which order decides
    // whether the cycle is an inversion, so symmetry must step aside.
    let src = "import threading\na = threading.Lock()\nb = threading.Lock()\ng = threading.Lock()\nn = 0\n\
               def w():\n    global n\n    with g:\n        n += 1\n        mine = n\n    with g:\n        if mine == 1:\n\
               \x20           with a:\n                with b:\n                    pass\n        else:\n\
               \x20           with b:\n                with a:\n                    pass\n\
               for i in range(2):\n    t = threading.Thread(target=w)\n    t.start()\n";
    let r = interleave::check_source("t.py", src, &interleave::Options::default()).unwrap();
    assert!(!r.coverage.reductions.contains(&"symmetry".to_string()), "{:?}", r.coverage.reductions);
    assert!(r.notes.iter().any(|n| n.contains("opposite orders") && n.contains("holding g")), "{:?}", r.notes);
}

/// Three locks made by a list comprehension, taken by three philosophers.
fn list_philosophers(first: &str, second: &str) -> String {
    format!(
        "import threading\nforks = [threading.Lock() for _ in range(3)]\n\
         def philosopher(i):\n    first = forks[{first}]\n    second = forks[{second}]\n\
         \x20   first.acquire()\n    second.acquire()\n    second.release()\n    first.release()\n\
         threads = []\nfor i in range(3):\n    t = threading.Thread(target=philosopher, args=(i,))\n\
         \x20   threads.append(t)\n    t.start()\nfor t in threads:\n    t.join()\n"
    )
}

#[test]
fn locks_in_a_list_keep_their_names_across_states() {
    // Lower-numbered fork first: no cycle, whatever the reductions. (A lock
    // once named by its heap number, which changed as threads picked up
    // references, showed a false inversion here.)
    let ordered = list_philosophers("min(i, (i + 1) % 3)", "max(i, (i + 1) % 3)");
    for (por, symmetry, dead_vars) in [(true, true, true), (false, false, false), (true, false, true), (false, true, false)] {
        let options = interleave::Options { por, chains: por, symmetry, dead_vars, ..interleave::Options::default() };
        let r = interleave::check_source("t.py", &ordered, &options).unwrap();
        assert!(r.findings.is_empty() && r.notes.iter().all(|n| !n.contains("opposite orders")), "{:?} {:?}", r.kinds(), r.notes);
        assert!(r.coverage.complete);
    }
    // Each takes its left fork first: the deadlock, named by list position.
    let cyclic = list_philosophers("i", "(i + 1) % 3");
    let r = interleave::check_source("t.py", &cyclic, &interleave::Options::default()).unwrap();
    assert_eq!(r.kinds(), vec![interleave::Kind::Deadlock]);
    let text = r.findings[0].explanation.join("\n");
    for held in ["holds forks[0]", "holds forks[1]", "holds forks[2]"] {
        assert!(text.contains(held), "{text}");
    }
}

/// A list only its own thread can reach cannot be raced on: operating on it
/// is local work, so main's `while len(threading.enumerate()) > 1: pass` is
/// one step that comes back to the same state while a worker runs.
#[test]
fn a_list_only_its_thread_can_reach_is_local_work() {
    let src = "import threading
lock = threading.Lock()
def work():
    lock.acquire()
    lock.release()
t = threading.Thread(target=work)
t.start()
while len(threading.enumerate()) > 1:
    pass
";
    let vm = vm(src, false, false);
    let (mut s, _) = vm.initial(&mut NoRecorder).unwrap();
    // Main runs to its busy-wait: the start, then the first `enumerate()`.
    while s.threads.len() < 2 {
        vm.step(&mut s, Choice::run(0), &mut NoRecorder).unwrap();
    }
    vm.step(&mut s, Choice::run(0), &mut NoRecorder).unwrap();
    let before = s.clone();
    vm.step(&mut s, Choice::run(0), &mut NoRecorder).unwrap();
    assert_eq!(s, before, "the busy-wait step (enumerate, len, test) changes nothing");
}

/// Once a thread stores its list where another thread can reach it, each
/// operation on it is a visible step again: the consumer can see the
/// producer's intermediate `1`.
#[test]
fn a_published_list_is_shared_again() {
    let src = "import threading
box = []
def producer():
    mine = [0]
    mine[0] = 2
    mine[0] = 0
    box.append(mine)
    mine[0] = 1
    mine[0] = 0
def consumer():
    if box:
        assert box[0][0] == 0
a = threading.Thread(target=producer)
b = threading.Thread(target=consumer)
a.start()
b.start()
";
    let r = interleave::check_source("t.py", src, &interleave::Options::default()).unwrap();
    let kinds: Vec<_> = r.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, vec![interleave::Kind::Assertion], "the write of 1 after publishing is seen");
    // Before publishing, `mine[0] = ...` is no step of its own: the
    // producer's steps are `box.append(mine)`, `mine[0] = 1`, `mine[0] = 0`.
    let vm = vm(src, false, false);
    let (mut s, _) = vm.initial(&mut NoRecorder).unwrap();
    while s.threads.len() < 3 {
        vm.step(&mut s, Choice::run(0), &mut NoRecorder).unwrap();
    }
    let mut steps = 0;
    while s.threads[1].status == Status::Ready {
        vm.step(&mut s, Choice::run(1), &mut NoRecorder).unwrap();
        steps += 1;
    }
    assert_eq!(steps, 3);
}

/// Checked with symmetry on (the default) and off: the same findings.
/// Returns the report with symmetry and the states without.
fn check_with_and_without_symmetry(src: &str) -> (interleave::Report, u64) {
    let on = interleave::check_source("t.py", src, &interleave::Options::default()).unwrap();
    let off = interleave::check_source("t.py", src, &interleave::Options { symmetry: false, ..Default::default() }).unwrap();
    assert_eq!(on.kinds(), off.kinds(), "{src}");
    assert!(on.coverage.complete && off.coverage.complete);
    (on, off.coverage.states)
}

fn has_symmetry(r: &interleave::Report) -> bool {
    r.coverage.reductions.iter().any(|x| x == "symmetry")
}

#[test]
fn thread_pool_workers_are_interchangeable() {
    // The executor keeps no worker handles (the library's code is not the
    // model's), so its identical workers are merged: fewer states.
    let path = format!("{}/models/thread_pool_download.py", env!("CARGO_MANIFEST_DIR"));
    let on = interleave::check_file(&path, &interleave::Options::default()).unwrap();
    let off = interleave::check_file(&path, &interleave::Options { symmetry: false, ..Default::default() }).unwrap();
    assert!(has_symmetry(&on), "{:?}", on.coverage.reductions);
    assert!(on.kinds().is_empty() && off.kinds().is_empty());
    assert!(on.coverage.states < off.coverage.states, "{} vs {}", on.coverage.states, off.coverage.states);
}

#[test]
fn a_lost_update_between_executor_tasks_is_found_with_symmetry() {
    let src = "import concurrent.futures
n = 0
def task():
    global n
    n = n + 1
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
    for i in range(3):
        ex.submit(task)
print(n)
";
    let (on, off_states) = check_with_and_without_symmetry(src);
    assert!(has_symmetry(&on));
    assert_eq!(on.kinds(), [Kind::LostUpdate]);
    assert!(on.coverage.states < off_states);
}

#[test]
fn a_task_waiting_on_a_queued_task_with_too_few_workers_is_found_with_symmetry() {
    // Two workers each run `outer`, which waits for an `inner` queued
    // behind the other `outer`: both wait for ever (in some orders only).
    let src = "import concurrent.futures
def inner():
    return 1
def outer(ex):
    f = ex.submit(inner)
    return f.result()
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    a = ex.submit(outer, ex)
    b = ex.submit(outer, ex)
";
    let (on, _) = check_with_and_without_symmetry(src);
    assert!(has_symmetry(&on));
    assert_eq!(on.kinds(), [Kind::Hang]);
    // The main thread, in `shutdown`, waits for a worker as CPython's join does.
    let text = on.findings[0].explanation.join("\n");
    assert!(text.contains("MainThread waits for ThreadPoolExecutor-0_"), "{text}");
}

#[test]
fn an_executor_task_that_reads_its_thread_name_gets_no_symmetry() {
    let src = "import concurrent.futures
import threading
def task():
    print(threading.current_thread().name)
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(task)
    ex.submit(task)
";
    let (on, off_states) = check_with_and_without_symmetry(src);
    assert!(!has_symmetry(&on), "{:?}", on.coverage.reductions);
    assert_eq!(on.coverage.states, off_states);
}

#[test]
fn symmetry_before_a_fork_keeps_what_the_child_sees() {
    // Two identical threads race on `n` while main forks a child that
    // copies `n` into a shared value: states before the fork are merged
    // under symmetry, states after it are not; every final (n, copy) pair
    // is reached either way.
    let src = "import multiprocessing
import threading
n = 0
def bump():
    global n
    n = n + 1
def child(v):
    v.value = n
if __name__ == '__main__':
    v = multiprocessing.Value('i', -1)
    for i in range(2):
        threading.Thread(target=bump).start()
    p = multiprocessing.Process(target=child, args=(v,))
    p.start()
    p.join()
    m = v.value
";
    let (program, _) = interleave::compile("t.py", src, &[]).unwrap();
    let program = Arc::new(program);
    let finals = |symmetry: bool| {
        let vm = Vm::with_reductions(program.clone(), false, symmetry);
        assert_eq!(vm.symmetry, symmetry);
        let g = |name: &str| (0..vm.program.globals.len() as u32).find(|&g| vm.program.global_name(g) == name).unwrap();
        let (n, m) = (g("n"), g("m"));
        let finals = finals::Finals::new(&vm, move |vm, s| {
            format!("{} {}", vm.repr(s, &s.globals[n as usize]), vm.repr(s, &s.globals[m as usize]))
        });
        let out = explore_bfs(&finals, &Limits::default()).unwrap();
        assert!(out.coverage.complete);
        (finals.finals.into_inner().unwrap(), out.coverage.states)
    };
    let (with, states_with) = finals(true);
    let (without, states_without) = finals(false);
    assert_eq!(with, without);
    assert!(with.contains("1 0") && with.contains("2 2") && with.contains("1 1"), "{with:?}");
    assert!(states_with < states_without, "{states_with} vs {states_without}");
    let (on, _) = check_with_and_without_symmetry(src);
    assert!(has_symmetry(&on));
    assert_eq!(on.kinds(), [Kind::LostUpdate]);
}
