//! Bad input never panics and never hangs: it gets one clear message with
//! `file:line:col`, and the CLI exits with status 2.

use interleave::{Define, ErrorKind, Options, check_source};
use std::process::Command;

fn err(src: &str) -> interleave::Error {
    match check_source("m.py", src, &Options::default()) {
        Ok(r) => panic!("expected an error for {src:?}, got a report with {} findings", r.findings.len()),
        Err(e) => e,
    }
}

fn expect(src: &str, kind: ErrorKind, line: u32, col: u32, needle: &str) {
    let e = err(src);
    assert_eq!(e.kind, kind, "{src:?}: {e}");
    let span = e.span.unwrap_or_else(|| panic!("{src:?}: no location in {e}"));
    assert_eq!((span.line, span.col), (line, col), "{src:?}: {e}");
    let text = e.to_string();
    assert!(text.starts_with(&format!("m.py:{line}:{col}: ")), "{text}");
    assert!(text.contains(needle), "{src:?}: {text} lacks {needle:?}");
}

#[test]
fn syntax_errors_have_a_location() {
    expect("x = 1\ndef f(:\n    pass\n", ErrorKind::Syntax, 2, 7, "");
    expect("x = (1,\n", ErrorKind::Syntax, 2, 1, "");
    expect("return 5\n", ErrorKind::Syntax, 1, 1, "'return' outside function");
    expect("break\n", ErrorKind::Syntax, 1, 1, "'break' outside loop");
}

#[test]
fn unsupported_constructs_are_named() {
    expect("async def f():\n    pass\n", ErrorKind::Unsupported, 1, 1, "async");
    expect("@staticmethod\ndef f():\n    pass\n", ErrorKind::Unsupported, 1, 2, "outside a class body");
    expect("a, *b, *c = [1, 2]\n", ErrorKind::Syntax, 1, 1, "multiple starred expressions in assignment");
    expect(
        "import threading\ndef d(f):\n    return f\nclass T(threading.Thread):\n    @d\n    def run(self):\n        pass\n",
        ErrorKind::Unsupported,
        6,
        5,
        "`run` method of a Thread",
    );
    expect("def d(f):\n    return f\nclass C:\n    @d\n    def __init__(self):\n        pass\n", ErrorKind::Unsupported, 5, 5, "special method");
    expect("def d(f):\n    return f\nclass C:\n    @staticmethod\n    @d\n    def m():\n        pass\n", ErrorKind::Unsupported, 4, 6, "together with other decorators");
    expect("import threading\nx = threading.Frobnicate()\n", ErrorKind::Unsupported, 2, 5, "threading.Frobnicate");
    expect("from threading import Nope\n", ErrorKind::Unsupported, 1, 1, "threading.Nope");
    expect("x = 10 ** 40\ny = 100000000000000000000000\n", ErrorKind::Unsupported, 2, 5, "64 bits");
}

#[test]
fn host_access_is_refused() {
    expect("import os\nos.system('ls')\n", ErrorKind::Unsupported, 2, 1, "never touches the host");
    expect("import sys\nprint(sys.argv)\n", ErrorKind::Unsupported, 2, 7, "never touches the host");
    expect("import subprocess\n", ErrorKind::Unsupported, 1, 1, "never touches the host");
    expect("import socket\n", ErrorKind::Unsupported, 1, 1, "never touches the host");
    expect("f = open('/etc/passwd')\n", ErrorKind::Unsupported, 1, 5, "never touches the host");
    expect("eval('1')\n", ErrorKind::Unsupported, 1, 1, "never touches the host");
}

#[test]
fn undefined_names_are_refused_before_exploring() {
    expect("def f():\n    return nope + 1\n", ErrorKind::Name, 2, 12, "name 'nope' is not defined");
}

