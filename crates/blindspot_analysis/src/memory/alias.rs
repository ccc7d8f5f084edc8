//! Aliasing: which places may hold the same pointer. A flow-insensitive union of the
//! places a pointer can be held (variables, struct fields by name, function results,
//! allocation sites), joined by assignments, conversions and views (`unsafe.Slice`,
//! `(*[N]T)(p)`, slicing, `unsafe.Add`), composite literal fields and returns. Call
//! arguments are not merged into parameters: accesses through a parameter are attributed to
//! each call's argument instead (see `objects`).

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use crate::allocators::{allocation, Origin};
use crate::facts::Imports;

/// The most locations a sum or difference (pointer arithmetic) is taken to point at. Real
/// code adds an offset to one pointer; a larger cap only guards against hostile input.
const MAX_SUM_VALUES: usize = 16;

/// A place that can hold a pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Loc {
    Binding(BindingId),
    /// A struct field: of the struct type that declares it when the source shows it
    /// ([`Package::field_owner`]), else of any value whose type is not known (interned).
    Field(u32),
    /// The result of a function.
    Ret(FuncId),
    /// An allocation site.
    Alloc(ExprId),
    /// A variable's own storage (`&x` points to it), as opposed to what the variable
    /// points to (`Binding`).
    Storage(BindingId),
    /// A field's own storage (`&s.n`), keyed as `Field` is.
    FieldStorage(u32),
}

#[derive(Clone)]
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // Deterministic: the smaller index is the representative.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi] = lo;
        }
    }
}

/// The alias classes: every location met so far, numbered in the order it was met, and
/// their union. A class is named by its smallest number. Locations met after the unions
/// (by a query) get classes of their own.
#[derive(Clone)]
pub(crate) struct Classes {
    locs: HashMap<Loc, usize>,
    uf: UnionFind,
}

impl Classes {
    /// The number of a location, given one if it has none.
    pub fn index(&mut self, l: Loc) -> usize {
        if let Some(&i) = self.locs.get(&l) {
            return i;
        }
        let i = self.uf.parent.len();
        self.uf.parent.push(i);
        self.locs.insert(l, i);
        i
    }

    /// The class of a location number.
    pub fn find(&mut self, i: usize) -> usize {
        self.uf.find(i)
    }

    /// The class of a location, if it was met.
    pub fn class_if_known(&mut self, l: &Loc) -> Option<usize> {
        let i = *self.locs.get(l)?;
        Some(self.uf.find(i))
    }

    fn union(&mut self, a: Loc, b: Loc) {
        crate::budget::spend(1);
        let (a, b) = (self.index(a), self.index(b));
        self.uf.union(a, b);
    }

