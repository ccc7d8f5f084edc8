//! The package's C, parsed with tree-sitter-c: cgo preambles and the `.c` files beside the
//! Go files. For now it answers one question, for the functions the package exports to C
//! (`//export`): does C run them only *during* a C call that Go made, on the calling
//! goroutine ([`synchronous_callbacks`])?
//!
//! A callback is synchronous when the package's C names it, and every C function through
//! which it can be reached is only ever called, never stored or handed on as a function
//! pointer, except as the start routine of one thread that the same C function joins before
//! returning (`pthread_create` … `pthread_join`, `CreateThread` … `WaitForSingleObject`).
//! Threads created in a loop, or twice, run at the same time as each other: a callback they
//! reach is not synchronous.
//! A callback that C never names (registered by a library, found with `dlsym`) may run on
//! any thread, with one exception: when the Go code looks it up by name (a string naming it,
//! and calls of a C function that calls `dlsym`) and hands what every lookup returns only to
//! trampolines (C functions that call the pointer they are handed,
//! `void call(void *f) { ((void (*)(void))f)(); }`, and are only ever called), the callback
//! runs inside those trampolines, during the C call that handed it over
//! ([`lookups_reach_only`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tree_sitter::{Node, Parser, Tree};

/// What one C function definition does, as far as the question needs.
#[derive(Debug, Default, Clone)]
struct CFunc {
    /// Functions it calls by name.
    calls: BTreeSet<String>,
    /// Names it uses other than as the callee of a call (a function pointer taken).
    taken: BTreeSet<String>,
    /// Start routines it hands to a thread-creating call, with how many threads may run
    /// each at once (2 for a creation in a loop or written twice: they race with each other).
    thread_starts: BTreeMap<String, u32>,
    /// It calls a join (`pthread_join`, `thrd_join`, `WaitForSingleObject`, ...).
    joins: bool,
    /// Its parameters' names.
    params: BTreeSet<String>,
    /// Its local variables with an initializer, and the name the initializer is (through
    /// casts), if it is one.
    local_inits: BTreeMap<String, Option<String>>,
    /// Names it calls, as written (`f()`, `(*f)()`): functions, or pointers.
    named_callees: BTreeSet<String>,
    /// It calls through an expression that is not a name (`s->cb()`, `table[i]()`).
    calls_expression: bool,
}

