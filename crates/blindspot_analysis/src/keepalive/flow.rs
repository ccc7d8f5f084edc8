//! The taint fixpoint: which `uintptr` conversions (and wrapper parameters) each
//! expression, variable, field and result may hold, and which wrapper parameters reach a
//! keep-alive call. Each round evaluates every expression once, in arena order, then
//! propagates through statements.

use std::collections::BTreeMap;

use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::model::*;

use super::{Consumer, TrailStep, UintptrSinks};
use crate::api::{self, KeepAlive};
use crate::facts::{ForeignSpan, Imports};

/// Where a tainted `uintptr` value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Source {
    /// A `uintptr(p)` conversion of an `unsafe.Pointer`.
    Conv(ExprId),
    /// The `uintptr` parameter `1` of function `0`.
    Param(FuncId, usize),
    /// A conversion whose value went through a struct field, matched by the field's name
    /// across functions (`r.addr = ...` in one method, `r.addr` read in another): a guess,
    /// since without types two values with a field of that name may be different structs.
    ConvViaField(ExprId),
}

pub(super) type Taint = Vec<Source>;

fn union_into(into: &mut Taint, from: &[Source]) -> bool {
    let before = into.len();
    for s in from {
        if let Err(i) = into.binary_search(s) {
            into.insert(i, *s);
        }
    }
    into.len() != before
}

fn denotes(pkg: &Package, id: ExprId) -> Denotes {
    match &pkg.expr(id).kind {
        ExprKind::Name { .. } => match pkg.resolve(id) {
            Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) => Denotes::Var(b),
            _ => Denotes::Nothing,
        },
        ExprKind::Call { func, args, .. } if !args.is_empty() => {
            if pkg.conversion_type(id).is_some() {
                Denotes::Conversion
            } else if let Some((path, member)) = pkg.qualified_name(*func) {
                let view =
                    path == "unsafe" && matches!(member, "Add" | "Slice" | "String" | "SliceData" | "StringData");
                if view {
                    Denotes::UnsafeView
                } else {
                    Denotes::Nothing
                }
            } else if pkg.is_builtin(*func, "append") {
                Denotes::Append
            } else {
                pkg.callee_func(*func).map_or(Denotes::Nothing, |(f, _)| Denotes::Call(f))
            }
        }
        ExprKind::Call { func, .. } => pkg.callee_func(*func).map_or(Denotes::Nothing, |(f, _)| Denotes::Call(f)),
        _ => Denotes::Nothing,
    }
}

