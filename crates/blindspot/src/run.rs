//! The pipeline: discover → load → (per package, in parallel) parse, model, check → sort →
//! render. Each stage is a function of the previous one's output.

use std::collections::HashSet;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use blindspot_analysis::{Cx, FactSet, Imports, Scope};
use blindspot_go::discover::{discover, FoundFile};
use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::load::{reread, scan, LoadedFile, LoadedPackage};
use blindspot_go::model::Package;
use blindspot_go::modules::{dependency_closure, file_imports, import_order, ModuleIndex};
use blindspot_report::{self as report, Diagnostic, Notice, NoticeLevel, Report, Sources};

use crate::cache::{self, Cache, Entry};
use crate::cli::{CacheArgs, CheckArgs, Cli, ColorChoice, Command, ConfigArgs, Format, ListFormat};
use crate::config::Config;
use xxhash_rust::xxh3::xxh3_128;

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
        Command::Clean(args) => clean(args),
    }
}

/// The result of analyzing a set of patterns.
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub notices: Vec<Notice>,
    pub sources: Sources,
    /// Packages loaded; how many of them the prefilter left unparsed; how many came from
    /// the cache.
    pub packages: usize,
    pub skipped: usize,
    pub cached: usize,
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
    /// The result cache's directory; `None` runs without one.
    pub cache: Option<PathBuf>,
}

/// Analyzes the packages `patterns` name, relative to `cwd`, with the default options.
pub fn analyze(cwd: &Path, patterns: &[String]) -> Analysis {
    analyze_with(cwd, patterns, &Options { config: Config::empty(cwd), ..Options::default() })
}

/// What the up-front read keeps of a file: enough to order the packages, choose those to
/// parse and key the cache. Its text is read again when its package's turn comes, so a run
/// never holds more than the texts of the packages in progress.
#[derive(Debug)]
struct FileScan {
    found: FoundFile,
    hash: u128,
    imports: Vec<String>,
    /// Its text may give a finding (see the prefilter).
    trigger: bool,
    /// It may start goroutines or take locks.
    shares: bool,
    /// It may hold C or mapped memory for the functions it calls.
    holds: bool,
    /// It may hold suppression directives.
    directives: bool,
}

impl FileScan {
    fn of(file: LoadedFile, reported: bool) -> FileScan {
        let imports = file_imports(&file.text);
        let mentions = crate::prefilter::mentions(&file.text);
        FileScan {
            trigger: mentions.triggers(&imports),
            shares: mentions.shares,
            holds: mentions.allocates,
            directives: mentions.directives,
            hash: xxh3_128(file.text.as_bytes()),
            imports,
            found: FoundFile { path: file.path, display: file.display, reported },
        }
    }
}

/// A package as the up-front read sees it.
struct Unit {
    name: String,
    dir_display: Arc<str>,
    dir: PathBuf,
    files: Vec<FileScan>,
    /// Import paths of its files, sorted, without duplicates.
    imports: Vec<String>,
    /// Its own text may give a finding (or its directory holds assembly).
    own: bool,
    shares: bool,
}

impl Unit {
    fn new(p: LoadedPackage<FileScan>) -> Unit {
        let dir = p.files.first().and_then(|f| f.found.path.parent()).map(Path::to_path_buf).unwrap_or_default();
        let mut imports: Vec<String> = p.files.iter().flat_map(|f| f.imports.iter().cloned()).collect();
        imports.sort();
        imports.dedup();
        let own = p.files.iter().any(|f| f.trigger) || crate::prefilter::has_assembly(&dir);
        let shares = p.files.iter().any(|f| f.shares);
        Unit { name: p.name, dir_display: p.dir_display, dir, files: p.files, imports, own, shares }
    }

    /// A directory's importable package is the one that is not an external test.
    fn importable(&self) -> bool {
        !self.name.ends_with("_test")
    }
}

