//! Unit tests of the semantic model: for small sources, what lowering computes.

use std::sync::Arc;

use blindspot_go::load::LoadedFile;
use blindspot_go::model::*;

fn package(files: &[(&str, &str)]) -> Package {
    let loaded: Vec<LoadedFile> = files
        .iter()
        .map(|(name, text)| LoadedFile {
            path: name.into(),
            display: Arc::from(*name),
            text: Arc::from(*text),
            reported: true,
        })
        .collect();
    blindspot_go::build_package("p", Arc::from("."), &loaded)
}

/// The expressions whose source text is exactly `text`, in source order.
fn exprs_with_text(pkg: &Package, text: &str) -> Vec<ExprId> {
    let mut ids: Vec<ExprId> = pkg.expr_ids().filter(|&e| pkg.text(pkg.expr(e).span) == text).collect();
    ids.sort_by_key(|&e| pkg.expr(e).span.start);
    ids
}

fn binding_of(pkg: &Package, e: ExprId) -> BindingId {
    match pkg.resolve(e) {
        Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) => b,
        other => panic!("`{}` resolves to {other:?}", pkg.text(pkg.expr(e).span)),
    }
}

#[test]
fn shadowing_and_scopes() {
    let pkg = package(&[(
        "a.go",
        "package p\nvar x = 1\nfunc f(x int) int {\n\tif x := x + 1; x > 0 {\n\t\treturn x\n\t}\n\tfor _, x := range []int{x} {\n\t\t_ = x\n\t}\n\treturn x\n}\nfunc g() int { return x }\n",
    )]);
    let uses = exprs_with_text(&pkg, "x");
    let kinds: Vec<BindingKind> = uses.iter().map(|&e| pkg.binding(binding_of(&pkg, e)).kind).collect();
    // var x, param x, `if x :=` (declared), its init reads the param, `x > 0` and `return x`
    // read the if-scoped x, the range's operand reads the param, the range var, `_ = x`,
    // `return x` (param), g's x (package var).
    let b = |i: usize| binding_of(&pkg, uses[i]);
    let param = pkg.func(FuncId(0)).params[0].binding.unwrap();
    assert_eq!(pkg.binding(param).kind, BindingKind::Param);
    assert!(kinds.contains(&BindingKind::Range));
    let last_in_f = uses.iter().rposition(|&e| pkg.expr(e).owner == Some(FuncId(0))).unwrap();
    assert_eq!(b(last_in_f), param, "after the if and for scopes, x is the parameter again");
    let in_g = *uses.last().unwrap();
    assert_eq!(pkg.resolve(in_g), Some(Resolved::Global(pkg.globals["x"])));
    let if_x = uses
        .iter()
        .find(|&&e| pkg.binding(binding_of(&pkg, e)).kind == BindingKind::Var && pkg.expr(e).owner.is_some());
    assert!(if_x.is_some(), "the if statement declares its own x");
}

