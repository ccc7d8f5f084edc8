//! The `Diagnostic` type every rule produces and every renderer consumes.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

/// How serious a finding is, as configured for its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "note" => Some(Level::Note),
            _ => None,
        }
    }
}

/// How much of the evidence trail rests on a heuristic step.
///
/// `High`: the trail is complete inside one function or package with no guess about
/// aliasing. `Medium`: a heuristic step (a method resolved by name, a field share) was needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
        }
    }
}

/// A byte range in one analyzed file. `path` is the path shown to the user: relative to the
/// working directory when the file lies below it, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub path: Arc<str>,
    pub start: usize,
    pub end: usize,
}

/// A span with the message that says what happens there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label { span, message: message.into() }
    }
}

/// One finding: the access the race detector cannot see (primary) and the evidence trail
/// (secondary labels, in the order a reader should follow them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Rule id, e.g. `BS202`.
    pub rule: String,
    pub message: String,
    pub level: Level,
    pub confidence: Confidence,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// Set when a directive in the source or the configuration silenced the finding: it is
    /// reported only with `--show-suppressed` (and in SARIF, as a suppressed result).
    pub suppression: Option<Suppression>,
}

/// Why a finding is silenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// `//blindspot:ignore`, `//blindspot:file-ignore` or `//nolint`, as written.
    pub directive: String,
    /// Where the directive is.
    pub span: Span,
    /// The reason written after the ids.
    pub justification: String,
}

impl Diagnostic {
    /// The order of the output: path, then position, then rule, then message. The same for
    /// any thread count because every key comes from the input.
    pub fn sort_key_cmp(&self, other: &Diagnostic) -> Ordering {
        (&*self.primary.span.path, self.primary.span.start, &self.rule, &self.message, self.primary.span.end).cmp(&(
            &*other.primary.span.path,
            other.primary.span.start,
            &other.rule,
            &other.message,
            other.primary.span.end,
        ))
    }
}

/// Sorts diagnostics into output order and drops exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key_cmp(b).then_with(|| format!("{:?}", a.secondary).cmp(&format!("{:?}", b.secondary)))
    });
    diags.dedup();
}

/// A problem with the run itself rather than with the analyzed code: an unreadable file, a
/// file that is not UTF-8, a syntax error. Errors make the exit status 2; warnings do not.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Notice {
    pub level: NoticeLevel,
    /// The file or pattern the notice is about, if any.
    pub path: Option<String>,
    /// 1-based line, when the notice points into a file.
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NoticeLevel {
    Error,
    Warning,
}

impl NoticeLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeLevel::Error => "error",
            NoticeLevel::Warning => "warning",
        }
    }
}

/// The text of one analyzed file, as rendered in snippets and hashed for fingerprints.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
    /// Byte offsets where lines start, built on first use: positions are then found by a
    /// binary search instead of a scan from the start of the file for every span.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: Arc<str>, text: Arc<str>) -> SourceFile {
        SourceFile { path, text, line_starts: OnceLock::new() }
    }

    /// Line and column of `offset`, as [`position`] computes them.
    pub fn position(&self, offset: usize) -> Position {
        let text = &*self.text;
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
                .collect()
        });
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = starts.partition_point(|&s| s <= offset);
        let in_line = &text[starts[line - 1]..offset];
        Position { line, column: in_line.chars().count() + 1, column_utf16: in_line.encode_utf16().count() + 1 }
    }
}

/// The files that diagnostics point into. Renderers look sources up by path.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
    by_path: HashMap<Arc<str>, usize>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, path: Arc<str>, text: Arc<str>) {
        if !self.by_path.contains_key(&path) {
            self.by_path.insert(path.clone(), self.files.len());
            self.files.push(SourceFile::new(path, text));
        }
    }

    pub fn get(&self, path: &str) -> Option<&SourceFile> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

/// A 1-based line and column for a byte offset. `column` counts Unicode scalar values;
/// `column_utf16` counts UTF-16 code units, as SARIF's default `columnKind` requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
}

/// Line and column of `offset` in `text`. An offset past the end, or inside a UTF-8
/// sequence, is clamped to the nearest valid position before it.
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let in_line = &text[line_start..offset];
    Position { line, column: in_line.chars().count() + 1, column_utf16: in_line.encode_utf16().count() + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_position_agrees_with_the_scan() {
        let text = "ab\né😀x\r\n\nlast";
        let file = SourceFile::new("f.go".into(), text.into());
        for offset in 0..=text.len() + 2 {
            assert_eq!(file.position(offset), position(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn position_ascii() {
        let text = "package main\nfunc f() {}\n";
        assert_eq!(position(text, 0), Position { line: 1, column: 1, column_utf16: 1 });
        assert_eq!(position(text, 13 + 5), Position { line: 2, column: 6, column_utf16: 6 });
        // The newline itself belongs to the line it ends.
        assert_eq!(position(text, 12), Position { line: 1, column: 13, column_utf16: 13 });
    }

    #[test]
    fn position_counts_scalars_and_utf16_units() {
        // `é` is 2 bytes, 1 scalar, 1 UTF-16 unit; `😀` is 4 bytes, 1 scalar, 2 units.
        let text = "x\né😀y";
        let y = text.find('y').unwrap();
        assert_eq!(y, 2 + 2 + 4);
        assert_eq!(position(text, y), Position { line: 2, column: 3, column_utf16: 4 });
    }

    #[test]
    fn position_past_the_end_is_clamped() {
        let text = "ab\ncd";
        assert_eq!(position(text, 999), Position { line: 2, column: 3, column_utf16: 3 });
        assert_eq!(position("", 5), Position { line: 1, column: 1, column_utf16: 1 });
    }

    #[test]
    fn position_inside_a_multibyte_char_moves_back_to_its_start() {
        let text = "a😀b";
        for inside in 2..=4 {
            assert_eq!(position(text, inside), Position { line: 1, column: 2, column_utf16: 2 });
        }
        assert_eq!(position(text, 5), Position { line: 1, column: 3, column_utf16: 4 });
    }
}
