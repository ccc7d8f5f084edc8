//! Import paths and module resolution (`blindspot_go::modules`) on real temporary trees.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use blindspot_go::modules::{
    dependency_closure, file_imports, import_order, missing_dependencies, module_path, ModuleIndex,
};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Helpers

fn write(root: &Path, rel: &str, content: &str) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

/// A directory `rel` holding one Go file of package `name`.
fn go_pkg(root: &Path, rel: &str, name: &str) -> PathBuf {
    let dir = if rel == "." { root.to_path_buf() } else { root.join(rel) };
    write(&dir, &format!("{name}.go"), &format!("package {name}\n"));
    dir
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------
// module_path

#[test]
fn module_path_forms() {
    let cases: &[(&str, Option<&str>)] = &[
        ("module example.com/m\n\ngo 1.22\n", Some("example.com/m")),
        ("module example.com/m", Some("example.com/m")),
        ("// Copyright.\n\nmodule example.com/m // the module\n", Some("example.com/m")),
        ("module example.com/m// glued comment\n", Some("example.com/m")),
        ("module \"example.com/quoted\"\n", Some("example.com/quoted")),
        ("module `example.com/raw`\n", Some("example.com/raw")),
        ("module \"example.com/q\\\"x\"\n", Some("example.com/q\"x")),
        ("module (\n\texample.com/block\n)\n", Some("example.com/block")),
        ("module (\n\t// comment first\n\n\t\"example.com/qblock\" // c\n)\n", Some("example.com/qblock")),
        ("module example.com/crlf\r\n\r\ngo 1.21\r\n", Some("example.com/crlf")),
        ("module \"example.com/crlfq\"\r\n", Some("example.com/crlfq")),
        ("\u{feff}module example.com/bom\n", Some("example.com/bom")),
        ("go 1.22\n\nrequire (\n\tmodule x\n)\n\nmodule example.com/late\n", Some("example.com/late")),
        ("module example.com/first\nmodule example.com/second\n", Some("example.com/first")),
        ("   \t module   example.com/spaces   \n", Some("example.com/spaces")),
        // Not a module directive.
        ("", None),
        ("go 1.22\n", None),
        ("// module example.com/commented\n", None),
        ("modulex example.com/m\n", None),
        ("\"module\" example.com/m\n", None),
        ("module\n", None),
        ("module \"\"\n", None),
        ("module (\n)\n", None),
        ("require (\n\tmodule example.com/inside\n", None),
    ];
    for (text, want) in cases {
        assert_eq!(module_path(text).as_deref(), *want, "go.mod {text:?}");
    }
}

#[test]
fn module_path_garbage_does_not_panic() {
    for text in [
        "module \"unterminated",
        "module `unterminated",
        "module (",
        "(\n)\n)",
        "\u{feff}",
        "module é\u{301}",
        "//",
        "\"\\",
    ] {
        let _ = module_path(text);
    }
    assert_eq!(module_path("module \"unterminated").as_deref(), Some("unterminated"));
    assert_eq!(module_path("module é/ü").as_deref(), Some("é/ü"));
}

// ---------------------------------------------------------------------------------------
// The index

#[test]
fn import_paths_with_nested_module() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("repo");
    write(&root, "go.mod", "module example.com/m\n");
    write(&root, "nested/go.mod", "// nested\nmodule (\n  example.com/other\n)\n");
    let dirs = [
        go_pkg(&root, ".", "m"),
        go_pkg(&root, "a/b", "b"),
        go_pkg(&root, "nested", "other"),
        go_pkg(&root, "nested/c", "c"),
        go_pkg(&root, "vendor/golang.org/x/v", "v"),
        go_pkg(&root, "a/vendor/dep", "dep"),
        go_pkg(tmp.path(), "loose/p", "p"),
    ];
    let mut index = ModuleIndex::build(&dirs[..4]);
    assert_eq!(index.import_path(&root), Some("example.com/m"));
    assert_eq!(index.import_path(&root.join("a/b")), Some("example.com/m/a/b"));
    assert_eq!(index.import_path(&root.join("nested")), Some("example.com/other"));
    assert_eq!(index.import_path(&root.join("nested/c")), Some("example.com/other/c"));
    assert_eq!(index.module_root(&root.join("a/b")), Some(root.as_path()));
    assert_eq!(index.module_root(&root.join("a")), Some(root.as_path()), "cached on the way up");
    assert_eq!(index.module_root(&root.join("nested/c")), Some(root.join("nested").as_path()));
    assert_eq!(index.module_path_of_root(&root.join("nested")), Some("example.com/other"));

    for dir in &dirs[4..] {
        index.add(dir);
    }
    assert_eq!(index.import_path(&dirs[4]), Some("golang.org/x/v"), "vendored: the path below vendor/");
    assert_eq!(index.import_path(&dirs[5]), Some("dep"));
    assert_eq!(index.import_path(&dirs[6]), None, "no go.mod above");
    assert_eq!(index.module_root(&dirs[6]), None);
    assert_eq!(index.import_path(&root.join("never/indexed")), None);
}

