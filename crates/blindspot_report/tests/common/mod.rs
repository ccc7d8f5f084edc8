//! Fixtures shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different part

use std::sync::Arc;

use blindspot_report::{Confidence, Diagnostic, Label, Level, Notice, NoticeLevel, Report, RuleMeta, Sources, Span};

pub const WORKER: &str = "pkg/worker pool.go";
pub const WORKER_TEXT: &str = "package pool

import \"unsafe\"

func run(x int) {
\ts := \"é😀\"; p := uintptr(unsafe.Pointer(&x))
\tgo use(p)
}
";

pub const OTHER: &str = "pkg/other.go";
pub const OTHER_TEXT: &str = "package pool

func use(p uintptr) { *(*int)(unsafe.Pointer(p)) = 1 }
";

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn span(path: &str, text: &str, needle: &str, nth: usize) -> Span {
    let start = text.match_indices(needle).nth(nth).expect("needle in fixture").0;
    Span { path: Arc::from(path), start, end: start + needle.len() }
}

pub fn rule(id: &str, name: &str, level: Level) -> RuleMeta {
    RuleMeta {
        id: id.to_owned(),
        name: name.to_owned(),
        summary: format!("Summary of {name}."),
        cause: "the race detector only sees instrumented accesses".to_owned(),
        default_level: level,
        precision: "high".to_owned(),
        tags: vec!["concurrency".to_owned(), "security".to_owned()],
        doc_markdown: format!("First *paragraph* of {name},\nwrapped.\n\nSecond paragraph."),
        doc_text: format!("First paragraph of {name},\nwrapped.\n\nSecond paragraph."),
        help_uri: Some(format!("https://example.com/rules/{id}")),
    }
}

pub fn rules() -> Vec<RuleMeta> {
    vec![rule("BS101", "unsafe-pointer-arith", Level::Warning), rule("BS202", "syscall-uintptr-escape", Level::Error)]
}

pub fn sources() -> Sources {
    let mut s = Sources::new();
    s.add(WORKER.into(), WORKER_TEXT.into());
    s.add(OTHER.into(), OTHER_TEXT.into());
    s
}

/// One finding with two secondary labels (one in another file) and a message with the
/// characters SARIF and GitHub escape.
pub fn rich_diagnostic() -> Diagnostic {
    Diagnostic {
        rule: "BS202".to_owned(),
        message: "uintptr of &x escapes [to a goroutine]".to_owned(),
        level: Level::Error,
        confidence: Confidence::High,
        primary: Label::new(span(WORKER, WORKER_TEXT, "uintptr(unsafe.Pointer(&x))", 0), "converted here"),
        secondary: vec![
            Label::new(span(WORKER, WORKER_TEXT, "go use(p)", 0), "the goroutine starts here"),
            Label::new(span(OTHER, OTHER_TEXT, "*(*int)(unsafe.Pointer(p)) = 1", 0), "writes *p [unsynchronized]"),
        ],
        suppression: None,
    }
}

pub fn notices() -> Vec<Notice> {
    vec![Notice {
        level: NoticeLevel::Error,
        path: Some("pkg/bad file.go".to_owned()),
        line: Some(3),
        message: "syntax error: unexpected }".to_owned(),
    }]
}

/// Owns everything a [`Report`] borrows.
pub struct Fixture {
    pub diagnostics: Vec<Diagnostic>,
    pub notices: Vec<Notice>,
    pub rules: Vec<RuleMeta>,
    pub sources: Sources,
}

impl Fixture {
    pub fn rich() -> Fixture {
        Fixture { diagnostics: vec![rich_diagnostic()], notices: notices(), rules: rules(), sources: sources() }
    }

    pub fn report(&self) -> Report<'_> {
        Report {
            diagnostics: &self.diagnostics,
            notices: &self.notices,
            rules: &self.rules,
            sources: &self.sources,
            tool_version: "0.1.0",
            automation_id: "blindspot/",
            hidden_suppressed: 0,
        }
    }
}

pub fn render(f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    f(&mut buf).expect("rendering into a Vec cannot fail");
    String::from_utf8(buf).expect("renderers write UTF-8")
}

/// The official OASIS schema (errata 01), compiled twice: as draft-04, the dialect it
/// declares, and as draft-07, under which jsonschema also checks the `uri-reference` format
/// that draft-04 does not define (GitHub rejects unencoded URIs).
pub fn sarif_validators() -> Vec<jsonschema::Validator> {
    let schema: serde_json::Value = serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json")).unwrap();
    let draft4 = jsonschema::draft4::options().should_validate_formats(true).build(&schema);
    let draft7 = jsonschema::draft7::options().should_validate_formats(true).build(&schema);
    vec![draft4.expect("the schema compiles as draft-04"), draft7.expect("the schema compiles as draft-07")]
}
