//! What a rule sees: the package model, its own metadata, and a way to report.

use std::cell::OnceCell;

use blindspot_go::memory::MemoryModel;
use blindspot_go::model::{self, Package};
use blindspot_report::{Confidence, Diagnostic, Label, RuleMeta, Span};

/// Facts about one package that several rules ask for, computed on first use and shared.
pub struct Facts<'a> {
    pub pkg: &'a Package,
    memory: OnceCell<MemoryModel>,
}

impl<'a> Facts<'a> {
    pub fn new(pkg: &'a Package) -> Facts<'a> {
        Facts { pkg, memory: OnceCell::new() }
    }

    /// Origins, goroutine contexts and accesses ([`blindspot_go::memory`]).
    pub fn memory(&self) -> &MemoryModel {
        self.memory.get_or_init(|| MemoryModel::build(self.pkg))
    }
}

pub struct Ctx<'a> {
    pub pkg: &'a Package,
    pub facts: &'a Facts<'a>,
    pub meta: &'a RuleMeta,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(facts: &'a Facts<'a>, meta: &'a RuleMeta) -> Ctx<'a> {
        Ctx { pkg: facts.pkg, facts, meta, out: Vec::new() }
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
