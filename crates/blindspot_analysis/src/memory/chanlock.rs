//! Channels used as mutexes: a field of channel type that only ever holds channels made
//! with a capacity of one (`memMu := make(chan *sharedMem, 1)`, stored as `memMu: memMu`),
//! on which a function sends only what it took out of the same field before
//! (`mem := <-wc.memMu` ... `defer func() { wc.memMu <- mem }()`). Such a channel holds one
//! token at most, so whoever holds it keeps everyone else out: the receive takes the lock
//! and the send back releases it (golang/go's `internal/fuzz` guards its shared memory
//! this way). A channel of larger capacity (a pool of several tokens) is not a mutex.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet};
use blindspot_go::model::*;

use super::FieldKey;

/// A receive that takes a channel lock, or a send that gives it back.
pub(crate) struct ChanLockCall {
    pub func: FuncId,
    pub key: String,
    pub lock: bool,
    /// A send in a function literal deferred by `func`: it releases when `func` returns.
    pub deferred: bool,
    pub at: u32,
}

/// The channel fields of the package that are mutexes, as (declaring struct, field), and
/// the functions that store a new such channel into each (where its one token may be put
/// in without being taken out first).
fn mutex_fields(pkg: &Package) -> (HashSet<FieldKey>, HashSet<(FuncId, FieldKey)>) {
    // Every value stored into each field: composite literal elements and assignments.
    let mut stores: HashMap<FieldKey, Vec<ExprId>> = HashMap::new();
    for id in pkg.expr_ids() {
        if let ExprKind::Composite { elems, ty } = &pkg.expr(id).kind {
            let written = (!ty.0.is_empty()).then(|| ty.as_str());
            for el in elems {
                if let Some(ElementKey::Name(f)) = &el.key {
                    if let Some(owner) = pkg.field_owner_in(written, f) {
                        stores.entry((owner, f.clone())).or_default().push(el.value);
                    }
                }
            }
        }
    }
    for sid in pkg.stmt_ids() {
        for (target, value) in pkg.assignments(sid) {
            if let Some(key) = field_key(pkg, target) {
                stores.entry(key).or_default().push(value);
            }
        }
    }
    let made_with_one = |e: ExprId| -> bool {
        let e = match &pkg.expr(e).kind {
            ExprKind::Name { .. } => match pkg.resolve(e) {
                Some(Resolved::Local(b)) => match pkg.binding(b).init {
                    Some((init, 0)) => init,
                    _ => return false,
                },
                _ => return false,
            },
            _ => e,
        };
        let ExprKind::Call { func, args, .. } = &pkg.expr(e).kind else { return false };
        pkg.is_builtin(*func, "make")
            && args.len() == 2
            && pkg.text(pkg.expr(args[0]).span).trim_start().starts_with("chan")
            && pkg.text(pkg.expr(args[1]).span).trim() == "1"
    };
    // The fields a new channel of capacity one is stored into, and the fields holding what
    // such fields hold, transitively: the only ones that can be mutexes.
    let mut grounded: HashSet<FieldKey> =
        stores.iter().filter(|(_, vs)| vs.iter().any(|&v| made_with_one(v))).map(|(k, _)| k.clone()).collect();
    loop {
        let before = grounded.len();
        let more: Vec<FieldKey> = stores
            .iter()
            .filter(|(k, vs)| {
                !grounded.contains(*k) && vs.iter().any(|&v| field_key(pkg, v).is_some_and(|f| grounded.contains(&f)))
            })
            .map(|(k, _)| k.clone())
            .collect();
        grounded.extend(more);
        if grounded.len() == before {
            break;
        }
    }
    // Of those, the greatest set whose every store is a channel made with capacity one, or
    // another such field.
    let mut set: HashSet<FieldKey> = grounded;
    loop {
        let before = set.len();
        let keep: HashSet<FieldKey> = set
            .iter()
            .filter(|k| {
                stores[*k].iter().all(|&v| made_with_one(v) || field_key(pkg, v).is_some_and(|f| set.contains(&f)))
            })
            .cloned()
            .collect();
        set = keep;
        if set.len() == before {
            break;
        }
    }
    let makers: HashSet<(FuncId, FieldKey)> = stores
        .iter()
        .filter(|(k, _)| set.contains(*k))
        .flat_map(|(k, vs)| {
            vs.iter().filter(|&&v| made_with_one(v)).filter_map(|&v| pkg.expr(v).owner).map(move |f| (f, k.clone()))
        })
        .collect();
    (set, makers)
}

