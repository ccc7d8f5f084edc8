//! SARIF 2.1.0 output, shaped for GitHub code scanning.
//!
//! GitHub accepts a subset of SARIF and has rules of its own on top of the schema: every
//! rule needs `shortDescription`, `fullDescription` and `help`; every result a `ruleId`, a
//! relative `uri` with a `uriBaseId`, a `startLine` and a `primaryLocationLineHash` partial
//! fingerprint (without it the upload step computes one, or alerts lose their identity
//! across commits). Columns are UTF-16 code units, SARIF's default `columnKind`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, RunAutomationDetails, Sarif, Tool, ToolComponent,
};

use crate::fingerprint::line_hashes;
use crate::location::{resolve, Resolved};
use crate::{Diagnostic, Level, Notice, NoticeLevel, Report, RuleMeta};

/// The project's home page: `tool.driver.informationUri`.
pub const INFORMATION_URI: &str = "https://github.com/blindspot-go/blindspot";

/// `$schema` of the log: the address GitHub's documentation uses.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base every relative artifact URI is resolved against: the working directory, which
/// GitHub maps to the repository checkout.
const SRCROOT: &str = "%SRCROOT%";

/// What GitHub code scanning accepts in one upload (its documented hard limits): results
/// per run, locations per result, tags per rule, and the gzip-compressed size of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SarifLimits {
    pub results: usize,
    pub related_locations: usize,
    pub tags: usize,
    pub gzip_bytes: usize,
}

pub const GITHUB_LIMITS: SarifLimits =
    SarifLimits { results: 25_000, related_locations: 999, tags: 20, gzip_bytes: 10 * 1024 * 1024 };

/// Writes the report as a pretty-printed SARIF 2.1.0 log with exactly one run, within
/// GitHub's limits.
pub fn render_sarif(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_sarif_within(report, GITHUB_LIMITS, out).map(|_| ())
}

/// Writes the report within `limits`: beyond them, the lowest-severity results are left
/// out (the count is returned, for a warning) and long trails are cut.
pub fn render_sarif_within(report: &Report, limits: SarifLimits, out: &mut dyn Write) -> io::Result<usize> {
    // Most severe first; within a level, output order.
    let mut order: Vec<usize> = (0..report.diagnostics.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(severity_rank(report.diagnostics[i].level)));
    let mut keep = order.len().min(limits.results);
    loop {
        let mut kept: Vec<usize> = order[..keep].to_vec();
        kept.sort_unstable();
        let log = build(report, &kept, limits);
        let mut bytes = serde_json::to_vec_pretty(&log)?;
        bytes.push(b'\n');
        // Most logs are far below the limit uncompressed; compress only the large ones.
        if keep == 0 || bytes.len() <= limits.gzip_bytes || gzip_len(&bytes)? <= limits.gzip_bytes {
            out.write_all(&bytes)?;
            return Ok(report.diagnostics.len() - keep);
        }
        keep = keep * 3 / 4;
    }
}

fn severity_rank(level: Level) -> u8 {
    match level {
        Level::Error => 2,
        Level::Warning => 1,
        Level::Note => 0,
    }
}

fn gzip_len(bytes: &[u8]) -> io::Result<usize> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len())
}

fn build(report: &Report, kept: &[usize], limits: SarifLimits) -> Sarif {
    let mut hashes = LineHashes::default();
    let results: Vec<SarifResult> = kept
        .iter()
        .map(|&i| {
            let mut r = result(report, &report.diagnostics[i], &mut hashes);
            if let Some(related) = &mut r.related_locations {
                related.truncate(limits.related_locations);
            }
            r
        })
        .collect();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver(report)).build())
        .results(results)
        .invocations(vec![invocation(report.notices)])
        .column_kind(json!("utf16CodeUnits"))
        .build();
    if !report.automation_id.is_empty() {
        run.automation_details = Some(RunAutomationDetails::builder().id(report.automation_id).build());
    }
    Sarif::builder().schema(SARIF_SCHEMA_URI).version(json!("2.1.0")).runs(vec![run]).build()
}

