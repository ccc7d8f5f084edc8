//! No renderer panics or leaks raw control characters, whatever the spans and texts.

mod common;

use std::sync::Arc;

use blindspot_report::{
    render_github, render_json, render_sarif, render_text, Confidence, Diagnostic, Label, Level, Notice, NoticeLevel,
    Sources, Span,
};
use common::*;

/// xorshift64: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "a",
    "go f()",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "é",
    "😀",
    "\u{1b}[31m",
    "\u{7}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{2066}",
    "[",
    "]",
    "\\",
    "%",
    ":",
    ",",
    "\u{feff}",
];

fn random_text(rng: &mut Rng) -> String {
    (0..rng.below(40)).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

fn random_span(rng: &mut Rng, paths: &[&str], lens: &[usize]) -> Span {
    let i = rng.below(paths.len());
    // Mostly in range, sometimes far past the end, sometimes reversed.
    let limit = lens[i] + 1 + if rng.below(5) == 0 { 50 } else { 0 };
    Span { path: Arc::from(paths[i]), start: rng.below(limit), end: rng.below(limit) }
}

#[test]
fn random_reports_render_everywhere() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let validators = sarif_validators();
    let paths = ["a.go", "dir with space/b.go", "/abs/c.go", "missing.go"];
    for round in 0..300 {
        let texts: Vec<String> = (0..3).map(|_| random_text(&mut rng)).collect();
        let mut sources = Sources::new();
        for (p, t) in paths.iter().zip(&texts) {
            sources.add(Arc::from(*p), Arc::from(t.as_str()));
        }
        let lens: Vec<usize> = texts.iter().map(String::len).chain([30]).collect();
        let diagnostics: Vec<Diagnostic> = (0..rng.below(4))
            .map(|_| Diagnostic {
                rule: ["BS101", "BS202", "BS9\u{1b}"][rng.below(3)].into(),
                message: random_text(&mut rng),
                level: [Level::Error, Level::Warning, Level::Note][rng.below(3)],
                confidence: Confidence::Medium,
                primary: Label::new(random_span(&mut rng, &paths, &lens), random_text(&mut rng)),
                secondary: (0..rng.below(3))
                    .map(|_| Label::new(random_span(&mut rng, &paths, &lens), random_text(&mut rng)))
                    .collect(),
                suppression: None,
            })
            .collect();
        let notices = vec![Notice {
            level: NoticeLevel::Error,
            path: Some(random_text(&mut rng)),
            line: Some(0),
            message: random_text(&mut rng),
        }];
        let f = Fixture { diagnostics, notices, rules: rules(), sources };
        let report = f.report();

        for color in [false, true] {
            let text = render(|o| render_text(&report, color, o));
            assert!(
                !text.contains(['\r', '\u{7}', '\u{0}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2066}']),
                "round {round}: {text:?}"
            );
            if !color {
                assert!(!text.contains('\u{1b}'), "round {round}: {text:?}");
            }
        }
        let json = render(|o| render_json(&report, o));
        serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
        let sarif = render(|o| render_sarif(&report, o));
        let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("valid SARIF JSON");
        for v in &validators {
            let errors: Vec<String> = v.iter_errors(&sarif).map(|e| format!("{}: {e}", e.instance_path)).collect();
            assert!(errors.is_empty(), "round {round}: {errors:#?}");
        }
        let github = render(|o| render_github(&report, o));
        assert_eq!(github.lines().count(), report.diagnostics.len() + 1, "one line per finding and error");
        assert!(!github.contains(['\r', '\u{1b}', '\u{7}']), "round {round}: {github:?}");
    }
}
