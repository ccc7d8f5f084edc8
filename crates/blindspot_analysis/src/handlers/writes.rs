//! The unsynchronized writes of handlers to shared state, each with an access that may run
//! at the same time: for a signal receiver, one another goroutine makes unordered with the
//! receiver; for finalizers, cleanups and callbacks, any access outside the handler's code.

use std::collections::BTreeSet;

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::code::{calls_by_func, handler_code, Calls, Frame};
use super::state::StateIndex;
use super::{Handler, HandlerKind, HandlerWrite, State, StateAccess};
use crate::memory::{ContextId, MemoryModel, SPAWNER};

/// A cap on the ordering questions asked per access.
const ORDER_BUDGET: u32 = 64;
/// How many enclosing function literals a use of a captured variable is followed out of.
const MAX_NESTING: usize = 64;

/// The handlers' unsynchronized writes to shared state, in source order.
pub(super) fn unsynchronized(model: &MemoryModel, pkg: &Package, handlers: &[Handler]) -> Vec<HandlerWrite> {
    Writes { model, pkg }.find(handlers)
}

struct Writes<'a> {
    model: &'a MemoryModel,
    pkg: &'a Package,
}

impl Writes<'_> {
    fn find(&self, handlers: &[Handler]) -> Vec<HandlerWrite> {
        let (pkg, locks) = (self.pkg, &self.model.locks);
        let index = StateIndex::new(pkg);
        let calls = calls_by_func(pkg);
        let mut out: Vec<HandlerWrite> = Vec::new();
        let mut seen: HashSet<(HandlerKind, State, FuncId)> = HashSet::new();
        let finalizer_only = finalizer_only(pkg, handlers, &calls, locks);
        let c_callers = c_callers(pkg);
        let finalizers = handlers.iter().any(|h| h.kind == HandlerKind::Finalizer);
        let last_uses = if finalizers { last_uses(pkg) } else { HashMap::new() };
        let program = super::program::ProgramStart::find(pkg, self.model, handlers, &calls);
        for (hi, h) in handlers.iter().enumerate() {
            let code = handler_code(pkg, h, &calls, locks);
            let registration =
                if h.kind == HandlerKind::Finalizer { registration_points(h, &calls) } else { HashMap::new() };
            let code_funcs: HashSet<FuncId> = code.iter().map(|c| c.func).collect();
            let synchronous = synchronous_contexts(self.model, pkg, h, &c_callers);
            for frame in &code {
                for (state, w) in index.writes.get(&frame.func).into_iter().flatten() {
                    let state = &frame_state(pkg, frame, state, w);
                    let inside = frame.range.is_none_or(|(lo, hi)| lo <= w.span.start && w.span.end <= hi)
                        && frame.runs(w.span.start);
                    if !inside || !locks.held(w.func, w.span.start).is_empty() {
                        continue;
                    }
                    // One finding per state and function for each kind of handler.
                    let key = (h.kind, state.clone(), w.func);
                    if seen.contains(&key) || !shared(pkg, h, frame, state, w, &code_funcs) {
                        continue;
                    }
                    let others = &index.touching(state);
                    let other = match (h.kind, &synchronous) {
                        (HandlerKind::Signal, _) => self.signal_conflict(h, frame, w, others),
                        (HandlerKind::Export, Some(runs_in)) => {
                            self.synchronous_conflict(runs_in, w, others, &code_funcs)
                        }
                        // Finalizers run one after another on the one finalizer goroutine:
                        // code only finalizers run is in order with them.
                        // An access followed by another use of the value it is reached
                        // through (`runtime.KeepAlive` or any other) keeps the object
                        // reachable, so the finalizer away, until then. An access through
                        // a copy of the struct is not to the finalized object.
                        // A field read before the registration (in the registering function
                        // or its callers) is of an object whose finalizer does not exist yet;
                        // package state is not: earlier objects' finalizers may be running.
                        (HandlerKind::Finalizer, _) => {
                            let others: Vec<StateAccess> = others
                                .iter()
                                .filter(|a| {
                                    let field_before = matches!(state, State::Field { .. })
                                        && registration.get(&a.func).is_some_and(|&at| {
                                            a.span.file == pkg.func(a.func).span.file && a.span.end <= at
                                        });
                                    !(finalizer_only.contains(&a.func)
                                        || kept_alive(&last_uses, a)
                                        || field_before
                                        || of_a_copy(pkg, state, a))
                                })
                                .cloned()
                                .collect();
                            outside_conflict(pkg, w, &others, &code_funcs)
                        }
                        // What the callback that starts the program writes before it does is
                        // ordered before everything the program does.
                        (HandlerKind::Export, None) if program.is_some() => {
                            let p = program.as_ref().expect("checked");
                            let others: Vec<StateAccess> = others.iter().filter(|a| !p.before(w, a)).cloned().collect();
                            outside_conflict(pkg, w, &others, &code_funcs)
                        }
                        _ => outside_conflict(pkg, w, others, &code_funcs),
                    };
                    // Callbacks that C threads may run race with themselves; the others need
                    // a counterpart.
                    // The callback that starts the program is its entry, called once.
                    let starts_program = program.as_ref().is_some_and(|p| p.starts(h.entry));
                    if other.is_none() && (h.kind != HandlerKind::Export || synchronous.is_some() || starts_program) {
                        continue;
                    }
                    seen.insert(key);
                    out.push(HandlerWrite {
                        handler: hi,
                        state: state.clone(),
                        write: w.clone(),
                        via: frame.via.clone(),
                        other,
                    });
                }
            }
        }
        out.sort_by_key(|w| (w.write.span, w.handler));
        out
    }

    /// An access made outside the callback's code by a goroutine other than those whose C
    /// calls run a synchronous callback (`runs_in`): the callback runs in order with the
    /// goroutine that called C, and at the same time as the others.
    fn synchronous_conflict(
        &self,
        runs_in: &BTreeSet<ContextId>,
        w: &StateAccess,
        others: &[StateAccess],
        code: &HashSet<FuncId>,
    ) -> Option<StateAccess> {
        let (pkg, model) = (self.pkg, self.model);
        let schedule = model.schedule(pkg);
        let concurrent = |a: &&StateAccess| {
            !code.contains(&a.func)
                && !is_init(pkg, a.func)
                && schedule.func_contexts[a.func.index()].iter().any(|c| !runs_in.contains(c))
        };
        pick(others.iter().filter(concurrent), w)
    }

    /// An access another goroutine may make while the signal receiver writes.
    fn signal_conflict(
        &self,
        h: &Handler,
        frame: &Frame,
        w: &StateAccess,
        others: &[StateAccess],
    ) -> Option<StateAccess> {
        let (pkg, model) = (self.pkg, self.model);
        let schedule = model.schedule(pkg);
        let contexts = |f: FuncId| -> &BTreeSet<ContextId> { &schedule.func_contexts[f.index()] };
        let conflicts = |a: &StateAccess| -> bool {
            if is_init(pkg, a.func) {
                return false;
            }
            match h.goroutine {
                Some(g) => contexts(a.func).iter().any(|&c| {
                    if c == g {
                        false
                    } else if c == SPAWNER {
                        let mut budget = ORDER_BUDGET;
                        !self.spawner_ordered(a.func, a.span.start, g, &mut budget)
                    } else {
                        !model.goroutines_ordered(pkg, c, g)
                    }
                }),
                // The spawner itself receives: its goroutines run meanwhile.
                None => contexts(a.func).iter().any(|&c| c != SPAWNER),
            }
        };
        if h.goroutine.is_none() {
            // A join between the receive and the write orders it after the goroutines.
            let at = frame.entry_at.unwrap_or(w.span.start);
            // Not one in a branch that does not run after the signal.
            let skipped = |j: u32| h.skipped.iter().any(|&(lo, hi)| lo <= j && j < hi);
            let joined = schedule
                .sync
                .joins
                .get(&h.entry)
                .is_some_and(|js| js.iter().any(|&j| h.region.0 < j && j < at && !skipped(j)));
            if joined {
                return None;
            }
        }
        pick(others.iter().filter(|a| conflicts(a)), w)
    }

    /// Whether a spawner access at `at` in `f` is ordered with goroutine `g`: before its
    /// `go` statement or after its join, seen through the calls that lead to it (those made
    /// from `g` itself aside).
    fn spawner_ordered(&self, f: FuncId, at: u32, g: ContextId, budget: &mut u32) -> bool {
        let (pkg, model) = (self.pkg, self.model);
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some(o) = model.order(pkg, f, at, g) {
            return o.before || o.after_join;
        }
        if let Some(parent) = pkg.func(f).parent {
            return self.spawner_ordered(parent, pkg.func(f).span.start, g, budget);
        }
        let only_in_g = |c: FuncId| model.func_contexts(pkg)[c.index()].iter().all(|&x| x == g);
        let Some(sites) = model.calls.sites.get(&f) else { return false };
        let sites: Vec<(FuncId, u32)> =
            sites.iter().filter(|s| !only_in_g(s.caller)).map(|s| (s.caller, s.at)).collect();
        !sites.is_empty() && sites.iter().all(|&(c, pos)| self.spawner_ordered(c, pos, g, budget))
    }
}

