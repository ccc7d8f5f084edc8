//! Accesses: the memory each expression touches, how, and who touches it. Index and
//! dereference reads and writes, fields of memory that is itself C or mapped, `copy`,
//! `range`, variables whose own storage is memory to follow, and calls that hand memory to
//! C, the kernel, assembly or another package. Each touch names the locations it reaches
//! (see `alias`); `objects` attributes them to the memory they may be.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::alias::{array_storage, is_view, var, view_operand, Aliases, Loc};
use super::contexts::{ContextId, Spawns};
use super::facts::{qualify_locks, GoroutineArgs, LockedArgs};
use super::private::Private;
use crate::api;
use crate::facts::{ForeignSpan, Imports};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccessKind {
    Read,
    Write,
    ReadWrite,
}

impl AccessKind {
    pub fn writes(self) -> bool {
        self != AccessKind::Read
    }

    fn of(write: bool, read: bool) -> AccessKind {
        match (write, read) {
            (true, true) => AccessKind::ReadWrite,
            (true, false) => AccessKind::Write,
            _ => AccessKind::Read,
        }
    }
}

/// Who makes an access: instrumented Go code, or code the race detector does not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Accessor {
    Go,
    /// A C function the memory is handed to.
    C,
    /// The kernel, behind a raw syscall or a wrapper that does not annotate its buffer.
    Kernel,
    /// A body-less (assembly) function.
    Assembly,
    /// Go code in a function marked `//go:norace`.
    Norace,
}

/// How an access reaches the memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// A variable whose own storage is the memory (`x = 1`, `f(x)` with `&x` taken).
    Variable,
    /// `m[i]`
    Index,
    /// `*p`
    Dereference,
    /// `s.f` of memory that is itself the object.
    Field,
    /// `for ... range m`
    Range,
    /// `copy(dst, src)`
    Copy,
    /// A call of Go code (a function of another package, maybe under its locks).
    Call,
    /// A wrapper of `syscall` or `x/sys/unix` that hands a buffer to the kernel without
    /// telling the race detector.
    SyscallWrapper,
    /// `C.GoBytes` and friends: a copy out of C memory.
    CCopy,
    /// A C function.
    CCall,
    /// `sync/atomic`.
    Atomic,
    /// A raw syscall (or a body-less function named like one).
    RawSyscall,
    /// A body-less (assembly) function.
    Assembly,
    /// A goroutine an imported function starts on its argument.
    ForeignGoroutine,
    /// Releasing the memory: `C.free`, or a preamble function whose body frees its
    /// argument. A write of the whole object, which no guess about C calls excuses.
    Release,
}

/// One access to an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub expr: ExprId,
    /// Where the access is written (reported).
    pub span: Span,
    /// Where it happens for ordering: the access itself, or the call through which a
    /// function's parameter reaches it (`func` is then the caller).
    pub at: u32,
    pub kind: AccessKind,
    pub func: FuncId,
    pub atomic: bool,
    /// Keys of the locks held (`T.mu` for a field `mu` of a receiver of type `T`).
    pub locks: Vec<String>,
    pub via: Via,
    /// The index is derived from the goroutine's own parameter or per-iteration variable.
    pub disjoint: bool,
    /// The context the access runs in, when it is not its function's (an access of a
    /// goroutine started in another package, attached to the call that starts it).
    pub context: Option<ContextId>,
    /// Where that goroutine makes the access, in the other package.
    pub remote: Option<ForeignSpan>,
    pub accessor: Accessor,
    /// The expression the access reaches its memory through: the touched one, or the
    /// argument of the call it is attributed to (in `func`, or, when the access is moved
    /// up to a call because of the object whose field it goes through, in the function
    /// that makes it). `None` when the attribution does not say.
    pub through: Option<Base>,
    /// The expression the access reaches its memory through in the function that makes
    /// it, when the access is attributed to a call (`through` is then the call's argument,
    /// which the memory may or may not come from).
    pub own: Option<Base>,
    /// The alias classes of the object whose owned field the access goes through, when
    /// the model knows every value it can be (see `holders`): two accesses whose holders
    /// share no class touch different memory.
    pub holder: Option<Holder>,
}

