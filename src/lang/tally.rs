//! Tallies: integer variables that count and print and do nothing else.
//!
//! A variable is a tally when every store into it is an integer constant or
//! a move by one (`i = 0`, `i += 1`, `i = i - 2`) and every other read of it
//! is printed text (`print("{0}***".format(i))`, as lowering's
//! `in_print_text` judges it). Then its value changes what is printed, never
//! what the program does: no branch, exception, shared write or wait
//! depends on it (it is always an `int`, and printed text goes nowhere).
//! Tutorial 004's Timer program counts its rounds this way forever; with the
//! count left out of the states' identity its state space is finite.
//!
//! Only locals that are not parameters, and module-private globals
//! (`ir::liveness::private_globals`: only the module body reaches them),
//! can be tallies: a variable another function or thread reads could be
//! raced on. Lowering marks each access that fits (`Fits`); a variable is a
//! tally only if every access to it fits, and then its accesses become
//! `Op::LoadLocalTally` and friends. The VM keeps the value; the
//! dead-variable reduction leaves it out of equality and hash
//! (`vm::value::Tally`).

use crate::ir::{FuncId, Op, Program};
use std::collections::HashSet;

/// The accesses lowering found to fit a tally, by function: program
/// counters of loads and stores.
pub type Fits = Vec<(FuncId, Vec<u32>)>;

/// Turn every variable whose accesses all fit into a tally.
pub fn mark_tallies(p: &mut Program, fits: &Fits) {
    let fit: HashSet<(FuncId, u32)> = fits.iter().flat_map(|(f, pcs)| pcs.iter().map(move |&pc| (*f, pc))).collect();
    let fits_at = |f: usize, pc: usize| fit.contains(&(f as FuncId, pc as u32));
    // Locals, function by function.
    for (fi, func) in p.functions.iter_mut().enumerate() {
        let mut tally = vec![true; func.local_names.len()];
        let mut touched = vec![false; func.local_names.len()];
        // Parameters are set by the caller, to anything.
        for slot in (0..func.params.len() as u32).chain(func.varargs).chain(func.kwargs) {
            if let Some(t) = tally.get_mut(slot as usize) {
                *t = false;
            }
        }
        for (pc, op) in func.code.iter().enumerate() {
            if let Op::LoadLocal(s) | Op::StoreLocal(s) | Op::DeleteLocal(s) = *op {
                touched[s as usize] = true;
                if matches!(op, Op::DeleteLocal(_)) || !fits_at(fi, pc) {
                    tally[s as usize] = false;
                }
            }
        }
        for op in &mut func.code {
            *op = match *op {
                Op::LoadLocal(s) if tally[s as usize] && touched[s as usize] => Op::LoadLocalTally(s),
                Op::StoreLocal(s) if tally[s as usize] && touched[s as usize] => Op::StoreLocalTally(s),
                op => op,
            };
        }
    }
    // Module-private globals, over the whole program.
    let mut tally = vec![false; p.globals.len()];
    for g in crate::ir::liveness::private_globals(p) {
        tally[g as usize] = true;
    }
    let mut touched = vec![false; p.globals.len()];
    for (fi, func) in p.functions.iter().enumerate() {
        for (pc, op) in func.code.iter().enumerate() {
            if let Op::LoadGlobal(g) | Op::StoreGlobal(g) = *op {
                touched[g as usize] = true;
                if !fits_at(fi, pc) {
                    tally[g as usize] = false;
                }
            }
        }
    }
    for func in &mut p.functions {
        for op in &mut func.code {
            *op = match *op {
                Op::LoadGlobal(g) if tally[g as usize] && touched[g as usize] => Op::LoadGlobalTally(g),
                Op::StoreGlobal(g) if tally[g as usize] && touched[g as usize] => Op::StoreGlobalTally(g),
                op => op,
            };
        }
    }
}

/// Whether formatting a string constant with `%` (`percent`) or
/// `str.format` gives text whatever integers it is given (of the right
/// type): no width or precision taken from the arguments (`%*d`,
/// `{:{}}`), and no `c` conversion (a character, which fails out of range).
pub fn format_is_value_safe(s: &str, percent: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if percent {
        while i < b.len() {
            if b[i] != b'%' {
                i += 1;
                continue;
            }
            i += 1;
            if b.get(i) == Some(&b'%') {
                i += 1;
                continue;
            }
            if b.get(i) == Some(&b'(') {
                while i < b.len() && b[i] != b')' {
                    i += 1;
                }
                i += 1;
            }
            while i < b.len() && b"#0- +.0123456789hlL".contains(&b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(b'*' | b'c') => return false,
                Some(_) => i += 1,
                None => {}
            }
        }
        return true;
    }
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => {
                let start = i + 1;
                let Some(len) = b[start..].iter().position(|&c| c == b'}') else { return true };
                let field = &b[start..start + len];
                if field.contains(&b'{') || field.last() == Some(&b'c') && field.contains(&b':') {
                    return false;
                }
                i = start + len + 1;
            }
            _ => i += 1,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::format_is_value_safe;

    #[test]
    fn formats_that_depend_on_the_value_are_told() {
        for safe in ["%d", "%5d items", "%s and %r", "%%c %d", "%(n)d", "{}", "{0}***", "{:>5}", "{0!r:^9}", "{{c}}", "{n:,}"] {
            let percent = safe.contains('%');
            assert!(format_is_value_safe(safe, percent), "{safe}");
        }
        for unsafe_ in ["%c", "%*d", "%.*f", "%-5c", "{:c}", "{0:>3c}", "{:{}}", "{0:{1}}"] {
            let percent = unsafe_.contains('%');
            assert!(!format_is_value_safe(unsafe_, percent), "{unsafe_}");
        }
    }
}
