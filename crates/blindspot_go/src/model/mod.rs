//! The semantic model of one Go package: a syntax-tree-free representation that rules query.
//!
//! Every file of a package is lowered into one set of arenas (expressions, statements,
//! bindings, functions) with ids that are stable within the package. Names are resolved
//! during lowering: a local name points at its [`Binding`] with shadowing respected; a name
//! that is not local is resolved later, on demand, against the package's declarations, the
//! file's imports and Go's predeclared identifiers ([`Package::resolve`]).
//!
//! Rules never see tree-sitter nodes; they see [`ExprKind`], [`StmtKind`] and the queries
//! below. Everything is stored flat so that no query needs recursion over nesting depth.

use std::sync::Arc;

mod names;
mod types;

use crate::hash::HashMap;

pub use names::c_type_name;
pub use types::{named_base, StructIndex, Types};

macro_rules! id_type {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(FileId);
id_type!(ExprId);
id_type!(StmtId);
id_type!(FuncId);
id_type!(BindingId);

/// A byte range in one file of the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

/// A type as written in the source, with white space removed (`*windows.LazyProc`,
/// `[]uintptr`, `unsafe.Pointer`). Without a type checker this is what we know of types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TypeText(pub String);

impl TypeText {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `*pkg.Name` or `pkg.Name` split into (qualifier, name, pointer).
    pub fn qualified(&self) -> Option<(&str, &str, bool)> {
        let (pointer, rest) = match self.0.strip_prefix('*') {
            Some(rest) => (true, rest),
            None => (false, self.0.as_str()),
        };
        let (qual, name) = rest.split_once('.')?;
        let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
        (ident(qual) && ident(name)).then_some((qual, name, pointer))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// `Some("sys")` for `import sys "syscall"`, `Some(".")`, `Some("_")`, or `None`.
    pub alias: Option<String>,
    pub path: String,
    pub span: Span,
    /// [`Import::local_name`], computed once: name resolution asks it for every free name.
    name: Option<String>,
}

impl Import {
    pub fn new(alias: Option<String>, path: String, span: Span) -> Import {
        let name = match alias.as_deref() {
            Some("." | "_") => None,
            Some(alias) => Some(alias.to_string()),
            None => Some(assumed_package_name(&path).to_string()),
        };
        Import { alias, path, span, name }
    }

    /// The name the import binds in the file: the alias, or the name the package is assumed
    /// to declare (the last path element, without a `/vN` suffix or a `go-` prefix, up to the
    /// first `.` or `-`), as goimports assumes. `None` for dot and blank imports.
    pub fn local_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub fn is_dot(&self) -> bool {
        self.alias.as_deref() == Some(".")
    }
}

/// The package name an import path is assumed to declare.
pub fn assumed_package_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    let is_version = |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit());
    if is_version(last) {
        if let Some(prev) = parts.next() {
            last = prev;
        }
    }
    let last = last.strip_prefix("go-").unwrap_or(last);
    let end = last.find(['.', '-']).unwrap_or(last.len());
    if end == 0 {
        last
    } else {
        &last[..end]
    }
}

/// A comment directive attached to a declaration: `go:norace`, `go:uintptrescapes`,
/// `export Name`. Stored without the leading `//`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct File {
    pub path: Arc<str>,
    pub text: Arc<str>,
    /// False when the file is only context for a file a pattern named.
    pub reported: bool,
    pub imports: Vec<Import>,
    /// Byte offsets of ERROR or MISSING nodes: the file was analyzed as far as its tree
    /// allows.
    pub syntax_errors: Vec<u32>,
    /// The C source of the cgo preamble (the comment right above `import "C"`), with the
    /// comment markers removed; empty without one.
    pub cgo_preamble: String,
    /// Its build constraint (`//go:build`, `_GOOS`/`_GOARCH` in its name).
    pub constraint: crate::constraint::Constraint,
    /// What its cgo preamble declares (empty without one).
    pub c: crate::cfront::CIndex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    Var,
    Const,
    Param,
    Result,
    Receiver,
    /// `for k, v := range`
    Range,
    /// `switch v := x.(type)`
    TypeSwitch,
}

