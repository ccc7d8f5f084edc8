//! What the fuzz target and the property test drive: one package of in-memory files
//! through parsing, the model, every rule, the facts, the suppressions and every renderer.

use std::path::PathBuf;
use std::sync::Arc;

use blindspot_analysis::Imports;
use blindspot_report::{self as report, Report, Sources};

/// The files a fuzz input stands for: up to four, separated by 0xFF bytes (never part of
/// UTF-8 text), each decoded lossily, as invalid UTF-8 never reaches the parser otherwise.
pub fn files_of_fuzz_input(data: &[u8]) -> Vec<(String, String)> {
    data.split(|&b| b == 0xFF)
        .take(4)
        .enumerate()
        .map(|(i, bytes)| (format!("f{i}.go"), String::from_utf8_lossy(bytes).into_owned()))
        .collect()
}

/// One package made of in-memory files, through parsing, the model, every rule, the facts,
/// the suppressions and every renderer. Returns the text, JSON, SARIF and GitHub
/// renderings.
pub fn check_in_memory(files: &[(String, String)]) -> [Vec<u8>; 4] {
    let loaded: Vec<blindspot_go::load::LoadedFile> = files
        .iter()
        .map(|(name, text)| blindspot_go::load::LoadedFile {
            path: PathBuf::from(name),
            display: Arc::from(name.as_str()),
            text: Arc::from(text.as_str()),
            reported: true,
        })
        .collect();
    let model = blindspot_go::build_package("p", Arc::from("."), &loaded);
    let (mut diagnostics, _) = crate::package::check(&model, Imports::none(), &|_| true);
    let texts: Vec<(Arc<str>, Arc<str>)> = loaded.iter().map(|f| (f.display.clone(), f.text.clone())).collect();
    blindspot_rules::apply_suppressions(&mut diagnostics, &texts, &|_| true);
    report::sort_diagnostics(&mut diagnostics);
    let mut sources = Sources::new();
    for (path, text) in texts {
        sources.add(path, text);
    }
    let report = Report {
        diagnostics: &diagnostics,
        notices: &[],
        rules: blindspot_rules::metas(),
        sources: &sources,
        tool_version: env!("CARGO_PKG_VERSION"),
        automation_id: "blindspot/",
        hidden_suppressed: 0,
    };
    let mut out: [Vec<u8>; 4] = Default::default();
    // Writing to memory cannot fail.
    let _ = report::render_text(&report, false, &mut out[0]);
    let _ = report::render_json(&report, &mut out[1]);
    let _ = report::render_sarif(&report, &mut out[2]);
    let _ = report::render_github(&report, &mut out[3]);
    out
}