/// Analyzes the packages `patterns` name, relative to `cwd`.
///
/// Every file is read once up front and digested ([`FileScan`]); packages are then analyzed
/// in import order, in parallel within each level, so that an importer sees the summaries
/// (facts) of the packages it imports. A package's files are read again, parsed, modelled
/// and checked in its turn, and its trees and texts dropped when it is done. Imported
/// packages of the analyzed tree that the patterns do not name (vendored ones, or siblings
/// of a named directory) are loaded as context when they could contribute a fact; their
/// findings are not reported.
pub fn analyze_with(cwd: &Path, patterns: &[String], options: &Options) -> Analysis {
    let config = &options.config;
    let found = discover(cwd, patterns);
    // Generated and excluded files are context: analyzed, not reported.
    let loaded = scan(&found.dirs, |f| {
        let generated = !options.include_generated && blindspot_go::load::is_generated(&f.text);
        let reported = f.reported && !generated && !config.excluded(cwd, &f.display);
        FileScan::of(f, reported)
    });
    let mut notices = found.notices;
    notices.extend(loaded.notices);
    let mut units: Vec<Unit> = loaded.packages.into_iter().map(Unit::new).collect();
    let mut index = ModuleIndex::build(&units.iter().map(|u| u.dir.clone()).collect::<Vec<_>>());
    let roots: Vec<(PathBuf, Vec<String>)> = units.iter().map(|u| (u.dir.clone(), u.imports.clone())).collect();
    let holding: HashSet<PathBuf> =
        units.iter().filter(|u| u.files.iter().any(|f| f.holds)).map(|u| u.dir.clone()).collect();
    let (context, context_notices) = load_dependencies(cwd, &mut index, &roots, &holding);
    notices.extend(context_notices.into_iter().filter(|n| n.level == NoticeLevel::Error));
    units.extend(context.into_iter().map(Unit::new));

    let imports: Vec<Vec<(String, PathBuf)>> = units
        .iter()
        .map(|u| u.imports.iter().filter_map(|path| index.resolve(&u.dir, path).map(|d| (path.clone(), d))).collect())
        .collect();
    let graph: Vec<(PathBuf, Vec<PathBuf>)> =
        units.iter().zip(&imports).map(|(u, i)| (u.dir.clone(), i.iter().map(|(_, t)| t.clone()).collect())).collect();
    let wanted = if options.no_prefilter { vec![true; units.len()] } else { wanted(&units, &graph) };

    let cache = options.cache.clone().map(Cache::new);
    let rules: String = blindspot_rules::metas().iter().filter(|m| config.enabled(&m.id)).map(|m| &*m.id).collect();
    let mut done: HashMap<PathBuf, (Arc<FactSet>, u128)> = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut texts: HashMap<Arc<str>, Arc<str>> = HashMap::new();
    let (mut skipped, mut cached) = (0, 0);
    let bar = progress_bar(options.progress, units.len());
    for level in import_order(&graph) {
        let results: Vec<(usize, UnitResult)> = level
            .par_iter()
            .map(|&i| {
                let imported: Vec<(&str, &(Arc<FactSet>, u128))> =
                    imports[i].iter().filter_map(|(path, dir)| done.get(dir).map(|s| (path.as_str(), s))).collect();
                let key = cache.as_ref().map(|c| unit_key(c, &rules, &units[i], &imported));
                let summaries = imported.iter().map(|(path, (s, _))| (path.to_string(), s.clone())).collect();
                let result = run_unit(&units[i], summaries, wanted[i], options, cache.as_ref().zip(key));
                bar.inc(1);
                (i, result)
            })
            .collect();
        for (i, r) in results {
            skipped += usize::from(r.skipped);
            cached += usize::from(r.cached);
            diagnostics.extend(r.entry.diagnostics);
            notices.extend(r.entry.notices);
            notices.extend(r.io_notices);
            texts.extend(r.texts);
            if units[i].importable() {
                done.insert(units[i].dir.clone(), (Arc::new(r.entry.facts), r.key));
            }
        }
    }
    bar.finish_and_clear();
    config.apply(cwd, &mut diagnostics);
    // Suppressions, over every reported file that may hold a directive (a prefilter-skipped
    // package's directives included: an unused one is a finding).
    let mut with_directives: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    for f in units.iter().flat_map(|u| &u.files).filter(|f| f.found.reported && f.directives) {
        match texts.get(&f.found.display) {
            Some(text) => with_directives.push((f.found.display.clone(), text.clone())),
            None => match reread(&f.found) {
                Ok(l) => with_directives.push((l.display, l.text)),
                Err(n) => notices.push(n),
            },
        }
    }
    blindspot_rules::apply_suppressions(&mut diagnostics, &with_directives, &|id| config.enabled(id));
    // Again for the directives' own findings.
    config.apply(cwd, &mut diagnostics);
    report::sort_diagnostics(&mut diagnostics);
    texts.extend(with_directives);
    let sources = sources_of(&diagnostics, &units, texts, &mut notices);
    notices.sort();
    notices.dedup();
    Analysis { diagnostics, notices, sources, packages: units.len(), skipped, cached }
}

