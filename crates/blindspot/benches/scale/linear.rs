//! Linearity: inputs that grow one dimension alone, at 1×, 2× and 4×, each a module of one
//! package written here, each a dimension along which an analysis could go quadratic
//! unseen in a realistic tree:
//! - one huge package (many files of wrappers, locks and goroutines);
//! - one huge cgo preamble with thousands of C functions, each called from Go;
//! - one alias class with thousands of accesses (a mapping passed everywhere);
//! - thousands of goroutines sharing C memory;
//! - a deep call chain from a goroutine down to mapped memory.
//!
//! Each size is checked cold (`--no-cache`), in rounds that run the three sizes in turn; a
//! doubling's ratio is the median of its CPU-time ratios within the rounds (CPU time, user
//! and system: the work done, which a busy shared machine disturbs less than the wall
//! clock). The work units of
//! the package (`--statistics`, deterministic) are shown beside. A doubling that costs more
//! than 2.3 times the time fails, and the bench exits non-zero.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Stdio;

use crate::measure::{blindspot, blindspot_ok, measure, summarize, Measured};

/// A doubling may cost at most this much more time.
pub(crate) const MAX_DOUBLING: f64 = 2.3;

#[derive(Clone, Copy)]
pub(crate) enum Dimension {
    Package,
    Preamble,
    AliasClass,
    Goroutines,
    CallChain,
}

impl Dimension {
    pub(crate) const ALL: [Dimension; 5] =
        [Dimension::Package, Dimension::Preamble, Dimension::AliasClass, Dimension::Goroutines, Dimension::CallChain];

    fn label(self) -> &'static str {
        match self {
            Dimension::Package => "one huge package (files)",
            Dimension::Preamble => "one cgo preamble (C functions called)",
            Dimension::AliasClass => "one alias class (accesses)",
            Dimension::Goroutines => "goroutines sharing C memory",
            Dimension::CallChain => "call chain depth",
        }
    }

    /// The size at 1× of the full bench: a run of a quarter of it (the quick bench) still
    /// takes a tenth of a second or more, so that start-up and noise do not decide a ratio.
    fn base(self) -> usize {
        match self {
            Dimension::Package => 1600,
            Dimension::Preamble => 4000,
            Dimension::AliasClass => 16000,
            Dimension::Goroutines => 8000,
            Dimension::CallChain => 16000,
        }
    }

    /// Writes the module for size `n` into `root`.
    fn write(self, root: &Path, n: usize) {
        fs::create_dir_all(root.join("p")).unwrap();
        fs::write(root.join("go.mod"), "module example.com/linear\n\ngo 1.22\n").unwrap();
        let file = |name: &str, text: String| fs::write(root.join("p").join(name), text).unwrap();
        match self {
            Dimension::Package => {
                for i in 0..n {
                    file(&format!("f{i:05}.go"), package_file(i));
                }
            }
            Dimension::Preamble => file("cgo.go", preamble(n)),
            Dimension::AliasClass => file("mapped.go", alias_class(n)),
            Dimension::Goroutines => file("workers.go", goroutines(n)),
            Dimension::CallChain => file("chain.go", call_chain(n)),
        }
    }
}

/// One file of the huge package: a raw syscall wrapper and its callers, a type with a
/// mutex, a goroutine joined by a WaitGroup.
fn package_file(i: usize) -> String {
    format!(
        r#"package p

import (
	"sync"
	"syscall"
	"unsafe"
)

type state{i} struct {{
	mu    sync.Mutex
	count int
	buf   [64]byte
}}

func ioctl{i}(fd int, req uint, arg uintptr) error {{
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if e != 0 {{
		return e
	}}
	return nil
}}

func (s *state{i}) Get(fd int) error {{
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count++
	return ioctl{i}(fd, 0x5413, uintptr(unsafe.Pointer(&s.buf[0])))
}}

func Run{i}(fd int) int {{
	s := &state{i}{{}}
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {{
		wg.Add(1)
		go func() {{
			defer wg.Done()
			_ = s.Get(fd + k)
		}}()
	}}
	wg.Wait()
	return s.count
}}
"#
    )
}

