//! End-to-end tests of the `blindspot` binary: patterns, exit codes, output formats,
//! `--output`, colors, and errors on bad input.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

const WRAPPER: &str = r#"package term

import "golang.org/x/sys/unix"

func ioctl(fd int, req uint, arg uintptr) error {
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if errno != 0 {
		return errno
	}
	return nil
}
"#;

const CALLER: &str = r#"package term

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

func GetSize(fd int) (*unix.Winsize, error) {
	ws := new(unix.Winsize)
	err := ioctl(fd, unix.TIOCGWINSZ, uintptr(unsafe.Pointer(ws)))
	return ws, err
}
"#;

const CLEAN: &str = "package clean\n\nfunc Add(a, b int) int { return a + b }\n";

/// A module with one finding (term/size.go:11) and one clean package.
fn module() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    write(dir.path(), "term/ioctl.go", WRAPPER);
    write(dir.path(), "term/size.go", CALLER);
    write(dir.path(), "clean/clean.go", CLEAN);
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn blindspot(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blindspot"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .expect("run blindspot")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn findings_exit_1_and_show_the_trail() {
    let m = module();
    let o = blindspot(m.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("error[BS202]"), "{out}");
    assert!(out.contains("term/size.go:11:36"), "{out}");
    assert!(out.contains("term/ioctl.go:6:17"), "secondary label in the wrapper's file: {out}");
    assert!(out.contains("passed to `ioctl` as its parameter `arg`"), "{out}");
    assert!(out.ends_with("found 1 finding (1 error)\n"), "{out}");
}

