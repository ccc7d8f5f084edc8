//! One package's turn in a run: skipped when it can matter to no one, taken from the
//! cache, or read again, parsed, modelled and checked (and stored in the cache), giving its
//! findings and the facts its importers read.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use blindspot_analysis::{Cx, FactSet, Imports};
use blindspot_go::constraint::{self, Constraint};
use blindspot_go::load::{reread, LoadedFile, LoadedPackage};
use blindspot_go::model::Package;
use blindspot_report::{self as report, Diagnostic, Notice, NoticeLevel};
use xxhash_rust::xxh3::xxh3_128;

use crate::cache::{self, Cache, Entry};
use crate::scheduler::Unit;

/// The rules' findings on a modelled package and the facts it exports, from one run of the
/// passes the enabled rules and the facts need.
///
/// A package none of whose files is reported (context: vendored, named by no pattern, or
/// never instrumented) is analyzed only for its facts: its findings would be dropped.
pub fn check(model: &Package, imports: &Imports, enabled: &dyn Fn(&str) -> bool) -> (Vec<Diagnostic>, FactSet) {
    if !model.files.iter().any(|f| f.reported) {
        return (Vec::new(), Cx::for_facts(model, imports).into_facts());
    }
    let cx = Cx::new(model, imports);
    let diagnostics = blindspot_rules::check_package(&cx, enabled);
    (diagnostics, cx.into_facts())
}

/// [`check`] within a budget of `work` units ([`blindspot_analysis::budget`]): nothing, and
/// the units spent, if the analysis spends them all; else the result and the units spent.
pub fn check_within(
    model: &Package,
    imports: &Imports,
    enabled: &dyn Fn(&str) -> bool,
    work: u64,
) -> Result<((Vec<Diagnostic>, FactSet), u64), u64> {
    blindspot_analysis::budget::within(work, || check(model, imports, enabled)).map_err(|e| e.spent)
}

/// Whether a package may need parsing (see `scheduler::wanted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Parse it whatever it holds (`--no-prefilter`).
    Always,
    /// Parse it if its source or its imports' facts call for it.
    Yes,
    No,
}

/// What one package's turn gives.
pub struct Turn {
    pub entry: Entry,
    /// Files that could not be read again.
    pub io_notices: Vec<Notice>,
    /// Texts of the package's files its findings point into or that may hold directives.
    pub texts: Vec<(Arc<str>, Arc<str>)>,
    /// The package's identity for its importers' keys (its cache key, or 0 without a cache).
    pub key: u128,
    pub skipped: bool,
    pub cached: bool,
    /// The units of work its analysis spent (0 unless it was analyzed).
    pub work: u64,
}

/// One package's turn. A package is parsed when it is `wanted` and needed
/// ([`Unit::needed`]) (every package is wanted with `--no-prefilter`); `enabled` says which
/// rules run.
pub fn run(
    unit: &Unit,
    imported: Vec<(String, Arc<FactSet>)>,
    wanted: Wanted,
    enabled: &dyn Fn(&str) -> bool,
    work: u64,
    cache: Option<(&Cache, cache::Key)>,
) -> Turn {
    let key = cache.map_or(0, |(_, k)| k.key);
    let needed = match wanted {
        Wanted::Always => true,
        Wanted::Yes => unit.needed(imported.iter().map(|(_, f)| &**f)),
        Wanted::No => false,
    };
    let mut turn = Turn {
        entry: Entry::default(),
        io_notices: Vec::new(),
        texts: Vec::new(),
        key,
        skipped: !needed,
        cached: false,
        work: 0,
    };
    if !needed {
        return turn;
    }
    if let Some(entry) = cache.and_then(|(c, k)| c.get(k)) {
        turn.entry = entry;
        turn.cached = true;
        return turn;
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
                turn.io_notices.push(notice);
            }
        }
    }
    let package =
        LoadedPackage { dir_display: unit.dir_display.clone(), name: unit.name.clone(), files, program: unit.program };
    (turn.entry, turn.work) = analyze(&package, unit, Imports::new(imported), enabled, work);
    if let Some((c, k)) = cache.filter(|_| unchanged) {
        if let Some(warning) = c.put(k, &turn.entry) {
            turn.io_notices.push(Notice { level: NoticeLevel::Warning, path: None, line: None, message: warning });
        }
    }
    let pointed: HashSet<&str> = turn
        .entry
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|l| &*l.span.path)
        .collect();
    turn.texts = package
        .files
        .iter()
        .zip(&unit.files)
        .filter(|(f, scan)| pointed.contains(&*f.display) || (scan.directives() && f.reported))
        .map(|(f, _)| (f.display.clone(), f.text.clone()))
        .collect();
    turn
}

