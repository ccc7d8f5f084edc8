//! Where `uintptr(unsafe.Pointer(x))` values go: the facts behind BS202.
//!
//! Rule 4 of the `unsafe.Pointer` documentation: the conversion keeps `x` alive (and
//! unmoved) only when it is written in the argument list of a keep-alive call
//! ([`crate::api::KeepAlive`]). This pass follows every such conversion through variables,
//! struct fields, slice elements, composite literals, function results and wrapper
//! parameters, and reports the ones whose value reaches a keep-alive call any other way.
//!
//! The analysis is flow-insensitive over one package: a variable holds every value ever
//! assigned to it. Each round evaluates every expression once, in arena order (children are
//! lowered before their parents, so one linear pass sees every child first: no recursion),
//! then propagates through statements, until nothing changes.
//!
//! [`flow`] is the fixpoint; [`trail`] turns what it found into each escape's steps.

mod flow;
mod trail;

use serde::{Deserialize, Serialize};

use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::model::*;

use crate::api::{self, KeepAlive};
use crate::facts::{Fact, FactType, ForeignSpan, Scope};
use crate::pass::{Cx, Pass};
use crate::triggers::{Trigger, Word};
use flow::State;

pub static KEEPALIVE: Pass<Vec<Escape>> = Pass {
    name: "keepalive",
    doc: "Follows every `uintptr(unsafe.Pointer(x))` conversion to the keep-alive call that consumes \
          it, and returns those that reach it other than through its own argument list; exports the \
          exported wrappers whose `uintptr` parameter reaches a keep-alive call.",
    requires: &[],
    facts: &[&UINTPTR_SINKS_FACT],
    run,
};

pub static UINTPTR_SINKS_FACT: FactType = FactType::of::<UintptrSinks>(
    "uintptr-sinks",
    "Exported functions (by name) whose `uintptr` parameter (by index) reaches a keep-alive call, \
     with the trail from the parameter to that call.",
    Scope::Uintptr,
    // A keep-alive call (a raw syscall, a Windows procedure, a `//go:uintptrescapes` or
    // assembly function) that a `uintptr` parameter reaches.
    Trigger {
        imports: &[],
        words: &[Word::Text("Syscall"), Word::Text("NewProc"), Word::Text("FindProc"), Word::Text("uintptrescapes")],
        assembly: true,
        and: Some(Word::Text("uintptr")),
    },
)
.propagating(Word::Text("uintptr"));

/// Exported functions whose `uintptr` parameter (by index) reaches a keep-alive call, with
/// the trail inside the package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UintptrSinks(pub HashMap<(String, usize), Vec<(ForeignSpan, TrailStep)>>);

impl Fact for UintptrSinks {
    const TYPE: &'static FactType = &UINTPTR_SINKS_FACT;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A step of an exported wrapper's trail, as its fact carries it to importers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrailStep {
    /// Passed on to the wrapper `callee` (as its declaration names it) as its parameter
    /// `param`.
    PassedOn { callee: String, param: String },
    /// Consumed by the keep-alive call.
    Consumed { by: Consumer },
    /// Passed on to a wrapper of another package (`callee`, as the call writes it).
    PassedToForeign { callee: String },
}

/// The keep-alive call that consumes a value, named for evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Consumer {
    /// A raw syscall, as the call writes it (`syscall.Syscall`, `unix.RawSyscall6`).
    RawSyscall(String),
    /// `(*LazyProc).Call` or `(*Proc).Call`.
    ProcCall,
    /// A function of the package's assembly, by its declared name.
    Assembly(String),
    /// A body-less declaration that no assembly of the package defines (a Go function
    /// linked in with `//go:linkname`), by its declared name. The compiler keeps a body-less
    /// function's `uintptr` arguments alive all the same.
    Bodyless(String),
    /// A function marked `//go:uintptrescapes`, by its declared name.
    UintptrEscapes(String),
    /// A function marked `//go:uintptrkeepalive`, by its declared name.
    UintptrKeepAlive(String),
}

impl Consumer {
    fn of(kind: &KeepAlive, pkg: &Package) -> Consumer {
        match kind {
            KeepAlive::RawSyscall(name) => Consumer::RawSyscall(name.clone()),
            KeepAlive::ProcCall(_) => Consumer::ProcCall,
            // x/sys declares its raw syscalls in assembly: the kernel is what uses the memory.
            KeepAlive::Assembly(f) if pkg.func(*f).name.as_deref().is_some_and(|n| api::RAW_SYSCALLS.contains(&n)) => {
                Consumer::RawSyscall(pkg.func(*f).display_name())
            }
            KeepAlive::Assembly(f) if pkg.is_assembly(*f) => Consumer::Assembly(pkg.func(*f).display_name()),
            KeepAlive::Assembly(f) => Consumer::Bodyless(pkg.func(*f).display_name()),
            KeepAlive::UintptrEscapes(f) => Consumer::UintptrEscapes(pkg.func(*f).display_name()),
            KeepAlive::UintptrKeepAlive(f) => Consumer::UintptrKeepAlive(pkg.func(*f).display_name()),
            KeepAlive::Imported(name) => Consumer::UintptrEscapes(name.clone()),
        }
    }
}

