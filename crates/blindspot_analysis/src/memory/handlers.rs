//! Handlers: code that runs when something outside the program's control flow decides, in
//! goroutine contexts of their own kind, and the shared state they write.
//!
//! - **Signal receivers** run after a receive from a channel registered with
//!   `signal.Notify`: the body of a `range` over it, a `select` case on it, or the code
//!   after a `<-ch`, and the package's functions that code calls. Tests do not deliver
//!   signals, so `-race` never runs them.
//! - **Finalizers and cleanups** (`runtime.SetFinalizer`, `runtime.AddCleanup`) run on the
//!   finalizer goroutine, which under `-race` acquires everything every goroutine did before
//!   each batch: races with it are hidden.
//! - **Callbacks** (`//export` functions) run on whatever C thread calls them; `-race` orders
//!   every cgo call and callback on one global object, which hides their races.
//!
//! The state is named state: package-level variables, fields of the package's struct types
//! reached through receivers and parameters, and local variables captured by closures. A
//! write is synchronized when it holds a lock (or its callers in the handler do), runs
//! inside `sync.Once.Do`, or is not an assignment at all (atomics, channel operations,
//! method calls).

use std::collections::{BTreeSet, VecDeque};

use super::{innermost_loop, ContextId, ContextKind, LockRegions, MemoryModel, SPAWNER};
use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HandlerKind {
    /// Code that receives from a channel registered with `signal.Notify`.
    Signal,
    /// A function passed to `runtime.SetFinalizer`.
    Finalizer,
    /// A function passed to `runtime.AddCleanup`.
    Cleanup,
    /// A function marked `//export`: C calls it.
    Export,
}

#[derive(Debug, Clone)]
pub struct Handler {
    pub kind: HandlerKind,
    /// The `signal.Notify`, `runtime.SetFinalizer` or `runtime.AddCleanup` call, or the
    /// `//export` directive.
    pub registered: Span,
    /// The function that holds the handler's code.
    pub entry: FuncId,
    /// Where a signal receiver receives (`<-ch`, `range ch`).
    pub receive: Option<Span>,
    /// The goroutine a signal receiver runs in; `None` when it is the spawner (`main`
    /// blocking on the channel).
    pub goroutine: Option<ContextId>,
    /// The byte range of `entry` that runs once the handler fires.
    region: (u32, u32),
}

/// Named state a handler can write.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// A package-level variable.
    Var(BindingId),
    /// A field of a struct type of the package, reached through a receiver or a parameter
    /// of that type: without types, every value of the type is one state.
    Field { ty: String, field: String },
    /// A local variable captured by a closure.
    Local(BindingId),
}

