//! Atomic sections of the library (prelude functions named `_atomic_*`, run
//! as one step): on executor and pool programs, the search with them reaches
//! the same final values and the same findings as the search with every
//! library operation a step of its own, in fewer states; and real bugs of
//! pool programs are still found.

#[path = "support/finals.rs"]
mod finals;

use finals::Finals;
use interleave::explore::{Limits, explore_bfs};
use interleave::vm::Vm;
use interleave::{Kind, Options, check_source};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The final values of `names` and the finding kinds, and the number of
/// states, with atomic sections on or off (every `atomic` flag cleared).
fn explore(src: &str, names: &[&str], atomic: bool) -> (BTreeSet<String>, BTreeSet<String>, u64) {
    let (mut program, _) = interleave::compile("m.py", src, &[]).expect("compiles");
    assert!(program.functions.iter().any(|f| f.atomic), "the prelude declares atomic sections");
    if !atomic {
        for f in &mut program.functions {
            f.atomic = false;
        }
    }
    let vm = Vm::with_reductions(Arc::new(program), false, false);
    let globals: Vec<u32> = names
        .iter()
        .map(|n| (0..vm.program.globals.len() as u32).find(|&g| vm.program.global_name(g) == *n).expect("global"))
        .collect();
    let m = Finals::new(&vm, move |vm, s| {
        let vals: Vec<String> = globals.iter().map(|&g| vm.repr(s, &s.globals[g as usize])).collect();
        vals.join(" ")
    });
    let out = explore_bfs(&m, &Limits::default()).expect("explores");
    assert!(out.coverage.complete);
    let kinds = out.found.iter().map(|f| format!("{:?}", f.finding.kind)).collect();
    (m.finals.into_inner().unwrap(), kinds, out.coverage.states)
}

/// Same outcomes with and without atomic sections; fewer states with them.
fn same_outcomes(src: &str, names: &[&str]) -> BTreeSet<String> {
    let (finals_on, kinds_on, states_on) = explore(src, names, true);
    let (finals_off, kinds_off, states_off) = explore(src, names, false);
    assert_eq!(finals_on, finals_off, "atomic sections changed the final values");
    assert_eq!(kinds_on, kinds_off, "atomic sections changed the findings");
    assert!(states_on < states_off, "atomic sections: {states_on} states, without: {states_off}");
    finals_on
}

#[test]
fn thread_pool_futures_reach_the_same_outcomes() {
    // Two workers, two tasks: which order the appends take, what done() and
    // cancel() see from the main thread while they run.
    let src = r#"import concurrent.futures
order = []
seen = None
cancelled = None
def task(x):
    order.append(x)
    return x * 10
ex = concurrent.futures.ThreadPoolExecutor(max_workers=2)
a = ex.submit(task, 1)
b = ex.submit(task, 2)
cancelled = b.cancel()
seen = a.done()
total = a.result()
ex.shutdown()
"#;
    let finals = same_outcomes(src, &["order", "seen", "cancelled", "total"]);
    assert!(finals.iter().any(|f| f.contains("True")) && finals.iter().any(|f| f.contains("False")), "{finals:?}");
}

#[test]
fn as_completed_and_callbacks_reach_the_same_outcomes() {
    let src = r#"from concurrent.futures import ThreadPoolExecutor, as_completed
got = []
calls = []
def task(x):
    return x
with ThreadPoolExecutor(max_workers=2) as ex:
    fs = [ex.submit(task, i) for i in range(2)]
    fs[0].add_done_callback(lambda f: calls.append(f.result()))
    for f in as_completed(fs):
        got.append(f.result())
"#;
    let finals = same_outcomes(src, &["got", "calls"]);
    assert!(finals.contains("[0, 1] [0]") && finals.contains("[1, 0] [0]"), "{finals:?}");
}

#[test]
fn process_pools_reach_the_same_outcomes() {
    let src = r#"import multiprocessing
got = []
def f(x):
    return x + 1
def cb(r):
    got.append(r)
if __name__ == '__main__':
    p = multiprocessing.Pool(2)
    r = p.apply_async(f, (1,), callback=cb)
    m = p.map(f, [5, 6])
    v = r.get()
    p.close()
    p.join()
"#;
    let finals = same_outcomes(src, &["got", "m", "v"]);
    assert_eq!(finals.len(), 1, "{finals:?}");
    let src = r#"from concurrent.futures import ProcessPoolExecutor
done = []
def f(x):
    return x * 2
if __name__ == '__main__':
    with ProcessPoolExecutor(max_workers=2) as ex:
        a = ex.submit(f, 1)
        b = ex.submit(f, 2)
        b.add_done_callback(lambda fut: done.append(fut.result()))
        early = a.done()
        r = a.result() + b.result()
"#;
    let finals = same_outcomes(src, &["done", "early", "r"]);
    assert!(finals.iter().any(|f| f.contains("True")) && finals.iter().any(|f| f.contains("False")), "{finals:?}");
}

#[test]
fn a_task_waiting_for_a_task_no_worker_is_free_to_run_deadlocks() {
    let src = r#"from concurrent.futures import ThreadPoolExecutor
ex = ThreadPoolExecutor(max_workers=1)
def inner():
    return 1
def outer():
    return ex.submit(inner).result()
print(ex.submit(outer).result())
"#;
    let r = check_source("m.py", src, &Options::default()).unwrap();
    assert!(r.kinds().contains(&Kind::Deadlock) || r.kinds().contains(&Kind::Hang), "{:?}", r.kinds());
    let (_, kinds, _) = explore(src, &[], false);
    assert!(!kinds.is_empty(), "found without atomic sections too");
}

#[test]
fn a_lost_update_between_pool_tasks_is_found() {
    // Two tasks on two worker processes do `v.value += 1` on a shared Value.
    let src = r#"import multiprocessing
def bump(v):
    v.value += 1
if __name__ == '__main__':
    v = multiprocessing.Value('i', 0)
    with multiprocessing.Pool(2) as p:
        rs = [p.apply_async(bump, (v,)) for i in range(2)]
        for r in rs:
            r.get()
    print(v.value)
"#;
    let r = check_source("m.py", src, &Options::default()).unwrap();
    assert!(r.kinds().contains(&Kind::LostUpdate), "{:?}", r.kinds());
    // And between two thread-pool tasks on a global.
    let src = r#"from concurrent.futures import ThreadPoolExecutor
n = 0
def bump():
    global n
    n += 1
with ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(bump)
    ex.submit(bump)
"#;
    let (finals, kinds, _) = explore(src, &["n"], true);
    assert!(kinds.contains("LostUpdate"), "{kinds:?}");
    assert_eq!(finals, ["1".to_string(), "2".to_string()].into_iter().collect::<BTreeSet<_>>());
}
