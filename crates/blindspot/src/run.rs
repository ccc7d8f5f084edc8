//! The pipeline: discover → load → (per package, in parallel) parse, model, check → sort →
//! render. Each stage is a function of the previous one's output.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use blindspot_go::discover::discover;
use blindspot_go::load::{load, LoadedPackage};
use blindspot_go::model::{Package, Summary};
use blindspot_go::modules::{dependency_closure, file_imports, import_order, ModuleIndex};
use blindspot_go::summary::summarize;
use blindspot_report::{self as report, Diagnostic, Notice, NoticeLevel, Report, Sources};

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, ConfigArgs, Format, ListFormat};
use crate::config::Config;

/// Exit statuses.
const OK: u8 = 0;
const FINDINGS: u8 = 1;
const ERROR: u8 = 2;

pub fn main(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
        Command::Config(args) => print_config(args),
    }
}

/// The result of analyzing a set of patterns.
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub notices: Vec<Notice>,
    pub sources: Sources,
    /// Packages loaded, and how many of them the prefilter left unparsed.
    pub packages: usize,
    pub skipped: usize,
}

/// What a run may change in what is reported.
#[derive(Debug, Default)]
pub struct Options {
    /// Report findings in generated files too.
    pub include_generated: bool,
    /// Rules, excluded paths, per-path ignores, levels.
    pub config: Config,
    /// Parse every package, even those a text scan shows cannot matter.
    pub no_prefilter: bool,
    /// Show a progress bar on stderr (the CLI sets it for a terminal without `--quiet`).
    pub progress: bool,
}

/// Analyzes the packages `patterns` name, relative to `cwd`, with the default options.
pub fn analyze(cwd: &Path, patterns: &[String]) -> Analysis {
    let options =
        Options { include_generated: false, config: Config::empty(cwd), no_prefilter: false, progress: false };
    analyze_with(cwd, patterns, &options)
}

