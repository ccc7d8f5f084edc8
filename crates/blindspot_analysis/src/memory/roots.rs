//! Roots: where the pointer an access goes through comes from, followed back through local
//! and package variables, fields of named struct types, call results, and parameters to
//! the arguments of the calls made in the access's context: an allocation, a value
//! received from a channel, a variable's own storage, or what callers outside the package
//! pass.
//!
//! The alias classes are flow-insensitive unions: a buffer each goroutine makes for itself
//! and the caller's input it reads end up in one class as soon as some code anywhere stores
//! both in one field. Roots look at one access at a time, and answer what the classes
//! cannot: whether two accesses can reach the same memory at all, whether each instance of
//! a goroutine works on memory of its own (`buf := pool.Get()` in each turn of the loop
//! that starts it), and whether an object is borrowed from a pool channel (`b := <-d.free;
//! defer func() { d.free <- b }()`), which gives it to one holder at a time. The race
//! finder asks them last, of a pair it would otherwise report.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use std::cell::OnceCell;
use std::collections::BTreeSet;

use super::accesses::Base;
use super::calls::{outside_callee, CallEdge, CallGraph};
use super::contexts::{ContextId, ContextKind};
use super::FieldKey;

/// The most variables followed back from one expression.
const MAX_VARS: usize = 64;

/// The most calls a parameter is followed up through, one above the other.
const MAX_LIFTS: u32 = 8;

/// Where a pointer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Root {
    /// Memory no one else holds yet: `make`, `new`, a composite literal, `append`'s new
    /// array, `(*sync.Pool).Get`.
    Fresh(ExprId),
    /// A value received from a channel (`<-ch`, the channel expression), or one of its
    /// fields: what the sender handed over.
    Received(ExprId),
    /// What callers pass to a parameter or receiver, where the calls the package shows do
    /// not say (an exported function's callers elsewhere, an argument read from a field),
    /// by the parameter's type (see [`Trace::shares`]).
    Param(TypeKey),
    /// A local variable's own storage (`&x`, an array variable).
    Storage(BindingId),
}

/// A parameter's type, for telling what callers pass apart: `*Journal` and `Journal` are
/// one type, a `[]byte` another. `0` when the type is not known.
pub(crate) type TypeKey = u64;

/// The roots of one expression, with the local variables on the way.
#[derive(Debug, Default, Clone)]
pub(crate) struct Trace {
    pub roots: Vec<Root>,
    pub vars: Vec<BindingId>,
    /// For what is received from a channel: the roots of what the channel holds there
    /// (what is sent into it, or stored in the field of its objects that the trace
    /// selects).
    pub held: Vec<Root>,
    /// Some of what the channel holds is not followed.
    pub held_unknown: bool,
    /// Roots a function makes and returns, each with the call that returns it: made again
    /// at every run of that call.
    pub per_call: Vec<(Root, ExprId)>,
    /// The types of the memory the package makes on the way (its allocations, and the
    /// value the trace starts from): what may have been given out and come back as a
    /// parameter.
    pub made: Vec<TypeKey>,
    /// For roots reached through local variables and parameters only: the calls each was
    /// followed up through, innermost first, with the parameter each call fills. An
    /// allocation in a loop or a function is made again for each run of it; this says
    /// which run hands it to the access.
    pub chains: Vec<(Root, Vec<Lift>)>,
    /// Roots also reached through a field, a package variable, a channel or a call's
    /// result: their chains do not say all the ways the access reaches them.
    pub unchained: Vec<Root>,
    /// The walk stopped following variables again by new chains of calls
    /// ([`MAX_REVISITS`]): the chains are not all the ways.
    pub chains_partial: bool,
}

/// One call a trace followed a parameter up through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Lift {
    pub call: ExprId,
    /// The parameter (or receiver) the call fills.
    pub param: BindingId,
}

impl Trace {
    /// Whether two traces may reach the same memory: a root in common, or memory callers
    /// outside the package pass to one side that the other side may have given out (a
    /// parameter and a parameter, or an object the package makes and returns), of one
    /// type or of a type not known.
    pub fn shares(&self, other: &Trace) -> bool {
        if other.roots.iter().any(|r| !matches!(r, Root::Param(_)) && self.roots.binary_search(r).is_ok()) {
            return true;
        }
        let compatible = |a: TypeKey, b: TypeKey| a == b || a == 0 || b == 0;
        let outside = |t: &Trace| {
            t.roots.iter().filter_map(|r| if let Root::Param(k) = r { Some(*k) } else { None }).collect::<Vec<_>>()
        };
        let (mine, theirs) = (outside(self), outside(other));
        mine.iter().any(|a| theirs.iter().any(|b| compatible(*a, *b)))
            || mine.iter().any(|a| other.made.iter().any(|b| compatible(*a, *b)))
            || theirs.iter().any(|b| self.made.iter().any(|a| compatible(*a, *b)))
    }
}

/// The values stored into each local variable, and the calls of each function, for
/// following them back.
pub(crate) struct Roots<'m> {
    /// The values stored into each variable, local or package-level.
    assigned: HashMap<BindingId, Vec<ExprId>>,
    /// Variables whose address is taken: they may be stored into through a pointer.
    addressed: HashSet<BindingId>,
    /// The values stored into each field, by (declaring struct type, field name), where
    /// every store names the struct type.
    fields: HashMap<FieldKey, Vec<ExprId>>,
    /// Fields stored into where the struct type is not known, or whose address is taken,
    /// by name.
    untracked_fields: HashSet<String>,
    /// Channel fields used as pools (see `find_pools`), found when first asked about.
    pools: OnceCell<HashSet<FieldKey>>,
    /// The values each channel field is sent.
    sent: HashMap<FieldKey, Vec<ExprId>>,
    /// The value each `return` of a function gives its first result.
    returns: HashMap<FuncId, Vec<ExprId>>,
    /// The channel each `for v := range ch` variable receives from.
    range_chans: HashMap<BindingId, ExprId>,
    /// The local slice or array variable each `for _, v := range s` variable takes the
    /// elements of.
    range_elems: HashMap<BindingId, BindingId>,
    /// What is put into the elements of those variables (`s = append(s, v)`, `s :=
    /// []T{a, b}`, `s[i] = v`), where every way the variable is used shows it.
    elements: HashMap<BindingId, Vec<ExprId>>,
    /// What exported functions return (see `given_out`).
    given: OnceCell<HashSet<Root>>,
    calls: &'m CallGraph,
    /// The contexts each function runs in, and the contexts.
    func_contexts: &'m [BTreeSet<ContextId>],
    contexts: &'m [ContextKind],
}

