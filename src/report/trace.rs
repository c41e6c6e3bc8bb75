//! A trace: a schedule replayed from the initial state with recording on.

use crate::ir::Span;
use crate::vm::{Choice, Effect, ModelError, Object, State, StepNotes, TraceEvent, Value, Vm};

#[derive(Clone, Debug, serde::Serialize)]
pub struct Step {
    /// 1-based step number; 0 is the main thread's run up to its first
    /// visible operation.
    pub index: usize,
    pub tid: u32,
    pub thread: String,
    pub line: u32,
    pub source: String,
    pub timeout: bool,
    /// The outcome chosen for a random call (0-based; absent when 0).
    #[serde(skip_serializing_if = "is_zero")]
    pub outcome: u8,
    /// A switch away from a thread that could have gone on.
    pub preemption: bool,
    /// The step ran inside library code written in the model language
    /// (`concurrent.futures`, `Timer`); `line` is the model's calling line.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub library: bool,
    pub effects: Vec<Effect>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Var {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Trace {
    pub steps: Vec<Step>,
    pub final_state: Vec<Var>,
    /// Everything the model printed, in order.
    pub output: String,
    pub preemptions: u32,
}

pub struct Replayed {
    pub trace: Trace,
    pub state: State,
    pub last_notes: StepNotes,
}

#[derive(Clone, Debug)]
pub enum ReplayError {
    Model(ModelError),
    /// The schedule does not fit the model (edited since?).
    Diverged { step: usize, message: String },
}

fn is_zero(x: &u8) -> bool {
    *x == 0
}

pub fn replay(vm: &Vm, schedule: &[Choice]) -> Result<Replayed, ReplayError> {
    let mut events: Vec<TraceEvent> = Vec::new();
    let (mut s, mut notes) = vm.initial(&mut events).map_err(ReplayError::Model)?;
    let mut steps = Vec::new();
    if !events.is_empty() {
        steps.push(make_step(vm, 0, 0, Span { line: events[0].span.line, col: 1 }, false, false, std::mem::take(&mut events)));
    }
    let mut choices = Vec::new();
    let mut prev: Option<u32> = None;
    let mut preemptions = 0;
    for (i, &c) in schedule.iter().enumerate() {
        vm.choices(&s, &mut choices);
        if !choices.contains(&c) {
            let can = choices
                .iter()
                .map(|c| crate::report::format_schedule(&[*c]))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if c.tid as usize >= s.threads.len() {
                format!("thread {} does not exist at step {} (enabled: {})", c.tid, i + 1, if can.is_empty() { "none" } else { &can })
            } else {
                format!(
                    "{} cannot {} at step {} (enabled: {})",
                    vm.thread_name(&s, c.tid),
                    if c.timeout { "time out" } else { "move" },
                    i + 1,
                    if can.is_empty() { "none" } else { &can }
                )
            };
            return Err(ReplayError::Diverged { step: i + 1, message });
        }
        let preemption = match prev {
            Some(p) => p != c.tid && choices.iter().any(|x| x.tid == p),
            None => false,
        };
        if preemption {
            preemptions += 1;
        }
        let span = vm.thread_span(&s, c.tid).unwrap_or_default();
        let library = vm.in_library(&s, c.tid);
        notes = vm.step(&mut s, c, &mut events).map_err(ReplayError::Model)?;
        steps.push(make_step(vm, i + 1, c.tid, span, c.timeout, preemption, std::mem::take(&mut events)));
        steps.last_mut().unwrap().outcome = c.outcome;
        steps.last_mut().unwrap().library = library;
        // Thread names can change during the step (setName): name it after.
        let last = steps.last_mut().unwrap();
        last.thread = vm.thread_name(&s, c.tid);
        prev = Some(c.tid);
    }
    let output = steps
        .iter()
        .flat_map(|st| st.effects.iter())
        .filter_map(|e| match e {
            Effect::Print { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let final_state = final_vars(vm, &s);
    Ok(Replayed { trace: Trace { steps, final_state, output, preemptions }, state: s, last_notes: notes })
}

fn make_step(vm: &Vm, index: usize, tid: u32, span: Span, timeout: bool, preemption: bool, events: Vec<TraceEvent>) -> Step {
    Step {
        index,
        tid,
        thread: String::new(),
        line: span.line,
        source: if span.line == 0 { "(library code)".into() } else { vm.program.source.line_text(span.line).trim().to_string() },
        timeout,
        outcome: 0,
        preemption,
        library: false,
        effects: events.into_iter().map(|e| e.effect).collect(),
    }
}

/// The model's data globals (numbers, strings, containers) at the end.
fn final_vars(vm: &Vm, s: &State) -> Vec<Var> {
    let mut out = Vec::new();
    // Library state and hidden defaults are not the model's variables.
    let hidden = |g: usize| {
        vm.program.global_name(g as u32).contains('<') || vm.program.prelude_globals.iter().any(|&(_, x)| x as usize == g)
    };
    for (g, v) in s.globals.iter().enumerate() {
        if hidden(g) {
            continue;
        }
        let data = match v {
            Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Bool(_) | Value::Tuple(_) => true,
            Value::Ref(o) => matches!(s.heap[*o as usize], Object::List(_) | Object::Dict(_) | Object::Set(_)),
            _ => false,
        };
        if data && vm.program.globals[g].shared {
            out.push(Var { name: vm.program.global_name(g as u32).to_string(), value: vm.repr(s, v) });
        }
        // Shared attributes of an object a global holds (`database.value`).
        if let Value::Ref(o) = v {
            if let Object::Instance(inst) = &s.heap[*o as usize] {
                for (name, a) in &inst.attrs {
                    let private = vm.program.name(*name).starts_with('_');
                    if vm.program.attr_is_shared(*name) && !private && !matches!(a, Value::Ref(_)) {
                        out.push(Var {
                            name: format!("{}.{}", vm.program.global_name(g as u32), vm.program.name(*name)),
                            value: vm.repr(s, a),
                        });
                    }
                }
            }
        }
    }
    if out.is_empty() {
        for (g, v) in s.globals.iter().enumerate() {
            if hidden(g) {
                continue;
            }
            let data = match v {
                Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
                Value::Ref(o) => matches!(s.heap[*o as usize], Object::List(_) | Object::Dict(_) | Object::Set(_)),
                _ => false,
            };
            if data {
                out.push(Var { name: vm.program.global_name(g as u32).to_string(), value: vm.repr(s, v) });
            }
        }
    }
    out
}
