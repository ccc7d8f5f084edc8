//! `blindspot rules` and `blindspot explain`: what the binary implements, and a rule's
//! documentation.

use blindspot_report as report;

use super::{write_output, ERROR, OK};
use crate::cli::ListFormat;

pub(super) fn list(format: ListFormat) -> u8 {
    let metas = blindspot_rules::metas();
    let mut out = String::new();
    match format {
        ListFormat::Text => {
            for m in metas {
                out.push_str(&format!("{}  {:<26} {:<8} {}\n", m.id, m.name, m.default_level.as_str(), m.summary));
            }
        }
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = metas
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "name": m.name, "level": m.default_level.as_str(),
                        "precision": m.precision, "cause": m.cause, "tags": m.tags, "summary": m.summary,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_default();
            out.push('\n');
        }
    }
    match write_output(None, out.as_bytes()) {
        Ok(()) => OK,
        Err(e) => {
            eprintln!("error: {e}");
            ERROR
        }
    }
}

pub(super) fn explain(rule: &str) -> u8 {
    let found = blindspot_rules::metas().iter().find(|m| m.id.eq_ignore_ascii_case(rule) || m.name == rule);
    match found {
        Some(m) => {
            let text = format!("{}\n", m.doc_markdown);
            match write_output(None, text.as_bytes()) {
                Ok(()) => OK,
                Err(e) => {
                    eprintln!("error: {e}");
                    ERROR
                }
            }
        }
        None => {
            let ids: Vec<&str> = blindspot_rules::metas().iter().map(|m| m.id.as_str()).collect();
            eprintln!("error: unknown rule `{}`; known rules: {}", report::escape_control(rule), ids.join(", "));
            ERROR
        }
    }
}
