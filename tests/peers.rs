//! The loom and shuttle transcriptions of the benchmark models
//! (`tests/peers/transcriptions.rs`) as oracles: on each model, at a size
//! loom finishes in seconds, loom (every execution) and shuttle (PCT and
//! random schedules, fixed seeds) reach the same verdict as interleave — a
//! bug of the same class, or none. A wrong transcription (or a wrong
//! interleave verdict) makes them differ.

#[path = "peers/transcriptions.rs"]
mod transcriptions;

use interleave::{Define, Options, check_source};
use std::panic::{AssertUnwindSafe, catch_unwind};
use transcriptions::{Model, Verdict};

/// The models at the sizes the oracles run (the counters at 2 × 2).
const MODELS: [Model; 6] = [
    Model::LockedCounter(2),
    Model::UnlockedCounter(2),
    Model::AbbaDeadlock,
    Model::PhilosophersDeadlock,
    Model::PhilosophersOrdered,
    Model::TeacherStudents,
];

/// interleave's verdict in the oracles' terms: which class of bug, if any.
fn interleave_verdict(model: Model) -> Verdict {
    let (file, defines) = model.python();
    let path = format!("{}/models/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let options = Options { defines: defines.into_iter().map(|(k, v)| Define::Literal(k, v)).collect(), ..Options::default() };
    let r = check_source(&path, &text, &options).unwrap();
    let ids: Vec<&str> = r.findings.iter().map(|f| f.kind.id()).collect();
    if ids.contains(&"lost-update") {
        Verdict::Assertion
    } else if ids.iter().any(|k| ["deadlock", "missed-signal"].contains(k)) {
        Verdict::Deadlock
    } else if ids.is_empty() && r.coverage.complete {
        Verdict::NoBug
    } else {
        Verdict::Other(format!("findings {ids:?}, complete: {}", r.coverage.complete))
    }
}

fn loom_verdict(model: Model) -> Verdict {
    let body = model.loom_body();
    match catch_unwind(AssertUnwindSafe(|| loom::model::Builder::new().check(body))) {
        Ok(()) => Verdict::NoBug,
        Err(p) => Verdict::from_panic(p.as_ref()),
    }
}

fn shuttle_verdict(model: Model, pct: bool) -> Verdict {
    let mut config = shuttle::Config::new();
    config.failure_persistence = shuttle::FailurePersistence::None;
    let body = model.shuttle_body();
    let result = if pct {
        let scheduler = shuttle::scheduler::PctScheduler::new_from_seed(1, 3, 2000);
        catch_unwind(AssertUnwindSafe(|| shuttle::Runner::new(scheduler, config).run(body)))
    } else {
        let scheduler = shuttle::scheduler::RandomScheduler::new_from_seed(1, 2000);
        catch_unwind(AssertUnwindSafe(|| shuttle::Runner::new(scheduler, config).run(body)))
    };
    match result {
        Ok(_) => Verdict::NoBug,
        Err(p) => Verdict::from_panic(p.as_ref()),
    }
}

#[test]
fn loom_and_shuttle_agree_with_interleave() {
    let mut disagreements = Vec::new();
    for model in MODELS {
        let expected = interleave_verdict(model);
        // The expectation itself: the model's bug, or none.
        assert_eq!(expected.is_bug(), model.has_bug(), "{}: interleave says {expected:?}", model.name());
        for (tool, verdict) in [
            ("loom", loom_verdict(model)),
            ("shuttle pct", shuttle_verdict(model, true)),
            ("shuttle random", shuttle_verdict(model, false)),
        ] {
            if verdict != expected {
                disagreements.push(format!("{}: interleave {expected:?}, {tool} {verdict:?}", model.name()));
            }
        }
    }
    assert!(disagreements.is_empty(), "verdicts differ:\n{}", disagreements.join("\n"));
}

/// The oracles can tell a lock apart from no lock: the counter's verdict
/// flips with it, in both tools (were the lock a no-op in a transcription,
/// the locked counter would fail too).
#[test]
fn the_lock_is_what_makes_the_counter_correct() {
    assert_eq!(loom_verdict(Model::LockedCounter(3)), Verdict::NoBug);
    assert_eq!(loom_verdict(Model::UnlockedCounter(3)), Verdict::Assertion);
    assert_eq!(shuttle_verdict(Model::LockedCounter(3), true), Verdict::NoBug);
    assert_eq!(shuttle_verdict(Model::UnlockedCounter(3), true), Verdict::Assertion);
}

#[test]
fn model_names_round_trip() {
    for model in MODELS.into_iter().chain([Model::LockedCounter(1000), Model::UnlockedCounter(10)]) {
        assert_eq!(Model::parse(&model.name()), Some(model));
    }
    assert_eq!(Model::parse("locked-counter-x"), None);
}
