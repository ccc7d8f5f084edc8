//! Import paths: which directory of the analyzed tree an `import "x/y"` denotes, so that
//! analysis can follow calls across package boundaries without building anything.
//!
//! The layer has four parts:
//!
//! - [`module_path`] reads the `module` directive of a go.mod;
//! - [`ModuleIndex`] maps package directories to their module (nearest enclosing go.mod)
//!   and import path, and [`ModuleIndex::resolve`] turns an import path back into a
//!   directory (vendor directories first, then the modules it knows);
//! - [`file_imports`] lists a file's imports with a small lexer, cheaply enough to run before
//!   any parsing;
//! - [`import_order`] sorts packages into levels, importees first, and
//!   [`missing_dependencies`] / [`dependency_closure`] find the in-tree packages (vendored
//!   ones above all, which `./...` skips) that must be loaded as context.
//!
//! Paths are used as given (absolute, lexically normalized by discovery): symbolic links are
//! never resolved, so a directory reached through a link is a directory of its own.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::discover::is_go_file_name;

// ---------------------------------------------------------------------------------------
// go.mod

/// The module path declared by a go.mod's `module` directive, or `None` when there is none
/// (or it is empty).
///
/// Accepts what the go command writes and reads: `module example.com/m`, a quoted path
/// (`"..."` or `` `...` ``), the block form `module (\n example.com/m \n)`, `//` comments
/// anywhere, CRLF line ends and a leading BOM. A `module` line inside another directive's
/// block (`require ( ... )`) is not the directive. When there are several directives (an
/// error for the go command) the first wins.
pub fn module_path(go_mod_text: &str) -> Option<String> {
    let text = go_mod_text.strip_prefix('\u{feff}').unwrap_or(go_mod_text);
    // `Other`: inside some other directive's `( ... )` block; `Module`: inside `module (`.
    #[derive(PartialEq)]
    enum Block {
        None,
        Other,
        Module,
    }
    let mut block = Block::None;
    for line in text.split('\n') {
        let tokens = mod_tokens(line);
        let Some(first) = tokens.first() else { continue };
        let is_close = first.bare && first.text == ")";
        match block {
            Block::Module if is_close => block = Block::None,
            Block::Module => return non_empty(&first.text),
            Block::Other if is_close => block = Block::None,
            Block::Other => {}
            Block::None if first.bare && first.text == "module" => match tokens.get(1) {
                Some(t) if t.bare && t.text == "(" => match tokens.get(2) {
                    // `module ( example.com/m )` on one line is not go.mod syntax, but harmless.
                    Some(path) if !(path.bare && path.text == ")") => return non_empty(&path.text),
                    _ => block = Block::Module,
                },
                Some(path) => return non_empty(&path.text),
                None => return None,
            },
            Block::None => {
                if tokens.last().is_some_and(|t| t.bare && t.text == "(") {
                    block = Block::Other;
                }
            }
        }
    }
    None
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// One token of a go.mod line: a bare word, `(`, `)`, or a quoted string (unquoted here).
struct ModToken {
    text: String,
    /// False for quoted strings, so that `"module"` or `")"` are never keywords.
    bare: bool,
}

/// Splits one go.mod line into tokens, dropping a `//` comment and `\r`.
fn mod_tokens(line: &str) -> Vec<ModToken> {
    let mut tokens = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t', '\r']);
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("//") {
            break;
        }
        if c == '(' || c == ')' {
            tokens.push(ModToken { text: c.to_string(), bare: true });
            rest = &rest[1..];
        } else if c == '"' || c == '`' {
            let body = &rest[1..];
            // An unterminated string runs to the end of the line.
            let (text, next) = if c == '`' {
                match body.find('`') {
                    Some(end) => (body[..end].to_string(), &body[end + 1..]),
                    None => (body.to_string(), ""),
                }
            } else {
                match string_end(body) {
                    Some(end) => (unescape(&body[..end]).0, &body[end + 1..]),
                    None => (unescape(body).0, ""),
                }
            };
            tokens.push(ModToken { text: text.trim_end_matches('\r').to_string(), bare: false });
            rest = next;
        } else {
            // No delimiter starts `rest` here, so the word is never empty.
            let end = rest.find([' ', '\t', '\r', '(', ')', '"', '`']).unwrap_or(rest.len());
            let word = &rest[..end];
            // A comment may follow a word without a space: `module example.com/m// x`.
            let word = word.find("//").map_or(word, |i| &word[..i]);
            tokens.push(ModToken { text: word.to_string(), bare: true });
            rest = &rest[word.len()..];
        }
    }
    tokens
}

