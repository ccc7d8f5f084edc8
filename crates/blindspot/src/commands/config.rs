//! `blindspot config`, and the configuration every command uses.

use std::path::Path;

use super::{current_dir, write_output, ERROR, OK};
use crate::cli::ConfigArgs;
use crate::config::Config;

/// The configuration a run uses: `--config`, or the closest file above `cwd`, with the
/// command line's lists over the file's.
pub(super) fn load(cwd: &Path, patterns: &[String], args: &ConfigArgs) -> Result<Config, String> {
    let path = match &args.config {
        Some(p) if !p.is_file() => return Err(format!("{}: no such configuration file", p.display())),
        Some(p) => Some(p.clone()),
        None => crate::config::discover(&crate::config::analyzed_root(cwd, patterns)),
    };
    let mut config = match path {
        Some(p) => Config::load(&p).map_err(|e| e.to_string())?,
        None => Config::empty(cwd),
    };
    config.override_lists(args.select.as_deref(), args.ignore.as_deref())?;
    Ok(config)
}

pub(super) fn run(args: ConfigArgs) -> u8 {
    let Some(cwd) = current_dir() else { return ERROR };
    match load(&cwd, &[], &args) {
        Ok(c) => match write_output(None, c.to_toml().as_bytes()) {
            Ok(()) => OK,
            Err(e) => {
                eprintln!("error: {e}");
                ERROR
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            ERROR
        }
    }
}