/// The functions only finalizers run: in the code of a `runtime.SetFinalizer` handler, and
/// called from nowhere else (a finalizer's function literal; a helper only finalizers call).
fn finalizer_only(
    pkg: &Package,
    handlers: &[Handler],
    calls: &super::code::Calls,
    locks: &crate::memory::LockRegions,
) -> HashSet<FuncId> {
    let mut code: HashSet<FuncId> = HashSet::new();
    for h in handlers.iter().filter(|h| h.kind == HandlerKind::Finalizer) {
        code.extend(handler_code(pkg, h, calls, locks).iter().map(|f| f.func));
    }
    if code.is_empty() {
        return code;
    }
    let entries: HashSet<FuncId> =
        handlers.iter().filter(|h| h.kind == HandlerKind::Finalizer).map(|h| h.entry).collect();
    // A finalizer's literal appears where it is registered; that is not a call.
    let called_elsewhere: HashSet<FuncId> = calls
        .iter()
        .filter(|(caller, _)| !code.contains(*caller))
        .flat_map(|(_, cs)| cs.iter().filter(|c| !(c.literal && entries.contains(&c.callee))).map(|c| c.callee))
        .collect();
    // A function registered as a finalizer and also called directly runs elsewhere too.
    code.retain(|f| !called_elsewhere.contains(f));
    code
}

