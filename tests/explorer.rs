//! The explorer: partial-order, symmetry and dead-variable reduction must not
//! change what is found nor which final states are reachable (compared with
//! the unreduced search on generated programs), and breadth-first search
//! returns shortest counterexamples (checked on a synthetic system). The
//! parallel search gives the same states, findings and schedules as one job.

#[path = "support/finals.rs"]
mod finals;

use finals::Finals;
use interleave::detect::Checker;
use interleave::explore::{Limits, Model, explore_bfs};
use interleave::vm::{Value, Vm};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Which reductions a search uses.
#[derive(Clone, Copy)]
struct Reductions {
    por: bool,
    chains: bool,
    dead_vars: bool,
    symmetry: bool,
}

const ALL: Reductions = Reductions { por: true, chains: true, dead_vars: true, symmetry: true };

/// With or without partial-order reduction (and the chains that build on
/// it), the other reductions on.
fn explore(src: &str, por: bool) -> (Vec<String>, BTreeSet<String>) {
    let (kinds, finals, _) = explore_with(src, Reductions { por, chains: por, ..ALL }, 1);
    (kinds, finals)
}

/// What a search found: the finding keys (but for lock-order edges, keyed by
/// thread id, which symmetry may rename), the final shared globals, and its
/// record (states, transitions, depth, each finding's key and schedule).
struct Search {
    keys: Vec<String>,
    finals: BTreeSet<String>,
    states: u64,
    record: String,
}

fn explore_with(src: &str, r: Reductions, jobs: usize) -> (Vec<String>, BTreeSet<String>, u64) {
    let s = search(src, r, jobs);
    (s.keys, s.finals, s.states)
}

fn search(src: &str, r: Reductions, jobs: usize) -> Search {
    let (program, _) = interleave::compile("gen.py", src, &[]).expect("generated program compiles");
    let vm = Vm::with_reductions(Arc::new(program), r.dead_vars, r.symmetry);
    let m = Finals::new(&vm, |vm, s| {
        let vals: Vec<String> = s
            .globals
            .iter()
            .enumerate()
            .filter(|(g, v)| vm.program.globals[*g].shared && matches!(v, Value::Int(_)))
            .map(|(g, v)| format!("{}={}", vm.program.global_name(g as u32), vm.repr(s, v)))
            .collect();
        vals.join(",")
    });
    let out = explore_bfs(&m, &Limits { por: r.por, chains: r.chains, jobs, ..Limits::default() }).expect("explores");
    assert!(out.coverage.complete);
    let mut kinds: Vec<String> = out
        .found
        .iter()
        .map(|f| if f.finding.kind.id() == "lock-edge" { "lock-edge".to_string() } else { f.finding.key.clone() })
        .collect();
    kinds.sort();
    kinds.dedup();
    let c = &out.coverage;
    let mut record = format!("{} states, {} transitions, depth {}\n", c.states, c.transitions, c.max_depth);
    for f in &out.found {
        record.push_str(&format!("{} {:?}\n", f.finding.key, f.schedule));
    }
    Search { keys: kinds, finals: m.finals.into_inner().unwrap(), states: c.states, record }
}

/// One statement of a generated thread body.
fn op() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x = x + 1".to_string()),
        Just("y = x".to_string()),
        Just("x = y * 2".to_string()),
        Just("with lock:\n        x = x + 1".to_string()),
        Just("lock.acquire()\n    y = y + 1\n    lock.release()".to_string()),
        Just("print('p')".to_string()),
        Just("time.sleep(0)".to_string()),
        Just("ev.set()".to_string()),
        Just("if x > 1:\n        ev.wait()".to_string()),
        Just("items.append(x)".to_string()),
        Just("y = len(items)".to_string()),
        Just("if 1 in items:\n        x = 5".to_string()),
        Just("bump()".to_string()),
        Just("q.put(x)".to_string()),
        Just("if not q.empty():\n        y = q.get()".to_string()),
        Just("y = threading.active_count()".to_string()),
        Just("items += [y]".to_string()),
        Just("if items:\n        x = 7".to_string()),
        Just("mine = [x]\n    mine.append(y)\n    y = len(mine)".to_string()),
        Just("mine = [x]\n    items.append(mine)\n    mine.append(y)".to_string()),
        // Spin-waits: steps that come back to their state (self-loops),
        // carried along chains until another thread's step ends them.
        Just("while x < 1:\n        pass".to_string()),
        Just("while not ev.is_set():\n        pass".to_string()),
        Just("while len(items) == 0:\n        y = y".to_string()),
        // Clock reads: a value kept (the clock is observed: reads in the
        // other order give other values), or only printed (a dead clock).
        Just("x = int(time.time()) % 3".to_string()),
        Just("print('at', time.ctime())".to_string()),
    ]
}

