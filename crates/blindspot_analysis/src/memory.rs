//! The memory model: where memory comes from, which goroutines touch it, and whether each
//! touch is synchronized. BS101 and BS203 are queries over it.
//!
//! - **Objects** are alias classes: a flow-insensitive union of the places a pointer can
//!   be held (variables, struct fields by name, function results, allocation sites), joined
//!   by assignments, conversions and views (`unsafe.Slice`, `(*[N]T)(p)`, slicing,
//!   `unsafe.Add`), composite literal fields, call arguments bound to parameters, and
//!   returns. A class that contains a C allocation or an mmap has that **origin**.
//! - **Contexts**: the spawner (everything not started with `go`) and one per `go`
//!   statement (or `g.Go(func(){...})`), marked repeated inside a loop. A function runs in
//!   the contexts of its callers in the package; a goroutine carries its helpers' accesses.
//! - **Accesses**: index and dereference reads and writes, field accesses of memory that
//!   is itself C or mapped, `copy`, `range`, and calls that hand the memory to C or to other
//!   code; each with the locks held and whether it is atomic.
//! - **Happens-before** within the spawner: accesses before the `go` statement, and after
//!   a join (`wg.Wait()`, a receive) that follows it, are not concurrent with that
//!   goroutine.
//!
//! Everything is computed with linear passes over the arenas; no recursion.

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use crate::api::{self, Origin};
use crate::facts::{Fact, FactType, ForeignSpan, Imports, Scope};
use crate::pass::{Cx, Pass};
use crate::spawners::{runs_in_goroutine, SPAWNERS};

pub static MEMORY: Pass<MemoryModel> = Pass {
    name: "memory",
    doc: "Builds the memory model: objects (alias classes of memory the race detector misses, with \
          their origins), the goroutine contexts, and every access with its locks; exports how \
          exported functions' goroutines and locks treat their arguments.",
    requires: &[&SPAWNERS],
    facts: &[&GOROUTINE_ARGS_FACT, &LOCKED_ARGS_FACT],
    run,
};

pub static GOROUTINE_ARGS_FACT: FactType = FactType::of::<GoroutineArgs>(
    "goroutine-args",
    "Exported functions (by name) that start a goroutine using their argument (by index) and \
     return without joining it: where the goroutine touches it, whether it writes, under which locks.",
    Scope::Sharing,
);

pub static LOCKED_ARGS_FACT: FactType = FactType::of::<LockedArgs>(
    "locked-args",
    "Exported functions (by name) that touch their argument (by index) in the caller's goroutine \
     only while holding locks: whether they write, and the locks held at every touch.",
    Scope::Sharing,
);

/// See [`GOROUTINE_ARGS_FACT`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoroutineArgs(pub HashMap<(String, usize), Vec<ForeignUse>>);

impl Fact for GoroutineArgs {
    const TYPE: &'static FactType = &GOROUTINE_ARGS_FACT;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// See [`LOCKED_ARGS_FACT`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedArgs(pub HashMap<(String, usize), ForeignUse>);

impl Fact for LockedArgs {
    const TYPE: &'static FactType = &LOCKED_ARGS_FACT;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How a function of another package touches memory passed to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignUse {
    /// Where (the first place, for `LockedArgs`).
    pub span: ForeignSpan,
    pub writes: bool,
    /// Keys of the locks held, as that package names them (`mu`, `Ring.mu`).
    pub locks: Vec<String>,
}

fn run(cx: &Cx) -> MemoryModel {
    let spawners = cx.result(&SPAWNERS);
    let facts = MemoryModel::argument_facts(cx.pkg, cx.imports, spawners);
    cx.export(GoroutineArgs(facts.goroutine_args));
    cx.export(LockedArgs(facts.locked_args));
    MemoryModel::build(cx.pkg, cx.imports, spawners)
}

mod handlers;
pub use handlers::{Handler, HandlerFacts, HandlerKind, HandlerWrite, State, StateAccess};

/// The most locations a sum or difference (pointer arithmetic) is taken to point at. Real
/// code adds an offset to one pointer; a larger cap only guards against hostile input.
const MAX_SUM_VALUES: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Loc {
    Binding(BindingId),
    /// A struct field, by name (interned): without types, every struct's field of that name.
    Field(u32),
    /// The result of a function.
    Ret(FuncId),
    /// An allocation site.
    Alloc(ExprId),
    /// A variable's own storage (`&x` points to it), as opposed to what the variable
    /// points to (`Binding`).
    Storage(BindingId),
    /// A field's own storage (`&s.n`), by name.
    FieldStorage(u32),
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // Deterministic: the smaller index is the representative.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi] = lo;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContextId(pub u32);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextKind {
    /// Everything not started as a goroutine.
    Spawner,
    Goroutine {
        /// The `go` statement (or `g.Go(...)` call).
        spawn: Span,
        /// The function holding the `go` statement.
        spawner: Option<FuncId>,
        /// The function the goroutine runs.
        target: FuncId,
        /// Started in a loop: several instances run at once.
        repeated: bool,
        /// The target was found by a method's name only.
        guessed: bool,
        /// Started inside a function of another package (named here), which runs the
        /// goroutine on an argument of the call at `spawn`: its accesses are known from that
        /// package's summary, and `target` is the calling function.
        foreign: Option<String>,
    },
}

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
    /// How the memory is reached, for messages: `index`, `C call`, `copy`, ...
    pub how: &'static str,
    /// The index is derived from the goroutine's own parameter or per-iteration variable.
    pub disjoint: bool,
    /// The context the access runs in, when it is not its function's (an access of a
    /// goroutine started in another package, attached to the call that starts it).
    pub context: Option<ContextId>,
    /// Where that goroutine makes the access, in the other package.
    pub remote: Option<ForeignSpan>,
    pub accessor: Accessor,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub origin: Origin,
    /// The allocation or mmap call; for Go memory, the variable's declaration or the
    /// expression that hands the memory over.
    pub origin_span: Span,
    pub accesses: Vec<Access>,
    /// Memory never stored in a field or a package variable: each run of the functions
    /// that hold it has its own, so only goroutines they start can share it.
    pub local: Option<Local>,
}

/// The functions that hold a local object, and where they make it.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// Functions with a variable, parameter, result or allocation in the object's class.
    pub holders: Vec<FuncId>,
    /// Local variable declarations and allocation sites: (function, where).
    pub made: Vec<(FuncId, Span)>,
}

/// One unsynchronized pair of accesses to an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Race {
    pub object: usize,
    /// Index into the object's accesses: the write the race detector cannot see.
    pub primary: usize,
    pub primary_context: ContextId,
    pub other: usize,
    pub other_context: ContextId,
}

pub struct MemoryModel {
    pub contexts: Vec<ContextKind>,
    /// The contexts each function runs in.
    pub func_contexts: Vec<BTreeSet<ContextId>>,
    pub objects: Vec<Object>,
    /// For each goroutine context: the position in its spawner of the first join after the
    /// `go` statement.
    joins: HashMap<ContextId, u32>,
    /// Call sites of each function: (caller, position).
    call_sites: HashMap<FuncId, Vec<(FuncId, u32)>>,
    sync: SyncPoints,
    /// `order` and `handed_off` answers: the same access meets many others.
    order_cache: RefCell<HashMap<(FuncId, u32, ContextId), Order>>,
    handoff_cache: RefCell<HashMap<(FuncId, u32), bool>>,
    races: std::cell::OnceCell<Vec<Race>>,
    share_cache: RefCell<HashMap<(usize, ContextId), bool>>,
    handler_facts: std::cell::OnceCell<HandlerFacts>,
}

/// An access relative to a goroutine: (before its `go` statement, after its join), when known.
type Order = Option<(bool, bool)>;

/// Where each function receives, waits and sends, found once per package.
#[derive(Default)]
struct SyncPoints {
    /// Joins: a receive, a `.Wait()`, the start of a `range` over a channel. Sorted.
    joins: HashMap<FuncId, Vec<u32>>,
    /// Ends of receive expressions. Sorted.
    receives: HashMap<FuncId, Vec<u32>>,
    /// The loops of `range` statements over channels.
    channel_loops: HashMap<FuncId, Vec<Span>>,
    /// Sends: position and innermost loop.
    sends: HashMap<FuncId, Vec<(u32, Option<Span>)>>,
}

