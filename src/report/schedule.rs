//! Schedules as short, copy-pasteable strings: `0x5,1x3,2,1!,2=3` — thread
//! 0 five steps, thread 1 three, thread 2 one, then thread 1's blocked call
//! times out (`!`), then thread 2's random call returns its outcome 3
//! (`=k`, 0-based; a plain `T` at a random call is outcome 0). Thread 0 is
//! the main thread; others are numbered in the order they were started.

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
        if c.outcome != 0 {
            parts.push(format!("{}={}", c.tid, c.outcome));
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
        let bad = || format!("bad schedule element `{part}` (expected T, TxN, T! or T=K)");
        if let Some((t, k)) = part.split_once('=') {
            out.push(Choice { tid: t.parse().map_err(|_| bad())?, timeout: false, outcome: k.parse().map_err(|_| bad())? });
        } else if let Some(t) = part.strip_suffix('!') {
            out.push(Choice { tid: t.parse().map_err(|_| bad())?, timeout: true, outcome: 0 });
        } else if let Some((t, n)) = part.split_once('x') {
            let tid = t.parse().map_err(|_| bad())?;
            let n: usize = n.parse().map_err(|_| bad())?;
            out.extend(std::iter::repeat_n(Choice::run(tid), n));
        } else {
            out.push(Choice::run(part.parse().map_err(|_| bad())?));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip() {
        let s = vec![
            Choice::run(0),
            Choice::run(0),
            Choice { tid: 1, timeout: false, outcome: 3 },
            Choice { tid: 1, timeout: true, outcome: 0 },
            Choice::run(1),
        ];
        let text = format_schedule(&s);
        assert_eq!(text, "0x2,1=3,1!,1");
        assert_eq!(parse_schedule(&text).unwrap(), s);
        assert!(parse_schedule("1=x").is_err());
    }
}
