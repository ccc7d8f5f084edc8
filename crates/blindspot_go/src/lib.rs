//! Go source: finding packages (`discover`), reading files (`load`), parsing them with
//! tree-sitter and lowering them into the semantic model (`model`). This is the only crate
//! that knows tree-sitter node kinds.

pub mod api;
pub mod discover;
pub mod hash;
pub mod keepalive;
pub mod load;
mod lower;
pub mod memory;
pub mod model;
pub mod modules;
pub mod summary;

pub use lower::{build_package, parse};
