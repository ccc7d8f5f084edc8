//! SARIF output: the official schema, GitHub code scanning's ingestion rules, and the exact
//! values of the fields GitHub reads.

mod common;

use std::sync::Arc;

use blindspot_report::{
    primary_location_line_hash, render_sarif, render_sarif_within, Confidence, Diagnostic, Label, Level, Notice,
    NoticeLevel, SarifLimits, Span, GITHUB_LIMITS,
};
use common::*;
use serde_json::{json, Value};

fn schema_errors(instance: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    for (v, draft) in sarif_validators().iter().zip(["draft-04", "draft-07"]) {
        errors.extend(v.iter_errors(instance).map(|e| format!("{draft} {}: {e}", e.instance_path)));
    }
    errors
}

fn sarif(f: &Fixture) -> Value {
    let text = render(|o| render_sarif(&f.report(), o));
    serde_json::from_str(&text).expect("SARIF output is JSON")
}

/// The rich fixture plus every awkward case: a note, a rule id that is not registered, a
/// file whose text is missing, an absolute path, an empty span, a warning notice without a
/// path.
fn awkward() -> Fixture {
    let mut f = Fixture::rich();
    let abs: Arc<str> = Arc::from("/abs/dir with space/ext.go");
    f.sources.add(abs.clone(), "package ext\nvar x = 1\n".into());
    f.diagnostics.push(Diagnostic {
        rule: "BS999".to_owned(),
        message: "unregistered rule".to_owned(),
        level: Level::Note,
        confidence: Confidence::Medium,
        primary: Label::new(Span { path: Arc::from("pkg/missing.go"), start: 10, end: 4 }, "gone"),
        secondary: vec![Label::new(Span { path: abs.clone(), start: 12, end: 12 }, "")],
        suppression: None,
    });
    f.diagnostics.push(Diagnostic {
        rule: "BS101".to_owned(),
        message: "offset past the end".to_owned(),
        level: Level::Warning,
        confidence: Confidence::High,
        primary: Label::new(Span { path: abs, start: 500, end: 900 }, "clamped"),
        secondary: vec![],
        suppression: None,
    });
    f.notices.push(Notice {
        level: NoticeLevel::Warning,
        path: None,
        line: None,
        message: "no Go files in ./x".into(),
    });
    f
}

#[test]
fn output_validates_against_the_official_schema() {
    for f in [Fixture::rich(), awkward()] {
        let errors = schema_errors(&sarif(&f));
        assert!(errors.is_empty(), "schema violations: {errors:#?}");
    }
}

#[test]
fn the_schema_check_is_not_vacuous() {
    // The same validator rejects what GitHub would reject: an unencoded space in a URI, a
    // line 0, a missing version.
    let good = sarif(&Fixture::rich());
    let mut bad_uri = good.clone();
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        json!("pkg/worker pool.go");
    let mut bad_line = good.clone();
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = json!(0);
    let mut no_version = good;
    no_version.as_object_mut().unwrap().remove("version");
    for bad in [bad_uri, bad_line, no_version] {
        assert!(!schema_errors(&bad).is_empty(), "accepted: {bad:#}");
    }
}

#[test]
fn log_and_run_header() {
    let log = sarif(&Fixture::rich());
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["automationDetails"]["id"], "blindspot/");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "blindspot");
    assert_eq!(driver["version"], "0.1.0");
    assert_eq!(driver["semanticVersion"], "0.1.0");
    assert_eq!(driver["informationUri"], blindspot_report::INFORMATION_URI);
}

#[test]
fn rules_carry_every_descriptor_field() {
    let log = sarif(&Fixture::rich());
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["BS101", "BS202"]);
    let r = &rules[1];
    assert_eq!(r["name"], "syscall-uintptr-escape");
    assert_eq!(r["shortDescription"]["text"], "Summary of syscall-uintptr-escape.");
    assert_eq!(r["fullDescription"]["text"], "First paragraph of syscall-uintptr-escape,\nwrapped.");
    assert_eq!(r["help"]["text"], "First paragraph of syscall-uintptr-escape,\nwrapped.\n\nSecond paragraph.");
    assert_eq!(r["help"]["markdown"], "First *paragraph* of syscall-uintptr-escape,\nwrapped.\n\nSecond paragraph.");
    assert_eq!(r["helpUri"], "https://example.com/rules/BS202");
    assert_eq!(r["defaultConfiguration"]["level"], "error");
    assert_eq!(r["properties"]["tags"], json!(["concurrency", "security"]));
    assert_eq!(r["properties"]["precision"], "high");
    assert_eq!(r["properties"]["problem.severity"], "error");
    assert_eq!(rules[0]["properties"]["problem.severity"], "warning");
}

