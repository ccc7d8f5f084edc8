//! Objects: memory the race detector misses, as alias classes with an origin, and the
//! accesses that reach them.
//!
//! - **Origins**: C allocations and mappings (`C.malloc`, preamble allocators,
//!   `syscall.Mmap`, allocators of imported packages), and **Go memory** where
//!   uninstrumented code touches it: what a pointer handed to C, the kernel or assembly
//!   points into, and what a `//go:norace` function touches. For the facts of exported
//!   functions, their parameters are origins of their own (`Origin::Argument`).
//! - **Attribution**: an access through a parameter is attributed to the argument of each
//!   call, in the caller's context and at the call's position, so a helper used by two
//!   goroutines on two buffers keeps them apart. Only classes that can reach an origin are
//!   explored.
//! - **Local objects**: a class with no field or package variable in it is memory of the
//!   functions that hold it.
//!
//! Each set of origins attributes the same touches on its own copy of the alias classes.

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::accesses::{Access, AccessKind, Accessor, Base, Holder, Via};
use super::alias::{Classes, Loc};
use super::calls::CallGraph;
use super::contexts::ContextId;
use super::locks::LockRegions;
use super::Graph;
use crate::allocators::Origin;

/// The most accesses of one object compared pair by pair.
pub(crate) const MAX_ACCESSES: usize = 512;

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
    /// Its class holds a field reached by a guess (a selector whose base's type is not
    /// known): the accesses may be to different objects.
    pub guessed: bool,
}

/// The functions that hold a local object, and where they make it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Local {
    /// Functions with a variable, parameter, result or allocation in the object's class.
    pub holders: Vec<FuncId>,
    /// Local variable declarations and allocation sites: (function, where).
    pub made: Vec<(FuncId, Span)>,
}

/// What an access reaches an object through, after `attribute`: the expression itself, the
/// argument of the call it is attributed to (a parameter standing for it), or arguments of
/// many calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Through {
    Here,
    Argument(ExprId),
    Unknown,
}

/// An origin class an access reaches, where the access happens, and through what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Reach {
    class: usize,
    site: Site,
    /// What carries the memory to the object (`Unknown` when a parameter of another
    /// function stands for the arguments of its calls).
    through: Through,
    /// What the access goes through at `site`, known even then.
    at_site: Through,
}

/// A function's parameter by index, or its receiver (`None`).
type ParamSlot = (FuncId, Option<usize>);

/// Where an access happens: in `func`, at `at` (the access itself, or a call through which
/// a parameter reaches it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Site {
    func: FuncId,
    at: u32,
}

/// One set of origins over the package's alias classes.
pub(crate) struct Attribution<'g, 'p> {
    graph: &'g Graph<'p>,
    classes: Classes,
    /// Classes that contain an origin, with it and where it is.
    origin_classes: HashMap<usize, (Origin, Span)>,
    class_params: HashMap<usize, Vec<ParamSlot>>,
    /// Classes that may hold memory of an origin (see `compute_reaches_origin`).
    reaches_origin: HashSet<usize>,
    /// Functions that start a goroutine, themselves or through a call (see `lift_holder`).
    starts_goroutines: Option<HashSet<FuncId>>,
    /// The literals that run in place (see `inside`), found when first needed.
    in_place: Option<HashSet<FuncId>>,
}

impl<'g, 'p> Attribution<'g, 'p> {
    /// C and mapped memory, and Go memory that uninstrumented code touches: what the rules
    /// ask about.
    pub fn races(graph: &'g Graph<'p>) -> Attribution<'g, 'p> {
        let mut a = Attribution::new(graph);
        a.allocations();
        a.index_params();
        a.go_memory();
        a
    }

    /// C and mapped memory, and the parameters of `candidates`: how exported functions
    /// treat their arguments, for their facts.
    pub fn arguments(graph: &'g Graph<'p>, candidates: &HashSet<FuncId>) -> Attribution<'g, 'p> {
        let mut a = Attribution::new(graph);
        a.allocations();
        let mut candidates: Vec<FuncId> = candidates.iter().copied().collect();
        candidates.sort_unstable();
        let pkg = graph.pkg;
        for f in candidates {
            for (i, p) in pkg.func(f).params.iter().enumerate() {
                if let Some(b) = p.binding {
                    let c = a.classes.index(Loc::Binding(b));
                    let c = a.classes.find(c);
                    a.origin_classes.entry(c).or_insert((Origin::Argument(f, i), p.span));
                }
            }
        }
        a.index_params();
        a
    }

