//! The human-readable output: one codespan-reporting diagnostic per finding, then a summary.
//!
//! Codespan sees only escaped copies of the analyzed files and messages (see
//! [`crate::sanitize`]), so nothing from the analyzed code can drive the reader's terminal.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity};
use codespan_reporting::files::{self, Files, SimpleFile};
use codespan_reporting::term::termcolor::{Ansi, NoColor};
use codespan_reporting::term::{self, Config};

use crate::location::floor_char_boundary;
use crate::sanitize::{escape_control, SanitizedText};
use crate::{Diagnostic, Label, Level, Report, SourceFile, Sources};

/// One analyzed file as codespan sees it.
struct TextFile<'s> {
    /// The original file, for reporting columns the way the other formats do.
    original: &'s SourceFile,
    clean: SanitizedText,
    /// Holds the escaped name and escaped text; it does the line bookkeeping.
    simple: SimpleFile<String, String>,
}

/// The files the findings point into, with escaped text and columns of the original text.
struct TextFiles<'s> {
    files: Vec<TextFile<'s>>,
    ids: HashMap<Arc<str>, usize>,
}

impl<'s> TextFiles<'s> {
    /// Only the files the findings point into: escaping every analyzed file would cost time
    /// for nothing.
    fn new(sources: &'s Sources, diagnostics: &[Diagnostic]) -> TextFiles<'s> {
        let mut this = TextFiles { files: Vec::new(), ids: HashMap::new() };
        let spans = diagnostics.iter().flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary));
        for label in spans {
            let path = &label.span.path;
            if this.ids.contains_key(path) {
                continue;
            }
            if let Some(f) = sources.get(path) {
                let clean = SanitizedText::new(&f.text);
                let simple = SimpleFile::new(escape_control(path).into_owned(), clean.as_str().to_owned());
                this.ids.insert(path.clone(), this.files.len());
                this.files.push(TextFile { original: f, clean, simple });
            }
        }
        this
    }

    fn id(&self, path: &str) -> Option<usize> {
        self.ids.get(path).copied()
    }

    fn file(&self, id: usize) -> Result<&TextFile<'s>, files::Error> {
        self.files.get(id).ok_or(files::Error::FileMissing)
    }

    /// `span` (original offsets, possibly out of range) as a range of the escaped text.
    fn clean_range(&self, id: usize, start: usize, end: usize) -> Range<usize> {
        let Ok(f) = self.file(id) else { return 0..0 };
        let start = floor_char_boundary(&f.original.text, start);
        let end = floor_char_boundary(&f.original.text, end).max(start);
        f.clean.to_sanitized(start)..f.clean.to_sanitized(end)
    }
}

impl<'a> Files<'a> for TextFiles<'_> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.simple.name())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.simple.source())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        self.file(id)?.simple.line_index((), byte_index)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        self.file(id)?.simple.line_range((), line_index)
    }

    /// The column in the original text, so `path:line:col` in the header matches the JSON
    /// output and editors, not the width of the escapes.
    fn column_number(&'a self, id: usize, _line_index: usize, byte_index: usize) -> Result<usize, files::Error> {
        let f = self.file(id)?;
        Ok(f.original.position(f.clean.to_original(byte_index)).column)
    }
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Note,
    }
}

/// A label codespan can draw, or, when the file's text is missing, a note that still tells
/// the reader where to look.
fn place(files: &TextFiles, label: &Label, primary: bool, snippets: bool) -> Result<CsLabel<usize>, String> {
    let message = escape_control(&label.message).into_owned();
    let span = &label.span;
    match files.id(&span.path).filter(|_| snippets) {
        Some(id) => {
            let range = files.clean_range(id, span.start, span.end);
            let l = if primary { CsLabel::primary(id, range) } else { CsLabel::secondary(id, range) };
            Ok(l.with_message(message))
        }
        None => Err(format!("{}: bytes {}..{}: {}", escape_control(&span.path), span.start, span.end, message)),
    }
}

