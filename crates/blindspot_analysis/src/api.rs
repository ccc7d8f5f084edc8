//! What the model knows about the APIs of Go's standard library and golang.org/x/sys that
//! matter to the race detector: raw syscalls, Windows procedure calls, assembly functions.

use blindspot_go::model::*;

/// Import paths whose raw syscall entry points neither annotate their buffers for the race
/// detector nor keep `uintptr` arguments' objects alive unless converted in the call.
pub const SYSCALL_PACKAGES: &[&str] = &["syscall", "golang.org/x/sys/unix", "golang.org/x/sys/windows"];

/// Import paths with a `Mmap` that returns a mapping, and syscall wrappers that hand
/// buffers to the kernel unannotated ([`unannotated_wrapper`]).
pub const MMAP_PACKAGES: &[&str] = &["syscall", "golang.org/x/sys/unix"];

/// The raw syscall entry points of [`SYSCALL_PACKAGES`].
pub const RAW_SYSCALLS: &[&str] = &[
    "Syscall",
    "Syscall6",
    "Syscall9",
    "Syscall12",
    "Syscall15",
    "Syscall18",
    "SyscallN",
    "RawSyscall",
    "RawSyscall6",
    "SyscallNoError",
    "RawSyscallNoError",
];

/// Why a call keeps the objects of its `uintptr(unsafe.Pointer(x))` arguments alive (rule 4
/// of the `unsafe.Pointer` documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepAlive {
    /// `syscall.Syscall`, `unix.RawSyscall6`, ...: the qualified name as written.
    RawSyscall(String),
    /// `(*LazyProc).Call` or `(*Proc).Call`; `true` when the receiver was recognised only
    /// through a name-based guess.
    ProcCall(bool),
    /// A same-package function declared without a body (implemented in assembly, or in Go
    /// elsewhere through `//go:linkname`): the compiler keeps the objects of its `uintptr`
    /// arguments alive either way (`escape.go`: "Assume that uintptr arguments must be held
    /// live across the call").
    Assembly(FuncId),
    /// A same-package function whose declaration carries `//go:uintptrescapes`.
    UintptrEscapes(FuncId),
    /// A same-package function whose declaration carries `//go:uintptrkeepalive` (allowed in
    /// the standard library only: `syscall.SyscallN` and the other Windows entry points).
    UintptrKeepAlive(FuncId),
    /// A function of another analyzed package whose declaration carries
    /// `//go:uintptrescapes` or `//go:uintptrkeepalive` (`purego.SyscallN`), as the call
    /// writes it: its facts say so.
    Imported(String),
}

/// `Some` when `call` is a raw syscall of one of [`SYSCALL_PACKAGES`] (any alias, or a dot
/// import): the name as written.
pub fn raw_syscall(pkg: &Package, call: ExprId) -> Option<String> {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    let (path, member) = pkg.qualified_name(*func)?;
    (SYSCALL_PACKAGES.contains(&path) && RAW_SYSCALLS.contains(&member))
        .then(|| pkg.text(pkg.expr(*func).span).to_string())
}

/// The keep-alive call `call` is, if any.
pub fn keep_alive(pkg: &Package, call: ExprId) -> Option<KeepAlive> {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    if let Some(name) = raw_syscall(pkg, call) {
        return Some(KeepAlive::RawSyscall(name));
    }
    if let ExprKind::Selector { base, field } = &pkg.expr(*func).kind {
        if field == "Call" {
            if let Some(guess) = is_proc(pkg, *base) {
                return Some(KeepAlive::ProcCall(guess));
            }
        }
    }
    let (f, _) = pkg.callee_func(*func)?;
    // Any platform's variant that keeps its arguments alive makes the call safe to write:
    // x/sys/unix declares `Syscall` in assembly on most platforms and in Go on a few.
    let variants = pkg.variants(f);
    if let Some(v) = variants.iter().find(|v| pkg.func(**v).name.is_some() && !pkg.func(**v).has_body) {
        Some(KeepAlive::Assembly(*v))
    } else {
        if let Some(v) = variants.iter().find(|v| pkg.func(**v).has_directive("go:uintptrescapes")) {
            return Some(KeepAlive::UintptrEscapes(*v));
        }
        let v = variants.iter().find(|v| pkg.func(**v).has_directive("go:uintptrkeepalive"))?;
        Some(KeepAlive::UintptrKeepAlive(*v))
    }
}