impl CFunc {
    /// Adds what another definition of the same name (in another source) does.
    fn merge(&mut self, other: &CFunc) {
        self.calls.extend(other.calls.iter().cloned());
        self.taken.extend(other.taken.iter().cloned());
        for (start, n) in &other.thread_starts {
            *self.thread_starts.entry(start.clone()).or_default() += n;
        }
        self.joins |= other.joins;
        self.params.extend(other.params.iter().cloned());
        self.local_inits.extend(other.local_inits.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.named_callees.extend(other.named_callees.iter().cloned());
        self.calls_expression |= other.calls_expression;
    }

    /// Whether it calls a function pointer: one it was handed as a parameter (`true`), or
    /// one from anywhere else (`false`); `None` when it calls no pointer.
    fn calls_pointer(&self) -> Option<bool> {
        let mut handed = None;
        for c in &self.named_callees {
            let from = if self.params.contains(c) {
                true
            } else if let Some(init) = self.local_inits.get(c) {
                init.as_ref().is_some_and(|i| self.params.contains(i))
            } else {
                continue;
            };
            if !from {
                return Some(false);
            }
            handed = Some(true);
        }
        if self.calls_expression {
            return Some(false);
        }
        handed
    }
}

/// Calls that start a thread, with the index of their start-routine argument.
const THREAD_CREATE: &[(&str, usize)] =
    &[("pthread_create", 2), ("thrd_create", 1), ("CreateThread", 2), ("_beginthreadex", 2), ("_beginthread", 0)];

/// Asked with the package's lookup functions and trampolines: the exported names the Go code
/// looks up and hands only to trampolines.
pub type LookedUp<'a> = dyn Fn(&BTreeSet<String>, &BTreeSet<String>) -> Vec<String> + 'a;

/// Calls that look a symbol up by name.
const LOOKUPS: &[&str] = &["dlsym", "dlvsym", "GetProcAddress"];

/// Calls that wait for a thread to end.
const THREAD_JOIN: &[&str] = &["pthread_join", "thrd_join", "WaitForSingleObject", "WaitForMultipleObjects"];

/// C sources larger than this are not parsed (a generated amalgamation such as SQLite's is
/// not where a package calls its Go callbacks): their callbacks stay unknown.
const MAX_SOURCE_BYTES: usize = 4 << 20;

/// The names among `exported` that the package's C (`sources`: preambles and `.c` files)
/// runs only synchronously, within a C call made from Go, each with the C functions through
/// which it is reached (a Go call of any of them may run it).
///
/// `looked_up` is asked, with the package's lookup functions (C functions that call
/// `dlsym` or `GetProcAddress`, and `dlsym` itself) and its trampolines, which exported
/// names the Go code looks up with the first and hands only to the second (see
/// [`lookups_reach_only`]).
pub fn synchronous_callbacks(
    sources: &[&CIndex],
    exported: &[&str],
    looked_up: &LookedUp,
) -> BTreeMap<String, BTreeSet<String>> {
    // An unread source may name any callback: nothing is known to be synchronous.
    if exported.is_empty() || sources.iter().any(|s| s.unread) {
        return BTreeMap::new();
    }
    let mut funcs: BTreeMap<String, CFunc> = BTreeMap::new();
    // Names taken at file scope (initializers of function-pointer tables) or by a function
    // in a way that is not a joined thread's start routine.
    let mut escaping: BTreeSet<String> = BTreeSet::new();
    for source in sources {
        for (name, f) in &source.calls {
            funcs.entry(name.clone()).or_default().merge(f);
        }
        escaping.extend(source.escaping.iter().cloned());
    }
    for f in funcs.values() {
        for name in &f.taken {
            // One joined thread runs in order with its creator; several run at once.
            let joined_once = f.joins && f.thread_starts.get(name) == Some(&1);
            if !joined_once {
                escaping.insert(name.clone());
            }
        }
    }
    // Functions a joined thread starts run within their creator's call: they count as
    // called by it.
    let mut callers: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, f) in &funcs {
        let starts = f.thread_starts.keys().filter(|_| f.joins);
        for callee in f.calls.iter().chain(starts) {
            callers.entry(callee.as_str()).or_default().push(name.as_str());
        }
    }
    let mut out = BTreeMap::new();
    // Trampolines: functions that call a pointer they were handed, and are themselves only
    // ever called. Lookups: functions that look a symbol up by name.
    let trampolines: BTreeSet<String> = funcs
        .iter()
        .filter(|(n, f)| f.calls_pointer() == Some(true) && !escaping.contains(*n))
        .map(|(n, _)| n.clone())
        .collect();
    let lookups: BTreeSet<String> = funcs
        .iter()
        .filter(|(_, f)| LOOKUPS.iter().any(|l| f.calls.contains(*l)))
        .map(|(n, _)| n.clone())
        .chain(LOOKUPS.iter().map(|l| l.to_string()))
        .collect();
    let looked_up = if trampolines.is_empty() { Vec::new() } else { looked_up(&lookups, &trampolines) };
    'exported: for &name in exported {
        if escaping.contains(name) {
            continue;
        }
        if !callers.contains_key(name) {
            // Named by no C: synchronous only as a looked-up pointer handed to trampolines.
            if looked_up.iter().any(|l| l == name) {
                out.insert(name.to_string(), trampolines.clone());
            }
            continue;
        }
        // Every C function from which the callback can be reached must itself be reached
        // only by calls (from C, or from Go through cgo).
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = callers[name].clone();
        while let Some(f) = stack.pop() {
            if !seen.insert(f) {
                continue;
            }
            if escaping.contains(f) {
                continue 'exported;
            }
            stack.extend(callers.get(f).into_iter().flatten().copied());
        }
        out.insert(name.to_string(), seen.into_iter().map(str::to_string).collect());
    }
    out
}

