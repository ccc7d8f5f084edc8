//! Lowering statements: scopes, loops, declarations and assignments, and the `Emit`
//! tasks that record them once their expressions are lowered.

use tree_sitter::Node;

use super::grammar::*;
use super::*;
use crate::model::*;

impl Builder {
    pub(super) fn stmt<'t>(&mut self, node: Node<'t>, src: &str, stack: &mut Vec<Task<'t>>) {
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
            "block" | "labeled_statement" | "expression_case_clause" | "type_case_clause" => {
                if kind != "labeled_statement" {
                    self.pkg.blocks.push(self.span(node));
                }
                // Case values are expressions evaluated where the case is; lower them as
                // expression statements so their calls are seen. A type case's types are not.
                let children = named_children(node);
                let values = if kind == "expression_case_clause" { by_field(node, "value") } else { None };
                let types = if kind == "type_case_clause" { field_children(node, "type") } else { Vec::new() };
                let mut tasks = Vec::with_capacity(children.len() + 2);
                tasks.push(Task::PushScope);
                for c in children {
                    if Some(c) == values {
                        for v in named_children(c) {
                            tasks.push(Task::Stmt(v));
                        }
                    } else if types.contains(&c) || kind_of(c) == "label" {
                        continue;
                    } else {
                        tasks.push(Task::Stmt(c));
                    }
                }
                tasks.push(Task::PopScope);
                Self::schedule(stack, tasks);
            }
            "expression_statement" => emit(stack, named_children(node).into_iter().take(1).collect(), Emit::ExprStmt),
            "assignment" => {
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
                let specs = named_children(node);
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
            "inc_dec_statement" => {
                let inc = by_field(node, "operator").is_some_and(|o| kind_of(o) == "++");
                emit(stack, by_field(node, "operand").into_iter().collect(), Emit::IncDec(inc))
            }
            "send_statement" => match (by_field(node, "channel"), by_field(node, "value")) {
                (Some(c), Some(v)) => emit(stack, vec![c, v], Emit::Send),
                _ => self.stmt_children(node, stack),
            },
            "go_statement" | "defer_statement" => {
                let e = if kind == "go_statement" { Emit::Go } else { Emit::Defer };
                emit(stack, by_field(node, "call").into_iter().collect(), e)
            }
            "return_statement" => {
                let values = expr_list("result");
                let n = values.len();
                emit(stack, values, Emit::Return(n));
            }
            "if_statement" => {
                if let (Some(body), Some(alt)) = (by_field(node, "body"), by_field(node, "else")) {
                    self.pkg.if_else.push((self.span(body), self.span(alt)));
                }
                if let Some(body) = by_field(node, "body") {
                    self.pkg.if_bodies.push(self.span(body));
                }
                let mut tasks = vec![Task::PushScope];
                tasks.extend(by_field(node, "init_statement").map(Task::Stmt));
                tasks.extend(by_field(node, "condition").map(Task::Stmt));
                tasks.extend(by_field(node, "body").map(Task::Stmt));
                tasks.extend(by_field(node, "else").map(Task::Stmt));
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
                            tasks.extend(by_field(c, "init_statement").map(Task::Stmt));
                            tasks.push(Task::EnterLoop);
                            tasks.extend(by_field(c, "condition").map(Task::Stmt));
                            tasks.extend(by_field(c, "post_statement").map(Task::Stmt));
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
                tasks.extend(by_field(node, "init_statement").map(Task::Stmt));
                if kind == "type_switch_statement" {
                    let alias: Vec<Node> = by_field(node, "name").into_iter().collect();
                    if let Some(value) = by_field(node, "operand") {
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
                let mut clauses = Vec::new();
                for c in named_children(node) {
                    match kind_of(c) {
                        "expression_case_clause" | "type_case_clause" => tasks.push(Task::Stmt(c)),
                        "communication_clause" => {
                            self.pkg.select_cases.push(self.span(c));
                            self.pkg.blocks.push(self.span(c));
                            clauses.push(self.span(c));
                            tasks.push(Task::PushScope);
                            for cc in named_children(c) {
                                tasks.push(Task::Stmt(cc));
                            }
                            tasks.push(Task::PopScope);
                        }
                        _ => {}
                    }
                }
                if kind == "select_statement" {
                    self.pkg.selects.push(Select { span: self.span(node), clauses });
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
            | "label" => {}
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

    pub(super) fn stmt_children<'t>(&mut self, node: Node<'t>, stack: &mut Vec<Task<'t>>) {
        let tasks = named_children(node).into_iter().map(Task::Stmt).collect();
        Self::schedule(stack, tasks);
    }

    pub(super) fn emit(&mut self, node: Node, emit: Emit, src: &str) {
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
