//! Races: unsynchronized pairs of accesses to an object from two goroutines that may run
//! at once, one of them a write. On memory the race detector does not track (C, mmap)
//! every access is invisible; on Go memory, one access of the pair must be made by code it
//! does not instrument, and that one is the primary.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use blindspot_go::constraint::{compatible, Constraint};
use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::accesses::{Access, AccessKind, Accessor, Base, Holder, Via};
use super::contexts::{ContextId, ContextKind, SPAWNER};
use super::objects::{Local, Object, MAX_ACCESSES};
use super::roots::{Lift, Root, Roots, Trace};
use super::sync::innermost_loop;
use super::{MemoryModel, MEMORY};
use crate::allocators::Origin;
use crate::pass::{Cx, Pass};

pub static RACES: Pass<Vec<Race>> = Pass {
    name: "races",
    doc: "Finds, for each object of the memory model, the unsynchronized pair of accesses from two \
          goroutines that may run at once, one of them a write: at most one per object (one per kind \
          of uninstrumented code on Go memory), the write in a goroutine first.",
    requires: &[&MEMORY],
    facts: &[],
    run,
};

/// One unsynchronized pair of accesses to an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Race {
    /// Index into [`MemoryModel::objects`].
    pub object: usize,
    /// Index into the object's accesses: the access the race detector cannot see.
    pub primary: usize,
    pub primary_context: ContextId,
    pub other: usize,
    pub other_context: ContextId,
}

/// The files a build must compile for an access to be what it is: the file it is written in,
/// and the file that declares the body-less function it calls.
type BuildFiles = (FileId, Option<FileId>);

/// A trace of an access (see `roots`), `None` when the model cannot follow it.
type Traced = Option<Rc<Trace>>;

/// One access of a candidate pair: its index and the context it runs in.
#[derive(Debug, Clone, Copy)]
struct Side {
    access: usize,
    context: ContextId,
}

impl Race {
    fn of(object: usize, primary: Side, other: Side) -> Race {
        Race {
            object,
            primary: primary.access,
            primary_context: primary.context,
            other: other.access,
            other_context: other.context,
        }
    }
}

fn run(cx: &Cx) -> Vec<Race> {
    let model = cx.result(&MEMORY);
    let once = super::once::OnceOrder::new(cx.pkg);
    let mut finder = Finder {
        pkg: cx.pkg,
        model,
        shares: RefCell::new(HashMap::new()),
        once,
        callees: OnceCell::new(),
        built: RefCell::new(HashMap::new()),
        reachable: RefCell::new(HashMap::new()),
        inherited: RefCell::new(HashMap::new()),
        helpers: OnceCell::new(),
        roots: OnceCell::new(),
        traces: RefCell::new(HashMap::new()),
        turns: RefCell::new(HashMap::new()),
        escapes: super::escape::Escapes::new(),
    };
    finder.races()
}

struct Finder<'a> {
    pkg: &'a Package,
    model: &'a MemoryModel,
    /// `shares_local` answers, by (object, goroutine).
    shares: RefCell<HashMap<(usize, ContextId), bool>>,
    /// What `sync.Once.Do` orders.
    once: super::once::OnceOrder,
    /// The functions each function calls, and the closures it defines that it does not start
    /// as goroutines (built when first needed).
    callees: OnceCell<Vec<Vec<FuncId>>>,
    /// `reaches_in_build` answers, by (goroutine, access).
    built: RefCell<HashMap<(ContextId, ExprId), bool>>,
    /// The functions a goroutine reaches in builds of an access's files (see
    /// `reachable_in_build`), by (goroutine, files).
    reachable: RefCell<HashMap<(ContextId, BuildFiles), HashSet<FuncId>>>,
    /// `inherited_locks` answers, by (function, goroutine).
    inherited: RefCell<HashMap<(FuncId, ContextId), Vec<String>>>,
    /// Functions only the package's own calls can run (see `inherited_locks`).
    helpers: OnceCell<HashSet<FuncId>>,
    /// Where the pointers of accesses come from (built when first needed).
    roots: OnceCell<Roots<'a>>,
    /// `trace` answers, by what the access goes through.
    traces: RefCell<HashMap<(Base, ContextId), Traced>>,
    /// The innermost loop around each goroutine's `go` statement.
    turns: RefCell<HashMap<ContextId, Option<Span>>>,
    /// Which local variables' storage stays their own.
    escapes: super::escape::Escapes,
}