impl SyncPoints {
    fn new(pkg: &Package) -> SyncPoints {
        let mut s = SyncPoints::default();
        // Calls of the package's functions: (caller, callee, start, end).
        let mut calls: Vec<(FuncId, FuncId, u32, u32)> = Vec::new();
        let channels = ChannelNames::new(pkg);
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            let Some(owner) = e.owner else { continue };
            match &e.kind {
                ExprKind::Unary { op: UnaryOp::Recv, .. } => {
                    s.joins.entry(owner).or_default().push(e.span.start);
                    s.receives.entry(owner).or_default().push(e.span.end);
                }
                ExprKind::Call { func, args, .. }
                    if args.is_empty()
                        && matches!(&pkg.expr(*func).kind, ExprKind::Selector { field, .. } if field == "Wait") =>
                {
                    s.joins.entry(owner).or_default().push(e.span.start);
                    // A `Wait` method of the package may receive too.
                    if let Some((callee, _)) = pkg.callee_func(*func).filter(|(c, _)| *c != owner) {
                        calls.push((owner, callee, e.span.start, e.span.end));
                    }
                }
                // `close(ch)` hands over like a send; deferred, when the function returns.
                ExprKind::Call { func, .. } if pkg.is_builtin(*func, "close") => {
                    let deferred =
                        matches!(e.parent, Parent::Stmt(st) if matches!(pkg.stmt(st).kind, StmtKind::Defer(_)));
                    let at = if deferred { pkg.func(owner).span.end } else { e.span.start };
                    s.sends.entry(owner).or_default().push((at, innermost_loop(pkg, e.span.file, e.span.start)));
                }
                ExprKind::Call { func, .. } => {
                    if let Some((callee, _)) = pkg.callee_func(*func).filter(|(c, _)| *c != owner) {
                        calls.push((owner, callee, e.span.start, e.span.end));
                    }
                }
                _ => {}
            }
        }
        for st in &pkg.stmts {
            let Some(owner) = st.owner else { continue };
            match st.kind {
                StmtKind::Range { over, .. } if channels.is_channel(pkg, over) => {
                    // Each iteration's body runs after a receive: the values handed over
                    // are ordered after what the sender did before sending.
                    s.joins.entry(owner).or_default().push(st.span.start);
                    if let Some(l) = innermost_loop(pkg, st.span.file, st.span.start) {
                        s.channel_loops.entry(owner).or_default().push(l);
                    }
                }
                StmtKind::Send { .. } => {
                    let l = innermost_loop(pkg, st.span.file, st.span.start);
                    s.sends.entry(owner).or_default().push((st.span.start, l));
                }
                _ => {}
            }
        }
        // A call of a function of the package that receives (`p.Wait()` doing `<-p.ready`)
        // is a receive at the call, a few calls deep.
        for _ in 0..3 {
            let found: Vec<(FuncId, u32, u32)> = calls
                .iter()
                .filter(|(_, callee, ..)| s.receives.contains_key(callee))
                .map(|&(owner, _, start, end)| (owner, start, end))
                .collect();
            let mut grew = false;
            for (owner, start, end) in found {
                let r = s.receives.entry(owner).or_default();
                if !r.contains(&end) {
                    r.push(end);
                    s.joins.entry(owner).or_default().push(start);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        for v in s.joins.values_mut().chain(s.receives.values_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        s
    }
}

/// The names channels are sent on or closed under, to recognize a `range` over one.
struct ChannelNames {
    names: HashSet<String>,
}

impl ChannelNames {
    fn new(pkg: &Package) -> ChannelNames {
        let mut names = HashSet::new();
        for st in &pkg.stmts {
            if let StmtKind::Send { chan, .. } = st.kind {
                names.insert(pkg.text(pkg.expr(chan).span).to_string());
            }
        }
        for id in pkg.expr_ids() {
            if let ExprKind::Call { func, args, .. } = &pkg.expr(id).kind {
                if pkg.is_builtin(*func, "close") {
                    if let Some(a) = args.first() {
                        names.insert(pkg.text(pkg.expr(*a).span).to_string());
                    }
                }
            }
        }
        ChannelNames { names }
    }

    /// Declared with a `chan` type, made with `make(chan T)`, or sent on or closed under
    /// the same name.
    fn is_channel(&self, pkg: &Package, over: ExprId) -> bool {
        let is_chan_type = |t: &str| t.starts_with("chan") || t.starts_with("<-chan");
        if let Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) = pkg.resolve(over) {
            let binding = pkg.binding(b);
            if binding.ty.as_ref().is_some_and(|t| is_chan_type(t.as_str())) {
                return true;
            }
            if let Some((init, 0)) = binding.init {
                if let ExprKind::Call { func, args, .. } = &pkg.expr(init).kind {
                    let made_chan = pkg.is_builtin(*func, "make")
                        && args.first().is_some_and(
                            |a| matches!(&pkg.expr(*a).kind, ExprKind::Type(t) if is_chan_type(t.as_str())),
                        );
                    if made_chan {
                        return true;
                    }
                }
            }
        }
        self.names.contains(pkg.text(pkg.expr(over).span))
    }
}

const SPAWNER: ContextId = ContextId(0);
const MAX_ACCESSES: usize = 512;

impl MemoryModel {
    pub fn build(pkg: &Package, imports: &Imports, spawners: &HashSet<(FuncId, usize)>) -> MemoryModel {
        let mut b = ModelBuilder::new(pkg, imports, spawners);
        b.alias();
        let contexts = b.contexts();
        let objects = b.objects();
        let mut model = MemoryModel {
            contexts,
            func_contexts: Vec::new(),
            objects,
            joins: HashMap::new(),
            call_sites: b.call_sites.clone(),
            sync: SyncPoints::default(),
            order_cache: RefCell::new(HashMap::new()),
            handoff_cache: RefCell::new(HashMap::new()),
            races: std::cell::OnceCell::new(),
            share_cache: RefCell::new(HashMap::new()),
            handler_facts: std::cell::OnceCell::new(),
        };
        // Without memory the race detector misses, or handlers, nothing else is needed.
        if model.objects.is_empty() && !handlers::present(pkg) {
            return model;
        }
        model.sync = SyncPoints::new(pkg);
        model.func_contexts = b.func_contexts(&model.contexts);
        model.joins = b.joins(&model.contexts, &model.sync);
        model
    }

    /// For the package summary, how exported functions use their arguments:
    /// - the accesses that goroutines started by an exported function make to its arguments,
    ///   when it does not join them before returning (function name, parameter) → uses;
    /// - the arguments an exported function touches only where it holds a lock, and no
    ///   goroutine of it keeps touching after it returns: whether it writes, the locks held.
    pub fn argument_facts(pkg: &Package, imports: &Imports, spawners: &HashSet<(FuncId, usize)>) -> ArgumentFacts {
        let mut facts = ArgumentFacts::default();
        let outermost = |mut f: FuncId| {
            while let Some(p) = pkg.func(f).parent {
                f = p;
            }
            f
        };
        let exported = |f: FuncId| {
            let func = pkg.func(f);
            func.receiver.is_none()
                && func.parent.is_none()
                && func.name.as_ref().is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()))
        };
        // Only exported functions that start goroutines or take locks can have the facts.
        let spawning = pkg.stmts.iter().filter(|st| matches!(st.kind, StmtKind::Go(_))).filter_map(|st| st.owner);
        let locking = LockRegions::new(pkg).regions.into_keys();
        let candidates: HashSet<FuncId> = spawning.chain(locking).map(outermost).filter(|f| exported(*f)).collect();
        if candidates.is_empty() {
            return facts;
        }
        let mut b = ModelBuilder::new(pkg, imports, spawners);
        b.argument_origins = candidates;
        b.alias();
        let contexts = b.contexts();
        let objects = b.objects();
        let func_contexts = b.func_contexts(&contexts);
        let sync = SyncPoints::new(pkg);
        let joins = b.joins(&contexts, &sync);
        for obj in objects {
            let Origin::Argument(f, i) = obj.origin else { continue };
            let name = pkg.func(f).name.clone().unwrap_or_default();
            let mut escaping = Vec::new();
            let mut staying: Vec<ForeignUse> = Vec::new();
            for a in &obj.accesses {
                let escapes = func_contexts[a.func.index()].iter().any(|c| match &contexts[c.0 as usize] {
                    ContextKind::Goroutine { spawner: Some(s), .. } => outermost(*s) == f && !joins.contains_key(c),
                    _ => false,
                });
                let span =
                    ForeignSpan { path: pkg.file(a.span.file).path.clone(), start: a.span.start, end: a.span.end };
                let using = ForeignUse { span, writes: a.kind.writes(), locks: a.locks.clone() };
                if escapes {
                    escaping.push(using);
                } else {
                    staying.push(using);
                }
            }
            if !escaping.is_empty() {
                facts.goroutine_args.insert((name, i), escaping);
                continue;
            }
            let Some(first) = staying.first().cloned() else { continue };
            let held: Vec<String> =
                first.locks.iter().filter(|k| staying.iter().all(|u| u.locks.contains(k))).cloned().collect();
            if !held.is_empty() {
                let writes = staying.iter().any(|u| u.writes);
                facts.locked_args.insert((name, i), ForeignUse { span: first.span, writes, locks: held });
            }
        }
        facts
    }

    pub fn context(&self, id: ContextId) -> &ContextKind {
        &self.contexts[id.0 as usize]
    }

    /// The position an access has in `spawner`'s body: its own offset when it is there
    /// (or in a closure defined there), else the range of its function's call sites when
    /// they are all in `spawner`.
    fn position_in(&self, pkg: &Package, func: FuncId, at: u32, spawner: FuncId) -> Option<(u32, u32)> {
        let (mut f, mut at) = (func, at);
        for _ in 0..8 {
            if f == spawner {
                return Some((at, at));
            }
            let func = pkg.func(f);
            if let Some(parent) = func.parent {
                at = func.span.start;
                f = parent;
                continue;
            }
            let sites = self.call_sites.get(&f)?;
            if sites.iter().all(|(caller, _)| *caller == spawner) {
                let lo = sites.iter().map(|s| s.1).min()?;
                let hi = sites.iter().map(|s| s.1).max()?;
                return Some((lo, hi));
            }
            return None;
        }
        None
    }

    /// Whether a spawner access cannot overlap goroutine `g`: it is done before the `go`
    /// statement, or after a join that follows it. When the access is in a caller of the
    /// spawning function, the call stands for the `go` statement, and if the spawner joins
    /// the goroutine before returning, everything after the call follows the join.
    fn ordered_with(&self, pkg: &Package, a: &Access, g: ContextId) -> bool {
        self.order(pkg, a.func, a.at, g).is_some_and(|(before, after_join)| before || after_join)
    }

    /// Where an access stands relative to goroutine `g`: (before its `go` statement, after
    /// its join), seen from the innermost function that holds both; `None` when no such
    /// function is known.
    fn order(&self, pkg: &Package, func: FuncId, at: u32, g: ContextId) -> Option<(bool, bool)> {
        let key = (func, at, g);
        if let Some(hit) = self.order_cache.borrow().get(&key) {
            return *hit;
        }
        let result = self.order_uncached(pkg, func, at, g);
        self.order_cache.borrow_mut().insert(key, result);
        result
    }