fn driver(report: &Report) -> ToolComponent {
    ToolComponent::builder()
        .name("blindspot")
        .version(report.tool_version)
        .semantic_version(report.tool_version)
        .information_uri(INFORMATION_URI)
        .rules(report.rules.iter().map(rule_descriptor).collect::<Vec<_>>())
        .build()
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn rule_descriptor(rule: &RuleMeta) -> ReportingDescriptor {
    let full = first_paragraph(&rule.doc_text).unwrap_or(&rule.summary);
    let help_text = if rule.doc_text.trim().is_empty() { &rule.summary } else { &rule.doc_text };
    let mut help = text(help_text);
    if !rule.doc_markdown.trim().is_empty() {
        help.markdown = Some(rule.doc_markdown.clone());
    }
    let mut properties = BTreeMap::new();
    properties.insert("precision".to_owned(), json!(rule.precision));
    properties.insert("problem.severity".to_owned(), json!(problem_severity(rule.default_level)));
    let mut d = ReportingDescriptor::builder()
        .id(&rule.id)
        .name(&rule.name)
        .short_description(text(&rule.summary))
        .full_description(text(full))
        .help(help)
        .default_configuration(ReportingConfiguration::builder().level(json!(rule.default_level.as_str())).build())
        .properties(
            PropertyBag::builder()
                .tags(unique(&rule.tags).into_iter().take(GITHUB_LIMITS.tags).collect::<Vec<_>>())
                .additional_properties(properties)
                .build(),
        )
        .build();
    d.help_uri = rule.help_uri.clone();
    d
}

/// The schema wants `tags` to hold unique strings; keep the first of each.
fn unique(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

/// GitHub's name for a rule's severity; it calls a note a recommendation.
fn problem_severity(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "recommendation",
    }
}

/// The text up to the first blank line, trimmed; `None` if there is none.
fn first_paragraph(doc: &str) -> Option<&str> {
    let doc = doc.trim_start();
    let end = doc.lines().take_while(|l| !l.trim().is_empty()).map(|l| l.len() + 1).sum::<usize>();
    let para = doc[..end.min(doc.len())].trim_end();
    (!para.is_empty()).then_some(para)
}

/// The fingerprints of every line of each file, computed once per file.
#[derive(Default)]
struct LineHashes<'a> {
    by_path: HashMap<&'a str, Vec<String>>,
}

impl<'a> LineHashes<'a> {
    fn get(&mut self, path: &'a str, text: &str, line: usize) -> Option<String> {
        let hashes = self.by_path.entry(path).or_insert_with(|| line_hashes(text));
        hashes.get(line.checked_sub(1)?).cloned()
    }
}

fn result<'a>(report: &'a Report, d: &'a Diagnostic, hashes: &mut LineHashes<'a>) -> SarifResult {
    let primary = resolve(report.sources, &d.primary.span);
    let related: Vec<Location> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let loc = Location::builder()
                .id(i as i64 + 1)
                .physical_location(physical_location(&resolve(report.sources, &l.span)))
                .message(Message::builder().text(&l.message).build());
            loc.build()
        })
        .collect();
    let mut props = BTreeMap::new();
    props.insert("confidence".to_owned(), json!(d.confidence.as_str()));
    let mut r = SarifResult::builder()
        .rule_id(&d.rule)
        .level(result_level(d.level))
        .message(Message::builder().text(message_text(d)).build())
        .locations(vec![Location::builder().physical_location(physical_location(&primary)).build()])
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build();
    r.rule_index = report.rules.iter().position(|m| m.id == d.rule).map(|i| i as i64);
    if !related.is_empty() {
        r.related_locations = Some(related);
    }
    if let Some(s) = &d.suppression {
        let location = Location::builder()
            .physical_location(physical_location(&resolve(report.sources, &s.span)))
            .message(Message::builder().text(&s.directive).build())
            .build();
        let mut suppression = serde_sarif::sarif::Suppression::builder()
            .kind(json!("inSource"))
            .status(json!("accepted"))
            .location(location)
            .build();
        if !s.justification.is_empty() {
            suppression.justification = Some(s.justification.clone());
        }
        r.suppressions = Some(vec![suppression]);
    }
    if let (Some(text), Some(start)) = (primary.text, primary.start) {
        if let Some(hash) = hashes.get(primary.path, text, start.line) {
            r.partial_fingerprints = Some(BTreeMap::from([("primaryLocationLineHash".to_owned(), hash)]));
        }
    }
    r
}

fn result_level(level: Level) -> ResultLevel {
    match level {
        Level::Error => ResultLevel::Error,
        Level::Warning => ResultLevel::Warning,
        Level::Note => ResultLevel::Note,
    }
}

/// The message, then one sentence per secondary label linking to its related location:
/// `See [label](N).` SARIF message links are `[text](id)`; brackets and backslashes in plain
/// text are escaped with a backslash, as CodeQL does and GitHub expects.
fn message_text(d: &Diagnostic) -> String {
    let mut text = escape_message(d.message.trim_end());
    if d.secondary.is_empty() {
        return text;
    }
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    for (i, label) in d.secondary.iter().enumerate() {
        let link = if label.message.trim().is_empty() { "related location" } else { label.message.trim() };
        text.push_str(&format!(" See [{}]({}).", escape_message(link), i + 1));
    }
    text
}

