//! Parsing with tree-sitter and lowering syntax trees into the [`model`](crate::model).
//!
//! The lowering is an explicit task stack, not a recursive walk: real code nests
//! expressions thousands deep, and a recursive walk would overflow the stack. Values
//! (lowered expressions) are passed between tasks on a value stack: a task that builds a
//! call pops the callee and arguments its children pushed.

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;
use tree_sitter::{Node, Parser, Tree};

use crate::load::LoadedFile;
use crate::model::*;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The field names lowering asks for, and their ids in the Go grammar: asking by id skips
/// the grammar's search of its field names (a `strncmp` each) on every call, which was a
/// tenth of a full run's time.
const FIELD_NAMES: &[&str] = &[
    "alias",
    "alternative",
    "arguments",
    "body",
    "capacity",
    "channel",
    "condition",
    "consequence",
    "end",
    "field",
    "function",
    "index",
    "initializer",
    "key",
    "left",
    "name",
    "operand",
    "operator",
    "parameters",
    "path",
    "receiver",
    "result",
    "right",
    "start",
    "type",
    "update",
    "value",
];

static FIELD_IDS: std::sync::LazyLock<Vec<u16>> = std::sync::LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
    FIELD_NAMES.iter().map(|n| language.field_id_for_name(n).map_or(0, u16::from)).collect()
});

/// `node.child_by_field_name(name)`, by the field's id when it is one of [`FIELD_NAMES`].
fn by_field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    match field_id(name) {
        Some(id) => node.child_by_field_id(id.get()),
        None => node.child_by_field_name(name),
    }
}

/// The grammar's id for a field of [`FIELD_NAMES`].
fn field_id(name: &str) -> Option<std::num::NonZeroU16> {
    field_index(name).and_then(|i| std::num::NonZeroU16::new(FIELD_IDS[i]))
}

/// The position of `name` in [`FIELD_NAMES`]. A `match` compiles to a switch on the length
/// and one comparison, not a scan of the list.
fn field_index(name: &str) -> Option<usize> {
    Some(match name {
        "alias" => 0,
        "alternative" => 1,
        "arguments" => 2,
        "body" => 3,
        "capacity" => 4,
        "channel" => 5,
        "condition" => 6,
        "consequence" => 7,
        "end" => 8,
        "field" => 9,
        "function" => 10,
        "index" => 11,
        "initializer" => 12,
        "key" => 13,
        "left" => 14,
        "name" => 15,
        "operand" => 16,
        "operator" => 17,
        "parameters" => 18,
        "path" => 19,
        "receiver" => 20,
        "result" => 21,
        "right" => 22,
        "start" => 23,
        "type" => 24,
        "update" => 25,
        "value" => 26,
        _ => return None,
    })
}

/// The node's kind name, from a table indexed by kind id. `Node::kind` measures the
/// grammar's C string and checks it is UTF-8 on every call, and lowering asks for kinds
/// several times per node.
fn kind_of(node: Node) -> &'static str {
    KIND_NAMES.get(usize::from(node.kind_id())).copied().unwrap_or_else(|| node.kind())
}

static KIND_NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
    (0..language.node_kind_count()).map(|id| language.node_kind_for_id(id as u16).unwrap_or("")).collect()
});

/// Parses Go source; `None` only if tree-sitter gives up entirely.
pub fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_go::LANGUAGE.into()).expect("tree-sitter-go matches the tree-sitter ABI");
            p
        });
        parser.parse(text, None)
    })
}

/// Parses the files of one package in parallel and lowers them into one [`Package`]. The
/// syntax trees are dropped before this returns.
pub fn build_package(name: &str, dir: Arc<str>, files: &[LoadedFile]) -> Package {
    let trees: Vec<Option<Tree>> = files.par_iter().map(|f| parse(&f.text)).collect();
    let mut b = Builder { pkg: Package { name: name.to_string(), dir, ..Package::default() }, ..Builder::default() };
    // Each tree is dropped as soon as its file is lowered.
    for (i, (file, tree)) in files.iter().zip(trees).enumerate() {
        b.pkg.files.push(File {
            path: file.display.clone(),
            text: file.text.clone(),
            reported: file.reported,
            imports: Vec::new(),
            syntax_errors: Vec::new(),
            cgo_preamble: String::new(),
        });
        if let Some(tree) = tree {
            b.lower_file(FileId(i as u32), tree.root_node(), &file.text);
        }
    }
    b.pkg.resolve_free_names();
    b.pkg
}

enum Task<'t> {
    Expr(Node<'t>),
    Stmt(Node<'t>),
    Build(Node<'t>, Build),
    Emit(Node<'t>, Emit<'t>),
    PushScope,
    PopScope,
    EnterLoop,
    ExitLoop,
    /// Ends a function literal: pops the function frame and pushes the literal's value.
    EndFuncLit(Node<'t>, FuncId),
    /// Ends a function declaration's body.
    EndFunc,
}

enum Build {
    Selector(String),
    Call { nargs: usize, spread: bool },
    Unary(UnaryOp),
    Binary(String),
    Index,
    Slice(usize),
    TypeAssert(TypeText),
    Composite(TypeText, Vec<KeySpec>),
    Other(usize),
}

enum KeySpec {
    None,
    Name(String),
    Expr,
}

enum Emit<'t> {
    Assign {
        nl: usize,
        nr: usize,
        op: AssignOp,
    },
    /// `:=`, `var`, `const`, or a receive with `:=`: the right side is lowered first, then
    /// the names are declared.
    Declare {
        names: Vec<Node<'t>>,
        nr: usize,
        op: AssignOp,
        kind: BindingKind,
        ty: Option<TypeText>,
    },
    IncDec(bool),
    ExprStmt,
    Go,
    Defer,
    Return(usize),
    Send,
    Range {
        key: Option<Node<'t>>,
        value: Option<Node<'t>>,
        define: bool,
        nl: usize,
    },
}

#[derive(Default)]
struct Builder {
    pkg: Package,
    file: u32,
    /// Visible local names, innermost last; `scopes` marks where each scope starts.
    names: Vec<(String, BindingId)>,
    scopes: Vec<usize>,
    /// The functions being lowered, innermost last, each with its loop depth.
    funcs: Vec<(FuncId, u32)>,
    values: Vec<ExprId>,
}

fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| kind_of(*c) != "comment").collect()
}

