//! Every model in `models/` is checked against its `# expect:` header: the
//! buggy ones must produce exactly their findings, the correct ones nothing
//! over a complete search. Drop a model file in `models/` and it is checked.

use interleave::{Kind, Options, check_file, parse_header};
use std::path::Path;

fn model_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("models"))
        .expect("models/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

#[test]
fn every_model_matches_its_header() {
    let files = model_files();
    assert!(files.len() >= 11, "expected the tutorial models, found {}", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let header = parse_header(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let expect = header.expect.unwrap_or_else(|| panic!("{file}: no `# expect:` header"));
        if header.unbounded {
            // An infinite state space: nothing found up to the limit, which
            // stopped the search, and the report says what keeps growing.
            assert!(header.max_states.is_some_and(|n| n <= 100_000), "{file}: an unbounded model needs `# max-states:` (at most 100,000)");
            match check_file(file, &Options::default()) {
                Ok(r) if r.findings.is_empty() && !r.coverage.complete && !r.coverage.growing.is_empty() => {}
                Ok(r) => failures.push(format!(
                    "{file}: expected unbounded, found {:?}, complete: {}, growing: {:?}",
                    r.kinds(),
                    r.coverage.complete,
                    r.coverage.growing
                )),
                Err(e) => failures.push(format!("{file}: {e}")),
            }
            continue;
        }
        let mut expected: Vec<Kind> =
            expect.iter().map(|id| Kind::from_id(id).unwrap_or_else(|| panic!("{file}: unknown finding id `{id}`"))).collect();
        expected.sort();
        let report = match check_file(file, &Options::default()) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{file}: {e}"));
                continue;
            }
        };
        let found = report.kinds();
        if found != expected {
            failures.push(format!("{file}: expected {:?}, found {:?}", expected, found));
        }
        if expected.is_empty() && !report.coverage.complete {
            failures.push(format!("{file}: expected ok, but the search was not complete"));
        }
        for f in &report.findings {
            // Every finding carries a trace that replays.
            let trace = interleave::replay_source(file, &text, &f.schedule, &[])
                .unwrap_or_else(|e| panic!("{file}: schedule {} does not replay: {e}", f.schedule));
            // Byte for byte the same trace as the one shown with the finding.
            assert_eq!(
                interleave::report::render_trace(&trace),
                interleave::report::render_trace(&f.trace),
                "{file}: replay differs"
            );
            assert_eq!(serde_json::to_string(&trace).unwrap(), serde_json::to_string(&f.trace).unwrap());
        }
    }
    assert!(failures.is_empty(), "models that do not match their header:\n{}", failures.join("\n"));
}