/// One walk back from an expression.
struct Walk {
    trace: Trace,
    seen: HashSet<BindingId>,
    seen_fields: HashSet<FieldKey>,
    lifts: u32,
    /// The context the expression is evaluated in: a parameter is followed only to the
    /// calls made there (and the `go` statements that start it). `None` above a `go`.
    context: Option<ContextId>,
    /// A walk for what a channel holds, inside another: it does not ask that again.
    nested: bool,
    /// The calls followed up through, innermost first (see [`Trace::chains`]).
    via: Vec<Lift>,
    /// Inside a field, a package variable, a channel or a call's result.
    indirect: u32,
    /// Each variable with each chain of calls it was reached through (`None`: from inside
    /// a field, a package variable, a channel or a call's result).
    visits: HashSet<Visit>,
    /// The visits in the order made, each with whether it was the variable's first: what
    /// [`Walk::restore`] takes back.
    visited: Vec<(Visit, bool)>,
}

/// A variable, and the chain of calls it was reached through.
type Visit = (BindingId, Option<Vec<Lift>>);

/// The most visits of variables by a new chain of calls in one walk; past it, the chains
/// are partial.
const MAX_REVISITS: usize = 2048;

/// Where a walk stood, to take back what a path that failed added.
struct Mark {
    roots: usize,
    chains: usize,
    unchained: usize,
    vars: usize,
    held: usize,
    held_unknown: bool,
    visited: usize,
}

impl Walk {
    fn mark(&self) -> Mark {
        Mark {
            roots: self.trace.roots.len(),
            chains: self.trace.chains.len(),
            unchained: self.trace.unchained.len(),
            vars: self.trace.vars.len(),
            held: self.trace.held.len(),
            held_unknown: self.trace.held_unknown,
            visited: self.visited.len(),
        }
    }

    fn restore(&mut self, mark: Mark) {
        self.trace.roots.truncate(mark.roots);
        self.trace.chains.truncate(mark.chains);
        self.trace.unchained.truncate(mark.unchained);
        self.trace.vars.truncate(mark.vars);
        self.trace.held.truncate(mark.held);
        self.trace.held_unknown = mark.held_unknown;
        for (visit, first) in self.visited.drain(mark.visited..) {
            if first {
                self.seen.remove(&visit.0);
            }
            self.visits.remove(&visit);
        }
    }

    /// A walk for what a channel or an exported function holds, in no context.
    fn nested() -> Walk {
        Walk { nested: true, ..Walk::new(None) }
    }

    fn new(context: Option<ContextId>) -> Walk {
        Walk {
            trace: Trace::default(),
            seen: HashSet::new(),
            seen_fields: HashSet::new(),
            lifts: 0,
            context,
            nested: false,
            via: Vec::new(),
            indirect: 0,
            visits: HashSet::new(),
            visited: Vec::new(),
        }
    }

    /// Records a root where the walk stands.
    fn found(&mut self, r: Root) {
        self.trace.roots.push(r);
        if self.indirect == 0 {
            self.trace.chains.push((r, self.via.clone()));
        } else {
            self.trace.unchained.push(r);
        }
    }

    /// Whether to follow variable `b` from here: the first time, and again when it comes
    /// by another chain of calls, or from inside a field or a channel, so that the chains
    /// of the roots past it say every way.
    fn visit(&mut self, b: BindingId) -> bool {
        let key = (b, (self.indirect == 0).then(|| self.via.clone()));
        if self.visits.contains(&key) {
            return false;
        }
        let first = !self.seen.contains(&b);
        if !first && self.visits.len() >= MAX_REVISITS {
            self.trace.chains_partial = true;
            return false;
        }
        self.seen.insert(b);
        self.visits.insert(key.clone());
        self.visited.push((key, first));
        true
    }
}

