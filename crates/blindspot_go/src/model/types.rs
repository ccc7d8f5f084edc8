//! Types from the source, without a type checker: what the declarations of the package say
//! about the static type of each expression. A parameter, receiver or `var` has the type it
//! is written with; a `:=` variable the type of its value; a value's type follows from
//! composite literals, `new`, `make`, conversions, calls of the package's functions and
//! methods, field selections, indexing, slicing, `&`, `*`, `<-`, type assertions and
//! `range`. What the package cannot tell (a call into another package, an interface
//! method, a generic type parameter) is unknown, and stays unknown: callers never guess a
//! type.
//!
//! Types are kept as written ([`TypeText`]), interned: one `u32` per expression. The
//! computation is two linear passes over the expression arena (sub-expressions come before
//! the expressions holding them); the second one picks up package variables declared in a
//! later file than their use.

use crate::hash::{HashMap, HashMapExt};

use super::*;

/// Whether a predeclared type's values never hold a pointer: not `uintptr` (rule 3), not a
/// string (`unsafe.String` can build one over any memory), not `any` or `error`.
fn scalar_predeclared(t: &str) -> bool {
    super::names::PREDECLARED_TYPES.contains(&t) && !matches!(t, "any" | "error" | "string" | "uintptr")
        || IMPORTED_SCALARS.contains(&t)
}

/// Types of the standard library and golang.org/x/sys declared as integers that never hold
/// Go memory: kernel and window handles (`uintptr` underneath, but values the OS hands
/// out), signal and error numbers, modes and durations. Named as the source names them,
/// through the package's usual import name.
const IMPORTED_SCALARS: &[&str] = &[
    "syscall.Handle",
    "syscall.Signal",
    "syscall.Errno",
    "windows.Handle",
    "windows.HWND",
    "windows.Signal",
    "windows.Errno",
    "windows.NTStatus",
    "unix.Signal",
    "unix.Errno",
    "os.FileMode",
    "fs.FileMode",
    "time.Duration",
    "time.Month",
    "time.Weekday",
    "reflect.Kind",
];

/// How deep embedded fields are followed to find a promoted field or method.
const MAX_EMBEDDING_DEPTH: usize = 4;

/// The static types the package's source shows, by expression.
#[derive(Debug, Default)]
pub struct Types {
    /// Per expression, 1 + an index into `texts`; 0 for unknown.
    of_expr: Vec<u32>,
    /// Per binding, the same.
    of_binding: Vec<u32>,
    texts: Vec<String>,
    interned: HashMap<String, u32>,
}

/// The package's struct types by name, and by the names of their fields.
#[derive(Debug, Default)]
pub struct StructIndex {
    /// The struct type of each name (the first declared, for local types that share one).
    by_name: HashMap<String, u32>,
    /// For each field name, the struct type that declares it, when only one does (`None`
    /// when several do).
    sole_owner: HashMap<String, Option<u32>>,
}

impl StructIndex {
    pub fn new(structs: &[StructType]) -> StructIndex {
        let mut index = StructIndex::default();
        for (i, st) in structs.iter().enumerate() {
            index.by_name.entry(st.name.clone()).or_insert(i as u32);
            let mut names: Vec<&str> = st.fields.iter().map(|(f, _)| f.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            for f in names {
                index.sole_owner.entry(f.to_string()).and_modify(|o| *o = None).or_insert(Some(i as u32));
            }
        }
        index
    }
}

impl Types {
    fn intern(&mut self, t: &str) -> u32 {
        if let Some(&i) = self.interned.get(t) {
            return i;
        }
        self.texts.push(t.to_string());
        let i = self.texts.len() as u32;
        self.interned.insert(t.to_string(), i);
        i
    }

    fn text(&self, i: u32) -> Option<&str> {
        (i != 0).then(|| self.texts[i as usize - 1].as_str())
    }

    /// The type of an expression, as written: `*Conn`, `[]byte`, `C.struct_x`, `unix.Stat_t`.
    pub fn of(&self, e: ExprId) -> Option<&str> {
        self.text(*self.of_expr.get(e.index())?)
    }

    /// The type of a variable, parameter or receiver.
    pub fn of_binding(&self, b: BindingId) -> Option<&str> {
        self.text(*self.of_binding.get(b.index())?)
    }

