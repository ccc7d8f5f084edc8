//! GitHub Actions annotations: exact lines, including the workflow-command escaping.

mod common;

use std::sync::Arc;

use blindspot_report::{render_github, Confidence, Diagnostic, Label, Level, Notice, NoticeLevel, Sources, Span};
use common::*;

fn lines(f: &Fixture) -> Vec<String> {
    render(|o| render_github(&f.report(), o)).lines().map(str::to_owned).collect()
}

#[test]
fn rich_finding_and_error_notice() {
    assert_eq!(
        lines(&Fixture::rich()),
        [
            "::error file=pkg/worker pool.go,line=6,col=18,endLine=6,endColumn=45,\
             title=BS202 syscall-uintptr-escape::uintptr of &x escapes [to a goroutine]\
             %0A  pkg/worker pool.go:7:2: the goroutine starts here\
             %0A  pkg/other.go:3:23: writes *p [unsynchronized]",
            "::error file=pkg/bad file.go,line=3::syntax error: unexpected }",
        ]
    );
}

#[test]
fn escaping_levels_and_fallbacks() {
    let path = "pkg/a,b:c.go";
    let text = "package a\nvar é = 1 // 100%\n";
    let mut sources = Sources::new();
    sources.add(Arc::from(path), Arc::from(text));
    let finding = |level, rule: &str, message: &str, primary: Label, secondary| Diagnostic {
        rule: rule.into(),
        message: message.into(),
        level,
        confidence: Confidence::High,
        primary,
        secondary,
        suppression: None,
    };
    let f = Fixture {
        diagnostics: vec![
            finding(
                Level::Warning,
                "BS101",
                "100% sure: a, b\r\nnext \u{1b}[2J",
                Label::new(span(path, text, "1", 0), "x"),
                vec![Label::new(span(path, text, "100%", 0), "50%, then: more\nlines")],
            ),
            finding(
                Level::Note,
                "BS999",
                "unknown rule, missing file",
                Label::new(Span { path: Arc::from("gone.go"), start: 1, end: 2 }, "x"),
                vec![Label::new(Span { path: Arc::from("gone.go"), start: 5, end: 6 }, "also gone")],
            ),
        ],
        notices: vec![
            Notice { level: NoticeLevel::Warning, path: Some("w.go".into()), line: None, message: "skipped".into() },
            Notice { level: NoticeLevel::Error, path: Some("x,y.go".into()), line: None, message: "50% read".into() },
            Notice { level: NoticeLevel::Error, path: None, line: None, message: "no packages".into() },
        ],
        rules: rules(),
        sources,
    };
    assert_eq!(
        lines(&f),
        [
            // Property values escape `%`, `:` and `,`; the message escapes `%`, CR and LF,
            // and shows the terminal escape as text. `é` counts as one column.
            "::warning file=pkg/a%2Cb%3Ac.go,line=2,col=9,endLine=2,endColumn=10,\
             title=BS101 unsafe-pointer-arith::100%25 sure: a, b%0D%0Anext \\u{1b}[2J\
             %0A  pkg/a,b:c.go:2:14: 50%25, then: more%0Alines",
            "::notice file=gone.go,title=BS999::unknown rule, missing file%0A  gone.go: also gone",
            "::error file=x%2Cy.go::50%25 read",
            "::error::no packages",
        ]
    );
}

#[test]
fn nothing_to_report_writes_nothing() {
    let f = Fixture { diagnostics: vec![], notices: vec![], rules: rules(), sources: sources() };
    assert_eq!(render(|o| render_github(&f.report(), o)), "");
}
