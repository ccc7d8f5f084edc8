//! Rule documents: `rules/BSxxx.md`, a front matter of `key: value` lines between `---`
//! lines, then Markdown. They are the one source of a rule's metadata and documentation.

use std::fmt;

use blindspot_report::{Level, RuleMeta};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError(pub String);

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const REQUIRED: &[&str] = &["id", "name", "level", "precision", "cause", "tags", "summary"];

/// Parses a rule document.
pub fn parse_rule_doc(doc: &str) -> Result<RuleMeta, DocError> {
    let rest = doc.strip_prefix("---\n").ok_or_else(|| DocError("document does not start with `---`".into()))?;
    let end = rest.find("\n---\n").ok_or_else(|| DocError("front matter is not closed by `---`".into()))?;
    let (front, body) = (&rest[..end], &rest[end + 5..]);
    let get = |key: &str| -> Result<String, DocError> {
        front
            .lines()
            .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| DocError(format!("front matter has no `{key}`")))
    };
    let mut values = Vec::new();
    for key in REQUIRED {
        values.push(get(key)?);
    }
    let [id, name, level, precision, cause, tags, summary] = <[String; 7]>::try_from(values).expect("seven keys");
    let default_level = Level::parse(&level).ok_or_else(|| DocError(format!("unknown level `{level}`")))?;
    if !matches!(precision.as_str(), "very-high" | "high" | "medium" | "low") {
        return Err(DocError(format!("unknown precision `{precision}`")));
    }
    let doc_markdown = body.trim().to_string();
    Ok(RuleMeta {
        doc_text: markdown_to_text(&doc_markdown),
        id,
        name,
        summary,
        cause,
        default_level,
        precision,
        tags: tags.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
        doc_markdown,
        help_uri: None,
    })
}

/// Metadata for a rule whose document does not parse (never shipped: a test parses them all).
pub(crate) fn fallback_meta(id: &str, err: &DocError) -> RuleMeta {
    RuleMeta {
        id: id.to_string(),
        name: id.to_lowercase(),
        summary: format!("(documentation error: {err})"),
        cause: String::new(),
        default_level: Level::Warning,
        precision: "medium".to_string(),
        tags: Vec::new(),
        doc_markdown: String::new(),
        doc_text: String::new(),
        help_uri: None,
    }
}

/// Markdown to plain text: markup removed, code blocks and paragraphs kept.
pub fn markdown_to_text(md: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
        } else {
            let line = line.trim_start_matches('#').trim_start_matches(' ');
            out.push_str(&strip_inline(line));
        }
        out.push('\n');
    }
    out.trim().to_string()
}

fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            // [text](url) → text
            if let Some(close) = rest.find("](") {
                if let Some(paren) = rest[close..].find(')') {
                    out.push_str(&rest[1..close]);
                    rest = &rest[close + paren + 1..];
                    continue;
                }
            }
        }
        if c != '`' && c != '*' {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter_and_body() {
        let doc = "---\nid: BS999\nname: demo-rule\nlevel: warning\nprecision: high\ncause: x\ntags: a, b\nsummary: Finds demos.\n---\n# Title\n\nSee `code` and [docs](http://x).\n";
        let m = parse_rule_doc(doc).unwrap();
        assert_eq!(m.id, "BS999");
        assert_eq!(m.default_level, Level::Warning);
        assert_eq!(m.tags, vec!["a", "b"]);
        assert_eq!(m.doc_markdown, "# Title\n\nSee `code` and [docs](http://x).");
        assert_eq!(m.doc_text, "Title\n\nSee code and docs.");
    }

    #[test]
    fn rejects_missing_keys_and_bad_values() {
        let missing = "---\nid: BS999\n---\nbody";
        assert_eq!(parse_rule_doc(missing).unwrap_err(), DocError("front matter has no `name`".into()));
        let bad = "---\nid: a\nname: b\nlevel: fatal\nprecision: high\ncause: c\ntags: t\nsummary: s\n---\n";
        assert_eq!(parse_rule_doc(bad).unwrap_err(), DocError("unknown level `fatal`".into()));
        assert!(parse_rule_doc("no front matter").is_err());
    }
}
