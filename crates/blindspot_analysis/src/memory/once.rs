//! `sync.Once`: the function passed to `o.Do` runs once, and before any `o.Do` call returns.
//! What it writes is therefore ordered before whatever follows a call of `o.Do`, in any
//! goroutine: the lazy-initialization idiom (`once.Do(init); use(table)`) is not a race.
//!
//! Without types, a `Once` is a variable declared `sync.Once` (or `*sync.Once`), or a field
//! of that type in one of the package's structs, by name.

use blindspot_go::hash::HashMap;
use blindspot_go::model::*;

use super::accesses::Access;

/// Which `Once` a `Do` call is on: a variable, or a field of a struct type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum OnceKey {
    Var(BindingId),
    /// A field: the struct type declaring it, and its name.
    Field(String, String),
}

/// The functions `Do` runs, and where each function has called `Do`.
#[derive(Default)]
pub(crate) struct OnceOrder {
    /// Function literals and functions passed to a `Once`'s `Do`.
    inits: HashMap<FuncId, Vec<OnceKey>>,
    /// For each function, the positions after which it has called `Do` on a `Once`
    /// (itself, or through a call of a function that does).
    after: HashMap<FuncId, Vec<(u32, OnceKey)>>,
}

impl OnceOrder {
    pub fn new(pkg: &Package) -> OnceOrder {
        let mut o = OnceOrder::default();
        // A `sync.Once`, also through an aliased import, or a pointer to one.
        let is_once = |e: ExprId, ty: &str| {
            pkg.type_is(pkg.expr(e).span.file, &TypeText(ty.to_string()), "sync", "Once").is_some()
        };
        let mut calls: Vec<(FuncId, FuncId, u32)> = Vec::new();
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            let ExprKind::Call { func, args, .. } = &e.kind else { continue };
            let Some(owner) = e.owner else { continue };
            // `go f()` and `defer f()` do not run `f` where they stand.
            if matches!(e.parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Go(_) | StmtKind::Defer(_))) {
                continue;
            }
            let once_do = match &pkg.expr(*func).kind {
                ExprKind::Selector { base, field } if field == "Do" && args.len() == 1 => Some(*base),
                _ => None,
            };
            let Some(base) = once_do else {
                if let Some((callee, false)) = pkg.callee_func(*func) {
                    calls.push((owner, callee, e.span.end));
                }
                continue;
            };
            // A `sync.Once` by its type: a variable, or a field of its struct type.
            if !pkg.types.of(base).is_some_and(|t| is_once(base, t)) {
                continue;
            }
            let key = match &pkg.expr(base).kind {
                ExprKind::Name { .. } => match pkg.resolve(base) {
                    Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) => OnceKey::Var(b),
                    _ => continue,
                },
                ExprKind::Selector { field, .. } => {
                    OnceKey::Field(pkg.field_owner(base).unwrap_or_default(), field.clone())
                }
                _ => continue,
            };
            let init = match pkg.expr(args[0]).kind {
                ExprKind::FuncLit(f) => Some(f),
                _ => pkg.callee_func(args[0]).map(|(f, _)| f),
            };
            if let Some(f) = init {
                o.inits.entry(f).or_default().push(key.clone());
            }
            o.after.entry(owner).or_default().push((e.span.end, key));
        }
        // A call of a function that calls `Do` has called it once the call returns (a getter
        // around `once.Do`), a few calls deep.
        for _ in 0..3 {
            let mut grew = false;
            for &(caller, callee, at) in &calls {
                let keys: Vec<OnceKey> = o.after.get(&callee).into_iter().flatten().map(|(_, k)| k.clone()).collect();
                for k in keys {
                    let list = o.after.entry(caller).or_default();
                    if !list.iter().any(|(p, q)| *p == at && *q == k) {
                        list.push((at, k));
                        grew = true;
                    }
                }
            }
            if !grew {
                break;
            }
        }
        o
    }

    /// Whether `a` runs inside a function some `Do` runs and `b` follows a call of that
    /// `Do` in its own function, or the other way round.
    pub fn ordered(&self, pkg: &Package, a: &Access, b: &Access) -> bool {
        self.init_before(pkg, a, b) || self.init_before(pkg, b, a)
    }

    /// The `Once`s whose `Do` runs `f`, or a function literal `f` is inside.
    fn once_keys(&self, pkg: &Package, f: FuncId) -> Option<&Vec<OnceKey>> {
        let mut f = Some(f);
        for _ in 0..4 {
            let g = f?;
            if let Some(k) = self.inits.get(&g) {
                return Some(k);
            }
            f = pkg.func(g).parent;
        }
        None
    }

    /// Whether an access is in a function `Do` runs (or a literal inside it): it runs once.
    pub fn runs_once(&self, pkg: &Package, a: &Access) -> bool {
        self.once_keys(pkg, a.func).is_some()
    }

    fn init_before(&self, pkg: &Package, init: &Access, later: &Access) -> bool {
        // The access is in the function `Do` runs, or in a literal inside it.
        let Some(keys) = self.once_keys(pkg, init.func) else { return false };
        // A `Do` call inside the access's own expression (`get()[0]`) comes first too.
        let end =
            if later.span.file == pkg.func(later.func).span.file { later.span.end.max(later.at) } else { later.at };
        self.after.get(&later.func).is_some_and(|list| list.iter().any(|(at, k)| *at <= end && keys.contains(k)))
    }
}
