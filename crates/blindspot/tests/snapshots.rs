//! What users read, kept as reviewed snapshots: every fixture folder's text output (source
//! snippets, labels, the evidence trail) and its JSON, as `blindspot check ./...` in that
//! folder prints them. A change to a message, a label or a trail fails here until the new
//! snapshot is reviewed (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test
//! snapshots` and a look at the diff). The `// want` markers (tests/fixtures.rs) still say
//! where findings must be; these say what they say.

use std::fs;
use std::path::{Path, PathBuf};

use blindspot::pipeline::analyze;
use blindspot_report::{render_json, render_text, Report};

fn rule_folders() -> Vec<PathBuf> {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut dirs: Vec<PathBuf> = fs::read_dir(testdata)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    dirs.sort();
    dirs
}

/// The text and JSON renderings of `./...` in `dir`, as the command prints them by default
/// (suppressed findings left out and counted).
fn render(dir: &Path) -> (String, String) {
    let mut analysis = analyze(dir, &["./...".to_string()]);
    let all = analysis.diagnostics.len();
    analysis.diagnostics.retain(|d| d.suppression.is_none());
    let report = Report {
        diagnostics: &analysis.diagnostics,
        notices: &analysis.notices,
        rules: blindspot_rules::metas(),
        sources: &analysis.sources,
        tool_version: env!("CARGO_PKG_VERSION"),
        automation_id: "blindspot/",
        hidden_suppressed: all - analysis.diagnostics.len(),
    };
    let (mut text, mut json) = (Vec::new(), Vec::new());
    render_text(&report, false, &mut text).unwrap();
    render_json(&report, &mut json).unwrap();
    (String::from_utf8(text).unwrap(), String::from_utf8(json).unwrap())
}

#[test]
fn every_fixture_renders_as_its_snapshot() {
    let folders = rule_folders();
    assert!(folders.len() >= 10, "the rule folders of testdata/");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for dir in folders {
            let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
            let (text, json) = render(&dir);
            assert!(text.contains(&rule), "{rule}: the fixtures of a rule show at least one of its findings");
            insta::assert_snapshot!(format!("{rule}.text"), text);
            insta::assert_snapshot!(format!("{rule}.json"), json);
        }
    });
}
