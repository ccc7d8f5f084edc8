//! The package's call graph: every call of one of its functions, by callee. The call of a
//! `go` statement starts a goroutine and is not a call edge, though it still binds its
//! arguments to the goroutine's parameters.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

/// A call of a package function.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallEdge {
    pub caller: FuncId,
    pub call: ExprId,
    /// The call of a `go` statement.
    pub spawn: bool,
}

/// Where a function is called from: the calling function and the call's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CallSite {
    pub caller: FuncId,
    pub at: u32,
}

#[derive(Clone)]
pub(crate) struct CallGraph {
    /// Every call of a package function, spawning ones included, by callee.
    pub calls: HashMap<FuncId, Vec<CallEdge>>,
    /// The calls that are call edges (not `go`), by callee.
    pub sites: HashMap<FuncId, Vec<CallSite>>,
    /// Functions named other than as the callee of a call (passed, stored, returned): the
    /// calls above are not all their callers.
    pub escaping: HashSet<FuncId>,
    /// Escaping functions only ever handed to Go code outside the package (`f.Fuzz(func(t
    /// *testing.T, b []byte) { ... })`), with the calls that take them: that code calls
    /// them.
    pub handed: HashMap<FuncId, Vec<ExprId>>,
}

impl CallGraph {
    pub fn new(pkg: &Package) -> CallGraph {
        let mut g = CallGraph {
            calls: HashMap::new(),
            sites: HashMap::new(),
            escaping: HashSet::new(),
            handed: HashMap::new(),
        };
        // `x := func(...) { ... }`: the uses of `x` name the literal, not its declaration.
        let inits: HashSet<ExprId> = pkg
            .bindings
            .iter()
            .filter_map(|b| match b.init {
                Some((e, 0)) if matches!(pkg.expr(e).kind, ExprKind::FuncLit(_)) => Some(e),
                _ => None,
            })
            .collect();
        let mut kept: HashSet<FuncId> = HashSet::new();
        for id in pkg.expr_ids() {
            if let Some(f) = named_uncalled(pkg, id).filter(|_| !inits.contains(&id)) {
                g.escaping.insert(f);
                match handed_to(pkg, id) {
                    Some(call) => g.handed.entry(f).or_default().push(call),
                    None => {
                        kept.insert(f);
                    }
                }
            }
            let ExprKind::Call { func, .. } = &pkg.expr(id).kind else { continue };
            let Some((f, _)) = pkg.callee_func(*func) else { continue };
            let spawn = matches!(pkg.expr(id).parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Go(_)));
            let Some(caller) = pkg.expr(id).owner else { continue };
            if !spawn {
                g.sites.entry(f).or_default().push(CallSite { caller, at: pkg.expr(id).span.start });
            }
            g.calls.entry(f).or_default().push(CallEdge { caller, call: id, spawn });
        }
        g.handed.retain(|f, _| !kept.contains(f));
        g
    }

    /// Whether the callers of `f` are all calls the package makes: it is not exported,
    /// has a body, and is never named other than as a callee.
    pub fn callers_known(&self, pkg: &Package, f: FuncId) -> bool {
        let func = pkg.func(f);
        !self.escaping.contains(&f)
            && func.has_body
            && !func.name.as_ref().is_some_and(|n| n.starts_with(char::is_uppercase))
    }

    /// The calls of `f`.
    pub fn calls_of(&self, f: FuncId) -> &[CallEdge] {
        self.calls.get(&f).map_or(&[], Vec::as_slice)
    }

    /// The argument a call passes for a parameter slot of `callee` (`None`: the receiver).
    pub fn argument(pkg: &Package, edge: &CallEdge, slot: Option<usize>, callee: FuncId) -> Option<ExprId> {
        let ExprKind::Call { func, args, .. } = &pkg.expr(edge.call).kind else { return None };
        match slot {
            None => match &pkg.expr(*func).kind {
                ExprKind::Selector { base, .. } => Some(*base),
                _ => None,
            },
            Some(i) => {
                let f = pkg.func(callee);
                // Every argument the variadic parameter absorbs; the first is enough to
                // find what the parameter may point at in the common one-buffer case.
                args.iter().enumerate().find(|(ai, _)| f.param_for_arg(*ai) == Some(i)).map(|(_, a)| *a)
            }
        }
    }
}

