//! A handler's code: the functions it runs, breadth first from its entry region, through
//! calls made without a lock held. A method found only by name is followed when the value
//! it is called on is known to have the method's receiver type; a literal passed to `.Do`
//! runs under `sync.Once`'s lock and is skipped, and so is one handed to a function of the
//! package that only stores it for later (`later(func() {...})` appending to a work queue).

use std::collections::VecDeque;

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::Handler;
use crate::memory::LockRegions;

/// A cap on the functions a handler's code reaches.
const MAX_REACH: usize = 512;

/// One function of a handler's code: the part that runs (`None`: all of it), the calls
/// that lead there, and where the first of them is in the handler's entry.
pub(super) struct Frame {
    pub func: FuncId,
    pub range: Option<(u32, u32)>,
    /// Parts of `range` that do not run (see [`Handler`]'s `skipped`).
    pub skipped: Vec<(u32, u32)>,
    pub via: Vec<Span>,
    pub entry_at: Option<u32>,
    /// The package-level variable a method runs on (`reg.add()` with `var reg = &registry{}`):
    /// its receiver's fields are that variable's state.
    pub receiver_var: Option<BindingId>,
    /// A method run on the object a finalizer or cleanup received (`d.Close()` in
    /// `func(d *T) { d.Close() }`, and the methods that one calls on its receiver): its
    /// receiver is unreachable from anywhere else.
    pub on_finalized: bool,
}

impl Frame {
    /// Whether the code at byte `at` of the function runs in the handler.
    pub fn runs(&self, at: u32) -> bool {
        self.range.is_none_or(|(lo, hi)| lo <= at && at < hi)
            && !self.skipped.iter().any(|&(lo, hi)| lo <= at && at < hi)
    }
}

/// A call of a package function, or a function literal, in a function.
#[derive(Clone, Copy)]
pub(super) struct Call {
    pub(super) at: u32,
    span: Span,
    pub(super) callee: FuncId,
    pub(super) literal: bool,
    /// What a method is called on, when it is a name: `reg` in `reg.add()`.
    on: Option<ExprId>,
}

pub(super) type Calls = HashMap<FuncId, Vec<Call>>;

pub(super) fn calls_by_func(pkg: &Package) -> Calls {
    let mut out: Calls = HashMap::new();
    let queued = queued_literals(pkg);
    for id in pkg.expr_ids() {
        let e = pkg.expr(id);
        let Some(owner) = e.owner else { continue };
        match &e.kind {
            ExprKind::Call { func, .. } => {
                if matches!(pkg.expr(*func).kind, ExprKind::FuncLit(_)) {
                    continue;
                }
                match pkg.callee_func(*func) {
                    Some((callee, guessed)) if !guessed || method_of_known_value(pkg, *func, callee) => {
                        let on = match &pkg.expr(*func).kind {
                            ExprKind::Selector { base, .. } if pkg.func(callee).receiver.is_some() => Some(*base),
                            _ => None,
                        };
                        let call = Call { at: e.span.start, span: e.span, callee, literal: false, on };
                        out.entry(owner).or_default().push(call);
                    }
                    _ => {}
                }
            }
            ExprKind::FuncLit(f) => {
                // `once.Do(func() {...})` runs its function under the Once's lock.
                let in_once = matches!(e.parent, Parent::Expr(p) if matches!(&pkg.expr(p).kind,
                    ExprKind::Call { func, .. } if matches!(&pkg.expr(*func).kind,
                        ExprKind::Selector { field, .. } if field == "Do")));
                if !in_once && !queued.contains(f) {
                    let call = Call { at: e.span.start, span: e.span, callee: *f, literal: true, on: None };
                    out.entry(owner).or_default().push(call);
                }
            }
            _ => {}
        }
    }
    out
}

/// The function literals passed to a function of the package that only stores the parameter
/// they arrive in (`later(func() {...})`, where `later` appends `f` to a queue another
/// goroutine runs): the literal does not run during the call, so not in the caller's code.
fn queued_literals(pkg: &Package) -> HashSet<FuncId> {
    let stored = stored_only_params(pkg);
    let mut out = HashSet::new();
    if stored.is_empty() {
        return out;
    }
    for id in pkg.expr_ids() {
        let ExprKind::FuncLit(lit) = pkg.expr(id).kind else { continue };
        let Parent::Expr(call) = pkg.expr(id).parent else { continue };
        let ExprKind::Call { func, args, .. } = &pkg.expr(call).kind else { continue };
        let Some(i) = args.iter().position(|a| *a == id) else { continue };
        let Some((callee, false)) = pkg.callee_func(*func) else { continue };
        let callee = pkg.func(callee);
        let param = callee.param_for_arg(i).and_then(|p| callee.params[p].binding);
        if param.is_some_and(|b| stored.contains(&b)) {
            out.insert(lit);
        }
    }
    out
}