/// The offset of the closing `"` of an interpreted string whose body starts `body`: the
/// first `"` not escaped by a backslash. `None` when the line (or text) ends first: such a
/// string may not span lines.
fn string_end(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, b) in body.bytes().enumerate() {
        match b {
            b'\n' => return None,
            b'"' if !escaped => return Some(i),
            b'\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}

/// Decodes the escapes `\"` and `\\` of an interpreted string body. Other escapes are kept as
/// written, and the flag is false: no valid module or import path needs them.
fn unescape(raw: &str) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let mut plain = true;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(e @ ('"' | '\\')) => out.push(e),
            other => {
                plain = false;
                out.push('\\');
                out.extend(other);
            }
        }
    }
    (out, plain)
}

// ---------------------------------------------------------------------------------------
// The index

/// Modules and import paths of the analyzed package directories.
///
/// Built once from the package directories ([`ModuleIndex::build`]); directories loaded later
/// (vendored dependencies) can be added with [`ModuleIndex::add`]. Every go.mod is read once
/// and every directory's go.mod lookup is cached, so indexing a tree costs one `stat` per
/// directory on the way up, not one per package and level. Whether a vendor directory holds
/// Go files is cached too: the index is a snapshot of the tree during one run.
#[derive(Debug, Default)]
pub struct ModuleIndex {
    /// Directory → root of the nearest enclosing module (the directory holding its go.mod),
    /// for every directory looked at while walking up; `None` when there is no go.mod up to
    /// the file-system root.
    root_of: HashMap<PathBuf, Option<PathBuf>>,
    /// Module root → module path; `None` for a go.mod without a readable `module` directive.
    modules: HashMap<PathBuf, Option<String>>,
    /// Module path → the roots declaring it, sorted (two copies of a module may sit in one
    /// tree).
    by_path: HashMap<String, Vec<PathBuf>>,
    /// Whether a directory holds Go files, for vendor lookups: every import of every
    /// package asks about the same few directories.
    go_dirs: std::sync::Mutex<HashMap<PathBuf, bool>>,
    /// Whether a directory has a `vendor` subdirectory: most have none, and then no import
    /// needs a look inside.
    vendors: std::sync::Mutex<HashMap<PathBuf, bool>>,
    /// Indexed package directory → import path, when known.
    import_paths: HashMap<PathBuf, String>,
    /// What [`ModuleIndex::resolve`] answered, by the scope of the importing directory and
    /// the import path: the packages of a module ask about the same imports.
    resolved: std::sync::Mutex<Resolved>,
}

/// What [`ModuleIndex::resolve`]'s answers for an importing directory depend on, and all
/// they depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Scope {
    /// The directory's module root.
    root: Option<PathBuf>,
    /// The directories between it and that root (both included) that hold a `vendor`,
    /// innermost first.
    vendors: Vec<PathBuf>,
    /// The standard library's root that encloses it, in a Go checkout.
    std_root: Option<PathBuf>,
}