/// Adds the function definitions of one parsed source to `funcs`, and the names used at
/// file scope to `escaping`. One cursor walk over the tree, no recursion.
fn index(tree: &Tree, source: &str, funcs: &mut BTreeMap<String, CFunc>, escaping: &mut BTreeSet<String>) {
    let text = |n: Node| source.get(n.byte_range()).unwrap_or("");
    // The function whose body a node is in, as an index into `owners`.
    let mut owners: Vec<String> = Vec::new();
    let mut stack: Vec<(Node, Option<usize>)> = vec![(tree.root_node(), None)];
    while let Some((node, owner)) = stack.pop() {
        let mut f = owner.and_then(|o| funcs.get_mut(&owners[o]));
        match node.kind() {
            "function_definition" => {
                let name = node.child_by_field_name("declarator").and_then(|d| declared_name(d, source));
                let Some(name) = name else { continue };
                let params =
                    node.child_by_field_name("declarator").map(|d| parameter_names(d, source)).unwrap_or_default();
                funcs.entry(name.clone()).or_default().params.extend(params);
                owners.push(name);
                // Only the body is the function's use of names; its declarator is not.
                if let Some(body) = node.child_by_field_name("body") {
                    stack.push((body, Some(owners.len() - 1)));
                }
                continue;
            }
            "call_expression" => {
                if let Some(f) = f.as_mut() {
                    match node.child_by_field_name("function").map(|c| (c.kind(), function_name(c, source))) {
                        Some((_, Some(name))) => {
                            f.named_callees.insert(name);
                        }
                        Some(_) => f.calls_expression = true,
                        None => {}
                    }
                }
                let callee = node.child_by_field_name("function").filter(|f| f.kind() == "identifier").map(text);
                if let (Some(callee), Some(f)) = (callee, f.as_mut()) {
                    f.calls.insert(callee.to_string());
                    if THREAD_JOIN.contains(&callee) {
                        f.joins = true;
                    }
                    if let Some(&(_, i)) = THREAD_CREATE.iter().find(|(n, _)| *n == callee) {
                        let start = node.child_by_field_name("arguments").and_then(|a| a.named_child(i as u32));
                        if let Some(start) = start.and_then(|s| function_name(s, source)) {
                            // A loop that also joins runs one thread per turn (a retry loop).
                            let concurrent = enclosing_loop(node).is_some_and(|l| !joins_within(l, source));
                            let threads = if concurrent { 2 } else { 1 };
                            *f.thread_starts.entry(start).or_default() += threads;
                        }
                    }
                }
                // The callee identifier is not a taken name; its arguments are walked.
                if let Some(args) = node.child_by_field_name("arguments") {
                    stack.push((args, owner));
                }
                if let Some(func) = node.child_by_field_name("function").filter(|f| f.kind() != "identifier") {
                    stack.push((func, owner));
                }
                continue;
            }
            "identifier" => {
                let name = text(node).to_string();
                match f {
                    Some(f) => {
                        f.taken.insert(name);
                    }
                    // Outside any function body: a declaration names itself, an initializer
                    // takes the name.
                    None if in_initializer(node) => {
                        escaping.insert(name);
                    }
                    None => {}
                }
                continue;
            }
            // A declaration's declarator names what it declares: not a use.
            "declaration" | "init_declarator" => {
                if let Some(value) = node.child_by_field_name("value") {
                    if let (Some(f), Some(local)) =
                        (f.as_mut(), node.child_by_field_name("declarator").and_then(|d| declared_name(d, source)))
                    {
                        f.local_inits.insert(local, function_name(value, source));
                    }
                    stack.push((value, owner));
                    continue;
                }
                if node.kind() == "declaration" {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        if child.kind() == "init_declarator" {
                            stack.push((child, owner));
                        }
                    }
                    continue;
                }
                continue;
            }
            "field_expression" => {
                // `s.f`: `f` is a field, not a function.
                if let Some(arg) = node.child_by_field_name("argument") {
                    stack.push((arg, owner));
                }
                continue;
            }
            "type_identifier" | "primitive_type" | "field_identifier" | "string_literal" | "comment" => continue,
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            stack.push((child, owner));
        }
    }
}

