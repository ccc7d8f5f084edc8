//! `blindspot check`: analyze, render in the chosen format, exit with the status.

use std::io::{self, IsTerminal, Write};

use blindspot_report::{self as report, Diagnostic, NoticeLevel, Report};

use super::{current_dir, print_notices, write_output, ERROR, FINDINGS, OK};
use crate::cli::{CheckArgs, ColorChoice, Format};
use crate::pipeline::{analyze_with, Options};

pub(super) fn run(args: CheckArgs) -> u8 {
    if let Some(jobs) = args.jobs {
        if jobs == 0 {
            eprintln!("error: --jobs must be at least 1");
            return ERROR;
        }
        // Fails only if a global pool already exists, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs).build_global();
    }
    let Some(cwd) = current_dir() else { return ERROR };
    if args.statistics && !matches!(args.format, Format::Text | Format::Json) {
        eprintln!("error: --statistics prints text or json; drop --format or use --format json");
        return ERROR;
    }
    let config = match super::config::load(&cwd, &args.patterns, &args.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ERROR;
        }
    };
    let goos = args.goos.clone().filter(|s| !s.is_empty());
    let goarch = args.goarch.clone().filter(|s| !s.is_empty());
    let build = if goos.is_some() || goarch.is_some() || !args.tags.is_empty() {
        let mut tags = args.tags.clone();
        if std::env::var("CGO_ENABLED").map_or(true, |v| v != "0") {
            tags.push("cgo".to_string());
        }
        match blindspot_go::constraint::Restriction::new(goos, goarch, tags) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("error: {e}");
                return ERROR;
            }
        }
    } else {
        None
    };
    let options = Options {
        build,
        include_generated: args.include_generated,
        config,
        no_prefilter: args.no_prefilter,
        // Never in piped or redirected output, or with --quiet.
        progress: !args.quiet && io::stderr().is_terminal(),
        cache: (!args.no_cache).then(|| super::clean::cache_dir(&cwd, &args.patterns, &args.cache)),
        max_package_work: args.max_package_work,
    };
    let mut analysis = analyze_with(&cwd, &args.patterns, &options);
    print_notices(&analysis.notices, args.quiet);
    let findings = analysis.diagnostics.iter().filter(|d| d.suppression.is_none()).count();
    let all = analysis.diagnostics.len();
    if !args.show_suppressed {
        analysis.diagnostics.retain(|d| d.suppression.is_none());
    }
    let hidden_suppressed = all - analysis.diagnostics.len();
    let automation_id = format!("{}/", args.category.as_deref().unwrap_or("blindspot"));

    let rules = blindspot_rules::metas();
    let report = Report {
        diagnostics: &analysis.diagnostics,
        notices: &analysis.notices,
        rules,
        sources: &analysis.sources,
        tool_version: env!("CARGO_PKG_VERSION"),
        automation_id: &automation_id,
        hidden_suppressed,
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
        _ if args.statistics => write_statistics(&analysis.diagnostics, args.format, &mut buf).map(|()| {
            if !args.quiet {
                let most = match &analysis.most_work {
                    Some((dir, units)) => format!("; the most work: {units} units ({dir})"),
                    None => String::new(),
                };
                eprintln!(
                    "{} packages, {} not parsed (prefilter), {} from the cache; {} files scanned, {} unchanged since \
                     the last run{most}",
                    analysis.packages, analysis.skipped, analysis.cached, analysis.files_read, analysis.files_known
                );
            }
        }),
        Format::Text => report::render_text(&report, color, &mut buf),
        Format::Json => report::render_json(&report, &mut buf),
        Format::Sarif => report::render_sarif_within(&report, report::GITHUB_LIMITS, &mut buf).map(|dropped| {
            if dropped > 0 {
                eprintln!(
                    "warning: {dropped} lowest-severity findings left out of the SARIF log: GitHub code \
                     scanning accepts at most {} results and {} MiB compressed per upload",
                    report::GITHUB_LIMITS.results,
                    report::GITHUB_LIMITS.gzip_bytes >> 20
                );
            }
        }),
        Format::Github => report::render_github(&report, &mut buf),
    };
    if let Err(e) = rendered.and_then(|()| write_output(args.output.as_deref(), &buf)) {
        let target = args.output.as_deref().map_or("standard output".to_string(), |p| p.display().to_string());
        eprintln!("error: cannot write the report to {target}: {e}");
        return ERROR;
    }
    if analysis.notices.iter().any(|n| n.level == NoticeLevel::Error) {
        ERROR
    } else if findings > 0 && !args.exit_zero {
        FINDINGS
    } else {
        OK
    }
}

/// Findings per rule, most frequent first (suppressed ones apart, with --show-suppressed).
fn write_statistics(diagnostics: &[Diagnostic], format: Format, out: &mut Vec<u8>) -> io::Result<()> {
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for d in diagnostics {
        let i = match counts.iter().position(|c| c.0 == d.rule) {
            Some(i) => i,
            None => {
                counts.push((d.rule.clone(), 0, 0));
                counts.len() - 1
            }
        };
        if d.suppression.is_some() {
            counts[i].2 += 1;
        } else {
            counts[i].1 += 1;
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let name = |id: &str| blindspot_rules::meta(id).map(|m| m.name.clone()).unwrap_or_default();
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = counts
            .iter()
            .map(|(id, n, s)| serde_json::json!({"rule": id, "name": name(id), "count": n, "suppressed": s}))
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        out.push(b'\n');
        return Ok(());
    }
    let width = counts.iter().map(|c| c.1.to_string().len()).max().unwrap_or(1);
    for (id, n, s) in &counts {
        let silenced = if *s > 0 { format!(" ({s} suppressed)") } else { String::new() };
        writeln!(out, "{n:>width$}  {id}  {}{silenced}", name(id))?;
    }
    Ok(())
}