/// The function `id` names other than as the callee of a call (passed, stored, returned):
/// the calls the package shows are then not all its callers.
fn named_uncalled(pkg: &Package, id: ExprId) -> Option<FuncId> {
    let (f, _) = pkg.callee_func(id)?;
    let called = matches!(pkg.expr(id).parent, Parent::Expr(p) if matches!(&pkg.expr(p).kind,
        ExprKind::Call { func, .. } if *func == id));
    // The variable `x` in `x := func...` is declared there, not named.
    let declared = matches!(pkg.expr(id).parent, Parent::Stmt(s) if matches!(&pkg.stmt(s).kind,
        StmtKind::Assign { lhs, .. } if lhs.contains(&id)));
    (!called && !declared).then_some(f)
}

/// The call of Go code outside the package that `e` is an argument of.
fn handed_to(pkg: &Package, e: ExprId) -> Option<ExprId> {
    let Parent::Expr(p) = pkg.expr(e).parent else { return None };
    let ExprKind::Call { func, args, .. } = &pkg.expr(p).kind else { return None };
    let only_outside = outside_callee(pkg, *func).is_some_and(|o| o.behind.is_empty());
    (args.contains(&e) && only_outside).then_some(p)
}

/// A call of Go code outside the package, or of an interface method that code outside or
/// a method of the package may stand behind.
pub(crate) struct Outside<'p> {
    /// The receiver of a method call.
    pub receiver: Option<ExprId>,
    /// The methods of the package with the method's name.
    pub behind: &'p [FuncId],
}

/// Whether a callee expression is Go code outside the package: a function of an imported
/// package (`bytes.TrimSpace`), or a method of a value of a known type that is not one of
/// the package's (another package's type, an interface), not a field of function type.
pub(crate) fn outside_callee(pkg: &Package, func: ExprId) -> Option<Outside<'_>> {
    if pkg.callee_func(func).is_some() {
        return None;
    }
    let ExprKind::Selector { base, field } = &pkg.expr(func).kind else { return None };
    match pkg.resolve(*base) {
        Some(Resolved::Import(imp)) => (imp.path != "C").then_some(Outside { receiver: None, behind: &[] }),
        _ => {
            // A field of function type holds what the package stored.
            let ty = pkg.types.of(*base)?;
            pkg.find_field(ty, field)
                .is_none()
                .then(|| Outside { receiver: Some(*base), behind: pkg.methods.get(field).map_or(&[], Vec::as_slice) })
        }
    }
}

/// The function literals that only run in place, inside the function around them: called
/// where they are written (`func() { ... }()`, `defer func() { ... }()`), or held in a
/// variable that is only ever called (`match := func(i int) bool { ... }`), never started
/// as goroutines nor handed anywhere.
pub(crate) fn in_place_literals(pkg: &Package) -> HashSet<FuncId> {
    let called_here = |e: ExprId| match pkg.expr(e).parent {
        Parent::Expr(p) => {
            matches!(&pkg.expr(p).kind, ExprKind::Call { func, .. } if *func == e)
                && !matches!(pkg.expr(p).parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Go(_)))
        }
        _ => false,
    };
    let mut out = HashSet::new();
    let mut held: HashMap<ExprId, FuncId> = HashMap::new();
    for e in pkg.expr_ids() {
        if let ExprKind::FuncLit(g) = pkg.expr(e).kind {
            if called_here(e) {
                out.insert(g);
            } else {
                held.insert(e, g);
            }
        }
    }
    // `x := func...`: the literal is the whole value of a local variable.
    let mut vars: HashMap<BindingId, FuncId> = HashMap::new();
    for (i, b) in pkg.bindings.iter().enumerate() {
        if let (Some((init, 0)), Some(_)) = (b.init, b.owner) {
            if let Some(g) = held.get(&init) {
                vars.insert(BindingId(i as u32), *g);
            }
        }
    }
    for e in pkg.expr_ids() {
        if let ExprKind::Name { res: NameRes::Local(b), .. } = pkg.expr(e).kind {
            if vars.contains_key(&b) && !called_here(e) {
                vars.remove(&b);
            }
        }
    }
    out.extend(vars.into_values());
    out
}