impl Finder<'_> {
    fn races(&mut self) -> Vec<Race> {
        let model = self.model;
        let mut out = Vec::new();
        // Without goroutines nothing is shared.
        if model.contexts.len() < 2 {
            return out;
        }
        for (oi, obj) in model.objects.iter().enumerate() {
            let go = obj.origin == Origin::Go;
            let mut best: Vec<(Accessor, Race)> = Vec::new();
            let accesses = &obj.accesses[..obj.accesses.len().min(MAX_ACCESSES)];
            for (i, a) in accesses.iter().enumerate() {
                for (j, b) in accesses.iter().enumerate().skip(i) {
                    crate::budget::spend(1);
                    if go && a.accessor == Accessor::Go && b.accessor == Accessor::Go {
                        continue;
                    }
                    // Through the same field of two different objects.
                    if let (Some(ha), Some(hb)) = (&a.holder, &b.holder) {
                        if !ha.classes.iter().any(|c| hb.classes.binary_search(c).is_ok()) {
                            continue;
                        }
                    }
                    // Two calls that may or may not write (C, assembly, raw syscalls): nothing
                    // says either writes.
                    if go && guesses_write(a) && guesses_write(b) {
                        continue;
                    }
                    if !(a.kind.writes() || b.kind.writes()) || (a.atomic && b.atomic) {
                        continue;
                    }
                    // Go's side is atomic and the other is code whose effect is only guessed
                    // (a C or assembly call, a raw syscall): the atomics are the protocol,
                    // and nothing says the other side breaks it.
                    if (a.atomic && guesses_write(b)) || (b.atomic && guesses_write(a)) {
                        continue;
                    }
                    if super::locks::exclude(&a.locks, &b.locks) {
                        continue;
                    }
                    if self.once.ordered(self.pkg, a, b) {
                        continue;
                    }
                    let Some((ca, cb)) = self.concurrent_contexts(oi, a, b, i == j) else { continue };
                    let (sa, sb) = (Side { access: i, context: ca }, Side { access: j, context: cb });
                    let race = if go && a.accessor == Accessor::Go {
                        Race::of(oi, sb, sa)
                    } else if go && b.accessor == Accessor::Go {
                        Race::of(oi, sa, sb)
                    } else {
                        self.orient(oi, sa, sb)
                    };
                    let key = if go { obj.accesses[race.primary].accessor } else { Accessor::Go };
                    match best.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, r)) if self.better(&race, r, obj) => *r = race,
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

    /// Puts the write in a goroutine first: that is the access the trail starts from.
    fn orient(&self, object: usize, a: Side, b: Side) -> Race {
        let accesses = &self.model.objects[object].accesses;
        // A release first: the use it cuts short is the other side.
        let score = |s: Side| {
            let a = &accesses[s.access];
            (a.via == Via::Release, a.kind.writes(), self.model.context(s.context) != &ContextKind::Spawner)
        };
        if score(b) > score(a) {
            Race::of(object, b, a)
        } else {
            Race::of(object, a, b)
        }
    }

    /// Prefers a write in a goroutine, then the earliest in the source.
    fn better(&self, r: &Race, than: &Race, obj: &Object) -> bool {
        let key = |r: &Race| {
            let a = &obj.accesses[r.primary];
            (
                !a.kind.writes(),
                self.model.context(r.primary_context) == &ContextKind::Spawner,
                a.span.file,
                a.span.start,
                obj.accesses[r.other].span.start,
            )
        };
        key(r) < key(than)
    }

    /// Whether each instance of repeated goroutine `g` has its own copy of a local object:
    /// its spawner makes it in the turn of the loop that starts `g` (see `per_instance_at`).
    fn per_instance(&self, obj: &Object, g: ContextId) -> bool {
        let Some(local) = &obj.local else { return false };
        let ContextKind::Goroutine { spawner: Some(s), .. } = self.model.context(g) else { return false };
        local.made.iter().any(|(f, made)| f == s && self.per_instance_at(g, Some(*f), *made))
    }

    /// Whether `x`, an access of the spawner of goroutine `g`, touches an object made afresh
    /// in each turn of the loop that starts `g`, after it is made and before the `go`
    /// statement of the same turn: filling a fresh buffer and handing it to a goroutine.
    /// The goroutines of earlier turns have objects of their own.
    fn fresh_before_spawn(&self, obj: &Object, g: ContextId, x: &Access) -> bool {
        let Some(local) = &obj.local else { return false };
        let ContextKind::Goroutine { spawn, spawner: Some(s), .. } = self.model.context(g) else { return false };
        // The innermost loop around the `go`: no turn of an inner loop between the make
        // and the `go`.
        let Some(l) = innermost_loop(self.pkg, spawn.file, spawn.start) else { return false };
        x.func == *s
            && x.at < spawn.start
            && local.made.iter().any(|(f, made)| {
                f == s && made.end <= x.at && l.start <= made.start && made.end <= l.end && spawn.end <= l.end
            })
    }

    /// Where the memory access `x` goes through in `context` comes from (see `roots`),
    /// remembered.
    fn trace(&self, x: &Access, context: ContextId) -> Option<Rc<Trace>> {
        self.trace_of(x.through?, context)
    }

    /// The trace of what `base`, evaluated in `context`, reaches (remembered).
    fn trace_of(&self, base: Base, context: ContextId) -> Option<Rc<Trace>> {
        if let Some(hit) = self.traces.borrow().get(&(base, context)) {
            return hit.clone();
        }
        let (pkg, model) = (self.pkg, self.model);
        let roots = self
            .roots
            .get_or_init(|| Roots::new(pkg, &model.calls, &model.schedule(pkg).func_contexts, &model.contexts));
        let found = roots.of(pkg, base, context).map(Rc::new);
        self.traces.borrow_mut().insert((base, context), found.clone());
        found
    }

    /// Whether each instance of goroutine `g` makes access `x` on memory of its own: `x` is
    /// made in the goroutine's function, and what it goes through comes only from
    /// allocations and variables of the goroutine, or of the turn of the spawning loop that
    /// starts it (`obuf := pool.Get().([]byte)` before `go func() { encode(obuf, in) }()`).
    /// A variable declared outside the loop is one for every turn.
    fn own_memory(&self, x: &Access, g: ContextId, trace: &Trace) -> bool {
        let pkg = self.pkg;
        let ContextKind::Goroutine { target, foreign: None, .. } = self.model.context(g) else { return false };
        within(pkg, x.func, *target)
            && trace.roots.iter().all(|r| match *r {
                Root::Fresh(e) => self.per_instance_at(g, pkg.expr(e).owner, pkg.expr(e).span),
                Root::Storage(b) => self.per_instance_at(g, pkg.binding(b).owner, pkg.binding(b).span),
                Root::Received(_) | Root::Param(_) => false,
            })
            && self.per_instance_vars(g, trace)
    }

    /// Whether every variable on a trace is one each instance of goroutine `g` has for
    /// itself.
    fn per_instance_vars(&self, g: ContextId, trace: &Trace) -> bool {
        let pkg = self.pkg;
        trace.vars.iter().all(|b| self.per_instance_at(g, pkg.binding(*b).owner, pkg.binding(*b).span))
    }

    /// Whether code at `at` in function `owner` runs once per instance of goroutine `g`: in
    /// its function (or a closure in it), in the innermost loop around its `go`, or, with
    /// no loop around it, in the function that holds the `go`.
    fn per_instance_at(&self, g: ContextId, owner: Option<FuncId>, at: Span) -> bool {
        let ContextKind::Goroutine { spawn, target, spawner, .. } = self.model.context(g) else { return false };
        let turn =
            *self.turns.borrow_mut().entry(g).or_insert_with(|| innermost_loop(self.pkg, spawn.file, spawn.start));
        owner.is_some_and(|f| within(self.pkg, f, *target))
            || match turn {
                Some(l) => l.file == at.file && l.start <= at.start && at.end <= l.end,
                None => owner.is_some() && owner == *spawner,
            }
    }

    /// Whether `a` in context `ca` and `b` in `cb` touch different memory, or memory one
    /// holder at a time has, though their classes are one: the model follows what each
    /// goes through back to its roots (see `roots`), and
    /// - both borrow it from the same pool channel; or
    /// - none is received from a channel, and they share none; or
    /// - in two instances of one goroutine, one side works on memory each instance makes
    ///   for itself and the other reaches memory only through variables of its own
    ///   instance.
    ///
    /// An access attributed to a call is asked twice: through the call's argument, and
    /// through what it touches in its own function, which follows every call in the
    /// context but is right even when the memory does not come from the argument (the
    /// destination of a `copy` whose source is the parameter).
    fn apart(&self, a: &Access, ca: ContextId, b: &Access, cb: ContextId) -> bool {
        let (Some(ta), Some(tb)) = (self.trace(a, ca), self.trace(b, cb)) else {
            return self.apart_own(a, ca, b, cb);
        };
        self.apart_traced((a, ca, &ta), (b, cb, &tb), false) || self.apart_own(a, ca, b, cb)
    }

    /// [`Finder::apart`] through what attributed accesses touch in their own functions.
    fn apart_own(&self, a: &Access, ca: ContextId, b: &Access, cb: ContextId) -> bool {
        if a.own.is_none() && b.own.is_none() {
            return false;
        }
        let own = |x: &Access, c: ContextId| self.trace_of(x.own.or(x.through)?, c);
        let (Some(ta), Some(tb)) = (own(a, ca), own(b, cb)) else { return false };
        self.apart_traced((a, ca, &ta), (b, cb, &tb), true)
    }

    /// [`Finder::apart`] for two accesses with their contexts and traces, `own` when the
    /// traces start at what the accesses touch in their own functions.
    fn apart_traced(
        &self,
        (a, ca, ta): (&Access, ContextId, &Trace),
        (b, cb, tb): (&Access, ContextId, &Trace),
        own: bool,
    ) -> bool {
        // Borrowed from one pool channel: each holder has the object to itself until it
        // sends it back, and the next takes it after that. Code that does not borrow it
        // reaches other memory when none of its roots is one of what the pool holds.
        let roots = self.roots.get().expect("built by trace");
        let received = |t: &Trace| t.roots.iter().any(|r| matches!(r, Root::Received(_)));
        let (pa, pb) = (roots.pool(self.pkg, ta), roots.pool(self.pkg, tb));
        if pa.is_some() && pa == pb {
            return true;
        }
        let outside = |borrowed: &Trace, other: &Trace| {
            let held = Trace { roots: borrowed.held.clone(), ..Trace::default() };
            !borrowed.held_unknown && !received(other) && !held.shares(other)
        };
        if pa.is_some() && outside(ta, tb) || pb.is_some() && outside(tb, ta) {
            return true;
        }
        // A local variable whose address stays in locals and parameters is reached only
        // through the variable: by code that does not name it, never.
        let local = |t: &Trace, other: &Trace| {
            !t.roots.is_empty()
                && t.roots.iter().all(|r| {
                matches!(*r, Root::Storage(v) if !other.roots.contains(r) && self.escapes.stays_local(self.pkg, v))
            })
        };
        if local(ta, tb) || local(tb, ta) {
            return true;
        }
        if received(ta) || received(tb) {
            return false;
        }
        if !ta.shares(tb) {
            return true;
        }
        if ca == SPAWNER && cb != SPAWNER && self.handed_over(a, ta, cb, tb, own)
            || cb == SPAWNER && ca != SPAWNER && self.handed_over(b, tb, ca, ta, own)
        {
            return true;
        }
        ca == cb
            && (self.own_memory(a, ca, ta) && self.per_instance_vars(ca, tb)
                || self.own_memory(b, cb, tb) && self.per_instance_vars(ca, ta))
    }

    /// Whether spawner access `x` (trace `tx`) reaches what goroutine `g` (trace `tg`)
    /// reaches only in objects it is done with before they are handed to `g`: each root
    /// they share is made afresh for each instance of `g` (in the turn of the loop that
    /// hands it over, or in the call), and `x` touches it in that turn before the call or
    /// `go` statement that hands it over, reaching it by the same chain of calls
    /// (`inbuf := pool.Get(); read(inbuf); w.writeFull(inbuf)`, where `writeFull` either
    /// encodes it in place and returns, or starts a goroutine on it).
    fn handed_over(&self, x: &Access, tx: &Trace, g: ContextId, tg: &Trace, own: bool) -> bool {
        let pkg = self.pkg;
        let ContextKind::Goroutine { spawn, spawner: Some(f), .. } = self.model.context(g) else { return false };
        if tx.chains_partial || tg.chains_partial {
            return false;
        }
        let common: Vec<Root> = tx
            .roots
            .iter()
            .filter(|r| !matches!(r, Root::Param(_)) && tg.roots.binary_search(r).is_ok())
            .copied()
            .collect();
        if common.is_empty() {
            return false;
        }
        // Where the trace of `x` starts: what it touches in its own function, or the call it
        // is attributed to.
        let start = match pkg.expr(x.expr).owner {
            Some(f) if own => (f, x.span),
            _ => (x.func, Span { file: pkg.func(x.func).span.file, start: x.at, end: x.at }),
        };
        for r in &common {
            if tx.unchained.binary_search(r).is_ok() || tg.unchained.binary_search(r).is_ok() {
                return false;
            }
            let (made_in, made) = match *r {
                Root::Fresh(e) => (pkg.expr(e).owner, pkg.expr(e).span),
                Root::Storage(b) => (pkg.binding(b).owner, pkg.binding(b).span),
                _ => return false,
            };
            let Some(made_in) = made_in else { return false };
            let chains = |t: &Trace| -> Vec<Vec<Lift>> {
                t.chains.iter().filter(|(c, _)| c == r).map(|(_, ch)| ch.clone()).collect()
            };
            let (xs, gs) = (chains(tx), chains(tg));
            if xs.is_empty() || gs.is_empty() {
                return false;
            }
            for gc in &gs {
                // The lift through the `go` statement's own call is the `go`.
                let gc: Vec<Lift> =
                    gc.iter().filter(|l| !within_span(pkg.expr(l.call).span, *spawn)).copied().collect();
                let path = handover_path(pkg, *f, *spawn, &gc);
                if !once_per_instance(pkg, &path, made_in, made) {
                    return false;
                }
                if !xs.iter().all(|xc| self.before_handover(start, xc, g, tg, &path, &gc, made)) {
                    return false;
                }
            }
        }
        // What else the two reach does not meet.
        let rest = |t: &Trace| Trace {
            roots: t.roots.iter().filter(|r| !common.contains(r)).copied().collect(),
            made: t.made.clone(),
            ..Trace::default()
        };
        !rest(tx).shares(&rest(tg))
    }

    /// Whether spawner access `x`, reaching a root by the chain of calls `xc`, is done
    /// with it before the object is handed on along `path` (see `handover_path`, lifts
    /// `gc`) to goroutine `g`: where the two chains meet, `x` comes first, and from there
    /// out they are the same calls. When `x` is attributed to the very call that hands
    /// the object on, the functions below it must not touch it after they hand it on.
    #[allow(clippy::too_many_arguments)]
    fn before_handover(
        &self,
        start: (FuncId, Span),
        xc: &[Lift],
        g: ContextId,
        tg: &Trace,
        path: &[(FuncId, Span)],
        gc: &[Lift],
        made: Span,
    ) -> bool {
        let pkg = self.pkg;
        let mine: Vec<(FuncId, Span)> = std::iter::once(start)
            .chain(xc.iter().filter_map(|l| Some((pkg.expr(l.call).owner?, pkg.expr(l.call).span))))
            .collect();
        if mine.len() != xc.len() + 1 {
            return false;
        }
        let Some((i, j)) =
            mine.iter().enumerate().find_map(|(i, (f, _))| path.iter().position(|(p, _)| p == f).map(|j| (i, j)))
        else {
            return false;
        };
        // The same calls from there out.
        if xc[i..].iter().map(|l| l.call).ne(gc[j..].iter().map(|l| l.call)) {
            return false;
        }
        let (at, handover) = (mine[i].1, path[j].1);
        let ordered = if i == 0 && j > 0 && at.start == handover.start {
            // Inside the call that hands it on: below it, nothing touches the object
            // after handing it on.
            (0..j).all(|k| self.quiet_after(g, tg, path[k].0, path[k].1, gc[k].param))
        } else {
            at.end <= handover.start && !(i == 0 && at.start == handover.start)
        };
        if !ordered {
            return false;
        }
        if j + 1 == path.len() {
            // In the function that makes it: after it is made, in the same turn.
            let turn = innermost_loop(pkg, handover.file, handover.start);
            return made.end <= at.start && turn.is_none_or(|l| l.start <= at.start && at.end <= l.end);
        }
        true
    }

    /// Whether function `f` touches the object that enters it through `param`, and the
    /// variables of `f` that goroutine `g`'s trace `tg` goes through, only before
    /// `handover` (the `go` statement or the call that hands it on): no use after it, and
    /// none in a closure other than `g`'s own (a deferred one runs at the end).
    fn quiet_after(&self, g: ContextId, tg: &Trace, f: FuncId, handover: Span, param: BindingId) -> bool {
        let pkg = self.pkg;
        let target = match self.model.context(g) {
            ContextKind::Goroutine { target, .. } => Some(*target),
            _ => None,
        };
        let uses = self.escapes.uses(pkg);
        let vars = std::iter::once(param).chain(tg.vars.iter().copied().filter(|b| pkg.binding(*b).owner == Some(f)));
        vars.flat_map(|b| uses.get(&b).into_iter().flatten()).all(|&u| {
            let e = pkg.expr(u);
            match e.owner {
                Some(o) if o == f => e.span.start < handover.start || within_span(e.span, handover),
                Some(o) => Some(o) == target,
                None => false,
            }
        })
    }

    /// Whether goroutine `g` can share a local object: it is started by a function that
    /// holds the object, or by one they call (which may receive it as an argument).
    fn shares_local(&self, object: usize, local: &Local, g: ContextId) -> bool {
        if let Some(hit) = self.shares.borrow().get(&(object, g)) {
            return *hit;
        }
        let found = self.holds_local(local, g);
        self.shares.borrow_mut().insert((object, g), found);
        found
    }

    /// [`Finder::shares_local`], not remembered.
    fn holds_local(&self, local: &Local, g: ContextId) -> bool {
        let ContextKind::Goroutine { spawner, .. } = self.model.context(g) else { return false };
        let Some(s) = *spawner else { return true };
        let mut found = false;
        let (mut work, mut seen) = (vec![(s, 0u32)], HashSet::new());
        while let Some((f, depth)) = work.pop() {
            crate::budget::spend(1);
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
                match self.pkg.func(outer).parent {
                    Some(p) => outer = p,
                    None => break,
                }
            }
            if found {
                break;
            }
            if depth < 6 {
                for callee in [f, outer] {
                    for site in self.model.calls.sites.get(&callee).into_iter().flatten() {
                        work.push((site.caller, depth + 1));
                    }
                }
            }
        }
        found
    }

    /// Whether goroutine `g` can run access `x` in a build that compiles `x` as it is: a path
    /// of calls leads from the goroutine's function to the function the access is written in
    /// (below any calls it is attributed to) through functions whose files can each be built
    /// with the access's file and, for a call of a body-less function, with the file that
    /// declares it (s2's `emitLiteral` is assembly in `encodeblock_amd64.go`; the Go
    /// encoder that calls it there is reached from the writer's goroutines only through
    /// `encode_go.go`, built where `emitLiteral` is Go). The spawner's accesses, and accesses
    /// whose files build everywhere, are not checked.
    fn reaches_in_build(&self, g: ContextId, x: &Access) -> bool {
        let (pkg, model) = (self.pkg, self.model);
        let ContextKind::Goroutine { target, foreign: None, .. } = model.context(g) else { return true };
        if let Some(hit) = self.built.borrow().get(&(g, x.expr)) {
            return *hit;
        }
        let found = match pkg.expr(x.expr).owner {
            None => true,
            Some(owner) => {
                let body_less = match &pkg.expr(x.expr).kind {
                    ExprKind::Call { func, .. } if x.accessor != Accessor::Go => {
                        pkg.callee_func(*func).map(|(f, _)| f).filter(|f| !pkg.func(*f).has_body)
                    }
                    _ => None,
                };
                let files = (pkg.func(owner).span.file, body_less.map(|f| pkg.func(f).span.file));
                let always = |f: FileId| pkg.file(f).constraint == Constraint::Always;
                if always(files.0) && files.1.is_none_or(always) {
                    true
                } else {
                    let mut reachable = self.reachable.borrow_mut();
                    let set = reachable.entry((g, files)).or_insert_with(|| self.reachable_in_build(*target, files));
                    set.contains(&owner)
                }
            }
        };
        self.built.borrow_mut().insert((g, x.expr), found);
        found
    }

    /// The functions reached from `target` through functions whose files can each be built
    /// with `files` (an access's file, and the file declaring the body-less function it calls).
    fn reachable_in_build(&self, target: FuncId, files: BuildFiles) -> HashSet<FuncId> {
        let (pkg, model) = (self.pkg, self.model);
        let callees =
            self.callees.get_or_init(|| super::contexts::run_edges(pkg, &model.calls.sites, &model.spawn_targets));
        let mut required: Vec<&Constraint> = vec![&pkg.file(files.0).constraint];
        required.extend(files.1.map(|f| &pkg.file(f).constraint));
        let mut builds: HashMap<FileId, bool> = HashMap::new();
        let (mut stack, mut seen) = (vec![target], HashSet::new());
        while let Some(f) = stack.pop() {
            crate::budget::spend(1);
            if seen.contains(&f) {
                continue;
            }
            let file = pkg.func(f).span.file;
            let ok = *builds.entry(file).or_insert_with(|| {
                let mut with = required.clone();
                with.push(&pkg.file(file).constraint);
                compatible(&with)
            });
            if !ok {
                continue;
            }
            seen.insert(f);
            stack.extend(callees[f.index()].iter().copied());
        }
        seen
    }

    /// The functions whose every call the package shows: not exported, not `//export`ed or
    /// linknamed, never used as a value (a method value `x.m`, a function passed or stored).
    fn helper_funcs(&self) -> &HashSet<FuncId> {
        self.helpers.get_or_init(|| {
            let pkg = self.pkg;
            let mut as_values: HashSet<&str> = HashSet::new();
            for id in pkg.expr_ids() {
                let e = pkg.expr(id);
                let name = match &e.kind {
                    ExprKind::Name { name, .. } => name.as_str(),
                    ExprKind::Selector { field, .. } => field.as_str(),
                    _ => continue,
                };
                let called = matches!(e.parent, Parent::Expr(p)
                    if matches!(&pkg.expr(p).kind, ExprKind::Call { func, .. } if *func == id));
                if !called {
                    as_values.insert(name);
                }
            }
            pkg.func_ids()
                .filter(|&f| {
                    let func = pkg.func(f);
                    let Some(name) = func.name.as_deref() else { return false };
                    !name.starts_with(|c: char| c.is_uppercase())
                        && !matches!(name, "main" | "init")
                        && !func.has_directive("export")
                        && !pkg.linknamed.contains(name)
                        && !as_values.contains(name)
                })
                .collect()
        })
    }

    /// The locks a helper holds throughout its body when goroutine `g` runs it: those every
    /// call of it in `g` holds (`s.mu.Lock(); s.flushLocked(); s.mu.Unlock()`, or a channel
    /// token taken before the call), unless it takes or releases them itself. A call
    /// another goroutine makes does not count against it (a benchmark's setup calling the
    /// helper unlocked, before any goroutine runs, does not unlock the worker's calls).
    /// Cycles of calls inherit nothing.
    fn inherited_locks(&self, f: FuncId, g: ContextId, depth: u32) -> Vec<String> {
        let (pkg, model) = (self.pkg, self.model);
        if !model.locks.any() || depth > 16 || !self.helper_funcs().contains(&f) {
            return Vec::new();
        }
        if let Some(hit) = self.inherited.borrow().get(&(f, g)) {
            return hit.clone();
        }
        if matches!(model.context(g), ContextKind::Goroutine { target, .. } if *target == f) {
            return Vec::new();
        }
        // Provisional, for cycles.
        self.inherited.borrow_mut().insert((f, g), Vec::new());
        let func_contexts = &model.schedule(pkg).func_contexts;
        let mut common: Option<Vec<String>> = None;
        for site in model.calls.sites.get(&f).into_iter().flatten() {
            if !func_contexts[site.caller.index()].contains(&g) {
                continue;
            }
            crate::budget::spend(1);
            let mut held = model.locks.held(site.caller, site.at);
            held.extend(self.inherited_locks(site.caller, g, depth + 1));
            common = Some(match common {
                None => held,
                Some(c) => c.into_iter().filter(|k| held.contains(k)).collect(),
            });
            if common.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        let own = model.locks.own_keys(f);
        let mut keys: Vec<String> = common
            .unwrap_or_default()
            .into_iter()
            .filter(|k| !own.contains(&k.strip_suffix(super::locks::READ).unwrap_or(k)))
            .collect();
        keys.sort();
        keys.dedup();
        self.inherited.borrow_mut().insert((f, g), keys.clone());
        keys
    }

    /// Whether `a` in goroutine `ca` and `b` in `cb` hold a common lock, counting what their
    /// functions inherit from their callers there.
    fn locked_apart(&self, a: &Access, ca: ContextId, b: &Access, cb: ContextId) -> bool {
        if !self.model.locks.any() {
            return false;
        }
        let (ia, ib) = (self.inherited_locks(a.func, ca, 0), self.inherited_locks(b.func, cb, 0));
        if ia.is_empty() && ib.is_empty() {
            return false;
        }
        let la: Vec<String> = a.locks.iter().cloned().chain(ia).collect();
        let lb: Vec<String> = b.locks.iter().cloned().chain(ib).collect();
        super::locks::exclude(&la, &lb)
    }

    /// Two contexts, one running `a` and one running `b`, that may overlap.
    fn concurrent_contexts(&self, object: usize, a: &Access, b: &Access, same: bool) -> Option<(ContextId, ContextId)> {
        let (pkg, model) = (self.pkg, self.model);
        let obj = &model.objects[object];
        let func_contexts = &model.schedule(pkg).func_contexts;
        let contexts_of = |x: &Access| -> Vec<ContextId> {
            match x.context {
                Some(c) => vec![c],
                None => func_contexts[x.func.index()].iter().copied().collect(),
            }
        };
        let (ca_all, cb_all) = (contexts_of(a), contexts_of(b));
        for &ca in &ca_all {
            if !self.reaches_in_build(ca, a) {
                continue;
            }
            for &cb in &cb_all {
                crate::budget::spend(1);
                if !self.reaches_in_build(cb, b) || self.locked_apart(a, ca, b, cb) {
                    continue;
                }
                if let Some(local) = &obj.local {
                    if !self.shares_local(object, local, ca) && !self.shares_local(object, local, cb) {
                        continue;
                    }
                }
                // The object whose field both go through is local to functions that neither
                // goroutine shares it with.
                if let (Some(Holder { local: Some(la), .. }), Some(Holder { local: Some(lb), .. })) =
                    (&a.holder, &b.holder)
                {
                    if !self.holds_local(la, ca) && !self.holds_local(lb, cb) {
                        continue;
                    }
                }
                if ca == cb {
                    let ContextKind::Goroutine { repeated: true, .. } = model.context(ca) else { continue };
                    if a.disjoint && b.disjoint || self.per_instance(obj, ca) {
                        continue;
                    }
                    if self.apart(a, ca, b, cb) {
                        continue;
                    }
                    return Some((ca, cb));
                }
                // One access run by two goroutines races with itself when it writes Go
                // code's way (a helper called unlocked from a goroutine and from its
                // spawner); a guessed write of C, assembly or the kernel does not, nor does
                // one in a function `sync.Once.Do` runs.
                if same && (!(a.accessor == Accessor::Go && a.kind.writes()) || self.once.runs_once(pkg, a)) {
                    continue;
                }
                if ca == SPAWNER && model.ordered_with(pkg, a, cb) || cb == SPAWNER && model.ordered_with(pkg, b, ca) {
                    continue;
                }
                if ca == SPAWNER && self.fresh_before_spawn(obj, cb, a)
                    || cb == SPAWNER && self.fresh_before_spawn(obj, ca, b)
                {
                    continue;
                }
                if model.goroutines_ordered(pkg, ca, cb) {
                    continue;
                }
                if model.handed_off(pkg, a) && model.after_receive(pkg, b)
                    || model.handed_off(pkg, b) && model.after_receive(pkg, a)
                {
                    continue;
                }
                // Last: it follows each access back, the dearest question.
                if self.apart(a, ca, b, cb) {
                    continue;
                }
                return Some((ca, cb));
            }
        }
        None
    }
}

/// A read-and-write assumed of code whose effect is unknown: a C or assembly call, a raw
/// syscall.
fn guesses_write(a: &Access) -> bool {
    a.kind == AccessKind::ReadWrite && matches!(a.accessor, Accessor::C | Accessor::Kernel | Accessor::Assembly)
}

/// Where an object is handed on to a goroutine: the `go` statement in `spawner`, then
/// each call up the lifts `gc` that passes it down (the caller and the call).
fn handover_path(pkg: &Package, spawner: FuncId, spawn: Span, gc: &[Lift]) -> Vec<(FuncId, Span)> {
    std::iter::once((spawner, spawn))
        .chain(gc.iter().filter_map(|l| Some((pkg.expr(l.call).owner?, pkg.expr(l.call).span))))
        .collect()
}

/// Whether each object made at `made` in `made_in` goes to one instance of a goroutine
/// along `path`: it is made in the function that starts the chain, in the turn of the loop
/// around the handover there (or with no loop around it), before it and on every path to
/// it; and every handover further down runs once per call of its function (no loop
/// around it).
fn once_per_instance(pkg: &Package, path: &[(FuncId, Span)], made_in: FuncId, made: Span) -> bool {
    let Some(&(outer, at)) = path.last() else { return false };
    let per_turn = match innermost_loop(pkg, at.file, at.start) {
        Some(l) => l.file == made.file && l.start <= made.start && made.end <= l.end,
        None => true,
    };
    // Made on every path to the handover: its block holds the handover.
    let every_time = super::sync::innermost_block(pkg, made).is_some_and(|k| k.start <= at.start && at.end <= k.end);
    outer == made_in
        && made.file == at.file
        && made.end <= at.start
        && per_turn
        && every_time
        && path[..path.len() - 1].iter().all(|(_, s)| innermost_loop(pkg, s.file, s.start).is_none())
}

/// Whether span `a` lies within `b`.
fn within_span(a: Span, b: Span) -> bool {
    a.file == b.file && b.start <= a.start && a.end <= b.end
}

/// Whether `f` is `outer` or a closure inside it.
fn within(pkg: &Package, mut f: FuncId, outer: FuncId) -> bool {
    loop {
        if f == outer {
            return true;
        }
        match pkg.func(f).parent {
            Some(p) => f = p,
            None => return false,
        }
    }
}
