//! The pipeline: discover → load → (per package, in parallel) parse, model, check → sort →
//! render. Each stage is a function of the previous one's output.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use rayon::prelude::*;

use blindspot_go::discover::discover;
use blindspot_go::load::{load, LoadedPackage};
use blindspot_go::model::Package;
use blindspot_report::{self as report, Diagnostic, Notice, NoticeLevel, Report, Sources};

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, Format, ListFormat};

/// Exit statuses.
const OK: u8 = 0;
const FINDINGS: u8 = 1;
const ERROR: u8 = 2;

pub fn main(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
    }
}

/// The result of analyzing a set of patterns.
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub notices: Vec<Notice>,
    pub sources: Sources,
}

/// Analyzes the packages `patterns` name, relative to `cwd`.
pub fn analyze(cwd: &Path, patterns: &[String]) -> Analysis {
    let found = discover(cwd, patterns);
    let loaded = load(&found.dirs);
    let mut notices = found.notices;
    notices.extend(loaded.notices);
    let results: Vec<(Vec<Diagnostic>, Vec<Notice>)> = loaded.packages.par_iter().map(analyze_package).collect();
    let mut diagnostics = Vec::new();
    for (d, n) in results {
        diagnostics.extend(d);
        notices.extend(n);
    }
    report::sort_diagnostics(&mut diagnostics);
    notices.sort();
    notices.dedup();
    let mut sources = Sources::new();
    for p in &loaded.packages {
        for f in &p.files {
            let referenced = diagnostics
                .iter()
                .any(|d| d.primary.span.path == f.display || d.secondary.iter().any(|l| l.span.path == f.display));
            if referenced {
                sources.add(f.display.clone(), f.text.clone());
            }
        }
    }
    Analysis { diagnostics, notices, sources }
}

fn analyze_package(pkg: &LoadedPackage) -> (Vec<Diagnostic>, Vec<Notice>) {
    let model: Package = blindspot_go::build_package(&pkg.name, pkg.dir_display.clone(), &pkg.files);
    let diagnostics = blindspot_rules::check_package(&model, &|_| true);
    let notices = model
        .files
        .iter()
        .filter(|f| f.reported && !f.syntax_errors.is_empty())
        .map(|f| {
            let line = report::position(&f.text, f.syntax_errors[0] as usize).line;
            Notice {
                level: NoticeLevel::Warning,
                path: Some(f.path.to_string()),
                line: Some(line),
                message: "syntax error; analyzed as far as the parse allows".to_string(),
            }
        })
        .collect();
    (diagnostics, notices)
}

fn check(args: CheckArgs) -> u8 {
    if let Some(jobs) = args.jobs {
        if jobs == 0 {
            eprintln!("error: --jobs must be at least 1");
            return ERROR;
        }
        // Fails only if a global pool already exists, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs).build_global();
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            eprintln!("error: cannot determine the current directory: {e}");
            return ERROR;
        }
    };
    let analysis = analyze(&cwd, &args.patterns);
    print_notices(&analysis.notices, args.quiet);

    let rules = blindspot_rules::metas();
    let report = Report {
        diagnostics: &analysis.diagnostics,
        notices: &analysis.notices,
        rules,
        sources: &analysis.sources,
        tool_version: env!("CARGO_PKG_VERSION"),
        automation_id: "blindspot/",
    };
    let mut buf = Vec::new();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let rendered = match args.format {
        Format::Text => report::render_text(&report, color, &mut buf),
        Format::Json => report::render_json(&report, &mut buf),
        Format::Sarif => report::render_sarif(&report, &mut buf),
        Format::Github => report::render_github(&report, &mut buf),
    };
    if let Err(e) = rendered.and_then(|()| write_output(args.output.as_deref(), &buf)) {
        let target = args.output.as_deref().map_or("standard output".to_string(), |p| p.display().to_string());
        eprintln!("error: cannot write the report to {target}: {e}");
        return ERROR;
    }
    if analysis.notices.iter().any(|n| n.level == NoticeLevel::Error) {
        ERROR
    } else if !analysis.diagnostics.is_empty() && !args.exit_zero {
        FINDINGS
    } else {
        OK
    }
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    match path {
        Some(p) => fs::write(p, bytes),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                // A closed pipe (`blindspot check | head`) is not an error of ours.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    }
}

/// Run problems go to stderr: errors always, warnings unless `quiet`.
fn print_notices(notices: &[Notice], quiet: bool) {
    let mut err = io::stderr().lock();
    for n in notices {
        let level = match n.level {
            NoticeLevel::Error => "error",
            NoticeLevel::Warning if quiet => continue,
            NoticeLevel::Warning => "warning",
        };
        let location = match (&n.path, n.line) {
            (Some(p), Some(l)) => format!("{}:{l}: ", report::escape_control(p)),
            (Some(p), None) => format!("{}: ", report::escape_control(p)),
            _ => String::new(),
        };
        let _ = writeln!(err, "{level}: {location}{}", report::escape_control(&n.message));
    }
}

fn list_rules(format: ListFormat) -> u8 {
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

fn explain(rule: &str) -> u8 {
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