/// The packages that may need parsing: those whose own text may give a finding, those that
/// import one of them (directly or not: a fact can reach them), and the packages these
/// import (directly or not), whose goroutine and lock facts they may need. Whether such a
/// package is parsed is decided in its turn, from its text and the facts it imports (see
/// [`run_unit`]); the others can hold no finding and export nothing anyone reads.
fn wanted(units: &[Unit], graph: &[(PathBuf, Vec<PathBuf>)]) -> Vec<bool> {
    let mut by_dir: HashMap<&Path, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate().filter(|(_, u)| u.importable()) {
        by_dir.entry(u.dir.as_path()).or_insert(i);
    }
    let edges: Vec<Vec<usize>> = graph
        .iter()
        .map(|(_, targets)| targets.iter().filter_map(|t| by_dir.get(t.as_path()).copied()).collect())
        .collect();
    let mut importers: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (i, targets) in edges.iter().enumerate() {
        for &j in targets {
            importers[j].push(i);
        }
    }
    // Upward from the packages with triggers to everything importing them...
    let mut tainted = vec![false; units.len()];
    let mut work: Vec<usize> = (0..units.len()).filter(|&i| units[i].own).collect();
    while let Some(i) = work.pop() {
        if !std::mem::replace(&mut tainted[i], true) {
            work.extend(&importers[i]);
        }
    }
    // ...then down to everything those import.
    let mut wanted = vec![false; units.len()];
    let mut work: Vec<usize> = (0..units.len()).filter(|&i| tainted[i]).collect();
    while let Some(i) = work.pop() {
        if !std::mem::replace(&mut wanted[i], true) {
            work.extend(&edges[i]);
        }
    }
    wanted
}

/// A package's cache key: this build, the rules enabled, the package's place, name and
/// files, and the keys of the packages it imports (whose facts it reads).
fn unit_key(cache: &Cache, rules: &str, unit: &Unit, imported: &[(&str, &(Arc<FactSet>, u128))]) -> cache::Key {
    let mut slot = cache.hasher();
    for part in [unit.dir.as_os_str().as_encoded_bytes(), unit.name.as_bytes()] {
        slot.update(&part.len().to_le_bytes());
        slot.update(part);
    }
    let slot = slot.digest128();
    let mut key = cache.hasher();
    key.update(&slot.to_le_bytes());
    let mut field = |bytes: &[u8]| {
        key.update(&bytes.len().to_le_bytes());
        key.update(bytes);
    };
    field(rules.as_bytes());
    field(unit.dir_display.as_bytes());
    for f in &unit.files {
        field(f.found.path.as_os_str().as_encoded_bytes());
        field(f.found.display.as_bytes());
        field(&[u8::from(f.found.reported)]);
        field(&f.hash.to_le_bytes());
    }
    for (path, (_, k)) in imported {
        field(path.as_bytes());
        field(&k.to_le_bytes());
    }
    cache::Key { slot, key: key.digest128() }
}