/// A declared name: a local variable, parameter or package-level var/const.
#[derive(Debug, Clone)]
pub struct Binding {
    pub name: String,
    pub kind: BindingKind,
    /// The declared type, if written.
    pub ty: Option<TypeText>,
    /// The value the declaration gives it, and which of that expression's results (for
    /// `a, b := f()`): `x := e` is `(e, 0)`.
    pub init: Option<(ExprId, u32)>,
    pub span: Span,
    /// The function the binding is local to; `None` for package-level declarations.
    pub owner: Option<FuncId>,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Option<String>,
    /// `None` for unnamed and `_` parameters.
    pub binding: Option<BindingId>,
    pub ty: TypeText,
    pub variadic: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Receiver {
    pub binding: Option<BindingId>,
    /// The receiver's base type name, without `*` and type parameters.
    pub type_name: String,
    pub pointer: bool,
}

#[derive(Debug, Clone)]
pub struct Func {
    /// `None` for function literals.
    pub name: Option<String>,
    pub receiver: Option<Receiver>,
    pub params: Vec<Param>,
    pub results: Vec<Param>,
    /// False for a declaration without a body: implemented in assembly
    /// ([`Package::is_assembly`]) or in Go elsewhere (`//go:linkname`).
    pub has_body: bool,
    pub directives: Vec<Directive>,
    /// The enclosing function of a literal.
    pub parent: Option<FuncId>,
    /// The name (declarations) or the `func` keyword (literals).
    pub name_span: Span,
    pub span: Span,
}

impl Func {
    pub fn has_directive(&self, directive: &str) -> bool {
        self.directive(directive).is_some()
    }

    /// The directive `directive` (`go:norace`), with or without arguments.
    pub fn directive(&self, directive: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|d| d.text.strip_prefix(directive).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
    }

    /// The parameter that receives argument `i` of a call (the variadic one absorbs the
    /// rest).
    pub fn param_for_arg(&self, i: usize) -> Option<usize> {
        let last = self.params.len().checked_sub(1)?;
        if i <= last {
            Some(i)
        } else if self.params[last].variadic {
            Some(last)
        } else {
            None
        }
    }

    /// A readable name: `f`, `(*T).m`, or `func literal`.
    pub fn display_name(&self) -> String {
        match (&self.name, &self.receiver) {
            (Some(n), Some(r)) if r.pointer => format!("(*{}).{n}", r.type_name),
            (Some(n), Some(r)) => format!("{}.{n}", r.type_name),
            (Some(n), None) => n.clone(),
            (None, _) => "func literal".to_string(),
        }
    }
}

/// What a name refers to after lowering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRes {
    Local(BindingId),
    /// Not declared in an enclosing scope of the function: a package-level declaration, an
    /// import, a predeclared identifier, or something from a dot import. What it is gets
    /// looked up once every file of the package is lowered (a global may be declared in a
    /// later file than its use): `None` until then.
    Free(Option<FreeName>),
}

