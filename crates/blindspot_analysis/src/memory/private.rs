//! Memory a function has made and not yet shared. A local variable initialized with a new
//! object (`&T{...}`, `new`, `make`, a composite literal, or a call of one of the package's
//! constructors), or a named result or `var` declared without a value and assigned such an
//! object once (`j = &Journal{}`), is the function's alone until the variable is first used
//! in a way that
//! can let the object out: passed to a Go function or method, stored, captured by a
//! closure, returned, converted to something else. Until then no other goroutine can
//! reach the object, so handing it to C, the kernel or assembly cannot race: that is how
//! an object is filled in before it is published (`cred := newCredential();
//! C.git_credential_new(&cred.ptr, ...)`).
//!
//! The same holds for memory just allocated in C or mapped (`p := C.malloc(n)`). The uses
//! that do not let the object out are writes into it (`x.f = v`, `x[i] = v`, `*x = v`) and
//! handing it, or a field or element of it, to a C function: cgo forbids C from keeping a
//! Go pointer after the call returns (C memory handed to C stays private only as far as the
//! C function does not keep it, which is what a C allocation's first initialization does).
//!
//! Copying the pointer into another local variable of the function (`valp = payload`,
//! `next := frame`) lets nothing out either: the object is shared where either variable
//! first lets it out.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::alias::{is_new_object, is_view, var, view_operand, Aliases};

/// For each local variable that holds a new object, where it is first shared.
pub(crate) struct Private {
    first_shared: HashMap<BindingId, u32>,
}

impl Private {
    pub fn find(pkg: &Package, aliases: &Aliases) -> Private {
        let constructors = &aliases.constructors;
        let fresh = |e: ExprId| {
            is_new_object(pkg, e)
                || aliases.allocs[e.index()].is_some()
                || matches!(&pkg.expr(e).kind, ExprKind::Call { func, .. }
                    if pkg.callee_func(*func).is_some_and(|(f, _)| constructors.contains(&f)))
        };
        let mut first_shared: HashMap<BindingId, u32> = HashMap::new();
        for (i, b) in pkg.bindings.iter().enumerate() {
            if b.kind == BindingKind::Var && b.owner.is_some() && matches!(b.init, Some((init, 0)) if fresh(init)) {
                first_shared.insert(BindingId(i as u32), u32::MAX);
            }
        }
        // A named result or a `var x *T` declared without a value and assigned once, a new
        // object (`j = &Journal{}`): private from that assignment on.
        let mut assigned: HashMap<BindingId, (usize, Option<ExprId>)> = HashMap::new();
        for sid in pkg.stmt_ids() {
            for (target, value) in pkg.assignments(sid) {
                let Some(b) = var(pkg, target).filter(|b| {
                    let binding = pkg.binding(*b);
                    binding.owner.is_some()
                        && binding.init.is_none()
                        && matches!(binding.kind, BindingKind::Var | BindingKind::Result)
                }) else {
                    continue;
                };
                let entry = assigned.entry(b).or_insert((0, None));
                entry.0 += 1;
                entry.1 = fresh(value).then_some(target);
            }
        }
        let mut assigned_fresh: HashMap<BindingId, ExprId> = HashMap::new();
        for (b, (n, target)) in assigned {
            if let (1, Some(target)) = (n, target) {
                first_shared.insert(b, u32::MAX);
                assigned_fresh.insert(b, target);
            }
        }
        if first_shared.is_empty() {
            return Private { first_shared };
        }
        // Local variables a private object is copied into (`y = x`), each with the variables
        // whose objects it holds, and where each first lets what it holds out.
        // The copies' right sides (`x` in `y = x`) and targets (`y`) are not uses that share.
        let mut copies: HashMap<BindingId, Vec<BindingId>> = HashMap::new();
        let mut copy_exprs: HashSet<ExprId> = HashSet::new();
        for id in pkg.expr_ids() {
            if !matches!(pkg.expr(id).kind, ExprKind::Name { .. }) {
                continue;
            }
            let Some(b) = var(pkg, id).filter(|b| first_shared.contains_key(b)) else { continue };
            if let Some((y, target)) = local_copy(pkg, id, b).filter(|(y, _)| !first_shared.contains_key(y)) {
                copies.entry(y).or_default().push(b);
                copy_exprs.extend([id, target]);
            }
        }
        let mut copy_shared: HashMap<BindingId, u32> = copies.keys().map(|y| (*y, u32::MAX)).collect();
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            if !matches!(e.kind, ExprKind::Name { .. }) {
                continue;
            }
            let Some(b) = var(pkg, id) else { continue };
            let at = match first_shared.get_mut(&b) {
                Some(at) if pkg.binding(b).span != e.span && assigned_fresh.get(&b) != Some(&id) => at,
                Some(_) => continue,
                None => match copy_shared.get_mut(&b) {
                    Some(at) if pkg.binding(b).span != e.span && !copy_exprs.contains(&id) => at,
                    _ => continue,
                },
            };
            // A use in a closure, of any kind, shares the object when the closure is made.
            let shared_at = match e.owner.filter(|o| Some(*o) != pkg.binding(b).owner) {
                Some(_) => outermost_literal_start(pkg, e.owner, pkg.binding(b).owner).unwrap_or(e.span.start),
                None if keeps_private(pkg, id) => continue,
                None if copy_exprs.contains(&id) => continue,
                None => e.span.start,
            };
            *at = (*at).min(shared_at);
        }
        for (y, sources) in &copies {
            for x in sources {
                if let Some(at) = first_shared.get_mut(x) {
                    *at = (*at).min(copy_shared[y]);
                }
            }
        }
        Private { first_shared }
    }

    /// Whether the memory `arg` reaches (what an access touches, or hands over), in an
    /// access by expression `at` of function `func`, belongs to a new object that its
    /// function has not shared yet.
    pub fn covers(&self, pkg: &Package, arg: ExprId, at: ExprId, func: FuncId) -> bool {
        let Some(b) = root_var(pkg, arg) else { return false };
        let Some(&shared) = self.first_shared.get(&b) else { return false };
        let binding = pkg.binding(b);
        let span = pkg.expr(at).span;
        binding.owner == Some(func)
            // The access holds no use that shares the object.
            && span.end <= shared
            && span.file == binding.span.file
            // Not in a loop that runs the access again after the object is shared: every
            // loop around the access but not around the declaration (which makes a new
            // object each turn) ends before the object is shared.
            && pkg.loops.iter().all(|l| {
                let around = |s: Span| l.file == s.file && l.start <= s.start && s.end <= l.end;
                !around(span) || around(binding.span) || l.end <= shared
            })
    }
}

