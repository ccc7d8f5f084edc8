//! Happens-before: whether an access cannot overlap a goroutine. Within the spawner, an
//! access before the `go` statement (outside its loop) or after a join (`.Wait()`, a
//! receive, the body of a `range` over a channel) is ordered with it, seen through the
//! callers of the spawning function; a handoff (an access followed by a send or `close` in
//! the same iteration) orders it before what the receiver does after the receive; a
//! goroutine started after another's join is ordered after it.

use std::collections::BTreeSet;

use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::model::*;

use super::contexts::{func_contexts, ContextId, ContextKind, SPAWNER};
use super::sync::{innermost_loop, SyncPoints};
use super::{Access, MemoryModel};

/// Which contexts each function runs in, and where goroutines are joined: computed once,
/// when a question about order is first asked.
pub(crate) struct Schedule {
    /// The contexts each function runs in, by function.
    pub func_contexts: Vec<BTreeSet<ContextId>>,
    pub sync: SyncPoints,
    /// For each goroutine context: the position in its spawner of the first join after the
    /// `go` statement on every path (not in the body of an `if` that returns).
    joins: HashMap<ContextId, u32>,
    /// Joins before that one in bodies of `if`s that return, each with the body: they order
    /// only what follows them in the body.
    early_joins: HashMap<ContextId, Vec<(u32, Span)>>,
    /// Bodies of `if`s that return.
    exits: super::exits::EarlyExits,
    /// Goroutines their spawner waits for on every path before returning
    /// (`scoped::joined_before_return`), each with the functions that may run during the
    /// spawner's call: the spawner and what it calls, transitively.
    scoped: HashMap<ContextId, std::collections::HashSet<FuncId>>,
}

impl Schedule {
    pub fn new(pkg: &Package, model: &MemoryModel) -> Schedule {
        let sync = SyncPoints::new(pkg);
        let mut joins = HashMap::new();
        let mut early_joins: HashMap<ContextId, Vec<(u32, Span)>> = HashMap::new();
        let exits = super::exits::EarlyExits::new(pkg);
        let mut scoped = HashMap::new();
        let mut callees: Option<HashMap<FuncId, Vec<FuncId>>> = None;
        let mut by_owner: Option<super::scoped::ByOwner> = None;
        for (i, c) in model.contexts.iter().enumerate() {
            let ContextKind::Goroutine { spawn, spawner: Some(s), target, foreign: None, .. } = c else { continue };
            let by = by_owner.get_or_insert_with(|| super::scoped::ByOwner::new(pkg));
            if super::scoped::joined_before_return(pkg, by, *spawn, *s, *target) {
                let callees = callees.get_or_insert_with(|| {
                    let mut out: HashMap<FuncId, Vec<FuncId>> = HashMap::new();
                    for (callee, sites) in &model.calls.sites {
                        for site in sites {
                            out.entry(site.caller).or_default().push(*callee);
                        }
                    }
                    out
                });
                if let Some(during) = super::scoped::reachable(*s, callees) {
                    scoped.insert(ContextId(i as u32), during);
                }
            }
            let Some(points) = sync.joins.get(s) else { continue };
            let k = points.partition_point(|&p| p <= spawn.end);
            for &j in &points[k..] {
                match exits.body(spawn.file, j, spawn.start) {
                    Some(body) => early_joins.entry(ContextId(i as u32)).or_default().push((j, body)),
                    None => {
                        joins.insert(ContextId(i as u32), j);
                        break;
                    }
                }
            }
        }
        let func_contexts =
            func_contexts(pkg, &model.calls.sites, &model.spawn_targets, &model.contexts, &model.unused_funcs);
        Schedule { func_contexts, sync, joins, early_joins, exits, scoped }
    }

    /// Whether goroutine `g` is joined by its spawner.
    pub fn joined(&self, g: ContextId) -> bool {
        self.joins.contains_key(&g)
    }
}