/// The innermost loop of its function that a node is in.
fn enclosing_loop(node: Node) -> Option<Node> {
    let mut n = node;
    while let Some(parent) = n.parent() {
        match parent.kind() {
            "for_statement" | "while_statement" | "do_statement" => return Some(parent),
            "function_definition" => return None,
            _ => n = parent,
        }
    }
    None
}

/// Whether the subtree of `node` calls a join.
fn joins_within(node: Node, source: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "call_expression" {
            let callee = n.child_by_field_name("function").and_then(|f| source.get(f.byte_range()));
            if callee.is_some_and(|c| THREAD_JOIN.contains(&c)) {
                return true;
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// Whether an identifier outside any function body is inside an initializer (`= { f, g }`).
fn in_initializer(node: Node) -> bool {
    let mut n = node;
    while let Some(parent) = n.parent() {
        if parent.kind() == "init_declarator" {
            return parent.child_by_field_name("value").is_some_and(|v| v.byte_range().contains(&node.start_byte()));
        }
        n = parent;
    }
    false
}

/// The function a thread-start argument names: `f`, `&f`, `(void *(*)(void *))f`.
fn function_name(node: Node, source: &str) -> Option<String> {
    let mut n = node;
    for _ in 0..8 {
        match n.kind() {
            "identifier" => return source.get(n.byte_range()).map(str::to_string),
            "pointer_expression" => n = n.child_by_field_name("argument")?,
            "cast_expression" => n = n.child_by_field_name("value")?,
            "parenthesized_expression" => n = n.named_child(0)?,
            _ => return None,
        }
    }
    None
}

/// The names of a function declarator's parameters.
fn parameter_names(declarator: Node, source: &str) -> Vec<String> {
    parameters(declarator)
        .into_iter()
        .filter(|p| p.kind() == "parameter_declaration")
        .filter_map(|p| p.child_by_field_name("declarator").and_then(|d| declared_name(d, source)))
        .collect()
}

/// The parameter nodes of the function declarator `declarator` is or holds (through
/// pointer declarators): `parameter_declaration`s and a `variadic_parameter`.
fn parameters(declarator: Node) -> Vec<Node> {
    let mut d = declarator;
    for _ in 0..16 {
        if d.kind() == "function_declarator" {
            let Some(list) = d.child_by_field_name("parameters") else { return Vec::new() };
            let mut cursor = list.walk();
            return list
                .named_children(&mut cursor)
                .filter(|p| matches!(p.kind(), "parameter_declaration" | "variadic_parameter"))
                .collect();
        }
        d = match d.child_by_field_name("declarator") {
            Some(inner) => inner,
            None => return Vec::new(),
        };
    }
    Vec::new()
}

/// The name a function definition's declarator declares (through pointer declarators).
fn declared_name(declarator: Node, source: &str) -> Option<String> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "identifier" => return source.get(d.byte_range()).map(str::to_string),
            "function_declarator" | "pointer_declarator" | "parenthesized_declarator" | "attributed_declarator" => {
                d = d.child_by_field_name("declarator").or_else(|| d.named_child(0))?;
            }
            _ => return None,
        }
    }
    None
}