/// Parameters whose every use stores them: the value of an assignment
/// to a field, an element or a package variable, an element appended or put in a composite
/// literal, a value sent on a channel. A parameter never used, called, passed to a function
/// or kept in a local is not one of them.
fn stored_only_params(pkg: &Package) -> HashSet<BindingId> {
    let mut stored: HashSet<BindingId> = HashSet::new();
    let mut other: HashSet<BindingId> = HashSet::new();
    for id in pkg.expr_ids() {
        let Some(Resolved::Local(b)) = pkg.resolve(id) else { continue };
        if pkg.binding(b).kind != BindingKind::Param {
            continue;
        }
        if stores(pkg, id) {
            stored.insert(b);
        } else {
            other.insert(b);
        }
    }
    stored.retain(|b| !other.contains(b));
    stored
}

/// Whether the use `e` of a value stores it somewhere that outlives the statement.
fn stores(pkg: &Package, e: ExprId) -> bool {
    match pkg.expr(e).parent {
        Parent::Expr(p) => match &pkg.expr(p).kind {
            ExprKind::Call { func, args, .. } => pkg.is_builtin(*func, "append") && args.first() != Some(&e),
            ExprKind::Composite { elems, .. } => elems.iter().any(|el| el.value == e),
            _ => false,
        },
        Parent::Stmt(s) => match &pkg.stmt(s).kind {
            StmtKind::Send { value, .. } => *value == e,
            StmtKind::Assign { .. } => pkg.assignments(s).iter().any(|&(target, value)| {
                value == e
                    && match &pkg.expr(target).kind {
                        ExprKind::Name { .. } => matches!(pkg.resolve(target), Some(Resolved::Global(Global::Var(_)))),
                        _ => true,
                    }
            }),
            _ => false,
        },
        Parent::None => false,
    }
}

/// Whether a method call found by name (`x.m()`) is on a value known to have the method's
/// receiver type: a receiver, a parameter or a package-level variable declared with that
/// type (or initialized with `T{...}` / `&T{...}`). A handler's `f.Close()` is more often a
/// file's than the package's only `Close`.
fn method_of_known_value(pkg: &Package, func: ExprId, callee: FuncId) -> bool {
    let ExprKind::Selector { base, .. } = &pkg.expr(func).kind else { return false };
    let Some(recv) = &pkg.func(callee).receiver else { return false };
    match pkg.resolve(*base) {
        Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) => {
            pkg.binding_type_name(b).is_some_and(|t| t == recv.type_name)
        }
        _ => false,
    }
}

/// The functions a handler's code runs, breadth first from its entry region, through calls
/// made without a lock held.
pub(super) fn handler_code(pkg: &Package, h: &Handler, calls: &Calls, locks: &LockRegions) -> Vec<Frame> {
    let whole = h.region == (pkg.func(h.entry).span.start, pkg.func(h.entry).span.end);
    let range = (!whole).then_some(h.region);
    let mut out = vec![Frame {
        func: h.entry,
        range,
        skipped: h.skipped.clone(),
        via: Vec::new(),
        entry_at: None,
        receiver_var: None,
        on_finalized: false,
    }];
    let mut seen: HashSet<FuncId> = HashSet::from_iter([h.entry]);
    let mut queue: VecDeque<usize> = VecDeque::from([0]);
    while let Some(i) = queue.pop_front() {
        crate::budget::spend(1);
        if out.len() >= MAX_REACH {
            break;
        }
        let f = out[i].func;
        for call in calls.get(&f).into_iter().flatten() {
            let Call { at, span, callee, literal, on } = *call;
            if !out[i].runs(at) || !locks.held(f, at).is_empty() {
                continue;
            }
            if !seen.insert(callee) {
                continue;
            }
            let mut via = out[i].via.clone();
            if !literal {
                via.push(span);
            }
            let entry_at = out[i].entry_at.or(Some(at));
            // A method on a package variable, or on the receiver of a method that runs on one.
            let receiver_var = match on.and_then(|e| pkg.resolve(e)) {
                _ if literal => out[i].receiver_var,
                Some(Resolved::Global(Global::Var(g))) => Some(g),
                Some(Resolved::Local(b)) if pkg.binding(b).kind == BindingKind::Receiver => out[i].receiver_var,
                _ => None,
            };
            let on_finalized = !literal
                && matches!(on.and_then(|e| pkg.resolve(e)), Some(Resolved::Local(b)) if {
                    let binding = pkg.binding(b);
                    let handed = matches!(binding.kind, BindingKind::Param | BindingKind::Receiver)
                        && binding.owner == Some(h.entry);
                    handed || binding.kind == BindingKind::Receiver && out[i].on_finalized
                });
            out.push(Frame {
                func: callee,
                range: None,
                skipped: Vec::new(),
                via,
                entry_at,
                receiver_var,
                on_finalized,
            });
            queue.push_back(out.len() - 1);
        }
    }
    out
}