    fn order_uncached(&self, pkg: &Package, func: FuncId, at: u32, g: ContextId) -> Option<(bool, bool)> {
        let ContextKind::Goroutine { spawn, spawner: Some(s), .. } = self.context(g) else { return None };
        let (mut frame, mut go_at, mut join) = (*s, *spawn, self.joins.get(&g).copied());
        for _ in 0..6 {
            if let Some((lo, hi)) = self.position_in(pkg, func, at, frame) {
                // Code before the `go` in the same loop runs again while the goroutines of
                // earlier iterations are running.
                let shares_loop = pkg.loops.iter().any(|l| {
                    l.file == go_at.file && l.start <= go_at.start && go_at.end <= l.end && l.start <= lo && hi <= l.end
                });
                // The arguments of the `go` call are evaluated before the goroutine starts.
                let in_arguments = go_at.start <= lo && hi < go_at.end && pkg.func(func).parent.is_none();
                let before = (hi < go_at.start || in_arguments) && !shares_loop;
                let after_join = join.is_some_and(|j| lo > j);
                return Some((before, after_join));
            }
            let sites = self.call_sites.get(&frame)?;
            let caller = sites.first().map(|s| s.0);
            if sites.is_empty() || sites.iter().any(|s| Some(s.0) != caller) {
                return None;
            }
            let (lo, hi) = (sites.iter().map(|s| s.1).min().unwrap_or(0), sites.iter().map(|s| s.1).max().unwrap_or(0));
            go_at = Span { file: pkg.func(caller.unwrap_or(frame)).span.file, start: lo, end: hi + 1 };
            // A join of the goroutine in the spawner, or else one in the caller after the
            // call, orders what follows.
            join = match join {
                Some(_) => Some(hi),
                None => caller.and_then(|c| self.sync.joins.get(&c)?.iter().find(|&&j| j > hi).copied()),
            };
            frame = caller.unwrap_or(frame);
        }
        None
    }

    /// Whether one goroutine is started only after the other was joined: the spawn point
    /// of one, seen from the other's spawner, lies after the other's join.
    fn goroutines_ordered(&self, pkg: &Package, ca: ContextId, cb: ContextId) -> bool {
        // The spawn point of `second`, seen from `first`'s spawner, lies after its join.
        let after = |first: ContextId, second: ContextId| match self.context(second) {
            ContextKind::Goroutine { spawn, spawner: Some(s), .. } => {
                self.order(pkg, *s, spawn.start, first).is_some_and(|(_, after_join)| after_join)
            }
            _ => false,
        };
        ca != SPAWNER && cb != SPAWNER && (after(ca, cb) || after(cb, ca))
    }

    fn after_receive(&self, a: &Access) -> bool {
        let (mut f, mut at) = (a.func, a.at);
        for _ in 0..4 {
            let in_range =
                self.sync.channel_loops.get(&f).is_some_and(|ls| ls.iter().any(|l| l.start <= at && at < l.end));
            let after_recv = self.sync.receives.get(&f).is_some_and(|r| r.first().is_some_and(|&first| first <= at));
            if in_range || after_recv {
                return true;
            }
            let Some(sites) = self.call_sites.get(&f) else { return false };
            match sites.as_slice() {
                [(caller, pos)] => (f, at) = (*caller, *pos),
                _ => return false,
            }
        }
        false
    }

    /// An access followed, in its function and loop iteration, by a send on a channel: the
    /// memory is handed over and the receiver's later accesses are ordered after it.
    fn handed_off(&self, pkg: &Package, a: &Access) -> bool {
        let Some(sends) = self.sync.sends.get(&a.func) else { return false };
        let key = (a.func, a.at);
        if let Some(hit) = self.handoff_cache.borrow().get(&key) {
            return *hit;
        }
        let lp = innermost_loop(pkg, a.span.file, a.at);
        let result = sends.iter().any(|(pos, l)| *pos > a.at && *l == lp);
        self.handoff_cache.borrow_mut().insert(key, result);
        result
    }

    /// Every unsynchronized pair of accesses to each object from two goroutines that may run
    /// at once, one of them a write: at most one race per object (the first write). On Go
    /// memory, one access of the pair must be uninstrumented (it is the primary), and there
    /// is at most one race per kind of uninstrumented accessor.
    pub fn races(&self, pkg: &Package) -> &[Race] {
        self.races.get_or_init(|| self.find_races(pkg))
    }

    fn find_races(&self, pkg: &Package) -> Vec<Race> {
        let mut out = Vec::new();
        // Without goroutines nothing is shared.
        if self.contexts.len() < 2 {
            return out;
        }
        for (oi, obj) in self.objects.iter().enumerate() {
            let go = obj.origin == Origin::Go;
            let mut best: Vec<(Accessor, Race)> = Vec::new();
            let accesses = &obj.accesses[..obj.accesses.len().min(MAX_ACCESSES)];
            for (i, a) in accesses.iter().enumerate() {
                for (j, b) in accesses.iter().enumerate().skip(i) {
                    if go && a.accessor == Accessor::Go && b.accessor == Accessor::Go {
                        continue;
                    }
                    // Two calls that may or may not write (C, assembly, raw syscalls): nothing
                    // says either writes.
                    if go && guesses_write(a) && guesses_write(b) {
                        continue;
                    }
                    if !(a.kind.writes() || b.kind.writes()) || (a.atomic && b.atomic) {
                        continue;
                    }
                    if a.locks.iter().any(|l| b.locks.contains(l)) {
                        continue;
                    }
                    let Some((ca, cb)) = self.concurrent_contexts(pkg, oi, a, b, i == j) else { continue };
                    let race = if go && a.accessor == Accessor::Go {
                        Race { object: oi, primary: j, primary_context: cb, other: i, other_context: ca }
                    } else if go && b.accessor == Accessor::Go {
                        Race { object: oi, primary: i, primary_context: ca, other: j, other_context: cb }
                    } else {
                        orient(oi, i, ca, j, cb, a, b, self)
                    };
                    let key = if go { obj.accesses[race.primary].accessor } else { Accessor::Go };
                    match best.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, r)) if better(&race, r, obj, self) => *r = race,
                        Some(_) => {}
                        None => best.push((key, race)),
                    }
                }
            }
            best.sort_by_key(|(k, _)| *k);
            out.extend(best.into_iter().map(|(_, r)| r));
        }
        out
    }

    /// Whether each instance of repeated goroutine `g` has its own copy of a local object:
    /// its spawner makes it in the loop that starts `g`.
    fn per_instance(&self, pkg: &Package, obj: &Object, g: ContextId) -> bool {
        let Some(local) = &obj.local else { return false };
        let ContextKind::Goroutine { spawn, spawner: Some(s), .. } = self.context(g) else { return false };
        local.made.iter().any(|(f, made)| {
            f == s
                && pkg.loops.iter().any(|l| {
                    l.file == spawn.file
                        && l.start <= made.start
                        && made.end <= l.end
                        && l.start <= spawn.start
                        && spawn.end <= l.end
                })
        })
    }

    /// Whether goroutine `g` can share a local object: it is started by a function that
    /// holds the object, or by one they call (which may receive it as an argument).
    fn shares_local(&self, pkg: &Package, object: usize, local: &Local, g: ContextId) -> bool {
        let ContextKind::Goroutine { spawner, .. } = self.context(g) else { return false };
        let Some(s) = *spawner else { return true };
        if let Some(hit) = self.share_cache.borrow().get(&(object, g)) {
            return *hit;
        }
        let mut found = false;
        let (mut work, mut seen) = (vec![(s, 0u32)], HashSet::new());
        while let Some((f, depth)) = work.pop() {
            if !seen.insert(f) || seen.len() > 256 {
                continue;
            }
            // A closure runs inside the function that defines it.
            let mut outer = f;
            loop {
                if local.holders.contains(&outer) {
                    found = true;
                    break;
                }
                match pkg.func(outer).parent {
                    Some(p) => outer = p,
                    None => break,
                }
            }
            if found {
                break;
            }
            if depth < 6 {
                for callee in [f, outer] {
                    for (caller, _) in self.call_sites.get(&callee).into_iter().flatten() {
                        work.push((*caller, depth + 1));
                    }
                }
            }
        }
        self.share_cache.borrow_mut().insert((object, g), found);
        found
    }

    /// Two contexts, one running `a` and one running `b`, that may overlap.
    fn concurrent_contexts(
        &self,
        pkg: &Package,
        object: usize,
        a: &Access,
        b: &Access,
        same: bool,
    ) -> Option<(ContextId, ContextId)> {
        let obj = &self.objects[object];
        let contexts_of = |x: &Access| -> Vec<ContextId> {
            match x.context {
                Some(c) => vec![c],
                None => self.func_contexts[x.func.index()].iter().copied().collect(),
            }
        };
        let (ca_all, cb_all) = (contexts_of(a), contexts_of(b));
        for &ca in &ca_all {
            for &cb in &cb_all {
                if let Some(local) = &obj.local {
                    if !self.shares_local(pkg, object, local, ca) && !self.shares_local(pkg, object, local, cb) {
                        continue;
                    }
                }
                if ca == cb {
                    let ContextKind::Goroutine { repeated: true, .. } = self.context(ca) else { continue };
                    if a.disjoint && b.disjoint || self.per_instance(pkg, obj, ca) {
                        continue;
                    }
                    return Some((ca, cb));
                }
                if same {
                    continue;
                }
                if ca == SPAWNER && self.ordered_with(pkg, a, cb) || cb == SPAWNER && self.ordered_with(pkg, b, ca) {
                    continue;
                }
                if self.goroutines_ordered(pkg, ca, cb) {
                    continue;
                }
                if self.handed_off(pkg, a) && self.after_receive(b) || self.handed_off(pkg, b) && self.after_receive(a)
                {
                    continue;
                }
                return Some((ca, cb));
            }
        }
        None
    }
}