    fn new(graph: &'g Graph<'p>) -> Attribution<'g, 'p> {
        Attribution {
            graph,
            classes: graph.aliases.classes.clone(),
            origin_classes: HashMap::new(),
            class_params: HashMap::new(),
            reaches_origin: HashSet::new(),
            starts_goroutines: None,
            in_place: None,
        }
    }

    /// Origins of classes, from their allocation sites.
    fn allocations(&mut self) {
        let pkg = self.graph.pkg;
        for id in pkg.expr_ids() {
            if let Some(o) = self.graph.aliases.allocs[id.index()] {
                let Some(c) = self.classes.class_if_known(&Loc::Alloc(id)) else { continue };
                self.origin_classes.entry(c).or_insert((o, pkg.expr(id).span));
            }
        }
    }

    /// Every function's parameter (and receiver) slots, by the class their binding is in.
    fn index_params(&mut self) {
        let pkg = self.graph.pkg;
        for f in pkg.func_ids() {
            let func = pkg.func(f);
            let recv = func.receiver.as_ref().and_then(|r| r.binding).map(|b| (None, b));
            let params = func.params.iter().enumerate().filter_map(|(i, p)| p.binding.map(|b| (Some(i), b)));
            for (slot, b) in recv.into_iter().chain(params) {
                let i = self.classes.index(Loc::Binding(b));
                let c = self.classes.find(i);
                self.class_params.entry(c).or_default().push((f, slot));
            }
        }
    }

    /// Whether `closure` is a literal that runs in place inside `f` (see
    /// [`super::calls::in_place_literals`]), through literals that do too: a parameter of `f` it
    /// reads is the argument of each call of `f`, as in `f` itself.
    fn inside(&mut self, closure: FuncId, f: FuncId) -> bool {
        let pkg = self.graph.pkg;
        if pkg.func(closure).parent.is_none() {
            return false;
        }
        let in_place = self.in_place.get_or_insert_with(|| super::calls::in_place_literals(pkg));
        let mut g = closure;
        while let Some(parent) = pkg.func(g).parent {
            if !in_place.contains(&g) {
                return false;
            }
            if parent == f {
                return true;
            }
            g = parent;
        }
        false
    }

    fn params_of_class(&self, c: usize) -> Vec<ParamSlot> {
        self.class_params.get(&c).cloned().unwrap_or_default()
    }

    /// The classes of the argument a call passes for a parameter slot.
    fn argument_classes(&mut self, edge: &super::calls::CallEdge, slot: Option<usize>, callee: FuncId) -> Vec<usize> {
        let graph = self.graph;
        match CallGraph::argument(graph.pkg, edge, slot, callee) {
            Some(arg) => self.classes.class_of(&graph.aliases.vals[arg.index()]),
            None => Vec::new(),
        }
    }