#[test]
fn go_mod_without_module_directive_ends_the_walk() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "go.mod", "module example.com/outer\n");
    write(tmp.path(), "inner/go.mod", "go 1.22\n");
    let dir = go_pkg(tmp.path(), "inner/p", "p");
    let index = ModuleIndex::build(std::slice::from_ref(&dir));
    assert_eq!(index.module_root(&dir), Some(tmp.path().join("inner").as_path()));
    assert_eq!(index.import_path(&dir), None);
}

#[test]
fn relative_dirs_never_look_at_the_working_directory() {
    // The process's working directory (the crate) is inside the workspace, which has no
    // go.mod; a relative path must not find one there anyway.
    let index = ModuleIndex::build(&[PathBuf::from("no/such/relative/dir")]);
    assert_eq!(index.module_root(Path::new("no/such/relative/dir")), None);
    assert_eq!(index.import_path(Path::new("no/such/relative/dir")), None);
}

// ---------------------------------------------------------------------------------------
// Resolution

/// A module `example.com/m` at `<tmp>/proj/mod` with vendor directories at several levels,
/// and one above the module root.
fn vendored_tree() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("proj/mod");
    write(&root, "go.mod", "module example.com/m\n");
    go_pkg(&root, ".", "m");
    go_pkg(&root, "a/b", "b");
    go_pkg(&root, "vendor/dep/x", "x");
    go_pkg(&root, "a/vendor/dep/x", "x");
    go_pkg(&root, "a/b/vendor/dep/x", "x");
    go_pkg(&root, "vendor/only/root", "root");
    go_pkg(&root, "a/vendor/only/mid", "mid");
    // A vendor directory without Go files is not a package.
    fs::create_dir_all(root.join("a/b/vendor/empty/pkg")).unwrap();
    go_pkg(&root, "vendor/empty/pkg", "pkg");
    // Above the module root: another project's vendor directory.
    go_pkg(&tmp.path().join("proj"), "vendor/outside/lib", "lib");
    go_pkg(tmp.path(), "proj/vendor/example.com/m/a", "a");
    (tmp, root)
}

