//! Unit tests of the semantic model: for small sources, what lowering computes.

use std::sync::Arc;

use blindspot_go::api::{self, KeepAlive};
use blindspot_go::keepalive::{self, Step};
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
    assert!(calls[..2].iter().all(|&c| api::raw_syscall(&pkg, c).is_some()));
    assert_eq!(assumed_package_name("k8s.io/client-go/v2"), "client");
}

#[test]
fn functions_directives_receivers_and_bodies() {
    let pkg = package(&[(
        "a.go",
        "package p\n\n// Doc comment.\n//go:norace\nfunc hot() {}\n\n//export goCallback\nfunc goCallback(n int) {}\n\nfunc asm(x uintptr) uintptr\n\n//go:uintptrescapes\n\nfunc notAttached(p uintptr) {}\n\ntype T struct{ mu sync.Mutex; n int }\nfunc (t *T) Inc(delta ...int) { f := func(a, b int) {}; _ = f }\n",
    )]);
    let by_name = |n: &str| pkg.funcs.iter().find(|f| f.name.as_deref() == Some(n)).unwrap();
    assert!(by_name("hot").has_directive("go:norace"));
    assert!(by_name("goCallback").has_directive("export"));
    assert!(!by_name("asm").has_body);
    assert!(by_name("notAttached").directives.is_empty(), "a blank line detaches the directive");
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
fn conversions_and_unsafe_pointers() {
    let pkg = package(&[(
        "a.go",
        "package p\nimport \"unsafe\"\ntype hdr struct{ data unsafe.Pointer }\nfunc f(b []byte, h *hdr) {\n\tp := unsafe.Pointer(&b[0])\n\t_ = uintptr(p)\n\t_ = uintptr(h.data)\n\t_ = uintptr(len(b))\n\t_ = (*[4]byte)(p)\n\t_ = []byte(\"x\")\n\tvar uintptr = func(x unsafe.Pointer) int { return 0 }\n\t_ = uintptr(p)\n}\n",
    )]);
    let convs: Vec<ExprId> = pkg.expr_ids().filter(|&e| matches!(pkg.expr(e).kind, ExprKind::Call { .. })).collect();
    let texts: Vec<(&str, Option<String>, bool)> = convs
        .iter()
        .map(|&c| (pkg.text(pkg.expr(c).span), pkg.conversion_type(c), api::pointer_to_uintptr(&pkg, c).is_some()))
        .collect();
    assert!(texts.contains(&("uintptr(p)", Some("uintptr".into()), true)));
    assert!(texts.contains(&("uintptr(h.data)", Some("uintptr".into()), true)));
    assert!(texts.contains(&("uintptr(len(b))", Some("uintptr".into()), false)));
    assert!(texts.contains(&("(*[4]byte)(p)", Some("*[4]byte".into()), false)), "{texts:?}");
    assert!(texts.contains(&("[]byte(\"x\")", Some("[]byte".into()), false)));
    let shadowed = texts.iter().filter(|t| t.0 == "uintptr(p)").collect::<Vec<_>>();
    assert_eq!(shadowed.len(), 2);
    assert_eq!(shadowed[1].1, None, "a local named uintptr is not the type");
}

#[test]
fn keep_alive_calls() {
    let pkg = package(&[(
        "a.go",
        "package p\nimport (\n\t\"syscall\"\n\t\"golang.org/x/sys/windows\"\n)\nvar mod = windows.NewLazySystemDLL(\"k.dll\")\nvar proc = mod.NewProc(\"F\")\nfunc asm(a uintptr)\n//go:uintptrescapes\nfunc esc(a uintptr) {}\nfunc plain(a uintptr) {}\nfunc f() {\n\tproc.Call(1)\n\tsyscall.Syscall(1, 2, 3, 4)\n\tasm(1)\n\tesc(1)\n\tplain(1)\n\td, _ := syscall.LoadDLL(\"x\")\n\tq, _ := d.FindProc(\"y\")\n\tq.Call(2)\n}\n",
    )]);
    let kinds: Vec<Option<KeepAlive>> = pkg
        .expr_ids()
        .filter(|&e| matches!(pkg.expr(e).kind, ExprKind::Call { .. }) && pkg.expr(e).owner.is_some())
        .map(|c| api::keep_alive(&pkg, c))
        .collect();
    let esc = pkg.globals["esc"];
    let asm = pkg.globals["asm"];
    let (Global::Func(esc), Global::Func(asm)) = (esc, asm) else { panic!() };
    assert_eq!(
        kinds,
        vec![
            Some(KeepAlive::ProcCall(false)),
            Some(KeepAlive::RawSyscall("syscall.Syscall".into())),
            Some(KeepAlive::Assembly(asm)),
            Some(KeepAlive::UintptrEscapes(esc)),
            None,
            None,
            None,
            Some(KeepAlive::ProcCall(false)),
        ]
    );
}

#[test]
fn escapes_record_the_path_to_the_consuming_call() {
    let pkg = package(&[
        ("w.go", "package p\nimport \"syscall\"\nfunc wrap(a uintptr) { inner(a) }\nfunc inner(b uintptr) { syscall.Syscall(1, b, 0, 0) }\n"),
        (
            "c.go",
            "package p\nimport (\n\t\"syscall\"\n\t\"unsafe\"\n)\nfunc use(x *int) {\n\twrap(uintptr(unsafe.Pointer(x)))\n\taddr := uintptr(unsafe.Pointer(x))\n\tsyscall.Syscall(1, addr, 0, 0)\n\tsyscall.Syscall(1, uintptr(unsafe.Pointer(x)), 0, 0)\n}\n",
        ),
    ]);
    let escapes = keepalive::escapes(&pkg);
    assert_eq!(escapes.len(), 2);
    let first = &escapes[0];
    assert!(
        matches!(&first.steps[..], [Step::Wrapper { .. }, Step::Wrapper { .. }, Step::Consumed { .. }]),
        "{:?}",
        first.steps
    );
    assert!(!first.heuristic);
    let second = &escapes[1];
    assert!(
        matches!(&second.steps[..], [Step::Stored { target, .. }, Step::Consumed { .. }] if target == "variable `addr`")
    );
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
    assert!(keepalive::escapes(&pkg).is_empty());
}

#[test]
fn cgo_preamble_allocators() {
    let c = "#include <stdlib.h>\n#include <string.h>\nstatic int counter;\nstatic char *new_buf(size_t n) {\n  char *b = malloc(n);\n  if (b) memset(b, 0, n);\n  return b;\n}\nstatic int *static_slot(void) { return &counter; }\nvoid fill(char *p, int n) { for (int i = 0; i < n; i++) { p[i] = 1; } }\nstatic struct rec *rec_new(void) { return calloc(1, sizeof(struct rec)); }\n";
    assert_eq!(api::preamble_allocators(c), vec!["new_buf".to_string(), "rec_new".to_string()]);
    let pkg = package(&[(
        "a.go",
        "package p\n\n// #include <stdlib.h>\n// static char *mk(int n) { return malloc(n); }\n// static char *stat(void) { static char s[8]; return s; }\nimport \"C\"\n\nimport \"syscall\"\n\nfunc f() {\n\t_ = C.mk(1)\n\t_ = C.stat()\n\t_ = C.CString(\"x\")\n\t_ = C.GoBytes(nil, 1)\n\t_, _ = syscall.Mmap(0, 0, 1, 0, 0)\n}\n",
    )]);
    assert!(pkg.files[0].cgo_preamble.contains("static char *mk(int n)"));
    let origins: Vec<Option<api::Origin>> = pkg
        .expr_ids()
        .filter(|&e| matches!(pkg.expr(e).kind, ExprKind::Call { .. }))
        .map(|c| api::allocation(&pkg, c))
        .collect();
    assert_eq!(origins, vec![Some(api::Origin::CHeap), None, Some(api::Origin::CHeap), None, Some(api::Origin::Mmap)]);
}
