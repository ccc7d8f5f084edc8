//! Discovery (patterns to files) and loading (files to packages) on real temporary trees.
//!
//! Every test passes the temporary directory as the working directory; none changes the
//! process's own.

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use blindspot_go::discover::{discover, Discovery, FoundDir};
use blindspot_go::load::{load, Loaded};
use blindspot_report::{Notice, NoticeLevel};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Helpers

fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

fn pkg(name: &str) -> String {
    format!("package {name}\n")
}

fn pats(patterns: &[&str]) -> Vec<String> {
    patterns.iter().map(|p| p.to_string()).collect()
}

fn run(cwd: &Path, patterns: &[&str]) -> Discovery {
    discover(cwd, &pats(patterns))
}

/// Runs `f` on another thread and fails if it does not finish in time (instead of hanging
/// the test run on a FIFO or a symlink loop).
fn within_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60)).expect("did not finish within 60 s: hung?")
}

fn dir_displays(d: &Discovery) -> Vec<String> {
    d.dirs.iter().map(|dir| dir.display.to_string()).collect()
}

/// Every file as (display, reported), in output order.
fn file_flags(d: &Discovery) -> Vec<(String, bool)> {
    d.dirs.iter().flat_map(|dir| dir.files.iter().map(|f| (f.display.to_string(), f.reported))).collect()
}

fn file_displays(d: &Discovery) -> Vec<String> {
    file_flags(d).into_iter().map(|(display, _)| display).collect()
}

fn find_notice<'a>(notices: &'a [Notice], level: NoticeLevel, path: &str, needle: &str) -> Option<&'a Notice> {
    notices.iter().find(|n| n.level == level && n.path.as_deref() == Some(path) && n.message.contains(needle))
}

#[track_caller]
fn assert_notice(notices: &[Notice], level: NoticeLevel, path: &str, needle: &str) -> Notice {
    match find_notice(notices, level, path, needle) {
        Some(n) => n.clone(),
        None => panic!("no {level:?} notice for {path:?} containing {needle:?} in {notices:#?}"),
    }
}

/// (dir_display, name, [file displays]) for every package.
fn packages(loaded: &Loaded) -> Vec<(String, String, Vec<String>)> {
    loaded
        .packages
        .iter()
        .map(|p| (p.dir_display.to_string(), p.name.clone(), p.files.iter().map(|f| f.display.to_string()).collect()))
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Whether permissions stop this process from reading (false when running as root).
fn permissions_enforced(path: &Path) -> bool {
    if path.is_dir() {
        fs::read_dir(path).is_err()
    } else {
        fs::read(path).is_err()
    }
}

// ---------------------------------------------------------------------------------------
// Walks

/// A tree with everything `./...` must skip below its root.
fn skip_tree() -> TempDir {
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

#[test]
fn dot_dot_dot_skips_vendor_testdata_hidden_and_underscore_dirs() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["./..."]);
    assert_eq!(dir_displays(&d), s(&[".", "sub", "sub/deep"]));
    assert_eq!(file_displays(&d), s(&["a.go", "sub/b.go", "sub/deep/c.go"]));
    assert!(file_flags(&d).iter().all(|(_, reported)| *reported));
    assert!(d.notices.is_empty(), "{:#?}", d.notices);
    // Paths are absolute.
    assert_eq!(d.dirs[0].dir, tmp.path());
    assert_eq!(d.dirs[1].files[0].path, tmp.path().join("sub/b.go"));
}

#[test]
fn no_patterns_means_dot_dot_dot() {
    let tmp = skip_tree();
    let none = discover(tmp.path(), &[]);
    let explicit = run(tmp.path(), &["./..."]);
    assert_eq!(none.dirs, explicit.dirs);
    assert_eq!(none.notices, explicit.notices);
    assert_eq!(dir_displays(&none), s(&[".", "sub", "sub/deep"]));
}

#[test]
fn explicitly_named_skipped_roots_are_walked() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["testdata/..."]);
    // The root is walked; testdata below it is still skipped.
    assert_eq!(dir_displays(&d), s(&["testdata", "testdata/inner"]));
    assert!(d.notices.is_empty(), "{:#?}", d.notices);

    let d = run(tmp.path(), &["./vendor/v/...", ".hidden/...", "_under/...", "sub/testdata/..."]);
    assert_eq!(dir_displays(&d), s(&[".hidden", "_under", "sub/testdata", "vendor/v"]));
    assert!(d.notices.is_empty(), "{:#?}", d.notices);

    // `vendor/...` names vendor itself as the root.
    let d = run(tmp.path(), &["vendor/..."]);
    assert_eq!(file_displays(&d), s(&["vendor/v/v.go"]));
}