/// Whether one of `node`'s children is the token `token` (`:=` in an assignment).
fn has_token(node: Node, token: &str) -> bool {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).any(|c| kind_of(c) == token);
    found
}

fn field_children<'t>(node: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    match field_id(field) {
        Some(id) => node.children_by_field_id(id, &mut cursor).filter(|c| c.is_named()).collect(),
        None => node.children_by_field_name(field, &mut cursor).filter(|c| c.is_named()).collect(),
    }
}

fn is_type_kind(kind: &str) -> bool {
    matches!(
        kind,
        "array_type"
            | "slice_type"
            | "map_type"
            | "pointer_type"
            | "channel_type"
            | "struct_type"
            | "interface_type"
            | "function_type"
            | "qualified_type"
            | "generic_type"
            | "type_identifier"
            | "parenthesized_type"
            | "implicit_length_array_type"
            | "negated_type"
    )
}

fn is_statement_kind(kind: &str) -> bool {
    matches!(
        kind,
        "block"
            | "statement_list"
            | "expression_statement"
            | "assignment_statement"
            | "short_var_declaration"
            | "inc_statement"
            | "dec_statement"
            | "send_statement"
            | "go_statement"
            | "defer_statement"
            | "return_statement"
            | "var_declaration"
            | "const_declaration"
            | "type_declaration"
            | "if_statement"
            | "for_statement"
            | "expression_switch_statement"
            | "type_switch_statement"
            | "select_statement"
            | "labeled_statement"
            | "break_statement"
            | "continue_statement"
            | "goto_statement"
            | "fallthrough_statement"
            | "empty_statement"
            | "receive_statement"
            | "function_declaration"
            | "method_declaration"
            | "import_declaration"
            | "package_clause"
            | "expression_case"
            | "default_case"
            | "type_case"
            | "communication_case"
    )
}

impl Builder {
    fn span(&self, node: Node) -> Span {
        Span { file: FileId(self.file), start: node.start_byte() as u32, end: node.end_byte() as u32 }
    }

