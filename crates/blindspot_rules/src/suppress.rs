//! Suppressions written in the source, applied after every rule ran.
//!
//! - `//blindspot:ignore BS201,BS202 reason` silences those rules' findings on its own line
//!   (a trailing comment) or, on a line of its own, on the next line.
//! - `//blindspot:file-ignore BS101 reason`, before the package clause, silences them in the
//!   whole file.
//! - `//nolint:blindspot // reason` and `//nolint:all` (golangci-lint's syntax) silence every
//!   blindspot rule on the same lines.
//!
//! A `blindspot:` directive without a reason, naming no rule or an unknown one, is a BS001
//! finding; one that silences nothing is a BS002 finding (so is an unused
//! `//nolint:blindspot`, but not `//nolint:all`, which other linters share).

use std::sync::Arc;

use blindspot_report::{Confidence, Diagnostic, Label, SourceFile, Span, Suppression};

use crate::{meta, metas};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The directive's line, and the next one when the directive is alone on its line.
    Lines {
        line: usize,
        next: bool,
    },
    File,
}

#[derive(Debug, Clone)]
struct Directive {
    /// As written, without `//`: `blindspot:ignore`, `nolint`.
    name: String,
    /// Rule ids (normalized); empty means every rule.
    ids: Vec<String>,
    reason: String,
    scope: Scope,
    span: Span,
    /// `nolint:all` is shared with other linters: unused is not ours to say.
    shared: bool,
    problem: Option<String>,
}

/// What every suppression directive starts with: a file without any holds none.
pub const DIRECTIVE_MARKERS: &[&str] = &["//blindspot:", "//nolint"];

/// Whether a file may hold a suppression directive: files without one need not be read
/// again to apply suppressions.
pub fn may_hold_directives(text: &str) -> bool {
    DIRECTIVE_MARKERS.iter().any(|m| text.contains(m))
}

/// The directives of one file.
fn directives(path: &Arc<str>, text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    if !may_hold_directives(text) {
        return out;
    }
    let mut offset = 0usize;
    let mut before_package = true;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if before_package && (trimmed.starts_with("package ") || trimmed.starts_with("package\t")) {
            before_package = false;
        }
        let Some(at) = comment_start(line) else { continue };
        let comment = line[at + 2..].trim_end();
        let own_line = line[..at].trim().is_empty();
        let span = Span { path: path.clone(), start: start + at, end: start + at + 2 + comment.len() };
        let lines = Scope::Lines { line: i + 1, next: own_line };
        if let Some(rest) = comment.strip_prefix("blindspot:") {
            let (verb, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let scope = match verb {
                "ignore" => lines,
                "file-ignore" if before_package => Scope::File,
                "file-ignore" => {
                    let problem = Some("`//blindspot:file-ignore` must come before the package clause".to_string());
                    out.push(directive(format!("blindspot:{verb}"), vec![], String::new(), lines, span, problem));
                    continue;
                }
                _ => {
                    let problem = Some(format!(
                        "unknown directive `//blindspot:{verb}`; use `//blindspot:ignore` or `//blindspot:file-ignore`"
                    ));
                    out.push(directive(format!("blindspot:{verb}"), vec![], String::new(), lines, span, problem));
                    continue;
                }
            };
            let rest = rest.trim_start();
            let (list, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let reason = reason.trim().trim_start_matches("//").trim_start_matches("--").trim().to_string();
            let mut ids = Vec::new();
            let mut problem = None;
            for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match meta(id).or_else(|| metas().iter().find(|m| m.name == id)) {
                    Some(m) => ids.push(m.id.clone()),
                    None => problem = Some(format!("unknown rule `{id}` in the directive")),
                }
            }
            if ids.is_empty() && problem.is_none() {
                problem = Some("the directive names no rule: write the ids it silences, then the reason".to_string());
            } else if reason.is_empty() && problem.is_none() {
                problem = Some("the directive gives no reason: say why the finding is safe after the ids".to_string());
            }
            out.push(directive(format!("blindspot:{verb}"), ids, reason, scope, span, problem));
        } else if let Some(rest) = comment.strip_prefix("nolint") {
            // `//nolint`, `//nolint:all`, `//nolint:blindspot,gosec // reason`
            let (list, reason) = match rest.split_once("//") {
                Some((l, r)) => (l.trim(), r.trim().to_string()),
                None => (rest.trim(), String::new()),
            };
            let linters: Vec<&str> = match list.strip_prefix(':') {
                Some(l) => l.split(',').map(str::trim).collect(),
                None if list.is_empty() => vec!["all"],
                None => continue,
            };
            let ours = linters.contains(&"blindspot");
            if !ours && !linters.contains(&"all") {
                continue;
            }
            let mut d = directive("nolint".to_string(), vec![], reason, lines, span, None);
            d.shared = !ours;
            out.push(d);
        }
    }
    out
}