/// For a callback the package's C runs only within C calls made from Go
/// (`Package::synchronous_callbacks`): the goroutines of the Go functions that make those
/// calls, which the callback runs in. `None` for any other handler.
fn synchronous_contexts(
    model: &MemoryModel,
    pkg: &Package,
    h: &Handler,
    c_callers: &HashMap<&str, Vec<FuncId>>,
) -> Option<BTreeSet<ContextId>> {
    if h.kind != HandlerKind::Export {
        return None;
    }
    let through = pkg.synchronous_callbacks.get(&h.entry)?;
    let schedule = model.schedule(pkg);
    let callers = through.iter().flat_map(|c| c_callers.get(c.as_str())).flatten();
    Some(callers.flat_map(|f| schedule.func_contexts[f.index()].iter().copied()).collect())
}

/// The functions that call each C function (`C.name(...)`), found once per package, and
/// only when its C runs some callback synchronously.
fn c_callers(pkg: &Package) -> HashMap<&str, Vec<FuncId>> {
    let mut out: HashMap<&str, Vec<FuncId>> = HashMap::new();
    if pkg.synchronous_callbacks.is_empty() {
        return out;
    }
    for id in pkg.expr_ids() {
        let e = pkg.expr(id);
        if let (Some(member), Some(owner)) = (pkg.c_callee(id), e.owner) {
            out.entry(member).or_default().push(owner);
        }
    }
    out
}

/// The state a write changes, seen from the handler: a field of the receiver of a method
/// called on a package variable is that variable's.
fn frame_state(pkg: &Package, frame: &Frame, state: &State, w: &StateAccess) -> State {
    match (state, frame.receiver_var, w.root) {
        (State::Field { field, .. }, Some(g), Some(root)) if pkg.binding(root).kind == BindingKind::Receiver => {
            State::VarField { var: g, field: field.clone() }
        }
        _ => state.clone(),
    }
}