/// Parses and models a package and checks it: its findings (before levels and
/// suppressions), the syntax errors of its reported files, its facts.
fn analyze(
    pkg: &LoadedPackage,
    unit: &Unit,
    imports: Imports,
    enabled: &dyn Fn(&str) -> bool,
    work: u64,
) -> (Entry, u64) {
    let mut model = blindspot_go::build_package(&pkg.name, pkg.dir_display.clone(), &pkg.files);
    model.assembly = unit.assembly.iter().map(|f| (f.name.clone(), f.writes.clone())).collect();
    model.synchronous_callbacks = synchronous_callbacks(&model, unit);
    let (mut diagnostics, facts, spent, stopped) = match check_within(&model, &imports, enabled, work) {
        Ok(((diagnostics, facts), spent)) => (diagnostics, facts, spent, false),
        Err(spent) => (Vec::new(), FactSet::default(), spent, true),
    };
    retain_buildable(&mut diagnostics, &model.files);
    let stopped = stopped.then(|| Notice {
        level: NoticeLevel::Warning,
        path: Some(pkg.dir_display.to_string()),
        line: None,
        message: format!(
            "package {}: analysis stopped after {spent} units of work (--max-package-work); \
             nothing is reported for it and its importers get no fact from it",
            pkg.name
        ),
    });
    let notices = stopped
        .into_iter()
        .chain(model.files.iter().filter(|f| f.reported && !f.syntax_errors.is_empty()).map(|f| Notice {
            level: NoticeLevel::Warning,
            path: Some(f.path.to_string()),
            line: Some(report::position(&f.text, f.syntax_errors[0] as usize).line),
            message: "syntax error; analyzed as far as the parse allows".to_string(),
        }))
        .collect();
    (Entry { diagnostics, notices, facts }, spent)
}