/// What one package's turn gives.
struct UnitResult {
    entry: Entry,
    /// Files that could not be read again.
    io_notices: Vec<Notice>,
    /// Texts of the package's files its findings point into or that may hold directives.
    texts: Vec<(Arc<str>, Arc<str>)>,
    /// The package's identity for its importers' keys (its cache key, or 0 without a cache).
    key: u128,
    skipped: bool,
    cached: bool,
}

/// One package's turn: skipped when it can matter to no one, else taken from the cache or
/// read, parsed, modelled and checked (and stored in the cache).
///
/// A package `wanted` (see [`wanted`]) is parsed when its own text may give a finding, a
/// package it imports exported a memory fact (C or mapped memory, a `uintptr` parameter kept
/// alive), or it may export a goroutine or lock fact (it starts goroutines or takes locks,
/// or imports such facts). Anything else has no memory the race detector misses, no
/// handler, and no fact a parsed package reads: skipping it changes nothing, which
/// `--no-prefilter` and a test over every fixture check.
fn run_unit(
    unit: &Unit,
    imported: HashMap<String, Arc<FactSet>>,
    wanted: bool,
    options: &Options,
    cache: Option<(&Cache, cache::Key)>,
) -> UnitResult {
    let key = cache.map_or(0, |(_, k)| k.key);
    let needed = options.no_prefilter
        || (wanted
            && (unit.own
                || unit.shares
                || imported.values().any(|s| s.has_scope(Scope::Memory) || s.has_scope(Scope::Sharing))));
    let mut result = UnitResult {
        entry: Entry::default(),
        io_notices: Vec::new(),
        texts: Vec::new(),
        key,
        skipped: !needed,
        cached: false,
    };
    if !needed {
        return result;
    }
    if let Some(entry) = cache.and_then(|(c, k)| c.get(k)) {
        result.entry = entry;
        result.cached = true;
        return result;
    }
    let mut files = Vec::with_capacity(unit.files.len());
    let mut unchanged = true;
    for f in &unit.files {
        match reread(&f.found) {
            Ok(loaded) => {
                unchanged &= xxh3_128(loaded.text.as_bytes()) == f.hash;
                files.push(LoadedFile { reported: f.found.reported, ..loaded });
            }
            Err(notice) => {
                unchanged = false;
                result.io_notices.push(notice);
            }
        }
    }
    let package = LoadedPackage { dir_display: unit.dir_display.clone(), name: unit.name.clone(), files };
    result.entry = analyze_package(&package, imported, &|id| options.config.enabled(id));
    if let Some((c, k)) = cache.filter(|_| unchanged) {
        if let Some(warning) = c.put(k, &result.entry) {
            result.io_notices.push(Notice { level: NoticeLevel::Warning, path: None, line: None, message: warning });
        }
    }
    let pointed: HashSet<&str> = result
        .entry
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|l| &*l.span.path)
        .collect();
    result.texts = package
        .files
        .iter()
        .zip(&unit.files)
        .filter(|(f, scan)| pointed.contains(&*f.display) || (scan.directives && f.reported))
        .map(|(f, _)| (f.display.clone(), f.text.clone()))
        .collect();
    result
}

/// The texts of the files the findings point into: kept from their package's turn, or read
/// again (a file of another package in an evidence trail, or one whose package came from
/// the cache).
fn sources_of(
    diagnostics: &[Diagnostic],
    units: &[Unit],
    mut texts: HashMap<Arc<str>, Arc<str>>,
    notices: &mut Vec<Notice>,
) -> Sources {
    let referenced: HashSet<&str> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|l| &*l.span.path)
        .collect();
    let mut sources = Sources::new();
    for f in units.iter().flat_map(|u| &u.files).filter(|f| referenced.contains(&*f.found.display)) {
        let text = match texts.remove(&f.found.display) {
            Some(text) => text,
            None => match reread(&f.found) {
                Ok(l) => l.text,
                Err(n) => {
                    notices.push(n);
                    continue;
                }
            },
        };
        sources.add(f.found.display.clone(), text);
    }
    sources
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

