//! The comment header of a model file: `# expect: <id>[, <id>...]` or
//! `# expect: ok`, and `# define: NAME=VALUE` lines.

use super::Define;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// `None` when the file has no `# expect:` line.
    pub expect: Option<Vec<String>>,
    pub defines: Vec<Define>,
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
            h.expect = Some(if ids == ["ok"] { vec![] } else { ids });
        } else if let Some(rest) = comment.strip_prefix("define:") {
            h.defines.push(Define::parse(rest.trim()).map_err(|e| format!("line {}: {e}", i + 1))?);
        }
    }
    Ok(h)
}