/// The `//export` functions of the package that its C (preambles, `.c` and `.m` files) calls
/// only within C calls made from Go. The `.c` and `.m` files are read only when something is
/// exported.
/// Each declaration is judged against the C that can be built with it: `onStop` in
/// `x11.go`, called by `x11.c`, is not made asynchronous by `android.c` storing the
/// `android.go` `onStop` in a table of callbacks.
fn synchronous_callbacks(
    model: &Package,
    unit: &Unit,
) -> std::collections::BTreeMap<blindspot_go::model::FuncId, std::collections::BTreeSet<String>> {
    use blindspot_go::constraint::{compatible, Constraint};
    use blindspot_go::model::FuncId;
    let mut out = std::collections::BTreeMap::new();
    let exported: Vec<FuncId> = model.func_ids().filter(|f| model.func(*f).has_directive("export")).collect();
    if exported.is_empty() {
        return out;
    }
    let c_files: Vec<(Constraint, blindspot_go::cfront::CIndex)> = unit
        .c_files
        .iter()
        .filter_map(|(p, _)| {
            let text = String::from_utf8_lossy(&std::fs::read(p).ok()?).into_owned();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let index = if name.ends_with(".c") {
                blindspot_go::cfront::CIndex::of(&text)
            } else {
                blindspot_go::cfront::CIndex::of_objc(&text)
            };
            // A header too large to read is not compiled itself: it names no callback.
            if name.ends_with(".h") && index.unread() {
                return None;
            }
            Some((Constraint::of_file(&name, &text), index))
        })
        .collect();
    let sources: Vec<(&Constraint, &blindspot_go::cfront::CIndex)> =
        model.files.iter().map(|f| (&f.constraint, &f.c)).chain(c_files.iter().map(|(k, c)| (k, c))).collect();
    // The exported declarations by the constraint of their file: usually one group.
    let mut groups: Vec<(&Constraint, Vec<FuncId>)> = Vec::new();
    for f in exported {
        let k = &model.file(model.func(f).span.file).constraint;
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, fs)) => fs.push(f),
            None => groups.push((k, vec![f])),
        }
    }
    for (k, funcs) in groups {
        let built: Vec<&blindspot_go::cfront::CIndex> =
            sources.iter().filter(|(c, _)| compatible(&[k, c])).map(|(_, index)| *index).collect();
        let names: Vec<&str> = funcs.iter().filter_map(|f| model.func(*f).name.as_deref()).collect();
        let looked_up = |lookups: &std::collections::BTreeSet<String>,
                         trampolines: &std::collections::BTreeSet<String>| {
            blindspot_go::cfront::lookups_reach_only(model, &names, lookups, trampolines)
        };
        let handed = blindspot_go::cfront::handed_to_c(model, &names);
        let sync = blindspot_go::cfront::synchronous_callbacks(&built, &names, &looked_up, &handed);
        for f in funcs {
            if let Some(through) = model.func(f).name.as_deref().and_then(|n| sync.get(n)) {
                out.insert(f, through.clone());
            }
        }
    }
    out
}

/// Drops the findings whose evidence joins files of the package that no one build
/// configuration compiles together (`exec_linux.go` and `exec_plan9.go`): such a race is in
/// no program. Locations in other packages' files are not checked.
fn retain_buildable(diagnostics: &mut Vec<Diagnostic>, files: &[blindspot_go::model::File]) {
    if diagnostics.is_empty() {
        return;
    }
    // The constraints the model read when it was built.
    let constraints: HashMap<&str, &Constraint> = files.iter().map(|f| (&*f.path, &f.constraint)).collect();
    diagnostics.retain(|d| {
        let mut evidence: Vec<&Constraint> = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .filter_map(|l| constraints.get(&*l.span.path).copied())
            .collect();
        evidence.sort_by_key(|c| *c as *const Constraint);
        evidence.dedup_by_key(|c| *c as *const Constraint);
        constraint::compatible(&evidence)
    });
}

/// A package's cache key: this build, the rules enabled, the package's place, name and
/// files, the functions its assembly defines, its `.c` files, and the keys of the packages it imports (whose facts it reads).
pub fn key(cache: &Cache, rules: &str, unit: &Unit, imported: &[(&str, u128)]) -> cache::Key {
    let mut slot = cache.hasher();
    for part in [unit.dir.as_os_str().as_encoded_bytes(), unit.name.as_bytes()] {
        slot.update(&part.len().to_le_bytes());
        slot.update(part);
    }
    // A directory of separate programs has a slot per file.
    if unit.program {
        for f in &unit.files {
            let part = f.found.path.as_os_str().as_encoded_bytes();
            slot.update(&part.len().to_le_bytes());
            slot.update(part);
        }
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
    for f in &unit.assembly {
        field(f.name.as_bytes());
        match &f.writes {
            blindspot_go::asm::Writes::Nothing => field(b"-"),
            blindspot_go::asm::Writes::Anything => field(b"*"),
            blindspot_go::asm::Writes::Through(names) => names.iter().for_each(|n| field(format!("+{n}").as_bytes())),
        }
    }
    for (path, hash) in &unit.c_files {
        field(path.as_os_str().as_encoded_bytes());
        field(&hash.to_le_bytes());
    }
    for (path, k) in imported {
        field(path.as_bytes());
        field(&k.to_le_bytes());
    }
    cache::Key { slot, key: key.digest128() }
}