#[test]
fn runtime_unsupported_and_huge_loops_stop_with_a_location() {
    expect("import threading\nl = threading.Lock()\nl.frobnicate()\n", ErrorKind::Model, 3, 1, "frobnicate");
    // `l += it` does not call a user iterator's `__next__` yet: refused, not a wrong TypeError.
    expect(
        "class C:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        raise StopIteration\nl = []\nl += C()\n",
        ErrorKind::Model,
        7,
        1,
        "as an iterable is not supported",
    );
    expect("class C:\n    pass\nf = frozenset([C()])\n", ErrorKind::Model, 3, 5, "frozenset holding objects");
    // A model's `__str__`/`__repr__` runs for print, str, repr and plain
    // f-string fields; formatting that would run it otherwise is refused,
    // not shown as the default repr.
    let text = "class P:\n    def __repr__(self):\n        return 'P'\n    def __str__(self):\n        return 'p'\np = P()\n";
    expect(&format!("{text}s = '%s!' % p\n"), ErrorKind::Model, 7, 5, "runs the model's __str__ or __repr__");
    expect(&format!("{text}s = '{{}}'.format([p])\n"), ErrorKind::Model, 7, 5, "runs the model's __str__ or __repr__");
    expect(&format!("{text}s = f'{{p:>4}}'\n"), ErrorKind::Model, 7, 5, "runs the model's __str__ or __repr__");
    // A class in a function, its methods closures over the function's
    // variables: one class per run of its `class` statement is modelled.
    expect(
        "class C:\n    def m(self):\n        class D:\n            def n(s):\n                return self\n        return D\nc = C()\nc.m()\nc.m()\n",
        ErrorKind::Model,
        3,
        9,
        "made a second time",
    );
    expect("n = 0\nwhile n >= 0:\n    n = n + 1\n", ErrorKind::Model, 2, 7, "local loop");
    // A count nothing but its own update reads (a tally) leaves the loop a
    // loop forever, which is what it is: not an error.
    let forever = check_source("m.py", "n = 0\nwhile True:\n    n = n + 1\n", &Options::default()).expect("checks");
    assert!(forever.findings.is_empty() && forever.coverage.complete);
    assert!(forever.notes.iter().any(|n| n.contains("loops forever at line 3")), "{:?}", forever.notes);
    expect("x = 2 ** 62\ny = x * 4\n", ErrorKind::Model, 2, 5, "64 bits");
    // Values that would exhaust memory stop with a message, not an OOM.
    expect("x = [0] * 10**9\n", ErrorKind::Model, 1, 5, "too large to model");
    expect("x = [1]\nfor i in range(40):\n    x += x\n", ErrorKind::Model, 3, 5, "too large to model");
    expect("s = 'ab'\nwhile True:\n    s = s + s\n", ErrorKind::Model, 3, 9, "too large to model");
}

/// CPython orders a set of str (or None, or objects) by hashes that change
/// from run to run: a use that shows the order is refused, with why and
/// what to do instead; uses that do not show it run.
#[test]
fn order_dependent_uses_of_a_set_of_strings_are_refused() {
    let why = "varies between CPython runs";
    expect("s = {'a', 'b'}\nfor x in s:\n    pass\n", ErrorKind::Model, 2, 1, why);
    expect("s = {'a', 'b'}\nprint(s)\n", ErrorKind::Model, 2, 1, "use sorted(s)");
    expect("s = {'a', 'b'}\nl = list(s)\n", ErrorKind::Model, 2, 5, why);
    expect("s = {'a', 'b'}\nx = s.pop()\n", ErrorKind::Model, 2, 5, why);
    expect("s = {None, 1}\nx = f'{s}'\n", ErrorKind::Model, 2, 8, why);
    expect("s = {1, 2}\ns.add('x')\ns.discard('x')\nprint([s])\n", ErrorKind::Model, 4, 1, why);
    expect("s = {1.5, 2}\nprint(s)\n", ErrorKind::Model, 2, 1, "floats");
    // Inside library code (the prelude's `sorted` with a key), at the model's line.
    expect("s = {'ab', 'cd'}\nl = sorted(s, key=len)\n", ErrorKind::Model, 2, 5, why);
    // Order-independent uses are fine.
    let ok = "s = {'b', 'a'}\ns.add('c')\ns.discard('b')\nassert 'a' in s and len(s) == 2 and sorted(s) == ['a', 'c']\nassert s == {'c', 'a'} and s <= {'a', 'c', 'd'}\nassert min(s) == 'a'\ns.clear()\ns.add(3)\nprint(s)\n";
    let r = check_source("m.py", ok, &Options::default()).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.kinds());
}

