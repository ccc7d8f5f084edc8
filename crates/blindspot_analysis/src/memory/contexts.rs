//! Goroutine contexts: the spawner (everything not started as a goroutine) and one context
//! per `go` statement, `g.Go(func(){...})`, call of a function that runs its function
//! parameter in a goroutine (also across packages), and call of an imported function that
//! starts a goroutine using its arguments. A function runs in the contexts of its callers.

use std::collections::BTreeSet;

use blindspot_go::hash::{HashMap, HashSet};
use blindspot_go::model::*;

use super::calls::CallSite;
use super::facts::{qualify_locks, ForeignUse, GoroutineArgs};
use crate::facts::Imports;
use crate::spawners::runs_in_goroutine;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContextId(pub u32);

/// The context of everything not started as a goroutine.
pub const SPAWNER: ContextId = ContextId(0);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextKind {
    /// Everything not started as a goroutine.
    Spawner,
    Goroutine {
        /// The `go` statement (or `g.Go(...)` call).
        spawn: Span,
        /// The function holding the `go` statement.
        spawner: Option<FuncId>,
        /// The function the goroutine runs.
        target: FuncId,
        /// Started in a loop: several instances run at once.
        repeated: bool,
        /// The target was found by a method's name only.
        guessed: bool,
        /// Started inside a function of another package (named here, as the call writes
        /// it), which runs the goroutine on an argument of the call at `spawn`: its accesses
        /// are known from that package's facts, and `target` is the calling function.
        foreign: Option<String>,
        /// The goroutine only makes the call of `foreign` that its `go` statement writes
        /// (`go syscall.Sendto(...)`).
        direct: bool,
    },
}

/// A goroutine started in this package.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spawn {
    pub span: Span,
    pub spawner: Option<FuncId>,
    pub target: FuncId,
    pub repeated: bool,
    pub guessed: bool,
}

/// A call of an imported function whose facts say it starts a goroutine that uses some of
/// its arguments.
pub(crate) struct ForeignSpawn {
    pub call: ExprId,
    pub spawn: Span,
    pub caller: FuncId,
    pub callee: String,
    pub repeated: bool,
    /// (argument index, how the goroutine uses it)
    pub uses: Vec<(usize, ForeignUse)>,
}

/// A `go` statement that calls a function of another package directly
/// (`go syscall.Sendto(fd, pkt, 0, to)`): the goroutine makes that one call, and what the
/// call touches, it touches in the goroutine.
pub(crate) struct DirectSpawn {
    pub call: ExprId,
    pub spawn: Span,
    pub caller: FuncId,
    pub callee: String,
    pub repeated: bool,
}

/// Every goroutine a package starts, in source order; context `1 + i` is `local[i]`, then
/// the foreign ones follow, then the direct ones.
pub(crate) struct Spawns {
    pub local: Vec<Spawn>,
    pub foreign: Vec<ForeignSpawn>,
    pub direct: Vec<DirectSpawn>,
    /// The package's unused functions ([`unreferenced_funcs`]): they start nothing and are
    /// no roots.
    pub unused: HashSet<FuncId>,
}

