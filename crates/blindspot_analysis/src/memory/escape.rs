//! Escapes: whether the address of a local variable's own storage (`var hist history`,
//! `var buf [64]byte`) can end up anywhere but in local variables and the parameters of
//! the calls it is passed to. One that cannot is reached by other code only through the
//! variable itself: a goroutine that never names it cannot touch it, whatever the alias
//! classes merged it with.
//!
//! The address flows through:
//! - `&x`, `&x.f`, `x.arr[:]`, and the implicit `&x` of a pointer-receiver method call;
//! - local variables it is assigned to, and the parameters of the package's functions it
//!   is passed to (followed into them), and of assembly declared `//go:noescape`.
//!
//! It escapes when it is stored into a field, an element, a package variable or a
//! composite literal, returned, sent, appended, passed to code outside the package (but
//! the methods of `sync` and `sync/atomic` values, which keep nothing), or used in a way
//! this does not follow.

use std::cell::{OnceCell, RefCell};

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

/// The most variables and parameters one question follows.
const MAX_TRACKED: usize = 256;

pub(crate) struct Escapes {
    /// Where each local variable and parameter is named (built when first needed).
    uses: OnceCell<HashMap<BindingId, Vec<ExprId>>>,
    /// Answers, by variable.
    known: RefCell<HashMap<BindingId, bool>>,
}

/// One question: the variables and parameters holding the address, still to look at.
struct Search {
    work: Vec<BindingId>,
    tracked: HashSet<BindingId>,
}

impl Search {
    fn track(&mut self, b: BindingId) -> bool {
        if self.tracked.insert(b) {
            self.work.push(b);
        }
        self.tracked.len() <= MAX_TRACKED
    }
}

impl Escapes {
    pub fn new() -> Escapes {
        Escapes { uses: OnceCell::new(), known: RefCell::new(HashMap::new()) }
    }

    /// Where each local variable and parameter is named.
    pub fn uses(&self, pkg: &Package) -> &HashMap<BindingId, Vec<ExprId>> {
        self.uses.get_or_init(|| {
            let mut uses: HashMap<BindingId, Vec<ExprId>> = HashMap::new();
            for id in pkg.expr_ids() {
                if let ExprKind::Name { res: NameRes::Local(b), .. } = pkg.expr(id).kind {
                    uses.entry(b).or_default().push(id);
                }
            }
            uses
        })
    }

    /// Whether the storage of local variable `b` stays its own: no address of it can be
    /// held anywhere but in local variables and parameters (see the module doc).
    pub fn stays_local(&self, pkg: &Package, b: BindingId) -> bool {
        if pkg.binding(b).owner.is_none() {
            return false;
        }
        if let Some(hit) = self.known.borrow().get(&b) {
            return !*hit;
        }
        let mut search = Search { work: Vec::new(), tracked: HashSet::new() };
        // The variable's own occurrences are places; what points into it is tracked.
        let escapes = self.uses(pkg).get(&b).into_iter().flatten().any(|&u| !self.place_use(pkg, u, &mut search))
            || self.follow(pkg, &mut search);
        self.known.borrow_mut().insert(b, escapes);
        !escapes
    }