/// Whether the pointer `p` (the operand of `uintptr(p)`) was made from an integer, not from
/// Go memory: `unsafe.Pointer(entry - off)` (through a local and pointer conversions), an
/// address in code or in another process. Converting it back is no escape of a Go object.
/// A computation that mentions an address (`&x`), a conversion of a pointer to `uintptr`,
/// or a variable initialized with one, derives from Go memory (rule 3) and is not this.
fn fabricated(pkg: &Package, p: ExprId) -> bool {
    let mut e = p;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Name { .. } => {
                let Some(Resolved::Local(b)) = pkg.resolve(e) else { return false };
                let Some((init, 0)) = pkg.binding(b).init else { return false };
                e = init;
            }
            ExprKind::Call { args, .. } if args.len() == 1 => match pkg.conversion_type(e) {
                Some(t) if t == "unsafe.Pointer" && matches!(pkg.expr(args[0]).kind, ExprKind::Binary { .. }) => {
                    return integer_only(pkg, args[0]);
                }
                Some(t) if t == "unsafe.Pointer" || t.starts_with('*') => e = args[0],
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Whether an expression computes an integer from integers only: no address taken, no
/// pointer converted, no variable initialized with such a conversion (a bounded look).
fn integer_only(pkg: &Package, e: ExprId) -> bool {
    if !matches!(pkg.expr(e).kind, ExprKind::Binary { .. }) {
        return false;
    }
    let mut stack = vec![e];
    let mut budget = 64;
    while let Some(x) = stack.pop() {
        crate::budget::spend(1);
        budget -= 1;
        if budget == 0 {
            return false;
        }
        match &pkg.expr(x).kind {
            ExprKind::Unary { op: UnaryOp::Addr, .. } => return false,
            ExprKind::Call { .. } if api::pointer_to_uintptr(pkg, x).is_some() => return false,
            ExprKind::Call { func, args, .. } => {
                if matches!(pkg.qualified_name(*func), Some(("unsafe", _))) {
                    return false;
                }
                stack.extend(args.iter().copied());
            }
            ExprKind::Name { .. } => {
                if let Some(Resolved::Local(b)) = pkg.resolve(x) {
                    if let Some((init, _)) = pkg.binding(b).init {
                        if api::pointer_to_uintptr(pkg, init).is_some() {
                            return false;
                        }
                    }
                }
            }
            ExprKind::Binary { left, right, .. } => stack.extend([*left, *right]),
            ExprKind::Index { base, index } => stack.extend([*base, *index]),
            ExprKind::Selector { base, .. } => stack.push(*base),
            ExprKind::Unary { operand, .. } => stack.push(*operand),
            ExprKind::Literal => {}
            _ => return false,
        }
    }
    true
}

/// Whether `id` converts an integer computed in place back to a pointer:
/// `unsafe.Pointer(uintptr(p) + off)` or `unsafe.Pointer(uintptr(p))`, rule (3) of
/// `unsafe.Pointer`. The result is a pointer the collector sees. (Converting a pointer to
/// memory that holds integers, `unsafe.Pointer(&iovs[0])`, is not this.)
fn back_to_pointer(pkg: &Package, id: ExprId) -> bool {
    let Some(ty) = pkg.conversion_type(id) else { return false };
    if ty != "unsafe.Pointer" {
        return false;
    }
    let ExprKind::Call { args, .. } = &pkg.expr(id).kind else { return false };
    match &pkg.expr(args[0]).kind {
        ExprKind::Binary { op, .. } => matches!(op.as_str(), "+" | "-" | "&" | "&^" | "|"),
        ExprKind::Call { .. } => pkg.conversion_type(args[0]).is_some_and(|t| t == "uintptr"),
        _ => false,
    }
}

/// A memory location a value can be stored in: a variable, or one field of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Slot {
    binding: BindingId,
    field: Option<String>,
}

/// How a wrapper's parameter reaches a keep-alive call.
#[derive(Debug, Clone)]
pub(super) enum Reach {
    /// Directly: it is an argument (or inside one) of this keep-alive call.
    KeepAlive { call: ExprId, kind: KeepAlive },
    /// Through another wrapper: passed as its parameter `param`.
    Wrapper { call: ExprId, callee: FuncId, param: usize, guessed: bool },
    /// Through a wrapper of another analyzed package, whose fact holds the trail.
    Foreign { call: ExprId, callee: String, param: usize, trail: Vec<(ForeignSpan, TrailStep)> },
}

/// A call of another analyzed package's function that keeps its `uintptr` arguments alive
/// (`//go:uintptrescapes`): its facts' trails start with that function itself as the
/// consumer.
fn imported_keep_alive(pkg: &Package, imports: &Imports, call: ExprId) -> Option<KeepAlive> {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    let (path, member) = pkg.qualified_name(*func)?;
    if !imports.analyzed(path) {
        return None;
    }
    let sinks = imports.fact::<UintptrSinks>(path)?;
    // The function itself, not a keep-alive call it makes (`FlushViewOfFile` reaching
    // `SyscallN` in one step).
    let keeps = sinks.0.iter().any(|((name, _), trail)| {
        name == member
            && matches!(trail.first(), Some((_, TrailStep::Consumed {
                by: Consumer::UintptrEscapes(by) | Consumer::UintptrKeepAlive(by),
            })) if by == member)
    });
    keeps.then(|| KeepAlive::Imported(pkg.text(pkg.expr(*func).span).to_string()))
}

/// The trail of an imported wrapper's parameter `param`, when `call` calls a function of an
/// analyzed package whose facts say that parameter reaches a keep-alive call.
pub(super) fn imported_sink<'a>(
    pkg: &Package,
    imports: &'a Imports,
    call: ExprId,
    param: usize,
) -> Option<(String, &'a Vec<(ForeignSpan, TrailStep)>)> {
    static NO_TRAIL: Vec<(ForeignSpan, TrailStep)> = Vec::new();
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    let (path, member) = pkg.qualified_name(*func)?;
    let name = pkg.text(pkg.expr(*func).span).to_string();
    if imports.analyzed(path) {
        imports.fact::<UintptrSinks>(path)?.0.get(&(member.to_string(), param)).map(|trail| (name, trail))
    } else {
        api::builtin_uintptr_wrapper(path, member, param).then_some((name, &NO_TRAIL))
    }
}