#[test]
fn imports_aliases_dot_and_qualified_names() {
    let pkg = package(&[(
        "a.go",
        "package p\nimport (\n\tsys \"syscall\"\n\t. \"golang.org/x/sys/unix\"\n\t\"github.com/mattn/go-sqlite3\"\n\tyaml \"gopkg.in/yaml.v3\"\n)\nfunc f() { sys.Syscall(1, 2, 3, 4); Syscall(1, 2, 3, 4); sqlite3.Open(); yaml.Marshal() }\n",
    )]);
    let imports = &pkg.files[0].imports;
    let names: Vec<Option<&str>> = imports.iter().map(|i| i.local_name()).collect();
    assert_eq!(names, vec![Some("sys"), None, Some("sqlite3"), Some("yaml")]);
    let calls: Vec<ExprId> = pkg.expr_ids().filter(|&e| matches!(pkg.expr(e).kind, ExprKind::Call { .. })).collect();
    let callees: Vec<Option<(&str, &str)>> = calls
        .iter()
        .map(|&c| match &pkg.expr(c).kind {
            ExprKind::Call { func, .. } => pkg.qualified_name(*func),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        callees,
        vec![
            Some(("syscall", "Syscall")),
            Some(("golang.org/x/sys/unix", "Syscall")),
            Some(("github.com/mattn/go-sqlite3", "Open")),
            Some(("gopkg.in/yaml.v3", "Marshal")),
        ]
    );
    assert_eq!(assumed_package_name("k8s.io/client-go/v2"), "client");
}

#[test]
fn functions_directives_receivers_and_bodies() {
    let pkg = package(&[(
        "a.go",
        "package p\n\n// Doc comment.\n//go:norace\nfunc hot() {}\n\n//export goCallback\nfunc goCallback(n int) {}\n\nfunc asm(x uintptr) uintptr\n\n//go:uintptrescapes\n\nfunc attached(p uintptr) {}\n\n//export detached\n\nfunc detached() {}\n\ntype T struct{ mu sync.Mutex; n int }\nfunc (t *T) Inc(delta ...int) { f := func(a, b int) {}; _ = f }\n",
    )]);
    let by_name = |n: &str| pkg.funcs.iter().find(|f| f.name.as_deref() == Some(n)).unwrap();
    assert!(by_name("hot").has_directive("go:norace"));
    assert!(by_name("goCallback").has_directive("export"));
    assert!(!by_name("asm").has_body);
    // The compiler applies a //go: directive to the next declaration across blank lines;
    // cgo reads //export only from the doc comment right above the function.
    assert!(by_name("attached").has_directive("go:uintptrescapes"), "a blank line does not detach //go:");
    assert!(by_name("detached").directives.is_empty(), "a blank line detaches //export");
    let inc = by_name("Inc");
    let recv = inc.receiver.as_ref().unwrap();
    assert_eq!((recv.type_name.as_str(), recv.pointer), ("T", true));
    assert!(inc.params[0].variadic);
    assert_eq!(inc.param_for_arg(3), Some(0), "the variadic parameter absorbs the rest");
    assert_eq!(pkg.methods["Inc"].len(), 1);
    let lit = pkg.funcs.iter().find(|f| f.name.is_none()).unwrap();
    assert_eq!(lit.params.len(), 2);
    assert_eq!(
        pkg.structs[0].fields,
        vec![("mu".to_string(), TypeText("sync.Mutex".into())), ("n".into(), TypeText("int".into()))]
    );
}

#[test]
fn statements_loops_parents_and_go() {
    let pkg = package(&[(
        "a.go",
        "package p\nfunc f(ch chan int) {\n\tn := 0\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { n++ }()\n\t}\n\tselect { case v, ok := <-ch: _, _ = v, ok }\n\tdefer close(ch)\n\treturn\n}\n",
    )]);
    let go = pkg.stmts.iter().find(|s| matches!(s.kind, StmtKind::Go(_))).unwrap();
    assert_eq!(go.loop_depth, 1);
    let inc = pkg
        .stmts
        .iter()
        .find(|s| matches!(s.kind, StmtKind::IncDec { target, .. } if pkg.text(pkg.expr(target).span) == "n"))
        .unwrap();
    assert_ne!(inc.owner, go.owner, "the increment belongs to the literal");
    let lit = inc.owner.unwrap();
    assert_eq!(pkg.func(lit).parent, go.owner);
    let StmtKind::IncDec { target, .. } = inc.kind else { unreachable!() };
    let n_decl = pkg.bindings.iter().position(|b| b.name == "n").unwrap();
    assert_eq!(pkg.resolve(target), Some(Resolved::Local(BindingId(n_decl as u32))), "captured variable");
    let recv = pkg.stmts.iter().find(|s| matches!(&s.kind, StmtKind::Assign { op: AssignOp::Define, rhs, .. } if rhs.len() == 1 && matches!(pkg.expr(rhs[0]).kind, ExprKind::Unary { op: UnaryOp::Recv, .. }))).unwrap();
    let StmtKind::Assign { lhs, .. } = &recv.kind else { unreachable!() };
    assert_eq!(lhs.len(), 2);
    // Parents: the call `close(ch)` belongs to the defer statement.
    let close = exprs_with_text(&pkg, "close(ch)")[0];
    assert!(matches!(pkg.expr(close).parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Defer(_))));
}

#[test]
fn syntax_errors_are_recorded_and_the_rest_is_lowered() {
    let pkg = package(&[("a.go", "package p\nfunc broken() { x := ; }\nfunc fine() int { return 1 }\n")]);
    assert!(!pkg.files[0].syntax_errors.is_empty());
    assert!(pkg.globals.contains_key("fine"));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let n = 50_000;
    let src = format!(
        "package p\nvar x = {}1{}\nfunc f() int {{ return {}1 }}\n",
        "(".repeat(n),
        ")".repeat(n),
        "1+".repeat(n)
    );
    let pkg = package(&[("a.go", &src)]);
    assert!(pkg.exprs.len() > n);
}

