//! Human-readable output: an exact snapshot, colour, and terminal-control safety.

mod common;

use std::sync::Arc;

use blindspot_report::{render_text, Confidence, Diagnostic, Label, Level, Sources, Span};
use common::*;

const MAIN: &str = "package main\n\nfunc f(p *int) {\n\tgo g(p)\n\t*p = 1\n}\n";

fn diag(rule: &str, level: Level, primary: Label, secondary: Vec<Label>) -> Diagnostic {
    Diagnostic {
        rule: rule.into(),
        message: "write races with the goroutine".into(),
        level,
        confidence: Confidence::Medium,
        primary,
        secondary,
        suppression: None,
    }
}

fn fixture(files: &[(&str, &str)], diagnostics: Vec<Diagnostic>) -> Fixture {
    let mut sources = Sources::new();
    for (path, text) in files {
        sources.add(Arc::from(*path), Arc::from(*text));
    }
    Fixture { diagnostics, notices: notices(), rules: rules(), sources }
}

fn small() -> Fixture {
    let d = diag(
        "BS101",
        Level::Warning,
        Label::new(span("main.go", MAIN, "*p = 1", 0), "written here"),
        vec![Label::new(span("main.go", MAIN, "go g(p)", 0), "shared with this goroutine")],
    );
    fixture(&[("main.go", MAIN)], vec![d])
}

fn text(f: &Fixture, color: bool) -> String {
    render(|o| render_text(&f.report(), color, o))
}

#[test]
fn snapshot_without_color() {
    // Notices are not part of the text output (the CLI prints them to stderr).
    let expected = "\
warning[BS101]: write races with the goroutine
  ┌─ main.go:5:2
  │
4 │     go g(p)
  │     ------- shared with this goroutine
5 │     *p = 1
  │     ^^^^^^ written here
  │
  = confidence: medium
  = run `blindspot explain BS101` for details

found 1 finding (1 warning)
";
    assert_eq!(text(&small(), false), expected);
}

#[test]
fn secondary_labels_in_other_files_are_drawn() {
    let out = text(&Fixture::rich(), false);
    assert!(out.starts_with("error[BS202]: uintptr of &x escapes [to a goroutine]\n  ┌─ pkg/worker pool.go:6:18\n"));
    assert!(out.contains("  ┌─ pkg/other.go:3:23\n"));
    assert!(out.contains("------------------------------ writes *p [unsynchronized]\n"));
    assert!(out.contains("--------- the goroutine starts here\n"));
    assert!(out.contains("  = confidence: high\n  = run `blindspot explain BS202` for details\n"));
    assert!(out.ends_with("\nfound 1 finding (1 error)\n"));
}

#[test]
fn color_uses_ansi_escapes_and_plain_does_not() {
    let f = Fixture::rich();
    assert!(text(&f, true).contains("\u{1b}["));
    assert!(!text(&f, false).contains('\u{1b}'));
}

#[test]
fn control_characters_in_sources_and_messages_are_escaped() {
    let src = "package main\n\nvar s = \"\u{1b}[31mred\rX\" + bad\n";
    let mut d = diag(
        "BS101",
        Level::Error,
        Label::new(span("evil.go", src, "bad", 0), "label \u{1b}]0;title\u{7}"),
        vec![Label::new(span("evil.go", src, "red", 0), "after the escape")],
    );
    d.message = "message \u{9b}2J with \u{202e}bidi".into();
    let f = fixture(&[("evil.go", src)], vec![d]);
    let out = text(&f, false);
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!out.contains(bad), "raw {bad:?} in output:\n{out}");
    }
    // The snippet shows the escaped form, and the markers sit under the spanned text even
    // though the escapes made the line longer (`red` is after one escape, `bad` after two).
    let snippet = [
        "3 │ var s = \"\\u{1b}[31mred\\u{d}X\" + bad\n",
        "  │                    ---          ^^^ label \\u{1b}]0;title\\u{7}\n",
        "  │                    │             \n",
        "  │                    after the escape\n",
    ]
    .concat();
    assert!(out.contains(&snippet), "{out}");
    assert!(out.contains("error[BS101]: message \\u{9b}2J with \\u{202e}bidi\n"), "{out}");
    // The header column is the column in the real file, not in the escaped copy.
    let col = src[..src.find("bad").unwrap()].rsplit('\n').next().unwrap().chars().count() + 1;
    assert!(out.contains(&format!("  ┌─ evil.go:3:{col}\n")), "{out}");
    // In colour, the only escape sequences are codespan's own colour codes: removing them
    // gives exactly the plain output (a raw `ESC[31m` from the source would be removed too
    // and leave the plain output's `\u{1b}[31m` unmatched).
    assert_eq!(strip_sgr(&text(&f, true)), out);
}

/// Removes `ESC [ params m` colour sequences; panics on any other use of ESC.
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        assert_eq!(chars.next(), Some('['), "non-CSI escape in {s:?}");
        loop {
            match chars.next() {
                Some('m') => break,
                Some(c) if c.is_ascii_digit() || c == ';' => {}
                other => panic!("unexpected {other:?} in escape sequence"),
            }
        }
    }
    out
}

#[test]
fn crlf_files_show_no_carriage_returns() {
    let src = "package main\r\n\r\nvar x = 1\r\n";
    let d = diag("BS101", Level::Warning, Label::new(span("crlf.go", src, "x", 0), "here"), vec![]);
    let out = text(&fixture(&[("crlf.go", src)], vec![d]), false);
    assert!(!out.contains('\r') && !out.contains("\\u{d}"), "{out}");
    assert!(out.contains("3 │ var x = 1\n  │     ^ here\n"), "{out}");
}

#[test]
fn missing_sources_and_bad_offsets_still_render() {
    let gone = Label::new(Span { path: Arc::from("gone.go"), start: 3, end: 9 }, "was here");
    let past_end = Label::new(Span { path: Arc::from("main.go"), start: 900, end: 1000 }, "past the end");
    let inside_char = Label::new(Span { path: Arc::from("u.go"), start: 2, end: 3 }, "mid-char");
    let f = fixture(
        &[("main.go", MAIN), ("u.go", "aé\n")],
        vec![diag("BS101", Level::Note, gone, vec![past_end]), diag("BS202", Level::Error, inside_char, vec![])],
    );
    let out = text(&f, false);
    assert!(out.starts_with("note[BS101]: write races with the goroutine\n"), "{out}");
    assert!(out.contains("  = gone.go: bytes 3..9: was here\n"), "{out}");
    assert!(out.contains("main.go:7:1"), "{out}");
    assert!(out.contains("  ┌─ u.go:1:2\n"), "{out}");
    assert!(out.ends_with("found 2 findings (1 error, 1 note)\n"), "{out}");
}

#[test]
fn summary_lines() {
    let none = fixture(&[], vec![]);
    assert_eq!(text(&none, false), "no findings\n");
    let l = || Label::new(span("main.go", MAIN, "p", 0), "x");
    let f = fixture(
        &[("main.go", MAIN)],
        vec![
            diag("BS101", Level::Error, l(), vec![]),
            diag("BS101", Level::Error, l(), vec![]),
            diag("BS101", Level::Warning, l(), vec![]),
        ],
    );
    assert!(text(&f, false).ends_with("\nfound 3 findings (2 errors, 1 warning)\n"));
}
