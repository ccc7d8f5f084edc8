//! Holders: the object whose field an access goes through, so that the same field of two
//! objects is told apart. Alias classes key a field by its declaring type (`Writer.out`),
//! which merges the scratch buffers of every `Writer`; this module says, for an access
//! like `&w.out[0]`, which `Writer` it is (`w`'s alias classes), and two accesses whose
//! holders can never be the same object touch different memory.
//!
//! A holder is only told apart when the model sees every value it can be:
//! - the field is **owned**: unexported, its address never taken, every store into it a new
//!   object or a view of the field itself (`w.out = make(...)`, `w.out = w.out[:n]`), so two
//!   objects never share what it points to; the same for each field held by value on the
//!   way (`h.dec.buf`: `dec` and `buf`);
//! - every location in the holder's classes gets its values only from expressions whose
//!   values are known (no element read, channel receive, range variable, multi-value call,
//!   store through a pointer), and a parameter among them stands for the arguments of
//!   every call of its function, which must be the package's to know (not exported, never
//!   used as a value).
//!
//! Anything else gives no holder, and the access is compared with every other as before.

use blindspot_go::hash::{HashSet, HashSetExt};
use blindspot_go::model::*;

use super::alias::{is_new_object, var, view_operand, Aliases, Loc};

/// How deep a field path or an expression is followed.
const MAX_DEPTH: usize = 16;

/// What the holder analysis knows of the package: fields that are not owned, locations
/// that receive values the model does not follow, and variables held by value that are
/// reassigned.
pub(crate) struct HolderFacts {
    unowned: HashSet<u32>,
    untracked: HashSet<Loc>,
    /// A struct is copied through a pointer (`*p = *q`) with a type not known: no field is
    /// owned.
    blind_copy: bool,
    /// Struct types copied through a pointer from something not new.
    copied_types: HashSet<String>,
    /// Struct variables assigned a copy of another struct, which shares what its fields
    /// point to.
    copied_vars: HashSet<BindingId>,
}

