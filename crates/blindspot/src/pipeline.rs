//! The pipeline of a run, each stage a function of the previous one's output:
//!
//! ```text
//! patterns ─discover─▶ files ─scan (read once, digest)─▶ packages (+ context packages)
//!   ─import order─▶ levels ─(each package: prefilter, cache, parse, model, passes, rules)─▶
//!   findings ─suppressions─▶ ─configuration─▶ ─sort─▶ findings and the sources they cite
//! ```
//!
//! Packages are analyzed in import order, in parallel within each level, so that an
//! importer sees the facts of the packages it imports.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use blindspot_analysis::FactSet;
use blindspot_go::discover::discover;
use blindspot_go::discover::FoundFile;
use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::load::reread;
use blindspot_go::modules::{import_order, ModuleIndex};
use blindspot_report::{self as report, Diagnostic, Notice, NoticeLevel, Sources};

use crate::cache::Cache;
use crate::config::Config;
use crate::memo::Memo;
use crate::package::{self, Wanted};
use crate::scheduler::{builds, load_dependencies, only_built, scan_files, wanted, FileScan, Unit};

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
    /// Files read up front, and files known unchanged from an earlier run without reading.
    pub files_read: usize,
    pub files_known: usize,
    /// The package whose analysis spent the most units of work this run, and how many.
    pub most_work: Option<(Arc<str>, u64)>,
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
    /// Analyze only the files of one build configuration (`--goos`, `--goarch`, `--tags`);
    /// `None` analyzes every configuration's files together.
    pub build: Option<blindspot_go::constraint::Restriction>,
    /// The work budget of one package's analysis (`--max-package-work`); `None` is
    /// [`blindspot_analysis::budget::DEFAULT`].
    pub max_package_work: Option<u64>,
}

/// Analyzes the packages `patterns` name, relative to `cwd`, with the default options.
pub fn analyze(cwd: &Path, patterns: &[String]) -> Analysis {
    analyze_with(cwd, patterns, &Options { config: Config::empty(cwd), ..Options::default() })
}