#[test]
fn walks_from_a_subdirectory_and_from_an_absolute_root() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["sub/..."]);
    assert_eq!(dir_displays(&d), s(&["sub", "sub/deep"]));
    let abs = format!("{}/...", tmp.path().join("sub").display());
    let d2 = run(tmp.path(), &[&abs]);
    assert_eq!(d.dirs, d2.dirs);
}

#[test]
fn nested_modules_are_descended() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    write(root, "go.mod", "module example.com/m\n");
    write(root, "main.go", pkg("main"));
    write(root, "tools/go.mod", "module example.com/m/tools\n");
    write(root, "tools/tool.go", pkg("tools"));
    write(root, "tools/inner/x.go", pkg("inner"));
    let d = run(root, &["./..."]);
    assert_eq!(dir_displays(&d), s(&[".", "tools", "tools/inner"]));
}

#[test]
fn wildcards_inside_a_pattern() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    write(root, "foo/a.go", pkg("foo"));
    write(root, "foobar/b.go", pkg("foobar"));
    write(root, "foobar/x/c.go", pkg("x"));
    write(root, "fo/d.go", pkg("fo"));
    write(root, "a/x/b/e.go", pkg("b"));
    write(root, "a/y/c/f.go", pkg("c"));
    let d = run(root, &["./foo..."]);
    assert_eq!(dir_displays(&d), s(&["foo", "foobar", "foobar/x"]));
    let d = run(root, &["./a/.../b"]);
    assert_eq!(dir_displays(&d), s(&["a/x/b"]));
}

// ---------------------------------------------------------------------------------------
// Directory and file patterns

#[test]
fn directory_patterns_take_exactly_that_directory() {
    let tmp = skip_tree();
    let root = tmp.path();
    for pattern in ["sub", "./sub", "sub/", "./sub/../sub"] {
        let d = run(root, &[pattern]);
        assert_eq!(file_displays(&d), s(&["sub/b.go"]), "pattern {pattern}");
        assert!(d.notices.is_empty(), "pattern {pattern}: {:#?}", d.notices);
    }
    let abs = root.join("sub").display().to_string();
    assert_eq!(file_displays(&run(root, &[&abs])), s(&["sub/b.go"]));

    let d = run(root, &["."]);
    assert_eq!(dir_displays(&d), s(&["."]));
    assert_eq!(file_displays(&d), s(&["a.go"]));

    // Skip rules do not apply to a directory named outright.
    assert_eq!(file_displays(&run(root, &["testdata"])), s(&["testdata/t.go"]));
}

#[test]
fn directory_pattern_without_go_files_is_an_error() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["docs", "empty", "sub"]);
    assert_eq!(dir_displays(&d), s(&["sub"]));
    let n = assert_notice(&d.notices, NoticeLevel::Error, "docs", "no Go files in docs");
    assert_eq!(n.message, "pattern \"docs\": no Go files in docs");
    assert_notice(&d.notices, NoticeLevel::Error, "empty", "no Go files in empty");
    assert_eq!(d.notices.len(), 2);
}

fn file_pattern_tree() -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "pkg/a.go", pkg("pkg"));
    write(tmp.path(), "pkg/b.go", pkg("pkg"));
    write(tmp.path(), "pkg/c_test.go", pkg("pkg"));
    write(tmp.path(), "pkg/sub/d.go", pkg("sub"));
    write(tmp.path(), "other/e.go", pkg("other"));
    tmp
}

#[test]
fn file_pattern_reports_only_the_named_file() {
    let tmp = file_pattern_tree();
    let d = run(tmp.path(), &["pkg/a.go"]);
    assert_eq!(dir_displays(&d), s(&["pkg"]));
    assert_eq!(
        file_flags(&d),
        vec![("pkg/a.go".to_string(), true), ("pkg/b.go".to_string(), false), ("pkg/c_test.go".to_string(), false)]
    );
    assert!(d.notices.is_empty(), "{:#?}", d.notices);

    let d = run(tmp.path(), &["pkg/a.go", "./pkg/c_test.go"]);
    assert_eq!(
        file_flags(&d),
        vec![("pkg/a.go".to_string(), true), ("pkg/b.go".to_string(), false), ("pkg/c_test.go".to_string(), true)]
    );
}