/// Where an access stands relative to a goroutine, seen from the innermost function that
/// holds both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Order {
    /// Before its `go` statement (and not in the loop that starts it again).
    pub before: bool,
    /// After its join.
    pub after_join: bool,
}

impl MemoryModel {
    /// The position an access has in `spawner`'s body: its own offset when it is there
    /// (or in a closure defined there), else the range of its function's call sites when
    /// they are all in `spawner`.
    ///
    /// Call sites in the goroutine's own function (`goroutine`) are not the spawner's: a
    /// helper both call runs in the spawner only where the spawner calls it.
    fn position_in(
        &self,
        pkg: &Package,
        func: FuncId,
        at: u32,
        spawner: FuncId,
        goroutine: FuncId,
    ) -> Option<(u32, u32)> {
        let (mut f, mut at) = (func, at);
        for _ in 0..8 {
            if f == spawner {
                return Some((at, at));
            }
            let func = pkg.func(f);
            if let Some(parent) = func.parent {
                at = func.span.start;
                f = parent;
                continue;
            }
            let sites: Vec<_> = self.calls.sites.get(&f)?.iter().filter(|s| s.caller != goroutine).collect();
            if !sites.is_empty() && sites.iter().all(|s| s.caller == spawner) {
                let lo = sites.iter().map(|s| s.at).min()?;
                let hi = sites.iter().map(|s| s.at).max()?;
                return Some((lo, hi));
            }
            return None;
        }
        None
    }

    /// Whether a spawner access cannot overlap goroutine `g`: it is done before the `go`
    /// statement, or after a join that follows it. When the access is in a caller of the
    /// spawning function, the call stands for the `go` statement, and if the spawner joins
    /// the goroutine before returning, everything after the call follows the join.
    ///
    /// A goroutine its spawner waits for on every path lives within one call of the
    /// spawner: an access in a function the spawner never calls (directly or not) runs
    /// before or after that call, in the spawning goroutine.
    pub(crate) fn ordered_with(&self, pkg: &Package, a: &Access, g: ContextId) -> bool {
        match self.order(pkg, a.func, a.at, g) {
            Some(o) => o.before || o.after_join,
            None => self.outside_scoped(pkg, a.func, g),
        }
    }

    /// Whether `g` is a scoped goroutine and `f` is not its spawner nor called from it.
    fn outside_scoped(&self, pkg: &Package, f: FuncId, g: ContextId) -> bool {
        self.schedule(pkg).scoped.get(&g).is_some_and(|during| !during.contains(&f))
    }

    /// Where an access at `at` in `func` stands relative to goroutine `g`; `None` when no
    /// function holds both.
    pub(crate) fn order(&self, pkg: &Package, func: FuncId, at: u32, g: ContextId) -> Option<Order> {
        let key = (func, at, g);
        if let Some(hit) = self.order_cache.borrow().get(&key) {
            return *hit;
        }
        let result = self.order_uncached(pkg, func, at, g);
        self.order_cache.borrow_mut().insert(key, result);
        result
    }