pub(super) struct State<'p> {
    pub pkg: &'p Package,
    pub imports: &'p Imports,
    pub taint: Vec<Taint>,
    /// What each variable (by field; `None` for the variable as a whole) may hold.
    slots: HashMap<BindingId, BTreeMap<Option<String>, Taint>>,
    returns: HashMap<FuncId, Taint>,
    /// Wrapper parameters that reach a keep-alive call, with how.
    pub sinks: BTreeMap<(FuncId, usize), Reach>,
    /// Keep-alive classification of each call, computed once.
    pub keep_alive: HashMap<ExprId, KeepAlive>,
    /// Conversions of a pointer to uintptr.
    pub conversions: Vec<bool>,
    /// Conversions of an integer back to a pointer ([`back_to_pointer`]).
    to_pointer: Vec<bool>,
    /// `uintptr` fields of the package's struct types, by name, and what they may hold.
    fields: HashMap<String, Taint>,
    /// What each expression denotes, resolved once rather than in every round.
    denotes: Vec<Denotes>,
}

/// The part of an expression's meaning the fixpoint needs, computed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Denotes {
    Nothing,
    /// A variable (local or package-level).
    Var(BindingId),
    /// A conversion.
    Conversion,
    /// `unsafe.Add`, `unsafe.Slice`, ...: the first argument's value passes through.
    UnsafeView,
    Append,
    /// A call of a same-package function.
    Call(FuncId),
}