#[test]
fn balance_trace_shows_the_lost_update_values() {
    let r = check_file(&format!("{}/models/balance.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    let f = r.findings.iter().find(|f| f.kind == Kind::LostUpdate).expect("lost-update");
    assert!(f.message.contains("`balance`"), "{}", f.message);
    let text = interleave::report::render_text(&r, interleave::report::View::Steps);
    assert!(text.contains("read  balance → 0"), "{text}");
    assert!(text.contains("write balance ←"), "{text}");
    assert!(text.contains("update of balance was lost"), "{text}");
    assert!(text.contains("replay: interleave replay"), "{text}");
}

#[test]
fn abba_deadlock_names_both_locks_and_holders() {
    let r = check_file(&format!("{}/models/abba_deadlock.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    let f = r.findings.iter().find(|f| f.kind == Kind::Deadlock).expect("deadlock");
    let text = f.explanation.join("\n");
    assert!(text.contains("holds lock_1"), "{text}");
    assert!(text.contains("holds lock_2"), "{text}");
    assert!(text.contains("waits for lock_2, held by Thread-2 (func_2)"), "{text}");
    assert!(text.contains("waits for lock_1, held by Thread-1 (func_1)"), "{text}");
}

#[test]
fn abba_wait_for_graph_is_exactly_the_two_cycle() {
    let r = check_file(&format!("{}/models/abba_deadlock.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    let f = r.findings.iter().find(|f| f.kind == Kind::Deadlock).expect("deadlock");
    let g = f.wait_for.as_ref().expect("a wait-for graph");
    assert_eq!(g.cycles(), vec![vec!["Thread-1 (func_1)", "lock_2", "Thread-2 (func_2)", "lock_1"]]);
    let held: Vec<_> = g.edges.iter().filter(|e| e.relation == "held-by").map(|e| (g.label(&e.from), g.label(&e.to), e.line)).collect();
    assert_eq!(held, vec![("lock_2", "Thread-2 (func_2)", Some(33)), ("lock_1", "Thread-1 (func_1)", Some(15))]);
    let dot = g.to_dot();
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(dot.contains("held-by (line 33)"), "{dot}");
}

#[test]
fn missed_signal_graph_says_nobody_can_wake_the_waiter() {
    let r = check_file(&format!("{}/models/teacher_students.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    let f = r.findings.iter().find(|f| f.kind == Kind::MissedSignal).expect("missed-signal");
    let g = f.wait_for.as_ref().unwrap();
    assert!(g.edges.iter().any(|e| e.relation == "can-be-woken-by" && e.to == "nobody"));
    assert!(f.explanation.iter().any(|l| l.contains("cleared it at step")), "{:?}", f.explanation);
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let path = format!("{}/models/teacher_students.py", env!("CARGO_MANIFEST_DIR"));
    let a = serde_json::to_string(&check_file(&path, &Options::default()).unwrap().findings).unwrap();
    let b = serde_json::to_string(&check_file(&path, &Options::default()).unwrap().findings).unwrap();
    assert_eq!(a, b);
}

/// Each buggy model's report names the right threads, resources and lines.
#[test]
fn reports_name_threads_resources_and_lines() {
    let cases: &[(&str, &[&str])] = &[
        ("double_acquire", &["self-deadlock: MainThread waits for l, which it holds itself", "holds l (line 10)", "(line 12)"]),
        ("queue_fifo_hang", &["hang: MainThread waits forever for an item in queue `q`", "q ─can only be woken by→ nobody left"]),
        ("abba_timeout_fix", &[
            "uncaught-exception in Thread-2 (func_2): RuntimeError: release unlocked lock",
            "timed call at line 16",
            "lock-leak: Thread-2 (func_2) ended while holding lock_2",
            "takes lock_1 (line 41) while holding lock_2 (taken at line 37)",
        ]),
        ("balance_assert", &["assertion failed in MainThread: `assert balance == 0`", "balance_assert.py:28"]),
        ("my_add_minu", &["lost-update on `sum`", "update of sum was lost"]),
        ("teacher_students", &["Thread-3 set `event`", "cleared it at step", "(line 25)"]),
        ("abba_sequential", &["takes lock_2 (line 14) while holding lock_1 (taken at line 13)"]),
        // Raised in library code and re-raised by the `with` block's exit in
        // a later step: shown where it leaves the model's code, not line 0.
        ("mp_pool_workers", &["MainThread raised TimeoutError at line 16", "timed call at line 25"]),
        // The target's call fails (missing argument): shown at its start().
        ("daemon_upload_download", &["missing 1 required positional argument: 'num' at line 33"]),
    ];
    for (model, needles) in cases {
        let r = check_file(&format!("{}/models/{model}.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
        let text = interleave::report::render_text(&r, interleave::report::View::Steps);
        for n in *needles {
            assert!(text.contains(n), "{model}: report lacks {n:?}\n{text}");
        }
    }
}

#[test]
fn a_deadlock_is_found_while_main_spins_waiting_for_it() {
    // Main busy-waits on `len(threading.enumerate()) > 1`: it can always
    // step, but every step comes back to the same state, so the state where
    // the workers deadlock is stuck all the same.
    let path = format!("{}/models/abba_deadlock_busy_wait.py", env!("CARGO_MANIFEST_DIR"));
    let r = check_file(&path, &Options::default()).unwrap();
    assert_eq!(r.kinds(), vec![Kind::Deadlock]);
    let text = r.findings[0].explanation.join("\n");
    assert!(text.contains("waits for lock_2, held by Thread-2 (func_2)"), "{text}");
    assert!(text.contains("MainThread spins at line 58 (`while len(threading.enumerate()) > 1:`)"), "{text}");
    let graph = r.findings[0].wait_for.as_ref().expect("a wait-for graph").text_lines();
    assert!(graph.contains(&"MainThread ─spins waiting on→ which threads are alive  (line 58)".to_string()), "{graph:?}");
    assert!(graph.contains(&"which threads are alive ─can only be changed by→ Thread-1 (func_1)".to_string()), "{graph:?}");
    // Without partial-order reduction and chains too.
    let plain = Options { por: false, chains: false, symmetry: false, dead_vars: false, ..Options::default() };
    assert_eq!(check_file(&path, &plain).unwrap().kinds(), vec![Kind::Deadlock]);
}

#[test]
fn spinning_on_a_flag_nobody_will_set_is_a_hang() {
    // The worker sets `done` only when x > 0; it ends without setting it,
    // and main's `while not done: pass` reads False for ever.
    let src = "import threading\ndone = False\nx = 0\ndef worker():\n    global done\n    if x > 0:\n        done = True\n\
               threading.Thread(target=worker).start()\nwhile not done:\n    pass\nprint('finished')\n";
    let r = interleave::check_source("spin.py", src, &Options::default()).unwrap();
    assert_eq!(r.kinds(), vec![Kind::Hang]);
    let f = &r.findings[0];
    assert_eq!(f.message, "hang: MainThread spins forever waiting for `done` to change (spin.py:9)");
    assert!(f.explanation.iter().any(|l| l.contains("none of them will change `done`")), "{:?}", f.explanation);
    let graph = f.wait_for.as_ref().expect("a wait-for graph").text_lines();
    assert_eq!(graph, vec!["MainThread ─spins waiting on→ `done`  (line 9)", "`done` ─can only be changed by→ nobody left"]);
    // When the worker does set it, main gets past.
    let fixed = src.replace("if x > 0:", "if x >= 0:");
    let r = interleave::check_source("spin.py", &fixed, &Options::default()).unwrap();
    assert!(r.findings.is_empty() && r.coverage.complete, "{:?}", r.kinds());
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn programs_that_loop_forever_by_design_are_noted_not_flagged() {
    let spin = check_file(&format!("{}/models/thread_start_new_thread.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    assert!(spin.findings.is_empty() && spin.coverage.complete);
    assert!(spin.notes.iter().any(|n| n.contains("MainThread loops forever at line 22")), "{:?}", spin.notes);
    let timer = check_file(&format!("{}/models/timer_main_loop.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    assert!(timer.findings.is_empty() && timer.coverage.complete);
    assert!(
        timer.notes.iter().any(|n| n.contains("no interleaving reaches its end; MainThread loops forever around line 22 (`print(\"***************\")`)")),
        "{:?}",
        timer.notes
    );
    // The _thread threads end; main's sleep loop is what never does.
    let loops = check_file(&format!("{}/models/thread_args_start_new_thread.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    assert!(loops.findings.is_empty() && loops.coverage.complete);
    assert_eq!(
        loops.notes,
        vec!["the program never ends: no interleaving reaches its end; MainThread loops forever around line 35 (`time.sleep(10)`)".to_string()]
    );
    let ends = check_file(&format!("{}/models/balance_locked.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    assert!(ends.notes.is_empty(), "{:?}", ends.notes);
}

#[test]
fn a_hang_lists_only_the_locks_a_thread_really_holds() {
    // The worker took and released its futures' condition locks in library
    // code; a list built by matching acquire/release lines of the trace (whose
    // labels for unnamed locks change as the heap is renumbered) once showed
    // them as held.
    let r = check_file(&format!("{}/models/producer_consumer_executor.py", env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    let text = interleave::report::render_text(&r, interleave::report::View::Steps);
    assert!(text.contains("ThreadPoolExecutor-0_0 waits for an item in queue `pipeline`"), "{text}");
    assert!(!text.contains(" holds "), "{text}");
}

/// A set shared between threads is shared state: `x not in s` then
/// `s.add(x)` is a check-then-act race, found with and without the
/// reductions, and gone under a lock.
#[test]
fn check_then_act_on_a_shared_set_is_found() {
    let src = "import threading\nseen = set()\nprocessed = []\ndef register(job):\n    if job not in seen:\n        seen.add(job)\n        processed.append(job)\n\
               ts = [threading.Thread(target=register, args=(7,)) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n\
               assert len(processed) == 1, processed\n";
    let plain = Options { por: false, chains: false, symmetry: false, dead_vars: false, ..Options::default() };
    for opts in [Options::default(), plain] {
        let r = interleave::check_source("cta.py", src, &opts).unwrap();
        assert_eq!(r.kinds(), vec![Kind::Assertion]);
        assert!(r.coverage.complete);
        let trace = interleave::report::render_trace(&r.findings[0].trace);
        assert!(trace.contains("seen.add(…) → seen = {7}"), "{trace}");
    }
    let locked = src
        .replace("seen = set()\n", "seen = set()\nlock = threading.Lock()\n")
        .replace("    if job not in seen:\n        seen.add(job)\n        processed.append(job)\n", "    with lock:\n        if job not in seen:\n            seen.add(job)\n            processed.append(job)\n");
    let r = interleave::check_source("cta.py", &locked, &Options::default()).unwrap();
    assert!(r.findings.is_empty() && r.coverage.complete, "{:?}", r.kinds());
}

/// Two `s.add` in two threads conflict: partial-order reduction keeps both
/// orders, and the order shows (1 and 9 collide in CPython's 8-slot table:
/// the one added second is placed elsewhere).
#[test]
fn adds_to_a_shared_set_are_conflicting_visible_steps() {
    let src = "import threading\ns = set()\ndef add(x):\n    s.add(x)\na = threading.Thread(target=add, args=(1,))\nb = threading.Thread(target=add, args=(9,))\n\
               a.start()\nb.start()\na.join()\nb.join()\nassert list(s) == [1, 9], s\n";
    let r = interleave::check_source("adds.py", src, &Options::default()).unwrap();
    assert_eq!(r.kinds(), vec![Kind::Assertion]);
    assert!(r.findings[0].explanation.iter().any(|l| l.contains("AssertionError: {9, 1}")), "{:?}", r.findings[0].explanation);
    // Sets each thread keeps to itself are local work: no visible step, so
    // the same program on private sets has fewer states.
    let private = "import threading\ndef add(x):\n    s = set()\n    s.add(x)\n    s.add(x + 8)\n    assert len(s) == 2\na = threading.Thread(target=add, args=(1,))\nb = threading.Thread(target=add, args=(9,))\n\
                   a.start()\nb.start()\na.join()\nb.join()\n";
    let p = interleave::check_source("private.py", private, &Options::default()).unwrap();
    assert!(p.findings.is_empty() && p.coverage.complete);
    assert!(p.coverage.states < r.coverage.states, "{} vs {}", p.coverage.states, r.coverage.states);
}

/// A `for` over a shared set reads it item by item: another thread's
/// `add` in between makes the next item raise CPython's RuntimeError.
#[test]
fn iterating_a_set_another_thread_grows_raises_runtime_error() {
    let src = "import threading\ns = {1, 2, 3}\ndef reader():\n    total = 0\n    for x in s:\n        total += x\n    print(total)\ndef writer():\n    s.add(4)\n\
               a = threading.Thread(target=reader)\nb = threading.Thread(target=writer)\na.start()\nb.start()\na.join()\nb.join()\n";
    let plain = Options { por: false, chains: false, symmetry: false, dead_vars: false, ..Options::default() };
    for opts in [Options::default(), plain] {
        let r = interleave::check_source("iter.py", src, &opts).unwrap();
        assert_eq!(r.kinds(), vec![Kind::UncaughtException]);
        assert!(r.findings[0].message.contains("RuntimeError: Set changed size during iteration"), "{}", r.findings[0].message);
    }
    // Adding an element already there does not change the size: no error.
    let same = src.replace("s.add(4)", "s.add(3)");
    let r = interleave::check_source("iter.py", &same, &Options::default()).unwrap();
    assert!(r.findings.is_empty() && r.coverage.complete, "{:?}", r.kinds());
}
