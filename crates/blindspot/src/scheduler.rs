//! Which packages a run analyzes, and in which order: the packages the patterns name, the
//! packages they import that could give them a fact (loaded as context, never reported),
//! the import order, and which of them need parsing at all.
//!
//! Every file is read once up front and digested ([`FileScan`]): its imports, the words of
//! the prefilter's vocabulary it mentions, and a hash of its contents. A package's
//! [`Relevance`] (what its own source may give) follows from its files' digests; the
//! decisions below put the packages' relevance together over the import graph.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use blindspot_analysis::FactSet;
use blindspot_go::constraint::{Constraint, Restriction};
use blindspot_go::discover::{discover, FoundDir, FoundFile};
use blindspot_go::hash::HashMap;
use blindspot_go::load::{read_named, scan_known, Known, LoadedPackage};
use blindspot_go::modules::{dependency_closure, ModuleIndex};
use blindspot_report::Notice;

use crate::memo::{FileFacts, Memo};
use crate::prefilter::{self, Relevance, Words};

/// What the up-front read keeps of a file: enough to order the packages, choose those to
/// parse and key the cache. Its text is read again when its package's turn comes, so a run
/// never holds more than the texts of the packages in progress.
#[derive(Debug)]
pub struct FileScan {
    pub found: FoundFile,
    pub hash: u128,
    pub imports: Vec<String>,
    pub words: Words,
}

impl FileScan {
    pub fn of(found: FoundFile, facts: &FileFacts) -> FileScan {
        FileScan { imports: facts.imports.clone(), words: facts.words(), hash: facts.hash, found }
    }

    /// It may hold suppression directives.
    pub fn directives(&self) -> bool {
        self.words.directives()
    }
}

/// A package as the up-front read sees it.
pub struct Unit {
    pub name: String,
    pub dir_display: Arc<str>,
    pub dir: PathBuf,
    pub files: Vec<FileScan>,
    /// Import paths of its files, sorted, without duplicates.
    pub imports: Vec<String>,
    /// What its own source may give.
    pub relevance: Relevance,
    /// The functions its directory's assembly defines.
    pub assembly: Vec<blindspot_go::asm::AsmFunc>,
    /// Its directory's `.c` files and their hashes, for a cgo package.
    pub c_files: Vec<(PathBuf, u128)>,
    /// One file of a directory of separate programs ([`LoadedPackage::program`]).
    pub program: bool,
}

impl Unit {
    pub fn new(p: LoadedPackage<FileScan>) -> Unit {
        let dir = p.files.first().and_then(|f| f.found.path.parent()).map(Path::to_path_buf).unwrap_or_default();
        let mut imports: Vec<String> = p.files.iter().flat_map(|f| f.imports.iter().cloned()).collect();
        imports.sort();
        imports.dedup();
        let words = p.files.iter().fold(Words::default(), |w, f| w.union(f.words));
        // One look at the directory's `.s` files: whether there are any, and what they define.
        let assembly = prefilter::assembly_functions(&dir);
        let c_files = if imports.iter().any(|i| i == "C") { prefilter::c_files(&dir) } else { Vec::new() };
        let relevance = Relevance::of(words, &imports, assembly.is_some());
        let assembly = assembly.unwrap_or_default();
        Unit {
            name: p.name,
            dir_display: p.dir_display,
            dir,
            files: p.files,
            imports,
            relevance,
            assembly,
            c_files,
            program: p.program,
        }
    }

    /// A directory's importable package is the one that is not an external test.
    pub fn importable(&self) -> bool {
        !self.name.ends_with("_test")
    }

    /// Whether a package that may need parsing (see [`wanted`]) does, given the facts of
    /// the analyzed packages it imports: its own source may give a finding or a goroutine
    /// or lock fact, or an import exported a fact. A package that may export a memory or
    /// `uintptr` fact by itself imports what that takes (cgo, the syscall packages, or
    /// assembly beside it), which rules trigger on too. Anything else has no memory the
    /// race detector misses, no handler, and no fact a parsed package reads.
    pub fn needed<'a>(&self, imported: impl IntoIterator<Item = &'a FactSet>) -> bool {
        self.relevance.own || self.relevance.sharing || imported.into_iter().any(|f| !f.is_empty())
    }
}