/// [`ModuleIndex::resolve`]'s answers. An importing directory's scope is what its answers
/// depend on: its module root, the directories with a `vendor` between it and that root,
/// and the standard library's root that encloses it.
#[derive(Debug, Default)]
struct Resolved {
    /// Importing directory (its bytes: a `Path` hashes component by component) → its
    /// scope's index.
    scope_of: HashMap<std::ffi::OsString, u32>,
    scope_ids: HashMap<Scope, u32>,
    scopes: Vec<Scope>,
    /// By scope: import path → the answer.
    answers: Vec<HashMap<String, Option<PathBuf>>>,
}

impl ModuleIndex {
    /// Indexes `package_dirs` (absolute directories of loaded packages).
    pub fn build(package_dirs: &[PathBuf]) -> ModuleIndex {
        let mut index = ModuleIndex::default();
        for dir in package_dirs {
            index.add(dir);
        }
        index
    }

    /// Indexes one more package directory (a dependency loaded later). Idempotent.
    pub fn add(&mut self, dir: &Path) {
        let Some(root) = self.root_mut(dir) else { return };
        if !self.modules.contains_key(&root) {
            // An unreadable go.mod, or one without a module directive, still ends the walk
            // up (the go command would stop there with an error), but names no path.
            let path = fs::read_to_string(root.join("go.mod")).ok().and_then(|text| module_path(&text));
            if let Some(path) = &path {
                let roots = self.by_path.entry(path.clone()).or_default();
                roots.push(root.clone());
                roots.sort();
            }
            self.modules.insert(root.clone(), path);
            // A new module may provide what an import did not resolve to before.
            if let Ok(resolved) = self.resolved.get_mut() {
                *resolved = Resolved::default();
            }
        }
        let import_path = match &self.modules[&root] {
            Some(module) => compute_import_path(module, &root, dir),
            None => None,
        };
        if let Some(import_path) = import_path {
            self.import_paths.insert(dir.to_path_buf(), import_path);
        }
    }

    /// The import path of an indexed package directory: the module path, then the
    /// directory relative to the module root (`example.com/m/a/b`; just `example.com/m` at
    /// the root). A package under `vendor/` inside a module is imported by the path below
    /// `vendor/`, as in module mode (`<root>/vendor/golang.org/x/y` → `golang.org/x/y`).
    /// `None` outside any module, for a go.mod without a module path, for non-UTF-8
    /// directory names, and for directories never indexed.
    pub fn import_path(&self, dir: &Path) -> Option<&str> {
        self.import_paths.get(dir).map(String::as_str)
    }

    /// The root of the module enclosing `dir` (the directory of the nearest go.mod), for
    /// indexed directories and the directories looked at above them.
    pub fn module_root(&self, dir: &Path) -> Option<&Path> {
        self.root_of.get(dir)?.as_deref()
    }

    /// The module path declared by the go.mod in `root`, when the index has read it.
    pub fn module_path_of_root(&self, root: &Path) -> Option<&str> {
        self.modules.get(root)?.as_deref()
    }

