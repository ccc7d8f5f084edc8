//! Lock regions: where each function holds which mutex, from `X.Lock()` (or `RLock`) to the
//! next `X.Unlock()` (or `RUnlock`), or to the end of the function when the unlock is
//! deferred. A mutex is named by a key that is the same in every method of a type; a mutex
//! held only for reading (`RLock`) has the key with [`READ`] after it, since readers do not
//! keep each other out ([`exclude`]).

use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::model::*;

/// What a lock key held only for reading ends with: `Store.mu (read)`.
pub(crate) const READ: &str = " (read)";

/// Whether two accesses holding `a` and `b` keep each other out: they share a mutex that at
/// least one of them holds for writing. Two `RLock`s of a `sync.RWMutex` do not: a write
/// made under a read lock races with every other access made under it.
pub(crate) fn exclude(a: &[String], b: &[String]) -> bool {
    a.iter().any(|ka| {
        let (base_a, read_a) = ka.strip_suffix(READ).map_or((ka.as_str(), false), |k| (k, true));
        b.iter().any(|kb| {
            let (base_b, read_b) = kb.strip_suffix(READ).map_or((kb.as_str(), false), |k| (k, true));
            base_a == base_b && !(read_a && read_b)
        })
    })
}

/// One region of a function that holds a lock.
#[derive(Debug, Clone)]
struct Region {
    key: String,
    /// Held for reading only (`RLock`).
    read: bool,
    from: u32,
    to: u32,
}

/// A `Lock`, `RLock`, `Unlock` or `RUnlock` call.
struct LockCall {
    key: String,
    lock: bool,
    /// `RLock` or `RUnlock`.
    read: bool,
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
            let (lock, read) = match field.as_str() {
                "Lock" => (true, false),
                "RLock" => (true, true),
                "Unlock" => (false, false),
                "RUnlock" => (false, true),
                _ => continue,
            };
            let deferred = matches!(e.parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Defer(_)));
            calls.entry(owner).or_default().push(LockCall {
                key: lock_key(pkg, *base),
                lock,
                read,
                deferred,
                at: e.span.start,
            });
        }
        // An unlock in the body of an `if` that returns after it (`if fn == nil {
        // mu.Unlock(); return }`) ends the region only on that early exit: the code after
        // the `if` still holds the lock. Asked only of functions that lock.
        // Channels used as mutexes: the receive locks, the send back unlocks.
        for c in super::chanlock::calls(pkg) {
            calls.entry(c.func).or_default().push(LockCall {
                key: c.key,
                lock: c.lock,
                read: false,
                deferred: c.deferred,
                at: c.at,
            });
        }
        let exits = (!calls.is_empty()).then(|| super::exits::EarlyExits::new(pkg));
        let early_exit =
            |at: u32, lock_at: u32, file: FileId| exits.as_ref().is_some_and(|e| e.exits(file, at, lock_at));
        let mut regions: HashMap<FuncId, Vec<Region>> = HashMap::new();
        for (f, mut cs) in calls {
            let file = pkg.func(f).span.file;
            cs.sort_by_key(|c| c.at);
            let end = pkg.func(f).span.end;
            for (i, c) in cs.iter().enumerate() {
                if !c.lock {
                    continue;
                }
                // `RUnlock` ends what `RLock` began, `Unlock` what `Lock` began.
                let ends = |u: &&LockCall| !u.lock && u.key == c.key && u.read == c.read;
                let deferred_unlock = cs.iter().filter(ends).any(|u| u.deferred);
                let next_unlock = cs[i + 1..]
                    .iter()
                    .filter(ends)
                    .find(|u| !u.deferred && !early_exit(u.at, c.at, file))
                    .map(|u| u.at);
                let to = if deferred_unlock { end } else { next_unlock.unwrap_or(end) };
                regions.entry(f).or_default().push(Region { key: c.key.clone(), read: c.read, from: c.at, to });
            }
        }
        LockRegions { regions }
    }

    /// The keys of the locks function `f` holds at `at`, sorted; one held only for reading
    /// ends with [`READ`].
    pub fn held(&self, f: FuncId, at: u32) -> Vec<String> {
        let mut out: Vec<String> = self
            .regions
            .get(&f)
            .into_iter()
            .flatten()
            .filter(|r| r.from < at && at < r.to)
            .map(|r| if r.read { format!("{}{READ}", r.key) } else { r.key.clone() })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The locks `f` takes or releases itself.
    pub fn own_keys(&self, f: FuncId) -> Vec<&str> {
        self.regions.get(&f).into_iter().flatten().map(|r| r.key.as_str()).collect()
    }

    /// Whether any function of the package takes a lock.
    pub fn any(&self) -> bool {
        !self.regions.is_empty()
    }

    /// The functions that take a lock.
    pub fn locking_funcs(&self) -> impl Iterator<Item = FuncId> + '_ {
        self.regions.keys().copied()
    }
}

/// A name for a mutex that is the same in every method of a type: the receiver's name is
/// replaced by its type (`s.mu` in `(*Server).a` and `srv.mu` in `(*Server).b` are both
/// `Server.mu`); an embedded mutex locked as `s.Lock()` is `Server`. So is a package-level
/// variable's (`cache.mu` with `var cache = &Server{}`), which methods lock as `s.mu`.
fn lock_key(pkg: &Package, base: ExprId) -> String {
    let receiver_type = |e: ExprId| -> Option<String> {
        match pkg.resolve(e) {
            Some(Resolved::Local(b)) => {
                let binding = pkg.binding(b);
                if binding.kind != BindingKind::Receiver {
                    return None;
                }
                pkg.func(binding.owner?).receiver.as_ref().map(|r| r.type_name.clone())
            }
            // A package-level variable of one of the package's named types.
            Some(Resolved::Global(Global::Var(b))) => {
                let ty = pkg.types.of_binding(b)?;
                let name = ty.strip_prefix('*').unwrap_or(ty);
                let named = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
                named.then(|| name.to_string())
            }
            _ => None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ks: &[&str]) -> Vec<String> {
        ks.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn readers_do_not_keep_each_other_out() {
        let read = format!("Table.mu{READ}");
        assert!(exclude(&keys(&["Table.mu"]), &keys(&["Table.mu"])));
        assert!(exclude(&keys(&["Table.mu"]), &keys(&[&read])), "Lock keeps RLock out");
        assert!(exclude(&keys(&[&read]), &keys(&["Table.mu"])));
        assert!(!exclude(&keys(&[&read]), &keys(&[&read])), "two RLocks hold it together");
        assert!(exclude(&keys(&[&read, "other"]), &keys(&[&read, "other"])), "a second, exclusive lock");
        assert!(!exclude(&keys(&["Table.mu"]), &keys(&["Index.mu"])));
        assert!(!exclude(&[], &keys(&["Table.mu"])));
    }
}