#[test]
fn vendored_resolution() {
    let (_tmp, root) = vendored_tree();
    let b = root.join("a/b");
    let index = ModuleIndex::build(&[root.clone(), b.clone()]);

    assert_eq!(index.resolve(&b, "dep/x"), Some(root.join("a/b/vendor/dep/x")), "innermost vendor wins");
    assert_eq!(index.resolve(&root.join("a"), "dep/x"), Some(root.join("a/vendor/dep/x")));
    assert_eq!(index.resolve(&root, "dep/x"), Some(root.join("vendor/dep/x")));
    assert_eq!(index.resolve(&b, "only/mid"), Some(root.join("a/vendor/only/mid")), "vendor in a parent");
    assert_eq!(index.resolve(&b, "only/root"), Some(root.join("vendor/only/root")), "vendor at the root");
    assert_eq!(index.resolve(&root, "only/mid"), None, "a/vendor is not visible from the root");
    assert_eq!(
        index.resolve(&b, "empty/pkg"),
        Some(root.join("vendor/empty/pkg")),
        "a vendor directory without Go files is skipped"
    );
    assert_eq!(index.resolve(&b, "outside/lib"), None, "vendor above the module root is not used");
    // Vendored packages import each other through the module's vendor directory.
    assert_eq!(index.resolve(&root.join("vendor/dep/x"), "only/root"), Some(root.join("vendor/only/root")));
}

#[test]
fn answers_are_remembered_per_scope_and_forgotten_when_a_module_is_added() {
    let (tmp, root) = vendored_tree();
    let b = root.join("a/b");
    let index_dirs = [root.clone(), b.clone()];
    let mut index = ModuleIndex::build(&index_dirs);
    // Asked twice, from directories of one module with different vendor directories.
    for _ in 0..2 {
        assert_eq!(index.resolve(&b, "dep/x"), Some(root.join("a/b/vendor/dep/x")));
        assert_eq!(index.resolve(&root, "dep/x"), Some(root.join("vendor/dep/x")));
        assert_eq!(index.resolve(&root.join("c"), "dep/x"), Some(root.join("vendor/dep/x")));
    }
    // A module the index did not know: unresolved until a directory of it is added.
    let other = tmp.path().join("other");
    write(
        &other,
        "go.mod",
        "module example.com/other
",
    );
    let lib = go_pkg(&other, "lib", "lib");
    assert_eq!(index.resolve(&root, "example.com/other/lib"), None);
    index.add(&lib);
    assert_eq!(index.resolve(&root, "example.com/other/lib"), Some(lib));
}

#[test]
fn vendor_beats_module_and_outside_vendor_is_ignored_for_module_paths() {
    let (_tmp, root) = vendored_tree();
    let index = ModuleIndex::build(std::slice::from_ref(&root));
    // `proj/vendor/example.com/m/a` is above the root: the module's own `a` wins.
    go_pkg(&root, "a", "a");
    assert_eq!(index.resolve(&root, "example.com/m/a"), Some(root.join("a")));
    // A vendored copy inside the module takes precedence over the module itself. (The index
    // is a snapshot of the tree: it caches what it saw, so a changed tree needs a new one.)
    go_pkg(&root, "vendor/example.com/m/a", "a");
    let index = ModuleIndex::build(std::slice::from_ref(&root));
    assert_eq!(index.resolve(&root, "example.com/m/a"), Some(root.join("vendor/example.com/m/a")));
}