/// What a free name refers to: [`Resolved`] with the import by its index in the file's
/// imports, so that it can be stored in the expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreeName {
    Global(Global),
    Import(u32),
    Builtin,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    Name {
        name: String,
        res: NameRes,
    },
    Selector {
        base: ExprId,
        field: String,
    },
    /// A call, or a conversion (`uintptr(x)`, `(*T)(p)`, `[]byte(s)`): Go syntax does not
    /// tell them apart; see [`Package::conversion_type`].
    Call {
        func: ExprId,
        args: Vec<ExprId>,
        spread: bool,
    },
    Unary {
        op: UnaryOp,
        operand: ExprId,
    },
    Binary {
        op: String,
        left: ExprId,
        right: ExprId,
    },
    Index {
        base: ExprId,
        index: ExprId,
    },
    Slice {
        base: ExprId,
        bounds: Vec<ExprId>,
    },
    TypeAssert {
        operand: ExprId,
        ty: TypeText,
    },
    /// `T{...}`; `ty` is empty for an elided inner literal.
    Composite {
        ty: TypeText,
        elems: Vec<Element>,
    },
    FuncLit(FuncId),
    /// A type in expression position: the callee of a conversion, `make`'s first argument.
    Type(TypeText),
    Literal,
    /// Anything else (and syntax the grammar could not parse), with its sub-expressions.
    Other(Vec<ExprId>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `&x`
    Addr,
    /// `*p`
    Deref,
    /// `<-ch`
    Recv,
    /// `-x`, `+x`, `!x`, `^x`
    Arith,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElementKey {
    /// `Field: v` (or a map key that is a plain name; without types the two look alike).
    Name(String),
    Expr(ExprId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub key: Option<ElementKey>,
    pub value: ExprId,
}

/// Where an expression sits: its parent expression or statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    None,
    Expr(ExprId),
    Stmt(StmtId),
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// The innermost function (literals included) the expression is in; `None` at package
    /// level.
    pub owner: Option<FuncId>,
    pub parent: Parent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `:=`
    Define,
    /// `var x = e` / `const x = e`
    Var,
    /// `+=`, `|=`, ...
    Compound(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StmtKind {
    /// Assignments, short variable declarations, `var` specs, and receive statements
    /// (`v, ok := <-ch` has `rhs = [<-ch]`).
    Assign {
        lhs: Vec<ExprId>,
        rhs: Vec<ExprId>,
        op: AssignOp,
    },
    IncDec {
        target: ExprId,
        inc: bool,
    },
    Expr(ExprId),
    Go(ExprId),
    Defer(ExprId),
    Return(Vec<ExprId>),
    Send {
        chan: ExprId,
        value: ExprId,
    },
    Range {
        key: Option<ExprId>,
        value: Option<ExprId>,
        over: ExprId,
        define: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
    pub owner: Option<FuncId>,
    /// How many `for` loops of the owning function enclose the statement.
    pub loop_depth: u32,
}

/// A struct type declared in the package: its fields and their written types.
#[derive(Debug, Clone)]
pub struct StructType {
    pub name: String,
    pub fields: Vec<(String, TypeText)>,
    pub span: Span,
}

/// A `select` statement.
#[derive(Debug, Clone)]
pub struct Select {
    pub span: Span,
    /// Its clauses, `default` included.
    pub clauses: Vec<Span>,
}

/// What a package-level name declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Func(FuncId),
    Var(BindingId),
    Const(BindingId),
    Type,
}

/// What a name in an expression refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved<'a> {
    Local(BindingId),
    Global(Global),
    /// The package name of an import (`syscall` in `syscall.Syscall`).
    Import(&'a Import),
    /// A predeclared identifier: `uintptr`, `len`, `nil`, ...
    Builtin,
    /// Not declared anywhere visible; possibly from a dot import.
    Unknown,
}

/// One lowered package.
#[derive(Debug, Default)]
pub struct Package {
    pub name: String,
    pub dir: Arc<str>,
    pub files: Vec<File>,
    pub funcs: Vec<Func>,
    pub exprs: Vec<Expr>,
    pub stmts: Vec<Stmt>,
    pub bindings: Vec<Binding>,
    pub structs: Vec<StructType>,
    pub globals: HashMap<String, Global>,
    /// Methods by name: without types, a call `x.m()` can only be narrowed to these.
    pub methods: HashMap<String, Vec<FuncId>>,
    /// By method name, then receiver type: the first method declared. Types sharing method
    /// names (`String`, `Close`) are common, and a lookup must not scan them all.
    pub method_by_receiver: HashMap<String, HashMap<String, FuncId>>,
    /// Every package-level function declaration by name. A name can be declared more than
    /// once in files for different platforms (build constraints are not evaluated);
    /// `globals` holds one of them.
    pub func_decls: HashMap<String, Vec<FuncId>>,
    /// Every declaration of a package-level variable or constant declared more than once
    /// (in files for different platforms); `globals` holds the last.
    pub var_decls: HashMap<String, Vec<Global>>,
    /// The span of every `for` statement.
    pub loops: Vec<Span>,
    /// The local names that a `//go:linkname` directive anywhere in the package gives to
    /// code elsewhere (`//go:linkname localname importpath.name`).
    pub linknamed: std::collections::BTreeSet<String>,
    /// Every `if` with an `else`: the body, and the `else` block or `else if` statement.
    /// One execution of the statement runs one of the two, never both.
    pub if_else: Vec<(Span, Span)>,
    /// The body of every `if` (the block run when its condition holds).
    pub if_bodies: Vec<Span>,
    /// The span of every `case` of a `select` statement.
    pub select_cases: Vec<Span>,
    /// Every `select` statement, with its clauses (`default` included).
    pub selects: Vec<Select>,
    /// The span of every block that runs only when control reaches it: `{...}` bodies and
    /// the clauses of `switch` and `select`. With them, that a statement runs before
    /// another on every path through a function is visible without a control-flow graph
    /// for structured code: the first's innermost block holds the second.
    pub blocks: Vec<Span>,
    /// The field names, in order, of each struct type written out in a composite literal's
    /// type (`[]struct{ in []byte; want int }{...}`), by the type's text.
    pub literal_structs: HashMap<String, Vec<String>>,
    /// Functions the package's assembly (`.s` files) defines, by name, each with what its
    /// definitions may write of the memory they are handed ([`crate::asm`]). A
    /// body-less declaration not among them is a Go function implemented elsewhere
    /// (`//go:linkname`, pushed or pulled), not assembly.
    pub assembly: std::collections::BTreeMap<String, crate::asm::Writes>,
    /// `//export` functions (by declaration) the package's C calls only during a C call made
    /// from Go, on the calling goroutine, each with the C functions through which it is
    /// reached (see [`crate::cfront`]). Only C built with the declaration counts.
    pub synchronous_callbacks: std::collections::BTreeMap<FuncId, std::collections::BTreeSet<String>>,
    /// Every package-level type declaration by name, with the type it is declared as
    /// (`type Bufs [][]byte`, `type Conn struct{...}`, `type A = B`).
    pub named_types: HashMap<String, TypeText>,
    /// The struct types by name and by field name.
    pub struct_index: StructIndex,
    /// The static types the source shows, computed once the names are resolved.
    pub types: Types,
}

/// The names of the functions an assembly file defines for its own package (see
/// [`crate::asm::functions`]).
pub fn assembly_symbols(text: &str) -> Vec<String> {
    crate::asm::functions(text).into_iter().map(|f| f.name).collect()
}

impl Package {
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.index()]
    }

    pub fn stmt(&self, id: StmtId) -> &Stmt {
        &self.stmts[id.index()]
    }

    pub fn func(&self, id: FuncId) -> &Func {
        &self.funcs[id.index()]
    }

    /// Whether `f` is implemented in the package's assembly: declared without a body, and
    /// defined by a `TEXT` symbol of one of its `.s` files.
    pub fn is_assembly(&self, f: FuncId) -> bool {
        let func = self.func(f);
        !func.has_body && func.receiver.is_none() && func.name.as_ref().is_some_and(|n| self.assembly.contains_key(n))
    }

    /// Whether `f` is implemented in the package's assembly by code that may store through
    /// the memory handed to it as its parameter `param` ([`crate::asm::Writes::param`]).
    /// `false` for a function that is not assembly.
    pub fn assembly_writes_param(&self, f: FuncId, param: usize) -> bool {
        let func = self.func(f);
        let Some(writes) = func.name.as_ref().and_then(|n| self.assembly.get(n)).filter(|_| self.is_assembly(f)) else {
            return false;
        };
        let names: Vec<Option<&str>> = func.params.iter().map(|p| p.name.as_deref()).collect();
        writes.param(&names, param)
    }

    pub fn binding(&self, id: BindingId) -> &Binding {
        &self.bindings[id.index()]
    }

    pub fn file(&self, id: FileId) -> &File {
        &self.files[id.index()]
    }

    pub fn expr_ids(&self) -> impl Iterator<Item = ExprId> {
        (0..self.exprs.len() as u32).map(ExprId)
    }

    pub fn stmt_ids(&self) -> impl Iterator<Item = StmtId> {
        (0..self.stmts.len() as u32).map(StmtId)
    }

    pub fn func_ids(&self) -> impl Iterator<Item = FuncId> {
        (0..self.funcs.len() as u32).map(FuncId)
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &str {
        let text = &self.file(span.file).text;
        text.get(span.start as usize..span.end as usize).unwrap_or("")
    }

    /// The (target, value) pairs an assignment statement stores: pairwise for `a, b = x, y`,
    /// and the call itself for the first target of `a, err := f()` (the only result whose
    /// value is followed). Empty for other statements.
    pub fn assignments(&self, stmt: StmtId) -> Vec<(ExprId, ExprId)> {
        let StmtKind::Assign { lhs, rhs, .. } = &self.stmt(stmt).kind else { return Vec::new() };
        if lhs.len() == rhs.len() {
            lhs.iter().copied().zip(rhs.iter().copied()).collect()
        } else if rhs.len() == 1 {
            lhs.first().map(|t| (*t, rhs[0])).into_iter().collect()
        } else {
            Vec::new()
        }
    }

    /// The declared function that holds `f`: itself, or the declaration a literal is in.
    pub fn declared_func(&self, mut f: FuncId) -> FuncId {
        while let Some(p) = self.func(f).parent {
            f = p;
        }
        f
    }

    /// Every declaration of the package-level function `f` (itself included): its variants
    /// for other platforms.
    pub fn variants(&self, f: FuncId) -> Vec<FuncId> {
        let func = self.func(f);
        match (&func.name, &func.receiver, func.parent) {
            (Some(name), None, None) => self.func_decls.get(name).cloned().unwrap_or_else(|| vec![f]),
            _ => vec![f],
        }
    }

    /// The argument of a one-argument call.
    pub fn single_arg(&self, call: ExprId) -> Option<ExprId> {
        match &self.expr(call).kind {
            ExprKind::Call { args, .. } if args.len() == 1 => Some(args[0]),
            _ => None,
        }
    }

    /// Struct fields declared in the package with the given name, with their types.
    pub fn fields_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (&'a StructType, &'a TypeText)> + 'a {
        self.structs.iter().flat_map(move |s| s.fields.iter().filter(move |(f, _)| f == name).map(move |(_, t)| (s, t)))
    }

    /// The direct sub-expressions of `id`.
    pub fn children(&self, id: ExprId) -> Vec<ExprId> {
        children_of(&self.expr(id).kind)
    }

    /// The expressions directly held by statement `id`.
    pub fn stmt_exprs(&self, id: StmtId) -> Vec<ExprId> {
        match &self.stmt(id).kind {
            StmtKind::Assign { lhs, rhs, .. } => lhs.iter().chain(rhs).copied().collect(),
            StmtKind::IncDec { target, .. } => vec![*target],
            StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) => vec![*e],
            StmtKind::Return(values) => values.clone(),
            StmtKind::Send { chan, value } => vec![*chan, *value],
            StmtKind::Range { key, value, over, .. } => {
                key.iter().chain(value).chain(std::iter::once(over)).copied().collect()
            }
        }
    }

    /// The named type a variable, parameter or receiver holds, pointer and type arguments
    /// dropped, through aliases: what [`Types`] says of it (`s *Server` → `Server`,
    /// `reg := &registry{...}` → `registry`).
    pub fn binding_type_name(&self, b: BindingId) -> Option<String> {
        let t = named_base(self.types.of_binding(b)?);
        (!t.is_empty()).then(|| self.declared_as(t).to_string())
    }
}