    fn text<'s>(&self, node: Node, src: &'s str) -> &'s str {
        src.get(node.byte_range()).unwrap_or("")
    }

    fn owner(&self) -> Option<FuncId> {
        self.funcs.last().map(|f| f.0)
    }

    fn loop_depth(&self) -> u32 {
        self.funcs.last().map_or(0, |f| f.1)
    }

    fn lookup(&self, name: &str) -> NameRes {
        self.names.iter().rev().find(|(n, _)| n == name).map_or(NameRes::Free(None), |(_, b)| NameRes::Local(*b))
    }

    fn push_expr(&mut self, kind: ExprKind, span: Span) -> ExprId {
        let id = ExprId(self.pkg.exprs.len() as u32);
        let exprs = &mut self.pkg.exprs;
        for_each_child(&kind, |child| exprs[child.index()].parent = Parent::Expr(id));
        self.pkg.exprs.push(Expr { kind, span, owner: self.owner(), parent: Parent::None });
        id
    }

    fn push_stmt(&mut self, kind: StmtKind, span: Span) {
        let id = StmtId(self.pkg.stmts.len() as u32);
        self.pkg.stmts.push(Stmt { kind, span, owner: self.owner(), loop_depth: self.loop_depth() });
        for e in self.pkg.stmt_exprs(id) {
            self.pkg.exprs[e.index()].parent = Parent::Stmt(id);
        }
    }

    fn pop_values(&mut self, n: usize) -> Vec<ExprId> {
        // A malformed tree can leave fewer values than expected: the builders check the
        // count they get back.
        let at = self.values.len().saturating_sub(n);
        self.values.split_off(at)
    }

    /// The last `N` values, without allocating; all that is left if there are fewer.
    fn pop_array<const N: usize>(&mut self) -> Result<[ExprId; N], Vec<ExprId>> {
        match self.values.len().checked_sub(N) {
            Some(at) => {
                let mut out = [ExprId(0); N];
                out.copy_from_slice(&self.values[at..]);
                self.values.truncate(at);
                Ok(out)
            }
            None => Err(std::mem::take(&mut self.values)),
        }
    }

    fn declare(
        &mut self,
        name_node: Node,
        src: &str,
        kind: BindingKind,
        ty: Option<TypeText>,
        init: Option<(ExprId, u32)>,
    ) -> Option<BindingId> {
        let name = self.text(name_node, src);
        if name == "_" || name.is_empty() {
            return None;
        }
        let id = BindingId(self.pkg.bindings.len() as u32);
        self.pkg.bindings.push(Binding {
            name: name.to_string(),
            kind,
            ty,
            init,
            span: self.span(name_node),
            owner: self.owner(),
        });
        if self.funcs.is_empty() {
            let global = if kind == BindingKind::Const { Global::Const(id) } else { Global::Var(id) };
            self.pkg.globals.insert(name.to_string(), global);
        } else {
            self.names.push((name.to_string(), id));
        }
        Some(id)
    }

    fn type_text(&self, node: Option<Node>, src: &str) -> Option<TypeText> {
        node.map(|n| TypeText(compact(self.text(n, src))))
    }

    fn lower_file(&mut self, file: FileId, root: Node, src: &str) {
        self.file = file.0;
        // One task stack for the whole file: it grows to the deepest function once.
        let mut stack = Vec::new();
        if root.has_error() {
            self.pkg.files[file.index()].syntax_errors = collect_errors(root);
        }
        let mut comments: Vec<Node> = Vec::new();
        for node in {
            let mut c = root.walk();
            root.children(&mut c).collect::<Vec<_>>()
        } {
            match kind_of(node) {
                "comment" => {
                    if comments.last().is_some_and(|prev| prev.end_position().row + 1 < node.start_position().row) {
                        comments.clear();
                    }
                    comments.push(node);
                    continue;
                }
                "package_clause" => {}
                "import_declaration" => {
                    let before = self.pkg.files[file.index()].imports.len();
                    self.lower_imports(node, src);
                    let imports_c = self.pkg.files[file.index()].imports[before..].iter().any(|i| i.path == "C");
                    let adjacent =
                        comments.last().is_some_and(|c| c.end_position().row + 1 >= node.start_position().row);
                    if imports_c && adjacent {
                        let preamble = comments.iter().map(|c| comment_body(self.text(*c, src))).collect::<Vec<_>>();
                        self.pkg.files[file.index()].cgo_preamble = preamble.join("\n");
                    }
                }
                "function_declaration" | "method_declaration" => {
                    let directives = self.directives(&comments, node, src);
                    self.lower_func_decl(node, src, directives, &mut stack);
                }
                "type_declaration" => self.lower_type_decl(node, src),
                _ => self.run_many([Task::Stmt(node)], src, &mut stack),
            }
            comments.clear();
        }
    }

    /// The directives of the comment group that ends on the line before `decl`.
    fn directives(&self, comments: &[Node], decl: Node, src: &str) -> Vec<Directive> {
        let Some(last) = comments.last() else { return Vec::new() };
        if last.end_position().row + 1 < decl.start_position().row {
            return Vec::new();
        }
        comments
            .iter()
            .filter_map(|c| {
                let text = self.text(*c, src).strip_prefix("//")?;
                let is_directive = text.starts_with("go:") || text.starts_with("export ") || text.starts_with("line ");
                is_directive.then(|| Directive { text: text.trim_end().to_string(), span: self.span(*c) })
            })
            .collect()
    }

    fn lower_imports(&mut self, decl: Node, src: &str) {
        let mut stack = vec![decl];
        let mut specs = Vec::new();
        while let Some(n) = stack.pop() {
            match kind_of(n) {
                "import_spec" => specs.push(n),
                _ => stack.extend(named_children(n).into_iter().rev()),
            }
        }
        for spec in specs {
            let Some(path_node) = by_field(spec, "path") else { continue };
            let path = self.text(path_node, src).trim_matches(|c| c == '"' || c == '`').to_string();
            let alias = by_field(spec, "name").map(|n| self.text(n, src).to_string());
            let span = self.span(spec);
            self.pkg.files[self.file as usize].imports.push(Import::new(alias, path, span));
        }
    }

    fn lower_type_decl(&mut self, decl: Node, src: &str) {
        for spec in named_children(decl) {
            let (Some(name), ty) = (by_field(spec, "name"), by_field(spec, "type")) else {
                continue;
            };
            let name = self.text(name, src).to_string();
            if self.funcs.is_empty() {
                self.pkg.globals.insert(name.clone(), Global::Type);
            }
            if let Some(ty) = ty.filter(|t| kind_of(*t) == "struct_type") {
                let fields = self.struct_fields(ty, src);
                self.pkg.structs.push(StructType { name, fields, span: self.span(spec) });
            }
        }
    }

    fn struct_fields(&self, ty: Node, src: &str) -> Vec<(String, TypeText)> {
        let mut out = Vec::new();
        let Some(list) = named_children(ty).into_iter().find(|n| kind_of(*n) == "field_declaration_list") else {
            return out;
        };
        for field in named_children(list) {
            let Some(ty) = self.type_text(by_field(field, "type"), src) else { continue };
            let names = field_children(field, "name");
            if names.is_empty() {
                // An embedded field is named by its type's last identifier.
                let base = ty.0.trim_start_matches('*');
                let base = base.split('[').next().unwrap_or(base);
                let name = base.rsplit('.').next().unwrap_or(base).to_string();
                out.push((name, ty));
            } else {
                for n in names {
                    out.push((self.text(n, src).to_string(), ty.clone()));
                }
            }
        }
        out
    }

    fn new_func(
        &mut self,
        node: Node,
        name: Option<String>,
        name_span: Span,
        directives: Vec<Directive>,
        has_body: bool,
    ) -> FuncId {
        let id = FuncId(self.pkg.funcs.len() as u32);
        self.pkg.funcs.push(Func {
            name,
            receiver: None,
            params: Vec::new(),
            results: Vec::new(),
            has_body,
            directives,
            parent: self.owner(),
            name_span,
            span: self.span(node),
        });
        id
    }

    /// Declares a function's parameters (or results) in the current scope.
    fn lower_params(&mut self, list: Option<Node>, src: &str, kind: BindingKind) -> Vec<Param> {
        let Some(list) = list else { return Vec::new() };
        if kind_of(list) != "parameter_list" {
            // A single unnamed result type: `func f() error`.
            let ty = TypeText(compact(self.text(list, src)));
            return vec![Param { name: None, binding: None, ty, variadic: false, span: self.span(list) }];
        }
        let mut out = Vec::new();
        for decl in named_children(list) {
            let variadic = kind_of(decl) == "variadic_parameter_declaration";
            let ty = self.type_text(by_field(decl, "type"), src).unwrap_or_default();
            let names = field_children(decl, "name");
            if names.is_empty() {
                out.push(Param { name: None, binding: None, ty, variadic, span: self.span(decl) });
                continue;
            }
            for n in names {
                let binding = self.declare(n, src, kind, Some(ty.clone()), None);
                let name = Some(self.text(n, src).to_string());
                out.push(Param { name, binding, ty: ty.clone(), variadic, span: self.span(n) });
            }
        }
        out
    }

    fn lower_func_decl<'t>(
        &mut self,
        node: Node<'t>,
        src: &str,
        directives: Vec<Directive>,
        stack: &mut Vec<Task<'t>>,
    ) {
        let name_node = by_field(node, "name");
        let name = name_node.map(|n| self.text(n, src).to_string());
        let name_span = name_node.map_or(self.span(node), |n| self.span(n));
        let body = by_field(node, "body");
        let id = self.new_func(node, name.clone(), name_span, directives, body.is_some());
        let is_method = kind_of(node) == "method_declaration";
        if let Some(name) = name.filter(|n| n != "_" && n != "init") {
            if is_method {
                self.pkg.methods.entry(name).or_default().push(id);
            } else {
                self.pkg.func_decls.entry(name.clone()).or_default().push(id);
                self.pkg.globals.insert(name, Global::Func(id));
            }
        }
        self.funcs.push((id, 0));
        self.scopes.push(self.names.len());
        if is_method {
            let recv = self.lower_params(by_field(node, "receiver"), src, BindingKind::Receiver);
            if let Some(r) = recv.into_iter().next() {
                let pointer = r.ty.0.starts_with('*');
                let base = r.ty.0.trim_start_matches('*');
                let type_name = base.split('[').next().unwrap_or(base).to_string();
                self.pkg.funcs[id.index()].receiver = Some(Receiver { binding: r.binding, type_name, pointer });
            }
        }
        let params = self.lower_params(by_field(node, "parameters"), src, BindingKind::Param);
        let results = self.lower_params(by_field(node, "result"), src, BindingKind::Result);
        self.pkg.funcs[id.index()].params = params;
        self.pkg.funcs[id.index()].results = results;
        match body {
            Some(body) => self.run_many([Task::Stmt(body), Task::EndFunc], src, stack),
            None => self.run_many([Task::EndFunc], src, stack),
        }
    }

    /// Runs tasks in the given order, and every task they spawn, until none is left, on
    /// `stack` (empty before and after; passed in so that its room is reused).
    fn run_many<'t, const N: usize>(&mut self, tasks: [Task<'t>; N], src: &str, stack: &mut Vec<Task<'t>>) {
        debug_assert!(stack.is_empty());
        stack.extend(tasks.into_iter().rev());
        while let Some(task) = stack.pop() {
            match task {
                Task::Expr(node) => self.expr(node, src, stack),
                Task::Stmt(node) => self.stmt(node, src, stack),
                Task::Build(node, build) => self.build(node, build),
                Task::Emit(node, emit) => self.emit(node, emit, src),
                Task::PushScope => self.scopes.push(self.names.len()),
                Task::PopScope => {
                    let mark = self.scopes.pop().unwrap_or(0);
                    self.names.truncate(mark);
                }
                Task::EnterLoop => {
                    if let Some(f) = self.funcs.last_mut() {
                        f.1 += 1;
                    }
                }
                Task::ExitLoop => {
                    if let Some(f) = self.funcs.last_mut() {
                        f.1 = f.1.saturating_sub(1);
                    }
                }
                Task::EndFuncLit(node, id) => {
                    self.end_func();
                    let span = self.span(node);
                    let value = self.push_expr(ExprKind::FuncLit(id), span);
                    self.values.push(value);
                }
                Task::EndFunc => self.end_func(),
            }
        }
    }

    fn end_func(&mut self) {
        self.funcs.pop();
        let mark = self.scopes.pop().unwrap_or(0);
        self.names.truncate(mark);
    }

    /// Pushes `tasks` so that they run in the given order.
    fn schedule<'t>(stack: &mut Vec<Task<'t>>, tasks: Vec<Task<'t>>) {
        stack.extend(tasks.into_iter().rev());
    }

    fn expr<'t>(&mut self, node: Node<'t>, src: &str, stack: &mut Vec<Task<'t>>) {
        let kind = kind_of(node);
        let span = self.span(node);
        let leaf = |b: &mut Self, k: ExprKind| {
            let id = b.push_expr(k, span);
            b.values.push(id);
        };
        match kind {
            "identifier" | "field_identifier" | "package_identifier" => {
                let name = self.text(node, src).to_string();
                let res = self.lookup(&name);
                leaf(self, ExprKind::Name { name, res });
            }
            "parenthesized_expression" | "literal_element" => {
                let children = named_children(node);
                match children.as_slice() {
                    [one] => stack.push(Task::Expr(*one)),
                    _ => self.other(node, children, stack),
                }
            }
            "selector_expression" => {
                let field = by_field(node, "field").map_or(String::new(), |f| self.text(f, src).to_string());
                let operand = by_field(node, "operand");
                self.compound(node, Build::Selector(field), operand.into_iter().collect(), stack);
            }
            "call_expression" => {
                let func = by_field(node, "function");
                let mut args = Vec::new();
                let mut spread = false;
                if let Some(list) = by_field(node, "arguments") {
                    for a in named_children(list) {
                        if kind_of(a) == "variadic_argument" {
                            spread = true;
                            args.extend(named_children(a).into_iter().take(1));
                        } else {
                            args.push(a);
                        }
                    }
                }
                let nargs = args.len();
                let Some(func) = func else { return self.other(node, args, stack) };
                let children = std::iter::once(func).chain(args).collect();
                self.compound(node, Build::Call { nargs, spread }, children, stack);
            }
            "type_conversion_expression" => {
                let ty = by_field(node, "type");
                let operand = by_field(node, "operand");
                match (ty, operand) {
                    (Some(ty), Some(op)) => {
                        self.compound(node, Build::Call { nargs: 1, spread: false }, vec![ty, op], stack)
                    }
                    _ => self.other(node, named_children(node), stack),
                }
            }
            "unary_expression" => {
                let op = match by_field(node, "operator").map(|o| kind_of(o)) {
                    Some("&") => UnaryOp::Addr,
                    Some("*") => UnaryOp::Deref,
                    Some("<-") => UnaryOp::Recv,
                    _ => UnaryOp::Arith,
                };
                let operand = by_field(node, "operand");
                self.compound(node, Build::Unary(op), operand.into_iter().collect(), stack);
            }
            "binary_expression" => {
                let op = by_field(node, "operator").map_or("", |o| kind_of(o)).to_string();
                match (by_field(node, "left"), by_field(node, "right")) {
                    (Some(l), Some(r)) => self.compound(node, Build::Binary(op), vec![l, r], stack),
                    _ => self.other(node, named_children(node), stack),
                }
            }
            "index_expression" => match (by_field(node, "operand"), by_field(node, "index")) {
                (Some(b), Some(i)) => self.compound(node, Build::Index, vec![b, i], stack),
                _ => self.other(node, named_children(node), stack),
            },
            "slice_expression" => {
                let Some(base) = by_field(node, "operand") else {
                    return self.other(node, named_children(node), stack);
                };
                let bounds: Vec<Node> = ["start", "end", "capacity"].iter().filter_map(|f| by_field(node, f)).collect();
                let n = bounds.len();
                self.compound(node, Build::Slice(n), std::iter::once(base).chain(bounds).collect(), stack);
            }
            "type_assertion_expression" => {
                let ty = self.type_text(by_field(node, "type"), src).unwrap_or_default();
                let operand = by_field(node, "operand");
                self.compound(node, Build::TypeAssert(ty), operand.into_iter().collect(), stack);
            }
            "composite_literal" | "literal_value" => {
                let (ty, body) = if kind == "composite_literal" {
                    (self.type_text(by_field(node, "type"), src).unwrap_or_default(), by_field(node, "body"))
                } else {
                    (TypeText::default(), Some(node))
                };
                let mut keys = Vec::new();
                let mut children = Vec::new();
                for elem in body.map(named_children).unwrap_or_default() {
                    if kind_of(elem) == "keyed_element" {
                        let key = by_field(elem, "key");
                        let key_inner = key.and_then(|k| named_children(k).into_iter().next());
                        match key_inner {
                            Some(k) if kind_of(k) == "identifier" => {
                                keys.push(KeySpec::Name(self.text(k, src).to_string()))
                            }
                            Some(k) => {
                                keys.push(KeySpec::Expr);
                                children.push(k);
                            }
                            None => keys.push(KeySpec::None),
                        }
                        if let Some(v) = by_field(elem, "value") {
                            children.push(v);
                        } else {
                            keys.pop();
                        }
                    } else {
                        keys.push(KeySpec::None);
                        children.push(elem);
                    }
                }
                self.compound(node, Build::Composite(ty, keys), children, stack);
            }
            "func_literal" => {
                let id = self.new_func(node, None, Span { end: span.start + 4, ..span }, Vec::new(), true);
                self.funcs.push((id, 0));
                self.scopes.push(self.names.len());
                let params = self.lower_params(by_field(node, "parameters"), src, BindingKind::Param);
                let results = self.lower_params(by_field(node, "result"), src, BindingKind::Result);
                self.pkg.funcs[id.index()].params = params;
                self.pkg.funcs[id.index()].results = results;
                let mut tasks: Vec<Task<'t>> = by_field(node, "body").map(Task::Stmt).into_iter().collect();
                tasks.push(Task::EndFuncLit(node, id));
                Self::schedule(stack, tasks);
            }
            "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "true"
            | "false"
            | "nil"
            | "iota" => leaf(self, ExprKind::Literal),
            k if is_type_kind(k) => {
                let mut text = compact(self.text(node, src));
                // `(*T)(p)`: the conversion's type is `*T`.
                while k == "parenthesized_type" && text.starts_with('(') && text.ends_with(')') {
                    text = text[1..text.len() - 1].to_string();
                }
                leaf(self, ExprKind::Type(TypeText(text)))
            }
            _ => self.other(node, named_children(node), stack),
        }
    }

    fn compound<'t>(&mut self, node: Node<'t>, build: Build, children: Vec<Node<'t>>, stack: &mut Vec<Task<'t>>) {
        // The children run first, in order, then the build: pushed in reverse.
        stack.push(Task::Build(node, build));
        stack.extend(children.into_iter().rev().map(Task::Expr));
    }

    /// Syntax the model has no shape for (including ERROR nodes): its expressions are kept
    /// as the children of an `Other` value, its statements are lowered as statements.
    fn other<'t>(&mut self, node: Node<'t>, children: Vec<Node<'t>>, stack: &mut Vec<Task<'t>>) {
        // The children run first, in order, then the build: pushed in reverse.
        let n = children.iter().filter(|c| !is_statement_kind(kind_of(**c))).count();
        stack.push(Task::Build(node, Build::Other(n)));
        stack.extend(children.into_iter().rev().map(|c| {
            if is_statement_kind(kind_of(c)) {
                Task::Stmt(c)
            } else {
                Task::Expr(c)
            }
        }));
    }

    fn build(&mut self, node: Node, build: Build) {
        let span = self.span(node);
        let kind = match build {
            Build::Selector(field) => match self.pop_array() {
                Ok([base]) => ExprKind::Selector { base, field },
                Err(_) => ExprKind::Other(Vec::new()),
            },
            Build::Call { nargs, spread } => {
                let mut vals = self.pop_values(nargs + 1);
                if vals.len() == nargs + 1 {
                    let func = vals.remove(0);
                    ExprKind::Call { func, args: vals, spread }
                } else {
                    ExprKind::Other(vals)
                }
            }
            Build::Unary(op) => match self.pop_array() {
                Ok([operand]) => ExprKind::Unary { op, operand },
                Err(_) => ExprKind::Other(Vec::new()),
            },
            Build::Binary(op) => match self.pop_array() {
                Ok([left, right]) => ExprKind::Binary { op, left, right },
                Err(other) => ExprKind::Other(other),
            },
            Build::Index => match self.pop_array() {
                Ok([base, index]) => ExprKind::Index { base, index },
                Err(other) => ExprKind::Other(other),
            },
            Build::Slice(n) => {
                let mut vals = self.pop_values(n + 1);
                if vals.len() == n + 1 {
                    let base = vals.remove(0);
                    ExprKind::Slice { base, bounds: vals }
                } else {
                    ExprKind::Other(vals)
                }
            }
            Build::TypeAssert(ty) => match self.pop_array() {
                Ok([operand]) => ExprKind::TypeAssert { operand, ty },
                Err(_) => ExprKind::Other(Vec::new()),
            },
            Build::Composite(ty, keys) => {
                let n = keys.iter().map(|k| if matches!(k, KeySpec::Expr) { 2 } else { 1 }).sum();
                let vals = self.pop_values(n);
                if vals.len() != n {
                    ExprKind::Other(vals)
                } else {
                    let mut it = vals.into_iter();
                    let mut elems = Vec::new();
                    for k in keys {
                        let key = match k {
                            KeySpec::None => None,
                            KeySpec::Name(s) => Some(ElementKey::Name(s)),
                            KeySpec::Expr => it.next().map(ElementKey::Expr),
                        };
                        if let Some(value) = it.next() {
                            elems.push(Element { key, value });
                        }
                    }
                    ExprKind::Composite { ty, elems }
                }
            }
            Build::Other(n) => ExprKind::Other(self.pop_values(n)),
        };
        let id = self.push_expr(kind, span);
        self.values.push(id);
    }

    fn stmt<'t>(&mut self, node: Node<'t>, src: &str, stack: &mut Vec<Task<'t>>) {
        let kind = kind_of(node);
        let expr_list = |field: &str| -> Vec<Node<'t>> {
            by_field(node, field)
                .map(|l| if kind_of(l) == "expression_list" { named_children(l) } else { vec![l] })
                .unwrap_or_default()
        };
        // The expressions run first, in order, then the emit: pushed in reverse.
        let emit = |stack: &mut Vec<Task<'t>>, exprs: Vec<Node<'t>>, emit: Emit<'t>| {
            stack.push(Task::Emit(node, emit));
            stack.extend(exprs.into_iter().rev().map(Task::Expr));
        };
        match kind {
            "block" | "statement_list" | "labeled_statement" | "expression_case" | "default_case" | "type_case" => {
                // Case values are expressions evaluated where the case is; lower them as
                // expression statements so their calls are seen.
                let children = named_children(node);
                let values = if kind == "expression_case" { by_field(node, "value") } else { None };
                let mut tasks = Vec::with_capacity(children.len() + 2);
                tasks.push(Task::PushScope);
                for c in children {
                    if Some(c) == values {
                        for v in named_children(c) {
                            tasks.push(Task::Stmt(v));
                        }
                    } else if kind == "type_case" && is_type_kind(kind_of(c)) || kind_of(c) == "label_name" {
                        continue;
                    } else {
                        tasks.push(Task::Stmt(c));
                    }
                }
                tasks.push(Task::PopScope);
                Self::schedule(stack, tasks);
            }
            "expression_statement" => emit(stack, named_children(node).into_iter().take(1).collect(), Emit::ExprStmt),
            "assignment_statement" => {
                let (lhs, rhs) = (expr_list("left"), expr_list("right"));
                let op = match by_field(node, "operator").map_or("=", kind_of) {
                    "=" => AssignOp::Assign,
                    other => AssignOp::Compound(other.to_string()),
                };
                let (nl, nr) = (lhs.len(), rhs.len());
                emit(stack, lhs.into_iter().chain(rhs).collect(), Emit::Assign { nl, nr, op });
            }
            "short_var_declaration" => {
                let (names, rhs) = (expr_list("left"), expr_list("right"));
                let nr = rhs.len();
                emit(stack, rhs, Emit::Declare { names, nr, op: AssignOp::Define, kind: BindingKind::Var, ty: None });
            }
            "receive_statement" => {
                let (left, right) = (expr_list("left"), by_field(node, "right"));
                let define = has_token(node, ":=");
                let right: Vec<Node> = right.into_iter().collect();
                if left.is_empty() {
                    emit(stack, right, Emit::ExprStmt);
                } else if define {
                    let nr = right.len();
                    emit(
                        stack,
                        right,
                        Emit::Declare { names: left, nr, op: AssignOp::Define, kind: BindingKind::Var, ty: None },
                    );
                } else {
                    let (nl, nr) = (left.len(), right.len());
                    emit(stack, left.into_iter().chain(right).collect(), Emit::Assign { nl, nr, op: AssignOp::Assign });
                }
            }
            "var_declaration" | "const_declaration" => {
                let mut specs = Vec::new();
                for c in named_children(node) {
                    if kind_of(c) == "var_spec_list" {
                        specs.extend(named_children(c));
                    } else {
                        specs.push(c);
                    }
                }
                let binding_kind = if kind == "const_declaration" { BindingKind::Const } else { BindingKind::Var };
                let mut tasks = Vec::new();
                for spec in specs {
                    let names = field_children(spec, "name");
                    let ty = self.type_text(by_field(spec, "type"), src);
                    let values = by_field(spec, "value").map(|l| named_children(l)).unwrap_or_default();
                    let nr = values.len();
                    tasks.extend(values.into_iter().map(Task::Expr));
                    tasks
                        .push(Task::Emit(spec, Emit::Declare { names, nr, op: AssignOp::Var, kind: binding_kind, ty }));
                }
                Self::schedule(stack, tasks);
            }
            "type_declaration" => self.lower_type_decl(node, src),
            "inc_statement" | "dec_statement" => {
                emit(stack, named_children(node).into_iter().take(1).collect(), Emit::IncDec(kind == "inc_statement"))
            }
            "send_statement" => match (by_field(node, "channel"), by_field(node, "value")) {
                (Some(c), Some(v)) => emit(stack, vec![c, v], Emit::Send),
                _ => self.stmt_children(node, stack),
            },
            "go_statement" | "defer_statement" => {
                let e = if kind == "go_statement" { Emit::Go } else { Emit::Defer };
                emit(stack, named_children(node).into_iter().take(1).collect(), e)
            }
            "return_statement" => {
                let values: Vec<Node> = named_children(node)
                    .into_iter()
                    .flat_map(|c| if kind_of(c) == "expression_list" { named_children(c) } else { vec![c] })
                    .collect();
                let n = values.len();
                emit(stack, values, Emit::Return(n));
            }
            "if_statement" => {
                let mut tasks = vec![Task::PushScope];
                tasks.extend(by_field(node, "initializer").map(Task::Stmt));
                tasks.extend(by_field(node, "condition").map(Task::Stmt));
                tasks.extend(by_field(node, "consequence").map(Task::Stmt));
                tasks.extend(by_field(node, "alternative").map(Task::Stmt));
                tasks.push(Task::PopScope);
                Self::schedule(stack, tasks);
            }
            "for_statement" => {
                self.pkg.loops.push(self.span(node));
                let mut tasks = vec![Task::PushScope];
                let body = by_field(node, "body");
                for c in named_children(node) {
                    if Some(c) == body {
                        continue;
                    }
                    match kind_of(c) {
                        "for_clause" => {
                            tasks.extend(by_field(c, "initializer").map(Task::Stmt));
                            tasks.push(Task::EnterLoop);
                            tasks.extend(by_field(c, "condition").map(Task::Stmt));
                            tasks.extend(by_field(c, "update").map(Task::Stmt));
                        }
                        "range_clause" => {
                            let left: Vec<Node> = by_field(c, "left").map(named_children).unwrap_or_default();
                            let define = has_token(c, ":=");
                            let over = by_field(c, "right");
                            let (key, value) = (left.first().copied(), left.get(1).copied());
                            let mut exprs = Vec::new();
                            if !define {
                                exprs.extend(left.iter().copied().map(Task::Expr));
                            }
                            let nl = exprs.len();
                            exprs.extend(over.map(Task::Expr));
                            if over.is_some() {
                                tasks.extend(exprs);
                                tasks.push(Task::Emit(c, Emit::Range { key, value, define, nl }));
                            }
                            tasks.push(Task::EnterLoop);
                        }
                        _ => {
                            tasks.push(Task::EnterLoop);
                            tasks.push(Task::Stmt(c));
                        }
                    }
                }
                if !tasks.iter().any(|t| matches!(t, Task::EnterLoop)) {
                    tasks.push(Task::EnterLoop);
                }
                tasks.extend(body.map(Task::Stmt));
                tasks.push(Task::ExitLoop);
                tasks.push(Task::PopScope);
                Self::schedule(stack, tasks);
            }
            "expression_switch_statement" | "type_switch_statement" | "select_statement" => {
                let mut tasks = vec![Task::PushScope];
                tasks.extend(by_field(node, "initializer").map(Task::Stmt));
                if kind == "type_switch_statement" {
                    let alias = by_field(node, "alias").map(named_children).unwrap_or_default();
                    if let Some(value) = by_field(node, "value") {
                        tasks.push(Task::Expr(value));
                        if alias.is_empty() {
                            tasks.push(Task::Emit(node, Emit::ExprStmt));
                        } else {
                            let op = AssignOp::Define;
                            let emit =
                                Emit::Declare { names: alias, nr: 1, op, kind: BindingKind::TypeSwitch, ty: None };
                            tasks.push(Task::Emit(node, emit));
                        }
                    }
                } else {
                    tasks.extend(by_field(node, "value").map(Task::Stmt));
                }
                for c in named_children(node) {
                    match kind_of(c) {
                        "expression_case" | "default_case" | "type_case" => tasks.push(Task::Stmt(c)),
                        "communication_case" => {
                            self.pkg.select_cases.push(self.span(c));
                            tasks.push(Task::PushScope);
                            for cc in named_children(c) {
                                tasks.push(Task::Stmt(cc));
                            }
                            tasks.push(Task::PopScope);
                        }
                        _ => {}
                    }
                }
                tasks.push(Task::PopScope);
                Self::schedule(stack, tasks);
            }
            "break_statement"
            | "continue_statement"
            | "goto_statement"
            | "fallthrough_statement"
            | "empty_statement"
            | "comment"
            | "package_clause"
            | "label_name" => {}
            "import_declaration" => self.lower_imports(node, src),
            // A declaration inside a statement (only in error recovery): lowered on its own stack.
            "function_declaration" | "method_declaration" => {
                self.lower_func_decl(node, src, Vec::new(), &mut Vec::new())
            }
            k if is_statement_kind(k) => self.stmt_children(node, stack),
            k if k == "ERROR" || !node.is_named() => self.stmt_children(node, stack),
            // An expression where a statement was expected (an `if` condition, a `for`
            // condition, a case value, or a grammar fallback).
            _ => emit(stack, vec![node], Emit::ExprStmt),
        }
    }

    fn stmt_children<'t>(&mut self, node: Node<'t>, stack: &mut Vec<Task<'t>>) {
        let tasks = named_children(node).into_iter().map(Task::Stmt).collect();
        Self::schedule(stack, tasks);
    }

    fn emit(&mut self, node: Node, emit: Emit, src: &str) {
        let span = self.span(node);
        let kind = match emit {
            Emit::Assign { nl, nr, op } => {
                let mut lhs = self.pop_values(nl + nr);
                let rhs = lhs.split_off(nl.min(lhs.len()));
                StmtKind::Assign { lhs, rhs, op }
            }
            Emit::Declare { names, nr, op, kind, ty } => {
                let rhs = self.pop_values(nr);
                let mut lhs = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    let init = if rhs.len() == names.len() {
                        rhs.get(i).map(|e| (*e, 0))
                    } else {
                        rhs.first().filter(|_| rhs.len() == 1).map(|e| (*e, i as u32))
                    };
                    let text = self.text(*name, src).to_string();
                    // `a, err := f()` reuses `err` when it is declared in the same scope.
                    let mark = self.scopes.last().copied().unwrap_or(0);
                    let existing = if op == AssignOp::Define {
                        self.names[mark.min(self.names.len())..].iter().rev().find(|(n, _)| *n == text).map(|(_, b)| *b)
                    } else {
                        None
                    };
                    let binding = match existing {
                        Some(b) => Some(b),
                        None => self.declare(*name, src, kind, ty.clone(), init),
                    };
                    let res = binding.map_or(NameRes::Free(None), NameRes::Local);
                    let id = self.push_expr(ExprKind::Name { name: text, res }, self.span(*name));
                    lhs.push(id);
                }
                StmtKind::Assign { lhs, rhs, op }
            }
            Emit::IncDec(inc) => match self.pop_values(1).as_slice() {
                [target] => StmtKind::IncDec { target: *target, inc },
                _ => return,
            },
            Emit::ExprStmt | Emit::Go | Emit::Defer => {
                let Some(e) = self.pop_values(1).first().copied() else { return };
                match emit {
                    Emit::Go => StmtKind::Go(e),
                    Emit::Defer => StmtKind::Defer(e),
                    _ => StmtKind::Expr(e),
                }
            }
            Emit::Return(n) => StmtKind::Return(self.pop_values(n)),
            Emit::Send => match self.pop_values(2).as_slice() {
                [chan, value] => StmtKind::Send { chan: *chan, value: *value },
                _ => return,
            },
            Emit::Range { key, value, define, nl } => {
                let mut vals = self.pop_values(nl + 1);
                let Some(over) = vals.pop() else { return };
                let (key, value) = if define {
                    let mut declare = |n: Option<Node>| {
                        let n = n?;
                        let b = self.declare(n, src, BindingKind::Range, None, None);
                        let name = self.text(n, src).to_string();
                        let res = b.map_or(NameRes::Free(None), NameRes::Local);
                        Some(self.push_expr(ExprKind::Name { name, res }, self.span(n)))
                    };
                    (declare(key), declare(value))
                } else {
                    (vals.first().copied(), vals.get(1).copied())
                };
                StmtKind::Range { key, value, over, define }
            }
        };
        self.push_stmt(kind, span);
    }
}