    /// The directory that `import_path` denotes when imported from a file in `from_dir`, if
    /// it is inside the tree; `None` for the standard library, dependencies that are not
    /// vendored, and malformed paths (relative, absolute, with `.`/`..`/empty elements).
    ///
    /// Follows the go command's rules, minus building:
    /// 1. Vendoring: `<d>/vendor/<import_path>` for each directory `d` from `from_dir` up to
    ///    and including its module root, innermost first, if it is a directory holding Go
    ///    files. Vendor directories above the module root belong to another project and are
    ///    never used, nor is any when `from_dir` is in no module.
    /// 2. Modules: the known module whose path is the longest prefix of `import_path` (at a
    ///    `/` boundary) gives `root/<rest>`, if that is a directory belonging to that module
    ///    (no nested go.mod in between claims it). When two roots declare the same path, the
    ///    one enclosing `from_dir` wins, else the first in path order.
    /// 3. The standard library: in a Go checkout, whose `src/go.mod` says `module std`, a
    ///    path with no dot in its first element is `src/<path>`.
    pub fn resolve(&self, from_dir: &Path, import_path: &str) -> Option<PathBuf> {
        let Ok(mut resolved) = self.resolved.lock() else {
            return self.resolve_in(&self.scope(from_dir), &import_path_elements(import_path)?);
        };
        let resolved = &mut *resolved;
        let scope = match resolved.scope_of.get(from_dir.as_os_str()) {
            Some(&scope) => scope as usize,
            None => {
                let key = self.scope(from_dir);
                let scope = match resolved.scope_ids.get(&key) {
                    Some(&id) => id as usize,
                    None => {
                        resolved.scope_ids.insert(key.clone(), resolved.scopes.len() as u32);
                        resolved.scopes.push(key);
                        resolved.answers.push(HashMap::new());
                        resolved.scopes.len() - 1
                    }
                };
                resolved.scope_of.insert(from_dir.as_os_str().to_os_string(), scope as u32);
                scope
            }
        };
        if let Some(answer) = resolved.answers[scope].get(import_path) {
            return answer.clone();
        }
        let answer =
            import_path_elements(import_path).and_then(|elements| self.resolve_in(&resolved.scopes[scope], &elements));
        resolved.answers[scope].insert(import_path.to_string(), answer.clone());
        answer
    }

    /// What [`ModuleIndex::resolve`]'s answers for `from_dir` depend on.
    fn scope(&self, from_dir: &Path) -> Scope {
        let root = self.lookup_root(from_dir).0;
        let vendors = match &root {
            Some(root) => from_dir
                .ancestors()
                .take_while(|d| d.starts_with(root))
                .filter(|d| self.has_vendor_cached(d))
                .map(Path::to_path_buf)
                .collect(),
            None => Vec::new(),
        };
        let std_root =
            self.by_path.get(STD_MODULE).and_then(|roots| roots.iter().find(|r| from_dir.starts_with(r))).cloned();
        Scope { root, vendors, std_root }
    }

    /// The answer for an importing directory of `scope`: what it resolves to depends on
    /// nothing else.
    fn resolve_in(&self, scope: &Scope, elements: &[&str]) -> Option<PathBuf> {
        for dir in &scope.vendors {
            let mut candidate = dir.join("vendor");
            candidate.extend(elements);
            if self.has_go_files_cached(&candidate) {
                return Some(candidate);
            }
        }

        // Longest module path first: try every prefix of the import path ending at a `/`.
        for len in (1..=elements.len()).rev() {
            let Some(roots) = self.by_path.get(&elements[..len].join("/")) else { continue };
            let root = roots.iter().find(|r| Some(*r) == scope.root.as_ref()).unwrap_or(&roots[0]);
            let mut candidate = root.clone();
            candidate.extend(&elements[len..]);
            if candidate.is_dir() && self.lookup_root(&candidate).0.as_ref() == Some(root) {
                return Some(candidate);
            }
            // Not there: a shorter module path may still provide the package, as the go
            // command looks in every module whose path is a prefix.
        }
        // A path whose first element has no dot is the standard library's: in a Go checkout
        // (`module std` in `src/go.mod`) it is the directory of that name below `src`.
        if elements[0].contains('.') {
            return None;
        }
        let roots = self.by_path.get(STD_MODULE)?;
        let root = scope.std_root.as_ref().unwrap_or(&roots[0]);
        let mut candidate = root.clone();
        candidate.extend(elements);
        (candidate.is_dir() && self.lookup_root(&candidate).0.as_ref() == Some(root)).then_some(candidate)
    }

    fn has_vendor_cached(&self, dir: &Path) -> bool {
        let Ok(mut cache) = self.vendors.lock() else { return dir.join("vendor").is_dir() };
        if let Some(&known) = cache.get(dir) {
            return known;
        }
        *cache.entry(dir.to_path_buf()).or_insert_with(|| dir.join("vendor").is_dir())
    }

