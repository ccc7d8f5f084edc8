//! Reading discovered files and grouping them into packages by directory and package clause.
//!
//! Files are read in parallel, once each. A file that cannot be read, is not UTF-8, holds
//! NUL bytes or has no package clause is dropped with a notice; the others go on. The package
//! clause is found by a small lexer (whitespace and comments, then `package NAME`), not a
//! parser, so a file with syntax errors further down still lands in its package.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::sync::Arc;

use blindspot_report::{Notice, NoticeLevel};
use rayon::prelude::*;

use crate::constraint::{self, Constraint};
use crate::discover::{FoundDir, FoundFile};

/// One readable, UTF-8 Go file.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: std::path::PathBuf,
    pub display: Arc<str>,
    /// The text, with a leading UTF-8 BOM removed.
    pub text: Arc<str>,
    pub reported: bool,
}

/// The files of one package: one directory, one package clause. `F` is what is kept of
/// each file: the whole [`LoadedFile`], or what a [`scan`] digests it to.
#[derive(Debug, Clone)]
pub struct LoadedPackage<F = LoadedFile> {
    pub dir_display: Arc<str>,
    /// The package clause's name (`main`, `foo`, `foo_test`).
    pub name: String,
    pub files: Vec<F>,
    /// One file of a directory of separate programs (several files of package `main` that
    /// one configuration builds together each declare `func main`, as in golang/go's
    /// `test/`): the directory is no valid package, so each file is analyzed alone.
    pub program: bool,
}

#[derive(Debug)]
pub struct Loaded<F = LoadedFile> {
    /// Sorted by `(dir_display, name)`; files within sorted by `display`.
    pub packages: Vec<LoadedPackage<F>>,
    /// Sorted, without duplicates.
    pub notices: Vec<Notice>,
}

/// Reads every file of `dirs` (in parallel) and groups them into packages: one per directory
/// and package name, so an external test package `foo_test` is a package of its own.
pub fn load(dirs: &[FoundDir]) -> Loaded {
    scan(dirs, |file| file)
}

/// Reads a file with [`scan`]'s checks: its package clause's name and its contents.
pub fn read_named(file: &FoundFile) -> Result<(String, LoadedFile), Notice> {
    read_file(file)
}

/// Reads a file again (after a [`scan`] dropped its text), with the same checks as the first
/// time: it may have changed or gone since.
pub fn reread(file: &FoundFile) -> Result<LoadedFile, Notice> {
    read_file(file).map(|(_, loaded)| loaded)
}

/// Like [`load`], but each file is handed to `digest` as soon as it is read, and only what
/// `digest` returns is kept: a run reads every file once up front without holding every
/// text at the same time.
pub fn scan<F: Send>(dirs: &[FoundDir], digest: impl Fn(LoadedFile) -> F + Sync) -> Loaded<F> {
    scan_known(dirs, |_| None, |_, file| digest(file))
}

/// What an earlier read of a file gave, so that it need not be read again: its package
/// clause's name, [`main_constraint`], and what the digest kept.
pub struct Known<F> {
    pub name: String,
    pub main: Option<Constraint>,
    pub kept: F,
}