/// Go 1.18–1.27 syntax that `tree-sitter-go` 0.25 rejected or misread: each line parses,
/// and lowers to what the analysis needs.
#[test]
fn current_go_syntax_parses_and_lowers_as_go_ast_reads_it() {
    let src = "package p

import \"iter\"

type pair[K, V any] struct{ k K; v V }

type Pair[K any] = pair[K, int]

func g[T any](x T) T { return x }

func seq(n int) iter.Seq[int] { return func(yield func(int) bool) {} }

func f(n int) int {
	p := new(42)
	q := new(int32(1))
	r := new(g(n))
	if ; n > 0 {
		n--
	}
	switch ; n {
	}
	for i := range 10 {
		n += i
	}
	for v := range seq(n) {
		n += v
	}
	make := func(k int) []int { return nil }
	s := make(n - 1)
	h := g[int](n)
	var a Pair[string]
	_, _, _, _, _ = p, q, s, h, a
	return min(n, *r, max(1, 2))
}
";
    let pkg = package(&[("a.go", src)]);
    assert!(pkg.files[0].syntax_errors.is_empty(), "{:?}", pkg.files[0].syntax_errors);
    // `new(expr)` takes an expression: its argument is lowered as one, not as a type.
    for (call, arg) in [("new(42)", "42"), ("new(int32(1))", "int32(1)"), ("new(g(n))", "g(n)")] {
        let id = exprs_with_text(&pkg, call)[0];
        let ExprKind::Call { func, args, .. } = &pkg.expr(id).kind else { panic!("{call} is not a call") };
        assert!(pkg.is_builtin(*func, "new"), "{call}");
        assert_eq!(pkg.text(pkg.expr(args[0]).span), arg);
        assert!(!matches!(pkg.expr(args[0]).kind, ExprKind::Type(_)), "{call}: argument read as a type");
    }
    // A local `make` takes the builtin's place: `make(n - 1)` calls the literal.
    let local_make = exprs_with_text(&pkg, "make(n - 1)")[0];
    let ExprKind::Call { func, args, .. } = &pkg.expr(local_make).kind else { panic!() };
    assert!(matches!(pkg.resolve(*func), Some(Resolved::Local(_))));
    assert!(!pkg.is_builtin(*func, "make"));
    assert!(matches!(pkg.expr(args[0]).kind, ExprKind::Binary { .. }));
    // `g[int](n)` is the generic function g, instantiated.
    let inst = exprs_with_text(&pkg, "g[int](n)")[0];
    let ExprKind::Call { func, .. } = &pkg.expr(inst).kind else { panic!() };
    let g = pkg.globals["g"];
    assert_eq!(pkg.callee_func(*func).map(|(f, _)| Global::Func(f)), Some(g));
    // Both range loops are loops, over an integer and over a function.
    let overs: Vec<&str> = pkg
        .stmts
        .iter()
        .filter_map(|s| match s.kind {
            StmtKind::Range { over, .. } => Some(pkg.text(pkg.expr(over).span)),
            _ => None,
        })
        .collect();
    assert_eq!(overs, ["10", "seq(n)"]);
    // The statements inside `if ;`, `for range 10` and the range-over-func loop are lowered.
    let loops: Vec<u32> = pkg
        .stmts
        .iter()
        .filter(|s| matches!(s.kind, StmtKind::IncDec { .. } | StmtKind::Assign { op: AssignOp::Compound(_), .. }))
        .map(|s| s.loop_depth)
        .collect();
    assert_eq!(loops, [0, 1, 1], "n--, and n += in each loop");
    // The generic alias is a type of the package.
    assert!(matches!(pkg.globals.get("Pair"), Some(Global::Type)));
}

/// The functions an assembly file defines for its package: `TEXT ·name(SB)` in its forms,
/// nothing else.
#[test]
fn assembly_symbols_are_the_text_symbols_of_the_package() {
    let text = "#include \"textflag.h\"\n\
        // TEXT ·commented(SB) is a comment\n\
        TEXT ·plain(SB),NOSPLIT,$0-8\n\
        TEXT\t·tabbed(SB), $0\n\
        \tTEXT ·indented<ABIInternal>(SB),NOSPLIT,$0\n\
        TEXT runtime·qualified(SB),NOSPLIT,$0\n\
        TEXT _rt0_amd64(SB),NOSPLIT,$0\n\
        DATA ·table+0(SB)/8, $1\n\
        GLOBL ·table(SB), RODATA, $8\n\
        TEXTX ·not(SB)\n\
        #define TEXT_LIKE ·macro\n";
    assert_eq!(blindspot_go::model::assembly_symbols(text), ["plain", "tabbed", "indented", "qualified"]);
}

/// A package `init` function cannot be referred to; a method named `init` can.
#[test]
fn a_method_named_init_is_a_method() {
    let pkg = package(&[(
        "a.go",
        "package p\n\nfunc init() {}\n\ntype cache struct{}\n\nfunc (c *cache) init() {}\n\nfunc use(c *cache) { c.init() }\n",
    )]);
    assert_eq!(pkg.methods.get("init").map(Vec::len), Some(1));
    assert!(!pkg.globals.contains_key("init"));
}