/// The exported names (among `exported`) whose looked-up pointers reach only trampolines:
/// the Go code writes the name in a string, and the result of every call of a lookup
/// function is only handed to trampolines, compared, or given to another package's Go
/// function (`t.Log(addr)`), directly or through a local variable. Anything else (stored,
/// returned, handed to another C function or to the package's own Go) and no name is.
pub fn lookups_reach_only(
    pkg: &crate::model::Package,
    exported: &[&str],
    lookups: &BTreeSet<String>,
    trampolines: &BTreeSet<String>,
) -> Vec<String> {
    use crate::model::{ExprId, ExprKind, Parent, Resolved, StmtKind};
    // Whether a value at `e` goes only where a looked-up pointer may go.
    let contained = |e: ExprId| -> bool {
        let mut cur = e;
        for _ in 0..8 {
            match pkg.expr(cur).parent {
                Parent::Expr(p) => match &pkg.expr(p).kind {
                    ExprKind::Call { func, args, .. } if args.contains(&cur) => {
                        if pkg.conversion_type(p).is_some() {
                            cur = p;
                            continue;
                        }
                        return match pkg.qualified_name(*func) {
                            Some(("C", name)) => trampolines.contains(name),
                            Some(_) => true,
                            None => match &pkg.expr(*func).kind {
                                // A method of a value of another package's type (`t.Log`).
                                ExprKind::Selector { .. } => pkg.callee_func(*func).is_none(),
                                _ => false,
                            },
                        };
                    }
                    ExprKind::Binary { op, .. } => return matches!(op.as_str(), "==" | "!=" | "<" | ">" | "<=" | ">="),
                    _ => return false,
                },
                Parent::Stmt(s) => return matches!(pkg.stmt(s).kind, StmtKind::Expr(_)),
                Parent::None => return false,
            }
        }
        false
    };
    let mut found_lookup = false;
    // Variables holding a lookup's result, whose uses are checked in one pass below.
    let mut holders: std::collections::HashSet<crate::model::BindingId> = Default::default();
    for id in pkg.expr_ids() {
        if !pkg.c_callee(id).is_some_and(|name| lookups.contains(name)) {
            continue;
        }
        found_lookup = true;
        // Into a local variable (`addr := C.lookup(h, name)`): every use of it.
        match pkg.expr(id).parent {
            Parent::Stmt(s) => match &pkg.stmt(s).kind {
                StmtKind::Assign { lhs, rhs, .. } if lhs.len() == 1 && rhs.as_slice() == [id] => {
                    match pkg.resolve(lhs[0]) {
                        Some(Resolved::Local(b)) if pkg.binding(b).init == Some((id, 0)) => holders.insert(b),
                        _ => return Vec::new(),
                    };
                }
                StmtKind::Expr(_) => {}
                _ => return Vec::new(),
            },
            _ if !contained(id) => return Vec::new(),
            _ => {}
        }
    }
    if !found_lookup {
        return Vec::new();
    }
    if !holders.is_empty() {
        for e in pkg.expr_ids() {
            let Some(Resolved::Local(b)) = pkg.resolve(e).filter(|_| matches!(pkg.expr(e).kind, ExprKind::Name { .. }))
            else {
                continue;
            };
            if holders.contains(&b) && pkg.expr(e).span != pkg.binding(b).span && !contained(e) {
                return Vec::new();
            }
        }
    }
    let mut names: Vec<String> = pkg
        .expr_ids()
        .filter(|e| matches!(pkg.expr(*e).kind, ExprKind::Literal))
        .filter_map(|e| {
            let text = pkg.text(pkg.expr(e).span);
            let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))?;
            exported.iter().find(|n| **n == inner).map(|n| n.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What a piece of C (a cgo preamble, or the package's `.c` files) declares, for the
/// questions asked about `C.name`: one parse with tree-sitter-c, then lookups. Built once
/// per file ([`crate::model::File::c`]) instead of scanning the preamble's text for every
/// name, which was quadratic in the size of generated bindings (go-gl/gl).
#[derive(Debug, Default, Clone)]
pub struct CIndex {
    /// Functions declared or defined, by name.
    funcs: HashMap<String, CDecl>,
    /// Names declared with `typedef`.
    typedefs: crate::hash::HashSet<String>,
    /// What each function definition calls and takes, for [`synchronous_callbacks`].
    calls: BTreeMap<String, CFunc>,
    /// Names taken at file scope (initializers of function-pointer tables).
    escaping: BTreeSet<String>,
    /// Too large to parse, or not parsed: nothing is known of it.
    unread: bool,
}

/// A C function as its declarations and definition show it.
#[derive(Debug, Default, Clone)]
struct CDecl {
    /// Per parameter, of its first declaration: it points to `const` data (`const T *`,
    /// `T const *`), so the function only reads through it.
    const_params: Vec<bool>,
    /// Its definition's body calls an allocator and returns (`return malloc(n);`, or a
    /// buffer it allocated): what it returns is C heap memory.
    allocates: bool,
}

/// Calls whose result is C heap memory, as a definition's body names them.
const ALLOCATING: &[&str] = &["malloc(", "calloc(", "realloc(", "strdup(", "strndup(", "aligned_alloc("];

/// Node kinds at file scope that hold more file-scope declarations.
const CONTAINERS: &[&str] = &[
    "translation_unit",
    "preproc_if",
    "preproc_ifdef",
    "preproc_else",
    "preproc_elif",
    "preproc_elifdef",
    "linkage_specification",
    "declaration_list",
];

impl CIndex {
    /// Indexes `source`. A source larger than [`MAX_SOURCE_BYTES`] is not parsed: nothing
    /// is known of it.
    pub fn of(source: &str) -> CIndex {
        let mut index = CIndex::default();
        if source.trim().is_empty() {
            return index;
        }
        index.unread = true;
        if source.len() > MAX_SOURCE_BYTES {
            return index;
        }
        let mut parser = Parser::new();
        if parser.set_language(&tree_sitter_c::LANGUAGE.into()).is_err() {
            return index;
        }
        let Some(tree) = parser.parse(source, None) else { return index };
        index.add(&tree, source);
        self::index(&tree, source, &mut index.calls, &mut index.escaping);
        index.unread = false;
        index
    }

    /// Adds the file-scope declarations of one parsed source. A cursor-free walk with an
    /// explicit stack that never enters a function body or a struct.
    fn add(&mut self, tree: &Tree, source: &str) {
        let text = |n: Node| source.get(n.byte_range()).unwrap_or("");
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "function_definition" => {
                    let Some(declarator) = node.child_by_field_name("declarator") else { continue };
                    let Some(name) = declared_name(declarator, source) else { continue };
                    let body = node.child_by_field_name("body").map(text).unwrap_or("");
                    let allocates = ALLOCATING.iter().any(|a| body.contains(a)) && body.contains("return");
                    let decl = self
                        .funcs
                        .entry(name)
                        .or_insert_with(|| CDecl { const_params: const_params(declarator, source), allocates: false });
                    decl.allocates |= allocates;
                }
                "declaration" => {
                    let mut cursor = node.walk();
                    for d in node.children_by_field_name("declarator", &mut cursor) {
                        // `char *f(int)`, `int f(void)`: a function declarator inside.
                        let Some(f) = function_declarator(d) else { continue };
                        let Some(name) = declared_name(f, source) else { continue };
                        self.funcs
                            .entry(name)
                            .or_insert_with(|| CDecl { const_params: const_params(f, source), allocates: false });
                    }
                }
                "type_definition" => {
                    let mut cursor = node.walk();
                    for d in node.children_by_field_name("declarator", &mut cursor) {
                        if let Some(name) = typedef_name(d, source) {
                            self.typedefs.insert(name);
                        }
                    }
                }
                kind if CONTAINERS.contains(&kind) => {
                    let mut cursor = node.walk();
                    stack.extend(node.named_children(&mut cursor));
                }
                _ => {}
            }
        }
    }

    /// Whether the C function `name` is defined here with a body that returns allocated
    /// heap memory.
    pub fn allocates(&self, name: &str) -> bool {
        self.funcs.get(name).is_some_and(|f| f.allocates)
    }

    /// Whether parameter `i` of the C function `name` points to `const` data.
    pub fn param_is_const(&self, name: &str, i: usize) -> bool {
        self.funcs.get(name).and_then(|f| f.const_params.get(i)).copied().unwrap_or(false)
    }

    /// Whether `name` is declared with `typedef`.
    pub fn is_typedef(&self, name: &str) -> bool {
        self.typedefs.contains(name)
    }
}

/// The function declarator a declaration's declarator is or holds (through pointer
/// declarators for functions that return pointers), if it declares a function.
fn function_declarator(declarator: Node) -> Option<Node> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "function_declarator" => {
                // `int (*fp)(void)` declares a pointer variable, not a function.
                let inner = d.child_by_field_name("declarator")?;
                return (inner.kind() != "parenthesized_declarator").then_some(d);
            }
            "pointer_declarator" | "attributed_declarator" => d = d.child_by_field_name("declarator")?,
            _ => return None,
        }
    }
    None
}