/// Like [`scan`], but a file `known` can tell about is not read at all (a memo of an earlier
/// run, keyed by the file's size and modification time). `digest` also gets the package
/// clause's name, to remember.
pub fn scan_known<F: Send>(
    dirs: &[FoundDir],
    known: impl Fn(&FoundFile) -> Option<Known<F>> + Sync,
    digest: impl Fn(&str, LoadedFile) -> F + Sync,
) -> Loaded<F> {
    let jobs: Vec<(usize, &FoundFile)> =
        dirs.iter().enumerate().flat_map(|(index, dir)| dir.files.iter().map(move |file| (index, file))).collect();
    let results: Vec<(usize, Result<Digested<F>, Notice>)> = jobs
        .par_iter()
        .filter_map(|&(index, file)| {
            if let Some(k) = known(file) {
                let digested = Digested {
                    main: k.main,
                    name: k.name,
                    display: file.display.clone(),
                    path: file.path.clone(),
                    kept: k.kept,
                };
                return Some((index, Ok(digested)));
            }
            let result = match read_file(file) {
                // Generator programs (`//go:build ignore`) are never part of a package.
                Ok((_, loaded)) if is_build_ignored(&loaded.text) => return None,
                Ok((name, loaded)) => Ok(Digested {
                    main: main_constraint(&name, &loaded),
                    display: loaded.display.clone(),
                    path: loaded.path.clone(),
                    kept: digest(&name, loaded),
                    name,
                }),
                Err(notice) => Err(notice),
            };
            Some((index, result))
        })
        .collect();

    let mut notices = Vec::new();
    // Keyed by the directory's index in `dirs`, which is sorted by display already.
    let mut groups: BTreeMap<(usize, String), Vec<Digested<F>>> = BTreeMap::new();
    for (index, result) in results {
        match result {
            Ok(file) => groups.entry((index, file.name.clone())).or_default().push(file),
            Err(notice) => notices.push(notice),
        }
    }

    let mut names_by_dir: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (index, name) in groups.keys() {
        names_by_dir.entry(*index).or_default().insert(name);
    }
    for (index, names) in &names_by_dir {
        // `foo_test` beside `foo` is foo's external test package, not a second package.
        let main_names: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| !name.strip_suffix("_test").is_some_and(|base| names.contains(base)))
            .collect();
        if main_names.len() > 1 {
            let dir = &dirs[*index].display;
            notices.push(Notice {
                level: NoticeLevel::Warning,
                path: Some(dir.to_string()),
                line: None,
                message: format!("found packages {} in {dir}", join_names(&main_names)),
            });
        }
    }

    let mut packages: Vec<LoadedPackage<F>> = Vec::with_capacity(groups.len());
    for ((index, name), mut files) in groups {
        files.sort_by(|a, b| (&a.display, &a.path).cmp(&(&b.display, &b.path)));
        let dir_display = dirs[index].display.clone();
        if separate_programs(&files) {
            let mains = files.iter().filter(|f| f.main.is_some()).count();
            notices.push(Notice {
                level: NoticeLevel::Warning,
                path: Some(dir_display.to_string()),
                line: None,
                message: format!(
                    "{mains} files of package main declare func main: each file is analyzed as a program of its own"
                ),
            });
            packages.extend(files.into_iter().map(|file| LoadedPackage {
                dir_display: dir_display.clone(),
                name: name.clone(),
                files: vec![file.kept],
                program: true,
            }));
        } else {
            let files = files.into_iter().map(|file| file.kept).collect();
            packages.push(LoadedPackage { dir_display, name, files, program: false });
        }
    }
    // Stable: equal displays keep the order of `dirs`.
    packages.sort_by(|a, b| (&a.dir_display, &a.name).cmp(&(&b.dir_display, &b.name)));
    notices.sort();
    notices.dedup();
    Loaded { packages, notices }
}

/// Whether a directory's files of package `main` are separate programs: two files that some
/// configuration builds together each declare `func main`.
fn separate_programs<F>(files: &[Digested<F>]) -> bool {
    let mut mains: Vec<&Constraint> = files.iter().filter_map(|f| f.main.as_ref()).collect();
    if mains.len() < 2 {
        return false;
    }
    // Two mains under the same constraint clash wherever it holds (almost always: no
    // constraint at all). Otherwise each distinct pair is checked.
    let total = mains.len();
    mains.sort();
    mains.dedup();
    if mains.len() < total {
        return true;
    }
    mains.iter().enumerate().any(|(i, a)| mains[i + 1..].iter().any(|b| constraint::compatible(&[a, b])))
}

