//! Parsing with tree-sitter and lowering syntax trees into the [`model`](crate::model).
//!
//! The lowering is an explicit task stack, not a recursive walk: real code nests
//! expressions thousands deep, and a recursive walk would overflow the stack. Values
//! (lowered expressions) are passed between tasks on a value stack: a task that builds a
//! call pops the callee and arguments its children pushed.
//!
//! [`grammar`] is what the lowering knows of the grammar's node kinds and fields; [`decl`]
//! lowers files and declarations, [`expr`] expressions, [`stmt`] statements.

mod decl;
mod expr;
mod grammar;
mod stmt;

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;
use tree_sitter::{Node, Parser, Tree};

use crate::load::LoadedFile;
use crate::model::*;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses Go source; `None` only if tree-sitter gives up entirely.
pub fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_golang::LANGUAGE.into()).expect("the Go grammar matches the tree-sitter ABI");
            p
        });
        parser.parse(text, None)
    })
}

/// Parses the files of one package in parallel and lowers them into one [`Package`]. The
/// syntax trees are dropped before this returns.
pub fn build_package(name: &str, dir: Arc<str>, files: &[LoadedFile]) -> Package {
    let mut b = Builder { pkg: Package { name: name.to_string(), dir, ..Package::default() }, ..Builder::default() };
    // A few files' trees at a time, parsed in parallel, then lowered in order and dropped:
    // a syntax tree takes several times its file's size, and a package of hundreds of
    // files (x/sys/unix) held all its trees at once.
    let batch = 2 * rayon::current_num_threads().max(1);
    for (first, chunk) in (0..).step_by(batch).zip(files.chunks(batch)) {
        let trees: Vec<Option<Tree>> = chunk.par_iter().map(|f| parse(&f.text)).collect();
        for (i, (file, tree)) in chunk.iter().zip(trees).enumerate() {
            b.pkg.files.push(File {
                path: file.display.clone(),
                text: file.text.clone(),
                reported: file.reported,
                imports: Vec::new(),
                syntax_errors: Vec::new(),
                cgo_preamble: String::new(),
                constraint: crate::constraint::Constraint::of_file(&file.display, &file.text),
                c: Default::default(),
            });
            if let Some(tree) = tree {
                b.lower_file(FileId((first + i) as u32), tree.root_node(), &file.text);
            }
        }
    }
    // Each preamble parsed once, in parallel: every `C.name` question is then a lookup.
    b.pkg.files.par_iter_mut().filter(|f| !f.cgo_preamble.is_empty()).for_each(|f| {
        f.c = crate::cfront::CIndex::of_preamble(&f.cgo_preamble);
    });
    b.pkg.resolve_free_names();
    b.pkg.struct_index = StructIndex::new(&b.pkg.structs);
    b.pkg.types = Types::compute(&b.pkg);
    b.pkg
}

pub(super) enum Task<'t> {
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

pub(super) enum Build {
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

pub(super) enum KeySpec {
    None,
    Name(String),
    Expr,
}

pub(super) enum Emit<'t> {
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
pub(super) struct Builder {
    pkg: Package,
    file: u32,
    /// Visible local names, innermost last; `scopes` marks where each scope starts.
    names: Vec<(String, BindingId)>,
    scopes: Vec<usize>,
    /// The functions being lowered, innermost last, each with its loop depth.
    funcs: Vec<(FuncId, u32)>,
    values: Vec<ExprId>,
}

impl Builder {
    pub(super) fn span(&self, node: Node) -> Span {
        Span { file: FileId(self.file), start: node.start_byte() as u32, end: node.end_byte() as u32 }
    }

    pub(super) fn text<'s>(&self, node: Node, src: &'s str) -> &'s str {
        src.get(node.byte_range()).unwrap_or("")
    }

    pub(super) fn owner(&self) -> Option<FuncId> {
        self.funcs.last().map(|f| f.0)
    }

    pub(super) fn loop_depth(&self) -> u32 {
        self.funcs.last().map_or(0, |f| f.1)
    }

    pub(super) fn lookup(&self, name: &str) -> NameRes {
        self.names.iter().rev().find(|(n, _)| n == name).map_or(NameRes::Free(None), |(_, b)| NameRes::Local(*b))
    }

    pub(super) fn push_expr(&mut self, kind: ExprKind, span: Span) -> ExprId {
        let id = ExprId(self.pkg.exprs.len() as u32);
        let exprs = &mut self.pkg.exprs;
        for_each_child(&kind, |child| exprs[child.index()].parent = Parent::Expr(id));
        self.pkg.exprs.push(Expr { kind, span, owner: self.owner(), parent: Parent::None });
        id
    }

    pub(super) fn push_stmt(&mut self, kind: StmtKind, span: Span) {
        let id = StmtId(self.pkg.stmts.len() as u32);
        self.pkg.stmts.push(Stmt { kind, span, owner: self.owner(), loop_depth: self.loop_depth() });
        for e in self.pkg.stmt_exprs(id) {
            self.pkg.exprs[e.index()].parent = Parent::Stmt(id);
        }
    }

    pub(super) fn pop_values(&mut self, n: usize) -> Vec<ExprId> {
        // A malformed tree can leave fewer values than expected: the builders check the
        // count they get back.
        let at = self.values.len().saturating_sub(n);
        self.values.split_off(at)
    }

    /// The last `N` values, without allocating; all that is left if there are fewer.
    pub(super) fn pop_array<const N: usize>(&mut self) -> Result<[ExprId; N], Vec<ExprId>> {
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

    pub(super) fn declare(
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
            if let Some(earlier @ (Global::Var(_) | Global::Const(_))) =
                self.pkg.globals.insert(name.to_string(), global)
            {
                let decls = self.pkg.var_decls.entry(name.to_string()).or_default();
                if decls.is_empty() {
                    decls.push(earlier);
                }
                decls.push(global);
            }
        } else {
            self.names.push((name.to_string(), id));
        }
        Some(id)
    }

    pub(super) fn type_text(&self, node: Option<Node>, src: &str) -> Option<TypeText> {
        node.map(|n| TypeText(compact(self.text(n, src))))
    }

    /// Runs tasks in the given order, and every task they spawn, until none is left, on
    /// `stack` (empty before and after; passed in so that its room is reused).
    pub(super) fn run_many<'t, const N: usize>(&mut self, tasks: [Task<'t>; N], src: &str, stack: &mut Vec<Task<'t>>) {
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

    pub(super) fn end_func(&mut self) {
        self.funcs.pop();
        let mark = self.scopes.pop().unwrap_or(0);
        self.names.truncate(mark);
    }

    /// Pushes `tasks` so that they run in the given order.
    pub(super) fn schedule<'t>(stack: &mut Vec<Task<'t>>, tasks: Vec<Task<'t>>) {
        stack.extend(tasks.into_iter().rev());
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
