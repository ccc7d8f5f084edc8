//! Turning command-line patterns into the set of Go files to analyze, grouped by directory.
//!
//! The patterns are the go command's file-system patterns, for a tool that builds nothing:
//!
//! - `./...`, `dir/...`, `../x/...`, `/abs/dir/...`: every directory at or below `dir` that
//!   holds Go files. Below the root (never the root itself, which the pattern names) the walk
//!   skips `vendor`, `testdata` and directories whose names start with `.` or `_`. Unlike the
//!   go command it descends into nested modules, and like it, it does not follow symbolic links
//!   to directories. `...` elsewhere in a pattern (`./foo...`, `./a/.../b`) matches any string,
//!   as in the go command.
//! - `.`, `dir`, `./dir`, `/abs/dir`: that one directory.
//! - `file.go`: the file's whole directory, as context; only the named files are reported.
//! - `file.s`: the package of its directory (assembly implements functions it declares).
//! - No pattern at all means `./...`.
//!
//! Go files are regular files whose names end in `.go` and do not start with `.` or `_`
//! (test files included). Anything else named `*.go` (a FIFO, a socket, a broken link) is
//! never opened: it gets a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use blindspot_report::{Notice, NoticeLevel};
use walkdir::WalkDir;

/// One `.go` file found by discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub path: PathBuf,
    /// Relative to the working directory when below it, with `/` separators; else absolute.
    pub display: Arc<str>,
    /// False for files that are analyzed only as context (a pattern named another file of
    /// the same directory).
    pub reported: bool,
}

/// A directory holding one or more packages' files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDir {
    pub dir: PathBuf,
    pub display: Arc<str>,
    pub files: Vec<FoundFile>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted by `display`, files within sorted by `display`; no duplicates.
    pub dirs: Vec<FoundDir>,
    /// Bad patterns (nonexistent path, matched nothing), unreadable directories, ...
    pub notices: Vec<Notice>,
}

/// Expands `patterns` (relative ones against `cwd`) into directories of Go files.
///
/// Paths in the result are absolute and lexically normalized (symbolic links are not
/// resolved). The result is sorted and free of duplicates, whatever the order and overlap of
/// the patterns; notices are sorted too.
pub fn discover(cwd: &Path, patterns: &[String]) -> Discovery {
    let default = ["./...".to_string()];
    let patterns = if patterns.is_empty() { &default[..] } else { patterns };
    let mut state = State { cwd: absolute_cwd(cwd), dirs: BTreeMap::new(), notices: Vec::new() };
    for pattern in patterns {
        state.pattern(pattern);
    }
    state.finish()
}

/// Whether a directory entry's name is that of a Go source file: ends in `.go` and does not
/// start with `.` or `_` (the go command ignores those).
pub fn is_go_file_name(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.len() > 3 && bytes.ends_with(b".go") && !bytes.starts_with(b".") && !bytes.starts_with(b"_")
}

/// Lexically normalizes a path: removes `.` components and resolves `..` against the
/// component before it (never above the root). Symbolic links are not looked at.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            Component::Normal(name) => out.push(name),
        }
    }
    out
}

fn absolute_cwd(cwd: &Path) -> PathBuf {
    if cwd.is_absolute() {
        return normalize_path(cwd);
    }
    match std::env::current_dir() {
        Ok(current) => normalize_path(&current.join(cwd)),
        Err(_) => normalize_path(cwd),
    }
}

/// Directories whose names start with these, or are these, are not walked below a root.
fn skip_dir_name(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.starts_with(b".") || bytes.starts_with(b"_") || bytes == b"vendor" || bytes == b"testdata"
}

/// What a directory entry is for discovery.
enum Kind {
    /// Not a Go file (or a directory, a link to one): ignored without a word.
    Other,
    /// A Go file to read.
    Go,
    /// Named like a Go file but not one to open; the message says why.
    Skipped(String),
}

