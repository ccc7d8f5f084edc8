//! Measuring child processes: wall time and peak RSS of each run, and the parse-only and
//! parse-and-walk floors (this program re-executed).

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rayon::prelude::*;

// --- Measuring child processes -----------------------------------------------------------

pub(crate) struct Measured {
    pub(crate) secs: f64,
    /// User and system CPU seconds, from `wait4`.
    pub(crate) cpu_secs: f64,
    /// Peak resident set size, KB.
    pub(crate) rss_kb: u64,
    /// The exit code, or None if a signal ended it.
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `cmd` to completion: wall time, and peak RSS from `wait4` (Linux reports KB).
// The child is reaped by wait4, which clippy does not recognize as a wait.
#[allow(clippy::zombie_processes)]
pub(crate) fn measure(cmd: &mut Command) -> Measured {
    let err_file = tempfile::tempfile().unwrap();
    let mut err_read = err_file.try_clone().unwrap();
    cmd.stderr(Stdio::from(err_file));
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child, not waited for yet; status and usage are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        assert_eq!(e.kind(), io::ErrorKind::Interrupted, "wait4 failed: {e}");
    }
    let secs = start.elapsed().as_secs_f64();
    let mut stderr = String::new();
    let _ = io::Seek::rewind(&mut err_read).and_then(|()| err_read.read_to_string(&mut stderr));
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu_secs = tv(usage.ru_utime) + tv(usage.ru_stime);
    Measured { secs, cpu_secs, rss_kb: usage.ru_maxrss as u64, code, stdout, stderr }
}

/// Median time and largest peak RSS of `runs` measurements; `None` if a run failed.
pub(crate) struct Summary {
    pub(crate) secs: f64,
    pub(crate) rss_mb: f64,
}

pub(crate) fn summarize(label: &str, runs: Vec<Measured>, ok: impl Fn(Option<i32>) -> bool) -> Option<Summary> {
    if let Some(bad) = runs.iter().find(|m| !ok(m.code)) {
        let tail: String = bad.stderr.lines().rev().take(5).collect::<Vec<_>>().join(" | ");
        eprintln!("  {label}: run failed (exit {:?}): {tail}", bad.code);
        return None;
    }
    let mut times: Vec<f64> = runs.iter().map(|m| m.secs).collect();
    times.sort_by(f64::total_cmp);
    let rss = runs.iter().map(|m| m.rss_kb).max().unwrap_or(0);
    eprintln!(
        "  {label}: {} (median {:.2} s), peak RSS {} MB",
        times.iter().map(|t| format!("{t:.2} s")).collect::<Vec<_>>().join(", "),
        times[times.len() / 2],
        rss / 1024
    );
    Some(Summary { secs: times[times.len() / 2], rss_mb: rss as f64 / 1024.0 })
}

pub(crate) fn blindspot(root: &Path, cache: Option<&Path>, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_blindspot"));
    cmd.current_dir(root).env_remove("BLINDSPOT_CACHE_DIR").args(["check", "--format", "json"]).args(extra);
    if let Some(dir) = cache {
        cmd.arg("--cache-dir").arg(dir);
    }
    cmd.arg("./...").stdin(Stdio::null()).stdout(Stdio::null());
    cmd
}

/// blindspot exits 1 when it finds something; 2 is an error.
pub(crate) fn blindspot_ok(code: Option<i32>) -> bool {
    matches!(code, Some(0 | 1))
}

/// The child mode on a real tree: read and parse, in parallel, the Go files blindspot's
/// discovery finds for `./...` in `dir` (not `testdata`, not `_` or `.` directories), as
/// bytes (invalid UTF-8 is parsed too) and without asserting anything of the trees (real
/// code may hold what the grammar does not accept). Prints the file count and bytes.
pub(crate) fn parse_real(dir: &Path) {
    let found = blindspot_go::discover::discover(dir, &["./...".to_string()]);
    let paths: Vec<PathBuf> = found.dirs.iter().flat_map(|d| d.files.iter().map(|f| f.path.clone())).collect();
    let bytes: usize = paths
        .par_iter()
        .map(|p| {
            let Ok(bytes) = fs::read(p) else { return 0 };
            let text = String::from_utf8_lossy(&bytes);
            std::hint::black_box(blindspot_go::parse(&text));
            bytes.len()
        })
        .sum();
    println!("{} {bytes}", paths.len());
}

/// The child mode: read and parse every Go file under `dir` in parallel, drop the trees;
/// with `walk`, visit every node of each tree once first.
pub(crate) fn parse_pass(dir: &Path, walk: bool) {
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "go"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let bytes: usize = paths
        .par_iter()
        .map(|p| {
            let text = fs::read_to_string(p).unwrap();
            let tree = blindspot_go::parse(&text).expect("tree-sitter parses every file");
            assert!(!tree.root_node().has_error(), "{}: syntax error in generated code", p.display());
            if walk {
                // Every node once, in document order, with a cursor: its kind, field and
                // start, summed so that nothing is optimized away.
                let mut cursor = tree.walk();
                let mut sum = 0u64;
                'tree: loop {
                    let node = cursor.node();
                    sum += u64::from(node.kind_id())
                        + u64::from(cursor.field_id().map_or(0, |f| f.get()))
                        + node.start_byte() as u64;
                    if cursor.goto_first_child() {
                        continue;
                    }
                    while !cursor.goto_next_sibling() {
                        if !cursor.goto_parent() {
                            break 'tree;
                        }
                    }
                }
                std::hint::black_box(sum);
            }
            text.len()
        })
        .sum();
    println!("{} {bytes}", paths.len());
}
