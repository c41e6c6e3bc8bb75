//! What a model can end with, over every interleaving and every random
//! outcome: the set of final values of a global, compared with what CPython
//! can produce. Also: a lost update through a closure's cell, and replaying
//! a schedule that contains a random outcome.

#[path = "support/finals.rs"]
mod finals;

use finals::Finals;
use interleave::explore::{Limits, explore_bfs};
use interleave::vm::Vm;
use interleave::{Kind, Options, check_source, replay_source};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Every final value of `names` (space-separated reprs), with and without
/// partial-order reduction (they must agree).
fn finals(src: &str, names: &[&str]) -> BTreeSet<String> {
    // The model's own `# define:` header applies.
    let (program, _) = interleave::compile("m.py", src, &[]).expect("compiles");
    // Dead-variable reduction merges final states that differ only in
    // globals nothing reads again, which is what this test observes.
    let vm = Vm::with_reductions(Arc::new(program), false, true);
    let globals: Vec<u32> = names
        .iter()
        .map(|n| (0..vm.program.globals.len() as u32).find(|&g| vm.program.global_name(g) == *n).expect("global"))
        .collect();
    let mut results = Vec::new();
    for por in [true, false] {
        let globals = globals.clone();
        let m = Finals::new(&vm, move |vm, s| {
            let vals: Vec<String> = globals.iter().map(|&g| vm.repr(s, &s.globals[g as usize])).collect();
            vals.join(" ")
        });
        let out = explore_bfs(&m, &Limits { por, chains: por, ..Limits::default() }).expect("explores");
        assert!(out.coverage.complete);
        results.push(m.finals.into_inner().unwrap());
    }
    assert_eq!(results[0], results[1], "partial-order reduction changed the final values");
    results.pop().unwrap()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn random_calls_reach_exactly_cpythons_outcomes() {
    let src = "import random\nrandom.seed(42)\nx = random.randint(1, 3)\ny = random.choice('ab')\n";
    assert_eq!(finals(src, &["x", "y"]), set(&["1 'a'", "1 'b'", "2 'a'", "2 'b'", "3 'a'", "3 'b'"]));
    let src = "import random\nr = random.randrange(0, 10, 5)\ns = random.randrange(3)\n";
    assert_eq!(finals(src, &["r", "s"]), set(&["0 0", "0 1", "0 2", "5 0", "5 1", "5 2"]));
    let src = "import random\nl = [1, 2, 3]\nrandom.shuffle(l)\n";
    let perms = set(&["[1, 2, 3]", "[1, 3, 2]", "[2, 1, 3]", "[2, 3, 1]", "[3, 1, 2]", "[3, 2, 1]"]);
    assert_eq!(finals(src, &["l"]), perms);
    let src = "import random\ns = random.sample(range(4), 2)\n";
    let pairs = finals(src, &["s"]);
    assert_eq!(pairs.len(), 12, "{pairs:?}");
    assert!(pairs.contains("[3, 0]") && pairs.contains("[0, 3]") && !pairs.contains("[1, 1]"));
    // A random value read by another thread: both orders and every value.
    let src = r#"import random, threading
v = 0
seen = None
def w():
    global v
    v = random.randint(1, 2)
def r():
    global seen
    seen = v
t = threading.Thread(target=w)
u = threading.Thread(target=r)
t.start()
u.start()
t.join()
u.join()
"#;
    assert_eq!(finals(src, &["v", "seen"]), set(&["1 0", "1 1", "2 0", "2 2"]));
}

#[test]
fn set_print_list_prints_zeros_then_ones() {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/set_print_list.py")).unwrap();
    // The model's own define (10=4): 4 elements.
    let printed = finals(&src, &["printed"]);
    assert_eq!(printed, set(&["[0, 0, 0, 0]", "[0, 0, 0, 1]", "[0, 0, 1, 1]", "[0, 1, 1, 1]", "[1, 1, 1, 1]"]));
}

const CLOSURE_COUNTER: &str = r#"import threading
def main():
    count = 0
    def work():
        nonlocal count
        count += 1
    ts = [threading.Thread(target=work) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    global result
    result = count
result = None
main()
"#;

#[test]
fn a_closure_cell_shared_by_threads_loses_updates() {
    assert_eq!(finals(CLOSURE_COUNTER, &["result"]), set(&["1", "2"]));
    let report = check_source("m.py", CLOSURE_COUNTER, &Options::default()).unwrap();
    let lost = report.findings.iter().find(|f| f.kind == Kind::LostUpdate).expect("a lost update");
    assert!(lost.message.contains("count"), "{}", lost.message);
    // With a lock, no update is lost.
    let locked = CLOSURE_COUNTER
        .replace("    count = 0\n", "    count = 0\n    lock = threading.Lock()\n")
        .replace("        count += 1\n", "        with lock:\n            count += 1\n");
    assert_eq!(finals(&locked, &["result"]), set(&["2"]));
    assert!(check_source("m.py", &locked, &Options::default()).unwrap().findings.is_empty());
}

#[test]
fn closures_see_the_current_value_across_threads() {
    // Late binding: the thread's lambda reads the cell when it runs, so it
    // sees 1 or 2 depending on the interleaving (the cell is shared: main
    // writes it after the closure exists).
    let src = r#"import threading
seen = None
def main():
    x = 1
    def look():
        global seen
        seen = x
    t = threading.Thread(target=look)
    t.start()
    x = 2
    t.join()
main()
"#;
    assert_eq!(finals(src, &["seen"]), set(&["1", "2"]));
    // A cell only one thread uses is folded: same values, no finding.
    let src = r#"import threading
out = None
def work():
    total = 0
    def add(k):
        nonlocal total
        total += k
    for i in range(3):
        add(i)
    global out
    out = total
t = threading.Thread(target=work)
t.start()
t.join()
"#;
    assert_eq!(finals(src, &["out"]), set(&["3"]));
}

#[test]
fn a_schedule_with_random_outcomes_replays() {
    let src = r#"import random, threading
total = 0
lock = threading.Lock()
def work():
    global total
    v = random.randint(1, 3)
    with lock:
        total += v
ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert total != 6, total
"#;
    let report = check_source("m.py", src, &Options::default()).unwrap();
    let f = report.findings.iter().find(|f| f.kind == Kind::Assertion).expect("total can be 6");
    // Both threads drew 3 (outcome 2): the schedule says so.
    assert_eq!(f.schedule.matches("=2").count(), 2, "{}", f.schedule);
    let steps: Vec<String> = f.trace.steps.iter().flat_map(|s| s.effects.iter()).map(|e| format!("{e:?}")).collect();
    assert_eq!(steps.iter().filter(|e| e.contains("random.randint(1, 3) → 3")).count(), 2, "{steps:?}");
    let trace = replay_source("m.py", src, &f.schedule, &[]).unwrap();
    assert_eq!(trace.steps.len(), f.trace.steps.len());
    assert!(trace.steps.iter().filter(|s| s.outcome == 2).count() == 2);
    // The same schedule with outcome 0 instead does not end in the
    // assertion (one step shorter: the assert's message is not evaluated).
    let mut choices = interleave::report::parse_schedule(&f.schedule.replace("=2", "")).unwrap();
    choices.pop();
    let other = interleave::report::format_schedule(&choices);
    let t2 = replay_source("m.py", src, &other, &[]).unwrap();
    let total = t2.final_state.iter().find(|v| v.name == "total").map(|v| v.value.clone());
    assert_eq!(total.as_deref(), Some("2"));
    // An outcome the call does not have is refused.
    assert!(replay_source("m.py", src, &f.schedule.replacen("=2", "=7", 1), &[]).is_err());
}

#[test]
fn random_walks_pick_among_outcomes() {
    let src = "import random\nx = random.randint(1, 4)\nassert x != 4\n";
    for mode in [
        interleave::Mode::Random { schedules: 64, seed: 1 },
        interleave::Mode::Pct { depth: 2, schedules: 64, seed: 1 },
        interleave::Mode::Bounded { preemptions: 0 },
    ] {
        let report = check_source("m.py", src, &Options { mode: mode.clone(), ..Options::default() }).unwrap();
        assert!(report.findings.iter().any(|f| f.kind == Kind::Assertion), "{mode:?} never drew 4");
    }
}

const LIST_ITEM_COUNTER: &str = "import threading
counts = [0, 0]
result = None
def work():
    counts[0] += 1
ts = [threading.Thread(target=work) for i in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
result = counts[0]
";

#[test]
fn an_item_of_a_shared_list_loses_updates() {
    // `counts[0] += 1` reads the item and writes it back in two steps, as
    // CPython's BINARY_SUBSCR and STORE_SUBSCR: both threads can read 0.
    assert_eq!(finals(LIST_ITEM_COUNTER, &["result"]), set(&["1", "2"]));
    let report = check_source("m.py", LIST_ITEM_COUNTER, &Options::default()).unwrap();
    let lost = report.findings.iter().find(|f| f.kind == Kind::LostUpdate).expect("a lost update");
    assert!(lost.message.contains("counts[0]"), "{}", lost.message);
    // Each thread writing its own item loses nothing.
    let own = LIST_ITEM_COUNTER.replace("def work():\n    counts[0] += 1", "def work(i):\n    counts[i] += 1").replace(
        "threading.Thread(target=work)",
        "threading.Thread(target=work, args=(i,))",
    );
    assert!(check_source("m.py", &own, &Options::default()).unwrap().findings.is_empty());
}

const DICT_ENTRY_COUNTER: &str = "import threading
counts = {'a': 0, 'b': 0}
result = None
def work(key):
    counts[key] += 1
ts = [threading.Thread(target=work, args=(k,)) for k in KEYS]
for t in ts:
    t.start()
for t in ts:
    t.join()
result = counts['a']
";

#[test]
fn an_entry_of_a_shared_dict_loses_updates() {
    // `counts[key] += 1` reads the entry and writes it back in two steps,
    // as CPython's BINARY_SUBSCR and STORE_SUBSCR: both threads can read 0.
    let same = DICT_ENTRY_COUNTER.replace("KEYS", "['a', 'a']");
    assert_eq!(finals(&same, &["result"]), set(&["1", "2"]));
    let report = check_source("m.py", &same, &Options::default()).unwrap();
    let lost = report.findings.iter().find(|f| f.kind == Kind::LostUpdate).expect("a lost update");
    assert!(lost.message.contains("counts['a']"), "{}", lost.message);
    // Threads counting different keys lose nothing; a key written as 1.0
    // and as 1 is one entry.
    let own = DICT_ENTRY_COUNTER.replace("KEYS", "['a', 'b']");
    assert_eq!(finals(&own, &["result"]), set(&["1"]));
    assert!(check_source("m.py", &own, &Options::default()).unwrap().findings.is_empty());
    let numeric = same.replace("{'a': 0, 'b': 0}", "{1: 0}").replace("['a', 'a']", "[1, 1.0]").replace("counts['a']", "counts[1]");
    assert_eq!(check_source("m.py", &numeric, &Options::default()).unwrap().kinds(), vec![Kind::LostUpdate]);
}
