//! The comment header of a model file: `# expect: <id>[, <id>...]`,
//! `# expect: ok` or `# expect: unbounded`, `# define: NAME=VALUE` lines and
//! `# max-states: N`.

use super::Define;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// `None` when the file has no `# expect:` line; `ok` (and
    /// `unbounded`) is an empty list.
    pub expect: Option<Vec<String>>,
    /// `# expect: unbounded`: an infinite state space, so nothing can be
    /// proved: the search stops at its limit with nothing found and names
    /// what keeps growing.
    pub unbounded: bool,
    pub defines: Vec<Define>,
    /// `# max-states: N`: the search's state limit for this model, unless
    /// the caller sets one.
    pub max_states: Option<u64>,
}

/// Read the leading comment block. Errors name the line.
pub fn parse_header(text: &str) -> Result<Header, String> {
    let mut h = Header::default();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix('#') else { break };
        let comment = comment.trim();
        if let Some(rest) = comment.strip_prefix("expect:") {
            let ids: Vec<String> = rest.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            if ids.is_empty() {
                return Err(format!("line {}: `# expect:` needs `ok` or finding ids", i + 1));
            }
            h.unbounded = ids == ["unbounded"];
            h.expect = Some(if ids == ["ok"] || h.unbounded { vec![] } else { ids });
        } else if let Some(rest) = comment.strip_prefix("define:") {
            h.defines.push(Define::parse(rest.trim()).map_err(|e| format!("line {}: {e}", i + 1))?);
        } else if let Some(rest) = comment.strip_prefix("max-states:") {
            let n = rest.trim().replace('_', "").parse::<u64>().ok().filter(|&n| n > 0);
            h.max_states = Some(n.ok_or_else(|| format!("line {}: `# max-states:` needs a positive number", i + 1))?);
        }
    }
    Ok(h)
}