#[test]
fn module_local_resolution() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("repo");
    write(&root, "go.mod", "module example.com/m\n");
    write(&root, "tools/go.mod", "module example.com/m/tools\n");
    write(&root, "other/go.mod", "module example.com/other\n");
    write(&tmp.path().join("sibling"), "go.mod", "module example.com/sibling\n");
    let dirs = vec![
        go_pkg(&root, ".", "m"),
        go_pkg(&root, "a", "a"),
        go_pkg(&root, "a/b", "b"),
        go_pkg(&root, "tools", "tools"),
        go_pkg(&root, "tools/gen", "gen"),
        go_pkg(&root, "other/o", "o"),
        go_pkg(&tmp.path().join("sibling"), "s", "s"),
    ];
    fs::create_dir_all(root.join("nogo")).unwrap();
    let index = ModuleIndex::build(&dirs);
    let a = root.join("a");

    assert_eq!(index.resolve(&a, "example.com/m"), Some(root.clone()));
    assert_eq!(index.resolve(&a, "example.com/m/a/b"), Some(root.join("a/b")));
    assert_eq!(index.resolve(&root, "example.com/m/tools/gen"), Some(root.join("tools/gen")), "nested module");
    assert_eq!(index.resolve(&a, "example.com/m/tools"), Some(root.join("tools")));
    assert_eq!(index.resolve(&a, "example.com/other/o"), Some(root.join("other/o")));
    assert_eq!(index.resolve(&a, "example.com/sibling/s"), Some(tmp.path().join("sibling/s")), "any known module");
    // `other/` is its own module: example.com/m does not reach into it.
    assert_eq!(index.resolve(&a, "example.com/m/other/o"), None);
    assert_eq!(index.resolve(&a, "example.com/m/missing"), None);
    assert_eq!(index.resolve(&a, "example.com/m/nogo"), Some(root.join("nogo")), "a directory, Go files or not");
    assert_eq!(index.resolve(&a, "example.com/mm"), None, "prefix at a / boundary only");
    assert_eq!(index.resolve(&a, "example.com/m/a/../../../etc"), None, "no escape by ..");
    assert_eq!(index.resolve(&a, "../a"), None);
    assert_eq!(index.resolve(&a, "./b"), None);
    assert_eq!(index.resolve(&a, "/etc"), None);
    assert_eq!(index.resolve(&a, ""), None);
    assert_eq!(index.resolve(&a, "example.com/m//a"), None);
}

#[test]
fn duplicate_module_paths_prefer_the_importers_module() {
    let tmp = TempDir::new().unwrap();
    for copy in ["one", "two"] {
        write(&tmp.path().join(copy), "go.mod", "module example.com/dup\n");
        go_pkg(&tmp.path().join(copy), "p", "p");
    }
    let one = tmp.path().join("one/p");
    let two = tmp.path().join("two/p");
    let index = ModuleIndex::build(&[one.clone(), two.clone()]);
    assert_eq!(index.resolve(&two, "example.com/dup/p"), Some(two.clone()));
    assert_eq!(index.resolve(&one, "example.com/dup/p"), Some(one.clone()));
    let loose = go_pkg(tmp.path(), "loose", "loose");
    assert_eq!(index.resolve(&loose, "example.com/dup/p"), Some(one), "first root in path order");
}

#[test]
fn standard_library_and_external_paths_are_unresolved() {
    let (_tmp, root) = vendored_tree();
    let index = ModuleIndex::build(std::slice::from_ref(&root));
    for path in ["fmt", "net/http", "golang.org/x/sync/errgroup", "github.com/a/b"] {
        assert_eq!(index.resolve(&root, path), None, "{path}");
    }
    let elsewhere = TempDir::new().unwrap();
    assert_eq!(index.resolve(elsewhere.path(), "fmt"), None, "no module at all");
}

// ---------------------------------------------------------------------------------------
// file_imports