/// The packages that may need parsing: those whose own source may give a finding, those
/// that import one of them (directly or not: a fact can reach them), and the packages these
/// import (directly or not), whose goroutine and lock facts they may need. Whether such a
/// package is parsed is decided in its turn ([`Unit::needed`]); the others can hold no
/// finding and export nothing anyone reads.
pub fn wanted(units: &[Unit], graph: &[(PathBuf, Vec<PathBuf>)]) -> Vec<bool> {
    let mut by_dir: HashMap<&Path, usize> = HashMap::default();
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
    let mut work: Vec<usize> = (0..units.len()).filter(|&i| units[i].relevance.own).collect();
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

/// What a cheap scan of a directory's non-test Go files tells.
struct DirScan {
    relevance: Relevance,
    imports: Vec<String>,
    /// The files it read (not known to the memo), with what reading each gave.
    read: Vec<(PathBuf, FileFacts)>,
}

/// The in-tree packages the analyzed `units` import (transitively) that the patterns did
/// not name, loaded as context: those that may export a memory or `uintptr` fact by
/// themselves, or pass on one of a package they import; and the direct imports that may
/// export a goroutine or lock fact of analyzed packages that hold memory of their own (cgo
/// or mmap: what those facts are about). Of those, only the ones an analyzed package
/// imports (one of `units`, or one loaded) are loaded: no one else reads their facts.
/// Packages whose facts are built in (x/sys) are never loaded. `index` learns the
/// directories found.
pub fn load_dependencies(
    cwd: &Path,
    index: &mut ModuleIndex,
    units: &[Unit],
    build: Option<&Restriction>,
    memo: &Memo,
) -> (Vec<LoadedPackage<FileScan>>, Vec<Notice>) {
    let roots: Vec<(PathBuf, Vec<String>)> = units.iter().map(|u| (u.dir.clone(), u.imports.clone())).collect();
    let known: HashSet<PathBuf> = roots.iter().map(|(d, _)| d.clone()).collect();
    let mut scanned: HashMap<PathBuf, DirScan> = HashMap::default();
    let found = dependency_closure(index, &roots, &known, |dir| {
        let scan = scan_dir(dir, memo);
        let imports = scan.imports.clone();
        scanned.insert(dir.to_path_buf(), scan);
        imports
    });
    if found.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let builtin =
        |d: &PathBuf| index.import_path(d).is_some_and(|p| blindspot_analysis::api::BUILTIN_FACT_PACKAGES.contains(&p));
    let relevance = |d: &PathBuf| scanned.get(d).map(|s| s.relevance).unwrap_or_default();
    let mut relevant: HashSet<PathBuf> =
        found.iter().filter(|d| !builtin(d) && (relevance(d).memory || relevance(d).uintptr)).cloned().collect();
    // By directory: a package's external test shares its directory, and what it imports.
    let holding: HashSet<&Path> = units.iter().filter(|u| u.relevance.memory).map(|u| u.dir.as_path()).collect();
    for unit in units.iter().filter(|u| holding.contains(u.dir.as_path())) {
        for target in unit.imports.iter().filter_map(|i| index.resolve(&unit.dir, i)) {
            if !builtin(&target) && relevance(&target).sharing {
                relevant.insert(target);
            }
        }
    }
    // Passed on: a package that may pass a fact on and imports a relevant one (fixpoint).
    let passing: Vec<(&PathBuf, Vec<PathBuf>)> = found
        .iter()
        .filter(|d| !builtin(d) && relevance(d).passes_on)
        .map(|d| {
            let imports = scanned.get(d).map(|s| s.imports.as_slice()).unwrap_or_default();
            (d, imports.iter().filter_map(|i| index.resolve(d, i)).collect())
        })
        .collect();
    loop {
        let before = relevant.len();
        for (d, targets) in &passing {
            if targets.iter().any(|t| relevant.contains(t)) {
                relevant.insert((*d).clone());
            }
        }
        if relevant.len() == before {
            break;
        }
    }
    // A package's facts are read only by its importers that are analyzed: the packages
    // of the run, and the loaded ones. What is relevant but imported by neither (a
    // package only a package that is not loaded imports) gives facts no one reads.
    let mut useful: HashSet<PathBuf> = HashSet::new();
    let mut work: Vec<(PathBuf, Vec<String>)> = roots.clone();
    while let Some((dir, imports)) = work.pop() {
        for target in imports.iter().filter_map(|i| index.resolve(&dir, i)) {
            if relevant.contains(&target) && useful.insert(target.clone()) {
                let next = scanned.get(&target).map(|s| s.imports.clone()).unwrap_or_default();
                work.push((target, next));
            }
        }
    }
    relevant.retain(|d| useful.contains(d));
    let patterns: Vec<String> =
        found.iter().filter(|d| relevant.contains(*d)).map(|d| d.display().to_string()).collect();
    if patterns.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let discovered = discover(cwd, &patterns);
    // Each file the closure read is read again only to be parsed.
    let read: HashMap<PathBuf, FileFacts> =
        scanned.into_iter().filter(|(d, _)| relevant.contains(d)).flat_map(|(_, scan)| scan.read).collect();
    let loaded = scan_files(&discovered.dirs, memo, &read, |f, facts| {
        (builds(build, &facts.constraint), FileScan::of(FoundFile { reported: false, ..f }, facts))
    });
    let mut notices = discovered.notices;
    notices.extend(loaded.notices);
    (only_built(loaded.packages), notices)
}

/// Whether the run's configuration (`--goos`, `--goarch`, `--tags`; every configuration
/// without one) builds a file with `constraint`.
pub fn builds(build: Option<&Restriction>, constraint: &Constraint) -> bool {
    build.is_none_or(|r| r.builds(constraint))
}

/// Reads every file of `dirs` once ([`scan_known`]), or not at all when this run has
/// (`read`) or `memo` knows it, and keeps what `keep` makes of its facts.
pub fn scan_files<F: Send>(
    dirs: &[FoundDir],
    memo: &Memo,
    read: &HashMap<PathBuf, FileFacts>,
    keep: impl Fn(FoundFile, &FileFacts) -> F + Sync,
) -> blindspot_go::load::Loaded<F> {
    scan_known(
        dirs,
        |f| {
            let facts = read.get(&f.path).or_else(|| memo.get(&f.path))?;
            Some(Known { name: facts.name.clone(), main: facts.main.clone(), kept: keep(f.clone(), facts) })
        },
        |name, f| {
            let facts = FileFacts::of(name, &f);
            memo.put(&f.path, &facts);
            keep(FoundFile { path: f.path, display: f.display, reported: f.reported }, &facts)
        },
    )
}

/// The packages with only the files the configuration builds ([`builds`]), and without
/// those left with none: the rest is not part of the run.
pub fn only_built(packages: Vec<LoadedPackage<(bool, FileScan)>>) -> Vec<LoadedPackage<FileScan>> {
    packages
        .into_iter()
        .filter_map(|p| {
            let files: Vec<FileScan> = p.files.into_iter().filter(|(built, _)| *built).map(|(_, f)| f).collect();
            (!files.is_empty()).then_some(LoadedPackage {
                dir_display: p.dir_display,
                name: p.name,
                files,
                program: p.program,
            })
        })
        .collect()
}

/// Scans a directory's non-test Go files (and notes assembly files) for the prefilter's
/// words and imports, without parsing.
fn scan_dir(dir: &Path, memo: &Memo) -> DirScan {
    let (mut words, mut imports, mut assembly, mut read) = (Words::default(), Vec::new(), false, Vec::new());
    if let Ok(entries) = fs::read_dir(dir) {
        let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".s") {
                assembly = true;
                continue;
            }
            if !name.ends_with(".go") || name.ends_with("_test.go") || name.starts_with(['.', '_']) {
                continue;
            }
            if let Some(facts) = memo.get(&path) {
                words = words.union(facts.words());
                imports.extend(facts.imports.iter().cloned());
                continue;
            }
            let found = FoundFile { display: Arc::from(name), path, reported: false };
            let Ok((name, file)) = read_named(&found) else { continue };
            let facts = FileFacts::of(&name, &file);
            memo.put(&found.path, &facts);
            words = words.union(facts.words());
            imports.extend(facts.imports.iter().cloned());
            read.push((found.path, facts));
        }
    }
    DirScan { relevance: Relevance::of(words, &imports, assembly), imports, read }
}
