//! Diagnostics and the renderers that turn them into text, JSON, SARIF and GitHub
//! annotations. This crate knows nothing about Go syntax trees.
//!
//! Every renderer takes the same [`Report`] and writes one complete document to a writer.
//! None of them panics on bad input: spans past the end of a file are clamped, and a span
//! whose file is missing from [`Sources`] is still reported, only without line, column and
//! snippet.

mod diagnostic;
mod fingerprint;
mod github;
pub mod json;
mod location;
mod rule_meta;
mod sanitize;
mod sarif;
mod text;

pub use diagnostic::*;
pub use fingerprint::primary_location_line_hash;
pub use github::render_github;
pub use json::render_json;
pub use rule_meta::*;
pub use sanitize::escape_control;
pub use sarif::{render_sarif, render_sarif_within, SarifLimits, GITHUB_LIMITS, INFORMATION_URI, SARIF_SCHEMA_URI};
pub use text::render_text;

/// Everything a renderer needs for one run of the analyzer.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The findings, already in output order (see [`sort_diagnostics`]).
    pub diagnostics: &'a [Diagnostic],
    /// Problems with the run itself: unreadable files, syntax errors.
    pub notices: &'a [Notice],
    /// Every registered rule, in id order.
    pub rules: &'a [RuleMeta],
    /// The text of every file a span points into.
    pub sources: &'a Sources,
    /// The analyzer's version, e.g. `0.1.0`.
    pub tool_version: &'a str,
    /// SARIF `automationDetails.id`, e.g. `blindspot/`.
    pub automation_id: &'a str,
    /// How many findings suppression directives silenced that `diagnostics` leaves out
    /// (those it holds carry their [`Suppression`]).
    pub hidden_suppressed: usize,
}

impl Report<'_> {
    /// The registered rule with this id, if any.
    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }
}
