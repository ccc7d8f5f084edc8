//! The subcommands, one module each, and what they share: exit statuses, the working
//! directory, writing the output, printing notices.

mod check;
mod clean;
mod config;
mod rules;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use blindspot_report::{self as report, Notice, NoticeLevel};

use crate::cli::{Cli, Command};

/// Exit statuses.
const OK: u8 = 0;
const FINDINGS: u8 = 1;
const ERROR: u8 = 2;

/// Runs a parsed command line; returns the exit status.
pub fn main(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Rules { format } => rules::list(format),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Config(args) => config::run(args),
        Command::Clean(args) => clean::run(args),
    }
}

/// The working directory, or `None` (said on stderr) when it cannot be known.
fn current_dir() -> Option<PathBuf> {
    match std::env::current_dir() {
        Ok(cwd) => Some(cwd),
        Err(e) => {
            eprintln!("error: cannot determine the current directory: {e}");
            None
        }
    }
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    match path {
        Some(p) => fs::write(p, bytes),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                // A closed pipe (`blindspot check | head`) is not an error of ours.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    }
}

/// Run problems go to stderr: errors always, warnings unless `quiet`.
fn print_notices(notices: &[Notice], quiet: bool) {
    let mut err = io::stderr().lock();
    for n in notices {
        let level = match n.level {
            NoticeLevel::Error => "error",
            NoticeLevel::Warning if quiet => continue,
            NoticeLevel::Warning => "warning",
        };
        let location = match (&n.path, n.line) {
            (Some(p), Some(l)) => format!("{}:{l}: ", report::escape_control(p)),
            (Some(p), None) => format!("{}: ", report::escape_control(p)),
            _ => String::new(),
        };
        let _ = writeln!(err, "{level}: {location}{}", report::escape_control(&n.message));
    }
}