/// `x.f` as (declaring struct, field).
fn field_key(pkg: &Package, e: ExprId) -> Option<FieldKey> {
    let ExprKind::Selector { field, .. } = &pkg.expr(e).kind else { return None };
    Some((pkg.field_owner(e)?, field.clone()))
}

/// The function literals a `defer` calls (`defer func() { ... }()`).
fn deferred_literals(pkg: &Package) -> HashSet<FuncId> {
    pkg.stmts
        .iter()
        .filter_map(|st| {
            let StmtKind::Defer(call) = st.kind else { return None };
            let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
            match pkg.expr(*func).kind {
                ExprKind::FuncLit(f) => Some(f),
                _ => None,
            }
        })
        .collect()
}

/// Every receive from a mutex channel field that its function gives back, and every send
/// to one, as lock and unlock calls. A field on which some function sends without having
/// received from it first (a second token put in), other than the function that makes the
/// channel, is no mutex.
pub(crate) fn calls(pkg: &Package) -> Vec<ChanLockCall> {
    let (mut fields, makers) = mutex_fields(pkg);
    if fields.is_empty() {
        return Vec::new();
    }
    let key = |(owner, field): &FieldKey| format!("{owner}.{field} (chan)");
    let mut receives: Vec<(FuncId, FieldKey, u32)> = Vec::new();
    for id in pkg.expr_ids() {
        let e = pkg.expr(id);
        let (ExprKind::Unary { op: UnaryOp::Recv, operand }, Some(owner)) = (&e.kind, e.owner) else { continue };
        if let Some(k) = field_key(pkg, *operand).filter(|k| fields.contains(k)) {
            receives.push((owner, k, e.span.start));
        }
    }
    let deferred_lits = deferred_literals(pkg);
    let mut sends: Vec<(FuncId, FieldKey, u32, bool)> = Vec::new();
    for st in &pkg.stmts {
        let (StmtKind::Send { chan, .. }, Some(owner)) = (&st.kind, st.owner) else { continue };
        let Some(k) = field_key(pkg, *chan).filter(|k| fields.contains(k)) else { continue };
        // A send in a deferred literal gives back what its deferring function took.
        let parent = pkg.func(owner).parent.filter(|_| deferred_lits.contains(&owner));
        let (func, at, deferred) = match parent {
            Some(parent) => (parent, pkg.func(parent).span.end, true),
            None => (owner, st.span.start, false),
        };
        sends.push((func, k, at, deferred));
    }
    for (func, k, at, _) in &sends {
        let returned = receives.iter().any(|(f, rk, r)| f == func && rk == k && r < at);
        // The function that makes the channel puts its one token in.
        let filled = makers.contains(&(*func, k.clone()));
        if !returned && !filled {
            fields.remove(k);
        }
    }
    // Only a receive the function gives back (a send on the same field after it, or
    // deferred) takes the lock: a receive kept (`<-s.sigs` of a signal channel, a result)
    // is not a lock, whatever the channel.
    let gives_back = |func: FuncId, k: &FieldKey, at: u32| {
        sends.iter().any(|(f, sk, s, deferred)| *f == func && sk == k && (*deferred || *s > at))
    };
    let mut out: Vec<ChanLockCall> = receives
        .into_iter()
        .filter(|(func, k, at)| fields.contains(k) && gives_back(*func, k, *at))
        .map(|(func, k, at)| ChanLockCall { func, key: key(&k), lock: true, deferred: false, at })
        .collect();
    out.extend(sends.into_iter().filter(|(_, k, ..)| fields.contains(k)).map(|(func, k, at, deferred)| ChanLockCall {
        func,
        key: key(&k),
        lock: false,
        deferred,
        at,
    }));
    out
}