#[test]
fn file_pattern_and_package_pattern_on_one_directory_report_all() {
    let tmp = file_pattern_tree();
    for patterns in [&["pkg/a.go", "pkg"][..], &["pkg", "pkg/a.go"], &["pkg/a.go", "./..."], &["./...", "pkg/a.go"]] {
        let d = run(tmp.path(), patterns);
        let flags = file_flags(&d);
        let pkg_files: Vec<_> =
            flags.iter().filter(|(f, _)| f.starts_with("pkg/") && !f.starts_with("pkg/sub")).collect();
        assert_eq!(pkg_files.len(), 3, "{patterns:?}");
        assert!(pkg_files.iter().all(|(_, reported)| *reported), "{patterns:?}: {flags:?}");
    }
}

#[test]
fn overlapping_patterns_are_deduplicated_in_any_order() {
    let tmp = file_pattern_tree();
    let patterns = ["./...", "./pkg", "./pkg/a.go", "pkg/...", ".", "pkg/sub/d.go", "./pkg/sub/"];
    let d = run(tmp.path(), &patterns);
    assert_eq!(dir_displays(&d), s(&["other", "pkg", "pkg/sub"]));
    assert_eq!(file_displays(&d), s(&["other/e.go", "pkg/a.go", "pkg/b.go", "pkg/c_test.go", "pkg/sub/d.go"]));
    assert!(file_flags(&d).iter().all(|(_, reported)| *reported));
    // `.` has no Go files of its own: the one error.
    assert_eq!(d.notices.len(), 1, "{:#?}", d.notices);
    assert_notice(&d.notices, NoticeLevel::Error, ".", "no Go files in .");

    let mut reversed = patterns;
    reversed.reverse();
    let r = run(tmp.path(), &reversed);
    assert_eq!(d.dirs, r.dirs);
    assert_eq!(d.notices, r.notices);
}

#[test]
fn discovery_and_loading_are_deterministic() {
    let tmp = skip_tree();
    write(tmp.path(), "sub/z.go", pkg("sub"));
    write(tmp.path(), "sub/a_test.go", pkg("sub_test"));
    let first = run(tmp.path(), &["./...", "testdata/...", "nope"]);
    let first_loaded = load(&first.dirs);
    for _ in 0..5 {
        let again = run(tmp.path(), &["./...", "testdata/...", "nope"]);
        assert_eq!(format!("{:?}", again), format!("{:?}", first));
        assert_eq!(format!("{:?}", load(&again.dirs)), format!("{:?}", first_loaded));
    }
    let mut sorted = first.notices.clone();
    sorted.sort();
    assert_eq!(sorted, first.notices);
}

// ---------------------------------------------------------------------------------------
// Bad patterns

#[test]
fn nonexistent_paths_are_errors() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["nope/...", "./missing", "gone.go", "sub"]);
    assert_eq!(dir_displays(&d), s(&["sub"]));
    let n = assert_notice(&d.notices, NoticeLevel::Error, "nope/...", "no such file or directory: nope");
    assert_eq!(n.message, "pattern \"nope/...\": no such file or directory: nope");
    assert_notice(&d.notices, NoticeLevel::Error, "./missing", "no such file or directory: ./missing");
    let n = assert_notice(&d.notices, NoticeLevel::Error, "gone.go", "no such file or directory: gone.go");
    assert!(!n.message.contains("import path"), "{n:?}");
    assert_eq!(d.notices.len(), 3);
}

#[test]
fn import_path_patterns_get_a_hint() {
    let tmp = skip_tree();
    for pattern in ["example.com/m/...", "std", "all", "github.com/x/y"] {
        let d = run(tmp.path(), &[pattern]);
        assert!(d.dirs.is_empty(), "{pattern}");
        let n = assert_notice(&d.notices, NoticeLevel::Error, pattern, "no such file or directory");
        assert!(n.message.contains("import paths are not supported"), "{n:?}");
        assert!(n.message.contains("./..."), "{n:?}");
    }
}

#[test]
fn walk_that_matches_nothing_is_an_error() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["docs/...", "empty/...", "./sub/..."]);
    assert_eq!(dir_displays(&d), s(&["sub", "sub/deep"]));
    let n = assert_notice(&d.notices, NoticeLevel::Error, "docs/...", "matched no packages");
    assert_eq!(n.message, "pattern \"docs/...\": matched no packages");
    assert_notice(&d.notices, NoticeLevel::Error, "empty/...", "matched no packages");
    assert_eq!(d.notices.len(), 2);

    // A tree whose only Go files are in skipped directories matches nothing either.
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "testdata/a.go", pkg("a"));
    let d = run(tmp.path(), &["./..."]);
    assert!(d.dirs.is_empty());
    assert_notice(&d.notices, NoticeLevel::Error, "./...", "matched no packages");
}

