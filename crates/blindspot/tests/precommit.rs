//! The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` through
//! `pre-commit try-repo` against a temporary Go repository: a clean change passes, a change
//! with a finding fails and prints it.
//!
//! `pre-commit` comes from PATH or, when missing, is installed from PyPI into a virtual
//! environment under Cargo's test temporary directory (Python 3 is needed then). The hook's
//! `cargo install` builds blindspot in release mode into a target directory kept there too,
//! so only the first run is slow.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tmp_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// A `pre-commit` executable: from PATH, or installed once into a virtual environment.
fn pre_commit() -> PathBuf {
    if Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return PathBuf::from("pre-commit");
    }
    let venv = tmp_root().join("pre-commit-venv");
    let exe = venv.join("bin/pre-commit");
    if !exe.is_file() {
        let made = Command::new("python3").args(["-m", "venv"]).arg(&venv).status();
        assert!(made.is_ok_and(|s| s.success()), "python3 -m venv failed: the pre-commit test needs Python 3");
        let pip = Command::new(venv.join("bin/pip")).args(["install", "--quiet", "pre-commit"]).status();
        assert!(pip.is_ok_and(|s| s.success()), "pip install pre-commit failed");
    }
    exe
}

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs every hook of the project's working tree (each call builds it once) on `repo`'s
/// staged files, or on `extra`'s selection; returns the status and all output.
fn try_repo(pre_commit: &Path, repo: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o: Output = Command::new(pre_commit)
        .arg("try-repo")
        .arg(project)
        .args(extra)
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", tmp_root().join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", tmp_root().join("pre-commit-target"))
        // The hook's release build is for this test only: build it quickly.
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("NO_COLOR", "1")
        .output()
        .expect("pre-commit runs");
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr))
}

/// The result pre-commit printed for a hook: `Passed`, `Failed` or `(no files to check)Skipped`.
fn verdict<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with('.'))
        .map(|l| l.trim_end_matches(|c: char| c.is_whitespace()).rsplit('.').next().unwrap_or(""))
        .unwrap_or("missing")
}

const CLEAN: &str = "package clean\n\nfunc Add(a, b int) int { return a + b }\n";

const RACY: &str = "package gauge

import \"runtime\"

var live int

type conn struct{ fd int }

func Dial() *conn {
	live++
	c := &conn{fd: 3}
	runtime.SetFinalizer(c, func(c *conn) {
		live--
	})
	return c
}
";

#[test]
fn hooks_pass_clean_changes_and_fail_on_findings() {
    let pre_commit = pre_commit();
    let repo = tempfile::TempDir::new().unwrap();
    let repo = repo.path();
    git(repo, &["init", "-q"]);
    fs::write(repo.join("go.mod"), "module example.com/m\n\ngo 1.24\n").unwrap();
    fs::create_dir_all(repo.join("clean")).unwrap();
    fs::write(repo.join("clean/clean.go"), CLEAN).unwrap();
    git(repo, &["add", "."]);

    let (status, out) = try_repo(&pre_commit, repo, &[]);
    assert_eq!(status, Some(0), "a clean change:\n{out}");
    assert_eq!((verdict(&out, "blindspot"), verdict(&out, "blindspot (module)")), ("Passed", "Passed"), "{out}");
    git(repo, &["commit", "-q", "-m", "clean"]);

    // A staged file with a finding.
    fs::create_dir_all(repo.join("gauge")).unwrap();
    fs::write(repo.join("gauge/gauge.go"), RACY).unwrap();
    git(repo, &["add", "gauge/gauge.go"]);
    let (status, out) = try_repo(&pre_commit, repo, &[]);
    assert_eq!(status, Some(1), "a racy change:\n{out}");
    assert_eq!((verdict(&out, "blindspot"), verdict(&out, "blindspot (module)")), ("Failed", "Failed"), "{out}");
    // Both hooks print the finding.
    assert_eq!(out.matches("warning[BS302]").count(), 2, "{out}");
    assert!(out.contains("gauge/gauge.go:13"), "{out}");

    // The file hook reports only the files it is given; the module hook still sees all.
    let (status, out) = try_repo(&pre_commit, repo, &["--files", "clean/clean.go"]);
    assert_eq!(status, Some(1), "{out}");
    assert_eq!((verdict(&out, "blindspot"), verdict(&out, "blindspot (module)")), ("Passed", "Failed"), "{out}");
}