/// Analyzes the packages `patterns` name, relative to `cwd`.
///
/// Every file is read once up front and digested; a package's files are read again,
/// parsed, modelled and checked in its turn, and its trees and texts dropped when it is
/// done. Imported packages of the analyzed tree that the patterns do not name (vendored
/// ones, or siblings of a named directory) are loaded as context when they could contribute
/// a fact; their findings are not reported, nor are those of the standard library's
/// packages that the race detector never instruments (`api::NEVER_INSTRUMENTED_PACKAGES`).
pub fn analyze_with(cwd: &Path, patterns: &[String], options: &Options) -> Analysis {
    let config = &options.config;
    let found = discover(cwd, patterns);
    let cache = options.cache.clone().map(Cache::new);
    let memo = cache.as_ref().map_or_else(Memo::empty, Memo::load);
    // Generated and excluded files are context: analyzed, not reported.
    let mut loaded = scan_files(&found.dirs, &memo, &HashMap::new(), |f, facts| {
        let generated = !options.include_generated && facts.generated;
        let reported = f.reported && !generated && !config.excluded(cwd, &f.display);
        (builds(options.build.as_ref(), &facts.constraint), FileScan::of(FoundFile { reported, ..f }, facts))
    });
    // Files the configuration does not build are not part of the run.
    let packages = only_built(std::mem::take(&mut loaded.packages));
    let mut notices = found.notices;
    notices.extend(loaded.notices);
    let mut units: Vec<Unit> = packages.into_iter().map(Unit::new).collect();
    let mut index = ModuleIndex::build(&units.iter().map(|u| u.dir.clone()).collect::<Vec<_>>());
    // Packages the race detector never instruments (the runtime's): context, not reported.
    for unit in &mut units {
        if index.import_path(&unit.dir).is_some_and(blindspot_analysis::api::never_instrumented) {
            unit.files.iter_mut().for_each(|f| f.found.reported = false);
        }
    }
    let (context, context_notices) = load_dependencies(cwd, &mut index, &units, options.build.as_ref(), &memo);
    let (files_read, files_known) = memo.counts();
    if let Some(warning) = cache.as_ref().and_then(|c| memo.save(c)) {
        notices.push(Notice { level: NoticeLevel::Warning, path: None, line: None, message: warning });
    }
    notices.extend(context_notices.into_iter().filter(|n| n.level == NoticeLevel::Error));
    units.extend(context.into_iter().map(Unit::new));

    let imports: Vec<Vec<(String, PathBuf)>> = units
        .iter()
        .map(|u| u.imports.iter().filter_map(|path| index.resolve(&u.dir, path).map(|d| (path.clone(), d))).collect())
        .collect();
    let graph: Vec<(PathBuf, Vec<PathBuf>)> =
        units.iter().zip(&imports).map(|(u, i)| (u.dir.clone(), i.iter().map(|(_, t)| t.clone()).collect())).collect();
    let wanted: Vec<Wanted> = if options.no_prefilter {
        vec![Wanted::Always; units.len()]
    } else {
        wanted(&units, &graph).into_iter().map(|w| if w { Wanted::Yes } else { Wanted::No }).collect()
    };

    let work = options.max_package_work.unwrap_or(blindspot_analysis::budget::DEFAULT);
    // What changes a package's result besides its files and imports: the rules, the budget.
    let rules: String = blindspot_rules::metas().iter().filter(|m| config.enabled(&m.id)).map(|m| &*m.id).collect();
    let rules = format!("{rules} work={work}");
    // The facts and cache key of every importable package analyzed so far, by directory.
    let mut done: HashMap<PathBuf, (Arc<FactSet>, u128)> = HashMap::new();
    let mut diagnostics = Vec::new();
    let mut texts: HashMap<Arc<str>, Arc<str>> = HashMap::new();
    let (mut skipped, mut cached) = (0, 0);
    let mut most_work: Option<(Arc<str>, u64)> = None;
    let bar = progress_bar(options.progress, units.len());
    for level in import_order(&graph) {
        let turns: Vec<(usize, package::Turn)> = level
            .par_iter()
            .map(|&i| {
                let imported: Vec<(&str, &(Arc<FactSet>, u128))> =
                    imports[i].iter().filter_map(|(path, dir)| done.get(dir).map(|s| (path.as_str(), s))).collect();
                let keys: Vec<(&str, u128)> = imported.iter().map(|(path, (_, k))| (*path, *k)).collect();
                let key = cache.as_ref().map(|c| package::key(c, &rules, &units[i], &keys));
                let facts = imported.iter().map(|(path, (f, _))| (path.to_string(), f.clone())).collect();
                let enabled = |id: &str| config.enabled(id);
                let turn = package::run(&units[i], facts, wanted[i], &enabled, work, cache.as_ref().zip(key));
                bar.inc(1);
                (i, turn)
            })
            .collect();
        for (i, t) in turns {
            skipped += usize::from(t.skipped);
            cached += usize::from(t.cached);
            if t.work > most_work.as_ref().map_or(0, |(_, w)| *w) {
                most_work = Some((units[i].dir_display.clone(), t.work));
            }
            diagnostics.extend(t.entry.diagnostics);
            notices.extend(t.entry.notices);
            notices.extend(t.io_notices);
            texts.extend(t.texts);
            if units[i].importable() {
                done.insert(units[i].dir.clone(), (Arc::new(t.entry.facts), t.key));
            }
        }
    }
    bar.finish_and_clear();
    // Suppressions, over every reported file that may hold a directive (a prefilter-skipped
    // package's directives included: an unused one is a finding).
    let mut with_directives: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    for f in units.iter().flat_map(|u| &u.files).filter(|f| f.found.reported && f.directives()) {
        match texts.get(&f.found.display) {
            Some(text) => with_directives.push((f.found.display.clone(), text.clone())),
            None => match reread(&f.found) {
                Ok(l) => with_directives.push((l.display, l.text)),
                Err(n) => notices.push(n),
            },
        }
    }
    blindspot_rules::apply_suppressions(&mut diagnostics, &with_directives, &|id| config.enabled(id));
    // Then the configuration: per-path ignores and levels, of the directives' findings too.
    config.apply(cwd, &mut diagnostics);
    report::sort_diagnostics(&mut diagnostics);
    texts.extend(with_directives);
    let sources = sources_of(&diagnostics, &units, texts, &mut notices);
    notices.sort();
    notices.dedup();
    Analysis {
        diagnostics,
        notices,
        sources,
        packages: units.len(),
        skipped,
        cached,
        files_read,
        files_known,
        most_work,
    }
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
