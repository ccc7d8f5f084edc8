//! Named state and its accesses: package-level variables, fields of the package's struct
//! types reached through receivers and typed parameters, and local variables some closure
//! captures. A write is an assignment, `++`/`--`, `delete` or `clear` rooted at the state.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::{State, StateAccess};

/// Every access to named state, by state, and the writes by function.
pub(super) struct StateIndex {
    pub accesses: HashMap<State, Vec<StateAccess>>,
    pub writes: HashMap<FuncId, Vec<(State, StateAccess)>>,
    /// The fields of each package-level variable that are accessed one by one.
    fields: HashMap<BindingId, Vec<State>>,
}

impl StateIndex {
    pub fn new(pkg: &Package) -> StateIndex {
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
        let mut index = StateIndex { accesses: HashMap::new(), writes: HashMap::new(), fields: HashMap::new() };
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
                    match selected_field(pkg, id) {
                        Some((sel, field)) => (State::VarField { var: b, field }, sel, None),
                        None => (State::Var(b), id, None),
                    }
                }
                Some(Resolved::Local(b)) => match (selected_field(pkg, id), struct_type(pkg, b, &structs)) {
                    (Some((sel, field)), Some(ty)) => (State::Field { ty, field }, sel, Some(b)),
                    _ if captured.contains(&b) => (State::Local(b), id, None),
                    _ => continue,
                },
                _ => continue,
            };
            let write = is_written(pkg, at);
            let access = StateAccess { expr: at, span: pkg.expr(at).span, func, write, root };
            if write {
                index.writes.entry(func).or_default().push((state.clone(), access.clone()));
            }
            if let State::VarField { var, .. } = &state {
                let fields = index.fields.entry(*var).or_default();
                if !fields.contains(&state) {
                    fields.push(state.clone());
                }
            }
            index.accesses.entry(state).or_default().push(access);
        }
        index
    }

    /// The accesses that touch the memory of `state`: a field of a package-level variable
    /// meets that field and the variable as a whole; the whole variable meets every field.
    pub fn touching(&self, state: &State) -> Vec<StateAccess> {
        let of = |s: &State| self.accesses.get(s).into_iter().flatten().cloned();
        match state {
            State::VarField { var, .. } => of(state).chain(of(&State::Var(*var))).collect(),
            State::Var(var) => {
                let fields = self.fields.get(var).into_iter().flatten();
                of(state).chain(fields.flat_map(of)).collect()
            }
            _ => of(state).collect(),
        }
    }
}

/// `(x.f, "f")` when the name `x` is the base of a selector.
fn selected_field(pkg: &Package, id: ExprId) -> Option<(ExprId, String)> {
    let Parent::Expr(p) = pkg.expr(id).parent else { return None };
    match &pkg.expr(p).kind {
        ExprKind::Selector { base, field } if *base == id => Some((p, field.clone())),
        _ => None,
    }
}

/// The package struct type a pointer receiver or parameter points to, if it has one.
fn struct_type(pkg: &Package, b: BindingId, structs: &HashSet<&str>) -> Option<String> {
    // A local of the type is the function's own value, not shared state; so is a receiver
    // or parameter passed by value (`func draw(pos drawPos)`): a copy.
    if !matches!(pkg.binding(b).kind, BindingKind::Receiver | BindingKind::Param) {
        return None;
    }
    if !pkg.types.of_binding(b).is_some_and(|t| t.starts_with('*')) {
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
