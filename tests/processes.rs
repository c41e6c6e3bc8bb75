//! `multiprocessing` over all interleavings: each process has its own copy
//! of the globals (fork), only multiprocessing objects are shared, and the
//! reductions keep every finding of programs that fork and terminate.

use interleave::{Kind, Options, check_source};

fn kinds(src: &str, options: &Options) -> Vec<Kind> {
    let r = check_source("t.py", src, options).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.coverage.complete, "search not complete");
    r.kinds()
}

fn check(src: &str) -> Vec<Kind> {
    kinds(src, &Options::default())
}

const COUNTER: &str = "import multiprocessing
import threading
counter = 0
def work():
    global counter
    counter += 1
if __name__ == '__main__':
    ws = [KIND(target=work) for i in range(2)]
    for w in ws:
        w.start()
    for w in ws:
        w.join()
";

#[test]
fn a_global_written_by_two_processes_is_not_a_race_but_by_two_threads_it_is() {
    assert_eq!(check(&COUNTER.replace("KIND", "multiprocessing.Process")), vec![]);
    assert_eq!(check(&COUNTER.replace("KIND", "threading.Thread")), vec![Kind::LostUpdate]);
}

#[test]
fn the_parent_never_sees_a_childs_writes() {
    let src = "import multiprocessing
x = [0]
n = 0
def child():
    global n
    n = 5
    x.append(1)
if __name__ == '__main__':
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    assert n == 0 and x == [0]
";
    assert_eq!(check(src), vec![]);
}

#[test]
fn a_child_sees_the_globals_as_they_were_at_start() {
    let fork_after = "import multiprocessing
x = 1
def child():
    assert x == 1
if __name__ == '__main__':
    p = multiprocessing.Process(target=child)
    WRITE_BEFORE
    p.start()
    x = 2
    p.join()
";
    assert_eq!(check(&fork_after.replace("WRITE_BEFORE", "pass")), vec![]);
    assert_eq!(check(&fork_after.replace("WRITE_BEFORE", "x = 3")), vec![Kind::Assertion]);
}

const VALUE: &str = "import multiprocessing
def work(v):
    for i in range(2):
        LOCK
        v.value += 1