const PROC_CONSTRUCTORS: &[&str] = &["NewProc", "MustFindProc", "FindProc"];

/// Whether `e` evaluates to a `*LazyProc` or `*Proc` of `syscall` or
/// `golang.org/x/sys/windows`: `Some(false)` when a declared type or a constructor call
/// shows it, `Some(true)` when only a field's name-based type lookup does.
pub fn is_proc(pkg: &Package, e: ExprId) -> Option<bool> {
    // Follow variable initializers, a bounded number of steps (`p := dll.NewProc(..)`).
    let mut e = e;
    for _ in 0..8 {
        let expr = pkg.expr(e);
        match &expr.kind {
            ExprKind::Call { func, .. } => {
                let ExprKind::Selector { field, .. } = &pkg.expr(*func).kind else { return None };
                return PROC_CONSTRUCTORS.contains(&field.as_str()).then_some(false);
            }
            ExprKind::Name { .. } => {
                let b = match pkg.resolve(e)? {
                    Resolved::Local(b) | Resolved::Global(Global::Var(b)) => b,
                    _ => return None,
                };
                let binding = pkg.binding(b);
                if let Some(ty) = &binding.ty {
                    return is_proc_type(pkg, binding.span.file, ty).then_some(false);
                }
                let (init, 0) = binding.init? else { return None };
                e = init;
            }
            ExprKind::Selector { base, field } => {
                if let Some(Resolved::Import(_)) = pkg.resolve(*base) {
                    return None;
                }
                let mut fields = pkg.fields_named(field);
                let (st, ty) = fields.next()?;
                return is_proc_type(pkg, st.span.file, ty).then_some(true);
            }
            _ => return None,
        }
    }
    None
}

fn is_proc_type(pkg: &Package, file: FileId, ty: &TypeText) -> bool {
    ["syscall", "golang.org/x/sys/windows"].iter().any(|path| {
        pkg.type_is(file, ty, path, "LazyProc") == Some(true) || pkg.type_is(file, ty, path, "Proc") == Some(true)
    })
}

/// Whether `e` is visibly an `unsafe.Pointer`: a conversion to it, `unsafe.Add`, a variable
/// or parameter declared (or initialised) as one, a struct field of that type, or a call of
/// a package function returning one.
pub fn is_unsafe_pointer(pkg: &Package, e: ExprId) -> bool {
    let mut e = e;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Call { func, .. } => {
                if let Some((path, member)) = pkg.qualified_name(*func) {
                    return path == "unsafe" && (member == "Pointer" || member == "Add");
                }
                let Some((f, _)) = pkg.callee_func(*func) else { return false };
                let results = &pkg.func(f).results;
                return results.len() == 1
                    && pkg.type_is(pkg.func(f).span.file, &results[0].ty, "unsafe", "Pointer") == Some(false);
            }
            ExprKind::Name { .. } => {
                let b = match pkg.resolve(e) {
                    Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) => b,
                    _ => return false,
                };
                let binding = pkg.binding(b);
                if let Some(ty) = &binding.ty {
                    return pkg.type_is(binding.span.file, ty, "unsafe", "Pointer") == Some(false);
                }
                match binding.init {
                    Some((init, 0)) => e = init,
                    _ => return false,
                }
            }
            ExprKind::Selector { base, field } => {
                if let Some(Resolved::Import(_)) = pkg.resolve(*base) {
                    return false;
                }
                return pkg
                    .fields_named(field)
                    .any(|(st, ty)| pkg.type_is(st.span.file, ty, "unsafe", "Pointer") == Some(false));
            }
            _ => return false,
        }
    }
    false
}