/// Package `init` functions run before everything else.
fn is_init(pkg: &Package, f: FuncId) -> bool {
    let func = pkg.func(pkg.declared_func(f));
    func.receiver.is_none() && func.name.as_deref() == Some("init")
}

/// An access outside the handler's code (finalizers and callbacks run beside everything).
fn outside_conflict(
    pkg: &Package,
    w: &StateAccess,
    others: &[StateAccess],
    code: &HashSet<FuncId>,
) -> Option<StateAccess> {
    pick(others.iter().filter(|a| !code.contains(&a.func) && !is_init(pkg, a.func)), w)
}

/// The most telling conflicting access: in another function, a write before a read, the
/// first in the source.
fn pick<'a>(candidates: impl Iterator<Item = &'a StateAccess>, w: &StateAccess) -> Option<StateAccess> {
    candidates.filter(|a| a.expr != w.expr).min_by_key(|a| (a.func == w.func, !a.write, a.span)).cloned()
}

/// Whether a write in a handler touches state someone else can see.
fn shared(pkg: &Package, h: &Handler, frame: &Frame, state: &State, w: &StateAccess, code: &HashSet<FuncId>) -> bool {
    match state {
        State::Var(_) | State::VarField { .. } => true,
        // Callbacks are top-level functions: only package-level state is shared.
        _ if h.kind == HandlerKind::Export => false,
        State::Field { field, .. } => {
            // The object a finalizer or cleanup receives (as a parameter, or as the receiver of
            // a method expression like `(*File).close`) is unreachable from anywhere else.
            // So is the receiver of a method called on it (`d.Close()`), and so on down.
            // Unless the write marks a resource released that methods may still be using.
            if !matches!(h.kind, HandlerKind::Finalizer | HandlerKind::Cleanup) {
                return true;
            }
            let own_param = w.root.is_some_and(|b| {
                let binding = pkg.binding(b);
                let own = matches!(binding.kind, BindingKind::Param | BindingKind::Receiver)
                    && binding.owner == Some(h.entry)
                    || binding.kind == BindingKind::Receiver && frame.on_finalized && binding.owner == Some(frame.func);
                own && !releases_field(pkg, frame.func, b, field)
            });
            !own_param
        }
        State::Local(b) => pkg.binding(*b).owner.is_some_and(|o| !code.contains(&o)),
    }
}

/// Whether `func` hands the field `field` of `recv` to code outside the package that
/// releases it: a C call taking it (`C.sqlite3_backup_finish(b.b)`) or a method of another
/// package's type called on it (`t.t.Close()`). Its write in a finalizer then stands for
/// destroying a resource the object's methods may still be using (no `runtime.KeepAlive`),
/// which is BS302's to report even though the field itself is the finalized object's.
fn releases_field(pkg: &Package, func: FuncId, recv: BindingId, field: &str) -> bool {
    let is_field = |e: ExprId| {
        let mut e = e;
        // Through conversions (`C.int(b.n)`, `(*C.T)(b.p)`).
        for _ in 0..4 {
            match &pkg.expr(e).kind {
                ExprKind::Call { args, .. } if args.len() == 1 && pkg.conversion_type(e).is_some() => e = args[0],
                _ => break,
            }
        }
        matches!(&pkg.expr(e).kind, ExprKind::Selector { base, field: f }
            if f == field && matches!(pkg.resolve(*base), Some(Resolved::Local(b)) if b == recv))
    };
    pkg.expr_ids().filter(|&e| pkg.expr(e).owner == Some(func)).any(|e| {
        let ExprKind::Call { func: callee, args, .. } = &pkg.expr(e).kind else { return false };
        if matches!(pkg.qualified_name(*callee), Some(("C", _))) {
            return args.iter().any(|a| is_field(*a));
        }
        // A method the package does not declare, on the field: not a func-typed field of a
        // struct of ours (`d.current.cancel()`).
        matches!(&pkg.expr(*callee).kind, ExprKind::Selector { base, field: member }
            if is_field(*base) && pkg.types.of(*base).is_none_or(|ty| pkg.find_field(ty, member).is_none()))
            && pkg.callee_func(*callee).is_none()
    })
}

