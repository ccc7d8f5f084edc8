//! The program's start. A library built for Android (`-buildmode=c-shared`) runs no `main`
//! of its own: a callback that Java calls once at start-up starts the program's `main.main`
//! (a body-less function `//go:linkname`d to it) with a `go` statement, directly or through
//! the functions it calls (a `sync.Once` literal included). What the callback writes before
//! that point happens before everything the program does: the program's calls of the
//! package's API run in that goroutine, or in goroutines it starts later.
//!
//! An access is the program's when only the package's API reaches it: no `//export`
//! function, `init`, goroutine the package starts, or other handler does.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::code::Calls;
use super::{Handler, HandlerKind, StateAccess};
use crate::memory::MemoryModel;

/// Where callbacks start the program, and the code the package itself runs.
pub(super) struct ProgramStart {
    /// Each callback that starts the program, with the start of its call (or literal, or
    /// `go` statement) that leads there, when no other callback that can be built with it
    /// does.
    starts: HashMap<FuncId, u32>,
    /// Functions the package's own roots reach.
    library: HashSet<FuncId>,
}

impl ProgramStart {
    pub fn find(pkg: &Package, model: &MemoryModel, handlers: &[Handler], calls: &Calls) -> Option<ProgramStart> {
        let starters: Vec<(FuncId, u32)> = pkg
            .stmts
            .iter()
            .filter_map(|st| match &st.kind {
                StmtKind::Go(call) if starts_main(pkg, *call) => Some((st.owner?, st.span.start)),
                _ => None,
            })
            .collect();
        if starters.is_empty() {
            return None;
        }
        // Each function that leads to a start, with the earliest position in it that does.
        let mut leads: HashMap<FuncId, u32> = HashMap::new();
        let mut work = starters;
        while let Some((f, at)) = work.pop() {
            crate::budget::spend(1);
            match leads.get(&f) {
                Some(&seen) if seen <= at => continue,
                _ => {
                    leads.insert(f, at);
                }
            }
            if let Some(p) = pkg.func(f).parent {
                work.push((p, pkg.func(f).span.start));
            }
            for site in model.calls.sites.get(&f).into_iter().flatten() {
                work.push((site.caller, site.at));
            }
        }
        let exports: Vec<FuncId> = handlers.iter().filter(|h| h.kind == HandlerKind::Export).map(|h| h.entry).collect();
        let starting: Vec<FuncId> = exports.iter().copied().filter(|e| leads.contains_key(e)).collect();
        let constraint = |f: FuncId| &pkg.file(pkg.func(f).span.file).constraint;
        // One callback per build configuration starts it (`runGoMain` on Android,
        // `gio_runMain` on iOS).
        let starts: HashMap<FuncId, u32> = starting
            .iter()
            .filter(|&&e| {
                starting
                    .iter()
                    .all(|&o| o == e || !blindspot_go::constraint::compatible(&[constraint(e), constraint(o)]))
            })
            .map(|&e| (e, leads[&e]))
            .collect();
        if starts.is_empty() {
            return None;
        }
        let mut roots: Vec<FuncId> = exports.clone();
        roots.extend(handlers.iter().filter(|h| h.kind != HandlerKind::Export).map(|h| h.entry));
        roots.extend(model.spawn_target_funcs());
        roots.extend(pkg.func_ids().filter(|f| {
            let func = pkg.func(*f);
            func.receiver.is_none() && func.parent.is_none() && func.name.as_deref() == Some("init")
        }));
        // A literal runs where its function does (a `sync.Once` literal is not a call).
        let mut literals: HashMap<FuncId, Vec<FuncId>> = HashMap::new();
        for g in pkg.func_ids() {
            if let Some(p) = pkg.func(g).parent {
                literals.entry(p).or_default().push(g);
            }
        }
        let mut library = HashSet::new();
        while let Some(f) = roots.pop() {
            if !library.insert(f) {
                continue;
            }
            crate::budget::spend(1);
            roots.extend(calls.get(&f).into_iter().flatten().map(|c| c.callee));
            roots.extend(literals.get(&f).into_iter().flatten().copied());
        }
        Some(ProgramStart { starts, library })
    }

    /// Whether callback `f` starts the program: the process's entry, which runs once.
    pub fn starts(&self, f: FuncId) -> bool {
        self.starts.contains_key(&f)
    }

    /// Whether the callback's write `w` happens before `other`, an access only the program
    /// makes.
    pub fn before(&self, w: &StateAccess, other: &StateAccess) -> bool {
        self.starts.get(&w.func).is_some_and(|&at| w.span.end <= at) && !self.library.contains(&other.func)
    }
}

/// Whether a `go` statement's call runs the program's `main.main`: `go mainMain()`, or
/// `fn := mainMain; go fn()`, with `//go:linkname mainMain main.main` on a body-less
/// declaration.
fn starts_main(pkg: &Package, call: ExprId) -> bool {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return false };
    let f = match pkg.resolve(*func) {
        Some(Resolved::Global(Global::Func(f))) => Some(f),
        Some(Resolved::Local(b)) => match pkg.binding(b).init {
            Some((init, 0)) => match pkg.resolve(init) {
                Some(Resolved::Global(Global::Func(f))) => Some(f),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    f.is_some_and(|f| {
        let func = pkg.func(f);
        !func.has_body
            && func.directive("go:linkname").is_some_and(|d| d.text.split_whitespace().any(|w| w == "main.main"))
    })
}
