//! Lowering files and declarations: imports and the cgo preamble, types and struct
//! fields, functions with their parameters, receivers and directives.

use tree_sitter::Node;

use super::grammar::*;
use super::*;
use crate::model::*;

impl Builder {
    pub(super) fn lower_file(&mut self, file: FileId, root: Node, src: &str) {
        self.file = file.0;
        // One task stack for the whole file: it grows to the deepest function once.
        let mut stack = Vec::new();
        if root.has_error() {
            self.pkg.files[file.index()].syntax_errors = collect_errors(root);
        }
        let mut comments: Vec<Node> = Vec::new();
        // `//go:` directives since the last declaration, blank lines between included: the
        // compiler applies them to the next declaration (`//export` needs the adjacent
        // doc comment, as cgo reads it).
        let mut pragmas: Vec<Node> = Vec::new();
        for node in {
            let mut c = root.walk();
            root.children(&mut c).collect::<Vec<_>>()
        } {
            match kind_of(node) {
                "comment" => {
                    let text = self.text(node, src);
                    if let Some(rest) = text.strip_prefix("//go:linkname ") {
                        self.pkg.linknamed.extend(rest.split_whitespace().next().map(str::to_string));
                    }
                    if comments.last().is_some_and(|prev| prev.end_position().row + 1 < node.start_position().row) {
                        comments.clear();
                    }
                    if text.starts_with("//go:") {
                        pragmas.push(node);
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
                    let mut directives = self.directives(&comments, node, src);
                    // Those separated from the declaration by a blank line.
                    for p in &pragmas {
                        let text = self.text(*p, src).trim_start_matches("//").trim_end().to_string();
                        if !directives.iter().any(|d| d.span == self.span(*p)) {
                            directives.push(Directive { text, span: self.span(*p) });
                        }
                    }
                    self.lower_func_decl(node, src, directives, &mut stack);
                }
                "type_declaration" => self.lower_type_decl(node, src),
                _ => self.run_many([Task::Stmt(node)], src, &mut stack),
            }
            comments.clear();
            pragmas.clear();
        }
    }

    /// The directives of the comment group that ends on the line before `decl`.
    pub(super) fn directives(&self, comments: &[Node], decl: Node, src: &str) -> Vec<Directive> {
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

    pub(super) fn lower_imports(&mut self, decl: Node, src: &str) {
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

    pub(super) fn lower_type_decl(&mut self, decl: Node, src: &str) {
        for spec in named_children(decl) {
            let (Some(name), ty) = (by_field(spec, "name"), by_field(spec, "type")) else {
                continue;
            };
            let name = self.text(name, src).to_string();
            if self.funcs.is_empty() {
                self.pkg.globals.insert(name.clone(), Global::Type);
                // Struct and interface types are known by their fields and methods; their
                // text would only take room.
                let t = match ty.map(kind_of) {
                    Some("struct_type") => Some(TypeText("struct{}".to_string())),
                    Some("interface_type") => Some(TypeText("interface{}".to_string())),
                    _ => self.type_text(ty, src),
                };
                if let Some(t) = t {
                    self.pkg.named_types.insert(name.clone(), t);
                }
            }
            if let Some(ty) = ty.filter(|t| kind_of(*t) == "struct_type") {
                let fields = self.struct_fields(ty, src);
                self.pkg.structs.push(StructType { name, fields, span: self.span(spec) });
            }
        }
    }

    /// Records the field names of the struct type a composite literal's type writes out,
    /// itself or as the element of a slice, array or map (a table of test cases): the
    /// literals' positional elements say no names.
    pub(super) fn literal_struct(&mut self, ty: Option<Node>, src: &str) {
        let mut ty = ty;
        while let Some(t) = ty {
            match kind_of(t) {
                "slice_type" | "array_type" | "implicit_length_array_type" | "map_type" => ty = by_field(t, "element"),
                "struct_type" => {
                    let text = compact(self.text(t, src));
                    if !self.pkg.literal_structs.contains_key(&text) {
                        let names = self.struct_fields(t, src).into_iter().map(|(n, _)| n).collect();
                        self.pkg.literal_structs.insert(text, names);
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    pub(super) fn struct_fields(&self, ty: Node, src: &str) -> Vec<(String, TypeText)> {
        let mut out = Vec::new();
        for field in named_children(ty) {
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

    pub(super) fn new_func(
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
    pub(super) fn lower_params(&mut self, list: Option<Node>, src: &str, kind: BindingKind) -> Vec<Param> {
        let Some(list) = list else { return Vec::new() };
        if kind_of(list) != "parameters" {
            // A single unnamed result type: `func f() error`.
            let ty = TypeText(compact(self.text(list, src)));
            return vec![Param { name: None, binding: None, ty, variadic: false, span: self.span(list) }];
        }
        let mut out = Vec::new();
        for decl in named_children(list) {
            let variadic = has_token(decl, "...");
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

    pub(super) fn lower_func_decl<'t>(
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
        // Package `init` functions cannot be named; a method `init` can.
        if let Some(name) = name.filter(|n| n != "_" && (n != "init" || is_method)) {
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
                if let Some(name) = &self.pkg.funcs[id.index()].name {
                    let by_type = self.pkg.method_by_receiver.entry(name.clone()).or_default();
                    by_type.entry(type_name.clone()).or_insert(id);
                }
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
}