#[test]
fn types_from_declarations() {
    let src = r#"package p

import (
	"os"
	"unsafe"
)

type Header struct {
	buf []byte
}

type Conn struct {
	Header
	peers map[string]*Conn
	ring  [4]*Header
	fd    *os.File
}

type Conns []*Conn

type Alias = Conn

type Sym int

type Count = Sym

func (c *Conn) Close() error { return nil }

func (h *Header) Reset() {}

func newConn() *Conn { return &Conn{} }

func pair() (*Conn, error) { return nil, nil }

func use(cs Conns, p unsafe.Pointer) {
	c := newConn()
	d, err := pair()
	var a Alias
	for _, e := range cs {
		_ = e.peers["x"].ring[0].buf
	}
	q := (*Conn)(p)
	_, _, _ = c.buf, d.fd, err
	c.Close()
	c.fd.Close()
	a.Reset()
	_ = q.Header.buf[1:]
	_ = <-make(chan *Header)
}
"#;
    let pkg = package(&[("a.go", src)]);
    let ty = |text: &str| pkg.types.of(exprs_with_text(&pkg, text)[0]).map(str::to_string);
    assert_eq!(ty("newConn()").as_deref(), Some("*Conn"));
    assert_eq!(ty("d").as_deref(), Some("*Conn"));
    assert_eq!(ty("err").as_deref(), Some("error"));
    assert_eq!(ty("e").as_deref(), Some("*Conn"), "range over a named slice type");
    assert_eq!(ty("e.peers").as_deref(), Some("map[string]*Conn"));
    assert_eq!(ty("e.peers[\"x\"]").as_deref(), Some("*Conn"), "map index");
    assert_eq!(ty("e.peers[\"x\"].ring[0]").as_deref(), Some("*Header"), "array index");
    assert_eq!(ty("e.peers[\"x\"].ring[0].buf").as_deref(), Some("[]byte"));
    assert_eq!(ty("q").as_deref(), Some("*Conn"), "conversion");
    assert_eq!(ty("c.buf").as_deref(), Some("[]byte"), "promoted field");
    assert_eq!(ty("q.Header.buf[1:]").as_deref(), Some("[]byte"));
    assert_eq!(ty("<-make(chan *Header)").as_deref(), Some("*Header"));
    assert_eq!(ty("c.fd").as_deref(), Some("*os.File"));
    // Fields belong to the struct that declares them, through embedding and aliases.
    assert_eq!(pkg.field_owner(exprs_with_text(&pkg, "c.buf")[0]).as_deref(), Some("Header"));
    assert_eq!(pkg.field_owner(exprs_with_text(&pkg, "d.fd")[0]).as_deref(), Some("Conn"));
    // Methods resolve through the receiver's type: `c.fd.Close()` is os.File's, not ours.
    let callee = |text: &str| {
        let ExprKind::Call { func, .. } = &pkg.expr(exprs_with_text(&pkg, text)[0]).kind else { panic!("{text}") };
        pkg.callee_func(*func).map(|(f, guessed)| (pkg.func(f).display_name(), guessed))
    };
    assert_eq!(callee("c.Close()"), Some(("(*Conn).Close".to_string(), false)));
    assert_eq!(callee("c.fd.Close()"), None);
    assert_eq!(callee("a.Reset()"), Some(("(*Header).Reset".to_string(), false)), "promoted through an alias");
    // Numbers never hold a pointer; uintptr (rule 3) and strings (unsafe.String) can.
    for t in ["int", "int64", "bool", "byte", "Sym", "Count"] {
        assert!(pkg.is_scalar(t), "{t}");
    }
    for t in ["uintptr", "string", "unsafe.Pointer", "*int", "[]byte", "Conn", "Conns"] {
        assert!(!pkg.is_scalar(t), "{t}");
    }
}

/// The struct types written out in composite literals' types keep their field names in
/// order: a table of cases written by position says which value is which field only
/// through them.
#[test]
fn literal_struct_types_keep_their_field_names() {
    let pkg = package(&[(
        "a.go",
        "package p\n\nfunc f() {\n\tcases := []struct {\n\t\tname  string\n\t\tin, out []byte\n\t\t*T\n\t}{\n\t\t{\"a\", nil, nil, nil},\n\t}\n\t_ = cases\n\tm := map[string]struct{ n int }{}\n\t_ = m\n}\n\ntype T struct{}\n",
    )]);
    let mut names: Vec<Vec<String>> = pkg.literal_structs.values().cloned().collect();
    names.sort();
    assert_eq!(names, vec![vec!["n".to_string()], ["name", "in", "out", "T"].map(String::from).to_vec()]);
    assert!(pkg.literal_structs.contains_key("struct{namestringin,out[]byte*T}"), "{:?}", pkg.literal_structs.keys());
}
