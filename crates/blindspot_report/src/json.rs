//! The `--format json` output: one JSON document per run, stable across releases of the same
//! `version`. `docs/json-format.md` describes it for users; this comment is the reference.
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": { "name": "blindspot", "version": "0.1.0" },
//!   "findings": [
//!     {
//!       "rule": "BS202",
//!       "name": "syscall-uintptr-escape",
//!       "level": "error",
//!       "confidence": "high",
//!       "message": "…",
//!       "location": {
//!         "path": "pkg/file.go",
//!         "start": { "line": 12, "column": 5 },
//!         "end": { "line": 12, "column": 17 },
//!         "byte_start": 240,
//!         "byte_end": 252
//!       },
//!       "related": [ { "message": "…", "location": { "path": "…", "…": "same shape" } } ]
//!     }
//!   ],
//!   "errors": [ { "level": "error", "path": "pkg/bad.go", "line": 3, "message": "…" } ]
//! }
//! ```
//!
//! * `version`: the format version, an integer. It changes only when a field is removed or
//!   changes meaning; new fields may appear without a change.
//! * `findings`: in output order (path, position, rule). `rule` is the rule id; `name` its
//!   kebab-case name, or `null` if the id is not a registered rule. `level` is `error`,
//!   `warning` or `note`; `confidence` is `high` or `medium`.
//! * `location`: `path` is relative to the working directory with `/` separators when the
//!   file is below it, absolute otherwise. `line` and `column` are 1-based; `column` counts
//!   Unicode scalar values (not bytes, not UTF-16 units). `end` is exclusive: it is the
//!   position just after the last character. `byte_start`/`byte_end` are 0-based byte offsets
//!   into the file, end exclusive. `start` and `end` are `null` only when the file's text was
//!   not available to the renderer; the byte offsets are then passed through unchecked.
//! * `related`: the evidence trail, in reading order, each with its own message.
//! * `errors`: problems with the run rather than the code (unreadable files, syntax errors).
//!   `level` is `error` (the run exits with status 2) or `warning`; `path` and `line`
//!   (1-based) are `null` when the problem is not tied to a file or line.
//!
//! Strings are exactly what the analyzer produced; JSON escaping makes control characters
//! safe, so nothing is replaced.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::location::{resolve, Resolved};
use crate::{Confidence, Diagnostic, Label, Level, Notice, NoticeLevel, Report};

/// The value of the top-level `version` field.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonReport {
    pub version: u32,
    pub tool: JsonTool,
    pub findings: Vec<JsonFinding>,
    pub errors: Vec<JsonError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonTool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonFinding {
    pub rule: String,
    pub name: Option<String>,
    pub level: Level,
    pub confidence: Confidence,
    pub message: String,
    pub location: JsonLocation,
    pub related: Vec<JsonRelated>,
    /// Present only for findings a directive silenced (listed with `--show-suppressed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<JsonSuppression>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonSuppression {
    /// `//blindspot:ignore`, `//blindspot:file-ignore`, `//nolint`.
    pub directive: String,
    pub justification: String,
    pub location: JsonLocation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonLocation {
    pub path: String,
    pub start: Option<JsonPosition>,
    pub end: Option<JsonPosition>,
    pub byte_start: usize,
    pub byte_end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonPosition {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonRelated {
    pub message: String,
    pub location: JsonLocation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonError {
    pub level: JsonErrorLevel,
    pub path: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonErrorLevel {
    Error,
    Warning,
}

impl JsonReport {
    /// The document [`render_json`] writes for `report`.
    pub fn from_report(report: &Report) -> JsonReport {
        JsonReport {
            version: JSON_FORMAT_VERSION,
            tool: JsonTool { name: "blindspot".to_owned(), version: report.tool_version.to_owned() },
            findings: report.diagnostics.iter().map(|d| finding(report, d)).collect(),
            errors: report.notices.iter().map(error).collect(),
        }
    }
}

fn finding(report: &Report, d: &Diagnostic) -> JsonFinding {
    JsonFinding {
        rule: d.rule.clone(),
        name: report.rule(&d.rule).map(|r| r.name.clone()),
        level: d.level,
        confidence: d.confidence,
        message: d.message.clone(),
        location: location(&resolve(report.sources, &d.primary.span)),
        related: d.secondary.iter().map(|l| related(report, l)).collect(),
        suppressed: d.suppression.as_ref().map(|s| JsonSuppression {
            directive: s.directive.clone(),
            justification: s.justification.clone(),
            location: location(&resolve(report.sources, &s.span)),
        }),
    }
}

fn related(report: &Report, label: &Label) -> JsonRelated {
    JsonRelated { message: label.message.clone(), location: location(&resolve(report.sources, &label.span)) }
}

fn location(r: &Resolved) -> JsonLocation {
    let pos = |p: crate::Position| JsonPosition { line: p.line, column: p.column };
    JsonLocation {
        path: r.path.to_owned(),
        start: r.start.map(pos),
        end: r.end.map(pos),
        byte_start: r.byte_start,
        byte_end: r.byte_end,
    }
}

fn error(n: &Notice) -> JsonError {
    JsonError {
        level: match n.level {
            NoticeLevel::Error => JsonErrorLevel::Error,
            NoticeLevel::Warning => JsonErrorLevel::Warning,
        },
        path: n.path.clone(),
        line: n.line,
        message: n.message.clone(),
    }
}

/// Writes the report as one pretty-printed JSON document followed by a newline.
pub fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonReport::from_report(report))?;
    out.write_all(b"\n")
}
