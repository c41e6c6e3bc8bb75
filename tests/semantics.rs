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