fn directive(
    name: String,
    ids: Vec<String>,
    reason: String,
    scope: Scope,
    span: Span,
    problem: Option<String>,
) -> Directive {
    Directive { name, ids, reason, scope, span, shared: false, problem }
}

/// Where a line comment starts, outside string and rune literals, if the line has one.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == b'\\' && q != b'`' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' || b == b'`' => quote = Some(b),
            None if b == b'/' && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// Marks the findings the files' directives silence, and adds the findings about the
/// directives themselves (BS001, BS002) for the rules `enabled` accepts. `files` are the
/// reported files: (display path, text).
pub fn apply_suppressions(
    diagnostics: &mut Vec<Diagnostic>,
    files: &[(Arc<str>, Arc<str>)],
    enabled: &dyn Fn(&str) -> bool,
) {
    let mut extra = Vec::new();
    for (path, text) in files {
        let dirs = directives(path, text);
        if dirs.is_empty() {
            continue;
        }
        let mut used = vec![false; dirs.len()];
        // Line starts indexed once: a generated file can have thousands of findings.
        let source = SourceFile::new(path.clone(), text.clone());
        for d in diagnostics.iter_mut().filter(|d| d.primary.span.path == *path && d.suppression.is_none()) {
            let line = source.position(d.primary.span.start).line;
            let found = dirs.iter().position(|dir| {
                let covers = match dir.scope {
                    Scope::File => true,
                    Scope::Lines { line: l, next } => line == l || next && line == l + 1,
                };
                dir.problem.is_none() && covers && (dir.ids.is_empty() || dir.ids.contains(&d.rule))
            });
            if let Some(k) = found {
                used[k] = true;
                let dir = &dirs[k];
                d.suppression = Some(Suppression {
                    directive: format!("//{}", dir.name),
                    span: dir.span.clone(),
                    justification: dir.reason.clone(),
                });
            }
        }
        for (dir, used) in dirs.iter().zip(used) {
            let (rule, message) = match &dir.problem {
                Some(p) => ("BS001", p.clone()),
                // A directive for rules this run does not check cannot be judged.
                None if !dir.ids.is_empty() && dir.ids.iter().all(|id| !enabled(id)) => continue,
                None if !used && !dir.shared => {
                    let what = if dir.ids.is_empty() { "blindspot".to_string() } else { dir.ids.join(", ") };
                    let place = if dir.scope == Scope::File { "in this file" } else { "on its line" };
                    ("BS002", format!("`//{}` silences nothing: no {what} finding is {place}; remove it", dir.name))
                }
                None => continue,
            };
            if !enabled(rule) {
                continue;
            }
            let Some(m) = meta(rule) else { continue };
            extra.push(Diagnostic {
                rule: rule.to_string(),
                message,
                level: m.default_level,
                confidence: Confidence::High,
                primary: Label::new(dir.span.clone(), "this directive"),
                secondary: Vec::new(),
                suppression: None,
            });
        }
    }
    diagnostics.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, path: &Arc<str>, text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic {
            rule: rule.to_string(),
            message: String::new(),
            level: blindspot_report::Level::Error,
            confidence: Confidence::High,
            primary: Label::new(Span { path: path.clone(), start, end: start + needle.len() }, ""),
            secondary: Vec::new(),
            suppression: None,
        }
    }

    #[test]
    fn comments_inside_strings_are_not_directives() {
        assert_eq!(comment_start("x := \"//blindspot:ignore\" // real"), Some(26));
        assert_eq!(comment_start("x := `//raw` + '\\''"), None);
        assert_eq!(comment_start("s := \"a\\\"//b\""), None);
    }

    #[test]
    fn line_file_and_nolint_directives() {
        let path: Arc<str> = Arc::from("a.go");
        let text = "//blindspot:file-ignore BS101 C memory is owned by one thread\npackage p\n\nfunc f() {\n\tA() //blindspot:ignore BS201,BS202 the kernel is done with it\n\t//blindspot:ignore BS402 read-only table\n\tB()\n\tC() //nolint:blindspot // reviewed\n\tD() //blindspot:ignore BS203\n\tE() //blindspot:ignore BS999 typo\n\t//blindspot:ignore BS401 nothing here\n\tF()\n\tG() //nolint:all\n}\n";
        let text_arc: Arc<str> = Arc::from(text);
        let mut diags = vec![
            finding("BS101", &path, text, "func f"),
            finding("BS201", &path, text, "A()"),
            finding("BS402", &path, text, "B()"),
            finding("BS102", &path, text, "C()"),
            finding("BS203", &path, text, "D()"),
            finding("BS202", &path, text, "F()"),
        ];
        apply_suppressions(&mut diags, &[(path.clone(), text_arc)], &|_| true);
        let silenced: Vec<(&str, Option<&str>)> =
            diags.iter().map(|d| (d.rule.as_str(), d.suppression.as_ref().map(|s| s.justification.as_str()))).collect();
        assert_eq!(
            silenced,
            vec![
                ("BS101", Some("C memory is owned by one thread")),
                ("BS201", Some("the kernel is done with it")),
                ("BS402", Some("read-only table")),
                ("BS102", Some("reviewed")),
                // No reason: the directive does not count, and is reported.
                ("BS203", None),
                // The directive two lines up does not reach F().
                ("BS202", None),
                ("BS001", None),
                ("BS001", None),
                ("BS002", None),
            ]
        );
        let lines: Vec<usize> =
            diags[6..].iter().map(|d| blindspot_report::position(text, d.primary.span.start).line).collect();
        // Missing reason (line 9), unknown rule (line 10), unused (line 11); `nolint:all` on
        // line 13 is other linters' too and never reported unused.
        assert_eq!(lines, vec![9, 10, 11]);
        assert!(diags[7].message.contains("BS999"));
    }

    #[test]
    fn file_ignore_after_the_package_clause_is_an_error() {
        let path: Arc<str> = Arc::from("a.go");
        let text: Arc<str> = Arc::from("package p\n\n//blindspot:file-ignore BS101 too late\n");
        let mut diags = Vec::new();
        apply_suppressions(&mut diags, &[(path, text)], &|_| true);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "BS001");
        assert!(diags[0].message.contains("before the package clause"));
        // An unused directive for a rule the run does not check is not judged.
        let mut quiet = Vec::new();
        let text: Arc<str> = Arc::from("package p\n\nfunc f() {} //blindspot:ignore BS202 reviewed\n");
        apply_suppressions(&mut quiet, &[(Arc::from("a.go"), text.clone())], &|id| id != "BS202");
        assert!(quiet.is_empty());
        apply_suppressions(&mut quiet, &[(Arc::from("a.go"), text)], &|_| true);
        assert_eq!(quiet.len(), 1);
        let mut none = Vec::new();
        let text: Arc<str> = Arc::from("package p\n\n//blindspot:file-ignore BS101 too late\n");
        apply_suppressions(&mut none, &[(Arc::from("a.go"), text)], &|id| id != "BS001");
        assert!(none.is_empty(), "a disabled rule reports nothing");
    }
}
