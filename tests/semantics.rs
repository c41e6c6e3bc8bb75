//! Semantics against CPython: each `tests/semantics/*.py` runs in the
//! checker (one deterministic schedule) and must print exactly the `.out`
//! file beside it, which is what `python3` prints. When `python3` is on the
//! machine, the `.out` files are re-checked against it too.

use std::path::Path;
use std::process::Command;

fn programs() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

#[test]
fn checker_prints_what_cpython_prints() {
    let files = programs();
    assert!(files.len() >= 30, "semantics corpus missing");
    let mut failures = Vec::new();
    for f in &files {
        let path = f.to_string_lossy();
        let text = std::fs::read_to_string(f).unwrap();
        let expected = std::fs::read_to_string(f.with_extension("out")).unwrap();
        match interleave::run_source(&path, &text, &[], 1_000_000) {
            Ok(trace) if trace.output == expected => {}
            Ok(trace) => failures.push(format!("{path}: output differs\n--- checker\n{}--- cpython\n{expected}", trace.output)),
            Err(e) => failures.push(format!("{path}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn expected_outputs_are_cpythons() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found: skipping the CPython cross-check");
        return;
    }
    for f in programs() {
        let out = Command::new("python3").arg(&f).output().unwrap();
        let expected = std::fs::read_to_string(f.with_extension("out")).unwrap();
        assert!(out.status.success(), "{}: python3 failed", f.display());
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{}: .out is not what CPython prints", f.display());
    }
}

#[test]
fn as_completed_hands_out_each_future_as_it_finishes() {
    // The second task waits for the caller to have seen the first result:
    // an as_completed that waited for every future first would hang here.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/as_completed_yields_early.py");
    let r = interleave::check_file(&path.to_string_lossy(), &interleave::Options::default()).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.kinds());
    assert!(r.coverage.complete);
}

#[test]
fn pool_imap_hands_out_each_result_as_it_comes_in() {
    // The second task waits for the caller to have seen the first result:
    // an imap that waited for every result first would hang here.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantics/mp_imap_yields_early.py");
    let r = interleave::check_file(&path.to_string_lossy(), &interleave::Options::default()).unwrap();
    assert!(r.findings.is_empty(), "{:?}", r.kinds());
    assert!(r.coverage.complete);
}

#[test]
fn ids_are_deterministic_and_reused_like_addresses() {
    // A loop that prints the id of a fresh object each time: CPython reuses
    // the freed address, and so does the checker, so the search ends; two
    // threads giving ids in either order print both orders' ids.
    let src = "import threading
import time
def work(tag):
    x = [tag]
    print(tag, id(x))
t = threading.Thread(target=work, args=('t',))
t.start()
work('main')
t.join()
while True:
    y = object()
    print(id(y))
    time.sleep(1)
";
    let r = interleave::check_source("t.py", src, &interleave::Options::default()).unwrap();
    assert!(r.findings.is_empty() && r.coverage.complete, "{:?}", r.kinds());
    let a = interleave::run_source("t.py", src, &[], 200).unwrap().output;
    let b = interleave::run_source("t.py", src, &[], 200).unwrap().output;
    assert_eq!(a, b);
    let lines: Vec<&str> = a.lines().collect();
    // The loop's ids alternate between two, as CPython's do: the new object
    // is made while the old one is still bound, then the old slot is free.
    assert!(lines.len() >= 6, "{a}");
    assert_ne!(lines[2], lines[3], "{a}");
    assert_eq!(lines[2], lines[4], "{a}");
    assert_eq!(lines[3], lines[5], "{a}");
}