/// The variable at the root of `&x.f`, `&x[i]`, `x.f`, `x[i:j]`, `x`, through conversions and
/// `unsafe.Pointer`.
fn root_var(pkg: &Package, e: ExprId) -> Option<BindingId> {
    let mut e = e;
    for _ in 0..16 {
        e = match &pkg.expr(e).kind {
            ExprKind::Name { .. } => return var(pkg, e),
            ExprKind::Unary { op: UnaryOp::Addr | UnaryOp::Deref, operand } => *operand,
            ExprKind::Selector { base, .. } | ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } => *base,
            ExprKind::Call { .. } => view_operand(pkg, e)?,
            _ => return None,
        };
    }
    None
}

/// For a use `name` of the private variable `x`: when it is the whole right side of `y = x`
/// or `y := x` with `y` another plain local variable of the same function (not a named result, which a
/// bare `return` uses unseen), `y` and the assignment's target.
fn local_copy(pkg: &Package, name: ExprId, x: BindingId) -> Option<(BindingId, ExprId)> {
    let Parent::Stmt(s) = pkg.expr(name).parent else { return None };
    let StmtKind::Assign { lhs, rhs, op: AssignOp::Assign | AssignOp::Define } = &pkg.stmt(s).kind else {
        return None;
    };
    if rhs.as_slice() != [name] || lhs.len() != 1 {
        return None;
    }
    let y = var(pkg, lhs[0]).filter(|y| *y != x)?;
    let (bx, by) = (pkg.binding(x), pkg.binding(y));
    (by.kind == BindingKind::Var && by.owner.is_some() && by.owner == bx.owner).then_some((y, lhs[0]))
}

/// Whether a use of a variable keeps its object private: the base of what an assignment
/// or `++` writes (`x.f = v`, `x[i] = v`, `*x = v`), (part of) an argument of a C
/// function, or of `copy`, `len`, `cap` or `clear`.
fn keeps_private(pkg: &Package, name: ExprId) -> bool {
    let mut cur = name;
    for _ in 0..16 {
        let p = match pkg.expr(cur).parent {
            Parent::Expr(p) => p,
            Parent::Stmt(s) => {
                return match &pkg.stmt(s).kind {
                    StmtKind::Assign { lhs, op, .. } => {
                        cur != name && !matches!(op, AssignOp::Define | AssignOp::Var) && lhs.contains(&cur)
                    }
                    StmtKind::IncDec { target, .. } => cur != name && *target == cur,
                    _ => false,
                };
            }
            Parent::None => return false,
        };
        match &pkg.expr(p).kind {
            ExprKind::Selector { base, .. } | ExprKind::Index { base, .. } | ExprKind::Slice { base, .. }
                if *base == cur =>
            {
                cur = p
            }
            ExprKind::Unary { op: UnaryOp::Addr | UnaryOp::Deref, .. } => cur = p,
            ExprKind::Call { func, args, .. } if args.contains(&cur) => {
                if pkg.conversion_type(p).is_some() || is_view(pkg, *func) {
                    cur = p;
                } else {
                    // Copying into or out of it, measuring or clearing it lets nothing out.
                    let builtin = ["copy", "len", "cap", "clear"].iter().any(|b| pkg.is_builtin(*func, b));
                    return builtin || pkg.c_callee(p).is_some();
                }
            }
            _ => return false,
        }
    }
    false
}

/// The start of the outermost function literal, inside `outer`, that holds `inner`.
fn outermost_literal_start(pkg: &Package, inner: Option<FuncId>, outer: Option<FuncId>) -> Option<u32> {
    let mut f = inner?;
    for _ in 0..64 {
        let parent = pkg.func(f).parent;
        if parent == outer {
            return Some(pkg.func(f).span.start);
        }
        f = parent?;
    }
    None
}