impl<'m> Roots<'m> {
    pub fn new(
        pkg: &Package,
        calls: &'m CallGraph,
        func_contexts: &'m [BTreeSet<ContextId>],
        contexts: &'m [ContextKind],
    ) -> Roots<'m> {
        let mut r = Roots {
            assigned: HashMap::new(),
            addressed: HashSet::new(),
            fields: HashMap::new(),
            untracked_fields: HashSet::new(),
            pools: OnceCell::new(),
            sent: HashMap::new(),
            returns: HashMap::new(),
            given: OnceCell::new(),
            range_chans: HashMap::new(),
            range_elems: HashMap::new(),
            elements: HashMap::new(),
            calls,
            func_contexts,
            contexts,
        };
        for (i, b) in pkg.bindings.iter().enumerate() {
            if let Some((init, 0)) = b.init {
                r.assigned.entry(BindingId(i as u32)).or_default().push(init);
            }
        }
        for s in pkg.stmt_ids() {
            let stmt = pkg.stmt(s);
            match &stmt.kind {
                StmtKind::Assign { op, .. } if !matches!(op, AssignOp::Compound(_)) => {
                    for (target, value) in pkg.assignments(s) {
                        r.store(pkg, target, value);
                    }
                }
                StmtKind::Send { chan, value } => {
                    if let Some(key) = typed_field(pkg, *chan) {
                        r.sent.entry(key).or_default().push(*value);
                    }
                }
                StmtKind::Range { key: Some(k), value, over, define: true } => {
                    let chan = pkg.types.of(*over).is_some_and(|t| t.starts_with("chan") || t.starts_with("<-chan"));
                    if let (true, Some(b)) = (chan, variable_of(pkg, *k)) {
                        r.range_chans.insert(b, *over);
                    }
                    // A local variable the function fills itself (not a parameter, whose
                    // elements the caller put there).
                    let local = variable_of(pkg, *over)
                        .filter(|s| pkg.binding(*s).owner.is_some() && pkg.binding(*s).kind == BindingKind::Var);
                    if let (false, Some(v), Some(s)) = (chan, value.and_then(|v| variable_of(pkg, v)), local) {
                        r.range_elems.insert(v, s);
                    }
                }
                StmtKind::Return(values) => {
                    if let (Some(f), Some(v)) = (stmt.owner, values.first()) {
                        r.returns.entry(f).or_default().push(*v);
                    }
                }
                _ => {}
            }
        }
        r.elements = element_stores(pkg, &r.assigned, r.range_elems.values().copied().collect());
        for id in pkg.expr_ids() {
            match &pkg.expr(id).kind {
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Name { .. } => r.addressed.extend(variable_of(pkg, *operand)),
                    ExprKind::Selector { field, .. } => {
                        r.untracked_fields.insert(field.clone());
                    }
                    _ => {}
                },
                ExprKind::Composite { ty, elems } => r.composite(pkg, ty, elems),
                _ => {}
            }
        }
        r
    }

    /// The memory the package's exported functions return (remembered).
    fn given_out(&self, pkg: &Package) -> &HashSet<Root> {
        self.given.get_or_init(|| {
            let mut out = HashSet::new();
            for (f, values) in &self.returns {
                let func = pkg.func(*f);
                if func.parent.is_some() || !func.name.as_ref().is_some_and(|n| n.starts_with(char::is_uppercase)) {
                    continue;
                }
                for v in values {
                    let mut w = Walk::nested();
                    // What is followed counts even when some of it is not.
                    self.value(pkg, *v, &mut w);
                    out.extend(w.trace.roots.into_iter().filter(|r| matches!(r, Root::Fresh(_) | Root::Storage(_))));
                }
            }
            out
        })
    }

    /// The channel fields used as pools of distinct objects: some value received from one
    /// is sent back to it (`b := <-d.free; ...; d.free <- b`), and every value sent into
    /// it that was not received from a channel is made afresh for that send (`for range n
    /// { d.free <- newDec() }`, not the same object four times).
    fn find_pools(&self, pkg: &Package) -> HashSet<FieldKey> {
        let mut out = HashSet::new();
        for (key, values) in &self.sent {
            let (mut back, mut distinct) = (false, true);
            for v in values {
                let mut w = Walk::nested();
                if !self.value(pkg, *v, &mut w) {
                    distinct = false;
                    break;
                }
                // Objects that come back (from this channel, or passed along others) are
                // not new ones; anything else is made for this send.
                let from_pool = |r: &Root| matches!(*r, Root::Received(c) if typed_field(pkg, c).as_ref() == Some(key));
                back |= w.trace.roots.iter().any(from_pool);
                w.trace.roots.retain(|r| !matches!(r, Root::Received(_)));
                if !w.trace.roots.is_empty() && !fresh_per_send(pkg, *v, &w.trace) {
                    distinct = false;
                    break;
                }
            }
            if back && distinct {
                out.insert(key.clone());
            }
        }
        out
    }

    /// The roots of what a walk's `follow` reaches, in a walk of its own, without what is
    /// received from a channel; `None` when some of it is not followed.
    fn held(&self, outer: &Walk, follow: impl FnOnce(&mut Walk) -> bool) -> Option<Vec<Root>> {
        if outer.nested {
            return None;
        }
        let mut w = Walk::nested();
        follow(&mut w).then(|| w.trace.roots.into_iter().filter(|r| !matches!(r, Root::Received(_))).collect())
    }

    /// Records what the channel a trace receives from holds there.
    fn add_held(trace: &mut Trace, held: Option<Vec<Root>>) {
        match held {
            Some(h) => trace.held.extend(h),
            None => trace.held_unknown = true,
        }
    }

    /// The pool channel field every root of a trace is received from, if one is.
    pub fn pool(&self, pkg: &Package, trace: &Trace) -> Option<FieldKey> {
        let mut pool = None;
        for r in &trace.roots {
            let Root::Received(c) = *r else { return None };
            let pools = self.pools.get_or_init(|| self.find_pools(pkg));
            let key = typed_field(pkg, c).filter(|k| pools.contains(k))?;
            if pool.as_ref().is_some_and(|p| *p != key) {
                return None;
            }
            pool = Some(key);
        }
        pool
    }

    /// Records that `target = value`.
    fn store(&mut self, pkg: &Package, target: ExprId, value: ExprId) {
        let values = match &pkg.expr(target).kind {
            ExprKind::Name { .. } => match variable_of(pkg, target) {
                Some(b) => self.assigned.entry(b).or_default(),
                None => return,
            },
            ExprKind::Selector { field, .. } => match typed_field(pkg, target) {
                Some(key) => self.fields.entry(key).or_default(),
                None => {
                    self.untracked_fields.insert(field.clone());
                    return;
                }
            },
            _ => return,
        };
        if !values.contains(&value) {
            values.push(value);
        }
    }

    /// Records the fields a composite literal of a struct type stores.
    fn composite(&mut self, pkg: &Package, ty: &TypeText, elems: &[Element]) {
        let name = named_base(ty.as_str());
        let Some(st) = pkg.struct_named(name) else {
            // Of an elided or unknown type: a field by name, with no owner.
            for e in elems {
                if let Some(ElementKey::Name(f)) = &e.key {
                    self.untracked_fields.insert(f.clone());
                }
            }
            return;
        };
        for (i, e) in elems.iter().enumerate() {
            let field = match &e.key {
                Some(ElementKey::Name(f)) => f.clone(),
                Some(ElementKey::Expr(_)) => continue,
                None => match st.fields.get(i) {
                    Some((f, _)) => f.clone(),
                    None => continue,
                },
            };
            self.fields.entry((st.name.clone(), field)).or_default().push(e.value);
        }
    }

    /// The roots of what `base`, evaluated in `context`, reaches; `None` when some value on
    /// the way is one this does not follow (a call's result, a slice element, a field some
    /// store does not name the type of, a variable whose address is taken).
    pub fn of(&self, pkg: &Package, base: Base, context: ContextId) -> Option<Trace> {
        let mut w = Walk::new(Some(context));
        let ok = match base {
            Base::Place(e) => self.place(pkg, e, &mut w),
            Base::Value(e) => self.value(pkg, e, &mut w),
        };
        let mut trace = w.trace;
        if !ok || trace.roots.is_empty() {
            return None;
        }
        let start = match base {
            Base::Place(e) => match &pkg.expr(e).kind {
                ExprKind::Index { base, .. } | ExprKind::Selector { base, .. } => *base,
                ExprKind::Unary { operand, .. } => *operand,
                _ => e,
            },
            Base::Value(e) => e,
        };
        // What of it the package may have given out: objects of its own named types, and
        // what its exported functions return.
        let given = self.given_out(pkg);
        let mut out = false;
        for r in &trace.roots {
            let (ty, key) = match *r {
                Root::Fresh(e) => (pkg.types.of(e), expr_type_key(pkg, e)),
                Root::Storage(b) => (pkg.types.of_binding(b), type_key(pkg, b)),
                _ => continue,
            };
            if ty.is_some_and(is_named) || given.contains(r) {
                trace.made.push(key);
                out = true;
            }
        }
        if out {
            trace.made.push(expr_type_key(pkg, start));
            // A type not known matches every parameter; a known one says more.
            if trace.made.iter().any(|k| *k != 0) {
                trace.made.retain(|k| *k != 0);
            }
            trace.made.sort_unstable();
            trace.made.dedup();
        }
        trace.roots.sort_unstable();
        trace.roots.dedup();
        trace.chains.sort_unstable();
        trace.chains.dedup();
        trace.unchained.sort_unstable();
        trace.unchained.dedup();
        trace.held.sort_unstable();
        trace.held.dedup();
        Some(trace)
    }

    /// The memory of a place expression: an element lives in what its base points to (or
    /// in a variable's storage), `*p` in what `p` points to. A field is both: the struct
    /// holding it, and what it points to (`range s.buf` reads the elements).
    fn place(&self, pkg: &Package, e: ExprId, w: &mut Walk) -> bool {
        match &pkg.expr(e).kind {
            ExprKind::Selector { base, .. } => {
                self.value(pkg, *base, w) && (held_by_value(pkg, e) || self.value(pkg, e, w))
            }
            ExprKind::Index { base, .. } => self.value(pkg, *base, w),
            ExprKind::Unary { op: UnaryOp::Deref, operand } => self.value(pkg, *operand, w),
            _ => self.value(pkg, e, w),
        }
    }

    /// The memory a value points into.
    fn value(&self, pkg: &Package, e: ExprId, w: &mut Walk) -> bool {
        crate::budget::spend(1);
        match &pkg.expr(e).kind {
            ExprKind::Name { .. } => match variable_of(pkg, e) {
                Some(b) => self.variable(pkg, b, w),
                None => false,
            },
            ExprKind::Slice { base, .. } => self.value(pkg, *base, w),
            ExprKind::TypeAssert { operand, .. } => self.value(pkg, *operand, w),
            ExprKind::Composite { .. } => {
                w.found(Root::Fresh(e));
                true
            }
            ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                ExprKind::Composite { .. } => {
                    w.found(Root::Fresh(*operand));
                    true
                }
                ExprKind::Name { res: NameRes::Local(b), .. } if pkg.binding(*b).kind == BindingKind::Var => {
                    w.found(Root::Storage(*b));
                    w.trace.vars.push(*b);
                    true
                }
                // A pointer into an object: `&s.f`, `&b[0]`.
                ExprKind::Selector { .. } | ExprKind::Index { .. } => self.place(pkg, *operand, w),
                _ => false,
            },
            ExprKind::Unary { op: UnaryOp::Recv, operand } => self.received(pkg, *operand, w),
            ExprKind::Selector { base, field } => {
                // A field of a received value: what the sender handed over with it.
                let mark = w.mark();
                if self.value(pkg, *base, w)
                    && w.trace.roots.len() > mark.roots
                    && w.trace.roots[mark.roots..].iter().all(|r| matches!(r, Root::Received(_)))
                {
                    // What the field of the channel's objects holds, not the channel.
                    w.trace.held.truncate(mark.held);
                    w.trace.held_unknown = mark.held_unknown;
                    let in_field = self.held(w, |h| self.field(pkg, e, field, h));
                    Self::add_held(&mut w.trace, in_field);
                    return true;
                }
                w.restore(mark);
                if held_by_value(pkg, e) {
                    // A struct or array field lives in its holder.
                    return self.value(pkg, *base, w);
                }
                if let Some(values) = self.element_fields(pkg, *base, field) {
                    w.indirect += 1;
                    let ok = values.iter().all(|v| self.value(pkg, *v, w));
                    w.indirect -= 1;
                    return ok;
                }
                self.field(pkg, e, field, w)
            }
            ExprKind::Call { func, args, .. } => {
                if let Some(ty) = pkg.conversion_type(e) {
                    // `[]byte(s)` of a string copies it.
                    if ty.starts_with("[]") && is_string(pkg, args[0]) {
                        w.found(Root::Fresh(e));
                        return true;
                    }
                    return self.value(pkg, args[0], w);
                }
                if pkg.is_builtin(*func, "make") || pkg.is_builtin(*func, "new") || pool_get(pkg, *func) {
                    w.found(Root::Fresh(e));
                    return true;
                }
                if pkg.is_builtin(*func, "append") {
                    w.found(Root::Fresh(e));
                    return args.first().is_none_or(|a| self.value(pkg, *a, w));
                }
                match pkg.callee_func(*func) {
                    Some((f, _)) => self.result(pkg, e, f, w),
                    None => self.outside_result(pkg, e, *func, args, w),
                }
            }
            // `nil`, a string: no memory.
            ExprKind::Literal => true,
            _ => false,
        }
    }

    /// A value received from `chan`, with what the channel holds: every value sent into
    /// it, when it is a field.
    fn received(&self, pkg: &Package, chan: ExprId, w: &mut Walk) -> bool {
        w.found(Root::Received(chan));
        let key = typed_field(pkg, chan);
        let sent = key.as_ref().and_then(|k| self.sent.get(k)).map(Vec::as_slice);
        w.indirect += 1;
        let held = match sent {
            Some(sent) => self.held(w, |h| sent.iter().all(|v| self.value(pkg, *v, h))),
            None => None,
        };
        w.indirect -= 1;
        Self::add_held(&mut w.trace, held);
        true
    }

    /// The result of `call`, a call of the package's `f`: what its `return`s give. What
    /// `f` itself makes is made again at each call (see [`Trace::per_call`]).
    fn result(&self, pkg: &Package, call: ExprId, f: FuncId, w: &mut Walk) -> bool {
        let Some(values) = self.returns.get(&f) else { return false };
        if w.lifts >= MAX_LIFTS {
            return false;
        }
        let (from, context) = (w.trace.roots.len(), w.context.take());
        w.lifts += 1;
        w.indirect += 1;
        let ok = values.iter().all(|v| self.value(pkg, *v, w));
        w.indirect -= 1;
        w.lifts -= 1;
        w.context = context;
        for &r in &w.trace.roots[from..] {
            let owner = match r {
                Root::Fresh(e) => pkg.expr(e).owner,
                Root::Storage(b) => pkg.binding(b).owner,
                _ => None,
            };
            if owner == Some(f) {
                w.trace.per_call.push((r, call));
            }
        }
        ok
    }

    /// The result of `call`, a call of Go code outside the package (`bytes.TrimSpace(b)`)
    /// or of an interface method (`br.Bytes()`): memory from outside, what the call was
    /// handed (its receiver and arguments), which it may give back, and what each method
    /// of the package the interface may stand for returns. A C function's result and a
    /// function value's are not followed.
    fn outside_result(&self, pkg: &Package, call: ExprId, func: ExprId, args: &[ExprId], w: &mut Walk) -> bool {
        let Some(outside) = outside_callee(pkg, func) else { return false };
        if outside.receiver.is_some_and(|r| !self.place(pkg, r, w)) || !self.handed(pkg, args, None, w) {
            return false;
        }
        w.found(Root::Param(expr_type_key(pkg, call)));
        outside.behind.iter().all(|m| self.result(pkg, call, *m, w))
    }

    /// Follows the arguments of a call into code outside the package, but `skip`: what it
    /// may give back. Numbers, functions and other packages' variables hold no memory of the
    /// package.
    fn handed(&self, pkg: &Package, args: &[ExprId], skip: Option<ExprId>, w: &mut Walk) -> bool {
        args.iter().filter(|a| Some(**a) != skip).all(|a| {
            let plain = match &pkg.expr(*a).kind {
                ExprKind::Literal | ExprKind::Binary { .. } | ExprKind::FuncLit(_) => true,
                // Another package's constant or variable.
                ExprKind::Selector { .. } if pkg.qualified_name(*a).is_some_and(|(p, _)| p != "C") => true,
                _ => pkg.types.of(*a).is_some_and(|t| pkg.is_scalar(t)),
            };
            plain || self.value(pkg, *a, w)
        })
    }

    /// A parameter `b` of `f`, a function only ever handed to code outside the package,
    /// which calls it: memory from outside, or what the same calls were handed with it
    /// (`slices.SortFunc(bufs, func(a, b []byte) int { ... })` passes elements of `bufs`).
    fn handed_back(&self, pkg: &Package, f: FuncId, b: BindingId, w: &mut Walk) -> bool {
        let Some(calls) = self.calls.handed.get(&f) else { return false };
        for call in calls {
            let ExprKind::Call { func, args, .. } = &pkg.expr(*call).kind else { return false };
            let receiver = outside_callee(pkg, *func).and_then(|o| o.receiver);
            let own = args.iter().copied().find(|a| pkg.callee_func(*a).is_some_and(|(g, _)| g == f));
            if receiver.is_some_and(|r| !self.place(pkg, r, w)) || !self.handed(pkg, args, own, w) {
                return false;
            }
        }
        w.found(Root::Param(type_key(pkg, b)));
        true
    }

    /// For `v.field` where `v` ranges over a slice whose elements are all struct literals
    /// (a table of test cases): the value each literal gives the field. A literal that
    /// leaves it out gives the zero value.
    fn element_fields(&self, pkg: &Package, base: ExprId, field: &str) -> Option<Vec<ExprId>> {
        let b = variable_of(pkg, base)?;
        let elems = self.elements.get(self.range_elems.get(&b)?)?;
        let mut out = Vec::new();
        for e in elems {
            let mut lit = *e;
            if let ExprKind::Unary { op: UnaryOp::Addr, operand } = &pkg.expr(lit).kind {
                lit = *operand;
            }
            let ExprKind::Composite { elems: fields, .. } = &pkg.expr(lit).kind else { return None };
            let mut order: Option<Vec<String>> = None;
            for (i, f) in fields.iter().enumerate() {
                match &f.key {
                    Some(ElementKey::Name(n)) if n == field => out.push(f.value),
                    Some(ElementKey::Name(_)) => {}
                    Some(ElementKey::Expr(_)) => return None,
                    None => {
                        // Positional: the element type says which field is which.
                        if order.is_none() {
                            order = Some(element_field_names(pkg, *e)?);
                        }
                        if order.as_ref()?.get(i)? == field {
                            out.push(f.value);
                        }
                    }
                }
            }
        }
        Some(out)
    }

    /// Every value stored into a field of the struct type `sel` selects from, wherever it
    /// is stored; `None` when some store does not name the type.
    fn field(&self, pkg: &Package, sel: ExprId, field: &str, w: &mut Walk) -> bool {
        let Some(key) = typed_field(pkg, sel) else { return false };
        if self.untracked_fields.contains(field) {
            return false;
        }
        if !w.seen_fields.insert(key.clone()) {
            return true;
        }
        let Some(values) = self.fields.get(&key) else {
            // Never stored: the zero value.
            return true;
        };
        // Stored anywhere, in any goroutine.
        let context = w.context.take();
        w.indirect += 1;
        let ok = values.iter().all(|v| self.value(pkg, *v, w));
        w.indirect -= 1;
        w.context = context;
        ok
    }

    fn variable(&self, pkg: &Package, b: BindingId, w: &mut Walk) -> bool {
        let binding = pkg.binding(b);
        let param = matches!(binding.kind, BindingKind::Param | BindingKind::Receiver);
        if binding.kind == BindingKind::Range {
            if let Some(elems) = self.range_elems.get(&b).and_then(|s| self.elements.get(s)) {
                // `for _, v := range s`: each element put into `s`.
                w.indirect += 1;
                let ok = elems.iter().all(|v| self.value(pkg, *v, w));
                w.indirect -= 1;
                return ok;
            }
            // `for v := range ch`: received from the channel.
            return self.range_chans.get(&b).is_some_and(|c| self.received(pkg, *c, w));
        }
        if !param && binding.kind != BindingKind::Var {
            return false;
        }
        if !w.visit(b) {
            return true;
        }
        if w.seen.len() > MAX_VARS
            || self.addressed.contains(&b) && !pkg.types.of_binding(b).is_some_and(|t| by_value(pkg, t))
        {
            return false;
        }
        if param {
            return binding.owner.is_some_and(|f| self.parameter(pkg, f, b, w));
        }
        w.trace.vars.push(b);
        if binding.owner.is_some() && pkg.types.of_binding(b).is_some_and(|t| by_value(pkg, t)) {
            // A struct or array variable: the memory is its own, whatever is copied in.
            w.found(Root::Storage(b));
            return true;
        }
        let values = self.assigned.get(&b).map(Vec::as_slice).unwrap_or_default();
        if binding.owner.is_none() {
            // A package variable: every value stored into it, in any goroutine.
            let context = w.context.take();
            w.indirect += 1;
            let ok = values.iter().all(|v| self.value(pkg, *v, w));
            w.indirect -= 1;
            w.context = context;
            return ok;
        }
        if values.is_empty() {
            // `var a [64]byte`: the variable's own storage.
            w.found(Root::Storage(b));
            return true;
        }
        // What a closure stores can come at any time.
        let from = self.reaching(pkg, b, values, w.context);
        values
            .iter()
            .filter(|v| pkg.expr(**v).span.start >= from || pkg.expr(**v).owner != binding.owner)
            .all(|v| self.value(pkg, *v, w))
    }

    /// Where the values of `b`, a local variable of the function that starts the
    /// goroutine of `context`, that the goroutine can see begin: the last assignment
    /// before the `go` statement that runs whenever it does (its innermost block holds the
    /// `go`) overwrites what came before, when `b` is declared in the turn of the loop
    /// around the `go` (`uncompressed = inbuf[hdr:]` before `go func() { encode(obuf,
    /// uncompressed) }()`). `0` (every value) otherwise.
    fn reaching(&self, pkg: &Package, b: BindingId, values: &[ExprId], context: Option<ContextId>) -> u32 {
        let Some(ContextKind::Goroutine { spawn, spawner: Some(f), .. }) =
            context.and_then(|c| self.contexts.get(c.0 as usize))
        else {
            return 0;
        };
        let binding = pkg.binding(b);
        if binding.owner != Some(*f) || values.len() < 2 {
            return 0;
        }
        if let Some(l) = super::sync::innermost_loop(pkg, spawn.file, spawn.start) {
            if !(binding.span.file == l.file && l.start <= binding.span.start && binding.span.end <= l.end) {
                return 0;
            }
        }
        values
            .iter()
            .map(|v| pkg.expr(*v))
            .filter(|e| e.owner == Some(*f) && e.span.file == spawn.file && e.span.end <= spawn.start)
            .filter(|e| {
                super::sync::innermost_block(pkg, e.span).is_some_and(|k| k.start <= spawn.start && spawn.end <= k.end)
            })
            .map(|e| e.span.start)
            .max()
            .unwrap_or(0)
    }

    /// A parameter (or receiver) `b` of `f`: the argument of each call the package shows,
    /// when they can all be followed; else, and for what callers outside the package pass
    /// to an exported function, the parameter itself. A function named other than as a
    /// callee (a callback) has callers no one sees.
    fn parameter(&self, pkg: &Package, f: FuncId, b: BindingId, w: &mut Walk) -> bool {
        let func = pkg.func(f);
        let exported = func.parent.is_none() && func.name.as_ref().is_some_and(|n| n.starts_with(char::is_uppercase));
        if !func.has_body {
            return false;
        }
        if self.calls.escaping.contains(&f) {
            return self.handed_back(pkg, f, b, w);
        }
        // The calls made in the context, and the `go` statements that start it; every call
        // of a function the context does not run (one whose variable a goroutine's closure
        // captures).
        let outer = w.context;
        if w.context.is_some_and(|c| !self.func_contexts.get(f.index()).is_some_and(|cs| cs.contains(&c))) {
            w.context = None;
        }
        let edges: Vec<&CallEdge> = self
            .calls
            .calls_of(f)
            .iter()
            .filter(|e| match w.context {
                None => true,
                Some(c) if e.spawn => matches!(self.contexts.get(c.0 as usize), Some(ContextKind::Goroutine { target, .. }) if *target == f),
                Some(c) => self.func_contexts.get(e.caller.index()).is_some_and(|cs| cs.contains(&c)),
            })
            .collect();
        let slot = match func.receiver.as_ref().and_then(|r| r.binding) {
            Some(r) if r == b => None,
            _ => func.params.iter().position(|p| p.binding == Some(b)),
        };
        let lifted = !edges.is_empty() && w.lifts < MAX_LIFTS && (slot.is_some() || func.receiver.is_some()) && {
            let (mark, context) = (w.mark(), w.context);
            w.lifts += 1;
            let ok = edges.iter().all(|edge| {
                w.context = if edge.spawn { None } else { context };
                w.via.push(Lift { call: edge.call, param: b });
                let ok = match CallGraph::argument(pkg, edge, slot, f) {
                    Some(arg) => self.value(pkg, arg, w),
                    // A variadic parameter no argument fills: nil.
                    None => slot.is_some(),
                };
                w.via.pop();
                ok
            });
            w.lifts -= 1;
            w.context = context;
            if !ok {
                w.restore(mark);
            }
            ok
        };
        w.context = outer;
        if exported || !lifted {
            w.found(Root::Param(type_key(pkg, b)));
        }
        true
    }
}