/// `Some(operand)` when `call` is `uintptr(p)` with `p` visibly an `unsafe.Pointer`: a
/// pointer turned into a plain integer the garbage collector does not trace.
pub fn pointer_to_uintptr(pkg: &Package, call: ExprId) -> Option<ExprId> {
    if pkg.conversion_type(call).as_deref() != Some("uintptr") {
        return None;
    }
    let arg = pkg.single_arg(call)?;
    (is_unsafe_pointer(pkg, arg) && !is_nil_pointer(pkg, arg)).then_some(arg)
}

/// `unsafe.Pointer(nil)`, also through conversions (`unsafe.Pointer((*byte)(nil))`): the
/// number 0, no object.
fn is_nil_pointer(pkg: &Package, e: ExprId) -> bool {
    let mut e = e;
    for _ in 0..8 {
        if pkg.is_nil(e) {
            return true;
        }
        if pkg.conversion_type(e).is_none() {
            return false;
        }
        let Some(arg) = pkg.single_arg(e) else { return false };
        e = arg;
    }
    false
}

/// Wrappers of `syscall` and `golang.org/x/sys/unix` that hand a buffer to the kernel
/// without telling the race detector (unlike `Read`, `Write`, `Pread`, `Pwrite` and the
/// `*v` family, which annotate theirs): the buffer arguments by index, and whether the
/// kernel writes them.
const UNANNOTATED_WRAPPERS: &[(&str, &[(usize, bool)])] = &[
    ("Recvfrom", &[(1, true)]),
    ("Recvmsg", &[(1, true), (2, true)]),
    ("Sendto", &[(1, false)]),
    ("Sendmsg", &[(1, false), (2, false)]),
    ("SendmsgN", &[(1, false), (2, false)]),
    ("Getdents", &[(1, true)]),
    ("ReadDirent", &[(1, true)]),
    ("Readlink", &[(1, true)]),
    ("Readlinkat", &[(2, true)]),
    ("Getxattr", &[(2, true)]),
    ("Lgetxattr", &[(2, true)]),
    ("Fgetxattr", &[(2, true)]),
    ("Listxattr", &[(1, true)]),
    ("Llistxattr", &[(1, true)]),
    ("Flistxattr", &[(1, true)]),
    ("Setxattr", &[(2, false)]),
    ("Lsetxattr", &[(2, false)]),
    ("Fsetxattr", &[(2, false)]),
    ("Getrandom", &[(0, true)]),
];

/// The buffers a call of an unannotated syscall wrapper hands to the kernel: (argument
/// index, the kernel writes it).
pub fn unannotated_wrapper(pkg: &Package, call: ExprId) -> Option<&'static [(usize, bool)]> {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    let (path, member) = pkg.qualified_name(*func)?;
    if !MMAP_PACKAGES.contains(&path) {
        return None;
    }
    UNANNOTATED_WRAPPERS.iter().find(|(name, _)| *name == member).map(|(_, args)| *args)
}

/// Whether exported function `name` of `path` (golang.org/x/sys) passes its parameter
/// `param` (a `uintptr`) to a raw syscall: built-in facts for when x/sys is not part of
/// the analyzed tree (see `xsys_uintptr_wrappers.txt` for how they were derived).
pub fn builtin_uintptr_wrapper(path: &str, name: &str, param: usize) -> bool {
    static TABLE: std::sync::OnceLock<blindspot_go::hash::HashSet<(String, String, usize)>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        include_str!("xsys_uintptr_wrappers.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split_whitespace();
                let (p, f, i) = (it.next()?, it.next()?, it.next()?.parse().ok()?);
                Some((p.to_string(), f.to_string(), i))
            })
            .collect()
    });
    table.contains(&(path.to_string(), name.to_string(), param))
}

/// Import paths whose facts are built in, so they need not be loaded as context.
pub const BUILTIN_FACT_PACKAGES: &[&str] = &["golang.org/x/sys/unix", "golang.org/x/sys/windows"];