/// Classifies an entry without opening it. `file_type` is the entry's own type (a symbolic
/// link is not followed by it); a link is followed with `fs::metadata` to see what it
/// points at.
fn classify(path: &Path, file_type: fs::FileType, name: &OsStr) -> Kind {
    if !is_go_file_name(name) || file_type.is_dir() {
        return Kind::Other;
    }
    if file_type.is_file() {
        return Kind::Go;
    }
    if file_type.is_symlink() {
        return match fs::metadata(path) {
            Ok(meta) if meta.is_file() => Kind::Go,
            // A link to a directory is neither a file nor walked, as in the go command.
            Ok(meta) if meta.is_dir() => Kind::Other,
            Ok(_) => Kind::Skipped("not a regular file, skipped".to_string()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                Kind::Skipped("broken symbolic link, skipped".to_string())
            }
            Err(err) => Kind::Skipped(format!("cannot follow symbolic link: {err}, skipped")),
        };
    }
    Kind::Skipped("not a regular file, skipped".to_string())
}

#[derive(Default)]
struct DirAcc {
    /// Every Go file of the directory (absolute, normalized).
    files: BTreeSet<PathBuf>,
    /// Named as a package by some pattern: every file is reported.
    whole: bool,
    /// Files named by a file pattern.
    named: BTreeSet<PathBuf>,
    /// `files` holds the whole directory's listing (a file pattern whose directory cannot be
    /// read leaves only the named files).
    listed: bool,
}

struct State {
    cwd: PathBuf,
    dirs: BTreeMap<PathBuf, DirAcc>,
    notices: Vec<Notice>,
}

