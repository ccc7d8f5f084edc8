//! Which exported functions return memory the race detector does not track: C-heap memory
//! or a mapping. An importer that calls one holds such memory (BS101, BS203).

use serde::{Deserialize, Serialize};

use blindspot_go::hash::HashMap;
use blindspot_go::model::*;

use crate::api::{self, Origin};
use crate::facts::{Fact, FactType, Scope};
use crate::pass::{Cx, Pass};
use crate::triggers::{Trigger, Word};

pub static ALLOCATORS: Pass<()> = Pass {
    name: "allocators",
    doc: "Exports the package's exported functions that return C-heap or mapped memory.",
    requires: &[],
    facts: &[&ALLOCATORS_FACT],
    run,
};

pub static ALLOCATORS_FACT: FactType = FactType::of::<Allocators>(
    "allocators",
    "Exported functions (by name) that return C-heap or mapped memory, with its origin.",
    Scope::Memory,
    Trigger { imports: &[], words: &[Word::Text("import \"C\""), Word::Text("Mmap")], assembly: false, and: None },
);

/// Exported functions that return C-heap or mapped memory, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocators(pub HashMap<String, Origin>);

impl Fact for Allocators {
    const TYPE: &'static FactType = &ALLOCATORS_FACT;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn run(cx: &Cx) {
    let pkg = cx.pkg;
    let mut allocators = HashMap::default();
    for st in &pkg.stmts {
        let (StmtKind::Return(values), Some(f)) = (&st.kind, st.owner) else { continue };
        let func = pkg.func(f);
        if !crate::exported_func(func) {
            continue;
        }
        if let Some(origin) = values.first().and_then(|v| api::value_origin(pkg, cx.imports, *v)) {
            allocators.insert(func.name.clone().unwrap_or_default(), origin);
        }
    }
    cx.export(Allocators(allocators));
}
