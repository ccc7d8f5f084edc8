//! The Go APIs that matter to the race detector: conversions, keep-alive calls, allocators.

mod common;

use blindspot_analysis::allocators::{self, Origin};
use blindspot_analysis::api::{self, KeepAlive};
use blindspot_analysis::Imports;
use blindspot_go::model::*;
use common::*;

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
fn cgo_preamble_allocators() {
    let c = "#include <stdlib.h>\n#include <string.h>\nstatic int counter;\nstatic char *new_buf(size_t n) {\n  char *b = malloc(n);\n  if (b) memset(b, 0, n);\n  return b;\n}\nstatic int *static_slot(void) { return &counter; }\nvoid fill(char *p, int n) { for (int i = 0; i < n; i++) { p[i] = 1; } }\nstatic struct rec *rec_new(void) { return calloc(1, sizeof(struct rec)); }\n";
    let index = blindspot_go::cfront::CIndex::of(c);
    let allocating: Vec<&str> =
        ["new_buf", "static_slot", "fill", "rec_new"].into_iter().filter(|f| index.allocates(f)).collect();
    assert_eq!(allocating, ["new_buf", "rec_new"]);
    let pkg = package(&[(
        "a.go",
        "package p\n\n// #include <stdlib.h>\n// static char *mk(int n) { return malloc(n); }\n// static char *stat(void) { static char s[8]; return s; }\nimport \"C\"\n\nimport \"syscall\"\n\nfunc f() {\n\t_ = C.mk(1)\n\t_ = C.stat()\n\t_ = C.CString(\"x\")\n\t_ = C.GoBytes(nil, 1)\n\t_, _ = syscall.Mmap(0, 0, 1, 0, 0)\n}\n",
    )]);
    assert!(pkg.files[0].cgo_preamble.contains("static char *mk(int n)"));
    let origins: Vec<Option<Origin>> = pkg
        .expr_ids()
        .filter(|&e| matches!(pkg.expr(e).kind, ExprKind::Call { .. }))
        .map(|c| allocators::allocation(&pkg, Imports::none(), c))
        .collect();
    assert_eq!(origins, vec![Some(Origin::CHeap), None, Some(Origin::CHeap), None, Some(Origin::Mmap)]);
}

#[test]
fn raw_syscalls_through_aliases_and_dot_imports() {
    let pkg = package(&[(
        "a.go",
        "package p\nimport (\n\tsys \"syscall\"\n\t. \"golang.org/x/sys/unix\"\n\t\"os\"\n)\nfunc f() { sys.Syscall(1, 2, 3, 4); RawSyscall(1, 2, 3, 4); os.Getpid() }\n",
    )]);
    let calls: Vec<Option<String>> = pkg
        .expr_ids()
        .filter(|&e| matches!(pkg.expr(e).kind, ExprKind::Call { .. }))
        .map(|c| api::raw_syscall(&pkg, c))
        .collect();
    assert_eq!(calls, vec![Some("sys.Syscall".to_string()), Some("RawSyscall".to_string()), None]);
}