    /// Computes the types of a lowered package whose names are resolved and whose
    /// [`StructIndex`] is built.
    pub fn compute(pkg: &Package) -> Types {
        let mut t = Types {
            of_expr: vec![0; pkg.exprs.len()],
            of_binding: vec![0; pkg.bindings.len()],
            texts: Vec::new(),
            interned: HashMap::new(),
        };
        for (i, b) in pkg.bindings.iter().enumerate() {
            if let Some(ty) = &b.ty {
                t.of_binding[i] = t.intern(ty.as_str());
            }
        }
        let ranges: Vec<StmtId> =
            pkg.stmt_ids().filter(|s| matches!(pkg.stmt(*s).kind, StmtKind::Range { .. })).collect();
        for _ in 0..2 {
            for id in pkg.expr_ids() {
                if t.of_expr[id.index()] == 0 {
                    if let Some(ty) = t.infer(pkg, id) {
                        t.of_expr[id.index()] = t.intern(&ty);
                    }
                }
            }
            for &s in &ranges {
                t.range_bindings(pkg, s);
            }
        }
        // Bindings no expression names after their declaration.
        for i in 0..pkg.bindings.len() {
            if t.of_binding[i] == 0 {
                t.binding_type(pkg, BindingId(i as u32));
            }
        }
        t
    }

    /// `for k, v := range x`: the key and value types of `x`.
    fn range_bindings(&mut self, pkg: &Package, s: StmtId) {
        let StmtKind::Range { key, value, over, define: true } = &pkg.stmt(s).kind else { return };
        let Some(over_ty) = self.of(*over).map(str::to_string) else { return };
        let under = underlying(pkg, &over_ty);
        let (k, v) = match range_types(&under) {
            Some(kv) => kv,
            None => return,
        };
        for (e, ty) in [(key, k), (value, v)] {
            let (Some(e), Some(ty)) = (e, ty) else { continue };
            if let Some(Resolved::Local(b)) = pkg.resolve(*e) {
                if self.of_binding[b.index()] == 0 {
                    self.of_binding[b.index()] = self.intern(&ty);
                    self.of_expr[e.index()] = self.of_binding[b.index()];
                }
            }
        }
    }

    fn binding_type(&mut self, pkg: &Package, b: BindingId) -> Option<String> {
        if let Some(t) = self.of_binding(b) {
            return Some(t.to_string());
        }
        let binding = pkg.binding(b);
        if binding.kind == BindingKind::TypeSwitch {
            return None;
        }
        let (init, i) = binding.init?;
        let ty = if i == 0 && !is_multi_valued(pkg, self, init) {
            self.of(init).map(str::to_string)
        } else {
            self.result_type(pkg, init, i as usize)
        }?;
        // An untyped constant's type is the default one, which matters to no one here.
        self.of_binding[b.index()] = self.intern(&ty);
        Some(ty)
    }

    /// Result `i` of a multi-valued expression: a call, or the second value of a comma-ok
    /// form.
    fn result_type(&self, pkg: &Package, e: ExprId, i: usize) -> Option<String> {
        match &pkg.expr(e).kind {
            ExprKind::Call { func, .. } => {
                let f = typed_callee(pkg, self, *func)?;
                Some(pkg.func(f).results.get(i)?.ty.0.clone())
            }
            ExprKind::Index { .. } | ExprKind::TypeAssert { .. } | ExprKind::Unary { op: UnaryOp::Recv, .. } => {
                if i == 0 {
                    self.of(e).map(str::to_string)
                } else {
                    Some("bool".to_string())
                }
            }
            _ => None,
        }
    }

