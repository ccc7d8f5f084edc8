//! Runs every fixture folder under `testdata/` (one per rule) through the whole pipeline and
//! compares the findings with the `// want BSxxx` markers written on the expected lines,
//! (or `/* want BSxxx */` before a line comment under test), as golang.org/x/tools'
//! analysistest does. Any missing or unexpected finding fails; suppressed findings do not
//! count.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use blindspot::pipeline::analyze;
use blindspot_report::{position, NoticeLevel};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// (path relative to the fixture root, line, rule)
type Expect = BTreeSet<(String, usize, String)>;

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            go_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "go") {
            out.push(p);
        }
    }
}

fn wanted(root: &Path) -> Expect {
    let mut files = Vec::new();
    go_files(root, &mut files);
    let mut out = Expect::new();
    for f in files {
        let rel = f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        for (i, line) in fs::read_to_string(&f).unwrap().lines().enumerate() {
            // `/* want BS001 */` is for lines whose own line comment is under test.
            let Some((_, want)) = line.split_once("// want ").or_else(|| line.split_once("/* want ")) else {
                continue;
            };
            for id in want.split_whitespace().take_while(|w| w.starts_with("BS")) {
                out.insert((rel.clone(), i + 1, id.to_string()));
            }
        }
    }
    out
}

fn check_fixture(root: &Path) -> Result<usize, String> {
    let analysis = analyze(root, &["./...".to_string()]);
    let errors: Vec<_> = analysis.notices.iter().filter(|n| n.level == NoticeLevel::Error).collect();
    if !errors.is_empty() {
        return Err(format!("{}: run errors: {errors:?}", root.display()));
    }
    // Fixtures are valid Go, so a syntax warning is a grammar or lowering bug.
    let syntax: Vec<_> = analysis.notices.iter().filter(|n| n.message.contains("syntax error")).collect();
    if !syntax.is_empty() {
        return Err(format!("{}: valid Go reported as a syntax error: {syntax:?}", root.display()));
    }
    let mut got = Expect::new();
    // A silenced finding is not reported: the fixture must not expect it.
    for d in analysis.diagnostics.iter().filter(|d| d.suppression.is_none()) {
        let text = analysis.sources.get(&d.primary.span.path).expect("primary file in sources").text.clone();
        got.insert((d.primary.span.path.to_string(), position(&text, d.primary.span.start).line, d.rule.clone()));
    }
    let want = wanted(root);
    let missing: Vec<_> = want.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&want).collect();
    if missing.is_empty() && unexpected.is_empty() {
        Ok(want.len())
    } else {
        let details: Vec<String> = analysis
            .diagnostics
            .iter()
            .map(|d| format!("  {}@{}: {}", d.primary.span.path, d.primary.span.start, d.message))
            .collect();
        Err(format!(
            "{}:\n  missing: {missing:?}\n  unexpected: {unexpected:?}\n all findings:\n{}",
            root.display(),
            details.join("\n")
        ))
    }
}

#[test]
fn every_fixture_matches_its_want_markers() {
    let mut failures = Vec::new();
    let mut rules = 0;
    let mut expectations = 0;
    let mut dirs: Vec<PathBuf> = rule_folders();
    dirs.sort();
    for dir in dirs {
        rules += 1;
        match check_fixture(&dir) {
            Ok(n) => expectations += n,
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(rules > 0, "no fixture folders under testdata/");
    assert!(expectations > 0, "fixtures expect no finding at all");
}

/// The folders of `testdata/`, one per rule; hidden ones (a `.blindspot_cache` left by a run
/// in `testdata/` outside a repository) are not fixtures.
fn rule_folders() -> Vec<PathBuf> {
    fs::read_dir(testdata())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect()
}

/// Every registered rule has a fixture folder, and every fixture folder is a rule.
#[test]
fn every_rule_has_a_fixture_folder() {
    let ids: BTreeSet<String> = blindspot_rules::REGISTRY.iter().map(|r| r.id.to_string()).collect();
    let folders: BTreeSet<String> =
        rule_folders().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(ids, folders);
}

/// The prefilter skips only packages that cannot matter: every fixture gives the same
/// findings and notices with and without it.
#[test]
fn the_prefilter_changes_nothing() {
    use blindspot::config::Config;
    use blindspot::pipeline::{analyze_with, Options};
    let mut dirs: Vec<PathBuf> = rule_folders();
    dirs.sort();
    let (mut compared, mut skipped) = (0, 0);
    for dir in dirs {
        let run = |no_prefilter| {
            let options = Options { config: Config::empty(&dir), no_prefilter, ..Options::default() };
            analyze_with(&dir, &["./...".to_string()], &options)
        };
        let (with, without) = (run(false), run(true));
        assert_eq!(
            (&with.diagnostics, &with.notices),
            (&without.diagnostics, &without.notices),
            "{}: the prefilter changed the output",
            dir.display()
        );
        assert_eq!(without.skipped, 0);
        compared += without.diagnostics.len();
        skipped += with.skipped;
    }
    assert!(compared > 50, "the fixtures have findings to compare ({compared})");
    // Negative fixtures (code `-race` sees) hold packages with nothing to look at.
    assert!(skipped > 0, "the prefilter skipped nothing: the comparison proves nothing");
}