fn escape_message(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn physical_location(r: &Resolved) -> PhysicalLocation {
    PhysicalLocation::builder().artifact_location(artifact_location(r.path)).region(region(r)).build()
}

fn region(r: &Resolved) -> Region {
    let (Some(start), Some(end)) = (r.start, r.end) else {
        // Without the text only the byte range is known, which SARIF can express too.
        return Region::builder()
            .byte_offset(r.byte_start as i64)
            .byte_length((r.byte_end - r.byte_start) as i64)
            .build();
    };
    let mut region = Region::builder()
        .start_line(start.line as i64)
        .start_column(start.column_utf16 as i64)
        .end_line(end.line as i64)
        .end_column(end.column_utf16 as i64)
        .build();
    if let Some(snippet) = r.snippet() {
        region.snippet = Some(ArtifactContent::builder().text(snippet).build());
    }
    region
}

fn artifact_location(path: &str) -> ArtifactLocation {
    let (uri, base) = path_to_uri(path);
    let mut loc = ArtifactLocation::builder().uri(uri).build();
    loc.uri_base_id = base.map(str::to_owned);
    loc
}

/// A relative path becomes a relative URI reference under `%SRCROOT%`; an absolute path (a
/// file outside the working directory) a `file://` URI with no base.
pub(crate) fn path_to_uri(path: &str) -> (String, Option<&'static str>) {
    // `\` separates components only on Windows; elsewhere it is part of a file name.
    let path = if cfg!(windows) { path.replace('\\', "/") } else { path.to_owned() };
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if path.starts_with("//") {
        // A UNC path: `//server/share/x` is `file://server/share/x`.
        (format!("file:{}", percent_encode(&path, true)), None)
    } else if path.starts_with('/') {
        (format!("file://{}", percent_encode(&path, true)), None)
    } else if drive {
        (format!("file:///{}", percent_encode(&path, true)), None)
    } else {
        let mut rel = path.as_str();
        while let Some(rest) = rel.strip_prefix("./") {
            rel = rest;
        }
        // A `:` in a relative reference would read as a scheme, so it is encoded there.
        (percent_encode(rel, false), Some(SRCROOT))
    }
}

/// Encodes every byte that may not appear in a URI path (RFC 3986 `pchar` plus `/`), and
/// `%` itself. Non-ASCII characters are encoded as their UTF-8 bytes.
fn percent_encode(s: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) || (keep_colon && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn invocation(notices: &[Notice]) -> Invocation {
    let successful = !notices.iter().any(|n| n.level == NoticeLevel::Error);
    let mut inv = Invocation::builder().execution_successful(successful).build();
    if !notices.is_empty() {
        inv.tool_execution_notifications = Some(notices.iter().map(notification).collect());
    }
    inv
}

fn notification(n: &Notice) -> Notification {
    let mut note = Notification::builder()
        .message(Message::builder().text(&n.message).build())
        .level(Value::from(n.level.as_str()))
        .build();
    if let Some(path) = &n.path {
        let mut physical = PhysicalLocation::builder().artifact_location(artifact_location(path)).build();
        // SARIF lines start at 1; a line 0 would make the log invalid.
        if let Some(line) = n.line.filter(|&l| l >= 1) {
            physical.region = Some(Region::builder().start_line(line as i64).build());
        }
        note.locations = Some(vec![Location::builder().physical_location(physical).build()]);
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_percent_encoded_under_srcroot() {
        assert_eq!(path_to_uri("pkg/a b.go"), ("pkg/a%20b.go".to_owned(), Some(SRCROOT)));
        assert_eq!(path_to_uri("./x/é%.go"), ("x/%C3%A9%25.go".to_owned(), Some(SRCROOT)));
        assert_eq!(path_to_uri("c:d.go"), ("c%3Ad.go".to_owned(), Some(SRCROOT)));
        assert_eq!(path_to_uri("a#b?.go"), ("a%23b%3F.go".to_owned(), Some(SRCROOT)));
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(path_to_uri("/tmp/x y/a.go"), ("file:///tmp/x%20y/a.go".to_owned(), None));
        assert_eq!(path_to_uri("C:/src/a.go"), ("file:///C:/src/a.go".to_owned(), None));
        assert_eq!(path_to_uri("//server/share/a.go"), ("file://server/share/a.go".to_owned(), None));
    }

    #[test]
    fn first_paragraph_stops_at_a_blank_line() {
        assert_eq!(first_paragraph("\n\nOne\ntwo.\n  \nThree."), Some("One\ntwo."));
        assert_eq!(first_paragraph("Only"), Some("Only"));
        assert_eq!(first_paragraph(" \n "), None);
    }

    #[test]
    fn message_escapes_brackets_and_backslashes() {
        assert_eq!(escape_message(r"a[0] \ b"), r"a\[0\] \\ b");
    }
}