/// Per parameter of a function declarator: whether it points to `const` data.
fn const_params(declarator: Node, source: &str) -> Vec<bool> {
    parameters(declarator)
        .into_iter()
        .map(|p| {
            let mut cursor = p.walk();
            let qualified = p
                .named_children(&mut cursor)
                .any(|c| c.kind() == "type_qualifier" && source.get(c.byte_range()) == Some("const"));
            let pointer = p
                .child_by_field_name("declarator")
                .is_some_and(|d| matches!(d.kind(), "pointer_declarator" | "abstract_pointer_declarator"));
            qualified && pointer
        })
        .collect()
}

/// The name a `typedef` declarator declares: `name`, `*name`, `(*name)(void)`, `name[4]`.
fn typedef_name(declarator: Node, source: &str) -> Option<String> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "type_identifier" | "identifier" | "primitive_type" => {
                return source.get(d.byte_range()).map(str::to_string)
            }
            "function_declarator" | "pointer_declarator" | "array_declarator" | "attributed_declarator" => {
                d = d.child_by_field_name("declarator")?;
            }
            "parenthesized_declarator" => d = d.named_child(0)?,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn functions_typedefs_and_const_parameters() {
        let c = "#include <stdlib.h>\n#ifdef _WIN32\ntypedef unsigned long DWORD;\n#endif\n\
                 typedef struct { int x; } point;\ntypedef void (*callback)(void *);\ntypedef int vec4[4];\n\
                 extern int send_all(int fd, const char *buf, char *out, char const *tail, char *const fixed);\n\
                 static char *new_buf(size_t n) {\n  char *b = malloc(n);\n  return b;\n}\n\
                 static int *slot(void) { static int s; return &s; }\n\
                 int (*handler)(const char *);\n\
                 #ifdef __cplusplus\nextern \"C\" {\n#endif\nvoid fill(const void *, int);\n#ifdef __cplusplus\n}\n#endif\n";
        let index = CIndex::of(c);
        for t in ["DWORD", "point", "callback", "vec4"] {
            assert!(index.is_typedef(t), "{t}");
        }
        assert!(!index.is_typedef("send_all") && !index.is_typedef("x"));
        let consts: Vec<bool> = (0..6).map(|i| index.param_is_const("send_all", i)).collect();
        assert_eq!(consts, [false, true, false, true, false, false]);
        assert!(index.param_is_const("fill", 0) && !index.param_is_const("fill", 1));
        assert!(index.allocates("new_buf") && !index.allocates("slot") && !index.allocates("send_all"));
        // A function pointer variable is not a function.
        assert!(!index.param_is_const("handler", 0));
    }

    #[test]
    fn nothing_is_known_of_empty_or_huge_sources() {
        assert!(!CIndex::of("").is_typedef("x"));
        let huge = format!("typedef int big;\n{}", "int x;\n".repeat(MAX_SOURCE_BYTES / 7 + 1));
        assert!(!CIndex::of(&huge).is_typedef("big"));
    }
}