#[test]
fn walk_root_that_is_a_file_is_an_error() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["a.go/..."]);
    assert!(d.dirs.is_empty());
    assert_notice(&d.notices, NoticeLevel::Error, "a.go/...", "not a directory");
}

#[test]
fn non_go_file_pattern_is_an_error() {
    let tmp = skip_tree();
    let d = run(tmp.path(), &["docs/README.md"]);
    assert!(d.dirs.is_empty());
    assert_notice(&d.notices, NoticeLevel::Error, "docs/README.md", "not a directory, a .go file or a .s file");
}

// ---------------------------------------------------------------------------------------
// Symbolic links and special files

#[test]
fn symlink_loop_does_not_hang() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().to_path_buf();
    write(&root, "a.go", pkg("a"));
    write(&root, "sub/b.go", pkg("sub"));
    symlink("..", root.join("sub/up")).unwrap();
    symlink(".", root.join("sub/self")).unwrap();
    symlink("loop.go", root.join("loop.go")).unwrap();
    symlink("does-not-exist.go", root.join("broken.go")).unwrap();
    let cwd = root.clone();
    let d = within_timeout(move || discover(&cwd, &pats(&["./..."])));
    assert_eq!(file_displays(&d), s(&["a.go", "sub/b.go"]));
    assert_notice(&d.notices, NoticeLevel::Warning, "broken.go", "broken symbolic link");
    assert_notice(&d.notices, NoticeLevel::Warning, "loop.go", "skipped");
    assert!(d.notices.iter().all(|n| n.level == NoticeLevel::Warning), "{:#?}", d.notices);
    let loaded = within_timeout(move || load(&d.dirs));
    assert_eq!(loaded.packages.len(), 2);
}

#[test]
fn symlinked_directories_are_not_followed_by_walks() {
    let outside = TempDir::new().unwrap();
    write(outside.path(), "o.go", pkg("o"));
    write(outside.path(), "deep/p.go", pkg("deep"));
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "a.go", pkg("a"));
    symlink(outside.path(), tmp.path().join("link")).unwrap();
    symlink(outside.path().join("o.go"), tmp.path().join("linked.go")).unwrap();
    // A link to a directory, named like a Go file, is neither a file nor walked.
    symlink(outside.path().join("deep"), tmp.path().join("dirlink.go")).unwrap();

    let d = run(tmp.path(), &["./..."]);
    // The link to a regular file counts as a file, under its own name.
    assert_eq!(file_displays(&d), s(&["a.go", "linked.go"]));
    assert_eq!(d.dirs[0].files[1].path, tmp.path().join("linked.go"));
    assert!(d.notices.is_empty(), "{:#?}", d.notices);

    // Named explicitly, a linked directory is used, displayed by the link's name.
    let d = run(tmp.path(), &["link"]);
    assert_eq!(file_displays(&d), s(&["link/o.go"]));
    let d = run(tmp.path(), &["./link/..."]);
    assert_eq!(dir_displays(&d), s(&["link", "link/deep"]));
    assert_eq!(file_displays(&d), s(&["link/o.go", "link/deep/p.go"]));
}

fn mkfifo(path: &Path) -> bool {
    match Command::new("mkfifo").arg(path).status() {
        Ok(status) if status.success() => true,
        other => {
            eprintln!("skipping FIFO checks: mkfifo unavailable or failed: {other:?}");
            false
        }
    }
}

