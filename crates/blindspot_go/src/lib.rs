//! Go source: finding packages (`discover`), reading files (`load`), resolving imports
//! (`modules`), parsing them with tree-sitter and lowering them into the semantic model
//! (`model`). This is the only crate that knows tree-sitter node kinds; the analyses over
//! the model live in `blindspot_analysis`.

pub mod asm;
pub mod cfront;
pub mod constraint;
pub mod discover;
pub mod hash;
pub mod load;
mod lower;
pub mod model;
pub mod modules;

pub use lower::{build_package, parse};
