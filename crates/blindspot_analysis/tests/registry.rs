//! The registry of passes and fact types is consistent: names are unique, what a pass
//! requires or exports is registered, `requires` has no cycle, and facts survive the
//! result cache's encoding.

mod common;

use std::collections::BTreeSet;

use blindspot_analysis::memory::{GoroutineArgs, LockedArgs};
use blindspot_analysis::{Cx, FactSet, Imports, PassInfo, FACT_TYPES, PASSES};
use common::source;

#[test]
fn names_are_unique_and_references_registered() {
    let passes: BTreeSet<&str> = PASSES.iter().map(|p| p.name()).collect();
    assert_eq!(passes.len(), PASSES.len(), "two passes share a name");
    let facts: BTreeSet<&str> = FACT_TYPES.iter().map(|t| t.name).collect();
    assert_eq!(facts.len(), FACT_TYPES.len(), "two fact types share a name");
    let mut exported = Vec::new();
    for p in PASSES {
        assert!(!p.doc().is_empty(), "{} has no doc", p.name());
        for r in p.requires() {
            assert!(passes.contains(r.name()), "{} requires the unregistered {}", p.name(), r.name());
        }
        for t in p.facts() {
            assert!(facts.contains(t.name), "{} exports the unregistered fact {}", p.name(), t.name);
            exported.push(t.name);
        }
    }
    exported.sort();
    assert_eq!(exported, facts.into_iter().collect::<Vec<_>>(), "every fact type has exactly one pass");
}

#[test]
fn requires_has_no_cycle() {
    fn visit(p: &dyn PassInfo, path: &mut Vec<&'static str>) {
        assert!(!path.contains(&p.name()), "cycle: {path:?} -> {}", p.name());
        path.push(p.name());
        for r in p.requires() {
            visit(*r, path);
        }
        path.pop();
    }
    for p in PASSES {
        visit(*p, &mut Vec::new());
    }
}

#[test]
fn facts_survive_the_cache_encoding() {
    let src = "package store\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc Put(b []byte) {\n\tmu.Lock()\n\tb[0] = 1\n\tmu.Unlock()\n}\n\nfunc Pump(b []byte) {\n\tgo func() { b[1] = 2 }()\n}\n";
    let pkg = source(src);
    let facts = Cx::new(&pkg, Imports::none()).into_facts();
    assert_eq!(facts.names().collect::<Vec<_>>(), vec!["goroutine-args", "locked-args"]);
    let bytes = bincode::serialize(&facts).unwrap();
    let back: FactSet = bincode::deserialize(&bytes).unwrap();
    assert_eq!(back.get::<LockedArgs>(), facts.get::<LockedArgs>());
    assert_eq!(back.get::<GoroutineArgs>(), facts.get::<GoroutineArgs>());
    // An unknown fact type is an error (the cache then misses), not a wrong result.
    let foreign = bincode::serialize(&vec![("no-such-fact".to_string(), vec![0u8])]).unwrap();
    assert!(bincode::deserialize::<FactSet>(&foreign).is_err());
}