/// What an access reaches its memory through, in the function that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    /// The memory of the expression itself: `b[i]`, `s.f`, `*p`.
    Place(ExprId),
    /// The memory a value points into: an argument, a pointer handed to C.
    Value(ExprId),
}

/// The object whose owned field an access goes through (see `holders`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Its alias classes, sorted.
    pub classes: Vec<usize>,
    /// The functions that hold it, when it is never stored in a field or a package
    /// variable: each run of them has its own.
    pub local: Option<super::objects::Local>,
}

/// A memory touch of one expression, before it is attributed to objects.
pub(crate) struct Touch {
    pub locs: Vec<Loc>,
    pub kind: AccessKind,
    pub via: Via,
    pub atomic: bool,
    /// Locks held inside a function of another package that makes it.
    pub locks: Vec<String>,
    pub accessor: Accessor,
    /// For a touch by uninstrumented code: the argument that hands the memory over, when
    /// it visibly carries a pointer (`&x`, `unsafe.Pointer(p)`, a slice for a Go-declared
    /// assembly function). For `copy`: the side touched.
    pub handed: Option<ExprId>,
    /// For a touch of a call's argument, the argument.
    pub argument: Option<ExprId>,
}

impl Touch {
    fn go(locs: Vec<Loc>, kind: AccessKind, via: Via) -> Touch {
        Touch {
            locs,
            kind,
            via,
            atomic: false,
            locks: Vec::new(),
            accessor: Accessor::Go,
            handed: None,
            argument: None,
        }
    }
}

/// A touch with where it is made.
pub(crate) struct RawAccess {
    pub expr: ExprId,
    pub func: FuncId,
    pub touch: Touch,
    /// The index is derived from the goroutine's own parameter or per-iteration variable.
    pub disjoint: bool,
}

/// Variables and fields whose own storage is memory to follow: their address is taken, or
/// a `//go:norace` function uses them without owning them.
pub(crate) struct Storage {
    pub vars: HashSet<BindingId>,
    /// Fields whose address is taken (`&s.n`), by declaring type ("" when not known) and
    /// name.
    pub fields: HashSet<(String, String)>,
}