if __name__ == '__main__':
    v = multiprocessing.Value('i', 0)
    ps = [multiprocessing.Process(target=work, args=(v,)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    assert v.value == 4
";

#[test]
fn a_shared_value_races_across_processes_unless_locked() {
    let racy = check(&VALUE.replace("LOCK\n", ""));
    assert!(racy.contains(&Kind::LostUpdate) && racy.contains(&Kind::Assertion), "{racy:?}");
    let locked = VALUE.replace("LOCK\n        v.value += 1", "with v.get_lock():\n            v.value += 1");
    assert_eq!(check(&locked), vec![]);
}

const PITFALL: &str = "import multiprocessing
def child(out):
    for i in range(ITEMS):
        out.put(i)
if __name__ == '__main__':
    out = multiprocessing.Queue(2)
    p = multiprocessing.Process(target=child, args=(out,))
    p.start()
    p.join()
    while not out.empty():
        out.get()
";

#[test]
fn joining_a_child_blocked_on_a_full_queue_is_a_deadlock() {
    assert_eq!(check(&PITFALL.replace("ITEMS", "3")), vec![Kind::Deadlock]);
    assert_eq!(check(&PITFALL.replace("ITEMS", "2")), vec![]);
}

#[test]
fn a_threading_lock_is_copied_by_fork_a_multiprocessing_lock_is_shared() {
    let src = "import multiprocessing
import threading
def child(l):
    l.acquire()
if __name__ == '__main__':
    l = LOCK()
    p = multiprocessing.Process(target=child, args=(l,))
    p.start()
    p.join()
    l.acquire()
    l.release()
";
    // The child takes its own copy: the parent's lock is still free.
    assert_eq!(check(&src.replace("LOCK", "threading.Lock")), vec![]);
    // The child takes the one shared lock and ends: the parent waits forever.
    assert_eq!(check(&src.replace("LOCK", "multiprocessing.Lock")), vec![Kind::LockLeak]);
}

#[test]
fn terminate_can_come_before_or_after_the_childs_steps() {
    // The child may or may not have run when it is terminated: both orders
    // must be explored (terminate conflicts with every step for the
    // partial-order reduction).
    let src = "import multiprocessing
def child(v):
    v.value = 1
if __name__ == '__main__':
    v = multiprocessing.Value('i', 0)
    p = multiprocessing.Process(target=child, args=(v,))
    p.start()
    p.terminate()
    p.join()
    assert p.exitcode == -15 or p.exitcode == 0
    assert v.value == 0
";
    // Terminated inside the setter, the child leaves the Value's lock held
    // (as CPython's does: `value` takes it): the parent's read waits forever.
    assert_eq!(check(src), vec![Kind::Assertion, Kind::LockLeak]);
}

#[test]
fn reductions_keep_every_finding_of_process_models() {
    let sources = [
        COUNTER.replace("KIND", "multiprocessing.Process"),
        VALUE.replace("LOCK\n", ""),
        PITFALL.replace("ITEMS", "3"),
        "import multiprocessing
def w(q, n):
    q.put(n)
if __name__ == '__main__':
    q = multiprocessing.Queue()
    ps = [multiprocessing.Process(target=w, args=(q, i)) for i in range(3)]
    for p in ps:
        p.start()
    got = [q.get() for p in ps]
    assert got != [2, 1, 0]
"
        .to_string(),
    ];
    for src in &sources {
        let full = Options { por: false, chains: false, dead_vars: false, symmetry: false, ..Options::default() };
        let reduced = check_source("t.py", src, &Options::default()).unwrap();
        let unreduced = check_source("t.py", src, &full).unwrap();
        assert_eq!(reduced.kinds(), unreduced.kinds(), "{src}");
        assert!(reduced.coverage.states <= unreduced.coverage.states);
    }
}

#[test]
fn threads_of_one_child_process_race_on_its_own_copy_of_a_global_list() {
    // The child's list is reachable from its process's globals, so both of
    // its threads can reach it: `items[0] += 1` is a read and a write step
    // each, and one update can be lost. (It once counted as a list only
    // one thread could reach, and the race went unseen.)
    let src = "import multiprocessing
import threading
items = [0]
def bump():
    items[0] += 1
def child():
    ts = [threading.Thread(target=bump) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert items[0] == 2
if __name__ == '__main__':
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
";
    let found = check(src);
    assert!(found.contains(&Kind::Assertion), "{found:?}");
}

const ARRAY: &str = "import multiprocessing
def work(a):
    for i in range(2):
        LOCK
        a[1] += 1
if __name__ == '__main__':
    a = multiprocessing.Array('i', 3)
    ps = [multiprocessing.Process(target=work, args=(a,)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    assert a[:] == [0, 4, 0] and sum(a[:]) == 4 and len(a) == 3
";

#[test]
fn a_shared_array_races_across_processes_unless_its_lock_is_held() {
    // Each item access takes the array's lock, but `a[1] += 1` is two
    // accesses: an update can still be lost, as in CPython.
    let racy = check(&ARRAY.replace("LOCK\n", ""));
    assert!(racy.contains(&Kind::LostUpdate) && racy.contains(&Kind::Assertion), "{racy:?}");
    let locked = ARRAY.replace("LOCK\n        a[1] += 1", "with a.get_lock():\n            a[1] += 1");
    assert_eq!(check(&locked), vec![]);
}

#[test]
fn an_array_item_read_waits_while_another_process_holds_the_arrays_lock() {
    // CPython's SynchronizedArray takes its lock for every item access: a
    // process that holds `get_lock()` and waits for a reader of the array
    // deadlocks with it.
    let src = "import multiprocessing
def reader(a, e):
    e.set()
    print(a[0])
if __name__ == '__main__':
    a = multiprocessing.Array('i', 1)
    e = multiprocessing.Event()
    with a.get_lock():
        p = multiprocessing.Process(target=reader, args=(a, e))
        p.start()
        e.wait()
        p.join()
";
    assert_eq!(check(src), vec![Kind::Deadlock]);
}

const CHILD_THREAD: &str = "import multiprocessing
import threading
def late(q):
    q.put('late')
def child(q):
    t = threading.Thread(target=late, args=(q,))
    DAEMON
    t.start()
if __name__ == '__main__':
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(q,))
    p.start()
    p.join()
    assert not p.is_alive() and p.exitcode == 0
    assert q.get_nowait() == 'late'
";

#[test]
fn joining_a_process_waits_for_its_non_daemon_threads() {
    // CPython's process bootstrap joins the child's non-daemon threads
    // before the process exits: after `p.join()` the thread has put.
    assert_eq!(check(&CHILD_THREAD.replace("    DAEMON\n", "")), vec![]);
    // A daemon thread is not waited for: the queue can still be empty.
    let daemon = check(&CHILD_THREAD.replace("DAEMON", "t.daemon = True"));
    assert!(daemon.contains(&Kind::UncaughtException), "{daemon:?}");
}

const PIPE_EOF: &str = "from multiprocessing import Process, Pipe
def child(conn):
    for i in range(2):
        conn.send(i)
    conn.close()
if __name__ == '__main__':
    parent_conn, child_conn = Pipe()
    p = Process(target=child, args=(child_conn,))
    p.start()
    CLOSE
    got = []
    try:
        while True:
            got.append(parent_conn.recv())
    except EOFError:
        assert got == [0, 1]
    p.join()
";

#[test]
fn recv_raises_eof_only_once_every_process_has_closed_the_other_end() {
    // The parent closes its own copy of the child's end: after the child's
    // data, recv() raises EOFError (never before the data).
    assert_eq!(check(&PIPE_EOF.replace("CLOSE", "child_conn.close()")), vec![]);
    // The parent's copy keeps the child's end open (as with fork in
    // CPython): the last recv() waits forever.
    assert_eq!(check(&PIPE_EOF.replace("CLOSE", "pass")), vec![Kind::Hang]);
    // A child that exits without closing its end: the exit closes it, as
    // the OS closes a process's file descriptors (CPython prints [0, 1]).
    let exits = PIPE_EOF.replace("    conn.close()\n", "");
    assert_eq!(check(&exits.replace("CLOSE", "child_conn.close()")), vec![]);
    assert_eq!(check(&exits.replace("CLOSE", "pass")), vec![Kind::Hang]);
    // Terminated, it closes them too: the reader gets EOFError, perhaps
    // before all the data.
    let killed = exits.replace("CLOSE", "child_conn.close()\n    p.terminate()").replace("assert got == [0, 1]", "assert len(got) <= 2");
    assert_eq!(check(&killed), vec![]);
}

#[test]
fn a_manager_namespace_is_shared_and_its_attributes_can_lose_updates() {
    let src = "import multiprocessing
def child(ns, lock):
    LOCK
    ns.count += 1
if __name__ == '__main__':
    with multiprocessing.Manager() as manager:
        ns = manager.Namespace()
        lock = manager.Lock()
        ns.count = 0
        ps = [multiprocessing.Process(target=child, args=(ns, lock)) for i in range(2)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        assert ns.count == 2
";
    let racy = check(&src.replace("    LOCK\n", ""));
    assert!(racy.contains(&Kind::LostUpdate) && racy.contains(&Kind::Assertion), "{racy:?}");
    assert_eq!(check(&src.replace("LOCK\n    ns.count += 1", "with lock:\n        ns.count += 1")), vec![]);
}

#[test]
fn value_reads_and_writes_take_the_values_lock() {
    // The child changes the value twice under `get_lock()`: the parent's
    // read takes the same lock (CPython's `value` getter does), so it never
    // sees the value in between. With `lock=False` it can.
    let src = "import multiprocessing
def child(v):
    with v.get_lock():
        v.value = 1
        v.value = 2
if __name__ == '__main__':
    v = multiprocessing.Value('i', 0LOCK)
    p = multiprocessing.Process(target=child, args=(v,))
    p.start()
    assert v.value != 1
    p.join()
";
    assert_eq!(check(&src.replace("LOCK", "")), vec![]);
    let raw = src.replace("LOCK", ", lock=False").replace("    with v.get_lock():\n        v.value = 1\n        v.value = 2", "    v.value = 1\n    v.value = 2");
    assert_eq!(check(&raw), vec![Kind::Assertion]);
}

#[test]
fn send_with_no_reader_left_is_a_broken_pipe() {
    // The child holds the only other copy of the reading end and exits
    // without reading: the parent's send raises BrokenPipeError in the
    // interleavings where the child has already exited (the OS closed its
    // copy), as in CPython. While the parent keeps its own copy open, no
    // send can fail.
    let src = "import multiprocessing
def quiet(conn):
    pass
if __name__ == '__main__':
    r, w = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=quiet, args=(r,))
    p.start()
    CLOSE
    w.send(1)
    p.join()
";
    assert_eq!(check(&src.replace("CLOSE", "r.close()")), vec![Kind::UncaughtException]);
    assert_eq!(check(&src.replace("CLOSE", "pass")), vec![]);
}

#[test]
fn a_spawned_child_imports_the_module_afresh() {
    // A module-level queue is the child's own under spawn: the parent
    // waits forever (as CPython does); forked, the child shares it.
    let src = "import multiprocessing as mp
q = mp.Queue()
log = ['import']
def child():
    q.put(len(log))
if __name__ == '__main__':
    log.append('main')
    p = mp.get_context('METHOD').Process(target=child)
    p.start()
    assert q.get() == 2
    p.join()
";
    assert_eq!(check(&src.replace("METHOD", "fork")), vec![]);
    let spawned = src.replace("METHOD", "spawn");
    assert_eq!(check(&spawned), vec![Kind::Hang]);
    let r = check_source("t.py", &spawned, &Options::default()).unwrap();
    let text = interleave::report::render_text(&r, interleave::report::View::Steps);
    assert!(text.contains("into SpawnProcess-1's q"), "{text}");
    // What the child needs, passed as arguments, reaches it: the same
    // verdict under every start method.
    let passed = src.replace("q.put(len(log))", "out.put(len(log))").replace("def child():", "def child(out):").replace("target=child)", "target=child, args=(q,))");
    assert_eq!(check(&passed.replace("METHOD", "fork")), vec![]);
    // A spawned child's log is its own import's: one entry.
    assert_eq!(check(&passed.replace("METHOD", "spawn")), vec![Kind::Assertion]);
    assert_eq!(check(&passed.replace("METHOD", "spawn").replace("== 2", "== 1")), vec![]);
}

#[test]
fn a_spawned_child_holds_the_pipe_ends_a_fork_would() {
    for (close, kinds) in [("child_conn.close()", vec![]), ("pass", vec![Kind::Hang])] {
        let src = PIPE_EOF.replace("CLOSE", close).replace("    p = Process(", "    import multiprocessing\n    multiprocessing.set_start_method('spawn')\n    p = Process(");
        assert_eq!(check(&src), kinds, "{close}");
    }
}

#[test]
fn spawn_refuses_what_pickle_refuses_and_fork_copies_it() {
    let src = "import multiprocessing as mp
import threading
def work(lock):
    with lock:
        pass
if __name__ == '__main__':
    p = mp.get_context('METHOD').Process(target=work, args=(LOCK,))
    p.start()
    p.join()
";
    let with = |method: &str, lock: &str| check(&src.replace("METHOD", method).replace("LOCK", lock));
    assert_eq!(with("fork", "threading.Lock()"), vec![]);
    assert_eq!(with("spawn", "threading.Lock()"), vec![Kind::UncaughtException]);
    assert_eq!(with("spawn", "mp.get_context('spawn').Lock()"), vec![]);
}