fn program(bodies: &[Vec<String>]) -> String {
    let mut s = String::from(
        "import threading\nimport time\nimport queue\nx = 0\ny = 0\nitems = []\nq = queue.Queue()\nlock = threading.Lock()\nev = threading.Event()\n\
         def bump():\n    global x\n    with lock:\n        x = x + 2\n",
    );
    for (i, b) in bodies.iter().enumerate() {
        s.push_str(&format!("def t{i}():\n    global x, y, items\n"));
        for st in b {
            s.push_str(&format!("    {st}\n"));
        }
    }
    for i in 0..bodies.len() {
        s.push_str(&format!("th{i} = threading.Thread(target=t{i})\n"));
    }
    for i in 0..bodies.len() {
        s.push_str(&format!("th{i}.start()\n"));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn por_keeps_findings_and_final_states(bodies in prop::collection::vec(prop::collection::vec(op(), 1..4), 2..4)) {
        let src = program(&bodies);
        let (k1, f1) = explore(&src, true);
        let (k2, f2) = explore(&src, false);
        prop_assert_eq!(k1, k2, "findings differ for\n{}", src);
        prop_assert_eq!(f1, f2, "final states differ for\n{}", src);
    }

    #[test]
    fn chains_keep_findings_and_final_states(bodies in prop::collection::vec(prop::collection::vec(op(), 1..4), 2..4)) {
        let src = program(&bodies);
        // (Not fewer states in every case: a chain's end is another state
        // than the one the cycle proviso looks at without chains, so the
        // persistent sets taken differ. The locked counter test below
        // checks what chains save.)
        let (k1, f1, _) = explore_with(&src, ALL, 1);
        let (k2, f2, _) = explore_with(&src, Reductions { chains: false, ..ALL }, 1);
        let (k3, f3, _) = explore_with(&src, Reductions { por: false, ..ALL }, 1);
        prop_assert_eq!(&k1, &k2, "findings differ for\n{}", src);
        prop_assert_eq!(&f1, &f2, "final states differ for\n{}", src);
        prop_assert_eq!(&k3, &k2, "findings differ (chains without por) for\n{}", src);
        prop_assert_eq!(&f3, &f2, "final states differ (chains without por) for\n{}", src);
    }

    #[test]
    fn parallel_search_is_the_same_search(bodies in prop::collection::vec(prop::collection::vec(op(), 1..4), 2..4)) {
        let src = program(&bodies);
        let (one, three) = (search(&src, ALL, 1), search(&src, ALL, 3));
        prop_assert_eq!(one.record, three.record, "one job and three differ for\n{}", src);
        prop_assert_eq!(one.finals, three.finals, "one job and three differ for\n{}", src);
    }
}

#[test]
fn parallel_search_gives_the_same_report_on_the_models() {
    // Byte-identical JSON (states, transitions, findings, traces) for 1 and 3 jobs.
    for m in ["balance", "abba_deadlock", "teacher_students", "add_one_locked", "producer_consumer_executor"] {
        let path = format!("{}/models/{m}.py", env!("CARGO_MANIFEST_DIR"));
        let json = |jobs| {
            let mut r = interleave::check_file(&path, &interleave::Options { jobs, ..interleave::Options::default() }).unwrap();
            r.elapsed_seconds = 0.0;
            serde_json::to_string(&r).unwrap()
        };
        assert_eq!(json(1), json(3), "{m}");
    }
}

/// One statement of a generated worker body: with locals (some read again,
/// some not), loops, locks and events.
fn worker_op() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x = x + 1".to_string()),
        Just("a = x\n    x = a + 1".to_string()),
        Just("a = x\n    y = y + 1".to_string()),
        Just("b = y\n    print('p')\n    y = b * 2".to_string()),
        Just("for j in range(2):\n        x = x + 1".to_string()),
        Just("k = 0\n    while k < 2:\n        k = k + 1\n        y = y + k".to_string()),
        Just("with lock:\n        x = x + 1".to_string()),
        Just("try:\n        c = x\n        y = 1\n    except Exception:\n        y = c".to_string()),
        Just("ev.set()".to_string()),
        Just("if x > 1:\n        ev.wait()".to_string()),
        Just("time.sleep(0)".to_string()),
        Just("print('at %s' % time.ctime(time.time()))".to_string()),
        // A tally: a local only moved by a constant and printed.
        Just("n = 0\n    for j in range(2):\n        n += 1\n        print('n {}'.format(n))\n        y = y + 1".to_string()),
        // A text local onto a queue whose items are printed (print-only
        // unless an item is also used another way, below).
        Just("m = 'v' + str(x)\n    q.put(m)".to_string()),
        Just("if not q.empty():\n        print('got', q.get())".to_string()),
        Just("if q.qsize() > 1:\n        y = y + len(q.get())".to_string()),
    ]
}