impl Storage {
    pub fn find(pkg: &Package) -> Storage {
        let mut s = Storage { vars: HashSet::new(), fields: HashSet::new() };
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            match &e.kind {
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Name { .. } => s.vars.extend(var(pkg, *operand)),
                    ExprKind::Selector { field, .. } => {
                        s.fields.insert((pkg.field_owner(*operand).unwrap_or_default(), field.clone()));
                    }
                    _ => {}
                },
                ExprKind::Name { .. } => {
                    let Some(owner) = e.owner.filter(|f| pkg.func(*f).has_directive("go:norace")) else { continue };
                    if let Some(b) = var(pkg, id) {
                        if pkg.binding(b).owner != Some(owner) {
                            s.vars.insert(b);
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }
}

/// What the touches of a package are computed from.
pub(crate) struct TouchFinder<'a> {
    pub pkg: &'a Package,
    pub imports: &'a Imports,
    pub aliases: &'a mut Aliases,
    pub storage: &'a Storage,
    pub spawns: &'a Spawns,
    pub private: &'a Private,
    /// Pointers stored in fields of local variables, for structs handed to the kernel;
    /// computed on first use.
    pub struct_stores: Option<HashMap<BindingId, Vec<ExprId>>>,
}

impl TouchFinder<'_> {
    /// Every touch of the package, in arena order, then the `range` statements.
    pub fn all(mut self) -> Vec<RawAccess> {
        let pkg = self.pkg;
        let mut raw: Vec<RawAccess> = Vec::new();
        for id in pkg.expr_ids() {
            let Some(func) = pkg.expr(id).owner else { continue };
            let norace = pkg.func(func).has_directive("go:norace");
            for mut touch in self.accesses_at(id) {
                // An object its function made and has not shared yet.
                if self.private.covers(pkg, touch.handed.unwrap_or(id), id, func) {
                    continue;
                }
                // `sync/atomic` stays instrumented in a `//go:norace` function.
                if norace && touch.accessor == Accessor::Go && !touch.atomic {
                    touch.accessor = Accessor::Norace;
                }
                let disjoint = self.disjoint_index(id, func);
                raw.push(RawAccess { expr: id, func, touch, disjoint });
            }
        }
        // `for _, v := range mem`: a read of every element. Without a value variable
        // (`for i := range s`, `for range s`) only the length is read, not the memory.
        for sid in pkg.stmt_ids() {
            let st = pkg.stmt(sid);
            if let (StmtKind::Range { over, value: Some(value), .. }, Some(func)) = (&st.kind, st.owner) {
                if matches!(&pkg.expr(*value).kind, ExprKind::Name { name, .. } if name == "_") {
                    continue;
                }
                let mut touch = Touch::go(self.aliases.vals[over.index()].clone(), AccessKind::Read, Via::Range);
                if pkg.func(func).has_directive("go:norace") {
                    touch.accessor = Accessor::Norace;
                }
                let disjoint = self.disjoint_index(*over, func);
                raw.push(RawAccess { expr: *over, func, touch, disjoint });
            }
        }
        raw
    }

    fn vals(&self, e: ExprId) -> Vec<Loc> {
        self.aliases.vals[e.index()].clone()
    }

    /// The memory touches expression `id` makes.
    fn accesses_at(&mut self, id: ExprId) -> Vec<Touch> {
        let pkg = self.pkg;
        let e = pkg.expr(id);
        let (write, read) = lvalue_kind(pkg, id);
        match &e.kind {
            // A variable whose own storage is the memory (its address is taken, or a
            // `//go:norace` function uses it): `x = 1`, `n++`, `f(x)`.
            ExprKind::Name { .. } => {
                let Some(b) = var(pkg, id).filter(|b| self.storage.vars.contains(b)) else { return Vec::new() };
                let part_of_larger = match e.parent {
                    Parent::Expr(p) => match &pkg.expr(p).kind {
                        ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } => *base == id,
                        ExprKind::Selector { base, .. } => *base == id,
                        ExprKind::Unary { op: UnaryOp::Addr, .. } => true,
                        // The length of an array is a constant.
                        ExprKind::Call { func, .. } => {
                            *func == id
                                || (["len", "cap"].iter().any(|b| pkg.is_builtin(*func, b))
                                    && array_storage(pkg, id).is_some())
                        }
                        _ => false,
                    },
                    _ => false,
                };
                if part_of_larger {
                    return Vec::new();
                }
                vec![Touch::go(vec![Loc::Storage(b)], AccessKind::of(write, read), Via::Variable)]
            }
            ExprKind::Index { base, .. } => {
                if matches!(e.parent, Parent::Expr(p) if matches!(pkg.expr(p).kind, ExprKind::Unary { op: UnaryOp::Addr, .. }))
                {
                    return Vec::new();
                }
                let locs = match array_storage(pkg, *base) {
                    Some(l) => vec![l],
                    None => self.vals(*base),
                };
                vec![Touch::go(locs, AccessKind::of(write, read), Via::Index)]
            }
            ExprKind::Unary { op: UnaryOp::Deref, operand } => {
                // `*p` as the base of a field or element access, or under `&`, is not an
                // access of its own: the selector or index is. Nor is slicing an array
                // through its pointer (`(*a)[:n]`), which computes an address.
                let array_pointer =
                    || pkg.types.of(*operand).is_some_and(|t| t.starts_with("*[") && !t.starts_with("*[]"));
                let part_of_larger = matches!(e.parent, Parent::Expr(p) if match &pkg.expr(p).kind {
                    ExprKind::Selector { base, .. } => *base == id,
                    ExprKind::Unary { op: UnaryOp::Addr, .. } => true,
                    ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } => *base == id && array_pointer(),
                    _ => false,
                });
                if part_of_larger {
                    return Vec::new();
                }
                vec![Touch::go(self.vals(*operand), AccessKind::of(write, read), Via::Dereference)]
            }
            ExprKind::Selector { base, field } => {
                // A field of memory that is itself C or mapped (`hdr.count++`); not a method
                // called on it (`v.String()`), whose body is modelled if it is known.
                if matches!(pkg.resolve(*base), Some(Resolved::Import(_))) {
                    return Vec::new();
                }
                // Nor is taking its address (`&s.n`) an access.
                let under = |p: ExprId| match pkg.expr(p).kind {
                    ExprKind::Call { func, .. } => func == id,
                    ExprKind::Unary { op: UnaryOp::Addr, .. } => true,
                    _ => false,
                };
                if matches!(e.parent, Parent::Expr(p) if under(p)) {
                    return Vec::new();
                }
                // What a pointer-typed field points to is touched too (`f.c.width` with
                // `c *C.frame_t`), not the storage of a struct field held by value.
                let through_pointer = pkg.types.of(*base).is_some_and(|t| t.starts_with('*'));
                let mut own: Vec<Loc> = self
                    .vals(*base)
                    .into_iter()
                    .filter(|l| {
                        matches!(l, Loc::Binding(_) | Loc::Alloc(_)) || through_pointer && matches!(l, Loc::Field(_))
                    })
                    .collect();
                // A field of a struct variable (not a pointer) whose address is taken is part
                // of the variable's own storage: `st.count` reads what `C.collect(&st)` hands
                // over.
                if let Some(b) = var(pkg, *base).filter(|b| self.storage.vars.contains(b)) {
                    if pkg.types.of(*base).is_some_and(|t| !t.starts_with('*')) {
                        own.push(Loc::Storage(b));
                    }
                }
                // A field whose address is taken somewhere (`&s.n`) is memory of its own.
                if self.storage.fields.contains(&(pkg.field_owner(id).unwrap_or_default(), field.clone())) {
                    own.push(self.aliases.field_storage(pkg, id));
                }
                if own.is_empty() {
                    return Vec::new();
                }
                vec![Touch::go(own, AccessKind::of(write, read), Via::Field)]
            }
            ExprKind::Call { func, args, .. } => self.call_accesses(id, *func, args),
            _ => Vec::new(),
        }
    }

    fn call_accesses(&mut self, id: ExprId, func: ExprId, args: &[ExprId]) -> Vec<Touch> {
        let pkg = self.pkg;
        let arg_locs = |t: &Self, i: usize| args.get(i).map(|a| t.vals(*a)).unwrap_or_default();
        // Each side of `copy` names the memory it touches (`handed`), so that a buffer its
        // function has just made and not shared is seen as private.
        if pkg.is_builtin(func, "copy") {
            let side = |t: &Self, i: usize, kind: AccessKind| Touch {
                handed: args.get(i).copied(),
                ..Touch::go(arg_locs(t, i), kind, Via::Copy)
            };
            return vec![side(self, 0, AccessKind::Write), side(self, 1, AccessKind::Read)];
        }
        // `clear(s)` zeroes the elements of a slice (or empties a map): a write.
        if pkg.is_builtin(func, "clear") {
            return vec![Touch::go(arg_locs(self, 0), AccessKind::Write, Via::Call)];
        }
        if pkg.conversion_type(id).is_some() || is_view(pkg, func) {
            return Vec::new();
        }
        if let Some((f, _)) = pkg.callee_func(func) {
            // A body-less function of the package's assembly touches what its pointer and
            // slice arguments point to, unseen; so does a raw syscall (x/sys declares them
            // that way). Any other body-less declaration is Go implemented elsewhere
            // (`//go:linkname`), whose effect is unknown: nothing is assumed.
            let declared = pkg.func(f);
            if declared.has_body || declared.name.is_none() {
                return Vec::new();
            }
            let kernel = declared.name.as_deref().is_some_and(|n| api::RAW_SYSCALLS.contains(&n));
            let (accessor, via) = if kernel {
                (Accessor::Kernel, Via::RawSyscall)
            } else if pkg.is_assembly(f) {
                (Accessor::Assembly, Via::Assembly)
            } else {
                return Vec::new();
            };
            return (0..args.len())
                .filter_map(|i| {
                    let param = declared.param_for_arg(i);
                    // Assembly reads what no store of its body goes through.
                    let writes = kernel || param.is_none_or(|p| pkg.assembly_writes_param(f, p));
                    let kind = if writes { AccessKind::ReadWrite } else { AccessKind::Read };
                    let typed = param.map(|p| declared.params[p].ty.as_str());
                    // An integer is never memory: a `uintptr` argument is a pointer only when
                    // it is one converted (`uintptr(unsafe.Pointer(&x))`).
                    let handed = match typed {
                        Some("uintptr") => {
                            api::pointer_to_uintptr(pkg, args[i]).is_some() || carries_pointer(pkg, args[i])
                        }
                        Some(t) if t.starts_with('*') || t.starts_with("[]") || t == "unsafe.Pointer" => true,
                        _ => carries_pointer(pkg, args[i]),
                    };
                    let handed = handed.then_some(args[i])?;
                    let mut t = Touch::go(arg_locs(self, i), kind, via);
                    t.accessor = accessor;
                    t.handed = Some(handed);
                    Some(t)
                })
                .filter(|t| !t.locs.is_empty())
                .collect();
        }
        if let ExprKind::Name { .. } = pkg.expr(func).kind {
            if pkg.resolve(func) == Some(Resolved::Builtin) {
                return Vec::new();
            }
        }
        let (path, member) = pkg.qualified_name(func).unwrap_or(("", ""));
        // A call that starts a goroutine in another package is modelled by that goroutine's
        // accesses (see `contexts`), not as a read at the call.
        if self.imports.fact::<GoroutineArgs>(path).is_some_and(|s| s.0.keys().any(|(f, _)| f == member)) {
            return Vec::new();
        }
        // A function of another package that touches its argument only under its own locks.
        if let Some(s) = self.imports.fact::<LockedArgs>(path).filter(|s| s.0.keys().any(|(f, _)| f == member)) {
            return (0..args.len())
                .filter_map(|i| {
                    let using = qualify_locks(path, s.0.get(&(member.to_string(), i))?);
                    let kind = if using.writes { AccessKind::Write } else { AccessKind::Read };
                    let mut t = Touch::go(arg_locs(self, i), kind, Via::Call);
                    t.argument = Some(args[i]);
                    t.locks = using.locks;
                    Some(t)
                })
                .filter(|t| !t.locs.is_empty())
                .collect();
        }
        if let Some(buffers) = api::unannotated_wrapper(pkg, id) {
            return buffers
                .iter()
                .filter(|(i, _)| *i < args.len())
                .map(|&(i, writes)| {
                    let kind = if writes { AccessKind::Write } else { AccessKind::Read };
                    let mut t = Touch::go(arg_locs(self, i), kind, Via::SyscallWrapper);
                    t.accessor = Accessor::Kernel;
                    t.handed = Some(args[i]);
                    t
                })
                .filter(|t| !t.locs.is_empty())
                .collect();
        }
        let e_file = pkg.expr(id).span.file;
        // `proc.Call(...)` of a `*LazyProc` or `*Proc`: Windows runs the procedure with what
        // the arguments point to, unseen, as a raw syscall does.
        let proc_call = matches!(&pkg.expr(func).kind,
            ExprKind::Selector { base, field } if field == "Call" && api::is_proc(pkg, *base).is_some());
        let (kind, via, atomic, accessor) = match path {
            _ if proc_call => (AccessKind::ReadWrite, Via::RawSyscall, false, Accessor::Kernel),
            // cgo's converters copy C memory into Go memory: they only read it.
            "C" if matches!(member, "GoBytes" | "GoString" | "GoStringN") => {
                (AccessKind::Read, Via::CCopy, false, Accessor::Go)
            }
            "C" if member == "free" => (AccessKind::Write, Via::Release, false, Accessor::C),
            "C" => (AccessKind::ReadWrite, Via::CCall, false, Accessor::C),
            "sync/atomic" if member.starts_with("Load") => (AccessKind::Read, Via::Atomic, true, Accessor::Go),
            "sync/atomic" => (AccessKind::ReadWrite, Via::Atomic, true, Accessor::Go),
            "unsafe" => return Vec::new(),
            // Annotations for the race detector (`runtime.RaceReadRange`, an `internal/race`
            // package's `ReadSlice`) touch nothing.
            "runtime" if member.starts_with("Race") => return Vec::new(),
            _ if (path == "race" || path.ends_with("/race")) && RACE_ANNOTATIONS.contains(&member) => {
                return Vec::new()
            }
            _ if api::raw_syscall(pkg, id).is_some() => {
                (AccessKind::ReadWrite, Via::RawSyscall, false, Accessor::Kernel)
            }
            _ => {
                let name = match &pkg.expr(func).kind {
                    ExprKind::Selector { field, .. } => field.as_str(),
                    _ => member,
                };
                let writes = name.starts_with("Put") || READS_INTO.contains(&name) || name == "Fill";
                (if writes { AccessKind::Write } else { AccessKind::Read }, Via::Call, false, Accessor::Go)
            }
        };
        let mut through: Vec<Touch> = Vec::new();
        if accessor == Accessor::Kernel {
            for &arg in args {
                for value in self.kernel_struct_values(arg) {
                    let mut t = Touch::go(self.vals(value), kind, via);
                    t.accessor = accessor;
                    t.handed = Some(value);
                    through.push(t);
                }
            }
        }
        (0..args.len())
            .map(|i| {
                let mut t = Touch::go(arg_locs(self, i), kind, via);
                t.argument = Some(args[i]);
                t.atomic = atomic;
                t.accessor = accessor;
                // A preamble function declared to take `const T *` only reads through it, and
                // so does a standard C function whose prototype says so.
                if accessor == Accessor::C && api::c_param_is_const(&pkg.file(e_file).c, member, i) {
                    t.kind = AccessKind::Read;
                }
                // A preamble function whose body frees the argument releases it.
                if accessor == Accessor::C && via == Via::CCall && pkg.file(e_file).c.frees_param(member, i) {
                    (t.kind, t.via) = (AccessKind::Write, Via::Release);
                }
                if accessor != Accessor::Go && carries_pointer(pkg, args[i]) {
                    t.handed = Some(args[i]);
                }
                // A raw syscall's argument is a `uintptr`; one that holds memory got it from
                // a pointer, through a helper too (`uintptr(ptrOf(buf))`): it is the memory
                // handed to the kernel.
                if accessor == Accessor::Kernel && t.handed.is_none() && pkg.conversion_type(args[i]).is_some() {
                    t.handed = Some(args[i]);
                }
                t
            })
            .filter(|t| !t.locs.is_empty())
            .chain(through)
            .collect()
    }

    /// What a struct handed to the kernel points to: for `&s` or `&s[i]` (through
    /// `unsafe.Pointer` and `uintptr`) of a local variable, the pointers the function stores
    /// in its fields (`iov.Base = &buf[0]`, `syscall.Iovec{Base: p}`), and through them the
    /// structs they point to (`msg.Iov = &iov`): the kernel reads and writes what an `Iovec`
    /// or `Msghdr` names. Per variable, so two functions' iovecs stay apart.
    fn kernel_struct_values(&mut self, arg: ExprId) -> Vec<ExprId> {
        let pkg = self.pkg;
        let mut out: Vec<ExprId> = Vec::new();
        let mut queue: Vec<ExprId> = vec![arg];
        let mut seen: Vec<BindingId> = Vec::new();
        while let Some(e) = queue.pop() {
            let Some(b) = addressed_local(pkg, e) else { continue };
            if seen.contains(&b) || seen.len() >= 8 {
                continue;
            }
            seen.push(b);
            let stores = self.struct_stores.get_or_insert_with(|| struct_stores(pkg));
            for &value in stores.get(&b).into_iter().flatten() {
                out.push(value);
                queue.push(value);
            }
        }
        out
    }

    /// An element chosen by the goroutine's own parameter or a per-iteration variable of
    /// the loop that starts it (in the index, or in the bounds of the view indexed or
    /// ranged over): each goroutine touches its own elements.
    fn disjoint_index(&self, id: ExprId, func: FuncId) -> bool {
        let pkg = self.pkg;
        let (mut view, mut stack) = match &pkg.expr(id).kind {
            ExprKind::Index { base, index } => (*base, vec![*index]),
            _ => (id, Vec::new()),
        };
        // `line := grid[row*cols : (row+1)*cols]; line[c] = ...`: the view's bounds decide.
        for _ in 0..4 {
            let next = match &pkg.expr(view).kind {
                ExprKind::Slice { base, bounds } => {
                    stack.extend(bounds.iter().copied());
                    *base
                }
                _ => match var(pkg, view).and_then(|b| pkg.binding(b).init) {
                    Some((init, 0)) if matches!(pkg.expr(init).kind, ExprKind::Slice { .. }) => init,
                    _ => break,
                },
            };
            view = next;
        }
        let spawns = &self.spawns.local;
        while let Some(e) = stack.pop() {
            crate::budget::spend(1);
            if let Some(b) = var(pkg, e) {
                let binding = pkg.binding(b);
                let own_param =
                    binding.kind == BindingKind::Param && spawns.iter().any(|s| Some(s.target) == binding.owner);
                let captured_loop_var = matches!(binding.kind, BindingKind::Range | BindingKind::Var)
                    && binding.owner != Some(func)
                    && spawns.iter().any(|s| s.repeated && s.spawner == binding.owner && s.target == func);
                if own_param || captured_loop_var {
                    return true;
                }
            }
            stack.extend(pkg.children(e));
        }
        false
    }
}

