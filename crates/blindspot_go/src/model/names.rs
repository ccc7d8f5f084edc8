//! Name and type resolution: what a name in an expression refers to (a local, a
//! package-level declaration, an import, a predeclared identifier), qualified names of
//! other packages' members, conversions, and the function a callee denotes.

use super::*;

/// C's arithmetic types as cgo names them (`C.int`, `C.ulonglong`, ...).
const C_SCALAR_TYPES: &[&str] = &[
    "char",
    "schar",
    "uchar",
    "short",
    "ushort",
    "int",
    "uint",
    "long",
    "ulong",
    "longlong",
    "ulonglong",
    "float",
    "double",
    "complexfloat",
    "complexdouble",
    "uintptr_t",
    "intptr_t",
    "size_t",
    "ssize_t",
];

/// Whether `C.name` is a type: a C scalar, a `_t` typedef, `struct_x`/`union_x`/`enum_x`, or
/// a name the cgo preamble declares with `typedef`.
pub fn c_type_name(name: &str, c: &crate::cfront::CIndex) -> bool {
    C_SCALAR_TYPES.contains(&name)
        || name.ends_with("_t")
        || ["struct_", "union_", "enum_"].iter().any(|p| name.starts_with(p))
        || c.is_typedef(name)
}

/// Sorted, for `binary_search` (a unit test checks).
const PREDECLARED: &[&str] = &[
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

impl Package {
    /// What the name expression `id` refers to (`None` if it is not a name).
    pub fn resolve(&self, id: ExprId) -> Option<Resolved<'_>> {
        let e = self.expr(id);
        let ExprKind::Name { name, res } = &e.kind else { return None };
        Some(match res {
            NameRes::Local(b) => Resolved::Local(*b),
            NameRes::Free(Some(free)) => self.resolved(e.span.file, *free),
            NameRes::Free(None) => self.resolve_free(e.span.file, name),
        })
    }

    /// Looks every free name up once and stores the answer in its expression, so that
    /// [`Package::resolve`], which the analyses call for every name they meet, does not
    /// search the globals, the imports and the predeclared names each time. Called when the
    /// package's files are all lowered.
    pub(crate) fn resolve_free_names(&mut self) {
        let mut exprs = std::mem::take(&mut self.exprs);
        let mut memo = HashMap::default();
        for e in &mut exprs {
            if let ExprKind::Name { name, res: NameRes::Free(slot) } = &mut e.kind {
                *slot = Some(self.lookup_free(e.span.file, name, &mut memo));
            }
        }
        self.exprs = exprs;
    }

    /// Resolves a name that is not declared locally, in `file`.
    pub fn resolve_free(&self, file: FileId, name: &str) -> Resolved<'_> {
        self.resolved(file, self.lookup_free(file, name, &mut HashMap::default()))
    }

    fn lookup_free(&self, file: FileId, name: &str, memo: &mut HashMap<(FileId, FileId), bool>) -> FreeName {
        if let Some(g) = self.globals.get(name) {
            return FreeName::Global(self.declaration_for(file, name, *g, memo));
        }
        if let Some(i) = self.file(file).imports.iter().position(|i| i.local_name() == Some(name)) {
            return FreeName::Import(i as u32);
        }
        if PREDECLARED.binary_search(&name).is_ok() {
            return FreeName::Builtin;
        }
        FreeName::Unknown
    }

    /// Of a name declared in several files (one per platform), the declaration a use in
    /// `file` means: the one in `file` itself, else one whose file some configuration
    /// builds with `file`: a body-less one (the assembly rather than its Go fallback: where
    /// both can be built, the assembly is what -race misses), else the last. `global` (the
    /// last declared) when no declaration fits.
    fn declaration_for(
        &self,
        file: FileId,
        name: &str,
        global: Global,
        memo: &mut HashMap<(FileId, FileId), bool>,
    ) -> Global {
        let funcs;
        let decls: &[Global] = match global {
            Global::Func(_) => match self.func_decls.get(name) {
                Some(fs) if fs.len() > 1 => {
                    funcs = fs.iter().map(|f| Global::Func(*f)).collect::<Vec<_>>();
                    &funcs
                }
                _ => return global,
            },
            Global::Var(_) | Global::Const(_) => match self.var_decls.get(name) {
                Some(decls) => decls,
                None => return global,
            },
            Global::Type => return global,
        };
        let file_of = |g: &Global| match g {
            Global::Func(f) => self.func(*f).span.file,
            Global::Var(b) | Global::Const(b) => self.binding(*b).span.file,
            Global::Type => file,
        };
        if let Some(own) = decls.iter().find(|g| file_of(g) == file) {
            return *own;
        }
        let fits: Vec<Global> = decls
            .iter()
            .filter(|g| {
                let other = file_of(g);
                *memo.entry((file, other)).or_insert_with(|| {
                    crate::constraint::compatible(&[&self.file(file).constraint, &self.file(other).constraint])
                })
            })
            .copied()
            .collect();
        let bodyless = fits.iter().find(|g| matches!(g, Global::Func(f) if !self.func(*f).has_body));
        bodyless.or(fits.last()).copied().unwrap_or(global)
    }

    fn resolved(&self, file: FileId, free: FreeName) -> Resolved<'_> {
        match free {
            FreeName::Global(g) => Resolved::Global(g),
            FreeName::Import(i) => Resolved::Import(&self.file(file).imports[i as usize]),
            FreeName::Builtin => Resolved::Builtin,
            FreeName::Unknown => Resolved::Unknown,
        }
    }

    /// For `pkg.Member` (or `Member` from a dot import), the import path and member name;
    /// `pkg.Member[T]`, an explicit instantiation, names the same member.
    pub fn qualified_name(&self, id: ExprId) -> Option<(&str, &str)> {
        let id = self.uninstantiated(id);
        let e = self.expr(id);
        match &e.kind {
            ExprKind::Selector { base, field } => match self.resolve(*base)? {
                Resolved::Import(imp) => Some((imp.path.as_str(), field.as_str())),
                _ => None,
            },
            ExprKind::Name { name, res: NameRes::Free(_) } => {
                if self.resolve(id) != Some(Resolved::Unknown) {
                    return None;
                }
                // Without reading the imported package we cannot know which dot import
                // declares the name; the first is the best guess and usually the only one.
                let imp = self.file(e.span.file).imports.iter().find(|i| i.is_dot())?;
                Some((imp.path.as_str(), name.as_str()))
            }
            _ => None,
        }
    }

    /// The C function a call calls through cgo (`C.fill(...)` → `fill`).
    pub fn c_callee(&self, call: ExprId) -> Option<&str> {
        let ExprKind::Call { func, .. } = &self.expr(call).kind else { return None };
        match self.qualified_name(*func)? {
            ("C", name) => Some(name),
            _ => None,
        }
    }

    /// Whether `id` is the predeclared `nil` (not shadowed), which lowering makes a literal.
    pub fn is_nil(&self, id: ExprId) -> bool {
        matches!(self.expr(id).kind, ExprKind::Literal) && self.text(self.expr(id).span) == "nil"
    }

    /// Whether `id` names the predeclared identifier `name` (not shadowed).
    pub fn is_builtin(&self, id: ExprId, name: &str) -> bool {
        matches!(&self.expr(id).kind, ExprKind::Name { name: n, .. } if n == name)
            && self.resolve(id) == Some(Resolved::Builtin)
    }

    /// The type a call converts to, when the call is a conversion whose callee is visibly a
    /// type: `uintptr(x)` → `uintptr`, `(*T)(p)` → `*T`, `unsafe.Pointer(p)` →
    /// `unsafe.Pointer`, `[]byte(s)` → `[]byte`. Calls of package-level type names count;
    /// calls of functions do not.
    pub fn conversion_type(&self, call: ExprId) -> Option<String> {
        let ExprKind::Call { func, args, .. } = &self.expr(call).kind else { return None };
        if args.len() != 1 {
            return None;
        }
        let f = self.expr(*func);
        match &f.kind {
            ExprKind::Type(t) => Some(t.0.clone()),
            ExprKind::Name { name, .. } => match self.resolve(*func)? {
                Resolved::Builtin if PREDECLARED_TYPES.contains(&name.as_str()) => Some(name.clone()),
                Resolved::Global(Global::Type) => Some(name.clone()),
                _ => None,
            },
            ExprKind::Selector { .. } => {
                let (path, member) = self.qualified_name(*func)?;
                // An exported name of another package may be a type or a function; only the
                // ones we can tell are types count: `unsafe.Pointer`, and cgo's C types.
                // A C type from a header the preamble includes is written as a conversion
                // is, in parentheses (`(C.SYM_CB)(p)`); a C function is called as `C.f(p)`.
                let parenthesized = self.expr(call).span.start < f.span.start;
                let c_type = path == "C" && (c_type_name(member, &self.file(f.span.file).c) || parenthesized);
                (path == "unsafe" && member == "Pointer" || c_type).then(|| format!("{path}.{member}"))
            }
            ExprKind::Unary { op: UnaryOp::Deref, operand } => {
                let inner = self.expr(*operand);
                matches!(inner.kind, ExprKind::Name { .. } | ExprKind::Selector { .. } | ExprKind::Type(_))
                    .then(|| format!("*{}", compact(self.text(inner.span))))
            }
            _ => None,
        }
    }

    /// The generic function an explicit instantiation `f[T]` or `pkg.F[K, V]` instantiates;
    /// any other expression itself. Syntax cannot tell `f[T]` from indexing (`handlers[i]`),
    /// so it counts as an instantiation when `f` is a function declared in the package or
    /// when the index is visibly a type: a type literal, a predeclared type or a type declared
    /// in the package.
    pub fn uninstantiated(&self, id: ExprId) -> ExprId {
        let ExprKind::Index { base, index } = &self.expr(id).kind else { return id };
        let generic_func = matches!(self.resolve(*base), Some(Resolved::Global(Global::Func(_))));
        let type_index = match &self.expr(*index).kind {
            ExprKind::Type(_) => true,
            ExprKind::Name { name, .. } => match self.resolve(*index) {
                Some(Resolved::Builtin) => PREDECLARED_TYPES.contains(&name.as_str()),
                Some(Resolved::Global(Global::Type)) => true,
                _ => false,
            },
            _ => false,
        };
        if generic_func || type_index {
            *base
        } else {
            id
        }
    }

    /// Whether the written type `ty`, seen from `file`, is `path.name` (with the import's
    /// alias resolved), optionally behind a pointer.
    pub fn type_is(&self, file: FileId, ty: &TypeText, path: &str, name: &str) -> Option<bool> {
        let (qual, n, pointer) = ty.qualified()?;
        let imp = self.file(file).imports.iter().find(|i| i.local_name() == Some(qual))?;
        (imp.path == path && n == name).then_some(pointer)
    }

    /// Whether `e` is a variable initialized with what a function of another package returns
    /// or a composite literal of another package's type: a value of that package's types,
    /// whose methods are never this package's.
    fn made_elsewhere(&self, e: ExprId) -> bool {
        let Some(Resolved::Local(b)) = self.resolve(e) else { return false };
        let Some((init, _)) = self.binding(b).init else { return false };
        let mut init = init;
        if let ExprKind::Unary { op: UnaryOp::Addr, operand } = &self.expr(init).kind {
            init = *operand;
        }
        match &self.expr(init).kind {
            ExprKind::Call { func, .. } => {
                // `pkg.New[*T]()`: an instantiation with a pointer type reads like an index.
                let mut func = self.uninstantiated(*func);
                while let ExprKind::Index { base, .. } = &self.expr(func).kind {
                    func = *base;
                }
                matches!(&self.expr(func).kind, ExprKind::Selector { base, .. }
                    if matches!(self.resolve(*base), Some(Resolved::Import(imp)) if imp.path != "C"))
            }
            ExprKind::Composite { ty, .. } => ty.qualified().is_some_and(|(pkg, _, _)| pkg != "C"),
            _ => false,
        }
    }

    /// The local function a callee expression denotes: a package-level function, a local
    /// variable bound to a function literal, or a method resolved by name (second value
    /// `true`: a heuristic step, since without types `x.m()` is any method named `m`).
    pub fn callee_func(&self, func: ExprId) -> Option<(FuncId, bool)> {
        let func = self.uninstantiated(func);
        let e = self.expr(func);
        match &e.kind {
            ExprKind::Name { .. } => match self.resolve(func)? {
                Resolved::Global(Global::Func(f)) => Some((f, false)),
                Resolved::Local(b) | Resolved::Global(Global::Var(b)) => {
                    let (init, 0) = self.binding(b).init? else { return None };
                    match self.expr(init).kind {
                        ExprKind::FuncLit(f) => Some((f, false)),
                        _ => None,
                    }
                }
                _ => None,
            },
            ExprKind::FuncLit(f) => Some((*f, false)),
            ExprKind::Selector { base, field } => {
                if let Some(Resolved::Import(_)) = self.resolve(*base) {
                    return None;
                }
                // A method expression, `(*T).m` or `T.m`: the method of the named type.
                let mut named = *base;
                if let ExprKind::Unary { op: UnaryOp::Deref, operand } = &self.expr(named).kind {
                    named = *operand;
                }
                if let ExprKind::Name { name, .. } = &self.expr(named).kind {
                    if matches!(self.resolve(named), Some(Resolved::Global(Global::Type))) {
                        return self.find_method(name, field).map(|m| (m, false));
                    }
                }
                // Through the receiver's type when the source shows it: a method of
                // another package's type, of an interface or of a type parameter is
                // unknown, never one of ours that happens to share its name.
                if let Some(ty) = self.types.of(*base) {
                    return self.find_method(ty, field).map(|m| (m, false));
                }
                // Nor is a method of a value another package made (`ch := channel.New()`).
                if self.made_elsewhere(*base) {
                    return None;
                }
                match self.methods.get(field).map(Vec::as_slice) {
                    Some([only]) => Some((*only, true)),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

pub(super) const PREDECLARED_TYPES: &[&str] = &[
    "any",
    "bool",
    "byte",
    "complex128",
    "complex64",
    "error",
    "float32",
    "float64",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "rune",
    "string",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predeclared_names_are_sorted_for_binary_search() {
        assert!(PREDECLARED.windows(2).all(|w| w[0] < w[1]));
        assert!(
            PREDECLARED_TYPES.iter().all(|t| PREDECLARED.binary_search(t).is_ok()),
            "a type missing from PREDECLARED"
        );
    }
}
