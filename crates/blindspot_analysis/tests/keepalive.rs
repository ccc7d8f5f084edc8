//! Where `uintptr(unsafe.Pointer(x))` values go: the keep-alive pass behind BS202.

mod common;

use blindspot_analysis::keepalive::{Step, Store, KEEPALIVE};
use blindspot_analysis::{Cx, Imports};
use common::*;

#[test]
fn escapes_record_the_path_to_the_consuming_call() {
    let pkg = package(&[
        ("w.go", "package p\nimport \"syscall\"\nfunc wrap(a uintptr) { inner(a) }\nfunc inner(b uintptr) { syscall.Syscall(1, b, 0, 0) }\n"),
        (
            "c.go",
            "package p\nimport (\n\t\"syscall\"\n\t\"unsafe\"\n)\nfunc use(x *int) {\n\twrap(uintptr(unsafe.Pointer(x)))\n\taddr := uintptr(unsafe.Pointer(x))\n\tsyscall.Syscall(1, addr, 0, 0)\n\tsyscall.Syscall(1, uintptr(unsafe.Pointer(x)), 0, 0)\n}\n",
        ),
    ]);
    let cx = Cx::new(&pkg, Imports::none());
    let escapes = cx.result(&KEEPALIVE);
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
        matches!(&second.steps[..], [Step::Stored { target: Store::Variable(v), .. }, Step::Consumed { .. }] if v == "addr")
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let n = 50_000;
    let src = format!(
        "package p\nimport (\n\t\"syscall\"\n\t\"unsafe\"\n)\nvar x = {}uintptr(unsafe.Pointer(&y)){}\nvar y int\nfunc f() {{ syscall.Syscall(1, {}1, 0, 0) }}\n",
        "(".repeat(n),
        ")".repeat(n),
        "1+".repeat(n)
    );
    let pkg = package(&[("a.go", &src)]);
    let cx = Cx::new(&pkg, Imports::none());
    assert!(cx.result(&KEEPALIVE).is_empty());
}