/// The codespan form of `d`; with `snippets == false` every location becomes a note.
fn to_codespan(files: &TextFiles, d: &Diagnostic, snippets: bool) -> CsDiagnostic<usize> {
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let all = std::iter::once((&d.primary, true)).chain(d.secondary.iter().map(|l| (l, false)));
    for (label, primary) in all {
        match place(files, label, primary, snippets) {
            Ok(l) => labels.push(l),
            Err(note) => notes.push(note),
        }
    }
    let rule = escape_control(&d.rule);
    if let Some(s) = &d.suppression {
        let why = if s.justification.is_empty() { String::new() } else { format!(": {}", s.justification) };
        notes.push(escape_control(&format!("suppressed by `{}`{why}", s.directive)).into_owned());
    }
    notes.push(format!("confidence: {}", d.confidence.as_str()));
    notes.push(format!("run `blindspot explain {rule}` for details"));
    CsDiagnostic::new(severity(d.level))
        .with_code(rule.into_owned())
        .with_message(escape_control(&d.message).into_owned())
        .with_labels(labels)
        .with_notes(notes)
}

/// One finding rendered completely, or not at all: codespan writes as it goes, so rendering
/// into a buffer first keeps a failure from leaving half a diagnostic in the output. Should
/// codespan reject the labels (it should not: spans are clamped), the finding is rendered
/// again with its locations as notes, so it is never lost.
fn render_one(files: &TextFiles, d: &Diagnostic, color: bool) -> Vec<u8> {
    emit_buffered(files, &to_codespan(files, d, true), color)
        .or_else(|_| emit_buffered(files, &to_codespan(files, d, false), color))
        .unwrap_or_else(|e| {
            let (rule, message) = (escape_control(&d.rule), escape_control(&d.message));
            format!("{}[{rule}]: {message} ({e})\n\n", d.level.as_str()).into_bytes()
        })
}

fn emit_buffered(files: &TextFiles, cs: &CsDiagnostic<usize>, color: bool) -> Result<Vec<u8>, files::Error> {
    let config = Config::default();
    if color {
        let mut w = Ansi::new(Vec::new());
        term::emit_to_write_style(&mut w, &config, files, cs)?;
        Ok(w.into_inner())
    } else {
        let mut w = NoColor::new(Vec::new());
        term::emit_to_write_style(&mut w, &config, files, cs)?;
        Ok(w.into_inner())
    }
}

/// `found 3 findings (2 errors, 1 warning)`, or `no findings`.
fn summary(all: &[Diagnostic], hidden_suppressed: usize) -> String {
    let diagnostics: Vec<&Diagnostic> = all.iter().filter(|d| d.suppression.is_none()).collect();
    let suppressed = all.len() - diagnostics.len() + hidden_suppressed;
    let silenced = if suppressed > 0 { format!("; {suppressed} suppressed") } else { String::new() };
    if diagnostics.is_empty() {
        return format!("no findings{silenced}");
    }
    let count = |level| diagnostics.iter().filter(|d| d.level == level).count();
    let parts: Vec<String> = [(Level::Error, "error"), (Level::Warning, "warning"), (Level::Note, "note")]
        .into_iter()
        .map(|(level, word)| (count(level), word))
        .filter(|&(n, _)| n > 0)
        .map(|(n, word)| plural(n, word))
        .collect();
    format!("found {} ({}){silenced}", plural(diagnostics.len(), "finding"), parts.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Writes every finding as a codespan diagnostic, then the summary line. Notices are not
/// written: the CLI prints them to stderr. With `color == false` the output contains no
/// escape sequences at all.
pub fn render_text(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let files = TextFiles::new(report.sources, report.diagnostics);
    for d in report.diagnostics {
        out.write_all(&render_one(&files, d, color))?;
    }
    writeln!(out, "{}", summary(report.diagnostics, report.hidden_suppressed))
}