/// A comment's text without its markers.
fn comment_body(comment: &str) -> &str {
    if let Some(line) = comment.strip_prefix("//") {
        line
    } else {
        comment.strip_prefix("/*").and_then(|c| c.strip_suffix("*/")).unwrap_or(comment)
    }
}

/// Byte offsets of the first few ERROR and MISSING nodes, found without recursion by
/// descending only into subtrees that contain an error.
fn collect_errors(root: Node) -> Vec<u32> {
    const MAX: usize = 20;
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if out.len() >= MAX {
            break;
        }
        if n.is_error() || n.is_missing() {
            out.push(n.start_byte() as u32);
            continue;
        }
        if n.has_error() {
            let mut c = n.walk();
            let children: Vec<Node> = n.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_index_agrees_with_the_field_list_and_the_grammar_has_every_field() {
        for (i, name) in FIELD_NAMES.iter().enumerate() {
            assert_eq!(field_index(name), Some(i), "{name}");
            assert_ne!(FIELD_IDS[i], 0, "tree-sitter-go has no field {name:?}");
        }
        assert_eq!(field_index("nonexistent"), None);
    }

    #[test]
    fn kind_of_agrees_with_tree_sitter_on_every_node() {
        let src = "package p\n\nimport \"C\"\n\nfunc f(a []int, ch chan int) (n int) {\n\tfor i := range a {\n\t\tgo func() { ch <- a[i] }()\n\t}\n\tx := struct{ v int }{v: 1}\n\treturn x.v + len(a) * -n\n}\n";
        let tree = parse(src).unwrap();
        let mut stack = vec![tree.root_node()];
        let mut seen = 0;
        while let Some(n) = stack.pop() {
            assert_eq!(kind_of(n), n.kind());
            seen += 1;
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        assert!(seen > 100, "walked only {seen} nodes");
    }
}