/// `copies[i]` identical threads (same target, no arguments) run body `i`;
/// with `join`, main joins them all and then reads the globals.
fn symmetric_program(bodies: &[Vec<String>], copies: &[usize], join: bool) -> String {
    let mut s = String::from("import threading\nimport time\nimport queue\nx = 0\ny = 0\nlock = threading.Lock()\nev = threading.Event()\nq = queue.Queue()\n");
    for (i, b) in bodies.iter().enumerate() {
        s.push_str(&format!("def w{i}():\n    global x, y\n"));
        for st in b {
            s.push_str(&format!("    {st}\n"));
        }
    }
    s.push_str("threads = []\n");
    for (i, &k) in copies.iter().enumerate() {
        s.push_str(&format!("for i in range({k}):\n    t = threading.Thread(target=w{i})\n    t.start()\n    threads.append(t)\n"));
    }
    if join {
        s.push_str("for t in threads:\n    t.join()\nprint(x, y)\n");
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
    #[test]
    fn symmetry_and_dead_variables_keep_findings_and_final_states(
        bodies in prop::collection::vec(prop::collection::vec(worker_op(), 1..3), 1..3),
        copies in prop::collection::vec(1usize..4, 2),
        join in any::<bool>(),
    ) {
        let copies = &copies[..bodies.len()];
        // At most 3 workers: the unreduced search must stay small.
        prop_assume!((2..=3).contains(&copies.iter().sum::<usize>()));
        let src = symmetric_program(&bodies, copies, join);
        // Chains off: the state counts compare what symmetry and dead
        // variables merge among states all stored.
        const ALL: Reductions = Reductions { chains: false, ..self::ALL };
        let (k_all, f_all, n_all) = explore_with(&src, ALL, 1);
        let (k_none, f_none, n_none) = explore_with(&src, Reductions { dead_vars: false, symmetry: false, ..ALL }, 1);
        let (k_bare, f_bare, _) = explore_with(&src, Reductions { por: false, chains: false, dead_vars: false, symmetry: false }, 1);
        prop_assert_eq!(&k_all, &k_bare, "findings differ (every reduction) for\n{}", src);
        prop_assert_eq!(&f_all, &f_bare, "final states differ (every reduction) for\n{}", src);
        let (k_sym, f_sym, n_sym) = explore_with(&src, Reductions { dead_vars: false, ..ALL }, 1);
        let (k_dead, f_dead, n_dead) = explore_with(&src, Reductions { symmetry: false, ..ALL }, 1);
        prop_assert_eq!(&k_all, &k_none, "findings differ (both reductions) for\n{}", src);
        prop_assert_eq!(&k_sym, &k_none, "findings differ (symmetry) for\n{}", src);
        prop_assert_eq!(&k_dead, &k_none, "findings differ (dead variables) for\n{}", src);
        prop_assert_eq!(&f_all, &f_none, "final states differ (both reductions) for\n{}", src);
        prop_assert_eq!(&f_sym, &f_none, "final states differ (symmetry) for\n{}", src);
        prop_assert_eq!(&f_dead, &f_none, "final states differ (dead variables) for\n{}", src);
        prop_assert!(n_all <= n_sym && n_all <= n_dead, "{} > {} / {} states for\n{}", n_all, n_sym, n_dead, src);
        prop_assert!(n_sym <= n_none && n_dead <= n_none, "{} / {} > {} states for\n{}", n_sym, n_dead, n_none, src);
    }
}

/// A grid walk: two counters, each thread bumps its own up to 5; the
/// finding sits at (3, 2). BFS must reach it in exactly 5 steps.
struct Grid;

impl Model for Grid {
    type State = (u8, u8);
    type Choice = u8;
    type Finding = &'static str;
    type Error = ();
    type Effects = ();
    fn initial(&self, _: &mut Vec<&'static str>) -> Result<(u8, u8), ()> {
        Ok((0, 0))
    }
    fn choices(&self, s: &(u8, u8), out: &mut Vec<u8>) {
        out.clear();
        if s.0 < 5 {
            out.push(0)
        }
        if s.1 < 5 {
            out.push(1)
        }
    }
    fn step(&self, s: &(u8, u8), c: u8, found: &mut Vec<&'static str>) -> Result<((u8, u8), ()), ()> {
        let t = if c == 0 { (s.0 + 1, s.1) } else { (s.0, s.1 + 1) };
        if t == (3, 2) {
            found.push("target");
        }
        Ok((t, ()))
    }
    fn check_state(&self, _: &(u8, u8), _: &[u8], _: &mut Vec<&'static str>) {}
    fn finding_key(&self, f: &&'static str) -> String {
        f.to_string()
    }
    fn thread_of(&self, c: &u8) -> u32 {
        *c as u32
    }
}

#[test]
fn bfs_finds_shortest_counterexamples_and_counts_states() {
    // Chains store fewer states but give up shortest-first.
    let out = explore_bfs(&Grid, &Limits { chains: false, ..Limits::default() }).unwrap();
    assert_eq!(out.coverage.states, 36);
    assert!(out.coverage.complete);
    assert_eq!(out.found.len(), 1);
    let sched = &out.found[0].schedule;
    assert_eq!(sched.len(), 5);
    assert_eq!(sched.iter().filter(|&&c| c == 0).count(), 3);
}

#[test]
fn parallel_search_finds_the_same_shortest_counterexample() {
    let one = explore_bfs(&Grid, &Limits { chains: false, ..Limits::default() }).unwrap();
    let two = explore_bfs(&Grid, &Limits { jobs: 2, chains: false, ..Limits::default() }).unwrap();
    assert_eq!(one.coverage.states, two.coverage.states);
    assert_eq!(one.coverage.transitions, two.coverage.transitions);
    assert_eq!(one.found[0].schedule, two.found[0].schedule);
}

#[test]
fn state_limit_stops_the_search_as_incomplete() {
    let out = explore_bfs(&Grid, &Limits { max_states: 10, ..Limits::default() }).unwrap();
    assert!(!out.coverage.complete);
    assert!(out.coverage.stopped_by.unwrap().contains("max-states"));
}

/// A counter that only goes up, beside one that wraps: an infinite space.
struct Ticker;

impl Model for Ticker {
    type State = u32;
    type Choice = u8;
    type Finding = &'static str;
    type Error = ();
    type Effects = ();
    fn initial(&self, _: &mut Vec<&'static str>) -> Result<u32, ()> {
        Ok(0)
    }
    fn choices(&self, _: &u32, out: &mut Vec<u8>) {
        out.clear();
        out.push(0);
    }
    fn step(&self, s: &u32, _: u8, _: &mut Vec<&'static str>) -> Result<(u32, ()), ()> {
        Ok((s + 1, ()))
    }
    fn gauge(&self, s: &u32, out: &mut Vec<(u64, i64)>) {
        out.push((0, *s as i64));
        out.push((1, (*s % 3) as i64));
    }
    fn gauge_name(&self, key: u64) -> Option<String> {
        Some(["ticks", "wraps"][key as usize].to_string())
    }
    fn check_state(&self, _: &u32, _: &[u8], _: &mut Vec<&'static str>) {}
    fn finding_key(&self, f: &&'static str) -> String {
        f.to_string()
    }
    fn thread_of(&self, _: &u8) -> u32 {
        0
    }
}

#[test]
fn a_search_stopped_by_a_limit_says_what_kept_growing() {
    let out = explore_bfs(&Ticker, &Limits { max_states: 100, chains: false, ..Limits::default() }).unwrap();
    assert!(!out.coverage.complete);
    let grown: Vec<(&str, [i64; 4])> = out.coverage.growing.iter().map(|g| (g.quantity.as_str(), g.values)).collect();
    assert_eq!(grown, vec![("ticks", [23, 48, 73, 98])]);
    // A complete search, or one too shallow to tell, names nothing.
    let grid = explore_bfs(&Grid, &Limits { chains: false, ..Limits::default() }).unwrap();
    assert!(grid.coverage.growing.is_empty());
    let shallow = explore_bfs(&Ticker, &Limits { max_states: 5, chains: false, ..Limits::default() }).unwrap();
    assert!(shallow.coverage.growing.is_empty());
}

#[test]
fn the_report_of_an_endless_counter_names_it() {
    // Tutorial 004's Timer program, its loop testing the counter it prints
    // (so the counter is no tally): no state repeats.
    let src = "import threading\nimport time\ndef func():\n  print('running')\n\
               t = threading.Timer(6, func)\nt.start()\ni = 0\nwhile i >= 0:\n  print('{0}***'.format(i))\n  time.sleep(3)\n  i += 1\n";
    let options = interleave::Options { max_states: 2_000, ..interleave::Options::default() };
    let r = interleave::check_source("timer.py", src, &options).unwrap();
    assert!(!r.coverage.complete);
    assert!(r.notes.iter().any(|n| n.starts_with("the state space may be infinite: `i` (")), "{:?}", r.notes);
    assert_eq!(r.coverage.growing.iter().map(|g| g.quantity.as_str()).collect::<Vec<_>>(), vec!["`i`"]);
}

#[test]
fn fewest_preemptions_beats_the_shortest_path() {
    // To reach (3, 2) thread 0 runs three steps then thread 1 two: one
    // preemption (thread 0 could have gone on), five steps.
    let wanted = ["target".to_string()].into_iter().collect();
    let r = interleave::explore::fewest_preemptions(&Grid, &wanted, 10_000).unwrap();
    let (schedule, preemptions) = &r["target"];
    assert_eq!(*preemptions, 1);
    assert_eq!(schedule, &vec![0, 0, 0, 1, 1]);
}

#[test]
fn readable_traces_have_no_more_preemptions_than_bfs_ones() {
    for m in ["balance", "add_one", "abba_deadlock", "my_add_minu"] {
        let path = format!("{}/models/{m}.py", env!("CARGO_MANIFEST_DIR"));
        let r = interleave::check_file(&path, &interleave::Options::default()).unwrap();
        for f in &r.findings {
            let counted = f.trace.steps.iter().filter(|s| s.preemption).count() as u32;
            assert_eq!(counted, f.trace.preemptions);
            assert!(f.trace.preemptions <= 2, "{m}: {} preemptions", f.trace.preemptions);
        }
    }
}

#[test]
fn persistent_sets_shrink_the_models_and_keep_their_findings() {
    // Figures at the time of writing: semaphore 2,545 → 518 states,
    // teacher_students 1,411 → 584, abba_deadlock 167 → 92.
    for (m, at_most) in [("semaphore", 0.5), ("teacher_students", 0.6), ("abba_deadlock", 0.7)] {
        let path = format!("{}/models/{m}.py", env!("CARGO_MANIFEST_DIR"));
        let run = |por| interleave::check_file(&path, &interleave::Options { por, chains: false, ..interleave::Options::default() }).unwrap();
        let (reduced, full) = (run(true), run(false));
        assert_eq!(reduced.kinds(), full.kinds(), "{m}");
        assert!(
            (reduced.coverage.states as f64) <= at_most * full.coverage.states as f64,
            "{m}: {} states with POR, {} without",
            reduced.coverage.states,
            full.coverage.states
        );
    }
}

/// The persistent set at the state where main has started both workers
/// and ended (how many of the two workers' choices it keeps).
fn persistent_set_size_after_main(src: &str) -> usize {
    let (program, _) = interleave::compile("gen.py", src, &[]).unwrap();
    let vm = Vm::new(Arc::new(program));
    let checker = Checker::new(&vm);
    let mut found = Vec::new();
    let mut s = checker.initial(&mut found).unwrap();
    let mut choices = Vec::new();
    loop {
        checker.choices(&s, &mut choices);
        match choices.iter().find(|c| c.tid == 0) {
            Some(&c) => s = checker.step(&s, c, &mut found).unwrap().0,
            None => break,
        }
    }
    checker.choices(&s, &mut choices);
    assert_eq!(choices.iter().map(|c| c.tid).collect::<Vec<_>>(), vec![1, 2]);
    let effects: Vec<interleave::detect::Effects> = choices.iter().map(|&c| checker.step(&s, c, &mut found).unwrap().1).collect();
    let refs: Vec<&interleave::detect::Effects> = effects.iter().collect();
    let mut keep = Vec::new();
    checker.persistent(&s, &choices, &refs, &vec![false; choices.len()], &mut keep);
    keep.len()
}

/// `if box:` in a thread's first local run reads the list: the step that
/// starts the thread touched a container, so it is not independent of
/// another thread's `box.append`.
#[test]
fn a_truth_test_of_a_shared_list_is_a_read_of_it() {
    let src = "import threading
box = []
def producer():
    box.append(1)
def consumer():
    if box:
        assert False
a = threading.Thread(target=producer)
b = threading.Thread(target=consumer)
a.start()
b.start()
";
    let (with, _) = explore(src, true);
    let (without, _) = explore(src, false);
    assert_eq!(with, without);
    assert!(with.iter().any(|k| k.starts_with("assertion")), "{with:?}");
}

#[test]
fn a_step_on_another_global_does_not_bring_in_a_thread_that_never_touches_it() {
    // t0 writes `a` then `b`; t1 only ever writes `c`: one of them alone is
    // a persistent set.
    let src = "import threading\na = 0\nb = 0\nc = 0\n\
               def t0():\n    global a, b\n    a = 1\n    b = 1\n\
               def t1():\n    global c\n    c = 1\n    c = 2\n\
               x = threading.Thread(target=t0)\ny = threading.Thread(target=t1)\nx.start()\ny.start()\n";
    assert_eq!(persistent_set_size_after_main(src), 1, "independent threads: one of them alone is persistent");
    // With a shared global both are needed.
    let shared = src.replace("global c\n    c = 1\n    c = 2", "global a\n    a = 2\n    a = 3");
    assert_eq!(persistent_set_size_after_main(&shared), 2, "both threads write `a`: neither can go alone");
}

#[test]
fn a_loop_over_a_user_iterator_is_as_dependent_as_its_next() {
    // `__next__` reads and writes the shared `n`: the reader's `for` must
    // not be taken as a local step, or partial-order reduction would drop
    // the interleavings where the writer runs between two `__next__` calls.
    let src = "import threading\nn = 0\nseen = []\n\
               class Ticks:\n    def __iter__(self):\n        return self\n    def __next__(self):\n\
               \x20       global n\n        if n >= 2:\n            raise StopIteration\n        n += 1\n        return n\n\
               def reader():\n    for t in Ticks():\n        seen.append(t)\n\
               def writer():\n    global n\n    n = 5\n\
               b = threading.Thread(target=writer)\na = threading.Thread(target=reader)\n\
               b.start()\na.start()\na.join()\nb.join()\n";
    let (kinds_por, finals_por) = explore(src, true);
    let (kinds_all, finals_all) = explore(src, false);
    assert_eq!(kinds_por, kinds_all);
    assert_eq!(finals_por, finals_all);
    // n = 5 before, between or after the ticks; a lost update when the
    // writer lands between the read and the write of `n += 1`.
    assert!(finals_all.len() >= 3, "{finals_all:?}");
}

#[test]
fn list_extend_from_a_user_iterator_shows_each_append_to_other_threads() {
    // CPython's list.extend appends item by item, running `__next__` (model
    // code) between appends: a thread reading the shared list's length can
    // see it half extended, and partial-order reduction must keep that.
    let src = "import threading\nout = []\nseen = -1\n\
               class Two:\n    def __init__(self):\n        self.i = 0\n    def __iter__(self):\n        return self\n\
               \x20   def __next__(self):\n        if self.i == 2:\n            raise StopIteration\n        self.i += 1\n        return self.i\n\
               def filler():\n    out.extend(Two())\n\
               def watcher():\n    global seen\n    seen = len(out)\n\
               a = threading.Thread(target=filler)\nb = threading.Thread(target=watcher)\n\
               a.start()\nb.start()\na.join()\nb.join()\n";
    let (kinds_por, finals_por) = explore(src, true);
    let (kinds_all, finals_all) = explore(src, false);
    assert_eq!(kinds_por, kinds_all);
    assert_eq!(finals_por, finals_all);
    let seen: BTreeSet<String> = finals_all.iter().map(|f| f.split(',').find(|v| v.starts_with("seen=")).unwrap().to_string()).collect();
    assert_eq!(seen, ["seen=0", "seen=1", "seen=2"].iter().map(|s| s.to_string()).collect::<BTreeSet<_>>(), "{finals_all:?}");
}

#[test]
fn a_locking_decorator_guards_the_function_it_wraps() {
    // `@synchronized` wraps `bump` in `with lock:` (a closure over the
    // function): no lost update; a decorator that only passes the call on
    // leaves the race, found with and without partial-order reduction.
    let src = |body: &str| {
        format!(
            "import threading\nlock = threading.Lock()\ncount = 0\n\
             def synchronized(fn):\n    def wrapper(*args):\n{body}\n    return wrapper\n\
             @synchronized\ndef bump(n):\n    global count\n    count += n\n\
             def work():\n    bump(1)\n\
             a = threading.Thread(target=work)\nb = threading.Thread(target=work)\n\
             a.start()\nb.start()\na.join()\nb.join()\n"
        )
    };
    let locked = src("        with lock:\n            return fn(*args)");
    let (kinds, finals) = explore(&locked, true);
    assert!(kinds.iter().all(|k| !k.contains("lost-update")), "{kinds:?}");
    assert_eq!(finals.iter().map(|f| f.as_str()).collect::<Vec<_>>(), ["count=2"]);
    let plain = src("        return fn(*args)");
    for por in [true, false] {
        let (kinds, finals) = explore(&plain, por);
        assert!(kinds.iter().any(|k| k.contains("lost-update")), "{kinds:?}");
        assert!(finals.contains("count=1") && finals.contains("count=2"), "{finals:?}");
    }
}

#[test]
fn a_thread_reads_the_comprehension_variable_its_lambda_captured_as_it_is_then() {
    // The thread started in the first round runs `lambda: i * 10` while the
    // comprehension may already have moved `i` on: it reads 0 or 10, so
    // either thread can be the last to write `got` with either value.
    let src = "import threading\ngot = -1\n\
               def run(f):\n    global got\n    got = f()\n\
               def start(f):\n    t = threading.Thread(target=run, args=(f,))\n    t.start()\n    return t\n\
               ts = [start(lambda: i * 10) for i in range(2)]\n\
               for t in ts:\n    t.join()\n";
    let (kinds_por, finals_por) = explore(src, true);
    let (kinds_all, finals_all) = explore(src, false);
    assert_eq!(kinds_por, kinds_all);
    assert_eq!(finals_por, finals_all);
    assert_eq!(finals_all.iter().map(|f| f.as_str()).collect::<Vec<_>>(), ["got=0", "got=10"]);
}

#[test]
fn a_thread_class_defined_in_main_uses_main_s_lock() {
    // `Worker.run` is a closure over `main`'s `lock`: with it held around
    // the update there is no lost update; with a check of it that holds
    // nothing the race is found.
    let src = |guard: &str| {
        format!(
            "import threading\ntotal = 0\n\
             def main():\n    lock = threading.Lock()\n\
             \x20   class Worker(threading.Thread):\n        def run(self):\n            global total\n            {guard}:\n                total += 1\n\
             \x20   ws = [Worker(), Worker()]\n    for w in ws:\n        w.start()\n    for w in ws:\n        w.join()\n\
             main()\n"
        )
    };
    for por in [true, false] {
        let (kinds, finals) = explore(&src("with lock"), por);
        assert!(kinds.iter().all(|k| !k.contains("lost-update")), "{kinds:?}");
        assert_eq!(finals.iter().map(|f| f.as_str()).collect::<Vec<_>>(), ["total=2"]);
        let (kinds, finals) = explore(&src("if lock"), por);
        assert!(kinds.iter().any(|k| k.contains("lost-update")), "{kinds:?}");
        assert!(finals.contains("total=1"), "{finals:?}");
    }
}

#[test]
fn a_decorated_method_named_like_a_list_method_is_as_dependent_as_its_body() {
    // `b.append(1)` calls the wrapper a decorator made (a class attribute),
    // which updates the global `count`: the analysis must not take it for
    // `list.append`, or partial-order reduction would drop the lost update.
    let src = "import threading\ncount = 0\n\
               def passthrough(fn):\n    def wrapper(*args):\n        return fn(*args)\n    return wrapper\n\
               class Box:\n    @passthrough\n    def append(self, n):\n        global count\n        count += n\n\
               b = Box()\n\
               def work():\n    b.append(1)\n\
               x = threading.Thread(target=work)\ny = threading.Thread(target=work)\n\
               x.start()\ny.start()\nx.join()\ny.join()\n";
    let (kinds_por, finals_por) = explore(src, true);
    let (kinds_all, finals_all) = explore(src, false);
    assert_eq!(kinds_por, kinds_all);
    assert_eq!(finals_por, finals_all);
    assert!(finals_all.contains("count=1") && finals_all.contains("count=2"), "{finals_all:?}");
}

/// The locked counter with chains: a critical section (acquire, read,
/// write, release) runs as one chain, and main's busy-wait is a self-loop,
/// so the stored states are the pairs of loop counters (i, j) with the lock
/// free — (N+1)² of them, or the unordered pairs with symmetry — plus a few
/// from the start, while main starts the workers, the same for every N.
/// Without chains every step inside a critical section is a state too.
#[test]
fn chains_store_one_state_per_pair_of_loop_counters() {
    let path = format!("{}/models/add_one_locked.py", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let states = |n: u64, symmetry: bool, chains: bool| {
        let defines = vec![interleave::Define::Literal(1_000_000, n as i64)];
        let o = interleave::Options { defines, symmetry, chains, jobs: 1, ..interleave::Options::default() };
        let r = interleave::check_source(&path, &text, &o).unwrap();
        assert!(r.findings.is_empty() && r.coverage.complete);
        r.coverage.states
    };
    let pairs = |n: u64| (n + 1) * (n + 1);
    let unordered = |n: u64| (n + 1) * (n + 2) / 2;
    let start = states(3, false, true) - pairs(3);
    let start_sym = states(3, true, true) - unordered(3);
    assert!(start <= 4 && start_sym <= 4, "{start} / {start_sym} states beyond the pairs");
    for n in [5u64, 10] {
        assert_eq!(states(n, false, true), pairs(n) + start);
        assert_eq!(states(n, true, true), unordered(n) + start_sym);
        assert!(states(n, false, false) > 3 * pairs(n), "every step inside a critical section is stored without chains");
    }
}

#[test]
fn a_blocking_call_blocks_however_it_is_called() {
    // `lock.acquire(*args)`, a bound method called later, and keyword
    // arguments from a dict: each waits for the lock as `lock.acquire()`
    // does (they once ran straight through a held lock: a false
    // lost-update, and n = 1 as a final value).
    for acquire in ["lock.acquire(*args)", "acq = lock.acquire\n    acq()", "lock.acquire(**{'blocking': True})"] {
        let src = format!(
            "import threading\nlock = threading.Lock()\nargs = (True,)\nn = 0\ndef w():\n    global n\n    {acquire}\n    n += 1\n    lock.release()\n\
             a = threading.Thread(target=w)\nb = threading.Thread(target=w)\na.start()\nb.start()\n"
        );
        let (keys, finals) = explore(&src, true);
        assert_eq!(keys, Vec::<String>::new(), "{acquire}");
        assert_eq!(finals, BTreeSet::from(["n=2".to_string()]), "{acquire}");
        assert_eq!(explore(&src, false), (keys, finals), "{acquire}");
    }
    // Two-phase waits called these ways park and are woken again: with
    // the event never set, the waiter hangs; set, everything ends.
    for (wait, set) in [("w = ev.wait\n    w()", ""), ("ev.wait(*())", ""), ("w = ev.wait\n    w()", "ev.set()\n"), ("ev.wait(**{})", "ev.set()\n")] {
        let src = format!(
            "import threading\nev = threading.Event()\ndone = 0\ndef waiter():\n    global done\n    {wait}\n    done = 1\n\
             t = threading.Thread(target=waiter)\nt.start()\n{set}"
        );
        let (keys, finals) = explore(&src, true);
        if set.is_empty() {
            assert!(keys.iter().any(|k| k.contains("hang") || k.contains("deadlock")), "{wait}: {keys:?}");
        } else {
            assert_eq!((keys, finals), (Vec::<String>::new(), BTreeSet::from(["done=1".to_string()])), "{wait}");
        }
    }
}

#[test]
fn two_reads_of_the_clock_in_either_order_give_either_values() {
    // The clock is shared state when its values are kept: the reads once
    // touched nothing, so partial-order reduction explored one order only
    // and `assert a < b` was proved.
    let src = "import threading, time\na = 0\nb = 0\ndef f():\n    global a\n    a = int(time.time()) - 1700000000\n\
               def g():\n    global b\n    b = int(time.time()) - 1700000000\n\
               t1 = threading.Thread(target=f)\nt2 = threading.Thread(target=g)\nt1.start()\nt2.start()\n";
    let (keys, finals) = explore(src, true);
    assert_eq!(finals, BTreeSet::from(["a=0,b=1".to_string(), "a=1,b=0".to_string()]));
    assert_eq!(explore(src, false), (keys, finals));
}

#[test]
fn two_threads_showing_new_objects_in_either_order_give_either_addresses() {
    // A default repr shows the object's id, given when it is first shown:
    // which object gets the lower address depends on the order, so partial-
    // order reduction must not keep one order only.
    // (Addresses 0x7f0000000000 and 0x7f0000000010: the digit before the
    // last tells them apart.)
    let src = "import threading\nclass Box:\n    pass\noa = None\nob = None\na = -1\nb = -1\n\
               def f():\n    global oa, a\n    oa = Box()\n    a = int(repr(oa)[-3])\n\
               def g():\n    global ob, b\n    ob = Box()\n    b = int(f'{ob}'[-3])\n\
               t1 = threading.Thread(target=f)\nt2 = threading.Thread(target=g)\nt1.start()\nt2.start()\n";
    let (keys, finals) = explore(src, true);
    assert_eq!(finals, BTreeSet::from(["a=0,b=1".to_string(), "a=1,b=0".to_string()]));
    assert_eq!(explore(src, false), (keys, finals));
}

#[test]
fn a_dead_clock_makes_printing_the_time_forever_a_finite_search() {
    // Tutorial 004's clock: the times only reach printed text, so they do
    // not tell states apart; kept, they do, and the loop never closes.
    let looped = "import threading, time\ndef clock():\n    while True:\n        print('The time is %s' % time.ctime())\n        time.sleep(1)\n\
                  t = threading.Thread(target=clock)\nt.start()\nwhile True:\n    print('sleeping')\n    time.sleep(1)\n";
    let kept = looped.replace("print('The time is %s' % time.ctime())", "now = time.ctime()\n        print(now)");
    let check = |src: &str, dead_vars: bool| {
        let options = interleave::Options { max_states: 5_000, dead_vars, ..interleave::Options::default() };
        interleave::check_source("clock.py", src, &options).expect("compiles").coverage
    };
    let dead = check(looped, true);
    assert!(dead.complete && dead.states < 20, "{dead:?}");
    assert!(!check(looped, false).complete);
    assert!(!check(&kept, true).complete);
}

#[test]
fn a_schedule_through_printed_clock_reads_replays_whatever_the_reductions() {
    // A clock read is one step with its print with or without the
    // dead-variable reduction, so the schedule of either search replays.
    let src = "import threading, time\nx = 0\ndef w():\n    global x\n    print('at', time.ctime())\n    x = x + 1\n\
               a = threading.Thread(target=w)\nb = threading.Thread(target=w)\na.start()\nb.start()\n";
    for dead_vars in [true, false] {
        let options = interleave::Options { dead_vars, ..interleave::Options::default() };
        let r = interleave::check_source("clock.py", src, &options).unwrap();
        assert_eq!(r.kinds(), vec![interleave::Kind::LostUpdate], "dead_vars {dead_vars}");
        let f = &r.findings[0];
        let replayed = interleave::replay_source("clock.py", src, &f.schedule, &[]).expect("replays");
        assert_eq!(interleave::report::render_trace(&replayed), interleave::report::render_trace(&f.trace), "dead_vars {dead_vars}");
    }
}

/// The variables a program's tally operations name (`lang/printed.rs`).
fn tallies(src: &str) -> Vec<String> {
    use interleave::ir::Op;
    let (p, _) = interleave::compile("tally.py", src, &[]).expect("compiles");
    let mut names: Vec<String> = p
        .functions
        .iter()
        .flat_map(|f| f.code.iter().map(move |op| (f, *op)))
        .filter_map(|(f, op)| match op {
            Op::StoreLocalTally(s) => Some(p.name(f.local_names[s as usize]).to_string()),
            Op::StoreGlobalTally(g) => Some(p.global_name(g).to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn a_tally_is_an_integer_only_moved_by_constants_and_printed() {
    for (counted, name) in [
        ("i = 0\nwhile True:\n    print('{0}***'.format(i))\n    i += 1", "i"),
        ("i = 0\nprint(i)\ni = i + 1\nprint(f'{i:>4} rounds', 'and', str(i - 1))\ni -= 2\ni = -1", "i"),
        ("def f():\n    n = 0\n    for k in range(3):\n        n += 1\n        print('%d done' % n, n > 2, -n)\nf()", "n"),
        ("x = 1\ni = 0\nprint(i if x else 0)\ni += 1", "i"),
    ] {
        assert_eq!(tallies(counted), vec![name.to_string()], "{counted}");
    }
    for kept in [
        "i = 0\nif i:\n    pass",
        "i = 0\nl = [i]",
        "i = 0\ni += 1\nassert i",
        "i = 0.5\nprint(i)",
        "i = 0\ni *= 2\nprint(i)",
        "i = 0\ni += 1\ni = i + i\nprint(i)",
        "i = 0\nprint('%c' % i)",
        "i = 0\nprint('%*d' % (i, 1))",
        "i = 0\nprint('{:c}'.format(i))",
        "i = 0\nprint(f'{i:c}')",
        "i = 0\nprint(f'{1:{i}}')",
        "i = 0\nprint(1 / (i + 1))",
        "i = 0\nprint(i or 5)",
        "i = 0\nprint('x' * i)",
        "i = 0\nprint(len(str(i)))",
        "i = 0\nfor i in range(3):\n    print(i)",
        "i = 0\ndef f():\n    print(i)\nprint(i)",
        "i = 0\ndef g():\n    global i\n    i += 1\nprint(i)",
        "def f(n):\n    n += 1\n    print(n)\nf(1)",
        "def f():\n    i = 0\n    del i\nf()",
        "i = 0\ntry:\n    pass\nexcept Exception as i:\n    pass\nprint(i)",
        "class C:\n    def __add__(self, o):\n        return o\ni = 0\nprint(C() + i)",
        "class C:\n    def __contains__(self, o):\n        return True\ni = 0\nprint(i in C())",
        "def f():\n    n = 0\n    def g():\n        print(n)\n    n += 1\n    g()\nf()",
    ] {
        assert!(tallies(kept).is_empty(), "{kept}: {:?}", tallies(kept));
    }
}

/// A program's text locals, and whether it has a print-only queue (an
/// item got from one is unmarked: `Op::FromText`), `lang/printed.rs`.
fn texts(src: &str) -> (Vec<String>, bool) {
    use interleave::ir::Op;
    let (p, _) = interleave::compile("texts.py", src, &[]).expect("compiles");
    let mut names: Vec<String> = p
        .functions
        .iter()
        .flat_map(|f| f.code.iter().map(move |op| (f, *op)))
        .filter_map(|(f, op)| match op {
            Op::StoreLocalText(s) => Some(format!("{}.{}", f.name, p.name(f.local_names[s as usize]))),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    let queue = p.functions.iter().any(|f| f.code.contains(&Op::FromText));
    (names, queue)
}

#[test]
fn messages_only_printed_are_text_locals_and_print_only_queues() {
    let producer = "def producer():\n    n = 0\n    for k in range(3):\n        n = n + 1\n        msg = 'item ' + str(n)\n        q.put(msg)\n";
    let printed = (vec!["producer.msg".to_string(), "producer.n".to_string()], true);
    for consumer in [
        "def consumer():\n    while True:\n        print('got', q.get())\n",
        "def consumer():\n    while q.qsize() > 0:\n        m = 'got ' + q.get(timeout=1)\n        print(m)\n",
        "def consumer():\n    while not q.empty():\n        print(f'{q.get_nowait():>8}')\n",
    ] {
        for made in ["import queue\nq = queue.Queue()\n", "import queue\nq = queue.LifoQueue(5)\n", "from queue import Queue\nq = Queue()\n"] {
            let src = format!("{made}{producer}{consumer}");
            let mut want = printed.clone();
            want.0.extend(consumer.contains("m = ").then(|| "consumer.m".to_string()));
            want.0.sort();
            assert_eq!(texts(&src), want, "{src}");
        }
    }
    // Tutorial 004's shape: the global that held the module holds the queue.
    let shadowed = format!("import queue\nqueue = queue.Queue()\n{}def c():\n    print(queue.get())\n", producer.replace("q.", "queue."));
    assert_eq!(texts(&shadowed), printed, "{shadowed}");
    // An item used otherwise, a queue that escapes or orders its items, a
    // message read otherwise: the values tell states apart as usual.
    for kept in [
        "import queue\nq = queue.Queue()\nPRODUCER def c():\n    if q.get() == 'item 1':\n        print('one')\n",
        "import queue\nq = queue.Queue()\nPRODUCER def c():\n    item = q.get()\n    return item\n",
        "import queue\nq = queue.Queue()\nPRODUCER def c(box):\n    print(box.get())\nc(q)\n",
        "import queue\nq = queue.PriorityQueue()\nPRODUCER def c():\n    print(q.get())\n",
        "import multiprocessing\nq = multiprocessing.Queue()\nPRODUCER def c():\n    print(q.get())\n",
        "import queue\nq = queue.Queue()\nq = [1]\nPRODUCER def c():\n    print(q.get())\n",
        "import queue\nq = queue.Queue()\nPRODUCER def c():\n    f = q.get\n    print(f())\n",
        "import queue\nq = queue.Queue()\nPRODUCER def c():\n    print(q.get())\nclass C:\n    def __add__(self, o):\n        return o\n",
    ] {
        let src = kept.replace("PRODUCER ", producer);
        let (_, queue) = texts(&src);
        assert!(!queue, "{src}");
    }
    for kept in [
        "def f():\n    msg = 'a' + str(1)\n    return msg\nf()\n",
        "def f():\n    msg = 'a'\n    if msg:\n        print(msg)\nf()\n",
        "def f():\n    msg = 'a'\n    msg += 'b'\n    print(msg)\nf()\n",
        "def f(msg):\n    msg = 'a'\n    print(msg)\nf(1)\n",
        "def f():\n    msg = 'a'\n    print(len(msg))\nf()\n",
        "def f():\n    msg = 'a'\n    def g():\n        print(msg)\n    g()\nf()\n",
    ] {
        assert_eq!(texts(kept).0, Vec::<String>::new(), "{kept}");
    }
}

#[test]
fn numbered_messages_printed_forever_leave_the_search_finite_and_traces_print_their_numbers() {
    // Tutorial 004's producers number their messages forever and the
    // consumers only print them: with the dead-variable reduction neither
    // the numbers nor the queue's items tell states apart and the search
    // ends; without it, it cannot. A trace prints its own path's messages.
    let src = "import threading, queue\nq = queue.Queue(2)\ndone = False\n\
               def producer():\n    n = 0\n    while True:\n        n = n + 1\n        msg = 'item ' + str(n)\n        q.put(msg)\n\
               def consumer():\n    global done\n    while True:\n        m = 'got ' + q.get()\n        print(m)\n        done = True\n\
               threading.Thread(target=producer).start()\nthreading.Thread(target=consumer).start()\n";
    let check = |dead_vars: bool| {
        let options = interleave::Options { dead_vars, max_states: 3000, ..interleave::Options::default() };
        interleave::check_source("texts.py", src, &options).expect("compiles")
    };
    let r = check(true);
    assert!(r.coverage.complete && r.findings.is_empty(), "{:?}", r.coverage);
    assert!(r.notes.iter().any(|n| n.contains("never ends")), "{:?}", r.notes);
    assert!(!check(false).coverage.complete);
    // Every item is got in the order put, with its own number.
    let run = interleave::run_source("texts.py", src, &[], 400).expect("runs");
    assert!(run.output.starts_with("got item 1\ngot item 2\ngot item 3\n"), "{}", run.output);
}

#[test]
fn a_printed_round_counter_leaves_a_loop_forever_finite_and_traces_print_its_counts() {
    // Tutorial 004's Timer program counts its rounds forever: with the
    // dead-variable reduction the count tells no states apart and the search
    // ends; without it, it cannot. A trace still prints the counts of its
    // own path, and replays.
    let forever = "import threading, time\ndef func():\n    print('running')\n\
                   t = threading.Timer(6, func)\nt.start()\ni = 0\nwhile True:\n    print('{0}***'.format(i))\n    time.sleep(3)\n    i += 1\n";
    let check = |src: &str, dead_vars: bool| {
        let options = interleave::Options { dead_vars, max_states: 3000, ..interleave::Options::default() };
        interleave::check_source("tally.py", src, &options).expect("compiles")
    };
    let r = check(forever, true);
    assert!(r.coverage.complete && r.coverage.states < 40 && r.findings.is_empty(), "{:?}", r.coverage);
    // Kept in every state, the count is what the stopped search says grew.
    let kept = check(forever, false);
    assert!(!kept.coverage.complete);
    assert_eq!(kept.coverage.growing.iter().map(|g| g.quantity.as_str()).collect::<Vec<_>>(), ["`i`"]);
    let spins = "import threading\ndone = False\ndef w():\n    global done\n    done = True\n\
                 t = threading.Thread(target=w)\nt.start()\ni = 0\nwhile not done:\n    print('round %d' % i)\n    i += 1\n\
                 print(f'after {i} rounds')\nassert not done\n";
    let r = check(spins, true);
    assert!(r.coverage.complete, "{:?}", r.coverage);
    assert_eq!(r.kinds(), vec![interleave::Kind::Assertion]);
    // Every path of the spin is searched: the worker may set `done` after
    // any number of rounds, and the schedule through two rounds prints both.
    let two_rounds = interleave::replay_source("tally.py", spins, "0x6,1,0x3", &[]).expect("replays");
    assert!(two_rounds.output.contains("round 0\nround 1\nafter 2 rounds\n"), "{}", two_rounds.output);
    let f = &r.findings[0];
    let replayed = interleave::replay_source("tally.py", spins, &f.schedule, &[]).expect("replays");
    assert_eq!(interleave::report::render_trace(&replayed), interleave::report::render_trace(&f.trace));
}

#[test]
fn the_clock_is_observed_unless_its_values_only_reach_printed_text() {
    let observed = |body: &str| {
        let src = format!("import time\nfrom time import ctime\nstart = 0\n{body}\n");
        interleave::compile("clock.py", &src, &[]).expect("compiles").0.clock_observed
    };
    for dead in [
        "print(time.time())",
        "print('The time is %s' % ctime())",
        "print(f'{time.time():.1f} s', end='')",
        "print('%s %s' % ('t', time.ctime(time.time())))",
        "print(str(time.time() - time.time()))",
        "x = 1\nprint(x if x else time.ctime())",
    ] {
        assert!(!observed(dead), "{dead}");
    }
    for kept in [
        "start = time.time()",
        "now = time.time\nprint(now())",
        "class C:\n    def __radd__(self, o):\n        return o\nprint(C() + time.time())",
        "print(1 / (time.time() - 1700000005.0))",
        "print(time.ctime(time.time() * 1e12))",
        "print(time.ctime() if time.time() > 5 else '')",
        "print(len(time.ctime()))",
        "print(time.ctime().upper())",
        "l = [time.time()]",
    ] {
        assert!(observed(kept), "{kept}");
    }
}

/// `Model::step_in_chain` must say a step may have come back whenever it
/// did (the chain then builds the state before to tell, and a missed one
/// would chain on through a self-loop): checked on every step from every
/// state of a program whose main thread spins on a flag while a worker
/// appends in a loop of one visible step (back at the same place with other
/// locals each time, which is no coming back).
#[test]
fn a_step_that_came_back_is_told_by_step_in_chain() {
    let src = "import threading\nitems = []\ndone = False\ndef w():\n    global done\n    for i in range(3):\n        items.append(i)\n    done = True\n\
               t = threading.Thread(target=w)\nt.start()\nwhile not done:\n    pass\nprint(len(items))\n";
    let (program, _) = interleave::compile("gen.py", src, &[]).unwrap();
    let vm = Vm::new(Arc::new(program));
    let checker = Checker::new(&vm);
    let mut found = Vec::new();
    let mut todo = vec![checker.initial(&mut found).unwrap()];
    let mut seen = std::collections::HashSet::new();
    let (mut back, mut told, mut steps) = (0, 0, 0);
    let mut choices = Vec::new();
    while let Some(s) = todo.pop() {
        if !seen.insert(interleave::explore::fingerprint(&s)) {
            continue;
        }
        checker.choices(&s, &mut choices);
        for &c in &choices.clone() {
            let mut t = s.clone();
            let (_, maybe_back) = checker.step_in_chain(&mut t, c, &mut Vec::new(), &mut found).unwrap();
            let came_back = checker.same_state(&s, &t);
            assert!(maybe_back || !came_back, "a step that came back was not told");
            (back, told, steps) = (back + came_back as u32, told + maybe_back as u32, steps + 1);
            todo.push(t);
        }
    }
    // More than once: the first from a place is told by where the thread
    // is, the later ones by a hash of it (`detect/loop_places.rs`).
    assert!(back > 1, "main's spin comes back ({back})");
    assert!(told < steps, "{told} of {steps} steps told as maybe back");
}
