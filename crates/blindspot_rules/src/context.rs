//! What a rule sees: the package model, its own metadata, and a way to report.

use blindspot_analysis::{Cx, Pass};
use blindspot_go::model::{self, Package};
use blindspot_report::{Confidence, Diagnostic, Label, RuleMeta, Span};

pub struct Ctx<'a> {
    pub pkg: &'a Package,
    /// The package under analysis, with the results of the passes run so far.
    pub cx: &'a Cx<'a>,
    pub meta: &'a RuleMeta,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(cx: &'a Cx<'a>, meta: &'a RuleMeta) -> Ctx<'a> {
        Ctx { pkg: cx.pkg, cx, meta, out: Vec::new() }
    }

    /// The result of a pass on this package (run on first use).
    pub fn result<T: 'static>(&self, pass: &'static Pass<T>) -> &'a T {
        self.cx.result(pass)
    }

    /// A model span as a report span (the file's display path and byte range).
    pub fn span(&self, s: model::Span) -> Span {
        Span { path: self.pkg.file(s.file).path.clone(), start: s.start as usize, end: s.end as usize }
    }

    pub fn label(&self, s: model::Span, message: impl Into<String>) -> Label {
        Label::new(self.span(s), message)
    }

    /// The source text of a span, on one line and at most `max` characters long.
    pub fn snippet(&self, s: model::Span, max: usize) -> String {
        let text: String = self.pkg.text(s).split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() <= max {
            text
        } else {
            let cut: String = text.chars().take(max.saturating_sub(1)).collect();
            format!("{cut}…")
        }
    }

    pub fn report(&mut self, message: String, confidence: Confidence, primary: Label, secondary: Vec<Label>) {
        self.out.push(Diagnostic {
            rule: self.meta.id.clone(),
            message,
            level: self.meta.default_level,
            confidence,
            primary,
            secondary,
            suppression: None,
        });
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }
}