impl Spawns {
    pub fn find(pkg: &Package, imports: &Imports, local_spawners: &HashSet<(FuncId, usize)>) -> Spawns {
        let mut s =
            Spawns { local: Vec::new(), foreign: Vec::new(), direct: Vec::new(), unused: unreferenced_funcs(pkg) };
        for stmt in &pkg.stmts {
            // A goroutine of a function nothing calls never starts.
            if stmt.owner.is_some_and(|f| s.unused.contains(&pkg.declared_func(f))) {
                continue;
            }
            let repeated = stmt.loop_depth > 0;
            match &stmt.kind {
                StmtKind::Go(call) => {
                    let ExprKind::Call { func, .. } = &pkg.expr(*call).kind else { continue };
                    let target = match pkg.expr(*func).kind {
                        ExprKind::FuncLit(f) => Some((f, false)),
                        _ => pkg.callee_func(*func),
                    };
                    if let Some((target, guessed)) = target {
                        s.local.push(Spawn { span: stmt.span, spawner: stmt.owner, target, repeated, guessed });
                    } else if let (Some(_), Some(caller)) = (pkg.qualified_name(*func), stmt.owner) {
                        let callee = pkg.text(pkg.expr(*func).span).to_string();
                        s.direct.push(DirectSpawn { call: *call, spawn: stmt.span, caller, callee, repeated });
                    }
                }
                StmtKind::Expr(call) => {
                    let ExprKind::Call { func, args, .. } = &pkg.expr(*call).kind else { continue };
                    let literal =
                        |f| Spawn { span: stmt.span, spawner: stmt.owner, target: f, repeated, guessed: false };
                    // `g.Go(func() {...})`: errgroup and sync.WaitGroup.Go start goroutines.
                    if let (ExprKind::Selector { field, .. }, [arg]) = (&pkg.expr(*func).kind, args.as_slice()) {
                        if field == "Go" {
                            if let ExprKind::FuncLit(f) = pkg.expr(*arg).kind {
                                s.local.push(literal(f));
                                continue;
                            }
                        }
                    }
                    s.foreign.extend(foreign_spawn(pkg, imports, *call, stmt));
                    // A helper (here or in an imported package) that runs its function
                    // parameter in a goroutine: `pool.Go(func() {...})`.
                    for (i, arg) in args.iter().enumerate() {
                        if let ExprKind::FuncLit(f) = pkg.expr(*arg).kind {
                            if runs_in_goroutine(pkg, imports, *func, i, local_spawners) {
                                s.local.push(literal(f));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }

    /// Every context: the spawner, then one per spawn.
    pub fn contexts(&self) -> Vec<ContextKind> {
        let mut out = vec![ContextKind::Spawner];
        for s in &self.local {
            out.push(ContextKind::Goroutine {
                spawn: s.span,
                spawner: s.spawner,
                target: s.target,
                repeated: s.repeated,
                guessed: s.guessed,
                foreign: None,
                direct: false,
            });
        }
        // Goroutines of another package's code: started inside an imported function, or
        // running one call of it.
        let foreign = self.foreign.iter().map(|f| (f.spawn, f.caller, f.repeated, &f.callee, false));
        let direct = self.direct.iter().map(|d| (d.spawn, d.caller, d.repeated, &d.callee, true));
        for (spawn, caller, repeated, callee, direct) in foreign.chain(direct) {
            out.push(ContextKind::Goroutine {
                spawn,
                spawner: Some(caller),
                target: caller,
                repeated,
                guessed: false,
                foreign: Some(callee.clone()),
                direct,
            });
        }
        out
    }

    /// The context of each direct spawn's call (`go syscall.Sendto(...)`).
    pub fn direct_contexts(&self) -> HashMap<ExprId, ContextId> {
        let first = 1 + self.local.len() + self.foreign.len();
        self.direct.iter().enumerate().map(|(k, d)| (d.call, ContextId((first + k) as u32))).collect()
    }

    /// The context of the first foreign spawn.
    pub fn first_foreign(&self) -> usize {
        1 + self.local.len()
    }

    /// The functions goroutines of this package run.
    pub fn targets(&self) -> BTreeSet<FuncId> {
        self.local.iter().map(|s| s.target).collect()
    }
}

/// The package's unexported plain functions that nothing refers to (staticcheck's unused
/// functions): no call, no function value, no `//export`, no `//go:linkname` naming them
/// anywhere in the package. They never run, so neither do the goroutines they start. In a
/// package with assembly nothing is dead: a `.s` body may call any of them.
fn unreferenced_funcs(pkg: &Package) -> HashSet<FuncId> {
    let mut out: HashSet<FuncId> = HashSet::default();
    if !pkg.assembly.is_empty() {
        return out;
    }
    for f in pkg.func_ids() {
        let func = pkg.func(f);
        let Some(name) = &func.name else { continue };
        let exported = name.starts_with(|c: char| c.is_uppercase());
        if func.receiver.is_some()
            || exported
            || matches!(name.as_str(), "main" | "init" | "_")
            || !func.has_body
            || func.has_directive("export")
            || pkg.linknamed.contains(name)
        {
            continue;
        }
        out.insert(f);
    }
    if out.is_empty() {
        return out;
    }
    // By name: a use resolves to the declaration built with it, and keeps its variants for
    // other platforms (`mmap` in `bolt_unix.go` and `bolt_windows.go`) alive too.
    let mut referenced: HashSet<&str> = HashSet::default();
    for id in pkg.expr_ids() {
        let Some(Resolved::Global(Global::Func(f))) = pkg.resolve(id) else { continue };
        let Some(name) = pkg.func(f).name.as_deref() else { continue };
        // A function calling itself keeps nothing alive.
        let recursive = pkg.expr(id).owner.is_some_and(|o| {
            let caller = pkg.func(pkg.declared_func(o));
            caller.receiver.is_none() && caller.name.as_deref() == Some(name)
        });
        if !recursive {
            referenced.insert(name);
        }
    }
    out.retain(|f| !pkg.func(*f).name.as_deref().is_some_and(|n| referenced.contains(n)));
    out
}

/// A call of an imported function that starts a goroutine on its arguments.
fn foreign_spawn(pkg: &Package, imports: &Imports, call: ExprId, stmt: &Stmt) -> Option<ForeignSpawn> {
    let (ExprKind::Call { func, .. }, Some(caller)) = (&pkg.expr(call).kind, stmt.owner) else { return None };
    let (path, member) = pkg.qualified_name(*func)?;
    let args = imports.fact::<GoroutineArgs>(path)?;
    let mut uses: Vec<(usize, ForeignUse)> = args
        .0
        .iter()
        .filter(|((f, _), _)| f == member)
        .flat_map(|((_, i), list)| list.iter().map(move |u| (*i, qualify_locks(path, u))))
        .collect();
    if uses.is_empty() {
        return None;
    }
    uses.sort_by(|a, b| (a.0, &*a.1.span.path, a.1.span.start).cmp(&(b.0, &*b.1.span.path, b.1.span.start)));
    let callee = pkg.text(pkg.expr(*func).span).to_string();
    Some(ForeignSpawn { call, spawn: stmt.span, caller, callee, repeated: stmt.loop_depth > 0, uses })
}

/// What each function runs in its own goroutine, by function index: the functions it calls,
/// and the closures it defines that it does not start as goroutines.
pub(crate) fn run_edges(
    pkg: &Package,
    call_sites: &HashMap<FuncId, Vec<CallSite>>,
    targets: &BTreeSet<FuncId>,
) -> Vec<Vec<FuncId>> {
    let mut edges: Vec<Vec<FuncId>> = vec![Vec::new(); pkg.funcs.len()];
    for (callee, sites) in call_sites {
        for site in sites {
            edges[site.caller.index()].push(*callee);
        }
    }
    for f in pkg.func_ids() {
        if let Some(parent) = pkg.func(f).parent.filter(|_| !targets.contains(&f)) {
            edges[parent.index()].push(f);
        }
    }
    edges
}

/// The contexts each function runs in: a goroutine's target and everything it calls (and
/// the closures it defines and does not start as goroutines); the spawner's roots are the
/// functions nobody in the package starts or calls, and exported ones, but not the
/// unexported ones nothing refers to at all.
pub(crate) fn func_contexts(
    pkg: &Package,
    call_sites: &HashMap<FuncId, Vec<CallSite>>,
    targets: &BTreeSet<FuncId>,
    contexts: &[ContextKind],
    unused: &HashSet<FuncId>,
) -> Vec<BTreeSet<ContextId>> {
    let n = pkg.funcs.len();
    let edges = run_edges(pkg, call_sites, targets);
    let mut out = vec![BTreeSet::new(); n];
    let reach = |start: Vec<FuncId>, ctx: ContextId, out: &mut Vec<BTreeSet<ContextId>>| {
        let mut stack = start;
        while let Some(f) = stack.pop() {
            crate::budget::spend(1);
            if out[f.index()].insert(ctx) {
                stack.extend(edges[f.index()].iter().copied());
            }
        }
    };
    // Functions nothing refers to never run: not roots.
    let roots: Vec<FuncId> = pkg
        .func_ids()
        .filter(|f| !unused.contains(f))
        .filter(|&f| {
            let func = pkg.func(f);
            let Some(name) = &func.name else { return false };
            let exported = name.starts_with(|c: char| c.is_uppercase());
            !targets.contains(&f) && (exported || name == "main" || !call_sites.contains_key(&f))
        })
        .collect();
    reach(roots, SPAWNER, &mut out);
    for (i, c) in contexts.iter().enumerate().skip(1) {
        if let ContextKind::Goroutine { target, foreign: None, .. } = c {
            reach(vec![*target], ContextId(i as u32), &mut out);
        }
    }
    out
}
