//! A package's facts for its importers: computed after the package is modelled, read by
//! the packages that import it (they are analyzed later, in import order).

use crate::api;
use crate::keepalive;
use crate::model::*;

/// What `pkg` exports that matters to the rules of its importers.
pub fn summarize(pkg: &Package) -> Summary {
    let exported = |f: &Func| {
        f.receiver.is_none()
            && f.parent.is_none()
            && f.name.as_ref().is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()))
    };
    let mut allocators = crate::hash::HashMap::default();
    for st in &pkg.stmts {
        let (StmtKind::Return(values), Some(f)) = (&st.kind, st.owner) else { continue };
        let func = pkg.func(f);
        if !exported(func) {
            continue;
        }
        if let Some(origin) = values.first().and_then(|v| api::value_origin(pkg, *v)) {
            allocators.insert(func.name.clone().unwrap_or_default(), origin);
        }
    }
    let spawners = crate::memory::spawning_params(pkg)
        .into_iter()
        .filter(|(f, _)| exported(pkg.func(*f)))
        .map(|(f, i)| (pkg.func(f).name.clone().unwrap_or_default(), i))
        .collect();
    let crate::memory::ArgumentFacts { goroutine_args, locked_args } = crate::memory::MemoryModel::argument_facts(pkg);
    Summary { uintptr_sinks: keepalive::exported_sinks(pkg), allocators, spawners, goroutine_args, locked_args }
}