impl State {
    fn display(&self, path: &Path) -> String {
        match path.strip_prefix(&self.cwd) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
            Ok(rel) => {
                let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                parts.join("/")
            }
            Err(_) => path.to_string_lossy().into_owned(),
        }
    }

    fn notice(&mut self, level: NoticeLevel, path: String, message: String) {
        self.notices.push(Notice { level, path: Some(path), line: None, message });
    }

    fn pattern_error(&mut self, pattern: &str, message: String) {
        self.notice(NoticeLevel::Error, pattern.to_string(), format!("pattern {pattern:?}: {message}"));
    }

    fn pattern(&mut self, pattern: &str) {
        if pattern.is_empty() {
            self.pattern_error(pattern, "empty pattern".to_string());
            return;
        }
        match pattern.find("...") {
            Some(i) => {
                // The walk starts at the literal directory before the first `...`.
                let (root, rest) = match pattern[..i].rfind('/') {
                    Some(j) => (&pattern[..=j], &pattern[j + 1..]),
                    None => ("", pattern),
                };
                self.walk_pattern(pattern, root, rest);
            }
            None => self.path_pattern(pattern),
        }
    }

    /// The error for a pattern whose path `named` (as written) does not exist.
    fn not_found(&mut self, pattern: &str, named: &str) {
        let mut message = format!("no such file or directory: {named}");
        if looks_like_import_path(pattern) {
            message.push_str(
                " (import paths are not supported; blindspot takes file-system patterns such as ./... or dir/...)",
            );
        }
        self.pattern_error(pattern, message);
    }

    /// Checks that the root of a pattern exists; reports the pattern otherwise.
    fn stat_root(&mut self, pattern: &str, named: &str, path: &Path) -> Option<fs::Metadata> {
        match fs::metadata(path) {
            Ok(meta) => Some(meta),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                self.not_found(pattern, named);
                None
            }
            Err(err) => {
                self.pattern_error(pattern, format!("cannot access {named}: {err}"));
                None
            }
        }
    }

    fn walk_pattern(&mut self, pattern: &str, root: &str, rest: &str) {
        let named = match root.trim_end_matches('/') {
            "" if root.is_empty() => ".",
            "" => "/",
            trimmed => trimmed,
        };
        let root_path = normalize_path(&self.cwd.join(if root.is_empty() { "." } else { root }));
        let Some(meta) = self.stat_root(pattern, named, &root_path) else {
            return;
        };
        if !meta.is_dir() {
            self.pattern_error(pattern, format!("not a directory: {named}"));
            return;
        }

        let literal = &rest[..rest.find("...").unwrap_or(rest.len())];
        let relative = |path: &Path| -> String {
            let rel = path.strip_prefix(&root_path).unwrap_or(path);
            let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            parts.join("/")
        };

        let mut found: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        let mut had_error = false;
        let walker =
            WalkDir::new(&root_path).follow_links(false).sort_by_file_name().into_iter().filter_entry(|entry| {
                entry.depth() == 0
                    || !entry.file_type().is_dir()
                    || (!skip_dir_name(entry.file_name()) && tree_can_match(literal, &relative(entry.path())))
            });
        for item in walker {
            match item {
                Ok(entry) => {
                    if entry.file_type().is_dir() {
                        continue;
                    }
                    match classify(entry.path(), entry.file_type(), entry.file_name()) {
                        Kind::Other => {}
                        Kind::Go => {
                            let path = entry.path().to_path_buf();
                            let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| root_path.clone());
                            found.entry(dir).or_default().insert(path);
                        }
                        Kind::Skipped(message) => {
                            let display = self.display(entry.path());
                            self.notice(NoticeLevel::Warning, display, message);
                        }
                    }
                }
                Err(err) => {
                    had_error = true;
                    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root_path.clone());
                    let display = self.display(&path);
                    let message = match err.io_error() {
                        Some(io_err) => format!("cannot read directory: {io_err}"),
                        None => format!("cannot read directory: {err}"),
                    };
                    self.notice(NoticeLevel::Error, display, message);
                }
            }
        }

        let mut matched = 0;
        for (dir, files) in found {
            if pattern_matches(rest, &relative(&dir)) {
                matched += 1;
                let acc = self.dirs.entry(dir).or_default();
                acc.whole = true;
                acc.listed = true;
                acc.files.extend(files);
            }
        }
        if matched == 0 && !had_error {
            self.pattern_error(pattern, "matched no packages".to_string());
        }
    }

    fn path_pattern(&mut self, pattern: &str) {
        let path = normalize_path(&self.cwd.join(pattern));
        let named = match pattern.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        let Some(meta) = self.stat_root(pattern, named, &path) else {
            return;
        };
        if meta.is_dir() {
            if !self.ensure_listed(&path, NoticeLevel::Error) {
                return;
            }
            let acc = self.dirs.entry(path.clone()).or_default();
            if acc.files.is_empty() {
                let display = self.display(&path);
                self.pattern_error(pattern, format!("no Go files in {display}"));
            } else {
                acc.whole = true;
            }
            return;
        }
        let is_go_name = path.file_name().is_some_and(|name| name.as_encoded_bytes().ends_with(b".go"));
        let is_asm_name = path.file_name().is_some_and(|name| name.as_encoded_bytes().ends_with(b".s"));
        if is_asm_name && meta.is_file() {
            // Assembly implements functions its package declares: the file stands for the
            // package (pre-commit passes changed `.s` files).
            let Some(dir) = path.parent().map(Path::to_path_buf) else { return };
            if self.ensure_listed(&dir, NoticeLevel::Warning) {
                let acc = self.dirs.entry(dir).or_default();
                acc.whole = !acc.files.is_empty() || acc.whole;
            }
            return;
        }
        if !is_go_name {
            self.pattern_error(pattern, format!("not a directory, a .go file or a .s file: {named}"));
            return;
        }
        if !meta.is_file() {
            let display = self.display(&path);
            self.notice(NoticeLevel::Warning, display, "not a regular file, skipped".to_string());
            return;
        }
        let Some(dir) = path.parent().map(Path::to_path_buf) else {
            return;
        };
        // The directory's other files are context; a directory that cannot be listed leaves
        // the named file alone.
        self.ensure_listed(&dir, NoticeLevel::Warning);
        let acc = self.dirs.entry(dir).or_default();
        // Named explicitly, the file counts even if its name starts with `_` or `.`.
        acc.files.insert(path.clone());
        acc.named.insert(path);
    }

    /// Lists `dir`'s Go files into `self.dirs` unless they are there already. Returns false
    /// (after a notice of `level`) when the directory cannot be read.
    fn ensure_listed(&mut self, dir: &Path, level: NoticeLevel) -> bool {
        if self.dirs.get(dir).is_some_and(|acc| acc.listed) {
            return true;
        }
        match self.list_dir(dir) {
            Ok(files) => {
                let acc = self.dirs.entry(dir.to_path_buf()).or_default();
                acc.files.extend(files);
                acc.listed = true;
                true
            }
            Err(err) => {
                let display = self.display(dir);
                self.notice(level, display, format!("cannot read directory: {err}"));
                false
            }
        }
    }

    fn list_dir(&mut self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = dir.join(entry.file_name());
            let file_type = entry.file_type()?;
            match classify(&path, file_type, &entry.file_name()) {
                Kind::Other => {}
                Kind::Go => files.push(path),
                Kind::Skipped(message) => {
                    let display = self.display(&path);
                    self.notice(NoticeLevel::Warning, display, message);
                }
            }
        }
        Ok(files)
    }

    fn finish(self) -> Discovery {
        let mut dirs = Vec::with_capacity(self.dirs.len());
        for (dir, acc) in &self.dirs {
            if acc.files.is_empty() {
                continue;
            }
            let mut files: Vec<FoundFile> = acc
                .files
                .iter()
                .map(|path| FoundFile {
                    path: path.clone(),
                    display: Arc::from(self.display(path)),
                    reported: acc.whole || acc.named.contains(path),
                })
                .collect();
            files.sort_by(|a, b| (&a.display, &a.path).cmp(&(&b.display, &b.path)));
            dirs.push(FoundDir { dir: dir.clone(), display: Arc::from(self.display(dir)), files });
        }
        dirs.sort_by(|a, b| (&a.display, &a.dir).cmp(&(&b.display, &b.dir)));
        let mut notices = self.notices;
        notices.sort();
        notices.dedup();
        Discovery { dirs, notices }
    }
}