    fn infer(&mut self, pkg: &Package, id: ExprId) -> Option<String> {
        let e = pkg.expr(id);
        match &e.kind {
            ExprKind::Name { .. } => match pkg.resolve(id)? {
                Resolved::Local(b) | Resolved::Global(Global::Var(b) | Global::Const(b)) => self.binding_type(pkg, b),
                _ => None,
            },
            ExprKind::Selector { base, field } => {
                if let Some(Resolved::Import(_)) = pkg.resolve(*base) {
                    return None;
                }
                let base_ty = self.of(*base)?;
                let (_, ty) = pkg.find_field(base_ty, field)?;
                Some(ty.0.clone())
            }
            ExprKind::Call { func, args, .. } => {
                if let Some(t) = pkg.conversion_type(id) {
                    return Some(t);
                }
                let arg_ty = |i: usize| args.get(i).and_then(|a| type_argument(pkg, *a));
                if pkg.is_builtin(*func, "new") {
                    let t = arg_ty(0).or_else(|| args.first().and_then(|a| self.of(*a).map(str::to_string)))?;
                    return Some(format!("*{t}"));
                }
                if pkg.is_builtin(*func, "make") {
                    return arg_ty(0);
                }
                if pkg.is_builtin(*func, "append") {
                    return args.first().and_then(|a| self.of(*a)).map(str::to_string);
                }
                if ["len", "cap", "copy"].iter().any(|b| pkg.is_builtin(*func, b)) {
                    return Some("int".to_string());
                }
                if let Some(("unsafe", "Pointer" | "Add")) = pkg.qualified_name(*func) {
                    return Some("unsafe.Pointer".to_string());
                }
                let f = typed_callee(pkg, self, *func)?;
                match pkg.func(f).results.as_slice() {
                    [only] => Some(only.ty.0.clone()),
                    _ => None,
                }
            }
            ExprKind::Unary { op, operand } => {
                let t = self.of(*operand);
                match op {
                    UnaryOp::Addr => {
                        // `&T{...}` and `&x`.
                        Some(format!("*{}", t?))
                    }
                    UnaryOp::Deref => t?.strip_prefix('*').map(str::to_string),
                    UnaryOp::Recv => chan_elem(&underlying(pkg, t?)),
                    UnaryOp::Arith => t.map(str::to_string),
                }
            }
            ExprKind::Index { base, .. } => {
                let t = self.of(*base)?;
                let under = underlying(pkg, t);
                let under = match under.strip_prefix('*') {
                    Some(arr) if arr.starts_with('[') => underlying(pkg, arr),
                    _ => under,
                };
                if under == "string" {
                    return Some("byte".to_string());
                }
                range_types(&under)?.1.filter(|_| under.starts_with('[') || under.starts_with("map["))
            }
            ExprKind::Slice { base, .. } => {
                let t = self.of(*base)?.to_string();
                let under = underlying(pkg, &t);
                let arr = under.strip_prefix('*').unwrap_or(&under);
                match arr.strip_prefix('[') {
                    // `a[:]` of an array (or a pointer to one) is a slice of its elements.
                    Some(rest) if !rest.starts_with(']') => Some(format!("[]{}", element_of_array(arr)?)),
                    _ => Some(t),
                }
            }
            ExprKind::TypeAssert { ty, .. } => (!ty.0.is_empty() && ty.0 != "type").then(|| ty.0.clone()),
            ExprKind::Composite { ty, .. } => (!ty.0.is_empty()).then(|| ty.0.clone()),
            ExprKind::Binary { op, left, right } => match op.as_str() {
                "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" => Some("bool".to_string()),
                "<<" | ">>" => self.of(*left).map(str::to_string),
                _ => self.of(*left).or_else(|| self.of(*right)).map(str::to_string),
            },
            ExprKind::Type(_) | ExprKind::FuncLit(_) | ExprKind::Literal | ExprKind::Other(_) => None,
        }
    }
}

/// Whether an expression yields several values where it is used as an initializer: a
/// call of a function with several results, or a comma-ok form.
fn is_multi_valued(pkg: &Package, types: &Types, e: ExprId) -> bool {
    match &pkg.expr(e).kind {
        ExprKind::Call { func, .. } => typed_callee(pkg, types, *func).is_some_and(|f| pkg.func(f).results.len() > 1),
        _ => false,
    }
}

/// The type an argument names (`make([]byte, n)`, `new(T)`), when it is visibly a type.
fn type_argument(pkg: &Package, a: ExprId) -> Option<String> {
    match &pkg.expr(a).kind {
        ExprKind::Type(t) => Some(t.0.clone()),
        ExprKind::Name { name, .. } => match pkg.resolve(a)? {
            Resolved::Global(Global::Type) => Some(name.clone()),
            Resolved::Builtin => Some(name.clone()),
            _ => None,
        },
        ExprKind::Selector { base, field } => match pkg.resolve(*base)? {
            Resolved::Import(imp) => Some(format!("{}.{field}", imp.local_name().unwrap_or(&imp.path))),
            _ => None,
        },
        _ => None,
    }
}

/// The function or method a callee denotes, through the types: a method only when its
/// receiver's type is known and declares (or promotes) it.
fn typed_callee(pkg: &Package, types: &Types, func: ExprId) -> Option<FuncId> {
    let func = pkg.uninstantiated(func);
    if let ExprKind::Selector { base, field } = &pkg.expr(func).kind {
        if matches!(pkg.resolve(*base), Some(Resolved::Import(_))) {
            return None;
        }
        return pkg.find_method(types.of(*base)?, field);
    }
    pkg.callee_func(func).map(|(f, _)| f)
}

/// The element of an array type text `[N]T`.
fn element_of_array(t: &str) -> Option<&str> {
    let close = matching_bracket(t, 0)?;
    Some(&t[close + 1..])
}

/// The byte offset of the `]` matching the `[` at `open`.
fn matching_bracket(t: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in t.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The key and value types a `range` over (and an index into) a value of this underlying
/// type gives: slices, arrays, maps, strings and channels.
fn range_types(t: &str) -> Option<(Option<String>, Option<String>)> {
    let t = match t.strip_prefix('*') {
        Some(arr) if arr.starts_with('[') && !arr.starts_with("[]") => arr,
        _ => t,
    };
    if let Some(elem) = t.strip_prefix("[]") {
        return Some((Some("int".into()), Some(elem.to_string())));
    }
    if t.starts_with('[') {
        return Some((Some("int".into()), element_of_array(t).map(str::to_string)));
    }
    if t.starts_with("map[") {
        let close = matching_bracket(t, 3)?;
        return Some((Some(t[4..close].to_string()), Some(t[close + 1..].to_string())));
    }
    if t == "string" {
        return Some((Some("int".into()), Some("rune".into())));
    }
    chan_elem(t).map(|e| (Some(e), None))
}

/// The element type of a channel type text (written without spaces: `chanT`, `<-chanT`).
fn chan_elem(t: &str) -> Option<String> {
    let rest = t.strip_prefix("<-").unwrap_or(t).strip_prefix("chan")?;
    let rest = rest.strip_prefix("<-").unwrap_or(rest);
    (!rest.is_empty()).then(|| rest.to_string())
}

/// The underlying type text of a type declared in the package (`type Bufs [][]byte`), or
/// the type itself.
fn underlying(pkg: &Package, t: &str) -> String {
    let mut cur = t.to_string();
    for _ in 0..MAX_EMBEDDING_DEPTH {
        match pkg.named_types.get(named_base(&cur)).filter(|_| !cur.starts_with('*')) {
            Some(u) if !u.0.starts_with("struct{") && !u.0.starts_with("interface{") => cur = u.0.clone(),
            _ => break,
        }
    }
    cur
}

/// The named type a type text denotes, pointer and type arguments dropped: `*Conn[T]` →
/// `Conn`, `*C.struct_x` → `C.struct_x`. Type literals are returned whole.
pub fn named_base(t: &str) -> &str {
    let t = t.trim_start_matches('*');
    if t.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        t.split('[').next().unwrap_or(t)
    } else {
        t
    }
}

impl Package {
    /// The field `field` of a value of type `ty`, through embedded fields: the struct type
    /// that declares it and the field's type. Only the package's own struct types are known.
    pub fn find_field(&self, ty: &str, field: &str) -> Option<(&StructType, &TypeText)> {
        let mut frontier = vec![self.declared_as(named_base(ty))];
        for _ in 0..MAX_EMBEDDING_DEPTH {
            let mut next = Vec::new();
            for name in frontier {
                let Some(s) = self.struct_named(name) else { continue };
                if let Some((_, t)) = s.fields.iter().find(|(f, _)| f == field) {
                    return Some((s, t));
                }
                next.extend(
                    s.fields
                        .iter()
                        .filter(|(f, t)| is_embedded(f, t))
                        .map(|(_, t)| self.declared_as(named_base(t.as_str()))),
                );
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        None
    }

    /// The type a package type is declared as, through aliases and definitions from other
    /// named types (`type Bytes = Slab[C.char]`, `type Slab[T any] = slab[T]` → `slab`),
    /// whose fields it has.
    pub fn declared_as<'a>(&'a self, mut name: &'a str) -> &'a str {
        for _ in 0..MAX_EMBEDDING_DEPTH {
            match self.named_types.get(name) {
                Some(t) if t.0 != "struct{}" && t.0 != "interface{}" && !t.0.starts_with('*') => {
                    let next = named_base(t.as_str());
                    if next == name || !next.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                        break;
                    }
                    name = next;
                }
                _ => break,
            }
        }
        name
    }

    /// The method `name` of a value of type `ty`, declared on the type or promoted from an
    /// embedded field. `None` when the type is not the package's, or does not have it.
    pub fn find_method(&self, ty: &str, name: &str) -> Option<FuncId> {
        let by_type = self.method_by_receiver.get(name)?;
        let mut frontier = vec![named_base(ty)];
        if self.declared_as(named_base(ty)) != named_base(ty) {
            frontier.push(self.declared_as(named_base(ty)));
        }
        for _ in 0..MAX_EMBEDDING_DEPTH {
            let mut next = Vec::new();
            for t in frontier {
                if let Some(&m) = by_type.get(t) {
                    return Some(m);
                }
                if let Some(s) = self.struct_named(t) {
                    next.extend(
                        s.fields.iter().filter(|(f, t)| is_embedded(f, t)).map(|(_, t)| named_base(t.as_str())),
                    );
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        None
    }

    /// Whether a value of type `ty` can never hold a pointer: booleans, numbers other than
    /// `uintptr`, and the package's types declared as one of those (`type Sym int`). Not
    /// strings: `unsafe.String` makes one over any memory.
    pub fn is_scalar(&self, ty: &str) -> bool {
        let mut t = ty;
        for _ in 0..MAX_EMBEDDING_DEPTH {
            if scalar_predeclared(t) {
                return true;
            }
            match self.named_types.get(t) {
                Some(u) => t = u.as_str(),
                None => return false,
            }
        }
        false
    }

    /// The package's struct type named `name`.
    pub fn struct_named(&self, name: &str) -> Option<&StructType> {
        let i = *self.struct_index.by_name.get(name)?;
        self.structs.get(i as usize)
    }

    /// The only struct type of the package that declares a field named `field`.
    pub fn sole_field_owner(&self, field: &str) -> Option<&StructType> {
        let i = (*self.struct_index.sole_owner.get(field)?)?;
        self.structs.get(i as usize)
    }

    /// The struct type whose field a selector `x.f` denotes, when the source shows it: the
    /// declaring type when `x`'s type is known (`Conn`, `C.struct_x`, an embedded `Header`
    /// for a promoted field), or the only struct of the package with a field of that name
    /// when `x`'s type is not known. `None` otherwise.
    pub fn field_owner(&self, selector: ExprId) -> Option<String> {
        self.field_owner_guessed(selector).0
    }

    /// [`Package::field_owner`], and whether it is a guess: the base's type is not known, so
    /// the owner is the only struct with a field of that name, or none.
    pub fn field_owner_guessed(&self, selector: ExprId) -> (Option<String>, bool) {
        let ExprKind::Selector { base, field } = &self.expr(selector).kind else { return (None, true) };
        let known = self.types.of(*base).is_some();
        (self.owner_of(*base, field), !known)
    }

    fn owner_of(&self, base: ExprId, field: &str) -> Option<String> {
        self.field_owner_in(self.types.of(base), field)
    }

    /// The struct type declaring `field` of a value of type `ty` (through embedding and
    /// aliases), or of an unknown type: the only struct of the package with that field.
    /// Selectors and composite literals (`T{f: v}`) ask it alike.
    pub fn field_owner_in(&self, ty: Option<&str>, field: &str) -> Option<String> {
        match ty {
            Some(ty) => Some(match self.find_field(ty, field) {
                Some((s, _)) => s.name.clone(),
                None => self.declared_as(named_base(ty)).to_string(),
            }),
            None => self.sole_field_owner(field).map(|s| s.name.clone()),
        }
    }
}

/// Whether a struct field is embedded: named by its type's last identifier.
fn is_embedded(name: &str, ty: &TypeText) -> bool {
    let base = named_base(ty.as_str());
    base.rsplit('.').next() == Some(name)
}
