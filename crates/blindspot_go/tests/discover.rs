//! Discovery: patterns to directories and files, on real temporary trees.
//!
//! Every test passes the temporary directory as the working directory; none changes the
//! process's own.

mod common;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::Command;

use blindspot_go::discover::discover;
use blindspot_go::load::load;
use blindspot_report::NoticeLevel;
use tempfile::TempDir;

use common::*;

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