#[test]
fn a_note_rule_is_a_recommendation_and_empty_docs_fall_back_to_the_summary() {
    let mut f = Fixture::rich();
    f.rules[0].default_level = Level::Note;
    f.rules[0].doc_text.clear();
    f.rules[0].doc_markdown.clear();
    f.rules[0].help_uri = None;
    let log = sarif(&f);
    let r = &log["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(r["properties"]["problem.severity"], "recommendation");
    assert_eq!(r["defaultConfiguration"]["level"], "note");
    assert_eq!(r["fullDescription"]["text"], "Summary of unsafe-pointer-arith.");
    assert_eq!(r["help"]["text"], "Summary of unsafe-pointer-arith.");
    assert!(r["help"].get("markdown").is_none() && r.get("helpUri").is_none());
}

#[test]
fn github_ingestion_rules() {
    let log = sarif(&awkward_but_registered());
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = r[field]["text"].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "rule {} lacks {field}.text", r["id"]);
        }
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let id = res["ruleId"].as_str().expect("ruleId");
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains("://") && !uri.starts_with('/'), "relative uri: {uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        let hash = res["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap();
        assert!(hash.contains(':'), "fingerprint {hash}");
        // Every `](N)` link in the message names an existing related location.
        let ids: Vec<u64> = res["relatedLocations"]
            .as_array()
            .map(|a| a.iter().map(|l| l["id"].as_u64().unwrap()).collect())
            .unwrap_or_default();
        let text = res["message"]["text"].as_str().unwrap();
        let links = link_targets(text);
        assert_eq!(links.len(), ids.len(), "one link per related location in {text:?}");
        for n in links {
            assert!(ids.contains(&n), "link ({n}) has no related location");
        }
    }
}

/// Findings of every level and position, all with registered rules and known sources.
fn awkward_but_registered() -> Fixture {
    let mut f = Fixture::rich();
    let mut d = rich_diagnostic();
    d.rule = "BS101".into();
    d.level = Level::Note;
    d.secondary.clear();
    d.primary.span = span(OTHER, OTHER_TEXT, "package", 0);
    f.diagnostics.push(d);
    f
}

/// The targets of `[text](N)` links, skipping brackets escaped with a backslash.
fn link_targets(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c == ']' && chars.get(i + 1) == Some(&'(') {
            let rest: String = chars[i + 2..].iter().take_while(|c| c.is_ascii_digit()).collect();
            out.push(rest.parse().expect("numeric link target"));
        }
    }
    out
}

#[test]
fn result_fields_for_the_rich_finding() {
    let log = sarif(&Fixture::rich());
    let res = &log["runs"][0]["results"][0];
    assert_eq!(res["ruleId"], "BS202");
    assert_eq!(res["ruleIndex"], 1);
    assert_eq!(res["level"], "error");
    assert_eq!(res["properties"]["confidence"], "high");
    assert_eq!(
        res["message"]["text"],
        "uintptr of &x escapes \\[to a goroutine\\]. See [the goroutine starts here](1). \
         See [writes *p \\[unsynchronized\\]](2)."
    );
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"], json!({"uri": "pkg/worker%20pool.go", "uriBaseId": "%SRCROOT%"}));
    assert_eq!(loc["region"]["snippet"]["text"], "uintptr(unsafe.Pointer(&x))");
    let related = res["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(related[0]["id"], 1);
    assert_eq!(related[0]["message"]["text"], "the goroutine starts here");
    assert_eq!(
        related[0]["physicalLocation"]["region"],
        json!({"startLine": 7, "startColumn": 2, "endLine": 7, "endColumn": 11, "snippet": {"text": "go use(p)"}})
    );
    assert_eq!(related[1]["id"], 2);
    assert_eq!(related[1]["physicalLocation"]["artifactLocation"]["uri"], "pkg/other.go");
    assert_eq!(related[1]["message"]["text"], "writes *p [unsynchronized]");
}

#[test]
fn columns_are_utf16_code_units() {
    // Before `uintptr` on line 6: a tab and `s := "é😀"; p := `, which is 17 scalar values,
    // 18 UTF-16 units (😀 is a surrogate pair) and 21 bytes.
    let log = sarif(&Fixture::rich());
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 6);
    assert_eq!(region["startColumn"], 19);
    assert_eq!(region["endLine"], 6);
    // `uintptr(unsafe.Pointer(&x))` is 27 units long; the end column is exclusive.
    assert_eq!(region["endColumn"], 19 + 27);
}

#[test]
fn fingerprint_is_the_codeql_action_line_hash() {
    let log = sarif(&Fixture::rich());
    let hash = &log["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"];
    assert_eq!(hash, primary_location_line_hash(WORKER_TEXT, 6).as_str());
    // Computed by codeql-action's hash() (transcribed to JavaScript with the "long"
    // package, run by node) over the fixture file.
    assert_eq!(hash, "dd229a3f9407a7e7:1");
}

#[test]
fn notices_become_tool_execution_notifications() {
    let log = sarif(&awkward());
    let inv = &log["runs"][0]["invocations"];
    assert_eq!(inv.as_array().unwrap().len(), 1);
    assert_eq!(inv[0]["executionSuccessful"], false);
    let notes = inv[0]["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(notes[0]["message"]["text"], "syntax error: unexpected }");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"],
        json!({"artifactLocation": {"uri": "pkg/bad%20file.go", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 3}})
    );
    assert_eq!(notes[1]["level"], "warning");
    assert!(notes[1].get("locations").is_none());
}

