//! JSON output: the documented shape, and a lossless round trip through the public structs.

mod common;

use std::sync::Arc;

use blindspot_report::json::{
    JsonError, JsonErrorLevel, JsonFinding, JsonLocation, JsonPosition, JsonRelated, JsonReport, JsonTool,
};
use blindspot_report::{render_json, Confidence, Diagnostic, Label, Level, Span};
use common::*;
use serde_json::Value;

fn pos(line: usize, column: usize) -> Option<JsonPosition> {
    Some(JsonPosition { line, column })
}

#[test]
fn round_trips_into_the_expected_document() {
    let f = Fixture::rich();
    let text = render(|o| render_json(&f.report(), o));
    let parsed: JsonReport = serde_json::from_str(&text).expect("parses back into the structs");
    let d = &f.diagnostics[0];
    let expected = JsonReport {
        version: 1,
        tool: JsonTool { name: "blindspot".into(), version: "0.1.0".into() },
        findings: vec![JsonFinding {
            rule: "BS202".into(),
            name: Some("syscall-uintptr-escape".into()),
            level: Level::Error,
            confidence: Confidence::High,
            message: d.message.clone(),
            location: JsonLocation {
                path: WORKER.into(),
                // 17 scalar values precede `uintptr` on line 6 (21 bytes: é is 2, 😀 is 4).
                start: pos(6, 18),
                end: pos(6, 18 + 27),
                byte_start: d.primary.span.start,
                byte_end: d.primary.span.end,
            },
            related: vec![
                JsonRelated {
                    message: "the goroutine starts here".into(),
                    location: JsonLocation {
                        path: WORKER.into(),
                        start: pos(7, 2),
                        end: pos(7, 11),
                        byte_start: d.secondary[0].span.start,
                        byte_end: d.secondary[0].span.end,
                    },
                },
                JsonRelated {
                    message: "writes *p [unsynchronized]".into(),
                    location: JsonLocation {
                        path: OTHER.into(),
                        start: pos(3, 23),
                        end: pos(3, 53),
                        byte_start: d.secondary[1].span.start,
                        byte_end: d.secondary[1].span.end,
                    },
                },
            ],
            suppressed: None,
        }],
        errors: vec![JsonError {
            level: JsonErrorLevel::Error,
            path: Some("pkg/bad file.go".into()),
            line: Some(3),
            message: "syntax error: unexpected }".into(),
        }],
    };
    assert_eq!(parsed, expected);
    // The byte offsets really are the input's, and the text at them is the spanned code.
    assert_eq!(
        &WORKER_TEXT[parsed.findings[0].location.byte_start..parsed.findings[0].location.byte_end],
        "uintptr(unsafe.Pointer(&x))"
    );
    // And serializing the parsed structs gives the same document back.
    assert_eq!(serde_json::to_value(&parsed).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
}

#[test]
fn field_names_are_the_documented_ones() {
    let f = Fixture::rich();
    let v: Value = serde_json::from_str(&render(|o| render_json(&f.report(), o))).unwrap();
    // `Value` sorts object keys, so both sides are compared sorted.
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let sorted = |mut k: Vec<&str>| -> Vec<String> {
        k.sort_unstable();
        k.into_iter().map(String::from).collect()
    };
    assert_eq!(keys(&v), sorted(vec!["version", "tool", "findings", "errors"]));
    assert_eq!(v["version"], 1);
    let finding = &v["findings"][0];
    assert_eq!(keys(finding), sorted(vec!["rule", "name", "level", "confidence", "message", "location", "related"]));
    assert_eq!(keys(&finding["location"]), sorted(vec!["path", "start", "end", "byte_start", "byte_end"]));
    assert_eq!(keys(&finding["location"]["start"]), sorted(vec!["line", "column"]));
    assert_eq!(keys(&finding["related"][0]), sorted(vec!["message", "location"]));
    assert_eq!(keys(&v["errors"][0]), sorted(vec!["level", "path", "line", "message"]));
    assert_eq!(finding["level"], "error");
    assert_eq!(finding["confidence"], "high");
}

#[test]
fn missing_sources_unknown_rules_and_null_notice_fields() {
    let mut f = Fixture::rich();
    f.diagnostics = vec![Diagnostic {
        rule: "BS999".into(),
        message: "ctrl \u{1b}[31m and \r survive as JSON escapes".into(),
        level: Level::Note,
        confidence: Confidence::Medium,
        primary: Label::new(Span { path: Arc::from("gone.go"), start: 7, end: 3 }, "x"),
        secondary: vec![],
        suppression: None,
    }];
    f.notices[0].path = None;
    f.notices[0].line = None;
    let text = render(|o| render_json(&f.report(), o));
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "JSON escapes control characters");
    let parsed: JsonReport = serde_json::from_str(&text).unwrap();
    let finding = &parsed.findings[0];
    assert_eq!(finding.name, None);
    assert_eq!(finding.level, Level::Note);
    assert_eq!(finding.confidence, Confidence::Medium);
    assert_eq!(finding.message, f.diagnostics[0].message);
    assert_eq!(
        finding.location,
        JsonLocation { path: "gone.go".into(), start: None, end: None, byte_start: 7, byte_end: 7 }
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["findings"][0]["location"]["start"].is_null());
    assert!(v["errors"][0]["path"].is_null() && v["errors"][0]["line"].is_null());
}

#[test]
fn no_findings_is_an_empty_document() {
    let f = Fixture { diagnostics: vec![], notices: vec![], rules: rules(), sources: sources() };
    let text = render(|o| render_json(&f.report(), o));
    assert!(text.ends_with("}\n"));
    let parsed: JsonReport = serde_json::from_str(&text).unwrap();
    assert!(parsed.findings.is_empty() && parsed.errors.is_empty());
}