impl HolderFacts {
    pub fn find(pkg: &Package, aliases: &Aliases) -> HolderFacts {
        let mut h = HolderFacts {
            unowned: HashSet::new(),
            untracked: HashSet::new(),
            blind_copy: false,
            copied_types: HashSet::new(),
            copied_vars: HashSet::new(),
        };
        let tracked = |a: &Aliases, v: ExprId| {
            pkg.is_nil(v)
                || !a.vals[v.index()].is_empty()
                || pkg.types.of(v).is_some_and(|t| pkg.is_scalar(t) || t == "string")
                || matches!(pkg.expr(v).kind, ExprKind::Literal)
        };
        for sid in pkg.stmt_ids() {
            match &pkg.stmt(sid).kind {
                StmtKind::Assign { lhs, rhs, .. } => {
                    let multi = lhs.len() > 1 && rhs.len() == 1;
                    let pairs = pkg.assignments(sid);
                    for &t in lhs {
                        let value = pairs.iter().find(|(x, _)| *x == t).map(|(_, v)| *v).filter(|_| !multi);
                        match &pkg.expr(t).kind {
                            ExprKind::Name { .. } => {
                                if let Some(b) = var(pkg, t) {
                                    if value.is_none_or(|v| !tracked(aliases, v)) {
                                        h.untracked.insert(Loc::Binding(b));
                                    }
                                    // A variable held by value gets a copy of something else.
                                    if value.is_none_or(|v| !is_new_object(pkg, v) && !pkg.is_nil(v)) {
                                        h.copied_vars.insert(b);
                                    }
                                }
                            }
                            ExprKind::Selector { base, field } => {
                                if matches!(pkg.resolve(*base), Some(Resolved::Import(_))) {
                                    continue;
                                }
                                let Some(Loc::Field(i)) = aliases.field_known(pkg, t) else { continue };
                                if value.is_none_or(|v| !tracked(aliases, v)) {
                                    h.untracked.insert(Loc::Field(i));
                                }
                                if value.is_none_or(|v| !owned_value(pkg, v, field, 0)) {
                                    h.unowned.insert(i);
                                }
                            }
                            ExprKind::Unary { op: UnaryOp::Deref, .. } => {
                                if let Some(v) = value.filter(|v| !is_new_object(pkg, *v) && !pkg.is_nil(*v)) {
                                    match pkg.types.of(v) {
                                        Some(ty) => {
                                            h.copied_types.insert(pkg.declared_as(named_base(ty)).to_string());
                                        }
                                        None => h.blind_copy = true,
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                StmtKind::Return(values) => {
                    if let Some(f) = pkg.stmt(sid).owner {
                        if values.iter().any(|v| !tracked(aliases, *v)) {
                            h.untracked.insert(Loc::Ret(f));
                        }
                    }
                }
                _ => {}
            }
        }
        for (i, b) in pkg.bindings.iter().enumerate() {
            let b_id = BindingId(i as u32);
            let untracked = match b.kind {
                BindingKind::Range | BindingKind::TypeSwitch => true,
                BindingKind::Var | BindingKind::Result => match b.init {
                    Some((init, 0)) => !tracked(aliases, init),
                    Some(_) => true,
                    None => false,
                },
                _ => false,
            };
            if untracked {
                h.untracked.insert(Loc::Binding(b_id));
            }
            if !matches!(b.init, None | Some((_, 0))) || b.init.is_some_and(|(v, _)| !is_new_object(pkg, v)) {
                h.copied_vars.insert(b_id);
            }
        }
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            match &e.kind {
                ExprKind::Composite { elems, ty } => {
                    for el in elems {
                        let Some(ElementKey::Name(f)) = &el.key else { continue };
                        let written = (!ty.0.is_empty()).then(|| ty.as_str());
                        let owner = pkg.field_owner_in(written, f).unwrap_or_default();
                        let Some(Loc::Field(i)) = aliases.field_of_known(owner, f) else { continue };
                        if !tracked(aliases, el.value) {
                            h.untracked.insert(Loc::Field(i));
                        }
                        if !owned_value(pkg, el.value, f, 0) {
                            h.unowned.insert(i);
                        }
                    }
                }
                // The address of a field lets anyone store into it; the address of a
                // variable, that it holds something the model did not see.
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Selector { base, .. } if !matches!(pkg.resolve(*base), Some(Resolved::Import(_))) => {
                        if let Some(Loc::Field(i)) = aliases.field_known(pkg, *operand) {
                            h.unowned.insert(i);
                        }
                    }
                    ExprKind::Name { .. } => {
                        if let Some(b) = var(pkg, *operand) {
                            h.untracked.insert(Loc::Binding(b));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        h
    }

    /// Whether field `i` (of struct type `owner`, named `name`) is owned by the objects that
    /// hold it.
    fn owned(&self, aliases: &Aliases, i: u32, owner: &str, name: &str) -> bool {
        !self.blind_copy
            && !self.unowned.contains(&i)
            && !aliases.guessed_fields.contains(&i)
            && !self.copied_types.contains(owner)
            && name.starts_with(|c: char| c.is_lowercase() || c == '_')
    }

    /// Whether a location gets its values only from expressions the model follows.
    pub fn tracked(&self, l: &Loc) -> bool {
        !self.untracked.contains(l)
    }

    /// The locations of the object whose field an access through `e` goes through, and
    /// whether the access is to the field's own storage (a struct held by value:
    /// `&h.dec`, `h.dec` as a method's receiver) rather than to what it points to (`w`'s
    /// values for `&w.out[0]`, `w.out[:n]`, `unsafe.Pointer(&w.out[0])`). The storage of
    /// two objects' fields is always apart; what their fields point to only when the field
    /// is owned. `None` when the access does not go through a field, or the holder is not
    /// known.
    pub fn of_access(&self, pkg: &Package, aliases: &Aliases, e: ExprId) -> Option<(Vec<Loc>, bool)> {
        let mut e = strip_views(pkg, e);
        // At most one index or slice of the field itself: an element of an owned slice may
        // point anywhere (`w.bufs[i][0]`).
        let mut indexed = false;
        if let ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } = &pkg.expr(e).kind {
            e = *base;
            indexed = true;
        }
        let ExprKind::Selector { base, .. } = &pkg.expr(e).kind else { return None };
        if matches!(pkg.resolve(*base), Some(Resolved::Import(_))) {
            return None;
        }
        let storage = !indexed && held_by_value(pkg, e);
        if !storage && !self.owned_selector(pkg, aliases, e) {
            return None;
        }
        Some((self.object_of(pkg, aliases, *base, storage)?, storage))
    }

    fn owned_selector(&self, pkg: &Package, aliases: &Aliases, selector: ExprId) -> bool {
        let ExprKind::Selector { field, .. } = &pkg.expr(selector).kind else { return false };
        let owner = pkg.field_owner(selector).unwrap_or_default();
        match aliases.field_known(pkg, selector) {
            Some(Loc::Field(i)) => self.owned(aliases, i, &owner, field),
            _ => false,
        }
    }

    /// The locations of the object an expression denotes (a pointer's target, or the
    /// variable or field a struct value is stored in): a struct variable held by value is
    /// its own storage; a struct field held by value is part of its holder. For what a
    /// field points to (`storage` false), a struct copied whole on the way shares it with
    /// the original: such a variable or field gives `None`.
    pub fn object_of(&self, pkg: &Package, aliases: &Aliases, mut e: ExprId, storage: bool) -> Option<Vec<Loc>> {
        for _ in 0..MAX_DEPTH {
            match &pkg.expr(e).kind {
                ExprKind::Unary { op: UnaryOp::Addr | UnaryOp::Deref, operand } => e = *operand,
                ExprKind::Name { .. } if held_by_value(pkg, e) => {
                    let b = var(pkg, e)?;
                    let binding = pkg.binding(b);
                    // Parameters and range variables held by value are copies of a value
                    // whose holder is not known here.
                    let own = binding.kind == BindingKind::Var && binding.owner.is_some();
                    return (own && (storage || !self.copied_vars.contains(&b))).then(|| vec![Loc::Storage(b)]);
                }
                ExprKind::Selector { base, .. }
                    if held_by_value(pkg, e) && !matches!(pkg.resolve(*base), Some(Resolved::Import(_))) =>
                {
                    if !storage && !self.owned_selector(pkg, aliases, e) {
                        return None;
                    }
                    e = *base;
                }
                _ => {
                    let v = aliases.vals[e.index()].clone();
                    return (!v.is_empty()).then_some(v);
                }
            }
        }
        None
    }
}

/// An expression without the conversions, `unsafe` views and `&` around it.
fn strip_views(pkg: &Package, mut e: ExprId) -> ExprId {
    for _ in 0..MAX_DEPTH {
        if let Some(op) = view_operand(pkg, e) {
            e = op;
        } else if let ExprKind::Unary { op: UnaryOp::Addr, operand } = &pkg.expr(e).kind {
            e = *operand;
        } else {
            break;
        }
    }
    e
}

/// Whether an expression is a struct held by value (its type is one of the package's
/// struct types, not a pointer).
fn held_by_value(pkg: &Package, e: ExprId) -> bool {
    pkg.types.of(e).is_some_and(|t| !t.starts_with('*') && pkg.struct_named(pkg.declared_as(named_base(t))).is_some())
}

/// Whether a value stored into field `field` is the storing object's own: a new object, a
/// copy, or a view or `append` of the same field (`w.out = w.out[:n]`).
fn owned_value(pkg: &Package, v: ExprId, field: &str, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if pkg.is_nil(v) || is_new_object(pkg, v) || matches!(pkg.expr(v).kind, ExprKind::Literal) {
        return true;
    }
    if pkg.types.of(v).is_some_and(|t| pkg.is_scalar(t) || t == "string") {
        return true;
    }
    match &pkg.expr(v).kind {
        ExprKind::Slice { base, .. } => owned_value(pkg, *base, field, depth + 1),
        ExprKind::Selector { field: f, .. } => f == field,
        ExprKind::Call { func, args, .. } => {
            if pkg.is_builtin(*func, "append") {
                return args.first().is_some_and(|a| owned_value(pkg, *a, field, depth + 1));
            }
            pkg.conversion_type(v).is_some_and(|t| matches!(t.as_str(), "string" | "[]byte" | "[]rune"))
        }
        _ => false,
    }
}