    /// Go memory that uninstrumented code touches becomes an object of its own (origin
    /// `Go`): what a pointer handed to C, the kernel or assembly points into, and what a
    /// `//go:norace` function touches, followed from parameters to every call's argument.
    /// A value handed over without a visible pointer (`C.f(p)`) counts when its class is
    /// one whose address is taken somewhere.
    fn go_memory(&mut self) {
        let graph = self.graph;
        let pkg = graph.pkg;
        let mut addressed: Option<HashSet<usize>> = None;
        let mut pivots: Vec<(Vec<usize>, Span)> = Vec::new();
        for raw in &graph.touches {
            let touch = &raw.touch;
            if touch.accessor == Accessor::Go {
                continue;
            }
            let mut classes = self.classes.class_of(&touch.locs);
            let span = match (touch.accessor, touch.handed) {
                (Accessor::Norace, _) => pkg.expr(raw.expr).span,
                (_, Some(h)) => pkg.expr(h).span,
                (_, None) => {
                    if addressed.is_none() {
                        addressed = Some(self.addressed_classes());
                    }
                    let taken = addressed.as_ref().expect("computed above");
                    classes.retain(|c| taken.contains(c));
                    pkg.expr(raw.expr).span
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

    /// The classes of everything whose address is taken (`&x`, `unsafe.SliceData(b)`), and
    /// of the variables `new` allocates; not addresses inside C or mapped memory.
    fn addressed_classes(&mut self) -> HashSet<usize> {
        let graph = self.graph;
        let pkg = graph.pkg;
        let mut out = HashSet::new();
        for id in pkg.expr_ids() {
            let taken = match &pkg.expr(id).kind {
                // The address of a field or element of C or mapped memory (`&ccred.parent`
                // of a `C.calloc`'d struct) points into that memory, not into Go's.
                ExprKind::Unary { op: UnaryOp::Addr, operand } => match &pkg.expr(*operand).kind {
                    ExprKind::Selector { base, .. } | ExprKind::Index { base, .. } => {
                        let base_classes = self.classes.class_of(&graph.aliases.vals[base.index()]);
                        !base_classes.iter().any(|c| self.origin_classes.get(c).is_some_and(|(o, _)| *o != Origin::Go))
                    }
                    _ => true,
                },
                ExprKind::Call { func, .. } => {
                    pkg.is_builtin(*func, "new")
                        || matches!(pkg.qualified_name(*func), Some(("unsafe", "SliceData" | "StringData")))
                }
                _ => false,
            };
            if taken {
                out.extend(self.classes.class_of(&graph.aliases.vals[id.index()]));
            }
        }
        out
    }

    /// The classes a class stands for: itself, or for a parameter's class, the classes of
    /// the arguments of every call (transitively, bounded).
    fn roots(&mut self, c: usize) -> Vec<usize> {
        let calls = &self.graph.calls;
        let (mut out, mut seen, mut work) = (Vec::new(), HashSet::new(), vec![c]);
        while let Some(c) = work.pop() {
            if !seen.insert(c) || seen.len() > 64 {
                continue;
            }
            crate::budget::spend(1);
            let mut lifted = false;
            for (f, slot) in self.params_of_class(c) {
                for edge in calls.calls_of(f) {
                    let Some(arg) = CallGraph::argument(self.graph.pkg, edge, slot, f) else { continue };
                    for ac in self.classes.class_of(&self.graph.aliases.vals[arg.index()]) {
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

    /// The classes whose memory may be of an origin: the origin classes, and classes
    /// holding a parameter some call passes such memory to (a fixpoint over call arguments).
    /// `attribute` explores only these.
    fn compute_reaches_origin(&mut self) {
        self.reaches_origin = self.origin_classes.keys().copied().collect();
        let classes: Vec<(usize, Vec<ParamSlot>)> = self.class_params.iter().map(|(c, p)| (*c, p.clone())).collect();
        // By argument class, the parameter classes it flows into: a worklist from the origin
        // classes reaches each class once (a pass over every class until nothing changes
        // was quadratic in the length of a call chain).
        let mut into: HashMap<usize, Vec<usize>> = HashMap::new();
        for (c, params) in classes {
            let mut args = Vec::new();
            for (f, slot) in params {
                for edge in self.graph.calls.calls_of(f) {
                    args.extend(self.argument_classes(edge, slot, f));
                }
            }
            args.sort_unstable();
            args.dedup();
            for a in args {
                into.entry(a).or_default().push(c);
            }
        }
        let mut work: Vec<usize> = self.reaches_origin.iter().copied().collect();
        while let Some(a) = work.pop() {
            crate::budget::spend(1);
            for &c in into.get(&a).into_iter().flatten() {
                if self.reaches_origin.insert(c) {
                    work.push(c);
                }
            }
        }
    }

    /// The origin classes an access to `classes` at `site` reaches, each with where it
    /// happens. A parameter of the site's function stands for the argument of each call: the
    /// access happens at that call, in the caller. A parameter of another function (held in
    /// a field, returned) stands for every argument passed to it; so does a parameter of a
    /// goroutine's function for the `go` call's argument.
    fn attribute(&mut self, site: Site, classes: Vec<usize>, depth: u32, through: Through, out: &mut Vec<Reach>) {
        let graph = self.graph;
        let mut seen: HashSet<usize> = HashSet::new();
        // Each class with whether it stands for a parameter of another function.
        let mut work: Vec<(usize, bool)> =
            classes.into_iter().filter(|c| self.reaches_origin.contains(c)).map(|c| (c, false)).collect();
        let mut lifted: Vec<(Site, Vec<usize>, Option<ExprId>)> = Vec::new();
        while let Some((c, expanded)) = work.pop() {
            if !seen.insert(c) || seen.len() > 256 {
                continue;
            }
            crate::budget::spend(1);
            if self.origin_classes.contains_key(&c) {
                out.push(Reach {
                    class: c,
                    site,
                    through: if expanded { Through::Unknown } else { through },
                    at_site: through,
                });
            }
            for (f, slot) in self.params_of_class(c) {
                for edge in graph.calls.calls_of(f) {
                    let mut arg_classes = self.argument_classes(edge, slot, f);
                    arg_classes.retain(|c| self.reaches_origin.contains(c));
                    if arg_classes.is_empty() {
                        continue;
                    }
                    if (f == site.func || self.inside(site.func, f)) && !edge.spawn {
                        let call = Site { func: edge.caller, at: graph.pkg.expr(edge.call).span.start };
                        lifted.push((call, arg_classes, CallGraph::argument(graph.pkg, edge, slot, f)));
                    } else {
                        work.extend(arg_classes.into_iter().map(|c| (c, true)));
                    }
                }
            }
        }
        if depth < 4 {
            // Bounded fan-out: a function called from many places is attributed to the
            // first call sites only (the same object is usually reached many times).
            for (call, cs, arg) in lifted.into_iter().take(16) {
                let through = arg.map_or(Through::Unknown, Through::Argument);
                self.attribute(call, cs, depth + 1, through, out);
            }
        }
    }

    /// The origin classes `locs`, touched at `site`, reach: each with where the access
    /// happens and through what.
    fn reached(&mut self, site: Site, locs: &[Loc]) -> Vec<Reach> {
        let classes = self.classes.class_of(locs);
        let mut reached = Vec::new();
        self.attribute(site, classes, 0, Through::Here, &mut reached);
        reached.sort_unstable();
        reached.dedup();
        reached
    }

    /// Where an access through a field of `holder` (locations at `site`) is made, each with
    /// the classes of the holder there: when the holder is only a parameter of the site's
    /// function, at each call of it, on the object the call passes (as `attribute` does
    /// for memory a parameter points at); else at the site. The holder's classes are `None`
    /// when the model does not see every value it can be.
    fn lift_holder(
        &mut self,
        members: &HashMap<usize, Vec<Loc>>,
        site: Site,
        holder: Vec<Loc>,
        storage: bool,
        depth: u32,
    ) -> Vec<(Site, Option<Holder>)> {
        let graph = self.graph;
        let pkg = graph.pkg;
        let classes = self.classes.class_of(&holder);
        let own_param = |l: &Loc| {
            matches!(l, Loc::Binding(b) if pkg.binding(*b).owner == Some(site.func)
                && matches!(pkg.binding(*b).kind, BindingKind::Param | BindingKind::Receiver))
        };
        let pure = classes.iter().all(|c| members.get(c).is_some_and(|m| m.iter().all(own_param)));
        let edges = graph.calls.calls_of(site.func);
        // A function that starts a goroutine makes some accesses before it and some after:
        // at the call, they would all be one point.
        if pure
            && depth < 4
            && !self.starts_goroutines().contains(&site.func)
            && !edges.is_empty()
            && edges.len() <= 16
            && edges.iter().all(|e| !e.spawn)
        {
            let slots: Vec<Option<usize>> = classes
                .iter()
                .flat_map(|c| self.params_of_class(*c))
                .filter(|(f, _)| *f == site.func)
                .map(|(_, slot)| slot)
                .collect();
            let mut out = Vec::new();
            for edge in edges {
                let call = Site { func: edge.caller, at: pkg.expr(edge.call).span.start };
                let mut locs = Vec::new();
                let mut known = !slots.is_empty();
                for &slot in &slots {
                    let arg = CallGraph::argument(pkg, edge, slot, site.func);
                    match arg.and_then(|a| graph.holders().object_of(pkg, &graph.aliases, a, storage)) {
                        Some(l) => locs.extend(l),
                        None => known = false,
                    }
                }
                if known {
                    out.extend(self.lift_holder(members, call, locs, storage, depth + 1));
                } else {
                    out.push((call, None));
                }
            }
            return out;
        }
        if holder.iter().any(|l| !graph.holders().tracked(l)) {
            return vec![(site, None)];
        }
        let expanded = self.expand_holder(members, classes, storage);
        let holder = expanded.map(|classes| {
            let mut made = Local::default();
            let mut all_local = true;
            // A location first met here (a struct variable's own storage) is a class of its
            // own.
            let mut singles: HashMap<usize, Vec<Loc>> = HashMap::new();
            for l in &holder {
                let c = self.classes.class_of(std::slice::from_ref(l))[0];
                if !members.contains_key(&c) {
                    singles.entry(c).or_default().push(*l);
                }
            }
            for c in &classes {
                let m = if singles.contains_key(c) { &singles } else { members };
                match local(pkg, *c, m) {
                    Some(l) => {
                        made.holders.extend(l.holders);
                        made.made.extend(l.made);
                    }
                    None => all_local = false,
                }
            }
            made.holders.sort_unstable();
            made.holders.dedup();
            Holder { classes, local: all_local.then_some(made) }
        });
        vec![(site, holder)]
    }

    /// The classes a holder's classes stand for, each parameter's class expanded to the
    /// objects the calls of its function pass; `None` when some caller is not known or a
    /// location receives values the model does not follow.
    fn expand_holder(
        &mut self,
        members: &HashMap<usize, Vec<Loc>>,
        classes: Vec<usize>,
        storage: bool,
    ) -> Option<Vec<usize>> {
        let graph = self.graph;
        let (pkg, facts) = (graph.pkg, graph.holders());
        let (mut out, mut work) = (HashSet::new(), classes);
        while let Some(c) = work.pop() {
            if !out.insert(c) {
                continue;
            }
            if out.len() > 64 {
                return None;
            }
            crate::budget::spend(1);
            if members.get(&c).into_iter().flatten().any(|l| !facts.tracked(l) || matches!(l, Loc::FieldStorage(_))) {
                return None;
            }
            for (f, slot) in self.params_of_class(c) {
                if !graph.calls.callers_known(pkg, f) {
                    return None;
                }
                for edge in graph.calls.calls_of(f) {
                    let arg = CallGraph::argument(pkg, edge, slot, f)?;
                    let locs = facts.object_of(pkg, &graph.aliases, arg, storage)?;
                    if locs.iter().any(|l| !facts.tracked(l)) {
                        return None;
                    }
                    work.extend(self.classes.class_of(&locs));
                }
            }
        }
        let mut out: Vec<usize> = out.into_iter().collect();
        out.sort_unstable();
        Some(out)
    }

    /// Functions that start a goroutine (a `go` statement, or a call of a function of
    /// another package that starts one), or call one that does.
    fn starts_goroutines(&mut self) -> &HashSet<FuncId> {
        let graph = self.graph;
        self.starts_goroutines.get_or_insert_with(|| {
            let spawns = &graph.spawns;
            let mut work: Vec<FuncId> = spawns.local.iter().filter_map(|s| s.spawner).collect();
            work.extend(spawns.foreign.iter().map(|s| s.caller));
            work.extend(spawns.direct.iter().map(|s| s.caller));
            let mut out = HashSet::new();
            while let Some(f) = work.pop() {
                if !out.insert(f) {
                    continue;
                }
                crate::budget::spend(1);
                // A closure's goroutine starts while the function around it runs.
                if let Some(p) = graph.pkg.func(f).parent {
                    work.push(p);
                }
                work.extend(graph.calls.sites.get(&f).into_iter().flatten().map(|s| s.caller));
            }
            out
        })
    }

    /// The objects: every origin class that some access reaches, with its accesses.
    pub fn objects(mut self, locks: &LockRegions) -> Vec<Object> {
        if self.origin_classes.is_empty() {
            return Vec::new();
        }
        let graph = self.graph;
        let pkg = graph.pkg;
        self.compute_reaches_origin();
        let mut by_class: HashMap<usize, Vec<Access>> = HashMap::new();
        let direct = graph.spawns.direct_contexts();
        // For holders; the objects' own are taken below, after every location is met.
        let holder_members = self.classes.members();
        for raw in &graph.touches {
            let (id, func, touch) = (raw.expr, raw.func, &raw.touch);
            let span = pkg.expr(id).span;
            let site = Site { func, at: span.start };
            let reached = self.reached(site, &touch.locs);
            let holder = if reached.iter().any(|r| r.through == Through::Here) {
                graph.holders().of_access(pkg, &graph.aliases, touch.handed.or(touch.argument).unwrap_or(id))
            } else {
                None
            };
            for Reach { class: c, site: run, through, at_site } in reached {
                // An access through a field of the function's own parameter is made, like one
                // through the parameter itself, on the object each call passes; an access
                // through a parameter, on the holder of the field the call passes.
                let found = match through {
                    Through::Here => holder.clone(),
                    Through::Argument(arg) => graph.holders().of_access(pkg, &graph.aliases, arg),
                    Through::Unknown => None,
                };
                let base = match at_site {
                    Through::Here => Some(touch.handed.or(touch.argument).map_or(Base::Place(id), Base::Value)),
                    Through::Argument(arg) => Some(Base::Value(arg)),
                    Through::Unknown => None,
                };
                let runs = match found {
                    Some((locs, storage)) => self.lift_holder(&holder_members, run, locs, storage, 0),
                    None => vec![(run, None)],
                };
                for (run, holder) in runs {
                    let mut held = locks.held(func, span.start);
                    held.extend(touch.locks.iter().cloned());
                    if run.func != func {
                        held.extend(locks.held(run.func, run.at));
                    }
                    held.sort();
                    held.dedup();
                    by_class.entry(c).or_default().push(Access {
                        expr: id,
                        span,
                        at: run.at,
                        kind: touch.kind,
                        func: run.func,
                        atomic: touch.atomic,
                        locks: held,
                        via: touch.via,
                        disjoint: raw.disjoint && run.func == func,
                        // The call a `go` statement makes runs in the goroutine it starts.
                        context: direct.get(&id).copied(),
                        remote: None,
                        accessor: touch.accessor,
                        through: base,
                        own: match at_site {
                            Through::Argument(_) => {
                                Some(touch.handed.or(touch.argument).map_or(Base::Place(id), Base::Value))
                            }
                            _ => None,
                        },
                        holder,
                    });
                }
            }
        }
        // Accesses of goroutines that imported functions start on their arguments.
        let first = graph.spawns.first_foreign();
        for (k, spawn) in graph.spawns.foreign.iter().enumerate() {
            let ExprKind::Call { args, .. } = &pkg.expr(spawn.call).kind else { continue };
            let span = pkg.expr(spawn.call).span;
            for (i, using) in &spawn.uses {
                let Some(arg) = args.get(*i) else { continue };
                let site = Site { func: spawn.caller, at: span.start };
                for Reach { class: c, site: run, .. } in self.reached(site, &graph.aliases.vals[arg.index()]) {
                    by_class.entry(c).or_default().push(Access {
                        expr: spawn.call,
                        span,
                        at: run.at,
                        kind: if using.writes { AccessKind::Write } else { AccessKind::Read },
                        func: run.func,
                        atomic: false,
                        locks: using.locks.clone(),
                        via: Via::ForeignGoroutine,
                        disjoint: false,
                        context: Some(ContextId((first + k) as u32)),
                        remote: Some(using.span.clone()),
                        accessor: Accessor::Go,
                        through: Some(Base::Value(*arg)),
                        own: None,
                        holder: None,
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
        let members = self.classes.members();
        classes
            .into_iter()
            .filter(|(c, accesses)| {
                // Go memory matters only where uninstrumented code touches it.
                self.origin_classes[c].0 != Origin::Go || accesses.iter().any(|a| a.accessor != Accessor::Go)
            })
            .map(|(c, accesses)| {
                let (origin, origin_span) = self.origin_classes[&c];
                let local = local(pkg, c, &members);
                let guessed = members.get(&c).into_iter().flatten().any(|l| {
                    matches!(l, Loc::Field(i) | Loc::FieldStorage(i) if self.graph.aliases.guessed_fields.contains(i))
                });
                Object { origin, origin_span, accesses, local, guessed }
            })
            .collect()
    }
}

/// Whether a class is local memory: an allocation site or local variables, never stored
/// in a field or a package variable.
fn local(pkg: &Package, c: usize, members: &HashMap<usize, Vec<Loc>>) -> Option<Local> {
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
