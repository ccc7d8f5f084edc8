//! Lowering expressions: a compound expression schedules its children and a `Build`
//! task that pops their values.

use tree_sitter::Node;

use super::grammar::*;
use super::*;
use crate::model::*;

impl Builder {
    pub(super) fn expr<'t>(&mut self, node: Node<'t>, src: &str, stack: &mut Vec<Task<'t>>) {
        let kind = kind_of(node);
        let span = self.span(node);
        let leaf = |b: &mut Self, k: ExprKind| {
            let id = b.push_expr(k, span);
            b.values.push(id);
        };
        match kind {
            "identifier" | "field_identifier" | "package_identifier" => {
                let name = self.text(node, src);
                let res = self.lookup(name);
                // The grammar writes `nil`, `true`, `false` and `iota` as identifiers, as
                // `go/ast` does; unless a local declaration shadows them they are constants.
                if matches!(res, NameRes::Free(_)) && matches!(name, "nil" | "true" | "false" | "iota") {
                    return leaf(self, ExprKind::Literal);
                }
                leaf(self, ExprKind::Name { name: name.to_string(), res });
            }
            "parenthesized_expression" => {
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
                    // `f(xs...)`: the `...` token follows the last argument.
                    spread = has_token(list, "...");
                    args = named_children(list);
                }
                let nargs = args.len();
                let Some(func) = func else { return self.other(node, args, stack) };
                let children = std::iter::once(func).chain(args).collect();
                self.compound(node, Build::Call { nargs, spread }, children, stack);
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
            // `a[i]`, and the explicit instantiation `f[T]` or `f[K, V]`: the grammar cannot
            // tell them apart, and no more can `go/ast`. An instantiation's further type
            // arguments hold no memory and are not lowered.
            "index_expression" => match (by_field(node, "operand"), by_field(node, "index")) {
                (Some(b), Some(i)) => self.compound(node, Build::Index, vec![b, i], stack),
                _ => self.other(node, named_children(node), stack),
            },
            "slice_expression" => {
                let Some(base) = by_field(node, "operand") else {
                    return self.other(node, named_children(node), stack);
                };
                let bounds: Vec<Node> = ["low", "high", "max"].iter().filter_map(|f| by_field(node, f)).collect();
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
                    self.literal_struct(by_field(node, "type"), src);
                    (self.type_text(by_field(node, "type"), src).unwrap_or_default(), by_field(node, "value"))
                } else {
                    (TypeText::default(), Some(node))
                };
                let mut keys = Vec::new();
                let mut children = Vec::new();
                for elem in body.map(named_children).unwrap_or_default() {
                    if kind_of(elem) == "keyed_element" {
                        match by_field(elem, "key") {
                            Some(k) if kind_of(k) == "identifier" => {
                                keys.push(KeySpec::Name(self.text(k, src).to_string()))
                            }
                            Some(k) => {
                                keys.push(KeySpec::Expr);
                                children.push(k);
                            }
                            None => keys.push(KeySpec::None),
                        }
                        if let Some(v) = by_field(elem, "element") {
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
            "function_literal" => {
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
            | "raw_string_literal" => leaf(self, ExprKind::Literal),
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

    pub(super) fn compound<'t>(
        &mut self,
        node: Node<'t>,
        build: Build,
        children: Vec<Node<'t>>,
        stack: &mut Vec<Task<'t>>,
    ) {
        // The children run first, in order, then the build: pushed in reverse.
        stack.push(Task::Build(node, build));
        stack.extend(children.into_iter().rev().map(Task::Expr));
    }

    /// Syntax the model has no shape for (including ERROR nodes): its expressions are kept
    /// as the children of an `Other` value, its statements are lowered as statements.
    pub(super) fn other<'t>(&mut self, node: Node<'t>, children: Vec<Node<'t>>, stack: &mut Vec<Task<'t>>) {
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

    pub(super) fn build(&mut self, node: Node, build: Build) {
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
}
