//! The analyses over the model of one Go package ([`blindspot_go::model`]), as passes in
//! the style of golang.org/x/tools' go/analysis ([`pass`]): each answers one question for
//! the whole package, reads the results of the passes it requires, and exports typed facts
//! ([`facts`]) to the packages that import it.
//!
//! This crate knows the Go APIs that matter to the race detector ([`api`]) and the memory
//! model; it knows neither tree-sitter nor how findings are worded: passes return structured
//! evidence, and the rules (`blindspot_rules`) turn it into messages.

pub mod allocators;
pub mod api;
pub mod budget;
pub mod facts;
pub mod handlers;
pub mod keepalive;
pub mod memory;
pub mod pass;
pub mod spawners;
pub mod triggers;

pub use facts::{Fact, FactSet, FactType, ForeignSpan, Imports, Scope};
pub use pass::{Cx, Pass, PassInfo};
pub use triggers::{Trigger, Word};

/// Every pass, in the order their facts are computed when nothing asks for them first.
pub static PASSES: &[&dyn PassInfo] = &[
    &allocators::ALLOCATORS,
    &spawners::SPAWNERS,
    &keepalive::KEEPALIVE,
    &memory::MEMORY,
    &memory::RACES,
    &handlers::HANDLERS,
];

/// Every fact type a pass exports.
pub static FACT_TYPES: &[&FactType] = &[
    &allocators::ALLOCATORS_FACT,
    &spawners::SPAWNERS_FACT,
    &keepalive::UINTPTR_SINKS_FACT,
    &memory::GOROUTINE_ARGS_FACT,
    &memory::LOCKED_ARGS_FACT,
];

/// Whether a function is visible to importers as a plain function: exported, not a method,
/// not a literal. Only those carry facts (a method's facts would need the receiver's type).
pub(crate) fn exported_func(f: &blindspot_go::model::Func) -> bool {
    f.receiver.is_none() && f.parent.is_none() && f.name.as_ref().is_some_and(|n| n.starts_with(char::is_uppercase))
}