    fn order_uncached(&self, pkg: &Package, func: FuncId, at: u32, g: ContextId) -> Option<Order> {
        let ContextKind::Goroutine { spawn, spawner: Some(s), target, .. } = self.context(g) else { return None };
        let schedule = self.schedule(pkg);
        let (mut frame, mut go_at, mut join) = (*s, *spawn, schedule.joins.get(&g).copied());
        for _ in 0..6 {
            if let Some((lo, hi)) = self.position_in(pkg, func, at, frame, *target) {
                // Code before the `go` in the same loop runs again while the goroutines of
                // earlier iterations are running.
                let shares_loop = pkg.loops.iter().any(|l| {
                    l.file == go_at.file && l.start <= go_at.start && go_at.end <= l.end && l.start <= lo && hi <= l.end
                });
                // The arguments of the `go` call are evaluated before the goroutine starts.
                let in_arguments = go_at.start <= lo && hi < go_at.end && pkg.func(func).parent.is_none();
                let before = (hi < go_at.start || in_arguments) && !shares_loop;
                let early = || {
                    schedule.early_joins.get(&g).is_some_and(|js| {
                        js.iter().any(|(j, body)| *j < lo && body.file == go_at.file && lo < body.end)
                    })
                };
                let after_join = join.is_some_and(|j| lo > j) || frame == *s && early();
                return Some(Order { before, after_join });
            }
            let sites = self.calls.sites.get(&frame)?;
            let caller = sites.first().map(|s| s.caller);
            if sites.is_empty() || sites.iter().any(|s| Some(s.caller) != caller) {
                return None;
            }
            let lo = sites.iter().map(|s| s.at).min().unwrap_or(0);
            let hi = sites.iter().map(|s| s.at).max().unwrap_or(0);
            go_at = Span { file: pkg.func(caller.unwrap_or(frame)).span.file, start: lo, end: hi + 1 };
            // A join of the goroutine in the spawner, or else one in the caller after the
            // call, orders what follows.
            join = match join {
                Some(_) => Some(hi),
                None => caller.and_then(|c| schedule.sync.joins.get(&c)?.iter().find(|&&j| j > hi).copied()),
            };
            frame = caller.unwrap_or(frame);
        }
        None
    }

    /// Whether one goroutine is started only after the other was joined: the spawn point
    /// of one, seen from the other's spawner, lies after the other's join.
    pub(crate) fn goroutines_ordered(&self, pkg: &Package, ca: ContextId, cb: ContextId) -> bool {
        let after = |first: ContextId, second: ContextId| match self.context(second) {
            ContextKind::Goroutine { spawn, spawner: Some(s), .. } => {
                self.order(pkg, *s, spawn.start, first).is_some_and(|o| o.after_join)
            }
            _ => false,
        };
        ca != SPAWNER && cb != SPAWNER && (after(ca, cb) || after(cb, ca))
    }

    /// Whether an access comes after a receive in its function (or its only caller's).
    pub(crate) fn after_receive(&self, pkg: &Package, a: &Access) -> bool {
        let schedule = self.schedule(pkg);
        let sync = &schedule.sync;
        let (mut f, mut at) = (a.func, a.at);
        for _ in 0..4 {
            let in_range = sync.channel_loops.get(&f).is_some_and(|ls| ls.iter().any(|l| l.start <= at && at < l.end));
            // A receive in the body of an `if` that returns orders only the rest of that body.
            let file = pkg.func(f).span.file;
            let after_recv = sync
                .receives
                .get(&f)
                .is_some_and(|r| r.iter().take_while(|&&r| r <= at).any(|&r| !schedule.exits.exits(file, r, at)));
            if in_range || after_recv {
                return true;
            }
            let Some(sites) = self.calls.sites.get(&f) else { return false };
            match sites.as_slice() {
                [site] => (f, at) = (site.caller, site.at),
                _ => return false,
            }
        }
        false
    }

    /// An access followed, in its function and loop iteration, by a send on a channel: the
    /// memory is handed over and the receiver's later accesses are ordered after it.
    pub(crate) fn handed_off(&self, pkg: &Package, a: &Access) -> bool {
        let Some(sends) = self.schedule(pkg).sync.sends.get(&a.func) else { return false };
        let key = (a.func, a.at);
        if let Some(hit) = self.handoff_cache.borrow().get(&key) {
            return *hit;
        }
        // `at` is an offset in `func` (the call through which a helper in another file
        // reaches the memory), not in the file of the access's own span.
        let lp = innermost_loop(pkg, pkg.func(a.func).span.file, a.at);
        let result = sends.iter().any(|(pos, l)| *pos > a.at && *l == lp);
        self.handoff_cache.borrow_mut().insert(key, result);
        result
    }
}