    fn has_go_files_cached(&self, dir: &Path) -> bool {
        let Ok(mut cache) = self.go_dirs.lock() else { return has_go_files(dir) };
        *cache.entry(dir.to_path_buf()).or_insert_with(|| has_go_files(dir))
    }

    /// The nearest module root of `dir`, caching it for every directory on the way up.
    fn root_mut(&mut self, dir: &Path) -> Option<PathBuf> {
        let (root, visited) = self.lookup_root(dir);
        for d in visited {
            self.root_of.insert(d, root.clone());
        }
        root
    }

    /// The nearest module root of `dir` (using the cache, stopping at the file-system root),
    /// and the directories looked at that were not cached.
    fn lookup_root(&self, dir: &Path) -> (Option<PathBuf>, Vec<PathBuf>) {
        let mut visited = Vec::new();
        for d in dir.ancestors() {
            // A relative path's last ancestor is "": it would mean the process's working
            // directory, which is not what the caller named.
            if d.as_os_str().is_empty() {
                break;
            }
            if let Some(cached) = self.root_of.get(d) {
                return (cached.clone(), visited);
            }
            visited.push(d.to_path_buf());
            if d.join("go.mod").is_file() {
                return (Some(d.to_path_buf()), visited);
            }
        }
        (None, visited)
    }
}

/// `module/rel/dir`, or the path below the last `vendor` element of `rel`.
fn compute_import_path(module: &str, root: &Path, dir: &Path) -> Option<String> {
    let rel = dir.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(name) => parts.push(name.to_str()?),
            _ => return None,
        }
    }
    if let Some(v) = parts.iter().rposition(|p| *p == "vendor") {
        if v + 1 < parts.len() {
            return Some(parts[v + 1..].join("/"));
        }
    }
    // The standard library's module is `std`, but its packages are imported without it:
    // `src/runtime` is `runtime`, not `std/runtime`.
    if module == STD_MODULE && !parts.is_empty() {
        return Some(parts.join("/"));
    }
    Some(std::iter::once(module).chain(parts).collect::<Vec<_>>().join("/"))
}

/// The module path of the standard library's `src/go.mod` in a Go checkout.
const STD_MODULE: &str = "std";

/// The elements of a well-formed import path. Rejecting `.`, `..`, empty elements, a
/// leading `/` and backslashes keeps a hostile import from resolving outside the tree.
fn import_path_elements(import_path: &str) -> Option<Vec<&str>> {
    if import_path.contains(['\\', '\0']) {
        return None;
    }
    let elements: Vec<&str> = import_path.split('/').collect();
    if elements.iter().any(|e| e.is_empty() || *e == "." || *e == "..") {
        return None;
    }
    Some(elements)
}

/// Whether `dir` is a directory holding at least one Go file (a regular file, or a link to
/// one, named like a Go file), as a vendored package must.
fn has_go_files(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    entries.flatten().any(|entry| is_go_file_name(&entry.file_name()) && entry.path().is_file())
}

// ---------------------------------------------------------------------------------------
// Imports of a file