/// The innermost loop around a position, if any.
fn innermost_loop(pkg: &Package, file: FileId, at: u32) -> Option<Span> {
    pkg.loops.iter().filter(|l| l.file == file && l.start <= at && at < l.end).min_by_key(|l| l.end - l.start).copied()
}

/// A read-and-write assumed of code whose effect is unknown: a C or assembly call, a raw
/// syscall.
fn guesses_write(a: &Access) -> bool {
    a.kind == AccessKind::ReadWrite && matches!(a.accessor, Accessor::C | Accessor::Kernel | Accessor::Assembly)
}

/// Puts the write in a goroutine first: that is the access the trail starts from.
#[allow(clippy::too_many_arguments)]
fn orient(o: usize, i: usize, ci: ContextId, j: usize, cj: ContextId, a: &Access, b: &Access, m: &MemoryModel) -> Race {
    let score = |acc: &Access, c: ContextId| (acc.kind.writes(), m.context(c) != &ContextKind::Spawner);
    if score(b, cj) > score(a, ci) {
        Race { object: o, primary: j, primary_context: cj, other: i, other_context: ci }
    } else {
        Race { object: o, primary: i, primary_context: ci, other: j, other_context: cj }
    }
}

/// Prefers a write in a goroutine, then the earliest in the source.
fn better(r: &Race, than: &Race, obj: &Object, m: &MemoryModel) -> bool {
    let key = |r: &Race| {
        let a = &obj.accesses[r.primary];
        (
            !a.kind.writes(),
            m.context(r.primary_context) == &ContextKind::Spawner,
            a.span.file,
            a.span.start,
            obj.accesses[r.other].span.start,
        )
    };
    key(r) < key(than)
}

/// A function's parameter by index, or its receiver (`None`).
type ParamSlot = (FuncId, Option<usize>);

/// A memory touch of one expression.
struct Touch {
    locs: Vec<Loc>,
    kind: AccessKind,
    how: &'static str,
    atomic: bool,
    /// Locks held inside a function of another package that makes it.
    locks: Vec<String>,
    accessor: Accessor,
    /// For a touch by uninstrumented code: the argument that hands the memory over, when
    /// it visibly carries a pointer (`&x`, `unsafe.Pointer(p)`, a slice for a Go-declared
    /// assembly function).
    handed: Option<ExprId>,
}

impl Touch {
    fn go(locs: Vec<Loc>, kind: AccessKind, how: &'static str) -> Touch {
        Touch { locs, kind, how, atomic: false, locks: Vec::new(), accessor: Accessor::Go, handed: None }
    }
}

/// An access before attribution: the expression, its function, the touch.
type RawAccess = (ExprId, FuncId, Touch);

/// A foreign spawn prepared for attribution: (context index, call, caller, call span, uses).
type ForeignCall = (usize, ExprId, FuncId, Span, Vec<(usize, ForeignUse)>);

/// What a package's summary says about how its exported functions use their arguments.
#[derive(Debug, Default)]
pub struct ArgumentFacts {
    pub goroutine_args: HashMap<(String, usize), Vec<ForeignUse>>,
    pub locked_args: HashMap<(String, usize), ForeignUse>,
}

/// A call of an imported function whose summary says it starts a goroutine that uses
/// some of its arguments.
struct ForeignSpawn {
    call: ExprId,
    spawn: Span,
    caller: FuncId,
    callee: String,
    repeated: bool,
    /// (argument index, how the goroutine uses it)
    uses: Vec<(usize, ForeignUse)>,
}

#[derive(Debug, Clone, Copy)]
struct CallEdge {
    caller: FuncId,
    call: ExprId,
    /// The call of a `go` statement.
    spawn: bool,
}

struct ModelBuilder<'p> {
    pkg: &'p Package,
    imports: &'p Imports,
    locs: HashMap<Loc, usize>,
    uf: UnionFind,
    fields: HashMap<String, u32>,
    /// Pointer-ish values each expression may hold, computed once in arena order.
    vals: Vec<Vec<Loc>>,
    origins: Vec<Option<Origin>>,
    call_sites: HashMap<FuncId, Vec<(FuncId, u32)>>,
    /// Every call of a package function, spawning ones included, by callee.
    calls: HashMap<FuncId, Vec<CallEdge>>,
    /// Classes that contain an allocation, with its origin.
    origin_classes: HashMap<usize, (Origin, Span)>,
    class_params: HashMap<usize, Vec<ParamSlot>>,
    reaches_origin: HashSet<usize>,
    /// This package's functions that run a function parameter in a goroutine.
    local_spawners: &'p HashSet<(FuncId, usize)>,
    /// Calls of imported functions that start goroutines on their arguments.
    foreign_spawns: Vec<ForeignSpawn>,
    /// Functions whose parameters are origins too (for the package summary).
    argument_origins: HashSet<FuncId>,
    /// Variables whose own storage is memory to follow: their address is taken, or a
    /// `//go:norace` function uses them without owning them.
    storage: HashSet<BindingId>,
    /// Fields whose address is taken (`&s.n`).
    addressed_fields: HashSet<String>,
    /// Functions that return (a view of) their parameter: (function, parameter).
    passthrough: Vec<(FuncId, usize)>,
    /// Functions that also return something else, or have named results.
    opaque_returns: HashSet<FuncId>,
    /// Goroutine spawns: (span, spawner, target, repeated, guessed).
    spawns: Vec<(Span, Option<FuncId>, FuncId, bool, bool)>,
}

impl<'p> ModelBuilder<'p> {
    fn new(pkg: &'p Package, imports: &'p Imports, spawners: &'p HashSet<(FuncId, usize)>) -> ModelBuilder<'p> {
        ModelBuilder {
            pkg,
            imports,
            locs: HashMap::new(),
            uf: UnionFind { parent: Vec::new() },
            fields: HashMap::new(),
            vals: Vec::new(),
            origins: pkg.expr_ids().map(|e| api::allocation(pkg, imports, e)).collect(),
            call_sites: HashMap::new(),
            calls: HashMap::new(),
            origin_classes: HashMap::new(),
            class_params: HashMap::new(),
            reaches_origin: HashSet::new(),
            local_spawners: spawners,
            foreign_spawns: Vec::new(),
            argument_origins: HashSet::new(),
            storage: HashSet::new(),
            addressed_fields: HashSet::new(),
            passthrough: Vec::new(),
            opaque_returns: HashSet::new(),
            spawns: Vec::new(),
        }
    }

    fn field(&mut self, name: &str) -> Loc {
        let next = self.fields.len() as u32;
        Loc::Field(*self.fields.entry(name.to_string()).or_insert(next))
    }

    fn field_storage(&mut self, name: &str) -> Loc {
        let Loc::Field(i) = self.field(name) else { unreachable!("field() makes fields") };
        Loc::FieldStorage(i)
    }

    fn index(&mut self, l: Loc) -> usize {
        if let Some(&i) = self.locs.get(&l) {
            return i;
        }
        let i = self.uf.parent.len();
        self.uf.parent.push(i);
        self.locs.insert(l, i);
        i
    }

    fn union(&mut self, a: Loc, b: Loc) {
        let (a, b) = (self.index(a), self.index(b));
        self.uf.union(a, b);
    }

    fn var(&self, e: ExprId) -> Option<BindingId> {
        match self.pkg.resolve(e)? {
            Resolved::Local(b) | Resolved::Global(Global::Var(b)) => Some(b),
            _ => None,
        }
    }

    /// The pointer-ish values of every expression, bottom-up in arena order.
    fn compute_vals(&mut self) {
        let pkg = self.pkg;
        (self.passthrough, self.opaque_returns) = passthrough_params(pkg);
        for id in pkg.expr_ids() {
            let v = match &pkg.expr(id).kind {
                ExprKind::Name { .. } => self.var(id).map(Loc::Binding).into_iter().collect(),
                ExprKind::Selector { base, field } => {
                    if let Some(Resolved::Import(_)) = pkg.resolve(*base) {
                        Vec::new()
                    } else {
                        vec![self.field(field)]
                    }
                }
                ExprKind::Call { func, args, .. } => {
                    if self.origins[id.index()].is_some() {
                        vec![Loc::Alloc(id)]
                    } else if pkg
                        .conversion_type(id)
                        .is_some_and(|t| matches!(t.as_str(), "string" | "[]byte" | "[]rune"))
                    {
                        // These conversions copy.
                        Vec::new()
                    } else if pkg.conversion_type(id).is_some()
                        || is_view(pkg, *func)
                        || pkg.is_builtin(*func, "append")
                    {
                        args.first().map(|a| self.vals[a.index()].clone()).unwrap_or_default()
                    } else if let Some((f, _)) = pkg.callee_func(*func) {
                        // A function that returns (a view of) its parameter hands each caller
                        // back its own argument (`buf = encode(buf[:0], v)`).
                        let passes = self.passthrough.iter().any(|(g, _)| *g == f);
                        let mut v =
                            if passes && !self.opaque_returns.contains(&f) { Vec::new() } else { vec![Loc::Ret(f)] };
                        for &(g, i) in self.passthrough.iter().filter(|(g, _)| *g == f) {
                            let arg = args.iter().enumerate().find(|(ai, _)| pkg.func(g).param_for_arg(*ai) == Some(i));
                            if let Some((_, a)) = arg {
                                v.extend(self.vals[a.index()].iter().copied());
                            }
                        }
                        v
                    } else {
                        Vec::new()
                    }
                }
                // `&mem[i]` points into `mem`; `&x` and `&s.n` at the variable or field.
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Index { base, .. } => self.vals[base.index()].clone(),
                    ExprKind::Name { .. } => self.var(*operand).map(Loc::Storage).into_iter().collect(),
                    ExprKind::Selector { base, field } if !matches!(pkg.resolve(*base), Some(Resolved::Import(_))) => {
                        vec![self.field_storage(field)]
                    }
                    _ => self.vals[operand.index()].clone(),
                },
                ExprKind::Slice { base, .. } => self.vals[base.index()].clone(),
                ExprKind::TypeAssert { operand, .. } => self.vals[operand.index()].clone(),
                ExprKind::Binary { op, left, right } if op == "+" || op == "-" => {
                    // Without duplicates, and at most MAX_SUM_VALUES: `a + (a + (a + ...))`
                    // nested 100,000 deep once took memory quadratic in the depth.
                    let mut v = self.vals[left.index()].clone();
                    for loc in self.vals[right.index()].iter() {
                        if v.len() >= MAX_SUM_VALUES {
                            break;
                        }
                        if !v.contains(loc) {
                            v.push(*loc);
                        }
                    }
                    v
                }
                _ => Vec::new(),
            };
            self.vals.push(v);
        }
    }

