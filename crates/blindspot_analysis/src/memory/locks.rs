//! Lock regions: where each function holds which mutex, from `X.Lock()` (or `RLock`) to the
//! next `X.Unlock()`, or to the end of the function when the unlock is deferred. A mutex is
//! named by a key that is the same in every method of a type.

use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::model::*;

/// One region of a function that holds a lock.
#[derive(Debug, Clone)]
struct Region {
    key: String,
    from: u32,
    to: u32,
}

/// A `Lock`, `RLock`, `Unlock` or `RUnlock` call.
struct LockCall {
    key: String,
    lock: bool,
    deferred: bool,
    at: u32,
}

pub(crate) struct LockRegions {
    regions: HashMap<FuncId, Vec<Region>>,
}

impl LockRegions {
    pub fn new(pkg: &Package) -> LockRegions {
        let mut calls: HashMap<FuncId, Vec<LockCall>> = HashMap::new();
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            let (Some(owner), ExprKind::Call { func, args, .. }) = (e.owner, &e.kind) else { continue };
            let ExprKind::Selector { base, field } = &pkg.expr(*func).kind else { continue };
            if !args.is_empty() {
                continue;
            }
            let lock = match field.as_str() {
                "Lock" | "RLock" => true,
                "Unlock" | "RUnlock" => false,
                _ => continue,
            };
            let deferred = matches!(e.parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Defer(_)));
            calls.entry(owner).or_default().push(LockCall {
                key: lock_key(pkg, *base),
                lock,
                deferred,
                at: e.span.start,
            });
        }
        let mut regions: HashMap<FuncId, Vec<Region>> = HashMap::new();
        for (f, mut cs) in calls {
            cs.sort_by_key(|c| c.at);
            let end = pkg.func(f).span.end;
            for (i, c) in cs.iter().enumerate() {
                if !c.lock {
                    continue;
                }
                let deferred_unlock = cs.iter().any(|u| !u.lock && u.deferred && u.key == c.key);
                let next_unlock = cs[i + 1..].iter().find(|u| !u.lock && !u.deferred && u.key == c.key).map(|u| u.at);
                let to = if deferred_unlock { end } else { next_unlock.unwrap_or(end) };
                regions.entry(f).or_default().push(Region { key: c.key.clone(), from: c.at, to });
            }
        }
        LockRegions { regions }
    }

    /// The keys of the locks function `f` holds at `at`, sorted.
    pub fn held(&self, f: FuncId, at: u32) -> Vec<String> {
        let mut out: Vec<String> = self
            .regions
            .get(&f)
            .into_iter()
            .flatten()
            .filter(|r| r.from < at && at < r.to)
            .map(|r| r.key.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The functions that take a lock.
    pub fn locking_funcs(&self) -> impl Iterator<Item = FuncId> + '_ {
        self.regions.keys().copied()
    }
}

/// A name for a mutex that is the same in every method of a type: the receiver's name is
/// replaced by its type (`s.mu` in `(*Server).a` and `srv.mu` in `(*Server).b` are both
/// `Server.mu`); an embedded mutex locked as `s.Lock()` is `Server`.
fn lock_key(pkg: &Package, base: ExprId) -> String {
    let receiver_type = |e: ExprId| -> Option<String> {
        let Some(Resolved::Local(b)) = pkg.resolve(e) else { return None };
        let binding = pkg.binding(b);
        if binding.kind != BindingKind::Receiver {
            return None;
        }
        pkg.func(binding.owner?).receiver.as_ref().map(|r| r.type_name.clone())
    };
    match &pkg.expr(base).kind {
        ExprKind::Name { .. } => receiver_type(base).unwrap_or_else(|| compact(pkg.text(pkg.expr(base).span))),
        ExprKind::Selector { base: inner, field } => match receiver_type(*inner) {
            Some(t) => format!("{t}.{field}"),
            None => compact(pkg.text(pkg.expr(base).span)),
        },
        _ => compact(pkg.text(pkg.expr(base).span)),
    }
}