/// A preamble of `n` C functions, each called from its own Go function with C memory.
fn preamble(n: usize) -> String {
    let mut c = String::new();
    let mut go = String::new();
    for i in 0..n {
        let _ = writeln!(
            c,
            "static int f{i}(char *p, int n) {{ int s = 0; for (int k = 0; k < n; k++) s += p[k]; return s + {i}; }}"
        );
        let _ = write!(go, "\nfunc F{i}(p *C.char) int {{\n\treturn int(C.f{i}(p, 16))\n}}\n");
    }
    format!(
        "package p\n\n/*\n#include <stdlib.h>\n{c}*/\nimport \"C\"\n\nimport \"unsafe\"\n\n\
         func Buffer() *C.char {{\n\treturn (*C.char)(C.malloc(64))\n}}\n\n\
         func Free(p *C.char) {{\n\tC.free(unsafe.Pointer(p))\n}}\n{go}"
    )
}

/// One mapping reached by `n` accesses in `n / 8` functions, one of them run by a goroutine.
fn alias_class(n: usize) -> String {
    let mut out = String::from(
        "package p\n\nimport \"syscall\"\n\nvar table []byte\n\n\
         func Open(fd int) error {\n\tb, err := syscall.Mmap(fd, 0, 1<<20, syscall.PROT_READ|syscall.PROT_WRITE, \
         syscall.MAP_SHARED)\n\tif err != nil {\n\t\treturn err\n\t}\n\ttable = b\n\tgo Fill(table)\n\treturn nil\n}\n",
    );
    let funcs = (n / 8).max(1);
    for f in 0..funcs {
        let _ = write!(out, "\nfunc Fill{f}(b []byte, v byte) byte {{\n");
        for k in 0..8 {
            let at = (f * 8 + k) % 4096;
            if k % 2 == 0 {
                let _ = writeln!(out, "\tb[{at}] = v");
            } else {
                let _ = writeln!(out, "\tv += b[{at}]");
            }
        }
        out.push_str("\treturn v\n}\n");
    }
    out.push_str("\nfunc Fill(b []byte) {\n\tvar v byte\n");
    for f in 0..funcs {
        let _ = writeln!(out, "\tv = Fill{f}(b, v)");
    }
    out.push_str("\t_ = v\n}\n\nfunc Read() byte {\n\tvar v byte\n");
    for f in 0..funcs {
        let _ = writeln!(out, "\tv = Fill{f}(table, v)");
    }
    out.push_str("\treturn v\n}\n");
    out
}

/// `n` goroutines, each started by its own statement, writing one C buffer.
fn goroutines(n: usize) -> String {
    let mut out = String::from(
        "package p\n\n// #include <stdlib.h>\nimport \"C\"\n\nimport \"unsafe\"\n\n\
         func Start() {\n\tbuf := (*[1 << 16]byte)(unsafe.Pointer(C.malloc(1 << 16)))\n",
    );
    for i in 0..n {
        let _ = writeln!(out, "\tgo func() {{\n\t\tbuf[{}] = {}\n\t}}()", i % 65536, i % 256);
    }
    out.push_str("\t_ = buf[0]\n}\n");
    out
}

/// A goroutine at the top of a chain of `n` calls whose last writes a mapping that the
/// spawner reads.
fn call_chain(n: usize) -> String {
    let mut out = String::from(
        "package p\n\nimport \"syscall\"\n\n\
         func Start(fd int) byte {\n\tb, _ := syscall.Mmap(fd, 0, 4096, syscall.PROT_READ|syscall.PROT_WRITE, \
         syscall.MAP_SHARED)\n\tgo step0(b, 1)\n\treturn b[0]\n}\n",
    );
    for i in 0..n {
        let _ = write!(out, "\nfunc step{i}(b []byte, v byte) {{\n\tstep{}(b, v+1)\n}}\n", i + 1);
    }
    let _ = write!(out, "\nfunc step{n}(b []byte, v byte) {{\n\tb[0] = v\n}}\n");
    out
}