/// What a cheap scan of a directory's non-test Go files tells.
struct DirScan {
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
) -> (Vec<LoadedPackage<FileScan>>, Vec<Notice>) {
    let known: HashSet<PathBuf> = roots.iter().map(|(d, _)| d.clone()).collect();
    let mut scanned: HashMap<PathBuf, DirScan> = HashMap::new();
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
        |d: &PathBuf| index.import_path(d).is_some_and(|p| blindspot_analysis::api::BUILTIN_FACT_PACKAGES.contains(&p));
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
    let discovered = discover(cwd, &patterns);
    let loaded = scan(&discovered.dirs, |f| FileScan::of(f, false));
    let mut notices = discovered.notices;
    notices.extend(loaded.notices);
    (loaded.packages, notices)
}

/// Scans a directory's non-test Go files (and notes assembly files) for fact triggers and
/// imports, without parsing.
fn scan_dir(dir: &Path) -> DirScan {
    let mut scan = DirScan { trigger: false, uintptr: false, arguments: false, imports: Vec::new() };
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
        let mentions = crate::prefilter::mentions(&text);
        scan.uintptr |= mentions.uintptr;
        wrapper_words |= mentions.wraps;
        scan.trigger |= mentions.allocates;
        scan.arguments |= mentions.shares;
        scan.imports.extend(file_imports(&text));
    }
    scan.trigger |= scan.uintptr && (wrapper_words || asm);
    scan
}

fn analyze_package(
    pkg: &LoadedPackage,
    imported: HashMap<String, Arc<FactSet>>,
    enabled: &dyn Fn(&str) -> bool,
) -> Entry {
    let model: Package = blindspot_go::build_package(&pkg.name, pkg.dir_display.clone(), &pkg.files);
    let imports = Imports::new(imported);
    let cx = Cx::new(&model, &imports);
    let diagnostics = blindspot_rules::check_package(&cx, enabled);
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
    Entry { diagnostics, notices, facts: cx.into_facts() }
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
        cache: (!args.no_cache).then(|| cache_dir(&cwd, &args.patterns, &args.cache)),
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
                eprintln!(
                    "{} packages, {} not parsed (prefilter), {} from the cache",
                    analysis.packages, analysis.skipped, analysis.cached
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

/// The cache directory a run uses: `--cache-dir` (or `BLINDSPOT_CACHE_DIR`), relative to
/// `cwd`, or `.blindspot_cache` at the project root of the analyzed paths.
fn cache_dir(cwd: &Path, patterns: &[String], args: &CacheArgs) -> PathBuf {
    match &args.cache_dir {
        Some(dir) => cwd.join(dir),
        None => cache::default_dir(&crate::config::analyzed_root(cwd, patterns)),
    }
}

fn clean(args: CacheArgs) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            eprintln!("error: cannot determine the current directory: {e}");
            return ERROR;
        }
    };
    let dir = cache_dir(&cwd, &[], &args);
    match cache::clean(&dir) {
        Ok(true) => {
            eprintln!("removed {}", dir.display());
            OK
        }
        Ok(false) => {
            eprintln!("no cache at {}", dir.display());
            OK
        }
        Err(e) => {
            eprintln!("error: cannot remove the cache {}: {e}", dir.display());
            ERROR
        }
    }
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
    let imports = Imports::default();
    let cx = Cx::new(&model, &imports);
    let mut diagnostics = blindspot_rules::check_package(&cx, &|_| true);
    let _ = cx.into_facts();
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
