//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! which the Actions runner turns into annotations on the pull request.
//!
//! Escaping follows the runner's rules: in the message, `%`, `\r` and `\n` become `%25`,
//! `%0D` and `%0A`; in property values `:` and `,` become `%3A` and `%2C` as well. Any other
//! control character is additionally shown as a `\u{..}` escape, since the Actions log
//! interprets ANSI sequences. Columns count Unicode scalar values, like the JSON output.

use std::io::{self, Write};

use crate::location::{resolve, Resolved};
use crate::sanitize::escape_control;
use crate::{Diagnostic, Level, NoticeLevel, Report};

/// Writes one line per finding, then one `::error` line per error notice (so a broken run
/// is visible in the pull request too). Warning notices stay on stderr only.
pub fn render_github(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // A suppressed finding is not an annotation, even with --show-suppressed.
    for d in report.diagnostics.iter().filter(|d| d.suppression.is_none()) {
        writeln!(out, "{}", finding_line(report, d))?;
    }
    for n in report.notices.iter().filter(|n| n.level == NoticeLevel::Error) {
        let mut props = Vec::new();
        if let Some(path) = &n.path {
            props.push(format!("file={}", escape_property(path)));
            if let Some(line) = n.line {
                props.push(format!("line={line}"));
            }
        }
        writeln!(out, "{}", command("error", &props, &n.message))?;
    }
    Ok(())
}

fn finding_line(report: &Report, d: &Diagnostic) -> String {
    let primary = resolve(report.sources, &d.primary.span);
    let mut props = vec![format!("file={}", escape_property(primary.path))];
    if let (Some(start), Some(end)) = (primary.start, primary.end) {
        props.push(format!("line={}", start.line));
        props.push(format!("col={}", start.column));
        props.push(format!("endLine={}", end.line));
        props.push(format!("endColumn={}", end.column));
    }
    let title = match report.rule(&d.rule) {
        Some(rule) => format!("{} {}", d.rule, rule.name),
        None => d.rule.clone(),
    };
    props.push(format!("title={}", escape_property(&title)));
    let mut message = d.message.clone();
    for label in &d.secondary {
        let at = place(&resolve(report.sources, &label.span));
        message.push_str(&format!("\n  {at}: {}", label.message));
    }
    command(command_name(d.level), &props, &message)
}

/// `path:line:col`, or just the path when its text is unknown.
fn place(r: &Resolved) -> String {
    match r.start {
        Some(p) => format!("{}:{}:{}", r.path, p.line, p.column),
        None => r.path.to_owned(),
    }
}

fn command_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    }
}

fn command(name: &str, props: &[String], message: &str) -> String {
    if props.is_empty() {
        format!("::{name}::{}", escape_data(message))
    } else {
        format!("::{name} {}::{}", props.join(","), escape_data(message))
    }
}

/// The runner's escaping for the message part. `%` goes first so the escapes it introduces
/// are not escaped again.
fn escape_data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    escape_control(&s).into_owned()
}

/// The runner's escaping for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escaping() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("\x1b[1m"), "\\u{1b}[1m");
    }

    #[test]
    fn property_escaping() {
        assert_eq!(escape_property("a:b,c%d\n"), "a%3Ab%2Cc%25d%0A");
    }
}