/// Whether expression `id` is written (first) and read (second) where it stands.
fn lvalue_kind(pkg: &Package, id: ExprId) -> (bool, bool) {
    match pkg.expr(id).parent {
        Parent::Stmt(s) => match &pkg.stmt(s).kind {
            StmtKind::Assign { lhs, op, .. } if lhs.contains(&id) => (true, matches!(op, AssignOp::Compound(_))),
            StmtKind::IncDec { target, .. } if *target == id => (true, true),
            StmtKind::Range { key, value, .. } if *key == Some(id) || *value == Some(id) => (true, false),
            _ => (false, true),
        },
        _ => (false, true),
    }
}

/// The local variable whose storage `e` is the address of: `&s`, `&s[i]`, through
/// `unsafe.Pointer`, `uintptr` and other conversions.
fn addressed_local(pkg: &Package, e: ExprId) -> Option<BindingId> {
    let mut e = e;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Call { .. } => e = view_operand(pkg, e)?,
            ExprKind::Unary { op: UnaryOp::Addr, operand } => {
                let mut x = *operand;
                if let ExprKind::Index { base, .. } = &pkg.expr(x).kind {
                    x = *base;
                }
                let b = var(pkg, x)?;
                return pkg.binding(b).owner.is_some().then_some(b);
            }
            _ => return None,
        }
    }
    None
}

