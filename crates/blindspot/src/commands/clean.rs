//! `blindspot clean`, and where the result cache is.

use std::path::{Path, PathBuf};

use super::{current_dir, ERROR, OK};
use crate::cache;
use crate::cli::CacheArgs;

/// The cache directory a run uses: `--cache-dir` (or `BLINDSPOT_CACHE_DIR`), relative to
/// `cwd`, or `.blindspot_cache` at the project root of the analyzed paths.
pub(super) fn cache_dir(cwd: &Path, patterns: &[String], args: &CacheArgs) -> PathBuf {
    match &args.cache_dir {
        Some(dir) => cwd.join(dir),
        None => cache::default_dir(&crate::config::analyzed_root(cwd, patterns)),
    }
}

pub(super) fn run(args: CacheArgs) -> u8 {
    let Some(cwd) = current_dir() else { return ERROR };
    let dir = cache_dir(&cwd, &[], &args);
    match cache::clean(&dir) {
        Ok(true) => {
            eprintln!("removed {}", dir.display());
            OK
        }
        Ok(false) => {
            eprintln!("no cache at {}", dir.display());
            OK
        }
        Err(e) => {
            eprintln!("error: cannot remove the cache {}: {e}", dir.display());
            ERROR
        }
    }
}