/// The import paths of a Go file, in order, found with a small lexer: the package clause,
/// then `import "x"`, `import name "x"`, `import . "x"`, `import _ "x"` and grouped
/// `import ( ... )`, with comments anywhere and raw (`` `x` ``) strings. Reading stops at the
/// first declaration that is not an import, at anything unexpected and at an unterminated
/// comment or string, keeping what came before. Linear in the text; never panics.
///
/// A leading BOM is skipped. Paths with escapes other than `\"` and `\\` are dropped: no
/// valid import path needs one.
pub fn file_imports(text: &str) -> Vec<String> {
    let mut lexer = Lexer { text: text.strip_prefix('\u{feff}').unwrap_or(text), at: 0 };
    let mut imports = Vec::new();
    if lexer.next() != Tok::Ident("package") || !matches!(lexer.next(), Tok::Ident(_)) {
        return imports;
    }
    let mut tok = lexer.next();
    loop {
        match tok {
            Tok::Semi => tok = lexer.next(),
            Tok::Ident("import") => {
                match lexer.next() {
                    Tok::Open => loop {
                        // Inside a group every string is a path; names, dots and semicolons
                        // between them are skipped, so one bad spec does not lose the rest.
                        match lexer.next() {
                            Tok::Str(path) => imports.extend(path),
                            Tok::Ident(_) | Tok::Dot | Tok::Semi => {}
                            Tok::Close => break,
                            _ => return imports,
                        }
                    },
                    Tok::Str(path) => imports.extend(path),
                    Tok::Ident(_) | Tok::Dot => match lexer.next() {
                        Tok::Str(path) => imports.extend(path),
                        _ => return imports,
                    },
                    _ => return imports,
                }
                tok = lexer.next();
            }
            _ => return imports,
        }
    }
}

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    Ident(&'a str),
    /// A string literal; `None` when it cannot be an import path (odd escapes).
    Str(Option<String>),
    Open,
    Close,
    Dot,
    Semi,
    /// Any other character.
    Other,
    /// End of input, or an unterminated comment or string.
    End,
}

struct Lexer<'a> {
    text: &'a str,
    /// Always at a char boundary.
    at: usize,
}

impl<'a> Lexer<'a> {
    /// The next token, skipping whitespace and comments. Every byte looked at is also moved
    /// past (or ends the input), so lexing a whole file is linear.
    fn next(&mut self) -> Tok<'a> {
        loop {
            let rest = &self.text[self.at..];
            let Some(c) = rest.chars().next() else { return Tok::End };
            match c {
                ' ' | '\t' | '\r' | '\n' => self.at += 1,
                '/' if rest.starts_with("//") => self.at = rest.find('\n').map_or(self.text.len(), |i| self.at + i),
                '/' if rest.starts_with("/*") => match rest[2..].find("*/") {
                    Some(i) => self.at += 2 + i + 2,
                    None => return self.end(),
                },
                '(' | ')' | '.' | ';' => {
                    self.at += 1;
                    return match c {
                        '(' => Tok::Open,
                        ')' => Tok::Close,
                        '.' => Tok::Dot,
                        _ => Tok::Semi,
                    };
                }
                '`' => {
                    return match rest[1..].find('`') {
                        Some(i) => {
                            self.at += 1 + i + 1;
                            Tok::Str(Some(rest[1..1 + i].to_string()))
                        }
                        None => self.end(),
                    }
                }
                '"' => {
                    let Some(end) = string_end(&rest[1..]) else { return self.end() };
                    self.at += 1 + end + 1;
                    let (path, plain) = unescape(&rest[1..1 + end]);
                    return Tok::Str(plain.then_some(path));
                }
                c if c.is_alphabetic() || c == '_' => {
                    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
                    self.at += end;
                    return Tok::Ident(&rest[..end]);
                }
                c => {
                    self.at += c.len_utf8();
                    return Tok::Other;
                }
            }
        }
    }

    fn end(&mut self) -> Tok<'a> {
        self.at = self.text.len();
        Tok::End
    }
}

// ---------------------------------------------------------------------------------------
// Order and dependencies

