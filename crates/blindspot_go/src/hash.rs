//! The model's hash maps and sets: foldhash instead of the standard library's SipHash.
//!
//! The model hashes small keys (ids, short names) millions of times per run and never
//! hashes attacker-chosen keys in a way that matters for a one-shot process, so a fast
//! non-cryptographic hash is the right trade. Nothing iterates these maps in an order
//! that reaches the output.
pub use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
