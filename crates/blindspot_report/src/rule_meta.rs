//! What a renderer needs to know about a rule. Built by `blindspot_rules` from `rules/*.md`.

use serde::Serialize;

use crate::Level;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// `BS202`
    pub id: String,
    /// `syscall-uintptr-escape`
    pub name: String,
    /// One sentence: what the rule reports.
    pub summary: String,
    /// Which of the race detector's blind spots the rule covers.
    pub cause: String,
    pub default_level: Level,
    /// `high` or `medium`: SARIF `properties.precision`.
    pub precision: String,
    pub tags: Vec<String>,
    /// The documentation, Markdown, without the front matter.
    pub doc_markdown: String,
    /// The documentation as plain text (Markdown markup removed), for SARIF `help.text`.
    pub doc_text: String,
    /// A link to the rule's documentation, if the project publishes one.
    pub help_uri: Option<String>,
}