/// Standard-library packages the compiler never instruments for the race detector, as
/// `cmd/internal/objabi/pkgspecial.go` lists them (go1.27): the runtime and the packages it
/// imports (`runtimePkgs`, except `internal/bytealg`, which backs `bytes` and stays
/// instrumented), the sanitizer runtimes (`extraNoInstrumentPkgs`), and, under `-race`,
/// `noRaceFuncPkgs`. See race-facts §5.
///
/// `-race` sees no race in them, but they are not what blindspot is for: their unsafe code
/// lives by the runtime's own rules (memory off the Go heap, nosplit frames, the world
/// stopped), which a model of user code reads as races. They are analyzed for the facts
/// their importers read and never reported.
pub const NEVER_INSTRUMENTED_PACKAGES: &[&str] = &[
    "runtime",
    "internal/runtime/atomic",
    "internal/runtime/cgroup",
    "internal/runtime/exithook",
    "internal/runtime/gc",
    "internal/runtime/gc/scan",
    "internal/runtime/maps",
    "internal/runtime/math",
    "internal/runtime/sys",
    "internal/runtime/syscall/linux",
    "internal/runtime/syscall/windows",
    "internal/abi",
    "internal/byteorder",
    "internal/chacha8rand",
    "internal/coverage/rtcov",
    "internal/cpu",
    "internal/goarch",
    "internal/godebugs",
    "internal/goexperiment",
    "internal/goos",
    "internal/profilerecord",
    "internal/strconv",
    "internal/stringslite",
    "runtime/race",
    "runtime/msan",
    "runtime/asan",
    "sync",
    "sync/atomic",
    "internal/sync",
];

/// Whether the package at `import_path` is one the race detector never instruments
/// ([`NEVER_INSTRUMENTED_PACKAGES`]).
pub fn never_instrumented(import_path: &str) -> bool {
    NEVER_INSTRUMENTED_PACKAGES.contains(&import_path)
}

/// Standard C functions that a cgo preamble usually takes from system headers, which
/// blindspot does not read, with the parameters their prototypes declare `const T *` (C11,
/// POSIX, Android's `<android/log.h>`): they only read what those point to. Parameters not
/// listed (a `FILE *`, an output buffer) are written as for any C function.
const C_LIBRARY_CONST_PARAMS: &[(&str, &[usize])] = &[
    ("strlen", &[0]),
    ("strnlen", &[0]),
    ("strcmp", &[0, 1]),
    ("strncmp", &[0, 1]),
    ("strcasecmp", &[0, 1]),
    ("strncasecmp", &[0, 1]),
    ("strchr", &[0]),
    ("strrchr", &[0]),
    ("strstr", &[0, 1]),
    ("strspn", &[0, 1]),
    ("strcspn", &[0, 1]),
    ("strpbrk", &[0, 1]),
    ("strdup", &[0]),
    ("strndup", &[0]),
    ("memcmp", &[0, 1]),
    ("memchr", &[0]),
    ("atoi", &[0]),
    ("atol", &[0]),
    ("atoll", &[0]),
    ("atof", &[0]),
    ("getenv", &[0]),
    ("setenv", &[0, 1]),
    ("puts", &[0]),
    ("fputs", &[0]),
    ("printf", &[0]),
    ("fprintf", &[1]),
    ("perror", &[0]),
    ("write", &[1]),
    ("send", &[1]),
    ("sendto", &[1, 4]),
    ("access", &[0]),
    ("unlink", &[0]),
    ("open", &[0]),
    ("fopen", &[0, 1]),
    ("syslog", &[1]),
    ("openlog", &[0]),
    ("dlopen", &[0]),
    ("dlsym", &[1]),
    ("__android_log_write", &[1, 2]),
    ("__android_log_print", &[1, 2]),
];

/// Whether argument `i` of a call of the C function `name` is only read: the package's C
/// declares it `const T *`, or the package does not declare `name` and it is a standard C
/// function whose prototype does ([`C_LIBRARY_CONST_PARAMS`]).
pub fn c_param_is_const(c: &blindspot_go::cfront::CIndex, name: &str, i: usize) -> bool {
    if c.declares(name) {
        return c.param_is_const(name, i);
    }
    C_LIBRARY_CONST_PARAMS.iter().any(|(f, params)| *f == name && params.contains(&i))
}