    /// The classes of some locations, sorted, without duplicates.
    pub fn class_of(&mut self, locs: &[Loc]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for l in locs {
            let i = self.index(*l);
            out.push(self.uf.find(i));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The locations of each class.
    pub fn members(&mut self) -> HashMap<usize, Vec<Loc>> {
        let mut out: HashMap<usize, Vec<Loc>> = HashMap::new();
        let locs: Vec<(Loc, usize)> = self.locs.iter().map(|(l, i)| (*l, *i)).collect();
        for (l, i) in locs {
            let c = self.uf.find(i);
            out.entry(c).or_default().push(l);
        }
        out
    }
}

/// The values of a package: what each expression may point at, and the alias classes.
pub(crate) struct Aliases {
    /// Pointer-ish values each expression may hold, by expression.
    pub vals: Vec<Vec<Loc>>,
    /// The origin of the memory each call allocates, by expression.
    pub allocs: Vec<Option<Origin>>,
    /// The classes once every assignment, return and composite literal is joined.
    pub classes: Classes,
    /// Fields by (declaring type, or "" when not known; name), interned.
    fields: HashMap<(String, String), u32>,
    /// Fields some selector reached by a guess: its base's type was not known.
    pub guessed_fields: HashSet<u32>,
    /// The package's constructors (see [`fresh_allocators`]).
    pub constructors: HashSet<FuncId>,
    /// Variables of a type that never holds a pointer: nothing is stored into them.
    scalar_bindings: HashSet<BindingId>,
}

impl Aliases {
    pub fn build(pkg: &Package, imports: &Imports) -> Aliases {
        let mut a = Aliases {
            vals: Vec::with_capacity(pkg.exprs.len()),
            allocs: pkg.expr_ids().map(|e| allocation(pkg, imports, e)).collect(),
            classes: Classes { locs: HashMap::new(), uf: UnionFind { parent: Vec::new() } },
            fields: HashMap::new(),
            guessed_fields: HashSet::new(),
            constructors: fresh_allocators(pkg),
            scalar_bindings: (0..pkg.bindings.len() as u32)
                .map(BindingId)
                .filter(|b| pkg.types.of_binding(*b).is_some_and(|t| pkg.is_scalar(t)))
                .collect(),
        };
        a.compute_vals(pkg);
        a.join(pkg);
        a
    }

    /// The field a selector `x.f` denotes.
    pub fn field(&mut self, pkg: &Package, selector: ExprId) -> Loc {
        let ExprKind::Selector { field, .. } = &pkg.expr(selector).kind else { unreachable!("a selector") };
        let (owner, guessed) = pkg.field_owner_guessed(selector);
        let loc = self.field_of(owner.unwrap_or_default(), field);
        if let (true, Loc::Field(i)) = (guessed, loc) {
            self.guessed_fields.insert(i);
        }
        loc
    }

    /// The storage of the field a selector `x.f` denotes.
    pub fn field_storage(&mut self, pkg: &Package, selector: ExprId) -> Loc {
        let Loc::Field(i) = self.field(pkg, selector) else { unreachable!("field() makes fields") };
        Loc::FieldStorage(i)
    }

    /// The field a selector `x.f` denotes, when it was met (every selector is, when the
    /// classes are built).
    pub fn field_known(&self, pkg: &Package, selector: ExprId) -> Option<Loc> {
        let ExprKind::Selector { field, .. } = &pkg.expr(selector).kind else { return None };
        self.field_of_known(pkg.field_owner(selector).unwrap_or_default(), field)
    }

    /// The field `name` of struct type `owner`, when it was met.
    pub fn field_of_known(&self, owner: String, name: &str) -> Option<Loc> {
        self.fields.get(&(owner, name.to_string())).map(|i| Loc::Field(*i))
    }

    fn field_of(&mut self, owner: String, name: &str) -> Loc {
        let next = self.fields.len() as u32;
        Loc::Field(*self.fields.entry((owner, name.to_string())).or_insert(next))
    }

    /// The pointer-ish values of every expression, bottom-up in arena order.
    fn compute_vals(&mut self, pkg: &Package) {
        let (passthrough, opaque_returns) = passthrough_params(pkg);
        for id in pkg.expr_ids() {
            let v = match &pkg.expr(id).kind {
                ExprKind::Name { .. } => var(pkg, id).map(Loc::Binding).into_iter().collect(),
                ExprKind::Selector { base, .. } => {
                    if let Some(Resolved::Import(_)) = pkg.resolve(*base) {
                        Vec::new()
                    } else {
                        vec![self.field(pkg, id)]
                    }
                }
                ExprKind::Call { func, args, .. } => {
                    // `new(T)` and Go 1.26's `new(expr)` allocate a variable and yield its
                    // address, as `&x` does.
                    if self.allocs[id.index()].is_some() || pkg.is_builtin(*func, "new") {
                        vec![Loc::Alloc(id)]
                    } else if pkg
                        .conversion_type(id)
                        .is_some_and(|t| matches!(t.as_str(), "string" | "[]byte" | "[]rune"))
                    {
                        // These conversions copy.
                        Vec::new()
                    } else if pkg.conversion_type(id).is_some()
                        || is_view(pkg, *func)
                        || pkg.is_builtin(*func, "append")
                    {
                        args.first().map(|a| self.vals[a.index()].clone()).unwrap_or_default()
                    } else if let Some((_, _)) = pkg.callee_func(*func).filter(|(f, _)| self.constructors.contains(f)) {
                        // A constructor hands each call a new object of its own.
                        vec![Loc::Alloc(id)]
                    } else if let Some((f, _)) = pkg.callee_func(*func) {
                        // A function that returns (a view of) its parameter hands each caller
                        // back its own argument (`buf = encode(buf[:0], v)`).
                        let passes = passthrough.iter().any(|(g, _)| *g == f);
                        let mut v = if passes && !opaque_returns.contains(&f) { Vec::new() } else { vec![Loc::Ret(f)] };
                        for &(g, i) in passthrough.iter().filter(|(g, _)| *g == f) {
                            let arg = args.iter().enumerate().find(|(ai, _)| pkg.func(g).param_for_arg(*ai) == Some(i));
                            if let Some((_, a)) = arg {
                                v.extend(self.vals[a.index()].iter().copied());
                            }
                        }
                        v
                    } else {
                        Vec::new()
                    }
                }
                // `&mem[i]` points into `mem` (into the variable itself when it is an array);
                // `&x` and `&s.n` at the variable or field.
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Index { base, .. } => match array_storage(pkg, *base) {
                        Some(l) => vec![l],
                        None => self.vals[base.index()].clone(),
                    },
                    ExprKind::Name { .. } => var(pkg, *operand).map(Loc::Storage).into_iter().collect(),
                    ExprKind::Selector { base, .. } if !matches!(pkg.resolve(*base), Some(Resolved::Import(_))) => {
                        vec![self.field_storage(pkg, *operand)]
                    }
                    _ => self.vals[operand.index()].clone(),
                },
                ExprKind::Slice { base, .. } => match array_storage(pkg, *base) {
                    Some(l) => vec![l],
                    None => self.vals[base.index()].clone(),
                },
                ExprKind::TypeAssert { operand, .. } => self.vals[operand.index()].clone(),
                ExprKind::Binary { op, left, right } if op == "+" || op == "-" => {
                    // Without duplicates, and at most MAX_SUM_VALUES: `a + (a + (a + ...))`
                    // nested 100,000 deep once took memory quadratic in the depth.
                    let mut v = self.vals[left.index()].clone();
                    for loc in self.vals[right.index()].iter() {
                        if v.len() >= MAX_SUM_VALUES {
                            break;
                        }
                        if !v.contains(loc) {
                            v.push(*loc);
                        }
                    }
                    v
                }
                _ => Vec::new(),
            };
            // A number or boolean never holds a pointer (`n := len(buf) + off`).
            let v = if !v.is_empty() && pkg.types.of(id).is_some_and(|t| pkg.is_scalar(t)) { Vec::new() } else { v };
            self.vals.push(v);
        }
    }

    /// The location an assignment target stores into.
    fn target(&mut self, pkg: &Package, e: ExprId) -> Option<Loc> {
        match &pkg.expr(e).kind {
            // A type switch's variable is one binding for all its cases, but Go declares one
            // per case: a value assigned in one case must not reach the others.
            ExprKind::Name { .. } => {
                var(pkg, e).filter(|b| pkg.binding(*b).kind != BindingKind::TypeSwitch).map(Loc::Binding)
            }
            ExprKind::Selector { .. } => Some(self.field(pkg, e)),
            _ => None,
        }
    }

    fn bind(&mut self, to: Loc, value: ExprId) {
        if let Loc::Binding(b) = to {
            if self.scalar_bindings.contains(&b) {
                return;
            }
        }
        for i in 0..self.vals[value.index()].len() {
            let v = self.vals[value.index()][i];
            self.classes.union(to, v);
        }
    }

    /// Joins what assignments, returns and composite literals store.
    fn join(&mut self, pkg: &Package) {
        for sid in pkg.stmt_ids() {
            let stmt = pkg.stmt(sid);
            match &stmt.kind {
                StmtKind::Assign { .. } => {
                    for (t, value) in pkg.assignments(sid) {
                        if let Some(to) = self.target(pkg, t) {
                            self.bind(to, value);
                        }
                    }
                }
                // `Ret(f)` is `f`'s first result, the one a call's value is (`x := f()`, and
                // `x, err := f()` binds `x` only): the other results (`return buf, err`) are
                // not joined into it.
                StmtKind::Return(values) => {
                    let Some(f) = stmt.owner else { continue };
                    if let Some(v) = values.first() {
                        // A returned parameter goes back to each caller, not into one class.
                        if returned_param(pkg, f, *v).is_none() {
                            self.bind(Loc::Ret(f), *v);
                        }
                    }
                    if let Some(b) = pkg.func(f).results.first().and_then(|r| r.binding) {
                        self.classes.union(Loc::Ret(f), Loc::Binding(b));
                    }
                }
                _ => {}
            }
        }
        for id in pkg.expr_ids() {
            if let ExprKind::Composite { elems, ty } = &pkg.expr(id).kind {
                for el in elems {
                    if let Some(ElementKey::Name(f)) = &el.key {
                        // An elided inner literal's type is not written: not known.
                        let written = (!ty.0.is_empty()).then(|| ty.as_str());
                        let owner = pkg.field_owner_in(written, f).unwrap_or_default();
                        let to = self.field_of(owner, f);
                        self.bind(to, el.value);
                    }
                }
            }
        }
    }
}

/// The package's constructors: functions each of whose `return`s gives back a new Go
/// object (`&T{...}`, `new(T)`, `make(...)`, a composite literal, or a local variable
/// initialized with one and never stored anywhere else), or `nil`. Each call of one makes
/// an object of its own, so two callers' objects never meet in one class (`newCredential`).
fn fresh_allocators(pkg: &Package) -> HashSet<FuncId> {
    let is_new = |e: ExprId| is_new_object(pkg, e);
    // Locals stored somewhere: assigned or put in a literal, or captured by a literal.
    let mut stored: HashSet<BindingId> = HashSet::new();
    for sid in pkg.stmt_ids() {
        for (_, value) in pkg.assignments(sid) {
            if let Some(b) = var(pkg, value) {
                stored.insert(b);
            }
        }
    }
    for id in pkg.expr_ids() {
        let e = pkg.expr(id);
        match &e.kind {
            ExprKind::Composite { elems, .. } => stored.extend(elems.iter().filter_map(|el| var(pkg, el.value))),
            ExprKind::Name { .. } => {
                if let Some(b) = var(pkg, id).filter(|b| pkg.binding(*b).owner.is_some_and(|o| Some(o) != e.owner)) {
                    stored.insert(b);
                }
            }
            _ => {}
        }
    }
    let mut verdict: HashMap<FuncId, bool> = HashMap::new();
    for st in &pkg.stmts {
        let (StmtKind::Return(values), Some(f)) = (&st.kind, st.owner) else { continue };
        let fresh = match values.first() {
            Some(&v) if pkg.is_nil(v) || is_new(v) => true,
            Some(&v) => var(pkg, v).is_some_and(|b| {
                let binding = pkg.binding(b);
                binding.owner == Some(f)
                    && binding.kind == BindingKind::Var
                    && !stored.contains(&b)
                    && matches!(binding.init, Some((init, 0)) if is_new(init))
            }),
            None => false,
        };
        let all = verdict.entry(f).or_insert(true);
        *all &= fresh && pkg.func(f).results.iter().all(|r| r.binding.is_none());
    }
    verdict.into_iter().filter(|(_, fresh)| *fresh).map(|(f, _)| f).collect()
}

/// `&T{...}`, `T{...}`, `new(...)` or `make(...)`: a new Go object.
pub(crate) fn is_new_object(pkg: &Package, e: ExprId) -> bool {
    match &pkg.expr(e).kind {
        ExprKind::Composite { .. } => true,
        ExprKind::Unary { op: UnaryOp::Addr, operand } => matches!(pkg.expr(*operand).kind, ExprKind::Composite { .. }),
        ExprKind::Call { func, .. } => pkg.is_builtin(*func, "new") || pkg.is_builtin(*func, "make"),
        _ => false,
    }
}

/// The storage of an array variable, whose elements are its own (`a[i]`, `&a[0]`, `a[:]` of
/// `var a [4]uint32`, or of a parameter or receiver of an array type, which is a copy):
/// not what the variable points to, as for a slice.
pub(crate) fn array_storage(pkg: &Package, base: ExprId) -> Option<Loc> {
    let b = var(pkg, base)?;
    let t = pkg.types.of(base)?;
    is_array(pkg, t).then_some(Loc::Storage(b))
}

/// Whether a type is an array type (`[4]uint32`, or a package type declared as one).
fn is_array(pkg: &Package, t: &str) -> bool {
    let mut t = t;
    for _ in 0..4 {
        if let Some(rest) = t.strip_prefix('[') {
            return !rest.starts_with(']') && !rest.starts_with("...");
        }
        match pkg.named_types.get(t) {
            Some(u) => t = u.as_str(),
            None => return false,
        }
    }
    false
}

/// The variable (local or package-level) a name denotes.
pub(crate) fn var(pkg: &Package, e: ExprId) -> Option<BindingId> {
    match pkg.resolve(e)? {
        Resolved::Local(b) | Resolved::Global(Global::Var(b)) => Some(b),
        _ => None,
    }
}

/// What a conversion or an `unsafe` view is made from (`p` in `uintptr(p)`,
/// `unsafe.Pointer(p)`, `unsafe.Slice(p, n)`); `None` for any other expression.
pub(crate) fn view_operand(pkg: &Package, e: ExprId) -> Option<ExprId> {
    match &pkg.expr(e).kind {
        ExprKind::Call { func, args, .. } if pkg.conversion_type(e).is_some() || is_view(pkg, *func) => {
            args.first().copied()
        }
        _ => None,
    }
}

/// `unsafe.Pointer`, `unsafe.Slice`, `unsafe.Add`, ...: views of their first argument.
pub(crate) fn is_view(pkg: &Package, func: ExprId) -> bool {
    matches!(
        pkg.qualified_name(func),
        Some(("unsafe", "Pointer" | "Add" | "Slice" | "String" | "SliceData" | "StringData"))
    )
}

/// The parameter of `f` that `value` returns, through slicing, `append` and conversions.
fn returned_param(pkg: &Package, f: FuncId, value: ExprId) -> Option<usize> {
    let mut e = value;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Slice { base, .. } => e = *base,
            ExprKind::Call { func, args, .. }
                if pkg.is_builtin(*func, "append") || pkg.conversion_type(e).is_some() =>
            {
                e = *args.first()?;
            }
            ExprKind::Name { .. } => {
                let Some(Resolved::Local(b)) = pkg.resolve(e) else { return None };
                let binding = pkg.binding(b);
                if binding.kind != BindingKind::Param || binding.owner != Some(f) {
                    return None;
                }
                return pkg.func(f).params.iter().position(|p| p.binding == Some(b));
            }
            _ => return None,
        }
    }
    None
}

/// Every (function, parameter) some `return` of the function returns; and the functions
/// that also return other pointer-ish values or have named results.
fn passthrough_params(pkg: &Package) -> (Vec<(FuncId, usize)>, HashSet<FuncId>) {
    let mut out: Vec<(FuncId, usize)> = Vec::new();
    let mut opaque: HashSet<FuncId> = HashSet::new();
    for st in &pkg.stmts {
        let (StmtKind::Return(values), Some(f)) = (&st.kind, st.owner) else { continue };
        if pkg.func(f).results.iter().any(|r| r.binding.is_some()) {
            opaque.insert(f);
        }
        for v in values {
            match returned_param(pkg, f, *v) {
                Some(i) => out.push((f, i)),
                // Constants, lengths and errors do not matter; anything else might.
                None if !matches!(pkg.expr(*v).kind, ExprKind::Name { .. } | ExprKind::Literal) => {
                    opaque.insert(f);
                }
                None => {
                    if matches!(pkg.resolve(*v), Some(Resolved::Local(_) | Resolved::Global(Global::Var(_)))) {
                        opaque.insert(f);
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out, opaque)
}