/// Whether the text declares the function `main` at the top level: a line that starts with
/// `func main(`, as gofmt writes it, outside comments and string literals (a generator's
/// template of a program is not one).
fn declares_main(text: &str) -> bool {
    #[derive(PartialEq)]
    enum In {
        Code,
        BlockComment,
        RawString,
    }
    let mut state = In::Code;
    for line in text.lines() {
        if state == In::Code && line.strip_prefix("func main").is_some_and(|rest| rest.trim_start().starts_with('(')) {
            return true;
        }
        // Carry the state over the line: only block comments and raw strings span lines.
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match state {
                In::BlockComment if c == '*' && chars.peek() == Some(&'/') => {
                    chars.next();
                    state = In::Code;
                }
                In::RawString if c == '`' => state = In::Code,
                In::Code => match c {
                    '/' if chars.peek() == Some(&'/') => break,
                    '/' if chars.peek() == Some(&'*') => {
                        chars.next();
                        state = In::BlockComment;
                    }
                    '`' => state = In::RawString,
                    '"' | '\'' => {
                        // An interpreted string or rune ends on its line.
                        while let Some(d) = chars.next() {
                            if d == '\\' {
                                chars.next();
                            } else if d == c {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    false
}

/// A file read by [`scan`]: its package name, where it is, and what the digest kept.
struct Digested<F> {
    /// For a file of package `main` that declares `func main`, its build constraint.
    main: Option<Constraint>,
    name: String,
    display: Arc<str>,
    path: std::path::PathBuf,
    kept: F,
}

/// For a file of package `name` that declares the program's `func main`, its constraint
/// (see [`separate_programs`]). A test file never holds the program's main; its `func main`
/// lines are programs it writes out.
pub fn main_constraint(name: &str, file: &LoadedFile) -> Option<Constraint> {
    (name == "main" && !file.display.ends_with("_test.go") && declares_main(&file.text))
        .then(|| Constraint::of_file(&file.display, &file.text))
}

/// Whether the file's header carries the build constraint `ignore` alone, the convention
/// for programs kept beside a package (`mkerrors.go`) that the go command never builds.
pub fn is_build_ignored(text: &str) -> bool {
    for line in text.lines().take(64) {
        let line = line.trim();
        if line.starts_with("package") {
            return false;
        }
        if line == "//go:build ignore" || line == "// +build ignore" {
            return true;
        }
    }
    false
}

/// A file's package name and contents, or why it was dropped.
type ReadResult = Result<(String, LoadedFile), Notice>;

/// `a and b`, `a, b and c`.
fn join_names(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

fn read_file(file: &FoundFile) -> ReadResult {
    let notice = |level: NoticeLevel, line: Option<usize>, message: String| Notice {
        level,
        path: Some(file.display.to_string()),
        line,
        message,
    };
    // Never open anything but a regular file: opening a FIFO blocks.
    match fs::metadata(&file.path) {
        Ok(meta) if !meta.is_file() => {
            return Err(notice(NoticeLevel::Warning, None, "not a regular file, skipped".to_string()))
        }
        Ok(_) => {}
        Err(err) => return Err(notice(NoticeLevel::Error, None, format!("cannot read file: {err}"))),
    }
    let bytes =
        fs::read(&file.path).map_err(|err| notice(NoticeLevel::Error, None, format!("cannot read file: {err}")))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.contains(&0) {
        return Err(notice(NoticeLevel::Error, None, "binary file (contains NUL bytes), skipped".to_string()));
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(err) => {
            let line = body[..err.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(notice(
                NoticeLevel::Error,
                Some(line),
                format!("not valid UTF-8 (first bad byte at line {line})"),
            ));
        }
    };
    let Some(name) = package_clause_name(text) else {
        return Err(notice(NoticeLevel::Warning, None, "no package clause, skipped".to_string()));
    };
    let name = name.to_string();
    let loaded = LoadedFile {
        path: file.path.clone(),
        display: file.display.clone(),
        text: Arc::from(text),
        reported: file.reported,
    };
    Ok((name, loaded))
}

/// The name in the file's package clause: after whitespace and comments, the keyword
/// `package`, more whitespace or comments, and an identifier. `None` when the file does not
/// start that way (empty, garbage, an unterminated comment). Only the clause is looked at.
pub fn package_clause_name(text: &str) -> Option<&str> {
    let start = skip_trivia(text, 0)?;
    let after_keyword = start + "package".len();
    if !text[start..].starts_with("package") {
        return None;
    }
    // `packagefoo` is an identifier, not the keyword.
    if text[after_keyword..].chars().next().is_some_and(is_ident_char) {
        return None;
    }
    let name_start = skip_trivia(text, after_keyword)?;
    let rest = &text[name_start..];
    let first = rest.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let end = rest.char_indices().find(|&(_, c)| !is_ident_char(c)).map_or(rest.len(), |(i, _)| i);
    Some(&rest[..end])
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The offset of the first byte at or after `at` that is not whitespace or a comment;
/// `None` inside an unterminated block comment.
fn skip_trivia(text: &str, mut at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    loop {
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => at += 1,
            Some(b'/') if bytes.get(at + 1) == Some(&b'/') => match text[at..].find('\n') {
                Some(i) => at += i + 1,
                None => at = bytes.len(),
            },
            Some(b'/') if bytes.get(at + 1) == Some(&b'*') => at += 2 + text[at + 2..].find("*/")? + 2,
            _ => return Some(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_package_clause() {
        assert_eq!(package_clause_name("package main\n"), Some("main"));
        assert!(is_build_ignored("// Copyright\n\n//go:build ignore\n\npackage main\n"));
        assert!(!is_build_ignored("//go:build ignore && linux\npackage main\n"));
        assert!(!is_build_ignored("package main\n//go:build ignore\n"));
        assert_eq!(package_clause_name("\u{feff}package main"), None);
        assert_eq!(package_clause_name("//go:build linux\n\n// Doc.\npackage foo // x\n"), Some("foo"));
        assert_eq!(package_clause_name("/* a\n b */ package/* c */bar;"), Some("bar"));
        assert_eq!(package_clause_name("package\n\tbaz"), Some("baz"));
        assert_eq!(package_clause_name("package foo_test"), Some("foo_test"));
        assert_eq!(package_clause_name("package héllo2"), Some("héllo2"));
        assert_eq!(package_clause_name("package _x"), Some("_x"));
        assert_eq!(package_clause_name("\r\npackage crlf\r\n"), Some("crlf"));
        assert_eq!(package_clause_name(""), None);
        assert_eq!(package_clause_name("// only a comment"), None);
        assert_eq!(package_clause_name("/* unterminated package x"), None);
        assert_eq!(package_clause_name("packagefoo"), None);
        assert_eq!(package_clause_name("package"), None);
        assert_eq!(package_clause_name("package 9x"), None);
        assert_eq!(package_clause_name("import \"fmt\"\npackage x"), None);
        assert_eq!(package_clause_name("/*/ package x"), None);
        assert_eq!(package_clause_name("/**/package x"), Some("x"));
    }

    #[test]
    fn joins_names() {
        assert_eq!(join_names(&["a", "b"]), "a and b");
        assert_eq!(join_names(&["a", "b", "c"]), "a, b and c");
    }
}

/// Whether a file says it is generated: a line `// Code generated ... DO NOT EDIT.` before
/// the package clause (the convention `go generate` tools follow, golang.org/s/generatedcode).
pub fn is_generated(text: &str) -> bool {
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("package ") || line.starts_with("package\t") {
            return false;
        }
        if line.starts_with("// Code generated ") && line.ends_with(" DO NOT EDIT.") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod generated_tests {
    use super::is_generated;

    #[test]
    fn generated_header_before_the_package_clause() {
        assert!(is_generated("// Code generated by mkerrors; DO NOT EDIT.\n\npackage unix\n"));
        assert!(is_generated("//go:build linux\n\n// Code generated by protoc-gen-go. DO NOT EDIT.\r\npackage pb\n"));
        assert!(!is_generated("package p\n\n// Code generated by hand. DO NOT EDIT.\n"));
        assert!(!is_generated("// Code generated by x, edit freely.\npackage p\n"));
        assert!(!is_generated("//Code generated by x DO NOT EDIT.\npackage p\n"));
    }
}
