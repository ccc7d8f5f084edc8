//! The memory model: where memory comes from, which goroutines touch it, and whether each
//! touch is synchronized. The races of BS101, BS102, BS201, BS203, BS401 and BS402 are
//! found over it ([`RACES`]), the handler writes of BS103, BS301 and BS302 with its
//! contexts and order (`crate::handlers`).
//!
//! One idea per module, in the order a package goes through them:
//! - [`alias`]: alias classes of the places a pointer can be held;
//! - [`calls`]: the package's call graph;
//! - [`contexts`]: the spawner and one goroutine context per spawn;
//! - [`accesses`]: the memory each expression touches, and who touches it;
//! - [`objects`]: origins, and the accesses attributed to them per call site;
//! - [`locks`]: the lock regions of each function;
//! - [`sync`] and [`order`]: synchronization points, and happens-before from them;
//! - [`roots`]: where the pointer one access goes through comes from, for what the
//!   classes merge (a buffer each goroutine makes for itself, an object borrowed from a
//!   pool channel);
//! - [`escape`]: whether a local variable's address stays in locals and parameters;
//! - [`races`]: the unsynchronized pairs;
//! - [`facts`] and [`arguments`]: how exported functions treat their arguments, for
//!   importers.
//!
//! The alias classes and the touches are computed once; the objects the rules ask about and
//! the objects behind the facts attribute them to their own origins. Everything is linear
//! passes over the model's arenas; no recursion over syntax.

mod accesses;
mod alias;
mod arguments;
mod calls;
mod chanlock;
mod contexts;
mod escape;
mod exits;
mod facts;
mod holders;
mod locks;
mod objects;
mod once;
mod order;
mod private;
mod races;
mod roots;
mod scoped;
mod sync;

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;

use blindspot_go::hash::{HashMap, HashMapExt, HashSet};
use blindspot_go::model::*;

pub use accesses::{Access, AccessKind, Accessor, Via};
pub use contexts::{ContextId, ContextKind, SPAWNER};
pub use facts::{ForeignUse, GoroutineArgs, LockedArgs, GOROUTINE_ARGS_FACT, LOCKED_ARGS_FACT};
pub use objects::{Local, Object};
pub use races::{Race, RACES};

pub(crate) use locks::LockRegions;
pub(crate) use order::Schedule;
pub(crate) use sync::innermost_loop;

/// A struct field, by declaring struct type and name.
pub(crate) type FieldKey = (String, String);

use crate::facts::Imports;
use crate::pass::{Cx, Pass};
use crate::spawners::SPAWNERS;
use accesses::{RawAccess, Storage, TouchFinder};
use alias::Aliases;
use calls::CallGraph;
use contexts::Spawns;
use objects::Attribution;

pub static MEMORY: Pass<MemoryModel> = Pass {
    name: "memory",
    doc: "Builds the memory model: objects (alias classes of memory the race detector misses, with \
          their origins) and their accesses with the locks held, and the goroutine contexts; exports \
          how exported functions' goroutines and locks treat their arguments.",
    requires: &[&SPAWNERS],
    facts: &[&GOROUTINE_ARGS_FACT, &LOCKED_ARGS_FACT],
    run,
};

/// What the objects are computed from: the package's alias classes, call graph,
/// goroutine spawns and memory touches.
pub(crate) struct Graph<'p> {
    pub pkg: &'p Package,
    pub aliases: Aliases,
    pub calls: CallGraph,
    pub spawns: Spawns,
    pub touches: Vec<RawAccess>,
    /// Computed on first use: only packages with objects need them.
    holders: OnceCell<holders::HolderFacts>,
}

impl<'p> Graph<'p> {
    fn build(pkg: &'p Package, imports: &Imports, spawners: &HashSet<(FuncId, usize)>) -> Graph<'p> {
        let mut aliases = Aliases::build(pkg, imports);
        let spawns = Spawns::find(pkg, imports, spawners);
        let storage = Storage::find(pkg);
        let private = private::Private::find(pkg, &aliases);
        let touches = TouchFinder {
            pkg,
            imports,
            aliases: &mut aliases,
            storage: &storage,
            spawns: &spawns,
            private: &private,
            struct_stores: None,
        }
        .all();
        Graph { pkg, aliases, calls: CallGraph::new(pkg), spawns, touches, holders: OnceCell::new() }
    }
}

impl Graph<'_> {
    /// What the package shows about the holders of fields (see `holders`).
    pub(crate) fn holders(&self) -> &holders::HolderFacts {
        self.holders.get_or_init(|| holders::HolderFacts::find(self.pkg, &self.aliases))
    }
}

fn run(cx: &Cx) -> MemoryModel {
    let pkg = cx.pkg;
    let graph = Graph::build(pkg, cx.imports, cx.result(&SPAWNERS));
    let locks = LockRegions::new(pkg);
    let model = MemoryModel {
        contexts: graph.spawns.contexts(),
        // What the rules read; the facts below do not.
        objects: if cx.facts_only() { Vec::new() } else { Attribution::races(&graph).objects(&locks) },
        calls: graph.calls.clone(),
        spawn_targets: graph.spawns.targets(),
        unused_funcs: graph.spawns.unused.clone(),
        locks,
        schedule: OnceCell::new(),
        order_cache: RefCell::new(HashMap::new()),
        handoff_cache: RefCell::new(HashMap::new()),
    };
    let (goroutine_args, locked_args) = arguments::facts(&graph, &model);
    cx.export(goroutine_args);
    cx.export(locked_args);
    model
}

/// The memory model of one package.
pub struct MemoryModel {
    /// The spawner, then one context per goroutine spawn.
    pub contexts: Vec<ContextKind>,
    /// Memory the race detector misses, with every access to it.
    pub objects: Vec<Object>,
    /// The package's call graph.
    pub(crate) calls: CallGraph,
    /// The functions goroutines of the package run.
    spawn_targets: BTreeSet<FuncId>,
    /// Unexported functions nothing refers to: they never run.
    unused_funcs: blindspot_go::hash::HashSet<FuncId>,
    pub(crate) locks: LockRegions,
    schedule: OnceCell<Schedule>,
    /// `order` and `handed_off` answers: the same access meets many others.
    order_cache: RefCell<HashMap<(FuncId, u32, ContextId), Option<order::Order>>>,
    handoff_cache: RefCell<HashMap<(FuncId, u32), bool>>,
}

impl MemoryModel {
    pub fn context(&self, id: ContextId) -> &ContextKind {
        &self.contexts[id.0 as usize]
    }

    /// The functions goroutines of the package run.
    pub fn spawn_target_funcs(&self) -> impl Iterator<Item = FuncId> + '_ {
        self.spawn_targets.iter().copied()
    }

    /// The contexts each function runs in, by function.
    pub fn func_contexts(&self, pkg: &Package) -> &[BTreeSet<ContextId>] {
        &self.schedule(pkg).func_contexts
    }

    /// Which contexts each function runs in and where goroutines are joined, computed on
    /// first use (a package without objects or handlers never needs it).
    pub(crate) fn schedule(&self, pkg: &Package) -> &Schedule {
        self.schedule.get_or_init(|| Schedule::new(pkg, self))
    }
}