    /// Follows the tracked pointer variables and parameters: whether any lets the address
    /// escape.
    fn follow(&self, pkg: &Package, search: &mut Search) -> bool {
        while let Some(v) = search.work.pop() {
            crate::budget::spend(1);
            for &u in self.uses(pkg).get(&v).into_iter().flatten() {
                if assigned_to(pkg, u) {
                    continue;
                }
                if !self.pointer_use(pkg, u, search) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether place `e` (the variable, or a field or element of it) is used in a way that
    /// keeps its address inside: read, written, or its address taken into what is tracked.
    fn place_use(&self, pkg: &Package, e: ExprId, search: &mut Search) -> bool {
        match pkg.expr(e).parent {
            Parent::Expr(p) => match &pkg.expr(p).kind {
                ExprKind::Selector { base, .. } if *base == e => self.selected(pkg, p, search),
                ExprKind::Index { base, .. } if *base == e && is_array(pkg, e) => self.place_use(pkg, p, search),
                ExprKind::Unary { op: UnaryOp::Addr, .. } => self.pointer_use(pkg, p, search),
                ExprKind::Slice { base, .. } if *base == e => !is_array(pkg, e) || self.pointer_use(pkg, p, search),
                // Any other use reads or copies the value; an element of a slice or map
                // the place holds is other memory.
                _ => true,
            },
            _ => true,
        }
    }

    /// Whether `sel`, a field or a method selected from a place of the variable (or
    /// through a pointer into it), keeps the address inside: a field is a place again; a
    /// method call passes the receiver; a method value binds it.
    fn selected(&self, pkg: &Package, sel: ExprId, search: &mut Search) -> bool {
        match method_call(pkg, sel) {
            Some(_) => self.receiver_use(pkg, sel, search),
            None if pkg.callee_func(sel).is_some() => false,
            None => self.place_use(pkg, sel, search),
        }
    }

    /// Whether the method call whose callee is `sel` (`x.m`, with `x` a place of the
    /// variable) keeps the address inside: a value receiver copies it; a pointer receiver
    /// takes `&x`, followed into the method.
    fn receiver_use(&self, pkg: &Package, sel: ExprId, search: &mut Search) -> bool {
        match pkg.callee_func(sel) {
            Some((m, _)) => {
                let func = pkg.func(m);
                match &func.receiver {
                    Some(r) if !r.pointer => true,
                    Some(r) => func.has_body && r.binding.is_none_or(|b| search.track(b)),
                    None => false,
                }
            }
            None => sync_method(pkg, sel),
        }
    }

    /// Whether the pointer value `e` (into the variable) is used in a way that keeps it
    /// inside.
    fn pointer_use(&self, pkg: &Package, e: ExprId, search: &mut Search) -> bool {
        match pkg.expr(e).parent {
            Parent::Expr(p) => match &pkg.expr(p).kind {
                ExprKind::Selector { base, .. } if *base == e => self.selected(pkg, p, search),
                ExprKind::Index { base, .. } if *base == e => self.place_use(pkg, p, search),
                ExprKind::Unary { op: UnaryOp::Deref, .. } => self.place_use(pkg, p, search),
                ExprKind::Slice { base, .. } if *base == e => self.pointer_use(pkg, p, search),
                ExprKind::Binary { .. } => true,
                ExprKind::Call { func, args, .. } if args.contains(&e) => {
                    if pkg.conversion_type(p).is_some() {
                        return self.pointer_use(pkg, p, search);
                    }
                    if ["len", "cap", "copy"].iter().any(|n| pkg.is_builtin(*func, n)) {
                        return true;
                    }
                    let Some((f, _)) = pkg.callee_func(*func) else { return false };
                    let callee = pkg.func(f);
                    let i = args.iter().position(|a| *a == e).unwrap_or(0);
                    let Some(slot) = callee.param_for_arg(i) else { return false };
                    let param = &callee.params[slot];
                    if param.variadic {
                        return false;
                    }
                    if !callee.has_body {
                        return callee.has_directive("go:noescape");
                    }
                    // An unnamed parameter is never used.
                    param.binding.is_none_or(|b| search.track(b))
                }
                _ => false,
            },
            Parent::Stmt(s) => match &pkg.stmt(s).kind {
                StmtKind::Assign { .. } => match assigned_local(pkg, s, e) {
                    Some(v) => search.track(v),
                    None => false,
                },
                StmtKind::Expr(_) => true,
                _ => false,
            },
            Parent::None => false,
        }
    }
}

/// The call `sel` is the callee of, if it is one.
fn method_call(pkg: &Package, sel: ExprId) -> Option<ExprId> {
    match pkg.expr(sel).parent {
        Parent::Expr(c) if matches!(&pkg.expr(c).kind, ExprKind::Call { func, .. } if *func == sel) => Some(c),
        _ => None,
    }
}

/// Whether `name` is written by its statement: the target of an assignment.
fn assigned_to(pkg: &Package, name: ExprId) -> bool {
    matches!(pkg.expr(name).parent, Parent::Stmt(s)
        if matches!(&pkg.stmt(s).kind, StmtKind::Assign { lhs, .. } if lhs.contains(&name)))
}

/// The local variable assignment `s` stores `value` into, when it is one (`p := &x`).
fn assigned_local(pkg: &Package, s: StmtId, value: ExprId) -> Option<BindingId> {
    let (target, _) = pkg.assignments(s).into_iter().find(|(_, v)| *v == value)?;
    match pkg.resolve(target)? {
        Resolved::Local(b) if pkg.binding(b).owner.is_some() => Some(b),
        _ => None,
    }
}

/// Whether `e` is of an array type (its elements live in it), or of a type not known.
fn is_array(pkg: &Package, e: ExprId) -> bool {
    pkg.types.of(e).is_none_or(|t| t.starts_with('[') && t[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.'))
}

/// Whether `sel` calls a method of a `sync` or `sync/atomic` value (`h.mu.Lock()`), which
/// keeps no pointer to it.
fn sync_method(pkg: &Package, sel: ExprId) -> bool {
    let ExprKind::Selector { base, .. } = &pkg.expr(sel).kind else { return false };
    let Some(t) = pkg.types.of(*base) else { return false };
    let t = t.trim_start_matches('*');
    t.starts_with("sync.") || t.starts_with("atomic.")
}