#[test]
fn fifo_named_like_a_go_file_is_skipped_with_a_warning() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().to_path_buf();
    write(&root, "p/a.go", pkg("p"));
    if !mkfifo(&root.join("p/x.go")) {
        return;
    }
    let cwd = root.clone();
    let d = within_timeout(move || discover(&cwd, &pats(&["./..."])));
    assert_eq!(file_displays(&d), s(&["p/a.go"]));
    let n = assert_notice(&d.notices, NoticeLevel::Warning, "p/x.go", "not a regular file, skipped");
    assert_eq!(n.message, "not a regular file, skipped");

    // Named outright, or as the context of another file, it is not opened either.
    let cwd = root.clone();
    let d = within_timeout(move || discover(&cwd, &pats(&["p/x.go", "p/a.go", "p"])));
    assert_eq!(file_displays(&d), s(&["p/a.go"]));
    assert_notice(&d.notices, NoticeLevel::Warning, "p/x.go", "not a regular file");
    let loaded = within_timeout(move || load(&d.dirs));
    assert_eq!(packages(&loaded), vec![("p".to_string(), "p".to_string(), s(&["p/a.go"]))]);

    // And loading a FIFO that slipped into the list does not open it.
    let mut dirs = run(&root, &["p"]).dirs;
    let fifo =
        blindspot_go::discover::FoundFile { path: root.join("p/x.go"), display: "p/x.go".into(), reported: true };
    dirs[0].files.push(fifo);
    let loaded = within_timeout(move || load(&dirs));
    assert_eq!(loaded.packages[0].files.len(), 1);
    assert_notice(&loaded.notices, NoticeLevel::Warning, "p/x.go", "not a regular file");
}

#[test]
fn directory_named_like_a_go_file_is_a_directory() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "a.go", pkg("a"));
    write(tmp.path(), "weird.go/inner.go", pkg("inner"));
    let d = run(tmp.path(), &["./..."]);
    assert_eq!(file_displays(&d), s(&["a.go", "weird.go/inner.go"]));
    assert!(d.notices.is_empty(), "{:#?}", d.notices);
    let d = run(tmp.path(), &["weird.go"]);
    assert_eq!(file_displays(&d), s(&["weird.go/inner.go"]));
}

// ---------------------------------------------------------------------------------------
// Permissions

#[test]
fn unreadable_file_is_an_error_and_the_others_load() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p/a.go", pkg("p"));
    let secret = write(tmp.path(), "p/secret.go", pkg("p"));
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = permissions_enforced(&secret);

    let d = run(tmp.path(), &["./..."]);
    // Discovery never opens files: the unreadable one is listed.
    assert_eq!(file_displays(&d), s(&["p/a.go", "p/secret.go"]));
    let loaded = load(&d.dirs);
    if enforced {
        assert_eq!(packages(&loaded), vec![("p".to_string(), "p".to_string(), s(&["p/a.go"]))]);
        let n = assert_notice(&loaded.notices, NoticeLevel::Error, "p/secret.go", "cannot read file");
        assert!(n.message.contains("ermission denied"), "{n:?}");
    } else {
        eprintln!("running with privileges that ignore chmod 000 (root?): unreadable-file check skipped");
        assert_eq!(loaded.packages[0].files.len(), 2);
    }
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn unreadable_directory_is_an_error_and_the_walk_goes_on() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "a.go", pkg("a"));
    write(tmp.path(), "locked/l.go", pkg("locked"));
    write(tmp.path(), "z/z.go", pkg("z"));
    let locked = tmp.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = permissions_enforced(&locked);

    let d = run(tmp.path(), &["./..."]);
    let explicit = run(tmp.path(), &["locked"]);
    let walk_of_locked = run(tmp.path(), &["locked/..."]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();

    if enforced {
        assert_eq!(file_displays(&d), s(&["a.go", "z/z.go"]));
        let n = assert_notice(&d.notices, NoticeLevel::Error, "locked", "cannot read directory");
        assert!(n.message.contains("ermission denied"), "{n:?}");
        assert_eq!(d.notices.len(), 1, "{:#?}", d.notices);

        assert!(explicit.dirs.is_empty());
        assert_notice(&explicit.notices, NoticeLevel::Error, "locked", "cannot read directory");
        assert!(walk_of_locked.dirs.is_empty());
        assert_notice(&walk_of_locked.notices, NoticeLevel::Error, "locked", "cannot read directory");
    } else {
        eprintln!("running with privileges that ignore chmod 000 (root?): unreadable-directory check skipped");
        assert_eq!(file_displays(&d), s(&["a.go", "locked/l.go", "z/z.go"]));
        assert_eq!(file_displays(&explicit), s(&["locked/l.go"]));
    }
}

// ---------------------------------------------------------------------------------------
// File contents

#[test]
fn invalid_utf8_is_an_error_with_its_line() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p/good.go", pkg("p"));
    write(tmp.path(), "p/bad.go", b"package p\n\nvar s = \"\xff\xfe\"\n".as_slice());
    let loaded = load(&run(tmp.path(), &["p"]).dirs);
    assert_eq!(packages(&loaded), vec![("p".to_string(), "p".to_string(), s(&["p/good.go"]))]);
    let n = assert_notice(&loaded.notices, NoticeLevel::Error, "p/bad.go", "not valid UTF-8");
    assert_eq!(n.message, "not valid UTF-8 (first bad byte at line 3)");
    assert_eq!(n.line, Some(3));
    assert_eq!(loaded.notices.len(), 1);
}