#[test]
fn defines_that_do_not_apply_are_refused() {
    let opts = |d: &str| Options { defines: vec![Define::parse(d).unwrap()], ..Options::default() };
    let e = check_source("m.py", "x = 1\n", &opts("y=2")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Define);
    assert!(e.to_string().contains("no module-level assignment `y = ...`"), "{e}");
    let e = check_source("m.py", "x = 1\n", &opts("7=2")).unwrap_err();
    assert!(e.to_string().contains("literal 7 does not appear"), "{e}");
    assert!(Define::parse("x=foo").is_err());
    assert!(Define::parse("x").is_err());
    assert!(Define::parse("1x=2").is_err());
    // A define that applies changes the model.
    let r = check_source("m.py", "n = 5\nassert n == 5\n", &opts("n=6")).unwrap();
    assert_eq!(r.kinds(), vec![interleave::Kind::Assertion]);
    // A list or tuple of literals shrinks a task list; the list is a new
    // list (appending to it is allowed), the tuple a tuple.
    let tasks = "xs = [1, 2, 3, 4, 5]\nxs.append(0)\nassert xs == [7, 8, 0] and type(xs) is list\n";
    assert_eq!(check_source("m.py", tasks, &opts("xs=[7, 8]")).unwrap().kinds(), vec![]);
    assert_eq!(check_source("m.py", "t = (1, 2)\nassert t == (3, ('a', None))\n", &opts("t=(3, ('a', None))")).unwrap().kinds(), vec![]);
    assert!(Define::parse("xs=[f()]").unwrap_err().contains("tuple or list"));
    assert!(Define::parse("7=[1]").unwrap_err().contains("only be replaced by an integer"));
    // The header's state limit.
    assert_eq!(interleave::parse_header("# expect: unbounded\n# max-states: 2_000\n").unwrap().max_states, Some(2000));
    assert!(interleave::parse_header("# max-states: many\n").unwrap_err().contains("line 1"));
}