#[test]
fn clean_code_exits_0() {
    let m = module();
    let o = blindspot(m.path(), &["check", "./clean/..."]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert_eq!(stdout(&o), "no findings\n");
}

#[test]
fn exit_zero_hides_findings_but_not_errors() {
    let m = module();
    assert_eq!(blindspot(m.path(), &["check", "--exit-zero"]).status.code(), Some(0));
    let o = blindspot(m.path(), &["check", "--exit-zero", "./...", "./missing/..."]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn nonexistent_pattern_is_an_error_that_names_it() {
    let m = module();
    let o = blindspot(m.path(), &["check", "./nope/..."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pattern \"./nope/...\""), "{}", stderr(&o));
    // The other patterns are still analyzed.
    let o = blindspot(m.path(), &["check", "--format", "json", "./nope", "./term"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn pattern_matching_nothing_is_an_error() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "README.md", "no Go here\n");
    let o = blindspot(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("matched no packages"), "{}", stderr(&o));
}

#[test]
fn a_package_over_its_work_budget_is_named_and_the_run_goes_on() {
    let m = module();
    // A second package with a finding of its own, analyzed within any budget but the least.
    write(m.path(), "other/size.go", &CALLER.replace("package term", "package other"));
    write(m.path(), "other/ioctl.go", &WRAPPER.replace("package term", "package other"));
    let full = blindspot(m.path(), &["check", "--no-cache", "--format", "json"]);
    assert_eq!(findings_of(&full).len(), 2, "{}", stdout(&full));
    // --statistics names the package that spent the most, to choose a budget by.
    let stats = blindspot(m.path(), &["check", "--no-cache", "--statistics"]);
    let most = stderr(&stats);
    assert!(most.contains("; the most work: ") && most.trim_end().ends_with(" units (other)"), "{most}");

    let o = blindspot(m.path(), &["check", "--no-cache", "--format", "json", "--max-package-work", "1"]);
    assert_eq!(o.status.code(), Some(0), "nothing reported; a warning is not an error: {}", stderr(&o));
    assert_eq!(findings_of(&o).len(), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let stopped: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["message"].as_str().unwrap().contains("analysis stopped after 1 units of work"))
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(stopped, ["other", "term"], "{}", stdout(&o));
    assert!(stderr(&o).contains("warning: term: package term: analysis stopped"), "{}", stderr(&o));
    let sarif = blindspot(m.path(), &["check", "--no-cache", "--format", "sarif", "--max-package-work", "1"]);
    assert!(stdout(&sarif).contains("analysis stopped after 1 units of work"), "{}", stdout(&sarif));

    // Counted, not timed: the same budget stops the same packages on one thread and on four.
    let mut stopped_at = Vec::new();
    for budget in ["5", "10", "100", "1000", "100000"] {
        let args = |j| ["check", "--no-cache", "--format", "json", "--max-package-work", budget, "-j", j];
        let (one, four) = (blindspot(m.path(), &args("1")), blindspot(m.path(), &args("4")));
        assert_eq!((stdout(&one), stderr(&one)), (stdout(&four), stderr(&four)), "budget {budget}");
        stopped_at.push(stderr(&one).matches("analysis stopped").count());
    }
    assert_eq!(stopped_at, [2, 2, 0, 0, 0], "small budgets stop both packages, larger ones neither");
    // A budget of 0 is refused.
    let o = blindspot(m.path(), &["check", "--no-cache", "--max-package-work", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A cached result is not reused under another budget.
    assert_eq!(findings_of(&blindspot(m.path(), &["check", "--format", "json"])).len(), 2);
    let o = blindspot(m.path(), &["check", "--format", "json", "--max-package-work", "1"]);
    assert_eq!(findings_of(&o).len(), 0, "{}", stdout(&o));
}

#[test]
fn undecodable_file_is_reported_and_the_rest_analyzed() {
    let m = module();
    fs::write(m.path().join("term/bad.go"), b"package term\n\nvar s = \"\xff\xfe\"\n").unwrap();
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("term/bad.go"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "the good files are still analyzed");
    assert_eq!(v["errors"][0]["path"], "term/bad.go");
}

#[test]
fn syntax_errors_warn_and_the_file_is_still_analyzed() {
    let m = module();
    let broken = CALLER.replace("return ws, err", "return ws, err +* )");
    write(m.path(), "term/size.go", &broken);
    let o = blindspot(m.path(), &["check", "--format", "json", "./term"]);
    assert_eq!(o.status.code(), Some(1), "a syntax error is a warning, not a run error");
    assert!(stderr(&o).contains("warning: term/size.go:12: syntax error"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["location"]["start"]["line"], 11);
    assert!(blindspot(m.path(), &["check", "-q", "./term"]).stderr.is_empty(), "--quiet hides warnings");
}

#[test]
fn file_pattern_reports_only_that_file() {
    let m = module();
    // The wrapper file alone: the caller is context, its finding is not reported.
    let o = blindspot(m.path(), &["check", "term/ioctl.go"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = blindspot(m.path(), &["check", "term/size.go"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn output_file_receives_the_report() {
    let m = module();
    let target = m.path().join("report.sarif");
    let o = blindspot(m.path(), &["check", "--format", "sarif", "--output", "report.sarif"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(target).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");

    let o = blindspot(m.path(), &["check", "--output", "no/such/dir/out.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write the report to no/such/dir/out.txt"), "{}", stderr(&o));
}

/// The log validates against the official SARIF 2.1.0 schema.
fn assert_valid_sarif(sarif: &serde_json::Value) {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/blindspot_report/tests/data/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = serde_json::from_str(&fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(sarif).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_is_valid_and_complete() {
    let m = module();
    let o = blindspot(m.path(), &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid_sarif(&sarif);

    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "blindspot");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let index = rules.iter().position(|r| r["id"] == "BS202").unwrap();
    assert_eq!(run["automationDetails"]["id"], "blindspot/");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "BS202");
    assert_eq!(result["ruleIndex"], index);
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "term/size.go");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 11);
    assert_eq!(loc["region"]["startColumn"], 36);
    assert!(result["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap().ends_with(":1"));
    assert_eq!(result["relatedLocations"].as_array().unwrap().len(), 2);
    assert!(result["message"]["text"].as_str().unwrap().contains("](1)"));
}

#[test]
fn github_annotations() {
    let m = module();
    let o = blindspot(m.path(), &["check", "--format", "github"]);
    let out = stdout(&o);
    assert!(out.starts_with("::error file=term/size.go,line=11,col=36,"), "{out}");
    assert!(out.contains("title=BS202 syscall-uintptr-escape::"), "{out}");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn color_is_explicit_or_off_when_piped() {
    let m = module();
    assert!(stdout(&blindspot(m.path(), &["check", "--color", "always"])).contains('\x1b'));
    assert!(!stdout(&blindspot(m.path(), &["check"])).contains('\x1b'), "stdout is a pipe: no color");
    assert!(!stdout(&blindspot(m.path(), &["check", "--color", "never"])).contains('\x1b'));
    let o = Command::new(env!("CARGO_BIN_EXE_blindspot"))
        .args(["check", "--color", "auto"])
        .current_dir(m.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8(o.stdout).unwrap().contains('\x1b'));
}

#[test]
fn control_characters_from_source_never_reach_the_terminal() {
    let m = module();
    let evil = CALLER.replace("err := ioctl(", "err := /* \x1b[2J\x07 */ ioctl(");
    write(m.path(), "term/size.go", &evil);
    let o = blindspot(m.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J"), "the escape is shown, escaped: {out}");
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    // Without the cache: the second run would read the first one's results.
    let one = blindspot(&fixtures, &["check", "--no-cache", "-j", "1", "--format", "json", "./..."]);
    let many = blindspot(&fixtures, &["check", "--no-cache", "-j", "8", "--format", "json", "./..."]);
    assert_eq!(one.status.code(), Some(1));
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn rules_and_explain() {
    let m = module();
    let o = blindspot(m.path(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).lines().any(|l| l.starts_with("BS202  syscall-uintptr-escape")), "{}", stdout(&o));
    let o = blindspot(m.path(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "rules are listed in id order");
    let bs202 = v.as_array().unwrap().iter().find(|r| r["id"] == "BS202").unwrap();
    assert_eq!(bs202["level"], "error");
    assert_eq!(bs202["name"], "syscall-uintptr-escape");

    let o = blindspot(m.path(), &["explain", "bs202"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("# BS202 syscall-uintptr-escape"));
    let o = blindspot(m.path(), &["explain", "syscall-uintptr-escape"]);
    assert_eq!(o.status.code(), Some(0));
    let o = blindspot(m.path(), &["explain", "BS999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown rule `BS999`"));
}

#[test]
fn bad_arguments_exit_2() {
    let m = module();
    assert_eq!(blindspot(m.path(), &["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(blindspot(m.path(), &["check", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(blindspot(m.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(blindspot(m.path(), &["check", "-j", "0"]).status.code(), Some(2));
    assert_eq!(blindspot(m.path(), &["--version"]).status.code(), Some(0));
}

#[test]
fn fifo_and_symlink_loop_do_not_hang() {
    let m = module();
    let fifo = m.path().join("term/x.go");
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    std::os::unix::fs::symlink(m.path(), m.path().join("term/loop")).unwrap();
    // A FIFO opened for reading blocks forever; blindspot must not open it. The test
    // harness's own timeout is the backstop, the assertion is the warning.
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    if made {
        assert!(stderr(&o).contains("term/x.go: not a regular file, skipped"), "{}", stderr(&o));
    }
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "the symlinked loop is not walked twice");
}

#[test]
fn an_importer_alone_still_sees_its_dependencies_lock_and_goroutine_facts() {
    // Only `app` is named: `ring` (which locks around its arguments) is loaded as context.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/BS101/cross_package_locked");
    let o = blindspot(&fixture, &["check", "--no-cache", "--format", "json", "./app"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lines: Vec<u64> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["start"]["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lines, vec![32, 45], "{}", stdout(&o));
}

/// The module of `module()` with its finding silenced, a stale directive and a generated
/// file that has a finding of its own.
fn suppressed_module() -> TempDir {
    let m = module();
    let silenced = CALLER.replace(
        "uintptr(unsafe.Pointer(ws)))",
        "uintptr(unsafe.Pointer(ws))) //blindspot:ignore BS202 ioctl marks ws with KeepAlive",
    );
    write(m.path(), "term/size.go", &silenced);
    write(
        m.path(),
        "term/zsize.go",
        &format!("// Code generated by mksize. DO NOT EDIT.\n\n{}", CALLER.replace("GetSize", "GetSizeGenerated")),
    );
    m
}

#[test]
fn suppressed_findings_exit_0_and_are_listed_on_request() {
    let m = suppressed_module();
    let o = blindspot(m.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("no findings; 1 suppressed"), "{}", stdout(&o));

    let o = blindspot(m.path(), &["check", "--color", "never", "--show-suppressed"]);
    assert_eq!(o.status.code(), Some(0), "suppressed findings never fail the run");
    let out = stdout(&o);
    assert!(out.contains("suppressed by `//blindspot:ignore`: ioctl marks ws with KeepAlive"), "{out}");

    let o = blindspot(m.path(), &["check", "--format", "json", "--show-suppressed"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["suppressed"]["justification"], "ioctl marks ws with KeepAlive");
    assert_eq!(finding["suppressed"]["location"]["start"]["line"], 11);
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn sarif_marks_suppressed_results_in_source() {
    let m = suppressed_module();
    let o = blindspot(m.path(), &["check", "--format", "sarif", "--show-suppressed"]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let s = &results[0]["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["justification"], "ioctl marks ws with KeepAlive");
}

#[test]
fn generated_files_are_reported_only_on_request() {
    let m = suppressed_module();
    let o = blindspot(m.path(), &["check", "--color", "never", "--include-generated"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("term/zsize.go:13"), "{}", stdout(&o));
}

#[test]
fn invalid_and_stale_directives_are_findings() {
    let m = module();
    let stale = CLEAN.replace("return a + b }", "return a + b } //blindspot:ignore BS202 old wrapper");
    write(m.path(), "clean/clean.go", &stale);
    let no_reason =
        CALLER.replace("uintptr(unsafe.Pointer(ws)))", "uintptr(unsafe.Pointer(ws))) //blindspot:ignore BS202");
    write(m.path(), "term/size.go", &no_reason);
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = json["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, vec!["BS002", "BS202", "BS001"]);
}

#[test]
fn statistics_count_findings_per_rule() {
    let m = module();
    let o = blindspot(m.path(), &["check", "--statistics"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "1  BS202  syscall-uintptr-escape\n");
    let o = blindspot(m.path(), &["check", "--statistics", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([{"rule": "BS202", "name": "syscall-uintptr-escape", "count": 1, "suppressed": 0}])
    );
    let o = blindspot(m.path(), &["check", "--statistics", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--statistics prints text or json"));
}

fn findings_of(o: &Output) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(o)));
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["level"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn configuration_selects_ignores_and_sets_levels() {
    let m = module();
    let bs202 = vec![("BS202".to_string(), "error".to_string())];
    write(m.path(), "blindspot.toml", "ignore = [\"BS2\"]\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!((o.status.code(), findings_of(&o)), (Some(0), vec![]));
    // The command line replaces the file's list.
    let o = blindspot(m.path(), &["check", "--format", "json", "--ignore", "BS1"]);
    assert_eq!(findings_of(&o), bs202);
    let o = blindspot(m.path(), &["check", "--format", "json", "--select", "BS101"]);
    assert_eq!(findings_of(&o), vec![]);

    write(m.path(), "blindspot.toml", "[severity]\nBS202 = \"note\"\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(findings_of(&o), vec![("BS202".to_string(), "note".to_string())]);

    write(m.path(), "blindspot.toml", "[per-path-ignores]\n\"term/**\" = [\"BS202\"]\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(findings_of(&o), vec![]);

    write(m.path(), "blindspot.toml", "exclude = [\"term/size.go\"]\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(findings_of(&o), vec![]);

    // The closest file above the working directory, and `--config`.
    write(m.path(), "blindspot.toml", "select = [\"BS202\"]\n");
    write(m.path(), "term/.blindspot.toml", "ignore = [\"BS202\"]\n");
    let o = blindspot(&m.path().join("term"), &["check", "--format", "json"]);
    assert_eq!(findings_of(&o), vec![]);
    let o = blindspot(&m.path().join("term"), &["check", "--format", "json", "--config", "../blindspot.toml"]);
    assert_eq!(findings_of(&o), bs202);
    // Globs are relative to the file's directory, however the file is named.
    write(m.path(), "other.toml", "[per-path-ignores]\n\"term/*.go\" = [\"BS2\"]\n");
    let o = blindspot(&m.path().join("term"), &["check", "--format", "json", "--config", "../other.toml"]);
    assert_eq!(findings_of(&o), vec![]);
    // The closest file above the analyzed paths, wherever the run starts.
    let o = blindspot(m.path(), &["check", "--format", "json", "./term/..."]);
    assert_eq!(findings_of(&o), vec![]);
    let o = blindspot(m.path(), &["check", "--format", "json", "term/size.go", "clean"]);
    assert_eq!(findings_of(&o), bs202, "term and clean share the module root");
}

/// The configuration applies after the suppressions: a directive whose finding a per-path
/// ignore drops still silences it (it is used, not stale), and the directives' own findings
/// take the configured levels and per-path ignores.
#[test]
fn configuration_applies_after_the_suppressions() {
    let m = suppressed_module();
    write(m.path(), "blindspot.toml", "[per-path-ignores]\n\"term/**\" = [\"BS202\"]\n");
    let o = blindspot(m.path(), &["check", "--format", "json", "--show-suppressed"]);
    assert_eq!((o.status.code(), findings_of(&o)), (Some(0), vec![]), "no BS002 for the directive");

    let stale = CLEAN.replace("return a + b }", "return a + b } //blindspot:ignore BS202 old wrapper");
    write(m.path(), "clean/clean.go", &stale);
    write(m.path(), "blindspot.toml", "[severity]\nBS002 = \"note\"\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(findings_of(&o), vec![("BS002".to_string(), "note".to_string())]);
    write(m.path(), "blindspot.toml", "[per-path-ignores]\n\"clean/**\" = [\"BS002\"]\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!((o.status.code(), findings_of(&o)), (Some(0), vec![]));
}

#[test]
fn invalid_configuration_names_file_line_and_key() {
    let m = module();
    let cases = [
        ("select = [\"BS2\"]\nignore = [\"BS2\"]\nselct = []\n", "blindspot.toml:3: unknown field `selct`"),
        (
            "select = [\"BS2\"]\n\nignore = [\"BS999\"]\n",
            "blindspot.toml:3: `ignore`: `BS999` is not a rule id or id prefix",
        ),
        (
            "[severity]\nBS202 = \"fatal\"\n",
            "blindspot.toml:2: `severity.BS202`: `fatal` is not error, warning or note",
        ),
        ("exclude = [\"a/[\"]\n", "blindspot.toml:1: `exclude`: bad glob `a/[`"),
        ("select = \"BS2\"\n", "blindspot.toml:1: `select`: invalid type"),
        ("[severity]\nBS202 = 3\n", "blindspot.toml:2: `BS202`: invalid type"),
    ];
    for (text, expected) in cases {
        write(m.path(), "blindspot.toml", text);
        let o = blindspot(m.path(), &["check"]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(expected), "{text}: {}", stderr(&o));
    }
    fs::remove_file(m.path().join("blindspot.toml")).unwrap();
    let o = blindspot(m.path(), &["check", "--config", "missing.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.toml: no such configuration file"), "{}", stderr(&o));
    let o = blindspot(m.path(), &["check", "--select", "XY1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--select: `XY1` is not a rule id or id prefix"), "{}", stderr(&o));
}

#[test]
fn config_prints_the_effective_configuration() {
    let m = module();
    write(m.path(), "blindspot.toml", "ignore = [\"BS202\"]\n[severity]\nBS302 = \"error\"\n");
    let o = blindspot(m.path(), &["config", "--select", "BS2,BS3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("# ") && out.lines().next().unwrap().ends_with("blindspot.toml"), "{out}");
    assert!(out.contains("select = [\"BS2\", \"BS3\"]\nignore = [\"BS202\"]\n"), "{out}");
    assert!(out.contains("BS302 = \"error\"\n") && out.contains("BS301 = \"warning\"\n"), "{out}");
    // The printed configuration is itself a valid configuration.
    write(m.path(), "printed.toml", &out);
    let o = blindspot(m.path(), &["check", "--config", "printed.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn sarif_category_names_the_run() {
    let m = module();
    let o = blindspot(m.path(), &["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 1);
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "blindspot/");
    let o = blindspot(m.path(), &["check", "--format", "sarif", "--category", "blindspot-api"]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "blindspot-api/");
}

#[test]
fn no_prefilter_gives_the_same_report() {
    let m = module();
    let a = blindspot(m.path(), &["check", "--no-cache", "--format", "json"]);
    let b = blindspot(m.path(), &["check", "--no-cache", "--format", "json", "--no-prefilter"]);
    assert_eq!((a.status.code(), &a.stdout), (b.status.code(), &b.stdout));
    assert_eq!(a.status.code(), Some(1));
    let o = blindspot(m.path(), &["check", "--no-cache", "--statistics"]);
    assert!(stderr(&o).contains("2 packages, 1 not parsed (prefilter), 0 from the cache"), "{}", stderr(&o));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let m = module();
    let o = blindspot(m.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    // Piped stderr: nothing but notices (there are none here).
    assert_eq!(stderr(&o), "");
}

/// On a terminal (a pseudo-terminal from util-linux `script`), the progress bar is drawn on
/// stderr, and `--quiet` turns it off.
#[test]
fn progress_bar_on_a_terminal_only_without_quiet() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let m = module();
    let bin = env!("CARGO_BIN_EXE_blindspot");
    let on_tty = |extra: &str| {
        let o = Command::new("script")
            .args(["-qec", &format!("{bin} check {extra} > /dev/null"), "/dev/null"])
            .current_dir(m.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(on_tty("").contains("packages"), "{}", on_tty(""));
    assert!(!on_tty("--quiet").contains("packages"), "{}", on_tty("--quiet"));
}

/// The statistics line of a `--statistics` run: packages, not parsed, from the cache.
fn run_counts(o: &Output) -> (usize, usize, usize) {
    let err = stderr(o);
    let line = err.lines().find(|l| l.contains("packages,")).unwrap_or_else(|| panic!("{err}"));
    let numbers: Vec<usize> = line.split(|c: char| !c.is_ascii_digit()).filter_map(|w| w.parse().ok()).collect();
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn a_second_run_on_an_unchanged_tree_parses_nothing() {
    let m = module();
    write(m.path(), "term/other.go", "package term\n\nfunc Other() {}\n");
    let cold = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(cold.status.code(), Some(1));
    let cache = m.path().join(".blindspot_cache");
    assert!(cache.join(".gitignore").is_file() && cache.join("CACHEDIR.TAG").is_file());
    let warm = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!((warm.status.code(), &warm.stdout), (cold.status.code(), &cold.stdout));
    // One package parsed cold (term; clean has no trigger), none warm.
    let o = blindspot(m.path(), &["check", "--statistics"]);
    assert_eq!(run_counts(&o), (2, 1, 1));
    // The text report shows the source lines, read again for a cached package.
    let text = blindspot(m.path(), &["check", "--color", "never"]);
    assert!(stdout(&text).contains("uintptr(unsafe.Pointer(ws))"), "{}", stdout(&text));
}

/// Sets the modification time of every file below `root` a minute back, as files a run
/// did not just write have: only those are remembered between runs.
fn settle(root: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walk(root) {
        fs::File::options().write(true).open(&entry).unwrap().set_modified(past).unwrap();
    }
}

fn walk(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".blindspot_cache") {
            continue;
        }
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_second_run_reads_no_unchanged_file_and_sees_a_changed_one() {
    let m = module();
    settle(m.path());
    let cold = blindspot(m.path(), &["check", "--statistics"]);
    assert!(stderr(&cold).contains("3 files scanned, 0 unchanged since the last run"), "{}", stderr(&cold));
    let warm = blindspot(m.path(), &["check", "--statistics"]);
    assert!(stderr(&warm).contains("0 files scanned, 3 unchanged since the last run"), "{}", stderr(&warm));
    assert_eq!(stdout(&warm), stdout(&cold));
    // A file rewritten to the same size, with its old modification time put back: the
    // change time (or, without one, nothing) tells it apart on Unix.
    let fixed = CALLER.replace("uintptr(unsafe.Pointer(ws))", "0                          ");
    assert_eq!(fixed.len(), CALLER.len());
    let size = m.path().join("term/size.go");
    let modified = fs::metadata(&size).unwrap().modified().unwrap();
    fs::write(&size, &fixed).unwrap();
    fs::File::options().write(true).open(&size).unwrap().set_modified(modified).unwrap();
    let o = blindspot(m.path(), &["check", "--statistics"]);
    if cfg!(unix) {
        assert!(stderr(&o).contains("1 files scanned, 2 unchanged since the last run"), "{}", stderr(&o));
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    }
    // A damaged memo is no memo: every file is read again, and the findings are the same.
    let memo = fs::read_dir(m.path().join(".blindspot_cache"))
        .unwrap()
        .map(|e| e.unwrap().path().join("files"))
        .find(|p| p.is_file())
        .expect("the memo of files");
    fs::write(&memo, b"not a memo").unwrap();
    let o = blindspot(m.path(), &["check", "--statistics"]);
    assert!(stderr(&o).contains("3 files scanned, 0 unchanged since the last run"), "{}", stderr(&o));
}

#[test]
fn a_changed_file_is_analyzed_again() {
    let m = module();
    assert_eq!(findings_of(&blindspot(m.path(), &["check", "--format", "json"])).len(), 1);
    // The finding fixed: the cache must not bring it back.
    let fixed = CALLER.replace("uintptr(unsafe.Pointer(ws))", "0");
    assert_ne!(fixed, CALLER);
    write(m.path(), "term/size.go", &fixed);
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    write(m.path(), "term/size.go", CALLER);
    assert_eq!(findings_of(&blindspot(m.path(), &["check", "--format", "json"])).len(), 1);
}

#[test]
fn an_importer_is_analyzed_again_when_a_package_it_imports_changes() {
    let m = TempDir::new().unwrap();
    write(m.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    let wrapper = WRAPPER.replace("package term", "package sys").replace("func ioctl", "func Ioctl");
    write(m.path(), "sys/ioctl.go", &wrapper);
    let caller = CALLER
        .replace("\"unsafe\"\n", "\"unsafe\"\n\n\t\"example.com/m/sys\"\n")
        .replace("err := ioctl(", "err := sys.Ioctl(");
    write(m.path(), "term/size.go", &caller);
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(findings_of(&o).len(), 1, "{}", stdout(&o));
    // term/size.go is unchanged, but the fact it relied on is gone.
    write(m.path(), "sys/ioctl.go", "package sys\n\nfunc Ioctl(fd int, req uint, arg uintptr) error { return nil }\n");
    let o = blindspot(m.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn the_cache_follows_the_configuration_and_the_suppressions() {
    let m = module();
    assert_eq!(blindspot(m.path(), &["check"]).status.code(), Some(1));
    // Another rule set is another key.
    assert_eq!(blindspot(m.path(), &["check", "--select", "BS1"]).status.code(), Some(0));
    assert_eq!(blindspot(m.path(), &["check"]).status.code(), Some(1));
    // Levels are applied after the cache: a cached finding gets the configured one.
    write(m.path(), "blindspot.toml", "[severity]\nBS202 = \"note\"\n");
    let o = blindspot(m.path(), &["check", "--color", "never"]);
    assert!(stdout(&o).contains("note[BS202]"), "{}", stdout(&o));
    fs::remove_file(m.path().join("blindspot.toml")).unwrap();
    // A directive added to a cached file's neighbour still applies: suppressions are not cached.
    let silenced = CALLER.replace(
        "uintptr(unsafe.Pointer(ws)))\n",
        "uintptr(unsafe.Pointer(ws))) //blindspot:ignore BS202 checked by hand\n",
    );
    assert_ne!(silenced, CALLER);
    write(m.path(), "term/size.go", &silenced);
    let o = blindspot(m.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn no_cache_writes_nothing_and_cache_dir_moves_it() {
    let m = module();
    blindspot(m.path(), &["check", "--no-cache"]);
    assert!(!m.path().join(".blindspot_cache").exists());
    let elsewhere = TempDir::new().unwrap();
    let dir = elsewhere.path().join("c");
    blindspot(m.path(), &["check", "--cache-dir", dir.to_str().unwrap()]);
    assert!(dir.join("CACHEDIR.TAG").is_file());
    assert!(!m.path().join(".blindspot_cache").exists());
    // The environment variable does the same.
    let by_env = elsewhere.path().join("e");
    Command::new(env!("CARGO_BIN_EXE_blindspot"))
        .args(["check"])
        .current_dir(m.path())
        .env("BLINDSPOT_CACHE_DIR", &by_env)
        .output()
        .unwrap();
    assert!(by_env.join("CACHEDIR.TAG").is_file());
}

#[test]
fn the_cache_of_a_subdirectory_run_is_the_modules() {
    let m = module();
    let o = blindspot(&m.path().join("term"), &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(m.path().join(".blindspot_cache").is_dir());
    assert!(!m.path().join("term/.blindspot_cache").exists());
}

#[test]
fn an_unwritable_cache_warns_and_the_run_goes_on() {
    let m = module();
    // A file where the cache directory would go: fails for root too.
    write(m.path(), "blocked", "");
    let o = blindspot(m.path(), &["check", "--cache-dir", "blocked/c"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("cannot write the cache").count(), 1, "{}", stderr(&o));
    assert!(stdout(&o).contains("BS202"));
}

#[test]
fn clean_removes_the_cache_and_nothing_else() {
    let m = module();
    blindspot(m.path(), &["check"]);
    let o = blindspot(m.path(), &["clean"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("removed"), "{}", stderr(&o));
    assert!(!m.path().join(".blindspot_cache").exists());
    assert!(m.path().join("term/size.go").is_file());
    let o = blindspot(m.path(), &["clean"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("no cache at"), "{}", stderr(&o));
    // Never a directory blindspot did not make.
    let o = blindspot(m.path(), &["clean", "--cache-dir", "term"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a blindspot cache"), "{}", stderr(&o));
    assert!(m.path().join("term/size.go").is_file());
}

/// In a Go checkout, the packages the race detector never instruments (the runtime's) are
/// analyzed and not reported; the same code in another std package is.
#[test]
fn never_instrumented_std_packages_are_not_reported() {
    let dir = TempDir::new().unwrap();
    let src = dir.path().join("src");
    write(&src, "go.mod", "module std\n\ngo 1.27\n");
    for pkg in ["runtime", "internal/runtime/atomic", "sync", "os", "internal/poll"] {
        write(&src, &format!("{pkg}/ioctl.go"), WRAPPER);
        write(&src, &format!("{pkg}/size.go"), CALLER);
    }
    let o = blindspot(&src, &["check", "--color", "never", "--no-cache", "./..."]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("os/size.go:11:36"), "{out}");
    assert!(out.contains("internal/poll/size.go:11:36"), "{out}");
    assert!(!out.contains("runtime/") && !out.contains("sync/"), "{out}");
    assert!(out.ends_with("found 2 findings (2 errors)\n"), "{out}");
}

/// `--goos`, `--goarch`, `--tags` (and `GOOS` from the environment) restrict the run to
/// the files one configuration builds; by default every configuration's files are analyzed.
#[test]
fn one_build_configuration() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n");
    for (pkg, suffix) in [("lin", "_linux"), ("win", "_windows_amd64")] {
        write(root, &format!("{pkg}/ioctl{suffix}.go"), &WRAPPER.replace("package term", &format!("package {pkg}")));
        write(root, &format!("{pkg}/size{suffix}.go"), &CALLER.replace("package term", &format!("package {pkg}")));
    }
    let tagged = format!("//go:build experiment\n\n{}", WRAPPER.replace("package term", "package tagged"));
    write(root, "tagged/ioctl.go", &tagged);
    write(root, "tagged/size.go", &CALLER.replace("package term", "package tagged"));
    let run = |args: &[&str], goos: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_blindspot"));
        cmd.args(["check", "--no-cache", "--format", "json"]).args(args).current_dir(root);
        cmd.env_remove("GOOS").env_remove("GOARCH").env_remove("CGO_ENABLED");
        if let Some(os) = goos {
            cmd.env("GOOS", os);
        }
        let o = cmd.output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        let mut paths: Vec<String> = json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f["location"]["path"].as_str().unwrap_or("").to_string())
            .collect();
        paths.sort();
        (o.status.code(), paths, stderr(&o))
    };
    let all = run(&[], None);
    assert_eq!(all.1, ["lin/size_linux.go", "tagged/size.go", "win/size_windows_amd64.go"], "{}", all.2);
    assert_eq!(run(&["--goos", "linux"], None).1, ["lin/size_linux.go"]);
    assert_eq!(run(&[], Some("windows")).1, ["win/size_windows_amd64.go"], "GOOS from the environment");
    assert_eq!(run(&["--goos", "windows", "--goarch", "arm64"], None).1, Vec::<String>::new());
    assert_eq!(
        run(&["--goos", "linux", "--tags", "experiment,other"], None).1,
        ["lin/size_linux.go", "tagged/size.go"]
    );
    let bad = run(&["--goos", "linus"], None);
    assert_eq!(bad.0, Some(2));
    assert!(bad.2.contains("unknown GOOS \"linus\""), "{}", bad.2);
    let bad_tag = run(&["--tags", "a b"], None);
    assert_eq!(bad_tag.0, Some(2), "{}", bad_tag.2);
}

/// A dependency is read as context only when an analyzed package reads its facts: one the
/// run's packages import, or one a package read as context imports. `deep` hands a
/// `uintptr` to the kernel; `mid`, which calls it with numbers and never says `uintptr`,
/// cannot pass that on, so with only `mid` between them `app` has no use for `deep`.
#[test]
fn a_dependency_is_read_only_when_an_analyzed_package_reads_its_facts() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n");
    write(
        root,
        "deep/ioctl.go",
        "package deep\n\nimport \"syscall\"\n\n\
         func Ioctl(fd, req, arg uintptr) error {\n\
         \t_, _, errno := syscall.Syscall(54, fd, req, arg)\n\
         \tif errno != 0 {\n\t\treturn errno\n\t}\n\treturn nil\n}\n",
    );
    let mid = |call: &str| {
        format!("package mid\n\nimport \"example.com/m/deep\"\n\nfunc Flush(fd int) error {{\n\treturn {call}\n}}\n")
    };
    write(
        root,
        "app/app.go",
        "package app\n\nimport (\n\t\"unsafe\"\n\n\t\"example.com/m/mid\"\n)\n\n\
         type winsize struct{ rows, cols uint16 }\n\n\
         func Size(fd int) (*winsize, error) {\n\
         \tws := new(winsize)\n\t_ = unsafe.Pointer(ws)\n\treturn ws, mid.Flush(fd)\n}\n",
    );
    let packages = || {
        let o = blindspot(root, &["check", "--no-cache", "--statistics", "./app/..."]);
        let err = stderr(&o);
        let line = err.lines().find(|l| l.contains(" packages, ")).unwrap_or_default().to_string();
        line.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or_else(|| panic!("{err}"))
    };
    write(root, "mid/mid.go", &mid("deep.Ioctl(3, 0x540B, 2)"));
    assert_eq!(packages(), 1, "neither mid nor deep is read");
    write(root, "mid/mid.go", &mid("deep.Ioctl(uintptr(fd), 0x540B, 2)"));
    assert_eq!(packages(), 3, "mid may pass deep's fact on: both are read");
}

/// The configuration applies to the packages read as context too: a dependency's Windows
/// wrapper, which hands its `uintptr` to a raw syscall, is not part of a Linux run, where the
/// same name is a wrapper that does nothing with it.
#[test]
fn one_build_configuration_applies_to_dependencies() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n");
    let windows = "package dep\n\nimport \"syscall\"\n\n\
                   func Ioctl(fd uintptr, req uintptr, arg uintptr) error {\n\
                   \t_, _, errno := syscall.Syscall(54, fd, req, arg)\n\
                   \tif errno != 0 {\n\t\treturn errno\n\t}\n\treturn nil\n}\n";
    write(root, "dep/ioctl_windows.go", windows);
    write(
        root,
        "dep/ioctl_linux.go",
        "package dep\n\nfunc Ioctl(fd uintptr, req uintptr, arg uintptr) error { return nil }\n",
    );
    let app = "package app\n\nimport (\n\t\"unsafe\"\n\n\t\"example.com/m/dep\"\n)\n\n\
               type winsize struct{ rows, cols uint16 }\n\n\
               func Size(fd uintptr) (*winsize, error) {\n\
               \tws := new(winsize)\n\
               \targ := uintptr(unsafe.Pointer(ws))\n\
               \treturn ws, dep.Ioctl(fd, 0x5413, arg)\n}\n";
    write(root, "app/size.go", app);
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_blindspot"))
            .args(["check", "--no-cache", "--format", "json"])
            .args(args)
            .arg("./app/...")
            .current_dir(root)
            .env_remove("GOOS")
            .env_remove("GOARCH")
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        let rules: Vec<String> = json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| format!("{} {}", f["rule"].as_str().unwrap_or(""), f["location"]["path"].as_str().unwrap_or("")))
            .collect();
        (o.status.code(), rules, stderr(&o))
    };
    let all = run(&[]);
    assert_eq!(all.1, ["BS202 app/size.go"], "every configuration: the Windows wrapper counts\n{}", all.2);
    assert_eq!(run(&["--goos", "windows"]).1, ["BS202 app/size.go"]);
    let linux = run(&["--goos", "linux"]);
    assert_eq!((linux.0, linux.1), (Some(0), Vec::<String>::new()), "{}", linux.2);
}