/// Analyzes the packages `patterns` name, relative to `cwd`.
///
/// Packages are analyzed in import order, in parallel within each level, so that an
/// importer sees the summaries (facts) of the packages it imports. Imported packages of
/// the analyzed tree that the patterns do not name (vendored ones, or siblings of a named
/// directory) are loaded as context when they could contribute a fact; their findings are
/// not reported.
pub fn analyze_with(cwd: &Path, patterns: &[String], options: &Options) -> Analysis {
    let config = &options.config;
    let found = discover(cwd, patterns);
    let loaded = load(&found.dirs);
    let mut notices = found.notices;
    notices.extend(loaded.notices);
    let mut packages = loaded.packages;
    // Generated and excluded files are context: analyzed, not reported.
    for f in packages.iter_mut().flat_map(|p| p.files.iter_mut()) {
        let generated = !options.include_generated && blindspot_go::load::is_generated(&f.text);
        if f.reported && (generated || config.excluded(cwd, &f.display)) {
            f.reported = false;
        }
    }
    let mut dirs: Vec<PathBuf> = packages.iter().map(package_dir).collect();
    let mut import_paths: Vec<Vec<String>> = packages.iter().map(package_imports).collect();
    let mut index = ModuleIndex::build(&dirs);
    let roots: Vec<(PathBuf, Vec<String>)> = dirs.iter().cloned().zip(import_paths.iter().cloned()).collect();
    let holding: HashSet<PathBuf> = packages
        .iter()
        .filter(|p| p.files.iter().any(|f| ALLOCATOR_TRIGGERS.iter().any(|t| f.text.contains(t))))
        .map(package_dir)
        .collect();
    let (context, context_notices) = load_dependencies(cwd, &mut index, &roots, &holding);
    notices.extend(context_notices.into_iter().filter(|n| n.level == NoticeLevel::Error));
    for p in context {
        dirs.push(package_dir(&p));
        import_paths.push(package_imports(&p));
        packages.push(p);
    }
    let imports: Vec<Vec<(String, PathBuf)>> = import_paths
        .into_iter()
        .zip(&dirs)
        .map(|(paths, dir)| paths.into_iter().filter_map(|path| index.resolve(dir, &path).map(|d| (path, d))).collect())
        .collect();
    let graph: Vec<(PathBuf, Vec<PathBuf>)> =
        dirs.iter().zip(&imports).map(|(d, i)| (d.clone(), i.iter().map(|(_, t)| t.clone()).collect())).collect();

    let mut summaries: HashMap<PathBuf, Arc<Summary>> = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut skipped = 0;
    let bar = progress_bar(options.progress, packages.len());
    for level in import_order(&graph) {
        let results: Vec<PackageResult> = level
            .par_iter()
            .map(|&i| {
                let imported: HashMap<String, Arc<Summary>> = imports[i]
                    .iter()
                    .filter_map(|(path, dir)| summaries.get(dir).map(|s| (path.clone(), s.clone())))
                    .collect();
                let needed = options.no_prefilter
                    || imported.values().any(|s| !s.is_empty())
                    || crate::prefilter::may_matter(&packages[i], &dirs[i]);
                if !needed {
                    bar.inc(1);
                    return (i, Vec::new(), Vec::new(), Summary::default(), true);
                }
                let (d, n, s) = analyze_package(&packages[i], imported, &|id| config.enabled(id));
                bar.inc(1);
                (i, d, n, s, false)
            })
            .collect();
        for (i, d, n, s, was_skipped) in results {
            skipped += usize::from(was_skipped);
            diagnostics.extend(d);
            notices.extend(n);
            // A directory's importable package is the one that is not an external test.
            if !packages[i].name.ends_with("_test") {
                summaries.insert(dirs[i].clone(), Arc::new(s));
            }
        }
    }
    bar.finish_and_clear();
    let reported: Vec<(Arc<str>, Arc<str>)> = packages
        .iter()
        .flat_map(|p| &p.files)
        .filter(|f| f.reported)
        .map(|f| (f.display.clone(), f.text.clone()))
        .collect();
    config.apply(cwd, &mut diagnostics);
    blindspot_rules::apply_suppressions(&mut diagnostics, &reported, &|id| config.enabled(id));
    // Again for the directives' own findings.
    config.apply(cwd, &mut diagnostics);
    report::sort_diagnostics(&mut diagnostics);
    notices.sort();
    notices.dedup();
    let mut sources = Sources::new();
    let referenced: HashSet<&str> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|l| &*l.span.path)
        .collect();
    for p in &packages {
        for f in &p.files {
            if referenced.contains(&*f.display) {
                sources.add(f.display.clone(), f.text.clone());
            }
        }
    }
    Analysis { diagnostics, notices, sources, packages: packages.len(), skipped }
}