#[test]
fn file_imports_forms() {
    let cases: &[(&str, &[&str])] = &[
        ("package p\nimport \"fmt\"\n", &["fmt"]),
        ("package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc f() {}\n", &["fmt", "os"]),
        ("package p\nimport f \"fmt\"\nimport . \"strings\"\nimport _ \"embed\"\n", &["fmt", "strings", "embed"]),
        ("package p\nimport (\n\tf \"fmt\"\n\t. \"strings\"\n\t_ \"embed\"\n\tx `raw/path`\n)\n", &["fmt", "strings", "embed", "raw/path"]),
        ("package p\nimport `raw`\n", &["raw"]),
        (
            "package p\n\nimport ( // group\n\t// a comment\n\t\"a\" // trailing\n\t/* block */ \"b\"\n\tc /* between */ \"c\"\n\t/* multi\n\tline */\n)\n",
            &["a", "b", "c"],
        ),
        ("package p; import \"a\"; import (\"b\"; \"c\")", &["a", "b", "c"]),
        ("package p\nimport ()\nimport \"after/empty\"\n", &["after/empty"]),
        (
            "// Copyright 2024.\n\n//go:build linux && !cgo\n// +build linux,!cgo\n\n// Package p does things.\n/* more doc */\npackage p // trailing\n\nimport \"syscall\"\n",
            &["syscall"],
        ),
        ("\u{feff}package p\nimport \"bom\"\n", &["bom"]),
        ("package p\r\nimport (\r\n\t\"crlf\"\r\n)\r\n", &["crlf"]),
        ("package p\n/* c */ import /* c */ name /* c */ \"x\"\n", &["x"]),
        ("package héllo\nimport ünï \"example.com/ü\"\n", &["example.com/ü"]),
        ("package p\nimport \"q\\\"uote\"\n", &["q\"uote"]),
        // Stops at the first declaration that is not an import.
        ("package p\nimport \"a\"\nvar x = 1\nimport \"b\"\n", &["a"]),
        ("package p\nfunc f() { import_ := \"x\" }\n", &[]),
        ("package p\nconst s = `import \"no\"`\n", &[]),
        ("package p\nimport \"a\"\ntype T struct{}\n", &["a"]),
        // No package clause, or no imports.
        ("import \"fmt\"\n", &[]),
        ("package p\n", &[]),
        ("", &[]),
        ("// package p\nimport \"fmt\"", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(file_imports(text), strings(want), "file {text:?}");
    }
}

#[test]
fn file_imports_garbage_keeps_what_came_before() {
    let cases: &[(&str, &[&str])] = &[
        ("package p\nimport \"a\"\nimport \"unterminated\n", &["a"]),
        ("package p\nimport \"a\"\nimport `unterminated raw", &["a"]),
        ("package p\nimport (\n\t\"a\"\n\t\"b\"\n", &["a", "b"]),
        ("package p\nimport (\n\t\"a\"\n/* unterminated comment", &["a"]),
        ("package p\nimport (\n\t\"a\"\n\t+ \"b\"\n)", &["a"]),
        ("package p\nimport \"a\"\nimport 42\n", &["a"]),
        ("package p\nimport \"bad\\x41escape\"\nimport \"ok\"\n", &["ok"]),
        ("package p\nimport \"line\nbreak\"\n", &[]),
        ("package p\nimport x\n\"y\"\n", &["y"]),
        ("/* unterminated package p", &[]),
        ("package", &[]),
        ("package p import", &[]),
        ("package p import (", &[]),
        ("package p import alias", &[]),
        ("package p import \"\\", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(file_imports(text), strings(want), "file {text:?}");
    }
}

#[test]
fn file_imports_never_panics_on_any_prefix() {
    let text = "\u{feff}// doc é\n/* ü */ package p // x\nimport (\n\tf \"fmt\" // c\n\t. `raw/ß`\n\t_ \"q\\\"\\\\\"\n)\nimport \"x\"\nfunc f() {}\n";
    for (i, _) in text.char_indices() {
        let _ = file_imports(&text[..i]);
        let _ = file_imports(&text[i..]);
    }
    assert_eq!(file_imports(text), strings(&["fmt", "raw/ß", "q\"\\", "x"]));
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8).collect();
    let noise = String::from_utf8_lossy(&bytes);
    assert_eq!(file_imports(&format!("package p\n{noise}")), Vec::<String>::new());
}

#[test]
fn file_imports_is_linear_on_pathological_input() {
    // Quadratic rescanning would take minutes on these; linear lexing takes milliseconds.
    let many_comments = format!("package p\nimport (\n{}\"a\"\n)", "/* c */ ".repeat(200_000));
    assert_eq!(file_imports(&many_comments), strings(&["a"]));
    let many_imports = format!("package p\nimport (\n{})", "\"a\"\n".repeat(200_000));
    assert_eq!(file_imports(&many_imports).len(), 200_000);
    let open_comments = format!("package p\nimport {}", "/*".repeat(200_000));
    assert_eq!(file_imports(&open_comments), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// import_order

fn dir(name: &str) -> PathBuf {
    PathBuf::from(format!("/t/{name}"))
}

fn graph(edges: &[(&str, &[&str])]) -> Vec<(PathBuf, Vec<PathBuf>)> {
    edges.iter().map(|(d, deps)| (dir(d), deps.iter().map(|d| dir(d)).collect())).collect()
}

#[test]
fn import_order_chain_and_independents() {
    let packages = graph(&[("a", &["b"]), ("b", &["c"]), ("c", &[]), ("d", &[])]);
    assert_eq!(import_order(&packages), vec![vec![2, 3], vec![1], vec![0]]);
    assert_eq!(import_order(&[]), Vec::<Vec<usize>>::new());
}

#[test]
fn import_order_diamond() {
    // top imports left and right, both import base; duplicates and unknown dirs are ignored.
    let packages = graph(&[
        ("top", &["left", "right", "left", "fmt"]),
        ("left", &["base"]),
        ("right", &["base", "base"]),
        ("base", &["external"]),
    ]);
    assert_eq!(import_order(&packages), vec![vec![3], vec![1, 2], vec![0]]);
}

#[test]
fn import_order_cycle_goes_last_whole() {
    // a <-> b is a cycle; c depends on the cycle; d is independent; e imports d; f imports itself.
    let packages = graph(&[("a", &["b", "d"]), ("b", &["a"]), ("c", &["a"]), ("d", &[]), ("e", &["d"]), ("f", &["f"])]);
    assert_eq!(import_order(&packages), vec![vec![3, 5], vec![4], vec![0, 1, 2]]);
    let all_cyclic = graph(&[("x", &["y"]), ("y", &["z"]), ("z", &["x"])]);
    assert_eq!(import_order(&all_cyclic), vec![vec![0, 1, 2]]);
}

#[test]
fn import_order_external_test_package_follows_its_package() {
    // `foo` and `foo_test` share a directory (load order: foo first). foo_test imports bar,
    // which imports foo: no cycle, since an import of the directory denotes foo.
    let packages = graph(&[("bar", &["foo"]), ("foo", &[]), ("foo", &["foo", "bar"])]);
    assert_eq!(import_order(&packages), vec![vec![1], vec![0], vec![2]]);
}

// ---------------------------------------------------------------------------------------
// missing_dependencies

#[test]
fn missing_dependencies_finds_vendored_and_module_packages() {
    let (_tmp, root) = vendored_tree();
    let b = root.join("a/b");
    let index = ModuleIndex::build(&[root.clone(), b.clone()]);
    let known: HashSet<PathBuf> = [root.clone(), b.clone()].into_iter().collect();
    let packages = vec![
        (b.clone(), strings(&["fmt", "dep/x", "only/root", "example.com/m", "github.com/ext/lib"])),
        (root.clone(), strings(&["example.com/m/a/b", "only/root", "example.com/m/a"])),
    ];
    let missing = missing_dependencies(&index, &packages, &known);
    // `example.com/m/a` has no Go files but is a directory of the module: the caller loads it
    // and finds nothing.
    assert_eq!(missing, vec![root.join("a"), root.join("a/b/vendor/dep/x"), root.join("vendor/only/root")]);

    let mut known = known;
    known.extend(missing);
    assert_eq!(missing_dependencies(&index, &packages, &known), Vec::<PathBuf>::new());
}

#[test]
fn dependency_closure_loads_vendored_dependencies_transitively() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("mod");
    write(&root, "go.mod", "module example.com/m\n");
    write(&root, "main.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/dep\"\n)\n");
    write(&root, "vendor/example.com/dep/dep.go", "package dep\nimport \"example.com/deeper/v2\"\n");
    write(&root, "vendor/example.com/deeper/v2/d.go", "package deeper\nimport (\n\t\"example.com/dep\"\n\t\"os\"\n)\n");
    write(&root, "vendor/unused/u.go", "package unused\n");

    let imports_of = |dir: &Path| -> Vec<String> {
        let mut imports = Vec::new();
        for entry in fs::read_dir(dir).unwrap().flatten() {
            if entry.path().extension().is_some_and(|e| e == "go") {
                imports.extend(file_imports(&fs::read_to_string(entry.path()).unwrap()));
            }
        }
        imports
    };
    let mut index = ModuleIndex::build(std::slice::from_ref(&root));
    let known: HashSet<PathBuf> = [root.clone()].into_iter().collect();
    let packages = vec![(root.clone(), imports_of(&root))];
    let mut asked = Vec::new();
    let found = dependency_closure(&mut index, &packages, &known, |d| {
        asked.push(d.to_path_buf());
        imports_of(d)
    });
    let dep = root.join("vendor/example.com/dep");
    let deeper = root.join("vendor/example.com/deeper/v2");
    assert_eq!(found, vec![deeper.clone(), dep.clone()]);
    assert_eq!(asked, vec![dep.clone(), deeper.clone()], "each directory asked once, despite the cycle");
    assert_eq!(index.import_path(&dep), Some("example.com/dep"));
    assert_eq!(index.import_path(&deeper), Some("example.com/deeper/v2"));
}

/// A Go checkout: `src/go.mod` says `module std` and `src/cmd/go.mod` `module cmd`; std
/// packages are imported by their directory below `src`, from std and from cmd.
#[test]
fn standard_library_checkout() {
    let tmp = TempDir::new().unwrap();
    let src = tmp.path().join("src");
    write(&src, "go.mod", "module std\n");
    write(&src, "cmd/go.mod", "module cmd\n");
    let dirs = vec![
        go_pkg(&src, "runtime", "runtime"),
        go_pkg(&src, "internal/runtime/atomic", "atomic"),
        go_pkg(&src, "os", "os"),
        go_pkg(&src, "vendor/golang.org/x/sys/cpu", "cpu"),
        go_pkg(&src, "cmd/internal/obj", "obj"),
        go_pkg(&src, "cmd/compile", "main"),
    ];
    let index = ModuleIndex::build(&dirs);
    assert_eq!(index.import_path(&src.join("runtime")), Some("runtime"));
    assert_eq!(index.import_path(&src.join("internal/runtime/atomic")), Some("internal/runtime/atomic"));
    assert_eq!(index.import_path(&src.join("vendor/golang.org/x/sys/cpu")), Some("golang.org/x/sys/cpu"));
    assert_eq!(index.import_path(&src.join("cmd/internal/obj")), Some("cmd/internal/obj"));

    let os = src.join("os");
    assert_eq!(index.resolve(&os, "runtime"), Some(src.join("runtime")));
    assert_eq!(index.resolve(&os, "internal/runtime/atomic"), Some(src.join("internal/runtime/atomic")));
    assert_eq!(index.resolve(&os, "golang.org/x/sys/cpu"), Some(src.join("vendor/golang.org/x/sys/cpu")));
    assert_eq!(index.resolve(&src.join("cmd/compile"), "os"), Some(os.clone()), "cmd imports std");
    assert_eq!(index.resolve(&src.join("cmd/compile"), "cmd/internal/obj"), Some(src.join("cmd/internal/obj")));
    assert_eq!(index.resolve(&os, "missing"), None);
    // `cmd` is its own module: std does not reach into it by a std-style path.
    assert_eq!(index.resolve(&os, "cmd/go.mod"), None);
    assert_eq!(index.resolve(&os, "C"), None);
}

/// Outside a Go checkout, a dotless import path is the toolchain's standard library, which
/// is not in the tree.
#[test]
fn standard_library_outside_a_checkout_is_not_resolved() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("repo");
    write(&root, "go.mod", "module example.com/m\n");
    let dirs = vec![go_pkg(&root, "a", "a"), go_pkg(&root, "runtime", "runtime")];
    let index = ModuleIndex::build(&dirs);
    assert_eq!(index.resolve(&root.join("a"), "runtime"), None);
}