/// Where a converted value is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Store {
    /// A variable, by the text of the target (at most 40 characters).
    Variable(String),
    /// A field, by name.
    Field(String),
    /// An element (`a[i]`), by the text of the target.
    Element(String),
    /// Another target, by its text.
    Other(String),
    /// A keyed field of a composite literal.
    LiteralField(String),
    /// An element of a composite literal.
    LiteralElement,
    /// A slice, by `append`.
    Append,
}

/// One step of the path from a conversion to the call that consumes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The value is stored.
    Stored { span: Span, target: Store },
    /// The value is returned from function `func`.
    Returned { span: Span, func: FuncId },
    /// The value (or a parameter holding it) is passed to wrapper `callee`'s parameter.
    Wrapper { call: Span, callee: FuncId, param: String },
    /// The keep-alive call that finally consumes the value.
    Consumed { call: Span, by: Consumer },
    /// The value is passed to a wrapper of another package (`callee`, as written).
    ForeignWrapper { call: Span, callee: String, param: usize },
    /// A step inside another package, from its fact.
    Foreign { span: ForeignSpan, step: TrailStep },
}

/// A conversion that reaches a keep-alive call other than through its own argument list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escape {
    /// The `uintptr(...)` conversion.
    pub conversion: ExprId,
    /// From the conversion to the consuming call, in order.
    pub steps: Vec<Step>,
    /// True when a step rested on a guess (a method resolved by name, a field's type looked
    /// up by name).
    pub heuristic: bool,
}

const MAX_ROUNDS: usize = 32;

fn run(cx: &Cx) -> Vec<Escape> {
    let mut st = State::new(cx.pkg, cx.imports);
    // Sinks matter when the package makes keep-alive calls or imports wrappers of them;
    // escapes when it converts pointers.
    let sinks = st.has_keep_alive_calls() || cx.imports.any::<UintptrSinks>();
    let escapes = st.has_conversions();
    if !sinks && !escapes {
        return Vec::new();
    }
    for _ in 0..MAX_ROUNDS {
        st.eval_exprs();
        let changed = st.propagate_stmts() | st.find_sinks();
        if !changed {
            break;
        }
    }
    if sinks {
        cx.export(UintptrSinks(exported_sinks(&st)));
    }
    if !escapes {
        return Vec::new();
    }
    st.eval_exprs();
    st.collect()
}

/// The exported functions whose `uintptr` parameter reaches a keep-alive call, with the
/// trail from the parameter to the call: the package's fact for its importers.
fn exported_sinks(st: &State) -> HashMap<(String, usize), Vec<(ForeignSpan, TrailStep)>> {
    let pkg = st.pkg;
    let mut out = HashMap::new();
    let foreign = |s: Span| ForeignSpan { path: pkg.file(s.file).path.clone(), start: s.start, end: s.end };
    for (f, i) in st.sink_params() {
        let func = pkg.func(f);
        if !crate::exported_func(func) {
            continue;
        }
        let mut heuristic = false;
        let steps = st.chain_from(f, i, &mut heuristic);
        // A wrapper that keeps its own arguments alive says so first: importers may write
        // the conversion in its argument list.
        let keeps = pkg.variants(f).into_iter().find_map(|v| {
            let v = pkg.func(v);
            let name = v.display_name();
            if v.has_directive("go:uintptrescapes") {
                Some(Consumer::UintptrEscapes(name))
            } else {
                v.has_directive("go:uintptrkeepalive").then_some(Consumer::UintptrKeepAlive(name))
            }
        });
        let first = keeps.map(|by| (foreign(func.name_span), TrailStep::Consumed { by }));
        let trail: Vec<(ForeignSpan, TrailStep)> = steps
            .into_iter()
            .filter_map(|s| match s {
                Step::Wrapper { call, callee, param } => {
                    Some((foreign(call), TrailStep::PassedOn { callee: pkg.func(callee).display_name(), param }))
                }
                Step::Consumed { call, by } => Some((foreign(call), TrailStep::Consumed { by })),
                Step::ForeignWrapper { call, callee, .. } => {
                    Some((foreign(call), TrailStep::PassedToForeign { callee }))
                }
                Step::Foreign { span, step } => Some((span, step)),
                Step::Stored { .. } | Step::Returned { .. } => None,
            })
            .collect();
        let trail = first.into_iter().chain(trail).collect();
        out.insert((func.name.clone().unwrap_or_default(), i), trail);
    }
    out
}
