//! How the exported functions that start goroutines or take locks treat their arguments:
//! the same alias classes and touches as the objects, attributed with the exported
//! functions' parameters as origins of their own.

use blindspot_go::hash::HashSet;
use blindspot_go::model::*;

use super::contexts::ContextKind;
use super::facts::{ForeignUse, GoroutineArgs, LockedArgs};
use super::objects::Attribution;
use super::{Graph, MemoryModel};
use crate::allocators::Origin;
use crate::facts::ForeignSpan;

/// How the exported functions that start goroutines or take locks treat their arguments.
pub(crate) fn facts(graph: &Graph, model: &MemoryModel) -> (GoroutineArgs, LockedArgs) {
    let (pkg, locks) = (graph.pkg, &model.locks);
    let (mut goroutine_args, mut locked_args) = (GoroutineArgs::default(), LockedArgs::default());
    // Only exported functions that start goroutines or take locks can have the facts.
    let spawning = pkg.stmts.iter().filter(|st| matches!(st.kind, StmtKind::Go(_))).filter_map(|st| st.owner);
    let candidates: HashSet<FuncId> = spawning
        .chain(locks.locking_funcs())
        .map(|f| pkg.declared_func(f))
        .filter(|f| crate::exported_func(pkg.func(*f)))
        .collect();
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
                ContextKind::Goroutine { spawner: Some(s), .. } => pkg.declared_func(*s) == f && !schedule.joined(*c),
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