#[test]
fn binary_file_is_skipped_with_an_error() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p/good.go", pkg("p"));
    write(tmp.path(), "p/bin.go", b"package p\n\x00\x01\x02\x00".as_slice());
    write(tmp.path(), "p/elf.go", b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe".as_slice());
    let loaded = load(&run(tmp.path(), &["p"]).dirs);
    assert_eq!(packages(&loaded), vec![("p".to_string(), "p".to_string(), s(&["p/good.go"]))]);
    let n = assert_notice(&loaded.notices, NoticeLevel::Error, "p/bin.go", "binary file");
    assert_eq!(n.message, "binary file (contains NUL bytes), skipped");
    assert_notice(&loaded.notices, NoticeLevel::Error, "p/elf.go", "binary file (contains NUL bytes)");
    assert_eq!(loaded.notices.len(), 2);
}

#[test]
fn bom_is_stripped_and_crlf_kept() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p/bom.go", "\u{feff}package p\n\nfunc f() {}\n");
    let crlf = "// Comment.\r\npackage p\r\n\r\nfunc g() {}\r\n";
    write(tmp.path(), "p/crlf.go", crlf);
    let loaded = load(&run(tmp.path(), &["p"]).dirs);
    assert!(loaded.notices.is_empty(), "{:#?}", loaded.notices);
    assert_eq!(loaded.packages.len(), 1);
    let files = &loaded.packages[0].files;
    assert_eq!(&*files[0].display, "p/bom.go");
    assert_eq!(&*files[0].text, "package p\n\nfunc f() {}\n");
    assert_eq!(&*files[1].display, "p/crlf.go");
    assert_eq!(&*files[1].text, crlf);
}

#[test]
fn package_clause_after_comments_and_build_tags() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "p/tags.go",
        "//go:build linux && !cgo\n// +build linux,!cgo\n\n/* Copyright\n * notice package fake\n */\n\n// Package real does things.\npackage real // import \"x\"\n",
    );
    write(tmp.path(), "p/block.go", "/* a */ /* b */package/* c */\n\treal\n");
    let text = "package real\n\nfunc x() {}\n";
    write(tmp.path(), "p/plain.go", text);
    let loaded = load(&run(tmp.path(), &["p"]).dirs);
    assert!(loaded.notices.is_empty(), "{:#?}", loaded.notices);
    assert_eq!(
        packages(&loaded),
        vec![("p".to_string(), "real".to_string(), s(&["p/block.go", "p/plain.go", "p/tags.go"]))]
    );
    assert_eq!(&*loaded.packages[0].files[1].text, text);
}

#[test]
fn external_test_package_is_its_own_package() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "foo/foo.go", pkg("foo"));
    write(tmp.path(), "foo/foo_test.go", pkg("foo"));
    write(tmp.path(), "foo/ext_test.go", pkg("foo_test"));
    write(tmp.path(), "foo/bar/bar.go", pkg("bar"));
    let loaded = load(&run(tmp.path(), &["./..."]).dirs);
    assert!(loaded.notices.is_empty(), "{:#?}", loaded.notices);
    assert_eq!(
        packages(&loaded),
        vec![
            ("foo".to_string(), "foo".to_string(), s(&["foo/foo.go", "foo/foo_test.go"])),
            ("foo".to_string(), "foo_test".to_string(), s(&["foo/ext_test.go"])),
            ("foo/bar".to_string(), "bar".to_string(), s(&["foo/bar/bar.go"])),
        ]
    );
}

#[test]
fn two_packages_in_one_directory_are_both_kept_with_a_warning() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "mixed/b.go", pkg("b"));
    write(tmp.path(), "mixed/a.go", pkg("a"));
    write(tmp.path(), "mixed/a_test.go", pkg("a_test"));
    let loaded = load(&run(tmp.path(), &["mixed"]).dirs);
    assert_eq!(
        packages(&loaded),
        vec![
            ("mixed".to_string(), "a".to_string(), s(&["mixed/a.go"])),
            ("mixed".to_string(), "a_test".to_string(), s(&["mixed/a_test.go"])),
            ("mixed".to_string(), "b".to_string(), s(&["mixed/b.go"])),
        ]
    );
    let n = assert_notice(&loaded.notices, NoticeLevel::Warning, "mixed", "found packages");
    assert_eq!(n.message, "found packages a and b in mixed");
    assert_eq!(loaded.notices.len(), 1);
}