/// One dimension's row: sizes, times, units, ratios per doubling, and whether it passed.
pub(crate) struct LinearRow {
    dimension: Dimension,
    sizes: Vec<usize>,
    /// Median time of each size.
    secs: Vec<Option<f64>>,
    units: Vec<Option<u64>>,
    /// Median, over the rounds, of each doubling's CPU-time ratio within a round.
    ratios: Vec<Option<f64>>,
}

impl LinearRow {
    pub(crate) fn passed(&self) -> bool {
        self.ratios.iter().all(|r| r.is_some_and(|r| r <= MAX_DOUBLING))
    }
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied()
}

/// Measures every dimension at 1×, 2× and 4× of its base size divided by `divisor`, in
/// `runs` rounds that each run the three sizes in turn, so that a change in the machine's
/// speed touches a round's three alike; a doubling's ratio is taken within each round.
pub(crate) fn run(divisor: usize, runs: usize) -> Vec<LinearRow> {
    Dimension::ALL
        .into_iter()
        .map(|dimension| {
            let sizes: Vec<usize> = [1, 2, 4].iter().map(|k| k * (dimension.base() / divisor).max(1)).collect();
            let dirs: Vec<tempfile::TempDir> = sizes
                .iter()
                .map(|&n| {
                    let dir = tempfile::Builder::new().prefix("blindspot-linear-").tempdir().unwrap();
                    dimension.write(dir.path(), n);
                    dir
                })
                .collect();
            // Untimed: the work units, and a warm page cache.
            let units = dirs
                .iter()
                .map(|d| {
                    let stats =
                        measure(blindspot(d.path(), None, &["--no-cache", "--statistics"]).stdout(Stdio::piped()));
                    stats.stderr.split("the most work: ").nth(1).and_then(|r| r.split(' ').next()?.parse().ok())
                })
                .collect();
            let mut timed: Vec<Vec<Measured>> = sizes.iter().map(|_| Vec::new()).collect();
            for _ in 0..runs {
                for (d, runs) in dirs.iter().zip(&mut timed) {
                    runs.push(measure(&mut blindspot(d.path(), None, &["--no-cache"])));
                }
            }
            let failed = timed.iter().any(|runs| runs.iter().any(|m| !blindspot_ok(m.code)));
            let ratios = (0..sizes.len() - 1)
                .map(|k| {
                    let per_round = (0..runs).map(|r| timed[k + 1][r].cpu_secs / timed[k][r].cpu_secs).collect();
                    median(per_round).filter(|_| !failed)
                })
                .collect();
            let secs = timed
                .into_iter()
                .zip(&sizes)
                .map(|(runs, n)| summarize(&format!("{} × {n}", dimension.label()), runs, blindspot_ok).map(|s| s.secs))
                .collect();
            LinearRow { dimension, sizes, secs, units, ratios }
        })
        .collect()
}

pub(crate) fn print(rows: &[LinearRow], judge: bool) {
    println!("\n## Linearity: one dimension grown alone, 1× / 2× / 4×\n");
    println!(
        "A doubling may cost at most {MAX_DOUBLING}× the CPU time. Work units are the package's (deterministic).\n"
    );
    println!(
        "| dimension | sizes | cold, wall (median) | work units | CPU time per doubling (median of the rounds') | \
         verdict |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    let join = |items: Vec<String>| items.join(" / ");
    for row in rows {
        let secs = join(row.secs.iter().map(|s| s.map_or("failed".to_string(), |s| format!("{s:.2} s"))).collect());
        let units = join(row.units.iter().map(|u| u.map_or("-".to_string(), |u| u.to_string())).collect());
        let ratios = join(row.ratios.iter().map(|r| r.map_or("-".to_string(), |r| format!("{r:.2}×"))).collect());
        let sizes = join(row.sizes.iter().map(|n| n.to_string()).collect());
        let verdict = match (judge, row.passed()) {
            (false, _) => "not judged",
            (true, true) => "PASS",
            (true, false) => "FAIL",
        };
        println!("| {} | {sizes} | {secs} | {units} | {ratios} | {verdict} |", row.dimension.label());
    }
}
