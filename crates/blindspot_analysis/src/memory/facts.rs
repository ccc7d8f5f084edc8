//! The facts of the memory model: how exported functions treat their arguments, for the
//! importers that pass them memory (computed in `arguments`).
//!
//! - **Goroutine arguments**: an exported function starts a goroutine that uses its
//!   argument and returns without joining it: where the goroutine touches it, whether it
//!   writes, under which locks. An importer sees a goroutine of its own at the call.
//! - **Locked arguments**: an exported function touches its argument in the caller's
//!   goroutine only while holding locks: an importer sees an access under those locks.

use serde::{Deserialize, Serialize};

use blindspot_go::hash::HashMap;

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
