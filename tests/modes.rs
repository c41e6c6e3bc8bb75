//! Random, PCT and preemption-bounded modes: they find the tutorial models'
//! bugs, they are deterministic for a seed, and a lock-order inversion is
//! reported even in a mode that never deadlocks.

use interleave::{Kind, Mode, Options, check_file, parse_header};

fn models() -> Vec<(String, Vec<Kind>)> {
    let dir = format!("{}/models", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let header = parse_header(&text).unwrap();
            // A model with an infinite state space has no bug to find, and
            // every walk of it runs to the step limit: skipped here.
            if header.unbounded {
                return None;
            }
            let mut kinds: Vec<Kind> = header.expect.unwrap().iter().map(|k| Kind::from_id(k).unwrap()).collect();
            kinds.sort();
            Some((p.to_string_lossy().into_owned(), kinds))
        })
        .collect();
    v.sort();
    v
}

fn with_mode(mode: Mode) -> Options {
    Options { mode, ..Options::default() }
}

#[test]
fn pct_finds_every_tutorial_bug_within_1000_schedules() {
    for (path, expected) in models() {
        let r = check_file(&path, &with_mode(Mode::Pct { depth: 3, schedules: 1000, seed: 0 })).unwrap();
        assert_eq!(r.kinds(), expected, "{path}");
        assert!(!r.coverage.complete);
    }
}

#[test]
fn random_finds_every_tutorial_bug_within_1000_schedules() {
    for (path, expected) in models() {
        let r = check_file(&path, &with_mode(Mode::Random { schedules: 1000, seed: 7 })).unwrap();
        assert_eq!(r.kinds(), expected, "{path}");
    }
}

#[test]
fn same_seed_same_report() {
    let path = format!("{}/models/teacher_students.py", env!("CARGO_MANIFEST_DIR"));
    for mode in [Mode::Random { schedules: 300, seed: 42 }, Mode::Pct { depth: 2, schedules: 300, seed: 42 }] {
        let a = check_file(&path, &with_mode(mode.clone())).unwrap();
        let b = check_file(&path, &with_mode(mode.clone())).unwrap();
        assert_eq!(serde_json::to_string(&a.findings).unwrap(), serde_json::to_string(&b.findings).unwrap());
        assert_eq!(serde_json::to_string(&a.coverage).unwrap(), serde_json::to_string(&b.coverage).unwrap());
    }
    // A different seed explores different schedules.
    let a = check_file(&path, &with_mode(Mode::Random { schedules: 50, seed: 1 })).unwrap();
    let b = check_file(&path, &with_mode(Mode::Random { schedules: 50, seed: 2 })).unwrap();
    assert_ne!(a.coverage.transitions, b.coverage.transitions);
}

#[test]
fn abba_without_preemptions_never_deadlocks_but_shows_the_inversion() {
    let path = format!("{}/models/abba_deadlock.py", env!("CARGO_MANIFEST_DIR"));
    let r = check_file(&path, &with_mode(Mode::Bounded { preemptions: 0 })).unwrap();
    assert!(r.coverage.complete);
    assert_eq!(r.kinds(), vec![Kind::LockOrderInversion]);
    let f = &r.findings[0];
    assert!(f.explanation.iter().any(|l| l.contains("takes lock_2 (line 19) while holding lock_1 (taken at line 15)")), "{:?}", f.explanation);
    assert!(f.explanation.iter().any(|l| l.contains("takes lock_1 (line 37) while holding lock_2 (taken at line 33)")), "{:?}", f.explanation);
    // With one preemption the deadlock itself is reachable.
    let r = check_file(&path, &with_mode(Mode::Bounded { preemptions: 1 })).unwrap();
    assert_eq!(r.kinds(), vec![Kind::Deadlock]);
}

#[test]
fn random_counterexamples_are_shortened_and_replay() {
    let path = format!("{}/models/balance.py", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let random = check_file(&path, &with_mode(Mode::Random { schedules: 200, seed: 3 })).unwrap();
    let exhaustive = check_file(&path, &Options::default()).unwrap();
    let (r, e) = (&random.findings[0], &exhaustive.findings[0]);
    assert_eq!(r.trace.preemptions, e.trace.preemptions);
    assert_eq!(r.trace.steps.len(), e.trace.steps.len());
    interleave::replay_source(&path, &text, &r.schedule, &[]).unwrap();
}