/// Source text with white space removed, as [`TypeText`] stores types.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The direct sub-expressions of an expression of this kind.
pub fn children_of(kind: &ExprKind) -> Vec<ExprId> {
    let mut out = Vec::new();
    for_each_child(kind, |c| out.push(c));
    out
}

/// Calls `f` with each direct sub-expression of an expression of this kind, in source
/// order, without allocating.
pub fn for_each_child(kind: &ExprKind, mut f: impl FnMut(ExprId)) {
    match kind {
        ExprKind::Name { .. } | ExprKind::Type(_) | ExprKind::Literal | ExprKind::FuncLit(_) => {}
        ExprKind::Selector { base, .. } => f(*base),
        ExprKind::Call { func, args, .. } => {
            f(*func);
            args.iter().copied().for_each(f);
        }
        ExprKind::Unary { operand, .. } | ExprKind::TypeAssert { operand, .. } => f(*operand),
        ExprKind::Binary { left, right, .. } => {
            f(*left);
            f(*right);
        }
        ExprKind::Index { base, index } => {
            f(*base);
            f(*index);
        }
        ExprKind::Slice { base, bounds } => {
            f(*base);
            bounds.iter().copied().for_each(f);
        }
        ExprKind::Composite { elems, .. } => {
            for e in elems {
                if let Some(ElementKey::Expr(k)) = e.key {
                    f(k);
                }
                f(e.value);
            }
        }
        ExprKind::Other(children) => children.iter().copied().for_each(f),
    }
}