impl State {
    /// How messages name it: `package-level variable `cfg``.
    pub fn describe(&self, pkg: &Package) -> String {
        match self {
            State::Var(b) => format!("package-level variable `{}`", pkg.binding(*b).name),
            State::Field { ty, field } => format!("field `{ty}.{field}`"),
            State::Local(b) => format!("captured variable `{}`", pkg.binding(*b).name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateAccess {
    /// The name (or selector, for a field) that touches the state.
    pub expr: ExprId,
    pub span: Span,
    pub func: FuncId,
    pub write: bool,
    /// For a field: the receiver or parameter it is reached through.
    root: Option<BindingId>,
}

/// An unsynchronized write to shared state in a handler's code.
#[derive(Debug, Clone)]
pub struct HandlerWrite {
    /// Index into [`HandlerFacts::handlers`].
    pub handler: usize,
    pub state: State,
    pub write: StateAccess,
    /// The calls from the handler's code to the function that writes, outermost first.
    pub via: Vec<Span>,
    /// An access to the same state that may run at the same time, outside the handler.
    pub other: Option<StateAccess>,
}

#[derive(Debug, Clone, Default)]
pub struct HandlerFacts {
    pub handlers: Vec<Handler>,
    pub writes: Vec<HandlerWrite>,
}

/// Whether the package can have handlers at all: it imports `os/signal`, registers
/// finalizers or cleanups, or exports a function to C. Packages without any skip the work.
pub(super) fn present(pkg: &Package) -> bool {
    let registers = |f: &File| {
        f.imports.iter().any(|i| i.path == "os/signal")
            || f.imports.iter().any(|i| i.path == "runtime")
                && (f.text.contains("SetFinalizer") || f.text.contains("AddCleanup"))
    };
    pkg.files.iter().any(registers) || pkg.funcs.iter().any(|f| f.has_directive("export"))
}

/// A channel as a handler names it: a variable or parameter, or a field by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Chan {
    Binding(BindingId),
    Field(String),
}

/// A cap on the functions a handler's code reaches, and on ordering questions per access.
const MAX_REACH: usize = 512;
const ORDER_BUDGET: u32 = 64;

impl MemoryModel {
    /// The package's handlers and their unsynchronized writes to shared state.
    pub fn handler_facts(&self, pkg: &Package) -> &HandlerFacts {
        self.handler_facts.get_or_init(|| {
            if !present(pkg) {
                return HandlerFacts::default();
            }
            let handlers = find_handlers(self, pkg);
            if handlers.is_empty() {
                return HandlerFacts::default();
            }
            let writes = self.handler_writes(pkg, &handlers);
            HandlerFacts { handlers, writes }
        })
    }

    fn handler_writes(&self, pkg: &Package, handlers: &[Handler]) -> Vec<HandlerWrite> {
        let index = StateIndex::new(pkg);
        let locks = LockRegions::new(pkg);
        let calls = calls_by_func(pkg);
        let mut out: Vec<HandlerWrite> = Vec::new();
        let mut seen: HashSet<(HandlerKind, State, FuncId)> = HashSet::new();
        for (hi, h) in handlers.iter().enumerate() {
            let code = handler_code(pkg, h, &calls, &locks);
            let code_funcs: HashSet<FuncId> = code.iter().map(|c| c.func).collect();
            for frame in &code {
                for (state, w) in index.writes.get(&frame.func).into_iter().flatten() {
                    let state = &frame_state(pkg, frame, state, w);
                    let inside = frame.range.is_none_or(|(lo, hi)| lo <= w.span.start && w.span.end <= hi);
                    if !inside || !locks.held(w.func, w.span.start).is_empty() {
                        continue;
                    }
                    // One finding per state and function for each kind of handler.
                    let key = (h.kind, state.clone(), w.func);
                    if seen.contains(&key) || !shared(pkg, h, state, w, &code_funcs) {
                        continue;
                    }
                    let others = index.accesses.get(state).map(Vec::as_slice).unwrap_or_default();
                    let other = match h.kind {
                        HandlerKind::Signal => self.signal_conflict(pkg, h, frame, w, others),
                        _ => outside_conflict(pkg, w, others, &code_funcs),
                    };
                    // Callbacks race with themselves (several C threads); the others need a
                    // counterpart.
                    if other.is_none() && h.kind != HandlerKind::Export {
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

    /// An access another goroutine may make while the signal receiver writes.
    fn signal_conflict(
        &self,
        pkg: &Package,
        h: &Handler,
        frame: &Frame,
        w: &StateAccess,
        others: &[StateAccess],
    ) -> Option<StateAccess> {
        let contexts = |f: FuncId| -> &BTreeSet<ContextId> { &self.func_contexts[f.index()] };
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
                        !self.spawner_ordered(pkg, a.func, a.span.start, g, &mut budget)
                    } else {
                        !self.goroutines_ordered(pkg, c, g)
                    }
                }),
                // The spawner itself receives: its goroutines run meanwhile.
                None => contexts(a.func).iter().any(|&c| c != SPAWNER),
            }
        };
        if h.goroutine.is_none() {
            // A join between the receive and the write orders it after the goroutines.
            let at = frame.entry_at.unwrap_or(w.span.start);
            let joined = self.sync.joins.get(&h.entry).is_some_and(|js| js.iter().any(|&j| h.region.0 < j && j < at));
            if joined {
                return None;
            }
        }
        pick(others.iter().filter(|a| conflicts(a)), w)
    }

    /// Whether a spawner access at `at` in `f` is ordered with goroutine `g`: before its
    /// `go` statement or after its join, seen through the calls that lead to it (those made
    /// from `g` itself aside).
    fn spawner_ordered(&self, pkg: &Package, f: FuncId, at: u32, g: ContextId, budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some((before, after_join)) = self.order(pkg, f, at, g) {
            return before || after_join;
        }
        if let Some(parent) = pkg.func(f).parent {
            return self.spawner_ordered(pkg, parent, pkg.func(f).span.start, g, budget);
        }
        let only_in_g = |c: FuncId| self.func_contexts[c.index()].iter().all(|&x| x == g);
        let Some(sites) = self.call_sites.get(&f) else { return false };
        let sites: Vec<(FuncId, u32)> = sites.iter().copied().filter(|(c, _)| !only_in_g(*c)).collect();
        !sites.is_empty() && sites.iter().all(|&(c, pos)| self.spawner_ordered(pkg, c, pos, g, budget))
    }
}

/// The state a write changes, seen from the handler: a field of the receiver of a method
/// called on a package variable is that variable's.
fn frame_state(pkg: &Package, frame: &Frame, state: &State, w: &StateAccess) -> State {
    match (state, frame.receiver_var, w.root) {
        (State::Field { .. }, Some(g), Some(root)) if pkg.binding(root).kind == BindingKind::Receiver => State::Var(g),
        _ => state.clone(),
    }
}

/// Package `init` functions run before everything else.
fn is_init(pkg: &Package, f: FuncId) -> bool {
    let mut f = f;
    while let Some(p) = pkg.func(f).parent {
        f = p;
    }
    let func = pkg.func(f);
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
fn shared(pkg: &Package, h: &Handler, state: &State, w: &StateAccess, code: &HashSet<FuncId>) -> bool {
    match state {
        State::Var(_) => true,
        // Callbacks are top-level functions: only package-level state is shared.
        _ if h.kind == HandlerKind::Export => false,
        State::Field { .. } => {
            // The object a finalizer or cleanup receives (as a parameter, or as the receiver of
            // a method expression like `(*File).close`) is unreachable from anywhere else.
            let own_param = w.root.is_some_and(|b| {
                let binding = pkg.binding(b);
                matches!(binding.kind, BindingKind::Param | BindingKind::Receiver) && binding.owner == Some(h.entry)
            });
            !(own_param && matches!(h.kind, HandlerKind::Finalizer | HandlerKind::Cleanup))
        }
        State::Local(b) => pkg.binding(*b).owner.is_some_and(|o| !code.contains(&o)),
    }
}

/// One function of a handler's code: the part that runs (`None`: all of it), the calls
/// that lead there, and where the first of them is in the handler's entry.
struct Frame {
    func: FuncId,
    range: Option<(u32, u32)>,
    via: Vec<Span>,
    entry_at: Option<u32>,
    /// The package-level variable a method runs on (`reg.add()` with `var reg = &registry{}`):
    /// its receiver's fields are that variable's state.
    receiver_var: Option<BindingId>,
}

/// A call of a package function, or a function literal, in a function.
#[derive(Clone, Copy)]
struct Call {
    at: u32,
    span: Span,
    callee: FuncId,
    literal: bool,
    /// What a method is called on, when it is a name: `reg` in `reg.add()`.
    on: Option<ExprId>,
}

type Calls = HashMap<FuncId, Vec<Call>>;

fn calls_by_func(pkg: &Package) -> Calls {
    let mut out: Calls = HashMap::new();
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
                if !in_once {
                    let call = Call { at: e.span.start, span: e.span, callee: *f, literal: true, on: None };
                    out.entry(owner).or_default().push(call);
                }
            }
            _ => {}
        }
    }
    out
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
fn handler_code(pkg: &Package, h: &Handler, calls: &Calls, locks: &LockRegions) -> Vec<Frame> {
    let whole = h.region == (pkg.func(h.entry).span.start, pkg.func(h.entry).span.end);
    let range = (!whole).then_some(h.region);
    let mut out = vec![Frame { func: h.entry, range, via: Vec::new(), entry_at: None, receiver_var: None }];
    let mut seen: HashSet<FuncId> = HashSet::from_iter([h.entry]);
    let mut queue: VecDeque<usize> = VecDeque::from([0]);
    while let Some(i) = queue.pop_front() {
        if out.len() >= MAX_REACH {
            break;
        }
        let (f, range) = (out[i].func, out[i].range);
        for call in calls.get(&f).into_iter().flatten() {
            let Call { at, span, callee, literal, on } = *call;
            if range.is_some_and(|(lo, hi)| at < lo || at >= hi) || !locks.held(f, at).is_empty() {
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
            out.push(Frame { func: callee, range: None, via, entry_at, receiver_var });
            queue.push_back(out.len() - 1);
        }
    }
    out
}

/// Every access to named state, by state, and the writes by function.
struct StateIndex {
    accesses: HashMap<State, Vec<StateAccess>>,
    writes: HashMap<FuncId, Vec<(State, StateAccess)>>,
}

impl StateIndex {
    fn new(pkg: &Package) -> StateIndex {
        let structs: HashSet<&str> = pkg.structs.iter().map(|s| s.name.as_str()).collect();
        // Local variables some closure uses: only those can be shared.
        let mut captured: HashSet<BindingId> = HashSet::new();
        for e in &pkg.exprs {
            if let ExprKind::Name { res: NameRes::Local(b), .. } = e.kind {
                let owner = pkg.binding(b).owner;
                if owner.is_some() && e.owner != owner {
                    captured.insert(b);
                }
            }
        }
        let mut index = StateIndex { accesses: HashMap::new(), writes: HashMap::new() };
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            let (ExprKind::Name { name, .. }, Some(func)) = (&e.kind, e.owner) else { continue };
            if name == "_" {
                continue;
            }
            let (state, at, root) = match pkg.resolve(id) {
                Some(Resolved::Global(Global::Var(b))) => {
                    let ty = pkg.binding(b).ty.as_ref().map(|t| t.as_str()).unwrap_or("");
                    // Locks and atomics are changed by their methods, never assigned.
                    if ty.starts_with("sync.") || ty.starts_with("atomic.") {
                        continue;
                    }
                    (State::Var(b), id, None)
                }
                Some(Resolved::Local(b)) => {
                    let field = match e.parent {
                        Parent::Expr(p) => match &pkg.expr(p).kind {
                            ExprKind::Selector { base, field } if *base == id => Some((p, field.clone())),
                            _ => None,
                        },
                        _ => None,
                    };
                    match (field, struct_type(pkg, b, &structs)) {
                        (Some((sel, field)), Some(ty)) => (State::Field { ty, field }, sel, Some(b)),
                        _ if captured.contains(&b) => (State::Local(b), id, None),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let write = is_written(pkg, at);
            let access = StateAccess { expr: at, span: pkg.expr(at).span, func, write, root };
            if write {
                index.writes.entry(func).or_default().push((state.clone(), access.clone()));
            }
            index.accesses.entry(state).or_default().push(access);
        }
        index
    }
}

/// The package struct type of a receiver or parameter, if it has one.
fn struct_type(pkg: &Package, b: BindingId, structs: &HashSet<&str>) -> Option<String> {
    // A local of the type is the function's own value, not shared state.
    if !matches!(pkg.binding(b).kind, BindingKind::Receiver | BindingKind::Param) {
        return None;
    }
    pkg.binding_type_name(b).filter(|name| structs.contains(name.as_str()))
}

/// Whether the expression is (the base of) the target of an assignment, an increment, a
/// `delete` or a `clear`: `x = v`, `x.f += v`, `x[k] = v`, `*x = v`, `x++`, `delete(x, k)`.
fn is_written(pkg: &Package, at: ExprId) -> bool {
    let mut cur = at;
    for _ in 0..32 {
        match pkg.expr(cur).parent {
            Parent::Expr(p) => match &pkg.expr(p).kind {
                ExprKind::Selector { base, .. } | ExprKind::Index { base, .. } if *base == cur => cur = p,
                ExprKind::Unary { op: UnaryOp::Deref, .. } => cur = p,
                ExprKind::Call { func, args, .. } => {
                    return (pkg.is_builtin(*func, "delete") || pkg.is_builtin(*func, "clear"))
                        && args.first() == Some(&cur);
                }
                _ => return false,
            },
            Parent::Stmt(s) => {
                return match &pkg.stmt(s).kind {
                    StmtKind::Assign { lhs, op, .. } => {
                        !matches!(op, AssignOp::Define | AssignOp::Var) && lhs.contains(&cur)
                    }
                    StmtKind::IncDec { target, .. } => *target == cur,
                    StmtKind::Range { key, value, define: false, .. } => *key == Some(cur) || *value == Some(cur),
                    _ => false,
                };
            }
            Parent::None => return false,
        }
    }
    false
}

/// The handlers of a package: `//export` functions, finalizers and cleanups, and the code
/// that receives from channels registered with `signal.Notify`.
fn find_handlers(model: &MemoryModel, pkg: &Package) -> Vec<Handler> {
    let mut out = Vec::new();
    let whole = |f: FuncId| (pkg.func(f).span.start, pkg.func(f).span.end);
    for f in pkg.func_ids() {
        let func = pkg.func(f);
        if let (true, Some(d)) = (func.has_body, func.directive("export")) {
            let region = whole(f);
            out.push(Handler {
                kind: HandlerKind::Export,
                registered: d.span,
                entry: f,
                receive: None,
                goroutine: None,
                region,
            });
        }
    }
    let mut notify: Vec<(ExprId, Span)> = Vec::new();
    for id in pkg.expr_ids() {
        let ExprKind::Call { func, args, .. } = &pkg.expr(id).kind else { continue };
        let span = pkg.expr(id).span;
        let kind = match pkg.qualified_name(*func) {
            Some(("runtime", "SetFinalizer")) => HandlerKind::Finalizer,
            Some(("runtime", "AddCleanup")) => HandlerKind::Cleanup,
            Some(("os/signal", "Notify")) => {
                if let Some(&ch) = args.first() {
                    notify.push((ch, span));
                }
                continue;
            }
            _ => continue,
        };
        let Some(&arg) = args.get(1) else { continue };
        let target = match pkg.expr(arg).kind {
            ExprKind::FuncLit(f) => Some(f),
            ExprKind::Name { .. } | ExprKind::Selector { .. } => pkg.callee_func(arg).map(|(f, _)| f),
            _ => None,
        };
        let Some(f) = target.filter(|f| pkg.func(*f).has_body) else { continue };
        out.push(Handler { kind, registered: span, entry: f, receive: None, goroutine: None, region: whole(f) });
    }
    if !notify.is_empty() {
        out.extend(signal_receivers(model, pkg, &notify));
    }
    out
}

/// The channel an expression names.
fn chan_of(pkg: &Package, e: ExprId) -> Option<Chan> {
    match &pkg.expr(e).kind {
        ExprKind::Name { .. } => match pkg.resolve(e)? {
            Resolved::Local(b) | Resolved::Global(Global::Var(b)) => Some(Chan::Binding(b)),
            _ => None,
        },
        ExprKind::Selector { base, field } => match pkg.resolve(*base) {
            Some(Resolved::Import(_)) => None,
            _ => Some(Chan::Field(field.clone())),
        },
        _ => None,
    }
}

/// The code that runs when a signal arrives: follows each registered channel through
/// assignments, fields, call arguments and results to the receives from it.
fn signal_receivers(model: &MemoryModel, pkg: &Package, notify: &[(ExprId, Span)]) -> Vec<Handler> {
    let mut chans: HashMap<Chan, Span> = HashMap::new();
    for &(ch, span) in notify {
        if let Some(c) = chan_of(pkg, ch) {
            chans.entry(c).or_insert(span);
        }
    }
    // Functions returning a registered channel: their calls are the channel too.
    let mut returning: HashMap<FuncId, Span> = HashMap::new();
    let key = |chans: &HashMap<Chan, Span>, returning: &HashMap<FuncId, Span>, e: ExprId| -> Option<Span> {
        if let ExprKind::Call { func, .. } = &pkg.expr(e).kind {
            let (f, _) = pkg.callee_func(*func)?;
            return returning.get(&f).copied();
        }
        chans.get(&chan_of(pkg, e)?).copied()
    };
    for _ in 0..4 {
        let before = chans.len() + returning.len();
        for st in pkg.stmt_ids() {
            let stmt = pkg.stmt(st);
            match &stmt.kind {
                StmtKind::Assign { .. } => {
                    for (to, from) in pkg.assignments(st) {
                        if let (Some(span), Some(c)) = (key(&chans, &returning, from), chan_of(pkg, to)) {
                            chans.entry(c).or_insert(span);
                        }
                    }
                }
                StmtKind::Return(values) => {
                    if let (Some(f), Some(span)) = (stmt.owner, values.iter().find_map(|v| key(&chans, &returning, *v)))
                    {
                        returning.entry(f).or_insert(span);
                    }
                }
                _ => {}
            }
        }
        for id in pkg.expr_ids() {
            match &pkg.expr(id).kind {
                ExprKind::Call { func, args, .. } => {
                    let Some((callee, _)) = pkg.callee_func(*func) else { continue };
                    for (i, a) in args.iter().enumerate() {
                        let Some(span) = key(&chans, &returning, *a) else { continue };
                        let callee = pkg.func(callee);
                        let Some(b) = callee.param_for_arg(i).and_then(|p| callee.params[p].binding) else { continue };
                        chans.entry(Chan::Binding(b)).or_insert(span);
                    }
                }
                ExprKind::Composite { elems, .. } => {
                    for el in elems {
                        let (Some(ElementKey::Name(f)), Some(span)) = (&el.key, key(&chans, &returning, el.value))
                        else {
                            continue;
                        };
                        chans.entry(Chan::Field(f.clone())).or_insert(span);
                    }
                }
                _ => {}
            }
        }
        // Variables declared with a value: `sigs := notifyChan()`.
        for (i, b) in pkg.bindings.iter().enumerate() {
            if let Some((init, 0)) = b.init {
                if let Some(span) = key(&chans, &returning, init) {
                    chans.entry(Chan::Binding(BindingId(i as u32))).or_insert(span);
                }
            }
        }
        if chans.len() + returning.len() == before {
            break;
        }
    }
    let mut out = Vec::new();
    let mut add = |entry: FuncId, receive: Span, region: (u32, u32), registered: Span| {
        let goroutine = model
            .func_contexts
            .get(entry.index())
            .and_then(|cs| cs.iter().copied().find(|&c| matches!(model.context(c), ContextKind::Goroutine { .. })));
        out.push(Handler { kind: HandlerKind::Signal, registered, entry, receive: Some(receive), goroutine, region });
    };
    for id in pkg.expr_ids() {
        let e = pkg.expr(id);
        let (ExprKind::Unary { op: UnaryOp::Recv, operand }, Some(f)) = (&e.kind, e.owner) else { continue };
        let Some(registered) = chan_of(pkg, *operand).and_then(|c| chans.get(&c).copied()) else { continue };
        let end = pkg.func(f).span.end;
        let case = pkg
            .select_cases
            .iter()
            .filter(|c| c.file == e.span.file && c.start <= e.span.start && e.span.end <= c.end)
            .min_by_key(|c| c.end - c.start);
        // A `select` case runs its body; a plain receive, what follows it (in a loop, all
        // of the loop after the first signal).
        let region = match case {
            Some(c) => (e.span.end, c.end),
            None => match innermost_loop(pkg, e.span.file, e.span.start) {
                Some(l) if l.start >= pkg.func(f).span.start => (l.start, end),
                _ => (e.span.end, end),
            },
        };
        add(f, e.span, region, registered);
    }
    for st in pkg.stmt_ids() {
        let stmt = pkg.stmt(st);
        let (StmtKind::Range { over, .. }, Some(f)) = (&stmt.kind, stmt.owner) else { continue };
        let Some(registered) = chan_of(pkg, *over).and_then(|c| chans.get(&c).copied()) else { continue };
        let Some(l) = innermost_loop(pkg, stmt.span.file, stmt.span.start) else { continue };
        add(f, stmt.span, (l.start, l.end), registered);
    }
    out
}