/// A progress bar over the packages, drawn on stderr only when asked (it is hidden
/// otherwise, and indicatif also hides it when stderr is not a terminal).
fn progress_bar(show: bool, packages: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(packages as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} packages {wide_bar} {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// What analyzing one package gives: its index, findings, notices, summary, and whether the
/// prefilter skipped it.
type PackageResult = (usize, Vec<Diagnostic>, Vec<Notice>, Summary, bool);

/// The import paths of a package's files, sorted, without duplicates.
fn package_imports(p: &LoadedPackage) -> Vec<String> {
    let mut paths: Vec<String> = p.files.iter().flat_map(|f| file_imports(&f.text)).collect();
    paths.sort();
    paths.dedup();
    paths
}

fn package_dir(p: &LoadedPackage) -> PathBuf {
    p.files.first().and_then(|f| f.path.parent()).map(Path::to_path_buf).unwrap_or_default()
}

/// Words that, with `uintptr` in the same package, mean it may wrap a keep-alive call.
const WRAPPER_TRIGGERS: &[&str] = &["Syscall", "NewProc", "FindProc", "uintptrescapes"];
/// Words that mean a package may return C or mapped memory.
const ALLOCATOR_TRIGGERS: &[&str] = &["import \"C\"", "Mmap"];

/// What a cheap scan of a directory's non-test Go files tells.
struct Scan {
    /// It may export a fact by itself.
    trigger: bool,
    /// It mentions `uintptr`: it may wrap a wrapper of a package it imports.
    uintptr: bool,
    /// It may start goroutines on its functions' arguments or lock around their use.
    arguments: bool,
    imports: Vec<String>,
}

/// The in-tree packages the analyzed ones import (transitively) that the patterns did not
/// name, loaded as context: only those that could contribute a fact, or import one that can.
/// `roots` are the analyzed packages' directories and import paths; `index` learns the
/// directories found. The direct imports of `holding` roots (those with cgo or mmap
/// memory) are also loaded when they may start goroutines on arguments or lock around them.
fn load_dependencies(
    cwd: &Path,
    index: &mut ModuleIndex,
    roots: &[(PathBuf, Vec<String>)],
    holding: &HashSet<PathBuf>,
) -> (Vec<LoadedPackage>, Vec<Notice>) {
    let known: HashSet<PathBuf> = roots.iter().map(|(d, _)| d.clone()).collect();
    let mut scanned: HashMap<PathBuf, Scan> = HashMap::new();
    let found = dependency_closure(index, roots, &known, |dir| {
        let scan = scan_dir(dir);
        let imports = scan.imports.clone();
        scanned.insert(dir.to_path_buf(), scan);
        imports
    });
    if found.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Relevant: triggers a fact, or imports a relevant package (fixpoint over the graph).
    // Packages whose facts are built in (x/sys) are never parsed and do not make their
    // importers relevant: those are loaded only if they trigger a fact themselves.
    let builtin =
        |d: &PathBuf| index.import_path(d).is_some_and(|p| blindspot_go::api::BUILTIN_FACT_PACKAGES.contains(&p));
    let mut relevant: HashSet<PathBuf> =
        found.iter().filter(|d| !builtin(d) && scanned.get(*d).is_some_and(|s| s.trigger)).cloned().collect();
    for (dir, imports) in roots.iter().filter(|(d, _)| holding.contains(d)) {
        for target in imports.iter().filter_map(|i| index.resolve(dir, i)) {
            if !builtin(&target) && scanned.get(&target).is_some_and(|s| s.arguments) {
                relevant.insert(target);
            }
        }
    }
    loop {
        let before = relevant.len();
        for d in found.iter().filter(|d| !builtin(d) && scanned.get(*d).is_some_and(|s| s.uintptr)) {
            let imports = scanned.get(d).map(|s| s.imports.clone()).unwrap_or_default();
            if imports.iter().filter_map(|i| index.resolve(d, i)).any(|t| relevant.contains(&t)) {
                relevant.insert(d.clone());
            }
        }
        if relevant.len() == before {
            break;
        }
    }
    let patterns: Vec<String> =
        found.iter().filter(|d| relevant.contains(*d)).map(|d| d.display().to_string()).collect();
    if patterns.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut discovered = discover(cwd, &patterns);
    for dir in &mut discovered.dirs {
        for f in &mut dir.files {
            f.reported = false;
        }
    }
    let loaded = load(&discovered.dirs);
    let mut notices = discovered.notices;
    notices.extend(loaded.notices);
    (loaded.packages, notices)
}

/// Scans a directory's non-test Go files (and notes assembly files) for fact triggers and
/// imports, without parsing.
fn scan_dir(dir: &Path) -> Scan {
    let mut scan = Scan { trigger: false, uintptr: false, arguments: false, imports: Vec::new() };
    let (mut asm, mut wrapper_words) = (false, false);
    let Ok(entries) = fs::read_dir(dir) else { return scan };
    let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".s") {
            asm = true;
            continue;
        }
        if !name.ends_with(".go") || name.ends_with("_test.go") || name.starts_with(['.', '_']) || !path.is_file() {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else { continue };
        scan.uintptr |= text.contains("uintptr");
        wrapper_words |= WRAPPER_TRIGGERS.iter().any(|t| text.contains(t));
        scan.trigger |= ALLOCATOR_TRIGGERS.iter().any(|t| text.contains(t));
        scan.arguments |= crate::prefilter::may_share_arguments(&text);
        scan.imports.extend(file_imports(&text));
    }
    scan.trigger |= scan.uintptr && (wrapper_words || asm);
    scan
}

fn analyze_package(
    pkg: &LoadedPackage,
    imported: HashMap<String, Arc<Summary>>,
    enabled: &dyn Fn(&str) -> bool,
) -> (Vec<Diagnostic>, Vec<Notice>, Summary) {
    let mut model: Package = blindspot_go::build_package(&pkg.name, pkg.dir_display.clone(), &pkg.files);
    model.imported = imported;
    let diagnostics = blindspot_rules::check_package(&model, enabled);
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
    (diagnostics, notices, summarize(&model))
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
    if args.statistics && !matches!(args.format, Format::Text | Format::Json) {
        eprintln!("error: --statistics prints text or json; drop --format or use --format json");
        return ERROR;
    }
    let config = match load_config(&cwd, &args.patterns, &args.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ERROR;
        }
    };
    let options = Options {
        include_generated: args.include_generated,
        config,
        no_prefilter: args.no_prefilter,
        // Never in piped or redirected output, or with --quiet.
        progress: !args.quiet && io::stderr().is_terminal(),
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
                eprintln!("{} packages, {} not parsed (prefilter)", analysis.packages, analysis.skipped);
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

/// The configuration a run uses: `--config`, or the closest file above `cwd`, with the
/// command line's lists over the file's.
fn load_config(cwd: &Path, patterns: &[String], args: &ConfigArgs) -> Result<Config, String> {
    let path = match &args.config {
        Some(p) if !p.is_file() => return Err(format!("{}: no such configuration file", p.display())),
        Some(p) => Some(p.clone()),
        None => crate::config::discover(&crate::config::analyzed_root(cwd, patterns)),
    };
    let mut config = match path {
        Some(p) => Config::load(&p).map_err(|e| e.to_string())?,
        None => Config::empty(cwd),
    };
    config.override_lists(args.select.as_deref(), args.ignore.as_deref())?;
    Ok(config)
}

fn print_config(args: ConfigArgs) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            eprintln!("error: cannot determine the current directory: {e}");
            return ERROR;
        }
    };
    match load_config(&cwd, &[], &args) {
        Ok(c) => match write_output(None, c.to_toml().as_bytes()) {
            Ok(()) => OK,
            Err(e) => {
                eprintln!("error: {e}");
                ERROR
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            ERROR
        }
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

/// The files a fuzz input stands for: up to four, separated by 0xFF bytes (never part of
/// UTF-8 text), each decoded lossily, as invalid UTF-8 never reaches the parser otherwise.
pub fn files_of_fuzz_input(data: &[u8]) -> Vec<(String, String)> {
    data.split(|&b| b == 0xFF)
        .take(4)
        .enumerate()
        .map(|(i, bytes)| (format!("f{i}.go"), String::from_utf8_lossy(bytes).into_owned()))
        .collect()
}

/// One package made of in-memory files, through parsing, the model, every rule, the summary,
/// the suppressions and every renderer: what the fuzz target and the property test drive.
/// Returns the text, JSON, SARIF and GitHub renderings.
pub fn check_in_memory(files: &[(String, String)]) -> [Vec<u8>; 4] {
    let loaded: Vec<blindspot_go::load::LoadedFile> = files
        .iter()
        .map(|(name, text)| blindspot_go::load::LoadedFile {
            path: PathBuf::from(name),
            display: Arc::from(name.as_str()),
            text: Arc::from(text.as_str()),
            reported: true,
        })
        .collect();
    let model = blindspot_go::build_package("p", Arc::from("."), &loaded);
    let mut diagnostics = blindspot_rules::check_package(&model, &|_| true);
    let _ = summarize(&model);
    let texts: Vec<(Arc<str>, Arc<str>)> = loaded.iter().map(|f| (f.display.clone(), f.text.clone())).collect();
    blindspot_rules::apply_suppressions(&mut diagnostics, &texts, &|_| true);
    report::sort_diagnostics(&mut diagnostics);
    let mut sources = Sources::new();
    for (path, text) in texts {
        sources.add(path, text);
    }
    let report = Report {
        diagnostics: &diagnostics,
        notices: &[],
        rules: blindspot_rules::metas(),
        sources: &sources,
        tool_version: env!("CARGO_PKG_VERSION"),
        automation_id: "blindspot/",
        hidden_suppressed: 0,
    };
    let mut out: [Vec<u8>; 4] = Default::default();
    // Writing to memory cannot fail.
    let _ = report::render_text(&report, false, &mut out[0]);
    let _ = report::render_json(&report, &mut out[1]);
    let _ = report::render_sarif(&report, &mut out[2]);
    let _ = report::render_github(&report, &mut out[3]);
    out
}