#[test]
fn warnings_alone_leave_the_execution_successful() {
    let mut f = Fixture::rich();
    f.notices[0].level = NoticeLevel::Warning;
    assert_eq!(sarif(&f)["runs"][0]["invocations"][0]["executionSuccessful"], true);
    f.notices.clear();
    let log = sarif(&f);
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    assert!(log["runs"][0]["invocations"][0].get("toolExecutionNotifications").is_none());
}

#[test]
fn awkward_findings_degrade_gracefully() {
    let log = sarif(&awkward());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);

    // Unregistered rule: a ruleId but no ruleIndex. Missing text: a byte region, no
    // fingerprint. A reversed span becomes empty.
    let unknown = &results[1];
    assert_eq!(unknown["ruleId"], "BS999");
    assert!(unknown.get("ruleIndex").is_none());
    assert_eq!(unknown["level"], "note");
    assert_eq!(unknown["properties"]["confidence"], "medium");
    assert_eq!(unknown["locations"][0]["physicalLocation"]["region"], json!({"byteOffset": 10, "byteLength": 0}));
    assert!(unknown.get("partialFingerprints").is_none());
    // An empty label message still gives a readable link; the absolute path a file URI.
    assert_eq!(unknown["message"]["text"], "unregistered rule. See [related location](1).");
    let rel = &unknown["relatedLocations"][0]["physicalLocation"];
    assert_eq!(rel["artifactLocation"], json!({"uri": "file:///abs/dir%20with%20space/ext.go"}));
    assert_eq!(rel["region"]["startLine"], 2);
    assert_eq!(rel["region"]["startColumn"], 1);
    assert_eq!(rel["region"]["endColumn"], 1);

    // Offsets past the end are clamped to the end of the file.
    let clamped = &results[2]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(clamped["startLine"], 3);
    assert_eq!(clamped["startColumn"], 1);
    assert_eq!(results[2]["ruleIndex"], 0);
}

#[test]
fn empty_report_is_still_a_valid_log() {
    let f = Fixture { diagnostics: vec![], notices: vec![], rules: rules(), sources: Default::default() };
    let log = sarif(&f);
    assert_eq!(log["runs"][0]["results"], json!([]));
    assert!(schema_errors(&log).is_empty());
}

/// Many findings of mixed levels, each with a long trail.
fn crowd(n: usize) -> Fixture {
    let mut f = Fixture::rich();
    let base = f.diagnostics[0].clone();
    f.diagnostics = (0..n)
        .map(|i| {
            let mut d = base.clone();
            d.level = [Level::Note, Level::Warning, Level::Error][i % 3];
            d.message = format!("finding {i} with a message long enough to weigh something {}", "x".repeat(i % 97));
            d.secondary = std::iter::repeat_n(d.secondary[0].clone(), 5).collect();
            d
        })
        .collect();
    f
}

fn levels(v: &Value) -> Vec<String> {
    v["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["level"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn beyond_the_result_limit_the_lowest_severities_are_dropped() {
    let f = crowd(30);
    let limits = SarifLimits { results: 12, related_locations: 3, tags: 20, gzip_bytes: usize::MAX };
    let mut out = Vec::new();
    let dropped = render_sarif_within(&f.report(), limits, &mut out).unwrap();
    assert_eq!(dropped, 18);
    let v: Value = serde_json::from_slice(&out).unwrap();
    let kept = levels(&v);
    // All ten errors, then two warnings; no note.
    assert_eq!(kept.iter().filter(|l| *l == "error").count(), 10);
    assert_eq!(kept.iter().filter(|l| *l == "warning").count(), 2);
    assert!(schema_errors(&v).is_empty());
    // Output order is kept among what is left, and trails are cut to the limit.
    let messages: Vec<&str> =
        v["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["message"]["text"].as_str().unwrap()).collect();
    assert!(messages[0].starts_with("finding 1 ") && messages[1].starts_with("finding 2 "), "{messages:?}");
    assert!(v["runs"][0]["results"].as_array().unwrap().iter().all(|r| r["relatedLocations"]
        .as_array()
        .unwrap()
        .len()
        == 3));
}

#[test]
fn beyond_the_size_limit_results_are_dropped_until_it_fits() {
    let f = crowd(300);
    let mut whole = Vec::new();
    assert_eq!(render_sarif_within(&f.report(), GITHUB_LIMITS, &mut whole).unwrap(), 0, "far below GitHub's limits");
    let limits = SarifLimits { gzip_bytes: 8_000, ..GITHUB_LIMITS };
    let mut out = Vec::new();
    let dropped = render_sarif_within(&f.report(), limits, &mut out).unwrap();
    assert!(dropped > 0 && dropped < 300, "{dropped}");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &out).unwrap();
    assert!(gz.finish().unwrap().len() <= 8_000);
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(levels(&v).len(), 300 - dropped);
    assert!(!levels(&v).iter().any(|l| l == "note") || levels(&v).iter().filter(|l| *l == "error").count() == 100);
}
