//! The facts of the memory model: how exported functions treat their arguments, for the
//! importers that pass them memory. Computed from the same alias classes and touches as
//! the objects, with the exported functions' parameters as origins of their own.
//!
//! - **Goroutine arguments**: an exported function starts a goroutine that uses its
//!   argument and returns without joining it: where the goroutine touches it, whether it
//!   writes, under which locks. An importer sees a goroutine of its own at the call.
//! - **Locked arguments**: an exported function touches its argument in the caller's
//!   goroutine only while holding locks: an importer sees an access under those locks.

use serde::{Deserialize, Serialize};

use blindspot_go::hash::{HashMap, HashSet};
use blindspot_go::model::*;

use super::contexts::ContextKind;
use super::objects::Attribution;
use super::{Graph, MemoryModel};
use crate::api::Origin;
use crate::facts::{Fact, FactType, ForeignSpan, Scope};
use crate::triggers::{Trigger, Word};

pub static GOROUTINE_ARGS_FACT: FactType = FactType::of::<GoroutineArgs>(
    "goroutine-args",
    "Exported functions (by name) that start a goroutine using their argument (by index) and \
     return without joining it: where the goroutine touches it, whether it writes, under which locks.",
    Scope::Sharing,
    Trigger { imports: &[], words: &[Word::GoStatement, Word::Text(".Go(")], assembly: false, and: None },
);

pub static LOCKED_ARGS_FACT: FactType = FactType::of::<LockedArgs>(
    "locked-args",
    "Exported functions (by name) that touch their argument (by index) in the caller's goroutine \
     only while holding locks: whether they write, and the locks held at every touch.",
    Scope::Sharing,
    Trigger { imports: &[], words: &[Word::Text(".Lock()"), Word::Text(".RLock()")], assembly: false, and: None },
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

/// A use from another package's facts with its lock keys made distinct from this
/// package's: `mu` of package `example.com/ring` is `example.com/ring.mu`.
pub(crate) fn qualify_locks(path: &str, using: &ForeignUse) -> ForeignUse {
    let locks = using.locks.iter().map(|k| format!("{path}.{k}")).collect();
    ForeignUse { span: using.span.clone(), writes: using.writes, locks }
}

/// How the exported functions that start goroutines or take locks treat their arguments.
pub(crate) fn argument_facts(graph: &Graph, model: &MemoryModel) -> (GoroutineArgs, LockedArgs) {
    let (pkg, locks) = (graph.pkg, &model.locks);
    let (mut goroutine_args, mut locked_args) = (GoroutineArgs::default(), LockedArgs::default());
    let outermost = |mut f: FuncId| {
        while let Some(p) = pkg.func(f).parent {
            f = p;
        }
        f
    };
    // Only exported functions that start goroutines or take locks can have the facts.
    let spawning = pkg.stmts.iter().filter(|st| matches!(st.kind, StmtKind::Go(_))).filter_map(|st| st.owner);
    let candidates: HashSet<FuncId> =
        spawning.chain(locks.locking_funcs()).map(outermost).filter(|f| crate::exported_func(pkg.func(*f))).collect();
    if candidates.is_empty() {
        return (goroutine_args, locked_args);
    }
    let objects = Attribution::arguments(graph, &candidates).objects(locks);
    let schedule = model.schedule(pkg);
    for obj in objects {
        let Origin::Argument(f, i) = obj.origin else { continue };
        let name = pkg.func(f).name.clone().unwrap_or_default();
        let mut escaping = Vec::new();
        let mut staying: Vec<ForeignUse> = Vec::new();
        for a in &obj.accesses {
            let escapes = schedule.func_contexts[a.func.index()].iter().any(|c| match model.context(*c) {
                ContextKind::Goroutine { spawner: Some(s), .. } => outermost(*s) == f && !schedule.joined(*c),
                _ => false,
            });
            let span = ForeignSpan { path: pkg.file(a.span.file).path.clone(), start: a.span.start, end: a.span.end };
            let using = ForeignUse { span, writes: a.kind.writes(), locks: a.locks.clone() };
            if escapes {
                escaping.push(using);
            } else {
                staying.push(using);
            }
        }
        if !escaping.is_empty() {
            goroutine_args.0.insert((name, i), escaping);
            continue;
        }
        let Some(first) = staying.first().cloned() else { continue };
        let held: Vec<String> =
            first.locks.iter().filter(|k| staying.iter().all(|u| u.locks.contains(k))).cloned().collect();
        if !held.is_empty() {
            let writes = staying.iter().any(|u| u.writes);
            locked_args.0.insert((name, i), ForeignUse { span: first.span, writes, locks: held });
        }
    }
    (goroutine_args, locked_args)
}