#[test]
fn the_cli_exits_2_with_one_message() {
    let dir = std::env::temp_dir().join(format!("interleave-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.py");
    std::fs::write(&bad, "import threading\n\ndef f(:\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_interleave")).arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.py:3:7: syntax error"), "{stderr}");
    assert!(out.stdout.is_empty());

    let missing = Command::new(env!("CARGO_BIN_EXE_interleave")).args(["check", "/nonexistent/model.py"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));

    let usage = Command::new(env!("CARGO_BIN_EXE_interleave")).args(["check"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));

    let bad_define = Command::new(env!("CARGO_BIN_EXE_interleave")).arg("check").arg(&bad).args(["--define", "x"]).output().unwrap();
    assert_eq!(bad_define.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn replay_takes_a_json_report_and_refuses_a_diverging_schedule() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_interleave")).args(args).current_dir(root).output().unwrap();
    let json = run(&["check", "models/abba_deadlock.py", "--format", "json"]);
    let path = std::env::temp_dir().join(format!("interleave-report-{}.json", std::process::id()));
    std::fs::write(&path, &json.stdout).unwrap();
    let from_json = run(&["replay", "models/abba_deadlock.py", "--trace", path.to_str().unwrap()]);
    assert_eq!(from_json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let schedule = v["findings"][0]["schedule"].as_str().unwrap();
    let direct = run(&["replay", "models/abba_deadlock.py", "--schedule", schedule]);
    assert_eq!(from_json.stdout, direct.stdout);
    std::fs::remove_file(&path).ok();
    // Thread 7 does not exist: the schedule does not fit the model.
    let bad = run(&["replay", "models/abba_deadlock.py", "--schedule", "0,7"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("at step 2"), "{err}");
}

#[test]
fn exit_codes_follow_the_verdict() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_interleave")).args(args).current_dir(root).output().unwrap();
    assert_eq!(run(&["check", "models/balance.py"]).status.code(), Some(1));
    assert_eq!(run(&["check", "models/balance_locked.py"]).status.code(), Some(0));
    assert_eq!(run(&["check", "models/add_one_locked.py", "--max-states", "5"]).status.code(), Some(3));
    // An unbounded model stops at its header's `# max-states:` and says
    // what kept growing; a limit given on the command line wins.
    let unbounded = run(&["check", "tests/fixtures/endless_ticks.py", "--format", "json"]);
    assert_eq!(unbounded.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&unbounded.stdout).unwrap();
    assert_eq!(v["coverage"]["states"], 2000);
    assert_eq!(v["coverage"]["growing"][0]["quantity"], "`ticks`");
    assert!(v["notes"][0].as_str().unwrap().contains("kept growing"), "{}", v["notes"]);
    let given = run(&["check", "tests/fixtures/endless_ticks.py", "--max-states", "300", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&given.stdout).unwrap();
    assert_eq!(v["coverage"]["states"], 300);
    // Tutorial 004's producers number their messages forever, but the
    // numbers are only printed: proved, with the count kept apart only
    // without the dead-variable reduction.
    let printed = run(&["check", "models/producer_consumer_threads.py", "--format", "json"]);
    assert_eq!(printed.status.code(), Some(0));
    let kept = run(&["check", "models/producer_consumer_threads.py", "--no-dead-vars", "--max-states", "2000", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&kept.stdout).unwrap();
    assert_eq!(v["coverage"]["complete"], false);
    let grown: Vec<&str> = v["coverage"]["growing"].as_array().unwrap().iter().map(|g| g["quantity"].as_str().unwrap()).collect();
    assert!(grown.contains(&"`count` in Producer.run"), "{grown:?}");
    let json = run(&["check", "models/balance.py", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["findings"][0]["kind"], "lost-update");
    assert!(v["findings"][0]["trace"]["steps"].as_array().unwrap().len() > 3);
    assert_eq!(v["coverage"]["complete"], true);
}

#[test]
fn closure_scoping_errors_are_cpythons() {
    expect("nonlocal x\n", ErrorKind::Syntax, 1, 1, "nonlocal declaration not allowed at module level");
    expect("def f():\n    def g():\n        nonlocal y\n        y = 1\n", ErrorKind::Syntax, 3, 9, "no binding for nonlocal 'y' found");
    // A module-level name is not an enclosing function's variable.
    expect("y = 0\ndef g():\n    nonlocal y\n    y = 1\n", ErrorKind::Syntax, 3, 5, "no binding for nonlocal 'y' found");
}

#[test]
fn random_with_too_many_outcomes_stops_with_a_location() {
    expect("import random\n\ndef f():\n    return random.randint(1, 1000)\n\nf()\n", ErrorKind::Model, 4, 12, "random.randint(1, 1000) has 1000 outcomes; at most 16");
    expect("import random\nl = [1, 2, 3, 4]\nrandom.shuffle(l)\n", ErrorKind::Model, 3, 1, "has 24 outcomes");
    expect("from random import choice\nx = choice(range(17))\n", ErrorKind::Model, 2, 5, "has 17 outcomes");
    // Infinitely many outcomes: only as a sleep length, where nothing reads it.
    expect("import random\nx = random.random()\n", ErrorKind::Unsupported, 2, 5, "infinitely many outcomes");
    expect("import random, time\ntime.sleep(print(random.uniform(1, 2)))\n", ErrorKind::Unsupported, 2, 18, "only in a time.sleep length");
    expect("from random import random\nf = random\n", ErrorKind::Unsupported, 2, 5, "infinitely many outcomes");
    assert!(check_source("m.py", "import random, time\ntime.sleep(random.random() * 3)\ntime.sleep(-random.uniform(1, 2) + 4)\n", &Options::default()).is_ok());

    let dir = std::env::temp_dir().join(format!("interleave-random-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.py");
    std::fs::write(&big, "import random\nimport threading\n\nn = random.randint(1, 1000)\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_interleave")).arg("check").arg(&big).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("big.py:4:5: ") && stderr.contains("shrink it with --define"), "{stderr}");
    // Shrunk with a define, it is explored.
    let ok = Command::new(env!("CARGO_BIN_EXE_interleave")).arg("check").arg(&big).args(["--define", "1000=4"]).output().unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn replay_reproduces_a_random_outcome_from_the_cli() {
    let dir = std::env::temp_dir().join(format!("interleave-replay-random-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let m = dir.join("m.py");
    std::fs::write(&m, "import random\nx = random.choice(['a', 'b', 'c'])\nprint(x)\n").unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_interleave")).args(args).output().unwrap();
    let out = run(&["replay", m.to_str().unwrap(), "--schedule", "0=2,0"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("random.choice(['a', 'b', 'c']) → 'c'") && text.contains("print \"c\""), "{text}");
    let json = run(&["replay", m.to_str().unwrap(), "--schedule", "0=2,0", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["steps"][0]["outcome"], 2);
    // The JSON trace replays to the same steps.
    let path = dir.join("trace.json");
    std::fs::write(&path, &json.stdout).unwrap();
    let again = run(&["replay", m.to_str().unwrap(), "--trace", path.to_str().unwrap()]);
    assert_eq!(again.stdout, out.stdout);
    // An outcome the call does not have does not fit.
    let bad = run(&["replay", m.to_str().unwrap(), "--schedule", "0=3"]);
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