impl<'p> State<'p> {
    pub fn new(pkg: &'p Package, imports: &'p Imports) -> State<'p> {
        let mut keep_alive = HashMap::new();
        let mut conversions = vec![false; pkg.exprs.len()];
        let mut to_pointer = vec![false; pkg.exprs.len()];
        for id in pkg.expr_ids() {
            if let ExprKind::Call { .. } = pkg.expr(id).kind {
                if let Some(k) = api::keep_alive(pkg, id).or_else(|| imported_keep_alive(pkg, imports, id)) {
                    keep_alive.insert(id, k);
                }
                conversions[id.index()] = api::pointer_to_uintptr(pkg, id).is_some_and(|p| !fabricated(pkg, p));
                to_pointer[id.index()] = back_to_pointer(pkg, id);
            }
        }
        State {
            pkg,
            imports,
            taint: vec![Vec::new(); pkg.exprs.len()],
            slots: HashMap::new(),
            returns: HashMap::new(),
            sinks: BTreeMap::new(),
            keep_alive,
            conversions,
            to_pointer,
            denotes: pkg.expr_ids().map(|id| denotes(pkg, id)).collect(),
            fields: pkg
                .structs
                .iter()
                .flat_map(|s| &s.fields)
                .filter(|(_, ty)| ty.as_str() == "uintptr")
                .map(|(name, _)| (name.clone(), Taint::new()))
                .collect(),
        }
    }

    /// Whether the package calls a keep-alive call.
    pub fn has_keep_alive_calls(&self) -> bool {
        !self.keep_alive.is_empty()
    }

    /// Whether the package converts a pointer to `uintptr`.
    pub fn has_conversions(&self) -> bool {
        self.conversions.contains(&true)
    }

    /// The wrapper parameters that reach a keep-alive call, in order.
    pub fn sink_params(&self) -> impl Iterator<Item = (FuncId, usize)> + '_ {
        self.sinks.keys().copied()
    }

    fn binding_taint(&self, b: BindingId) -> Taint {
        let mut out = Taint::new();
        for t in self.slots.get(&b).into_iter().flat_map(|fields| fields.values()) {
            union_into(&mut out, t);
        }
        out
    }

    /// The variable and field an lvalue or operand denotes: `x`, `x.f`, `x.f.g` (first
    /// field only), `x[i]` (the whole of `x`), `*p` (`p`).
    fn slot_of(&self, e: ExprId) -> Option<Slot> {
        let mut e = e;
        let mut field = None;
        loop {
            match &self.pkg.expr(e).kind {
                ExprKind::Name { .. } => {
                    let Denotes::Var(b) = self.denotes[e.index()] else { return None };
                    return Some(Slot { binding: b, field });
                }
                ExprKind::Selector { base, field: f } => {
                    field = Some(f.clone());
                    e = *base;
                }
                ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } => {
                    field = None;
                    e = *base;
                }
                ExprKind::Unary { op: UnaryOp::Deref | UnaryOp::Addr, operand } => e = *operand,
                _ => return None,
            }
        }
    }

    pub fn eval_exprs(&mut self) {
        let pkg = self.pkg;
        for id in pkg.expr_ids() {
            let t = self.eval(id);
            self.taint[id.index()] = t;
        }
    }

    fn eval(&self, id: ExprId) -> Taint {
        let pkg = self.pkg;
        let child = |c: ExprId| self.taint[c.index()].clone();
        let mut out = Taint::new();
        match &pkg.expr(id).kind {
            ExprKind::Name { .. } => {
                let Denotes::Var(b) = self.denotes[id.index()] else { return out };
                out = self.binding_taint(b);
                if let Some(src) = self.param_source(b) {
                    union_into(&mut out, &[src]);
                }
            }
            ExprKind::Selector { base, field } => {
                if let Some(slot) = self.slot_of(*base) {
                    if let Some(fields) = self.slots.get(&slot.binding) {
                        for f in [None, Some(field.clone())] {
                            if let Some(t) = fields.get(&f) {
                                union_into(&mut out, t);
                            }
                        }
                    }
                } else {
                    out = child(*base);
                }
                if let Some(t) = self.fields.get(field) {
                    union_into(&mut out, t);
                }
            }
            ExprKind::Call { args, .. } => match self.denotes[id.index()] {
                // Back to a pointer (`unsafe.Pointer(uintptr(p) + off)`, `(*T)(...)`): the
                // arithmetic pattern of rule (3), and a pointer the collector sees again.
                Denotes::Conversion if self.to_pointer[id.index()] => {}
                Denotes::Conversion => {
                    out = child(args[0]);
                    if self.conversions[id.index()] {
                        union_into(&mut out, &[Source::Conv(id)]);
                    }
                }
                Denotes::UnsafeView => out = child(args[0]),
                Denotes::Append => {
                    for a in args {
                        union_into(&mut out, &self.taint[a.index()]);
                    }
                }
                Denotes::Call(f) => out = self.returns.get(&f).cloned().unwrap_or_default(),
                Denotes::Nothing | Denotes::Var(_) => {}
            },
            ExprKind::Unary { op, operand } => {
                if *op != UnaryOp::Recv {
                    out = child(*operand);
                }
            }
            // An address plus or minus an offset, aligned, shifted or combined is still
            // one. But what is subtracted from another value only measures a distance
            // (`top - uintptr(unsafe.Pointer(sp))`), and a remainder is an offset.
            ExprKind::Binary { op, left, right } => match op.as_str() {
                "-" => out = child(*left),
                "+" | "|" | "&" | "&^" | "^" | "<<" | ">>" | "*" | "/" => {
                    out = child(*left);
                    union_into(&mut out, &self.taint[right.index()]);
                }
                _ => {}
            },
            ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } => out = child(*base),
            ExprKind::TypeAssert { operand, .. } => out = child(*operand),
            ExprKind::Composite { elems, .. } => {
                for e in elems {
                    union_into(&mut out, &self.taint[e.value.index()]);
                }
            }
            ExprKind::Other(children) => {
                for c in children {
                    union_into(&mut out, &self.taint[c.index()]);
                }
            }
            ExprKind::FuncLit(_) | ExprKind::Type(_) | ExprKind::Literal => {}
        }
        out
    }

    /// A `uintptr` (or `...uintptr`) parameter is a source of its own: if it reaches a
    /// keep-alive call, its function is a wrapper.
    fn param_source(&self, b: BindingId) -> Option<Source> {
        let binding = self.pkg.binding(b);
        if binding.kind != BindingKind::Param {
            return None;
        }
        let f = binding.owner?;
        let func = self.pkg.func(f);
        let i = func.params.iter().position(|p| p.binding == Some(b))?;
        (func.params[i].ty.as_str() == "uintptr").then_some(Source::Param(f, i))
    }

    fn store(&mut self, target: ExprId, value: &[Source]) -> bool {
        if value.is_empty() {
            return false;
        }
        let mut changed = false;
        if let ExprKind::Selector { field, .. } = &self.pkg.expr(target).kind {
            changed |= self.store_field(field, value);
        }
        changed
            | match self.slot_of(target) {
                Some(slot) => {
                    union_into(self.slots.entry(slot.binding).or_default().entry(slot.field).or_default(), value)
                }
                None => false,
            }
    }

    /// Stores into the package-wide slot of a `uintptr` field, if `field` is one.
    fn store_field(&mut self, field: &str, value: &[Source]) -> bool {
        let Some(slot) = self.fields.get_mut(field) else { return false };
        let via: Taint = value
            .iter()
            .map(|s| match *s {
                Source::Conv(c) => Source::ConvViaField(c),
                other => other,
            })
            .collect();
        let mut via = via;
        via.sort();
        via.dedup();
        union_into(slot, &via)
    }

    pub fn propagate_stmts(&mut self) -> bool {
        let pkg = self.pkg;
        let mut changed = false;
        if !self.fields.is_empty() {
            for id in pkg.expr_ids() {
                let ExprKind::Composite { elems, .. } = &pkg.expr(id).kind else { continue };
                for el in elems {
                    if let Some(ElementKey::Name(f)) = &el.key {
                        let value = self.taint[el.value.index()].clone();
                        changed |= self.store_field(f, &value);
                    }
                }
            }
        }
        for sid in pkg.stmt_ids() {
            let stmt = pkg.stmt(sid);
            match &stmt.kind {
                StmtKind::Assign { .. } => {
                    for (target, value) in pkg.assignments(sid) {
                        let value = self.taint[value.index()].clone();
                        changed |= self.store(target, &value);
                    }
                }
                StmtKind::Range { key, value, over, .. } => {
                    let t = self.taint[over.index()].clone();
                    for target in key.iter().chain(value) {
                        changed |= self.store(*target, &t);
                    }
                }
                StmtKind::Return(values) => {
                    let Some(f) = stmt.owner else { continue };
                    let mut t = Taint::new();
                    for v in values {
                        union_into(&mut t, &self.taint[v.index()]);
                    }
                    if values.is_empty() {
                        for r in &pkg.func(f).results {
                            if let Some(b) = r.binding {
                                union_into(&mut t, &self.binding_taint(b));
                            }
                        }
                    }
                    changed |= union_into(self.returns.entry(f).or_default(), &t);
                }
                _ => {}
            }
        }
        changed
    }

    /// The conversions at the top of a keep-alive call's argument: written in the argument
    /// list itself, possibly inside arithmetic. They are the safe form.
    pub fn direct_conversions(&self, arg: ExprId) -> Vec<ExprId> {
        let pkg = self.pkg;
        let mut out = Vec::new();
        let mut stack = vec![arg];
        while let Some(e) = stack.pop() {
            crate::budget::spend(1);
            match &pkg.expr(e).kind {
                ExprKind::Call { args, .. } if pkg.conversion_type(e).is_some() => {
                    if self.conversions[e.index()] {
                        out.push(e);
                    } else {
                        stack.push(args[0]);
                    }
                }
                ExprKind::Binary { left, right, .. } => stack.extend([*left, *right]),
                _ => {}
            }
        }
        out
    }

    /// The wrapper a call goes through: a same-package function with a parameter known to
    /// reach a keep-alive call.
    pub fn wrapper_callee(&self, call: ExprId) -> Option<(FuncId, bool)> {
        if self.keep_alive.contains_key(&call) {
            return None;
        }
        let ExprKind::Call { func, .. } = &self.pkg.expr(call).kind else { return None };
        self.pkg.callee_func(*func)
    }

    /// Marks wrapper parameters whose value reaches a keep-alive call.
    pub fn find_sinks(&mut self) -> bool {
        let pkg = self.pkg;
        let mut changed = false;
        for id in pkg.expr_ids() {
            let ExprKind::Call { args, .. } = &pkg.expr(id).kind else { continue };
            if let Some(kind) = self.keep_alive.get(&id) {
                for a in args {
                    for s in self.taint[a.index()].clone() {
                        if let Source::Param(f, i) = s {
                            if let std::collections::btree_map::Entry::Vacant(slot) = self.sinks.entry((f, i)) {
                                slot.insert(Reach::KeepAlive { call: id, kind: kind.clone() });
                                changed = true;
                            }
                        }
                    }
                }
            } else if self.wrapper_callee(id).is_none() {
                for (ai, a) in args.iter().enumerate() {
                    let Some((name, trail)) = imported_sink(pkg, self.imports, id, ai) else { continue };
                    for s in self.taint[a.index()].clone() {
                        if let Source::Param(f, i) = s {
                            if let std::collections::btree_map::Entry::Vacant(slot) = self.sinks.entry((f, i)) {
                                let trail = trail.clone();
                                slot.insert(Reach::Foreign { call: id, callee: name.clone(), param: ai, trail });
                                changed = true;
                            }
                        }
                    }
                }
            } else if let Some((callee, guessed)) = self.wrapper_callee(id) {
                for (ai, a) in args.iter().enumerate() {
                    let Some(pi) = pkg.func(callee).param_for_arg(ai) else { continue };
                    if !self.sinks.contains_key(&(callee, pi)) {
                        continue;
                    }
                    for s in self.taint[a.index()].clone() {
                        if let Source::Param(f, i) = s {
                            if (f, i) != (callee, pi) && !self.sinks.contains_key(&(f, i)) {
                                let reach = Reach::Wrapper { call: id, callee, param: pi, guessed };
                                self.sinks.insert((f, i), reach);
                                changed = true;
                            }
                        }
                    }
                }
            }
        }
        changed
    }
}
