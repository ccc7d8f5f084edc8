//! Helpers of the discovery and loading tests, on real temporary trees.
#![allow(dead_code)] // each test binary uses its own share

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use blindspot_go::discover::{discover, Discovery};
use blindspot_go::load::Loaded;
use blindspot_report::{Notice, NoticeLevel};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Helpers

pub fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

pub fn pkg(name: &str) -> String {
    format!("package {name}\n")
}

pub fn pats(patterns: &[&str]) -> Vec<String> {
    patterns.iter().map(|p| p.to_string()).collect()
}

pub fn run(cwd: &Path, patterns: &[&str]) -> Discovery {
    discover(cwd, &pats(patterns))
}

/// Runs `f` on another thread and fails if it does not finish in time (instead of hanging
/// the test run on a FIFO or a symlink loop).
pub fn within_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60)).expect("did not finish within 60 s: hung?")
}

pub fn dir_displays(d: &Discovery) -> Vec<String> {
    d.dirs.iter().map(|dir| dir.display.to_string()).collect()
}

/// Every file as (display, reported), in output order.
pub fn file_flags(d: &Discovery) -> Vec<(String, bool)> {
    d.dirs.iter().flat_map(|dir| dir.files.iter().map(|f| (f.display.to_string(), f.reported))).collect()
}

pub fn file_displays(d: &Discovery) -> Vec<String> {
    file_flags(d).into_iter().map(|(display, _)| display).collect()
}

pub fn find_notice<'a>(notices: &'a [Notice], level: NoticeLevel, path: &str, needle: &str) -> Option<&'a Notice> {
    notices.iter().find(|n| n.level == level && n.path.as_deref() == Some(path) && n.message.contains(needle))
}

#[track_caller]
pub fn assert_notice(notices: &[Notice], level: NoticeLevel, path: &str, needle: &str) -> Notice {
    match find_notice(notices, level, path, needle) {
        Some(n) => n.clone(),
        None => panic!("no {level:?} notice for {path:?} containing {needle:?} in {notices:#?}"),
    }
}

/// (dir_display, name, [file displays]) for every package.
pub fn packages(loaded: &Loaded) -> Vec<(String, String, Vec<String>)> {
    loaded
        .packages
        .iter()
        .map(|p| (p.dir_display.to_string(), p.name.clone(), p.files.iter().map(|f| f.display.to_string()).collect()))
        .collect()
}

pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Whether permissions stop this process from reading (false when running as root).
pub fn permissions_enforced(path: &Path) -> bool {
    if path.is_dir() {
        fs::read_dir(path).is_err()
    } else {
        fs::read(path).is_err()
    }
}

// ---------------------------------------------------------------------------------------
// Walks

/// A tree with everything `./...` must skip below its root.
pub fn skip_tree() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    write(root, "a.go", pkg("a"));
    write(root, "sub/b.go", pkg("sub"));
    write(root, "sub/deep/c.go", pkg("deep"));
    write(root, "vendor/v/v.go", pkg("v"));
    write(root, "testdata/t.go", pkg("t"));
    write(root, "testdata/inner/i.go", pkg("inner"));
    write(root, "testdata/testdata/tt.go", pkg("tt"));
    write(root, ".hidden/h.go", pkg("h"));
    write(root, "_under/u.go", pkg("u"));
    write(root, "sub/testdata/x.go", pkg("x"));
    write(root, "sub/vendor/y.go", pkg("y"));
    write(root, "sub/.git/z.go", pkg("z"));
    write(root, "docs/README.md", "not go");
    fs::create_dir_all(root.join("empty")).unwrap();
    tmp
}

pub fn file_pattern_tree() -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "pkg/a.go", pkg("pkg"));
    write(tmp.path(), "pkg/b.go", pkg("pkg"));
    write(tmp.path(), "pkg/c_test.go", pkg("pkg"));
    write(tmp.path(), "pkg/sub/d.go", pkg("sub"));
    write(tmp.path(), "other/e.go", pkg("other"));
    tmp
}
