//! Loading: files to packages, and the errors of files that cannot be read, on real
//! temporary trees.
//!
//! Every test passes the temporary directory as the working directory; none changes the
//! process's own.

mod common;

use std::fs;
use std::time::Duration;

use blindspot_go::discover::FoundDir;
use blindspot_go::load::load;
use blindspot_report::NoticeLevel;
use tempfile::TempDir;

use common::*;

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

#[test]
fn files_that_each_declare_main_are_separate_programs() {
    let tmp = TempDir::new().unwrap();
    let program = "package main\n\nvar buf [8]byte\n\nfunc main() {\n\tprintln(buf[0])\n}\n";
    write(tmp.path(), "progs/a.go", program);
    write(tmp.path(), "progs/b.go", program);
    // A file without main in such a directory is a program of its own too (`package main`
    // compile-only cases in golang/go's test/).
    write(tmp.path(), "progs/c.go", "package main\n\nfunc helper() {}\n");
    let loaded = load(&run(tmp.path(), &["progs"]).dirs);
    assert_eq!(
        packages(&loaded),
        vec![
            ("progs".to_string(), "main".to_string(), s(&["progs/a.go"])),
            ("progs".to_string(), "main".to_string(), s(&["progs/b.go"])),
            ("progs".to_string(), "main".to_string(), s(&["progs/c.go"])),
        ]
    );
    assert!(loaded.packages.iter().all(|p| p.program));
    let n = assert_notice(&loaded.notices, NoticeLevel::Warning, "progs", "declare func main");
    assert_eq!(n.message, "2 files of package main declare func main: each file is analyzed as a program of its own");
    assert_eq!(loaded.notices.len(), 1);
}

#[test]
fn mains_of_different_configurations_are_one_program() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "cmd/main_linux.go", "package main\n\nfunc main() { run() }\n");
    write(tmp.path(), "cmd/main_windows.go", "package main\n\nfunc main() { run() }\n");
    write(tmp.path(), "cmd/other.go", "//go:build plan9\n\npackage main\n\nfunc main() {}\n");
    write(tmp.path(), "cmd/run.go", "package main\n\nfunc run() {}\n\n// func main() in a comment\n");
    // One main and a method named main are one program as well.
    write(tmp.path(), "one/main.go", "package main\n\nfunc main() {}\n");
    write(tmp.path(), "one/t.go", "package main\n\ntype t struct{}\n\nfunc (t) main() {}\n");
    // Programs written out by a test or a generator are text, not declarations.
    write(tmp.path(), "one/main_test.go", "package main\n\nfunc main() {}\n");
    write(
        tmp.path(),
        "one/gen.go",
        "package main\n\nvar prog = `package main\n\nfunc main() {}\n`\n\n/*\nfunc main() {}\n*/\n",
    );
    let loaded = load(&run(tmp.path(), &["./..."]).dirs);
    assert_eq!(
        packages(&loaded),
        vec![
            (
                "cmd".to_string(),
                "main".to_string(),
                s(&["cmd/main_linux.go", "cmd/main_windows.go", "cmd/other.go", "cmd/run.go"])
            ),
            ("one".to_string(), "main".to_string(), s(&["one/gen.go", "one/main.go", "one/main_test.go", "one/t.go"])),
        ]
    );
    assert!(loaded.packages.iter().all(|p| !p.program));
    assert!(loaded.notices.is_empty(), "{:#?}", loaded.notices);
}