/// The field names, in order, of the struct type of element `e` of a slice or array
/// literal (`[]struct{ in []byte; want int }{{...}, {...}}`, `[]Case{...}`).
fn element_field_names(pkg: &Package, e: ExprId) -> Option<Vec<String>> {
    let Parent::Expr(outer) = pkg.expr(e).parent else { return None };
    let ExprKind::Composite { ty, .. } = &pkg.expr(outer).kind else { return None };
    let elem = element_type(ty.as_str())?;
    match pkg.struct_named(named_base(elem)) {
        Some(st) => Some(st.fields.iter().map(|(f, _)| f.clone()).collect()),
        None => pkg.literal_structs.get(elem).cloned(),
    }
}

/// The element type of a slice, array or map type's text (`[]T`, `[4]T`, `map[K]T`).
fn element_type(ty: &str) -> Option<&str> {
    let open = if ty.starts_with("map[") { 3 } else { ty.find('[').filter(|i| *i == 0)? };
    let mut depth = 0;
    for (i, c) in ty[open..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 1 => return Some(&ty[open + i + 1..]),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// What is put into the elements of each of the local variables `vars`: the elements of
/// the slice or array literals assigned to it, what `append` adds to it, and what is stored
/// into its elements. A variable assigned anything else, or used other than by index,
/// `range`, `len`, `cap` or `append` to itself (passed, copied, sliced), is left out: code
/// the walk does not see may put elements into it.
fn element_stores(
    pkg: &Package,
    assigned: &HashMap<BindingId, Vec<ExprId>>,
    vars: HashSet<BindingId>,
) -> HashMap<BindingId, Vec<ExprId>> {
    let mut out: HashMap<BindingId, Vec<ExprId>> = HashMap::new();
    let mut loose: HashSet<BindingId> = HashSet::new();
    for &b in &vars {
        let mut elems = Vec::new();
        for v in assigned.get(&b).into_iter().flatten() {
            match &pkg.expr(*v).kind {
                ExprKind::Composite { elems: es, .. } => elems.extend(es.iter().map(|e| e.value)),
                ExprKind::Call { func, args, spread: false }
                    if pkg.is_builtin(*func, "append")
                        && args.first().and_then(|a| variable_of(pkg, *a)) == Some(b) =>
                {
                    elems.extend(args[1..].iter().copied())
                }
                ExprKind::Call { func, .. } if pkg.is_builtin(*func, "make") => {}
                ExprKind::Literal if pkg.is_nil(*v) => {}
                _ => {
                    loose.insert(b);
                }
            }
        }
        out.insert(b, elems);
    }
    for id in pkg.expr_ids() {
        let ExprKind::Name { res: NameRes::Local(b), .. } = pkg.expr(id).kind else { continue };
        if !vars.contains(&b) || loose.contains(&b) {
            continue;
        }
        let ok = match pkg.expr(id).parent {
            Parent::Expr(p) => match &pkg.expr(p).kind {
                ExprKind::Index { base, .. } if *base == id => match pkg.expr(p).parent {
                    // `s[i] = v`
                    Parent::Stmt(st) => match &pkg.stmt(st).kind {
                        StmtKind::Assign { lhs, rhs, op } if lhs.contains(&p) => {
                            let i = lhs.iter().position(|l| *l == p).unwrap_or(0);
                            match (op, rhs.get(i)) {
                                (AssignOp::Assign, Some(v)) if lhs.len() == rhs.len() => {
                                    out.entry(b).or_default().push(*v);
                                    true
                                }
                                _ => false,
                            }
                        }
                        _ => true,
                    },
                    // `&s[i]` hands out an element to write through.
                    Parent::Expr(q) => !matches!(pkg.expr(q).kind, ExprKind::Unary { op: UnaryOp::Addr, .. }),
                    Parent::None => true,
                },
                ExprKind::Call { func, args, .. } => {
                    // `s = append(s, v)`: into `s` itself.
                    let back_into_itself = matches!(pkg.expr(p).parent, Parent::Stmt(st)
                        if matches!(&pkg.stmt(st).kind, StmtKind::Assign { lhs, .. }
                            if lhs.iter().any(|l| variable_of(pkg, *l) == Some(b))));
                    ["len", "cap"].iter().any(|n| pkg.is_builtin(*func, n))
                        || pkg.is_builtin(*func, "append") && args.first() == Some(&id) && back_into_itself
                }
                _ => false,
            },
            Parent::Stmt(st) => match &pkg.stmt(st).kind {
                StmtKind::Assign { lhs, .. } => lhs.contains(&id),
                StmtKind::Range { over, .. } => *over == id,
                _ => false,
            },
            Parent::None => false,
        };
        if !ok {
            loose.insert(b);
        }
    }
    out.retain(|b, _| !loose.contains(b));
    out
}

/// Whether `func` is the `Get` method of a `sync.Pool`: it hands out an object no one else
/// holds until it is `Put` back.
fn pool_get(pkg: &Package, func: ExprId) -> bool {
    let ExprKind::Selector { base, field } = &pkg.expr(func).kind else { return false };
    field == "Get" && pkg.types.of(*base).is_some_and(|t| t.trim_start_matches('*') == "sync.Pool")
}

/// The variable a name refers to: local, or declared at package level.
fn variable_of(pkg: &Package, name: ExprId) -> Option<BindingId> {
    match pkg.resolve(name)? {
        Resolved::Local(b) | Resolved::Global(Global::Var(b)) => Some(b),
        _ => None,
    }
}

/// Whether `e` is visibly a string: a literal, a constant, or typed `string`.
fn is_string(pkg: &Package, e: ExprId) -> bool {
    matches!(pkg.expr(e).kind, ExprKind::Literal)
        || matches!(pkg.resolve(e), Some(Resolved::Global(Global::Const(_))))
        || pkg.types.of(e) == Some("string")
}

/// The field a selector names (`d.free`), by declaring struct type and name, when the type
/// of its base is known (not guessed from the field's name).
fn typed_field(pkg: &Package, sel: ExprId) -> Option<FieldKey> {
    let ExprKind::Selector { field, .. } = &pkg.expr(sel).kind else { return None };
    match pkg.field_owner_guessed(sel) {
        (Some(owner), false) => Some((owner, field.clone())),
        _ => None,
    }
}

/// Whether every root and variable of a trace is made again each time the value `sent`
/// is sent: in the innermost loop around the send, or, with no loop around it, in the
/// function that sends.
fn fresh_per_send(pkg: &Package, sent: ExprId, trace: &Trace) -> bool {
    let at = pkg.expr(sent).span;
    let owner = pkg.expr(sent).owner;
    let turn = super::sync::innermost_loop(pkg, at.file, at.start);
    let again = |made_in: Option<FuncId>, made: Span| match turn {
        Some(l) => l.file == made.file && l.start <= made.start && made.end <= l.end,
        None => made_in.is_some() && made_in == owner,
    };
    let by_call =
        |r: &Root| trace.per_call.iter().any(|(m, call)| m == r && again(pkg.expr(*call).owner, pkg.expr(*call).span));
    trace.roots.iter().all(|r| match *r {
        _ if by_call(r) => true,
        Root::Fresh(e) => again(pkg.expr(e).owner, pkg.expr(e).span),
        Root::Storage(b) => again(pkg.binding(b).owner, pkg.binding(b).span),
        Root::Received(_) | Root::Param(_) => false,
    }) && trace.vars.iter().all(|b| {
        let binding = pkg.binding(*b);
        again(binding.owner, binding.span)
            || trace.per_call.iter().any(|(_, call)| binding.owner == callee_of(pkg, *call))
    })
}

/// Whether a field is a struct or an array held by value: it lives in the object that holds
/// it, and points nowhere of its own.
fn held_by_value(pkg: &Package, field: ExprId) -> bool {
    if let Some(t) = pkg.types.of(field) {
        return by_value(pkg, t);
    }
    // The field's declared type, from the struct that declares it.
    let ExprKind::Selector { field: name, .. } = &pkg.expr(field).kind else { return false };
    let (Some(owner), false) = pkg.field_owner_guessed(field) else { return false };
    pkg.find_field(&owner, name).is_some_and(|(_, t)| by_value(pkg, t.as_str()))
}

/// Whether values of a type are a struct of the package or an array.
fn by_value(pkg: &Package, t: &str) -> bool {
    t.starts_with('[') && t[1..].starts_with(|c: char| c.is_ascii_digit())
        || !t.starts_with('*') && pkg.struct_named(named_base(t)).is_some()
}

/// Whether a type is a named type (`Stream`, `*Stream`, `pkg.Conn`), not a slice, array,
/// map, channel, function or basic type.
fn is_named(ty: &str) -> bool {
    let t = ty.trim_start_matches('*');
    let basic = matches!(
        t,
        "bool"
            | "string"
            | "byte"
            | "rune"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
            | "float32"
            | "float64"
            | "complex64"
            | "complex128"
            | "any"
            | "error"
    );
    !basic
        && t.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && !t.starts_with("map[")
        && !t.starts_with("chan")
        && !t.starts_with("func")
}

/// The type key of a variable or parameter (see [`TypeKey`]).
fn type_key(pkg: &Package, b: BindingId) -> TypeKey {
    key_of(pkg.types.of_binding(b))
}

/// The type key of an expression's value.
fn expr_type_key(pkg: &Package, e: ExprId) -> TypeKey {
    key_of(pkg.types.of(e))
}

fn key_of(ty: Option<&str>) -> TypeKey {
    use std::hash::{Hash, Hasher};
    let Some(ty) = ty else { return 0 };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ty.trim_start_matches('*').hash(&mut h);
    h.finish() | 1
}

/// The package function a call calls.
fn callee_of(pkg: &Package, call: ExprId) -> Option<FuncId> {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    pkg.callee_func(*func).map(|(f, _)| f)
}