/// A pattern that is neither local (`.`, `./x`, `../x`) nor absolute and looks like an import
/// path (`example.com/m/...`, `std`, `all`, `fmt`) rather than a directory.
fn looks_like_import_path(pattern: &str) -> bool {
    if pattern.starts_with('/')
        || pattern == "."
        || pattern == ".."
        || pattern.starts_with("./")
        || pattern.starts_with("../")
        || pattern.ends_with(".go")
    {
        return false;
    }
    let first = pattern.split('/').next().unwrap_or("");
    matches!(first, "std" | "cmd" | "all" | "tool" | "work") || first.contains('.') || !pattern.contains('/')
}

/// Whether the directory `rel` (relative to the walk's root, `/`-separated) may hold matches
/// of a pattern whose text before its first `...` is `literal` (the go command's
/// `TreeCanMatchPattern`).
fn tree_can_match(literal: &str, rel: &str) -> bool {
    has_path_prefix(literal, rel) || rel.starts_with(literal)
}

fn has_path_prefix(s: &str, prefix: &str) -> bool {
    s == prefix
        || (s.starts_with(prefix)
            && (prefix.is_empty() || prefix.ends_with('/') || s.as_bytes().get(prefix.len()) == Some(&b'/')))
}

/// Matches `rel` against `pattern`, where `...` matches any string (including `/` and the
/// empty string) and a trailing `/...` also matches the directory itself.
fn pattern_matches(pattern: &str, rel: &str) -> bool {
    glob_match(pattern, rel) || pattern.strip_suffix("/...").is_some_and(|base| glob_match(base, rel))
}

fn glob_match(pattern: &str, s: &str) -> bool {
    let parts: Vec<&str> = pattern.split("...").collect();
    if parts.len() == 1 {
        return pattern == s;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    let Some(mut rest) = s.strip_prefix(first) else {
        return false;
    };
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize_path(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize_path(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(normalize_path(Path::new("../a/..")), PathBuf::from(".."));
        assert_eq!(normalize_path(Path::new("a/../../b")), PathBuf::from("../b"));
    }

    #[test]
    fn matches_patterns() {
        assert!(pattern_matches("...", ""));
        assert!(pattern_matches("...", "a/b"));
        assert!(pattern_matches("a/...", "a"));
        assert!(pattern_matches("a/...", "a/b"));
        assert!(!pattern_matches("a/...", "ab"));
        assert!(pattern_matches("foo...", "foobar/x"));
        assert!(!pattern_matches("foo...", "fo"));
        assert!(pattern_matches("a/.../b", "a/x/y/b"));
        assert!(!pattern_matches("a/.../b", "a/x/y/c"));
    }

    #[test]
    fn prunes_trees() {
        assert!(tree_can_match("", "x"));
        assert!(tree_can_match("a/b/", "a"));
        assert!(tree_can_match("a/b/", "a/b"));
        assert!(tree_can_match("foo", "foobar"));
        assert!(!tree_can_match("foo", "fo"));
        assert!(!tree_can_match("a/b/", "c"));
    }

    #[test]
    fn go_file_names() {
        assert!(is_go_file_name(OsStr::new("a.go")));
        assert!(is_go_file_name(OsStr::new("a_test.go")));
        assert!(!is_go_file_name(OsStr::new(".go")));
        assert!(!is_go_file_name(OsStr::new("_a.go")));
        assert!(!is_go_file_name(OsStr::new(".a.go")));
        assert!(!is_go_file_name(OsStr::new("a.goo")));
    }
}