/// For each local variable, the pointers stored in fields of it (`v.f = p`, `v[i].f = p`)
/// or of the composite literal it is declared with (`v := T{f: p}`, `v := []T{{f: p}}`).
fn struct_stores(pkg: &Package) -> HashMap<BindingId, Vec<ExprId>> {
    let mut out: HashMap<BindingId, Vec<ExprId>> = HashMap::new();
    let pointer = |v: ExprId| !pkg.types.of(v).is_some_and(|t| pkg.is_scalar(t));
    for sid in pkg.stmt_ids() {
        for (target, value) in pkg.assignments(sid) {
            let ExprKind::Selector { base, .. } = &pkg.expr(target).kind else { continue };
            let mut base = *base;
            if let ExprKind::Index { base: inner, .. } = &pkg.expr(base).kind {
                base = *inner;
            }
            if let Some(b) = var(pkg, base).filter(|b| pkg.binding(*b).owner.is_some()) {
                if pointer(value) {
                    out.entry(b).or_default().push(value);
                }
            }
        }
    }
    for (i, binding) in pkg.bindings.iter().enumerate() {
        let (Some((init, 0)), Some(_)) = (binding.init, binding.owner) else { continue };
        let mut stack = vec![init];
        while let Some(e) = stack.pop() {
            match &pkg.expr(e).kind {
                ExprKind::Unary { op: UnaryOp::Addr, operand } => stack.push(*operand),
                ExprKind::Composite { elems, .. } => {
                    for el in elems {
                        match (&el.key, &pkg.expr(el.value).kind) {
                            (_, ExprKind::Composite { .. }) => stack.push(el.value),
                            (Some(ElementKey::Name(_)), _) if pointer(el.value) => {
                                out.entry(BindingId(i as u32)).or_default().push(el.value)
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether an argument visibly carries a pointer to Go memory: `&x`, `unsafe.SliceData(b)`,
/// `new(...)` or a local variable `new` initialized, under any conversions (`uintptr(...)`,
/// `unsafe.Pointer(...)`, `(*C.char)(...)`).
fn carries_pointer(pkg: &Package, arg: ExprId) -> bool {
    let mut e = arg;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Unary { op: UnaryOp::Addr, .. } => return true,
            ExprKind::Call { func, .. } if pkg.is_builtin(*func, "new") => return true,
            ExprKind::Name { .. } => {
                let Some(Resolved::Local(b)) = pkg.resolve(e) else { return false };
                return matches!(pkg.binding(b).init, Some((init, 0))
                    if matches!(&pkg.expr(init).kind, ExprKind::Call { func, .. } if pkg.is_builtin(*func, "new")));
            }
            ExprKind::Call { func, args, .. } => {
                match pkg.qualified_name(*func) {
                    Some(("unsafe", "SliceData" | "StringData")) => return true,
                    Some(("unsafe", "Pointer" | "Add")) => {}
                    _ if pkg.conversion_type(e).is_some() => {}
                    _ => return false,
                }
                let Some(first) = args.first() else { return false };
                e = *first;
            }
            _ => return false,
        }
    }
    false
}

/// Calls of another package that read *into* their arguments, by name (`io.ReadFull(r, buf)`,
/// `conn.Read(p)`, `binary.Read(r, order, &v)`). Other `Read…` names return what they read
/// (`bufio.Reader.ReadSlice`, `ReadString`) or read from their argument (`ReadFrom(r)`).
const READS_INTO: &[&str] = &[
    "Read",
    "ReadAt",
    "ReadFull",
    "ReadAtLeast",
    "ReadFromUDP",
    "ReadFromUDPAddrPort",
    "ReadMsgUDP",
    "ReadMsgUDPAddrPort",
    "ReadFromIP",
    "ReadMsgIP",
    "ReadFromUnix",
    "ReadMsgUnix",
];

/// The functions of a race-annotation package (`internal/race` of the standard library,
/// and the copies modules keep) that only tell the race detector about an access.
const RACE_ANNOTATIONS: &[&str] = &[
    "Read",
    "Write",
    "ReadRange",
    "WriteRange",
    "ReadSlice",
    "WriteSlice",
    "ReadPC",
    "WritePC",
    "ReadObjectPC",
    "WriteObjectPC",
    "Acquire",
    "Release",
    "ReleaseMerge",
    "Disable",
    "Enable",
];