/// Groups package indices into levels so that every package comes after the packages it
/// imports; the packages of one level do not import each other and can be analyzed in
/// parallel. `packages[i]` is `(dir, resolved in-tree import dirs)`.
///
/// An import of a directory denotes the package with the lowest index in that directory:
/// with packages passed in load order (sorted by directory, then name), that is `foo`
/// rather than its external test package `foo_test`, which nothing can import. A package
/// never depends on itself; `foo_test` does depend on `foo`. Imports of directories without
/// a package in `packages` are ignored.
///
/// Kahn's algorithm, level by level. Packages on or behind an import cycle (invalid Go, but
/// possible in hostile input or across build-tag variants) never become ready: they all go,
/// together, into one final level, so that none is dropped and the function always ends.
/// Within a level, indices are sorted; the result depends only on the input.
pub fn import_order(packages: &[(PathBuf, Vec<PathBuf>)]) -> Vec<Vec<usize>> {
    let mut first_in_dir: HashMap<&Path, usize> = HashMap::new();
    for (i, (dir, _)) in packages.iter().enumerate() {
        first_in_dir.entry(dir.as_path()).or_insert(i);
    }
    // dependents[j]: packages importing j; pending[i]: how many distinct packages i imports
    // that are not placed yet.
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); packages.len()];
    let mut pending = vec![0usize; packages.len()];
    for (i, (_, imports)) in packages.iter().enumerate() {
        let deps: BTreeSet<usize> =
            imports.iter().filter_map(|d| first_in_dir.get(d.as_path()).copied()).filter(|&j| j != i).collect();
        pending[i] = deps.len();
        for j in deps {
            dependents[j].push(i);
        }
    }

    let mut levels = Vec::new();
    let mut level: Vec<usize> = (0..packages.len()).filter(|&i| pending[i] == 0).collect();
    let mut placed = 0;
    while !level.is_empty() {
        placed += level.len();
        let mut next = Vec::new();
        for &j in &level {
            for &i in &dependents[j] {
                pending[i] -= 1;
                if pending[i] == 0 {
                    next.push(i);
                }
            }
        }
        next.sort_unstable();
        levels.push(std::mem::replace(&mut level, next));
    }
    if placed < packages.len() {
        levels.push((0..packages.len()).filter(|&i| pending[i] > 0).collect());
    }
    levels
}

/// The in-tree directories (vendored or in a known module) that `packages` import but that
/// are not in `known`, sorted and without duplicates. `packages[i]` is `(dir, import paths
/// of its files)`; imports resolve with [`ModuleIndex::resolve`] from that directory.
///
/// Discovery skips `vendor/` (and the user may name only part of a module), so importers
/// need these loaded as context-only packages. The caller loads them, adds them to the
/// index ([`ModuleIndex::add`]) and to `known` (even when they turn out to hold no Go
/// files, or the loop would not end), and calls again with the new packages' imports until
/// nothing is missing. [`dependency_closure`] runs that loop.
pub fn missing_dependencies(
    index: &ModuleIndex,
    packages: &[(PathBuf, Vec<String>)],
    known: &HashSet<PathBuf>,
) -> Vec<PathBuf> {
    let mut missing = BTreeSet::new();
    for (dir, imports) in packages {
        for import in imports {
            if let Some(target) = index.resolve(dir, import) {
                if target != *dir && !known.contains(&target) {
                    missing.insert(target);
                }
            }
        }
    }
    missing.into_iter().collect()
}

/// Every in-tree directory reachable by imports from `packages` that is not in `known`:
/// the fixpoint of [`missing_dependencies`]. `imports_of(dir)` returns the import paths of
/// the Go files in `dir` (for example [`file_imports`] over its files); each new directory
/// is added to `index` and asked once. Ends because every directory is visited once and
/// resolution only yields existing directories. Sorted.
pub fn dependency_closure(
    index: &mut ModuleIndex,
    packages: &[(PathBuf, Vec<String>)],
    known: &HashSet<PathBuf>,
    mut imports_of: impl FnMut(&Path) -> Vec<String>,
) -> Vec<PathBuf> {
    let mut known = known.clone();
    let mut found = BTreeSet::new();
    let mut frontier = missing_dependencies(index, packages, &known);
    while !frontier.is_empty() {
        let mut round = Vec::new();
        for dir in frontier {
            index.add(&dir);
            known.insert(dir.clone());
            let imports = imports_of(&dir);
            round.push((dir.clone(), imports));
            found.insert(dir);
        }
        frontier = missing_dependencies(index, &round, &known);
    }
    found.into_iter().collect()
}