#[test]
fn files_without_a_package_clause_are_skipped() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p/good.go", pkg("p"));
    write(tmp.path(), "p/empty.go", "");
    write(tmp.path(), "p/garbage.go", "hello world\n");
    write(tmp.path(), "p/comment.go", "// just a comment\n");
    write(tmp.path(), "p/open.go", "/* never closed package p\n");
    write(tmp.path(), "p/bom_only.go", "\u{feff}");
    let loaded = load(&run(tmp.path(), &["p"]).dirs);
    assert_eq!(packages(&loaded), vec![("p".to_string(), "p".to_string(), s(&["p/good.go"]))]);
    for file in ["p/empty.go", "p/garbage.go", "p/comment.go", "p/open.go", "p/bom_only.go"] {
        let n = assert_notice(&loaded.notices, NoticeLevel::Warning, file, "no package clause");
        assert_eq!(n.message, "no package clause, skipped");
    }
    assert_eq!(loaded.notices.len(), 5);
    let mut sorted = loaded.notices.clone();
    sorted.sort();
    assert_eq!(sorted, loaded.notices);
}

#[test]
fn dot_and_underscore_files_are_ignored_unless_named() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p/a.go", pkg("p"));
    write(tmp.path(), "p/a_test.go", pkg("p"));
    write(tmp.path(), "p/_gen.go", pkg("p"));
    write(tmp.path(), "p/.hidden.go", pkg("p"));
    write(tmp.path(), "p/notes.go.txt", pkg("p"));
    write(tmp.path(), "p/.go", pkg("p"));
    write(tmp.path(), "p/x.GO", pkg("p"));
    for patterns in [&["./..."][..], &["p"], &["p/..."]] {
        let d = run(tmp.path(), patterns);
        assert_eq!(file_displays(&d), s(&["p/a.go", "p/a_test.go"]), "{patterns:?}");
    }
    // Named outright, an underscore file is taken (and is the one reported).
    let d = run(tmp.path(), &["p/_gen.go"]);
    assert_eq!(
        file_flags(&d),
        vec![("p/_gen.go".to_string(), true), ("p/a.go".to_string(), false), ("p/a_test.go".to_string(), false)]
    );
}

#[test]
fn loaded_files_keep_reported_flags_and_paths() {
    let tmp = file_pattern_tree();
    let d = run(tmp.path(), &["pkg/b.go"]);
    let loaded = load(&d.dirs);
    assert_eq!(loaded.packages.len(), 1);
    let flags: Vec<_> = loaded.packages[0].files.iter().map(|f| (f.display.to_string(), f.reported)).collect();
    assert_eq!(
        flags,
        vec![("pkg/a.go".to_string(), false), ("pkg/b.go".to_string(), true), ("pkg/c_test.go".to_string(), false)]
    );
    assert_eq!(loaded.packages[0].files[1].path, tmp.path().join("pkg/b.go"));
    assert_eq!(&*loaded.packages[0].dir_display, "pkg");
}

#[test]
fn large_file_loads() {
    let tmp = TempDir::new().unwrap();
    let mut text = String::from("// Code generated by a test. DO NOT EDIT.\n\npackage big\n\nvar data = []string{\n");
    while text.len() < 20 << 20 {
        text.push_str("\t\"some generated string literal value, long enough to fill a line\",\n");
    }
    text.push_str("}\n");
    write(tmp.path(), "big/big.go", &text);
    let start = std::time::Instant::now();
    let loaded = load(&run(tmp.path(), &["big"]).dirs);
    assert!(loaded.notices.is_empty());
    assert_eq!(loaded.packages[0].name, "big");
    assert_eq!(loaded.packages[0].files[0].text.len(), text.len());
    // Linear work is well under this even in a debug build; quadratic work is not.
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}

#[test]
fn many_files_load_in_order() {
    let tmp = TempDir::new().unwrap();
    for i in 0..200 {
        write(tmp.path(), &format!("d{}/f{:03}.go", i % 7, i), pkg(&format!("d{}", i % 7)));
    }
    let d = run(tmp.path(), &["./..."]);
    let loaded = load(&d.dirs);
    assert_eq!(loaded.packages.len(), 7);
    assert_eq!(loaded.packages.iter().map(|p| p.files.len()).sum::<usize>(), 200);
    for p in &loaded.packages {
        assert_eq!(format!("{}", p.dir_display), p.name);
        let displays: Vec<_> = p.files.iter().map(|f| f.display.to_string()).collect();
        let mut sorted = displays.clone();
        sorted.sort();
        assert_eq!(displays, sorted);
    }
}

