//! The `blindspot` command: argument parsing ([`cli`]) and the pipeline ([`run`]). The
//! binary is a thin `main` over this library so that tests can run the pipeline directly.

pub mod cache;
pub mod cli;
pub mod config;
pub mod prefilter;
pub mod run;
