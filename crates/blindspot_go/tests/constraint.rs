//! Build constraints (`blindspot_go::constraint`): reading them as `go/build` does, and
//! whether files can be built together.

use blindspot_go::constraint::{compatible, of_header, of_name, Config, Constraint};

fn config(goos: &str, goarch: &str, tags: &[&str]) -> Config {
    Config { goos: goos.into(), goarch: goarch.into(), tags: tags.iter().map(|t| t.to_string()).collect() }
}

fn file(name: &str, text: &str) -> Constraint {
    Constraint::of_file(name, text)
}

#[test]
fn file_name_suffixes() {
    let linux_amd64 = config("linux", "amd64", &[]);
    let plan9_386 = config("plan9", "386", &[]);
    for (name, on_linux_amd64, on_plan9_386) in [
        ("exec_linux.go", true, false),
        ("exec_plan9.go", false, true),
        ("zsyscall_linux_amd64.go", true, false),
        ("zsyscall_netbsd_arm64.go", false, false),
        ("asm_386.s", false, true),
        ("sys_linux_test.go", true, false),
        ("linux.go", true, true),
        ("os_fake.go", true, true),
        ("x_amd64_test.go", true, false),
        ("dir/sub/file_windows.go", false, false),
        // C and Objective-C files beside the Go code take the same suffixes.
        ("ring_linux.c", true, false),
        ("notes_plan9_386.c", false, true),
        ("view_ios.m", false, false),
        ("bridge.m", true, true),
    ] {
        let c = of_name(name);
        assert_eq!(c.holds(&linux_amd64), on_linux_amd64, "{name} on linux/amd64");
        assert_eq!(c.holds(&plan9_386), on_plan9_386, "{name} on plan9/386");
    }
}

#[test]
fn go_build_lines() {
    let c = of_header("// Copyright\n\n//go:build (linux || darwin) && !cgo\n\npackage p\n");
    assert!(c.holds(&config("linux", "arm64", &[])));
    assert!(!c.holds(&config("linux", "arm64", &["cgo"])));
    assert!(!c.holds(&config("windows", "amd64", &[])));
    let unix = of_header("//go:build unix\n\npackage p\n");
    assert!(unix.holds(&config("freebsd", "amd64", &[])));
    assert!(!unix.holds(&config("plan9", "amd64", &[])));
    assert!(!unix.holds(&config("js", "wasm", &[])));
    // Implied tags and releases.
    assert!(of_header("//go:build linux\npackage p").holds(&config("android", "arm64", &[])));
    assert!(of_header("//go:build go1.21 && gc\npackage p").holds(&config("linux", "amd64", &[])));
    assert!(!of_header("//go:build ignore\npackage p").holds(&config("linux", "amd64", &[])));
    // After the package clause, a build line is only a comment.
    assert_eq!(of_header("package p\n\n//go:build linux\n"), Constraint::Always);
    // `//go:build` wins over `// +build`.
    let both = of_header("//go:build linux\n// +build windows\n\npackage p\n");
    assert!(both.holds(&config("linux", "amd64", &[])));
}

#[test]
fn plus_build_lines() {
    let c = of_header("/* license\n   text */\n// +build linux,386 darwin,!cgo\n// +build !race\n\npackage p\n");
    assert!(c.holds(&config("linux", "386", &[])));
    assert!(!c.holds(&config("linux", "amd64", &[])));
    assert!(c.holds(&config("darwin", "arm64", &[])));
    assert!(!c.holds(&config("darwin", "arm64", &["cgo"])));
    assert!(!c.holds(&config("linux", "386", &["race"])));
}

#[test]
fn malformed_or_hostile_lines_constrain_nothing() {
    for text in [
        "//go:build linux &&\npackage p",
        "//go:build (linux\npackage p",
        "//go:build linux & darwin\npackage p",
        "//go:build $x\npackage p",
    ] {
        assert_eq!(of_header(text), Constraint::Always, "{text}");
    }
    let deep = format!("//go:build {}linux{}\npackage p", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(of_header(&deep), Constraint::Always);
    let long = format!("//go:build linux{}\npackage p", " && linux".repeat(100_000));
    assert_eq!(of_header(&long), Constraint::Always);
    let nots = format!("//go:build {}linux\npackage p", "!".repeat(100_000));
    assert_eq!(of_header(&nots), Constraint::Always);
    let plus = format!("// +build {}\npackage p", "a,".repeat(100_000));
    assert_eq!(of_header(&plus), Constraint::Always);
}

#[test]
fn files_built_together() {
    let linux = file("exec_linux.go", "package syscall");
    let plan9 = file("exec_plan9.go", "package syscall");
    let unix = file("exec_unix.go", "//go:build unix\n\npackage syscall");
    let any = file("exec.go", "package syscall");
    let cgo = file("cgo_on.go", "//go:build cgo\npackage p");
    let no_cgo = file("cgo_off.go", "//go:build !cgo\npackage p");
    let race = file("race_on.go", "//go:build race\npackage p");
    let netbsd_arm64 = file("zsyscall_netbsd_arm64.go", "package unix");
    let freebsd = file("syscall_freebsd.go", "package unix");
    assert!(!compatible(&[&linux, &plan9]));
    assert!(compatible(&[&linux, &unix, &any]));
    assert!(!compatible(&[&plan9, &unix]));
    assert!(!compatible(&[&cgo, &no_cgo]));
    assert!(compatible(&[&cgo, &race, &linux]));
    assert!(!compatible(&[&netbsd_arm64, &freebsd]));
    assert!(compatible(&[]));
}

#[test]
fn restricting_a_run_to_one_configuration() {
    use blindspot_go::constraint::Restriction;
    let linux = Restriction::new(Some("linux".into()), None, vec!["cgo".into()]).unwrap();
    assert!(linux.builds(&of_name("x_linux_arm64.go")));
    assert!(!linux.builds(&of_name("x_windows.go")));
    assert!(linux.builds(&of_header("//go:build unix && cgo\npackage p")));
    assert!(!linux.builds(&of_header("//go:build !cgo\npackage p")));
    assert!(!linux.builds(&of_header("//go:build experiment\npackage p")));
    assert!(linux.builds(&Constraint::Always));
    let any_os = Restriction::new(None, Some("wasm".into()), vec![]).unwrap();
    assert!(any_os.builds(&of_name("x_js.go")));
    assert!(!any_os.builds(&of_name("x_amd64.go")));
    assert!(Restriction::new(Some("linus".into()), None, vec![]).unwrap_err().contains("unknown GOOS"));
    assert!(Restriction::new(None, Some("x87".into()), vec![]).unwrap_err().contains("unknown GOARCH"));
    assert!(Restriction::new(None, None, vec!["a b".into()]).is_err());
}