    /// The location an assignment target stores into.
    fn target(&mut self, e: ExprId) -> Option<Loc> {
        match &self.pkg.expr(e).kind {
            // A type switch's variable is one binding for all its cases, but Go declares one
            // per case: a value assigned in one case must not reach the others.
            ExprKind::Name { .. } => {
                self.var(e).filter(|b| self.pkg.binding(*b).kind != BindingKind::TypeSwitch).map(Loc::Binding)
            }
            ExprKind::Selector { field, .. } => Some(self.field(field)),
            _ => None,
        }
    }

    fn bind(&mut self, to: Loc, value: ExprId) {
        for v in self.vals[value.index()].clone() {
            self.union(to, v);
        }
    }

    fn alias(&mut self) {
        self.compute_vals();
        let pkg = self.pkg;
        for sid in pkg.stmt_ids() {
            let stmt = pkg.stmt(sid);
            match &stmt.kind {
                StmtKind::Assign { .. } => {
                    for (t, value) in pkg.assignments(sid) {
                        if let Some(to) = self.target(t) {
                            self.bind(to, value);
                        }
                    }
                }
                StmtKind::Return(values) => {
                    let Some(f) = stmt.owner else { continue };
                    for v in values {
                        // A returned parameter goes back to each caller, not into one class.
                        if returned_param(pkg, f, *v).is_none() {
                            self.bind(Loc::Ret(f), *v);
                        }
                    }
                    for r in pkg.func(f).results.clone() {
                        if let Some(b) = r.binding {
                            self.union(Loc::Ret(f), Loc::Binding(b));
                        }
                    }
                }
                StmtKind::Go(call) => self.spawn(*call, stmt.owner, stmt.span, stmt.loop_depth > 0),
                StmtKind::Expr(call) => {
                    // `g.Go(func() {...})`: errgroup and sync.WaitGroup.Go start goroutines.
                    if let ExprKind::Call { func, args, .. } = &pkg.expr(*call).kind {
                        if let (ExprKind::Selector { field, .. }, [arg]) = (&pkg.expr(*func).kind, args.as_slice()) {
                            if field == "Go" {
                                if let ExprKind::FuncLit(f) = pkg.expr(*arg).kind {
                                    self.spawns.push((stmt.span, stmt.owner, f, stmt.loop_depth > 0, false));
                                    continue;
                                }
                            }
                        }
                        self.foreign_spawn(*call, stmt);
                        // A helper (here or in an imported package) that runs its function
                        // parameter in a goroutine: `pool.Go(func() {...})`.
                        for (i, arg) in args.iter().enumerate() {
                            if let ExprKind::FuncLit(f) = pkg.expr(*arg).kind {
                                if runs_in_goroutine(pkg, self.imports, *func, i, self.local_spawners) {
                                    self.spawns.push((stmt.span, stmt.owner, f, stmt.loop_depth > 0, false));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for id in pkg.expr_ids() {
            match &pkg.expr(id).kind {
                ExprKind::Composite { elems, .. } => {
                    for el in elems.clone() {
                        if let Some(ElementKey::Name(f)) = &el.key {
                            let to = self.field(f);
                            self.bind(to, el.value);
                        }
                    }
                }
                ExprKind::Call { func, .. } => {
                    let Some((f, _)) = pkg.callee_func(*func) else { continue };
                    // The call of a `go` statement starts a goroutine; it is not a call edge.
                    let spawn =
                        matches!(pkg.expr(id).parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Go(_)));
                    let Some(caller) = pkg.expr(id).owner else { continue };
                    if !spawn {
                        self.call_sites.entry(f).or_default().push((caller, pkg.expr(id).span.start));
                    }
                    // Arguments are not merged into parameters (that would make one object
                    // of everything a helper is ever called with); accesses through a
                    // parameter are attributed per call site instead (`attribute`).
                    self.calls.entry(f).or_default().push(CallEdge { caller, call: id, spawn });
                }
                _ => {}
            }
        }
    }

    /// The argument a call passes for a parameter slot (`None`: the receiver).
    fn argument(&self, edge: &CallEdge, slot: Option<usize>, callee: FuncId) -> Option<ExprId> {
        let ExprKind::Call { func, args, .. } = &self.pkg.expr(edge.call).kind else { return None };
        match slot {
            None => match &self.pkg.expr(*func).kind {
                ExprKind::Selector { base, .. } => Some(*base),
                _ => None,
            },
            Some(i) => {
                let f = self.pkg.func(callee);
                // Every argument the variadic parameter absorbs; the first is enough to
                // find what the parameter may point at in the common one-buffer case.
                args.iter().enumerate().find(|(ai, _)| f.param_for_arg(*ai) == Some(i)).map(|(_, a)| *a)
            }
        }
    }

    /// Every function's parameter (and receiver) slots, by the class their binding is in.
    fn index_params(&mut self) {
        let pkg = self.pkg;
        for f in pkg.func_ids() {
            let func = pkg.func(f);
            let recv = func.receiver.as_ref().and_then(|r| r.binding).map(|b| (None, b));
            let params = func.params.iter().enumerate().filter_map(|(i, p)| p.binding.map(|b| (Some(i), b)));
            for (slot, b) in recv.into_iter().chain(params) {
                let i = self.index(Loc::Binding(b));
                let c = self.uf.find(i);
                self.class_params.entry(c).or_default().push((f, slot));
            }
        }
    }

    /// The origin classes an access to `classes` in function `func` reaches, each with the
    /// function and position it happens at. A parameter of `func` stands for the argument
    /// of each call: the access happens at that call, in the caller. A parameter of another
    /// function (held in a field, returned) stands for every argument passed to it; so does
    /// a parameter of a goroutine's function for the `go` call's argument.
    fn attribute(
        &mut self,
        func: FuncId,
        at: u32,
        classes: Vec<usize>,
        depth: u32,
        out: &mut Vec<(usize, FuncId, u32)>,
    ) {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut work: Vec<usize> = classes.into_iter().filter(|c| self.reaches_origin.contains(c)).collect();
        let mut lifted: Vec<(FuncId, u32, Vec<usize>)> = Vec::new();
        while let Some(c) = work.pop() {
            if !seen.insert(c) || seen.len() > 256 {
                continue;
            }
            if self.origin_classes.contains_key(&c) {
                out.push((c, func, at));
            }
            for (f, slot) in self.params_of_class(c) {
                for edge in self.calls.get(&f).cloned().unwrap_or_default() {
                    let Some(arg) = self.argument(&edge, slot, f) else { continue };
                    let locs = self.vals[arg.index()].clone();
                    let arg_classes: Vec<usize> =
                        self.class_of(&locs).into_iter().filter(|c| self.reaches_origin.contains(c)).collect();
                    if arg_classes.is_empty() {
                        continue;
                    }
                    if f == func && !edge.spawn {
                        lifted.push((edge.caller, self.pkg.expr(edge.call).span.start, arg_classes));
                    } else {
                        work.extend(arg_classes);
                    }
                }
            }
        }
        if depth < 4 {
            // Bounded fan-out: a function called from many places is attributed to the
            // first call sites only (the same object is usually reached many times).
            for (caller, pos, cs) in lifted.into_iter().take(16) {
                self.attribute(caller, pos, cs, depth + 1, out);
            }
        }
    }

    /// The classes whose memory may be C or mapped memory: the origin classes, and classes
    /// holding a parameter some call passes such memory to (a fixpoint over call arguments).
    /// `attribute` explores only these.
    fn compute_reaches_origin(&mut self) {
        self.reaches_origin = self.origin_classes.keys().copied().collect();
        let classes: Vec<(usize, Vec<ParamSlot>)> = self.class_params.iter().map(|(c, p)| (*c, p.clone())).collect();
        let mut arg_classes: Vec<(usize, Vec<usize>)> = Vec::new();
        for (c, params) in classes {
            let mut args = Vec::new();
            for (f, slot) in params {
                for edge in self.calls.get(&f).cloned().unwrap_or_default() {
                    if let Some(arg) = self.argument(&edge, slot, f) {
                        let locs = self.vals[arg.index()].clone();
                        args.extend(self.class_of(&locs));
                    }
                }
            }
            args.sort_unstable();
            args.dedup();
            arg_classes.push((c, args));
        }
        loop {
            let before = self.reaches_origin.len();
            for (c, args) in &arg_classes {
                if !self.reaches_origin.contains(c) && args.iter().any(|a| self.reaches_origin.contains(a)) {
                    self.reaches_origin.insert(*c);
                }
            }
            if self.reaches_origin.len() == before {
                break;
            }
        }
    }

    /// Finds the variables and fields whose own storage is memory to follow.
    fn find_storage(&mut self) {
        let pkg = self.pkg;
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            match &e.kind {
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Name { .. } => self.storage.extend(self.var(*operand)),
                    ExprKind::Selector { field, .. } => {
                        self.addressed_fields.insert(field.clone());
                    }
                    _ => {}
                },
                ExprKind::Name { .. } => {
                    let Some(owner) = e.owner.filter(|f| pkg.func(*f).has_directive("go:norace")) else { continue };
                    if let Some(b) = self.var(id) {
                        if pkg.binding(b).owner != Some(owner) {
                            self.storage.insert(b);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Go memory that uninstrumented code touches becomes an object of its own (origin
    /// `Go`): what a pointer handed to C, the kernel or assembly points into, and what a
    /// `//go:norace` function touches, followed from parameters to every call's argument.
    /// A value handed over without a visible pointer (`C.f(p)`) counts when its class is
    /// one whose address is taken somewhere.
    fn go_memory(&mut self, raw: &[RawAccess]) {
        let pkg = self.pkg;
        let mut addressed: Option<HashSet<usize>> = None;
        let mut pivots: Vec<(Vec<usize>, Span)> = Vec::new();
        for (id, _, touch) in raw {
            if touch.accessor == Accessor::Go {
                continue;
            }
            let mut classes = self.class_of(&touch.locs);
            let span = match (touch.accessor, touch.handed) {
                (Accessor::Norace, _) => pkg.expr(*id).span,
                (_, Some(h)) => pkg.expr(h).span,
                (_, None) => {
                    if addressed.is_none() {
                        addressed = Some(self.addressed_classes());
                    }
                    let taken = addressed.as_ref().expect("computed above");
                    classes.retain(|c| taken.contains(c));
                    pkg.expr(*id).span
                }
            };
            pivots.push((classes, span));
        }
        for (classes, span) in pivots {
            for c in classes {
                for root in self.roots(c) {
                    self.origin_classes.entry(root).or_insert((Origin::Go, span));
                }
            }
        }
    }

    /// The classes of everything whose address is taken (`&x`, `unsafe.SliceData(b)`).
    fn addressed_classes(&mut self) -> HashSet<usize> {
        let pkg = self.pkg;
        let mut out = HashSet::new();
        for id in pkg.expr_ids() {
            let taken = match &pkg.expr(id).kind {
                ExprKind::Unary { op: UnaryOp::Addr, .. } => true,
                ExprKind::Call { func, .. } => {
                    matches!(pkg.qualified_name(*func), Some(("unsafe", "SliceData" | "StringData")))
                }
                _ => false,
            };
            if taken {
                let locs = self.vals[id.index()].clone();
                out.extend(self.class_of(&locs));
            }
        }
        out
    }

    /// The classes a class stands for: itself, or for a parameter's class, the classes of
    /// the arguments of every call (transitively, bounded).
    fn roots(&mut self, c: usize) -> Vec<usize> {
        let (mut out, mut seen, mut work) = (Vec::new(), HashSet::new(), vec![c]);
        while let Some(c) = work.pop() {
            if !seen.insert(c) || seen.len() > 64 {
                continue;
            }
            let mut lifted = false;
            for (f, slot) in self.params_of_class(c) {
                for edge in self.calls.get(&f).cloned().unwrap_or_default() {
                    let Some(arg) = self.argument(&edge, slot, f) else { continue };
                    let locs = self.vals[arg.index()].clone();
                    for ac in self.class_of(&locs) {
                        work.push(ac);
                        lifted = true;
                    }
                }
            }
            if !lifted {
                out.push(c);
            }
        }
        out
    }

    /// The locations of each class.
    fn members(&mut self) -> HashMap<usize, Vec<Loc>> {
        let mut out: HashMap<usize, Vec<Loc>> = HashMap::new();
        let locs: Vec<(Loc, usize)> = self.locs.iter().map(|(l, i)| (*l, *i)).collect();
        for (l, i) in locs {
            let c = self.uf.find(i);
            out.entry(c).or_default().push(l);
        }
        out
    }

    /// Whether a class is local memory: an allocation site or local variables, never
    /// stored in a field or a package variable.
    fn local(&self, c: usize, members: &HashMap<usize, Vec<Loc>>) -> Option<Local> {
        let pkg = self.pkg;
        let mut local = Local::default();
        for l in members.get(&c)? {
            match *l {
                Loc::Field(_) | Loc::FieldStorage(_) => return None,
                Loc::Binding(b) | Loc::Storage(b) => {
                    let binding = pkg.binding(b);
                    let owner = binding.owner?;
                    local.holders.push(owner);
                    if binding.kind == BindingKind::Var {
                        local.made.push((owner, binding.span));
                    }
                }
                Loc::Alloc(e) => {
                    let owner = pkg.expr(e).owner?;
                    local.holders.push(owner);
                    local.made.push((owner, pkg.expr(e).span));
                }
                Loc::Ret(f) => local.holders.push(f),
            }
        }
        local.holders.sort_unstable();
        local.holders.dedup();
        local.made.sort_by_key(|(f, s)| (*f, s.file, s.start));
        Some(local)
    }

    fn params_of_class(&self, c: usize) -> Vec<ParamSlot> {
        self.class_params.get(&c).cloned().unwrap_or_default()
    }

    /// Records a call of an imported function that starts a goroutine on its arguments.
    fn foreign_spawn(&mut self, call: ExprId, stmt: &Stmt) {
        let pkg = self.pkg;
        let (ExprKind::Call { func, .. }, Some(caller)) = (&pkg.expr(call).kind, stmt.owner) else { return };
        let Some((path, member)) = pkg.qualified_name(*func) else { return };
        let Some(args) = self.imports.fact::<GoroutineArgs>(path) else { return };
        let mut uses: Vec<(usize, ForeignUse)> = args
            .0
            .iter()
            .filter(|((f, _), _)| f == member)
            .flat_map(|((_, i), list)| list.iter().map(move |u| (*i, qualify_locks(path, u))))
            .collect();
        if uses.is_empty() {
            return;
        }
        uses.sort_by(|a, b| (a.0, &*a.1.span.path, a.1.span.start).cmp(&(b.0, &*b.1.span.path, b.1.span.start)));
        let callee = pkg.text(pkg.expr(*func).span).to_string();
        let repeated = stmt.loop_depth > 0;
        self.foreign_spawns.push(ForeignSpawn { call, spawn: stmt.span, caller, callee, repeated, uses });
    }

    fn spawn(&mut self, call: ExprId, spawner: Option<FuncId>, span: Span, repeated: bool) {
        let pkg = self.pkg;
        let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return };
        let target = match pkg.expr(*func).kind {
            ExprKind::FuncLit(f) => Some((f, false)),
            _ => pkg.callee_func(*func),
        };
        if let Some((f, guessed)) = target {
            self.spawns.push((span, spawner, f, repeated, guessed));
        }
    }

    fn contexts(&self) -> Vec<ContextKind> {
        let mut out = vec![ContextKind::Spawner];
        for &(spawn, spawner, target, repeated, guessed) in &self.spawns {
            out.push(ContextKind::Goroutine { spawn, spawner, target, repeated, guessed, foreign: None });
        }
        for f in &self.foreign_spawns {
            out.push(ContextKind::Goroutine {
                spawn: f.spawn,
                spawner: Some(f.caller),
                target: f.caller,
                repeated: f.repeated,
                guessed: false,
                foreign: Some(f.callee.clone()),
            });
        }
        out
    }

    /// The contexts each function runs in: a goroutine's target and everything it calls
    /// (and the closures it defines and does not start as goroutines); the spawner's roots
    /// are the functions nobody in the package starts or calls, and exported ones.
    fn func_contexts(&self, contexts: &[ContextKind]) -> Vec<BTreeSet<ContextId>> {
        let pkg = self.pkg;
        let n = pkg.funcs.len();
        let targets: BTreeSet<FuncId> = self.spawns.iter().map(|s| s.2).collect();
        let mut edges: Vec<Vec<FuncId>> = vec![Vec::new(); n];
        for (callee, sites) in &self.call_sites {
            for (caller, _) in sites {
                edges[caller.index()].push(*callee);
            }
        }
        for f in pkg.func_ids() {
            if let Some(parent) = pkg.func(f).parent {
                if !targets.contains(&f) {
                    edges[parent.index()].push(f);
                }
            }
        }
        let mut out = vec![BTreeSet::new(); n];
        let reach = |start: Vec<FuncId>, ctx: ContextId, out: &mut Vec<BTreeSet<ContextId>>| {
            let mut stack = start;
            while let Some(f) = stack.pop() {
                if out[f.index()].insert(ctx) {
                    stack.extend(edges[f.index()].iter().copied());
                }
            }
        };
        let roots: Vec<FuncId> = pkg
            .func_ids()
            .filter(|&f| {
                let func = pkg.func(f);
                let Some(name) = &func.name else { return false };
                let exported = name.starts_with(|c: char| c.is_uppercase());
                !targets.contains(&f) && (exported || name == "main" || !self.call_sites.contains_key(&f))
            })
            .collect();
        reach(roots, SPAWNER, &mut out);
        for (i, c) in contexts.iter().enumerate().skip(1) {
            if let ContextKind::Goroutine { target, foreign: None, .. } = c {
                reach(vec![*target], ContextId(i as u32), &mut out);
            }
        }
        out
    }

    /// For each goroutine, the first join in its spawner after the `go` statement: a
    /// `.Wait()` call or a channel receive.
    fn joins(&self, contexts: &[ContextKind], sync: &SyncPoints) -> HashMap<ContextId, u32> {
        let mut out = HashMap::new();
        for (i, c) in contexts.iter().enumerate() {
            let ContextKind::Goroutine { spawn, spawner: Some(s), .. } = c else { continue };
            let Some(points) = sync.joins.get(s) else { continue };
            let k = points.partition_point(|&p| p <= spawn.end);
            if let Some(&j) = points.get(k) {
                out.insert(ContextId(i as u32), j);
            }
        }
        out
    }

    fn class_of(&mut self, locs: &[Loc]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for l in locs {
            let i = self.index(*l);
            out.push(self.uf.find(i));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn objects(&mut self) -> Vec<Object> {
        let pkg = self.pkg;
        // Origins of classes, from their allocation sites.
        for id in pkg.expr_ids() {
            if let Some(o) = self.origins[id.index()] {
                let Some(&i) = self.locs.get(&Loc::Alloc(id)) else { continue };
                let c = self.uf.find(i);
                self.origin_classes.entry(c).or_insert((o, pkg.expr(id).span));
            }
        }
        if !self.argument_origins.is_empty() {
            let mut candidates: Vec<FuncId> = self.argument_origins.iter().copied().collect();
            candidates.sort_unstable();
            for f in candidates {
                let func = pkg.func(f);
                for (i, p) in func.params.iter().enumerate() {
                    if let Some(b) = p.binding {
                        let c = self.index(Loc::Binding(b));
                        let c = self.uf.find(c);
                        self.origin_classes.entry(c).or_insert((Origin::Argument(f, i), p.span));
                    }
                }
            }
        }
        self.index_params();
        self.find_storage();
        let mut raw: Vec<RawAccess> = Vec::new();
        for id in pkg.expr_ids() {
            let Some(func) = pkg.expr(id).owner else { continue };
            let norace = pkg.func(func).has_directive("go:norace");
            for mut touch in self.accesses_at(id) {
                // `sync/atomic` stays instrumented in a `//go:norace` function.
                if norace && touch.accessor == Accessor::Go && !touch.atomic {
                    touch.accessor = Accessor::Norace;
                }
                raw.push((id, func, touch));
            }
        }
        // `for ... range mem`: a read of every element.
        for sid in pkg.stmt_ids() {
            let st = pkg.stmt(sid);
            if let (StmtKind::Range { over, .. }, Some(func)) = (&st.kind, st.owner) {
                let mut touch = Touch::go(self.vals[over.index()].clone(), AccessKind::Read, "range");
                if pkg.func(func).has_directive("go:norace") {
                    touch.accessor = Accessor::Norace;
                }
                raw.push((*over, func, touch));
            }
        }
        if self.argument_origins.is_empty() {
            self.go_memory(&raw);
        }
        if self.origin_classes.is_empty() {
            return Vec::new();
        }
        self.compute_reaches_origin();
        let locks = LockRegions::new(pkg);
        let mut by_class: HashMap<usize, Vec<Access>> = HashMap::new();
        for (id, func, touch) in raw {
            let Touch { locs, kind, how, atomic, locks: inside, accessor, .. } = touch;
            let classes = self.class_of(&locs);
            let mut reached = Vec::new();
            self.attribute(func, pkg.expr(id).span.start, classes, 0, &mut reached);
            reached.sort_unstable();
            reached.dedup();
            let span = pkg.expr(id).span;
            let disjoint = self.disjoint_index(id, func);
            for (c, run_in, at) in reached {
                let mut held = locks.held(func, span.start);
                held.extend(inside.iter().cloned());
                if run_in != func {
                    held.extend(locks.held(run_in, at));
                }
                held.sort();
                held.dedup();
                by_class.entry(c).or_default().push(Access {
                    expr: id,
                    span,
                    at,
                    kind,
                    func: run_in,
                    atomic,
                    locks: held,
                    how,
                    disjoint: disjoint && run_in == func,
                    context: None,
                    remote: None,
                    accessor,
                });
            }
        }
        // Accesses of goroutines that imported functions start on their arguments.
        let first_foreign = 1 + self.spawns.len();
        let foreign: Vec<ForeignCall> = self
            .foreign_spawns
            .iter()
            .enumerate()
            .map(|(k, f)| (first_foreign + k, f.call, f.caller, pkg.expr(f.call).span, f.uses.clone()))
            .collect();
        for (ctx, call, caller, span, uses) in foreign {
            let ExprKind::Call { args, .. } = &pkg.expr(call).kind else { continue };
            for (i, using) in uses {
                let Some(arg) = args.get(i) else { continue };
                let locs = self.vals[arg.index()].clone();
                let classes = self.class_of(&locs);
                let mut reached = Vec::new();
                self.attribute(caller, span.start, classes, 0, &mut reached);
                reached.sort_unstable();
                reached.dedup();
                for (c, run_in, at) in reached {
                    by_class.entry(c).or_default().push(Access {
                        expr: call,
                        span,
                        at,
                        kind: if using.writes { AccessKind::Write } else { AccessKind::Read },
                        func: run_in,
                        atomic: false,
                        locks: using.locks.clone(),
                        how: "in a goroutine of another package",
                        disjoint: false,
                        context: Some(ContextId(ctx as u32)),
                        remote: Some(using.span.clone()),
                        accessor: Accessor::Go,
                    });
                }
            }
        }
        for accesses in by_class.values_mut() {
            accesses.sort_by_key(|a| (a.span.file, a.span.start, a.at, a.kind));
            accesses.dedup();
        }
        let mut classes: Vec<(usize, Vec<Access>)> = by_class.into_iter().collect();
        classes.sort_by_key(|(c, _)| self.origin_classes[c].1);
        let members = self.members();
        classes
            .into_iter()
            .filter(|(c, accesses)| {
                // Go memory matters only where uninstrumented code touches it.
                self.origin_classes[c].0 != Origin::Go || accesses.iter().any(|a| a.accessor != Accessor::Go)
            })
            .map(|(c, accesses)| {
                let (origin, origin_span) = self.origin_classes[&c];
                let local = self.local(c, &members);
                Object { origin, origin_span, accesses, local }
            })
            .collect()
    }

    /// The memory accesses expression `id` makes: (locations reached, kind, how, atomic).
    fn accesses_at(&mut self, id: ExprId) -> Vec<Touch> {
        let pkg = self.pkg;
        let e = pkg.expr(id);
        let (write, read) = lvalue_kind(pkg, id);
        match &e.kind {
            // A variable whose own storage is the memory (its address is taken, or a
            // `//go:norace` function uses it): `x = 1`, `n++`, `f(x)`.
            ExprKind::Name { .. } => {
                let Some(b) = self.var(id).filter(|b| self.storage.contains(b)) else { return Vec::new() };
                let part_of_larger = match e.parent {
                    Parent::Expr(p) => match &pkg.expr(p).kind {
                        ExprKind::Index { base, .. } | ExprKind::Slice { base, .. } => *base == id,
                        ExprKind::Selector { base, .. } => *base == id,
                        ExprKind::Unary { op: UnaryOp::Addr, .. } => true,
                        ExprKind::Call { func, .. } => *func == id,
                        _ => false,
                    },
                    _ => false,
                };
                if part_of_larger {
                    return Vec::new();
                }
                vec![Touch::go(vec![Loc::Storage(b)], AccessKind::of(write, read), "variable")]
            }
            ExprKind::Index { base, .. } => {
                if matches!(e.parent, Parent::Expr(p) if matches!(pkg.expr(p).kind, ExprKind::Unary { op: UnaryOp::Addr, .. }))
                {
                    return Vec::new();
                }
                vec![Touch::go(self.vals[base.index()].clone(), AccessKind::of(write, read), "index")]
            }
            ExprKind::Unary { op: UnaryOp::Deref, operand } => {
                vec![Touch::go(self.vals[operand.index()].clone(), AccessKind::of(write, read), "dereference")]
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
                let own = self.vals[base.index()].clone();
                let mut own: Vec<Loc> =
                    own.into_iter().filter(|l| matches!(l, Loc::Binding(_) | Loc::Alloc(_))).collect();
                // A field whose address is taken somewhere (`&s.n`) is memory of its own.
                if self.addressed_fields.contains(field.as_str()) {
                    let f = self.field_storage(field);
                    own.push(f);
                }
                if own.is_empty() {
                    return Vec::new();
                }
                vec![Touch::go(own, AccessKind::of(write, read), "field")]
            }
            ExprKind::Call { func, args, .. } => self.call_accesses(id, *func, args),
            _ => Vec::new(),
        }
    }

    fn call_accesses(&mut self, id: ExprId, func: ExprId, args: &[ExprId]) -> Vec<Touch> {
        let pkg = self.pkg;
        let arg_locs = |b: &Self, i: usize| args.get(i).map(|a| b.vals[a.index()].clone()).unwrap_or_default();
        if pkg.is_builtin(func, "copy") {
            return vec![
                Touch::go(arg_locs(self, 0), AccessKind::Write, "copy"),
                Touch::go(arg_locs(self, 1), AccessKind::Read, "copy"),
            ];
        }
        if pkg.conversion_type(id).is_some() || is_view(pkg, func) {
            return Vec::new();
        }
        if let Some((f, _)) = pkg.callee_func(func) {
            // A body-less function is assembly: it touches what its pointer and slice
            // arguments point to, unseen. x/sys declares its raw syscalls that way.
            let declared = pkg.func(f);
            if declared.has_body || declared.name.is_none() {
                return Vec::new();
            }
            let kernel = declared.name.as_deref().is_some_and(|n| api::RAW_SYSCALLS.contains(&n));
            let (accessor, how) =
                if kernel { (Accessor::Kernel, "raw syscall") } else { (Accessor::Assembly, "assembly") };
            return (0..args.len())
                .filter_map(|i| {
                    let typed = declared.param_for_arg(i).map(|p| &declared.params[p].ty);
                    let pointer_type = typed.is_some_and(|t| {
                        let t = t.as_str();
                        t.starts_with('*') || t.starts_with("[]") || t == "unsafe.Pointer" || t == "uintptr"
                    });
                    let handed = (pointer_type || carries_pointer(pkg, args[i])).then_some(args[i])?;
                    let mut t = Touch::go(arg_locs(self, i), AccessKind::ReadWrite, how);
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
        // accesses (`foreign_spawn`), not as a read at the call.
        if self.imports.fact::<GoroutineArgs>(path).is_some_and(|s| s.0.keys().any(|(f, _)| f == member)) {
            return Vec::new();
        }
        // A function of another package that touches its argument only under its own locks.
        if let Some(s) = self.imports.fact::<LockedArgs>(path).filter(|s| s.0.keys().any(|(f, _)| f == member)) {
            return (0..args.len())
                .filter_map(|i| {
                    let using = qualify_locks(path, s.0.get(&(member.to_string(), i))?);
                    let kind = if using.writes { AccessKind::Write } else { AccessKind::Read };
                    let mut t = Touch::go(arg_locs(self, i), kind, "call");
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
                    let mut t = Touch::go(arg_locs(self, i), kind, "syscall wrapper");
                    t.accessor = Accessor::Kernel;
                    t.handed = Some(args[i]);
                    t
                })
                .filter(|t| !t.locs.is_empty())
                .collect();
        }
        let e_file = pkg.expr(id).span.file;
        let (kind, how, atomic, accessor) = match path {
            // cgo's converters copy C memory into Go memory: they only read it.
            "C" if matches!(member, "GoBytes" | "GoString" | "GoStringN") => {
                (AccessKind::Read, "C copy", false, Accessor::Go)
            }
            "C" => (AccessKind::ReadWrite, "C call", false, Accessor::C),
            "sync/atomic" if member.starts_with("Load") => (AccessKind::Read, "atomic", true, Accessor::Go),
            "sync/atomic" => (AccessKind::ReadWrite, "atomic", true, Accessor::Go),
            "unsafe" => return Vec::new(),
            _ if api::raw_syscall(pkg, id).is_some() => (AccessKind::ReadWrite, "raw syscall", false, Accessor::Kernel),
            _ => {
                let name = match &pkg.expr(func).kind {
                    ExprKind::Selector { field, .. } => field.as_str(),
                    _ => member,
                };
                let writes = name.starts_with("Put") || name.starts_with("Read") || name == "Fill";
                (if writes { AccessKind::Write } else { AccessKind::Read }, "call", false, Accessor::Go)
            }
        };
        (0..args.len())
            .map(|i| {
                let mut t = Touch::go(arg_locs(self, i), kind, how);
                t.atomic = atomic;
                t.accessor = accessor;
                // A preamble function declared to take `const T *` only reads through it.
                if accessor == Accessor::C && api::c_param_is_const(&pkg.file(e_file).cgo_preamble, member, i) {
                    t.kind = AccessKind::Read;
                }
                if accessor != Accessor::Go && carries_pointer(pkg, args[i]) {
                    t.handed = Some(args[i]);
                }
                t
            })
            .filter(|t| !t.locs.is_empty())
            .collect()
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
                _ => match self.var(view).and_then(|b| pkg.binding(b).init) {
                    Some((init, 0)) if matches!(pkg.expr(init).kind, ExprKind::Slice { .. }) => init,
                    _ => break,
                },
            };
            view = next;
        }
        while let Some(e) = stack.pop() {
            if let Some(b) = self.var(e) {
                let binding = pkg.binding(b);
                let own_param =
                    binding.kind == BindingKind::Param && self.spawns.iter().any(|s| Some(s.2) == binding.owner);
                let captured_loop_var = matches!(binding.kind, BindingKind::Range | BindingKind::Var)
                    && binding.owner != Some(func)
                    && self.spawns.iter().any(|s| s.3 && s.1 == binding.owner && s.2 == func);
                if own_param || captured_loop_var {
                    return true;
                }
            }
            stack.extend(pkg.children(e));
        }
        false
    }
}

/// `unsafe.Pointer`, `unsafe.Slice`, `unsafe.Add`, ...: views of their first argument.
fn is_view(pkg: &Package, func: ExprId) -> bool {
    matches!(
        pkg.qualified_name(func),
        Some(("unsafe", "Pointer" | "Add" | "Slice" | "String" | "SliceData" | "StringData"))
    )
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

/// Where each function holds which locks: from `X.Lock()` to the next `X.Unlock()`, or to
/// the end of the function when the unlock is deferred.
struct LockRegions {
    regions: HashMap<FuncId, Vec<(String, u32, u32)>>,
}

impl LockRegions {
    fn new(pkg: &Package) -> LockRegions {
        let mut calls: HashMap<FuncId, Vec<(String, bool, bool, u32)>> = HashMap::new();
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            let (Some(owner), ExprKind::Call { func, args, .. }) = (e.owner, &e.kind) else { continue };
            let ExprKind::Selector { base, field } = &pkg.expr(*func).kind else { continue };
            if !args.is_empty() {
                continue;
            }
            let lock = match field.as_str() {
                "Lock" | "RLock" => true,
                "Unlock" | "RUnlock" => false,
                _ => continue,
            };
            let deferred = matches!(e.parent, Parent::Stmt(s) if matches!(pkg.stmt(s).kind, StmtKind::Defer(_)));
            calls.entry(owner).or_default().push((lock_key(pkg, *base), lock, deferred, e.span.start));
        }
        let mut regions: HashMap<FuncId, Vec<(String, u32, u32)>> = HashMap::new();
        for (f, mut cs) in calls {
            cs.sort_by_key(|c| c.3);
            let end = pkg.func(f).span.end;
            for (i, (key, lock, _, at)) in cs.iter().enumerate() {
                if !lock {
                    continue;
                }
                let deferred_unlock = cs.iter().any(|c| !c.1 && c.2 && &c.0 == key);
                let next_unlock = cs[i + 1..].iter().find(|c| !c.1 && !c.2 && &c.0 == key).map(|c| c.3);
                let until = if deferred_unlock { end } else { next_unlock.unwrap_or(end) };
                regions.entry(f).or_default().push((key.clone(), *at, until));
            }
        }
        LockRegions { regions }
    }

    fn held(&self, f: FuncId, at: u32) -> Vec<String> {
        let mut out: Vec<String> = self
            .regions
            .get(&f)
            .into_iter()
            .flatten()
            .filter(|(_, from, to)| *from < at && at < *to)
            .map(|(k, ..)| k.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The parameter of `f` that `value` returns, through slicing, `append` and conversions.
fn returned_param(pkg: &Package, f: FuncId, value: ExprId) -> Option<usize> {
    let mut e = value;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Slice { base, .. } => e = *base,
            ExprKind::Call { func, args, .. }
                if pkg.is_builtin(*func, "append") || pkg.conversion_type(e).is_some() =>
            {
                e = *args.first()?;
            }
            ExprKind::Name { .. } => {
                let Some(Resolved::Local(b)) = pkg.resolve(e) else { return None };
                let binding = pkg.binding(b);
                if binding.kind != BindingKind::Param || binding.owner != Some(f) {
                    return None;
                }
                return pkg.func(f).params.iter().position(|p| p.binding == Some(b));
            }
            _ => return None,
        }
    }
    None
}

/// Every (function, parameter) some `return` of the function returns; and the functions
/// that also return other pointer-ish values or have named results.
fn passthrough_params(pkg: &Package) -> (Vec<(FuncId, usize)>, HashSet<FuncId>) {
    let mut out: Vec<(FuncId, usize)> = Vec::new();
    let mut opaque: HashSet<FuncId> = HashSet::new();
    for st in &pkg.stmts {
        let (StmtKind::Return(values), Some(f)) = (&st.kind, st.owner) else { continue };
        if pkg.func(f).results.iter().any(|r| r.binding.is_some()) {
            opaque.insert(f);
        }
        for v in values {
            match returned_param(pkg, f, *v) {
                Some(i) => out.push((f, i)),
                // Constants, lengths and errors do not matter; anything else might.
                None if !matches!(pkg.expr(*v).kind, ExprKind::Name { .. } | ExprKind::Literal) => {
                    opaque.insert(f);
                }
                None => {
                    if matches!(pkg.resolve(*v), Some(Resolved::Local(_) | Resolved::Global(Global::Var(_)))) {
                        opaque.insert(f);
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out, opaque)
}

/// Whether an argument visibly carries a pointer to Go memory: `&x` or `unsafe.SliceData(b)`,
/// under any conversions (`uintptr(...)`, `unsafe.Pointer(...)`, `(*C.char)(...)`).
fn carries_pointer(pkg: &Package, arg: ExprId) -> bool {
    let mut e = arg;
    for _ in 0..8 {
        match &pkg.expr(e).kind {
            ExprKind::Unary { op: UnaryOp::Addr, .. } => return true,
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

/// A use from another package's summary with its lock keys made distinct from this
/// package's: `mu` of package `example.com/ring` is `example.com/ring.mu`.
fn qualify_locks(path: &str, using: &ForeignUse) -> ForeignUse {
    let locks = using.locks.iter().map(|k| format!("{path}.{k}")).collect();
    ForeignUse { span: using.span.clone(), writes: using.writes, locks }
}

/// A name for a mutex that is the same in every method of a type: the receiver's name is
/// replaced by its type (`s.mu` in `(*Server).a` and `srv.mu` in `(*Server).b` are both
/// `Server.mu`); an embedded mutex locked as `s.Lock()` is `Server`.
fn lock_key(pkg: &Package, base: ExprId) -> String {
    let receiver_type = |e: ExprId| -> Option<String> {
        let Some(Resolved::Local(b)) = pkg.resolve(e) else { return None };
        let binding = pkg.binding(b);
        if binding.kind != BindingKind::Receiver {
            return None;
        }
        pkg.func(binding.owner?).receiver.as_ref().map(|r| r.type_name.clone())
    };
    match &pkg.expr(base).kind {
        ExprKind::Name { .. } => receiver_type(base).unwrap_or_else(|| compact(pkg.text(pkg.expr(base).span))),
        ExprKind::Selector { base: inner, field } => match receiver_type(*inner) {
            Some(t) => format!("{t}.{field}"),
            None => compact(pkg.text(pkg.expr(base).span)),
        },
        _ => compact(pkg.text(pkg.expr(base).span)),
    }
}