// ---------------------------------------------------------------------------------------
// Display paths

#[test]
fn display_paths_are_relative_below_cwd_and_absolute_outside() {
    let tmp = TempDir::new().unwrap();
    let work = tmp.path().join("work");
    write(&work, "a.go", pkg("a"));
    write(&work, "sub/b.go", pkg("sub"));
    write(tmp.path(), "other/o.go", pkg("other"));
    write(tmp.path(), "other/deep/p.go", pkg("deep"));

    let d = run(&work, &["../work/sub", "../other/...", ".", "../work/./sub/../a.go"]);
    let other = tmp.path().join("other");
    let other_display = other.display().to_string();
    assert_eq!(dir_displays(&d), {
        let mut v = vec![".".to_string(), "sub".to_string(), other_display.clone(), format!("{other_display}/deep")];
        v.sort();
        v
    });
    let files = file_displays(&d);
    assert!(files.contains(&"a.go".to_string()), "{files:?}");
    assert!(files.contains(&"sub/b.go".to_string()), "{files:?}");
    assert!(files.contains(&format!("{other_display}/o.go")), "{files:?}");
    assert!(files.contains(&format!("{other_display}/deep/p.go")), "{files:?}");
    assert!(files.iter().all(|f| !f.contains("..") && !f.starts_with("./")), "{files:?}");
    let other_dir = d.dirs.iter().find(|dir| *dir.display == *other_display).unwrap();
    assert_eq!(other_dir.dir, other);

    // An absolute pattern inside cwd still displays relative.
    let abs = work.join("sub").display().to_string();
    assert_eq!(dir_displays(&run(&work, &[&abs])), s(&["sub"]));

    // Loading keeps the displays.
    let loaded = load(&d.dirs);
    let dir_names: Vec<_> = loaded.packages.iter().map(|p| p.dir_display.to_string()).collect();
    assert!(dir_names.contains(&other_display));
    assert!(dir_names.contains(&".".to_string()));
}

#[test]
fn dirs_and_files_are_sorted_by_display() {
    let tmp = TempDir::new().unwrap();
    for rel in ["b/z.go", "b/a.go", "a/m.go", "a-b/x.go", "a/b/y.go", "B/q.go", "main.go"] {
        write(tmp.path(), rel, pkg("x"));
    }
    let d = run(tmp.path(), &["./..."]);
    let dirs = dir_displays(&d);
    let mut sorted = dirs.clone();
    sorted.sort();
    assert_eq!(dirs, sorted);
    assert_eq!(dirs, s(&[".", "B", "a", "a-b", "a/b", "b"]));
    for dir in &d.dirs {
        let files: Vec<_> = dir.files.iter().map(|f| f.display.to_string()).collect();
        let mut sorted = files.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(files, sorted);
    }
}

#[test]
fn found_dir_is_usable_as_load_input() {
    // `load` takes discovery's output as is, including an empty list.
    let loaded = load(&[] as &[FoundDir]);
    assert!(loaded.packages.is_empty() && loaded.notices.is_empty());
}

#[test]
fn assembly_file_pattern_stands_for_its_package() {
    let tmp = tempfile::TempDir::new().unwrap();
    fs::create_dir_all(tmp.path().join("xor")).unwrap();
    fs::write(tmp.path().join("xor/xor.go"), "package xor\n\nfunc xorBlock(dst, src []byte)\n").unwrap();
    fs::write(tmp.path().join("xor/other.go"), "package xor\n").unwrap();
    fs::write(tmp.path().join("xor/xor_amd64.s"), "TEXT ·xorBlock(SB),4,$0\n\tRET\n").unwrap();
    fs::create_dir_all(tmp.path().join("asmonly")).unwrap();
    fs::write(tmp.path().join("asmonly/a.s"), "RET\n").unwrap();
    let d = run(tmp.path(), &["xor/xor_amd64.s", "asmonly/a.s"]);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let files: Vec<(&str, bool)> =
        d.dirs.iter().flat_map(|dir| &dir.files).map(|f| (&*f.display, f.reported)).collect();
    assert_eq!(files, vec![("xor/other.go", true), ("xor/xor.go", true)]);
}
