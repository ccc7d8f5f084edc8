//! The `blindspot` command: argument parsing ([`cli`]), the subcommands ([`commands`]) and
//! the pipeline of a run ([`pipeline`]), with the packages' schedule ([`scheduler`],
//! [`prefilter`]), one package's turn ([`package`]), the result [`cache`] and the
//! [`config`]uration. The binary is a thin `main` over this library so that tests can run
//! the pipeline directly.

pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod fuzz;
pub mod memo;
pub mod package;
pub mod pipeline;
pub mod prefilter;
pub mod scheduler;