/// Where each variable is last used in each function (the start of its last use, in a
/// literal of the function too), or `u32::MAX` when a `defer` uses it: the variable is live,
/// and what it points to reachable, until then. A finalizer cannot run before.
fn last_uses(pkg: &Package) -> HashMap<(FuncId, BindingId), u32> {
    // A deferred call holds its function value and arguments, a deferred literal what it
    // captures, until the function returns.
    let mut deferred: Vec<(Option<FuncId>, BindingId)> = Vec::new();
    let mut deferred_literals: HashSet<FuncId> = HashSet::new();
    for st in &pkg.stmts {
        let StmtKind::Defer(call) = st.kind else { continue };
        let mut stack = vec![call];
        while let Some(e) = stack.pop() {
            match pkg.expr(e).kind {
                ExprKind::FuncLit(f) => {
                    deferred_literals.insert(f);
                }
                _ => {
                    if let Some(Resolved::Local(b)) = pkg.resolve(e) {
                        deferred.push((st.owner, b));
                    }
                }
            }
            stack.extend(children_of(&pkg.expr(e).kind));
        }
    }
    let mut out: HashMap<(FuncId, BindingId), u32> = HashMap::new();
    let mut note = |mut f: Option<FuncId>, b: BindingId, mut at: u32| {
        // The use keeps the variable live in the function that declares it and every
        // function between (a closure holds what it captures).
        for _ in 0..MAX_NESTING {
            let Some(g) = f else { break };
            let last = out.entry((g, b)).or_insert(at);
            *last = (*last).max(at);
            if pkg.binding(b).owner == Some(g) {
                break;
            }
            if deferred_literals.contains(&g) {
                at = u32::MAX;
            }
            f = pkg.func(g).parent;
        }
    };
    for e in pkg.expr_ids() {
        if let Some(Resolved::Local(b)) = pkg.resolve(e) {
            note(pkg.expr(e).owner, b, pkg.expr(e).span.start);
        }
    }
    for (f, b) in deferred {
        note(f, b, u32::MAX);
    }
    out
}

/// Whether the value a field access is reached through is used again after the access in
/// the same function (`C.f(b.ptr); runtime.KeepAlive(b)`, or just `p.socks = append(p.socks,
/// b)`), or by a `defer`: it stays reachable until then, so its finalizer cannot be running.
fn kept_alive(last_uses: &HashMap<(FuncId, BindingId), u32>, a: &StateAccess) -> bool {
    let Some(root) = a.root else { return false };
    last_uses.get(&(a.func, root)).is_some_and(|&at| at > a.span.end)
}

/// Whether a field access is reached through a local copy of the struct (a value receiver,
/// parameter or variable: `func (s Socket) String()` reads its own `s.soc`), which no
/// finalizer is given: it finalizes what a pointer points to.
fn of_a_copy(pkg: &Package, state: &State, a: &StateAccess) -> bool {
    let (State::Field { ty, .. }, Some(root)) = (state, a.root) else { return false };
    pkg.binding(root).owner.is_some() && pkg.types.of_binding(root).is_some_and(|t| t == ty)
}

/// Where the finalizer gets registered, in the registering function and in its callers (a
/// few calls up), by function: the registration, or the call that leads to it. A field read
/// before that point is of an object whose finalizer does not exist yet (`trackRemote` reads
/// `r.ptr`, then calls `track`, which calls `runtime.SetFinalizer(r, ...)`).
fn registration_points(h: &Handler, calls: &Calls) -> HashMap<FuncId, u32> {
    let mut out: HashMap<FuncId, u32> = HashMap::new();
    let Some(registering) = h.registering else { return out };
    out.insert(registering, h.registered.start);
    let mut level = vec![registering];
    for _ in 0..4 {
        let mut next = Vec::new();
        for (caller, cs) in calls {
            if out.contains_key(caller) {
                continue;
            }
            if let Some(at) = cs.iter().filter(|c| !c.literal && level.contains(&c.callee)).map(|c| c.at).min() {
                out.insert(*caller, at);
                next.push(*caller);
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    out
}
