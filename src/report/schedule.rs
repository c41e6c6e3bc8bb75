//! Schedules as short, copy-pasteable strings: `0x5,1x3,2,1!` — thread 0
//! five steps, thread 1 three, thread 2 one, then thread 1's blocked call
//! times out (`!`). Thread 0 is the main thread; others are numbered in the
//! order they were started.

use crate::vm::Choice;

pub fn format_schedule(s: &[Choice]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c.timeout {
            parts.push(format!("{}!", c.tid));
            i += 1;
            continue;
        }
        let mut n = 1;
        while i + n < s.len() && s[i + n] == c {
            n += 1;
        }
        parts.push(if n == 1 { c.tid.to_string() } else { format!("{}x{}", c.tid, n) });
        i += n;
    }
    parts.join(",")
}

pub fn parse_schedule(text: &str) -> Result<Vec<Choice>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("bad schedule element `{part}` (expected T, TxN or T!)");
        if let Some(t) = part.strip_suffix('!') {
            out.push(Choice { tid: t.parse().map_err(|_| bad())?, timeout: true });
        } else if let Some((t, n)) = part.split_once('x') {
            let tid = t.parse().map_err(|_| bad())?;
            let n: usize = n.parse().map_err(|_| bad())?;
            out.extend(std::iter::repeat_n(Choice { tid, timeout: false }, n));
        } else {
            out.push(Choice { tid: part.parse().map_err(|_| bad())?, timeout: false });
        }
    }
    Ok(out)
}
