//! Throughput of the whole check (discover, load, parse, model, rules) on generated Go,
//! at growing sizes: one large package, and many packages. Linear work shows as a flat
//! MB/s column. Run with `cargo bench -p blindspot --bench throughput`.
//!
//! The generated code mixes what real packages hold: types with methods, loops, closures,
//! goroutines, maps, error handling, and (in one file of ten) raw syscall wrappers with
//! both correct and escaping `uintptr(unsafe.Pointer(...))` conversions, and mmap-backed
//! tables updated by workers under a mutex and at disjoint indices (the memory model's full
//! path; silent).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use blindspot::pipeline::analyze;
use rayon::prelude::*;

fn plain_file(pkg: &str, i: usize) -> String {
    let mut s = format!("package {pkg}\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"sync\"\n)\n\n");
    for j in 0..12 {
        let t = format!("Item{i}_{j}");
        let _ = write!(
            s,
            r#"// {t} is a record kept in a registry.
type {t} struct {{
	mu    sync.Mutex
	name  string
	count int
	tags  map[string]int
	next  *{t}
}}

func New{t}(name string) (*{t}, error) {{
	if name == "" {{
		return nil, errors.New("empty name")
	}}
	return &{t}{{name: name, tags: make(map[string]int)}}, nil
}}

func (x *{t}) Add(tags ...string) int {{
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, tag := range tags {{
		if v, ok := x.tags[tag]; ok {{
			x.tags[tag] = v + k
		}} else {{
			x.tags[tag] = 1
		}}
		x.count++
	}}
	return x.count
}}

func (x *{t}) String() string {{
	var wg sync.WaitGroup
	out := make([]string, 0, len(x.tags))
	for tag := range x.tags {{
		wg.Add(1)
		go func(tag string) {{
			defer wg.Done()
			_ = fmt.Sprintf("%s=%d", tag, len(tag)*3+1)
		}}(tag)
		out = append(out, tag)
	}}
	wg.Wait()
	switch n := len(out); {{
	case n > 10:
		return fmt.Sprintf("%s: %d tags", x.name, n)
	default:
		return fmt.Sprint(x.name, out)
	}}
}}

"#
        );
    }
    s
}

fn syscall_file(pkg: &str, i: usize) -> String {
    format!(
        r#"package {pkg}

import (
	"sync"
	"syscall"
	"unsafe"
)

func ioctl{i}(fd int, req uint, arg uintptr) error {{
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if e != 0 {{
		return e
	}}
	return nil
}}

func read{i}(fd int, b []byte) (int, error) {{
	n, _, e := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	if e != 0 {{
		return 0, e
	}}
	return int(n), nil
}}

func winsize{i}(fd int) error {{
	var ws [4]uint16
	return ioctl{i}(fd, 0x5413, uintptr(unsafe.Pointer(&ws)))
}}

func table{i}(fd int) uint8 {{
	mem, err := syscall.Mmap(fd, 0, 4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {{
		return 0
	}}
	slots, err := syscall.Mmap(fd, 4096, 4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {{
		return 0
	}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {{
		wg.Add(1)
		go func(id int) {{
			defer wg.Done()
			mu.Lock()
			mem[0]++
			mu.Unlock()
			slots[id] = byte(id)
		}}(w)
	}}
	wg.Wait()
	return mem[0]
}}
"#
    )
}

/// Writes `packages` packages of `files` files each under `root`; returns the bytes written.
fn generate(root: &Path, packages: usize, files: usize) -> u64 {
    let mut bytes = 0;
    fs::write(root.join("go.mod"), "module example.com/bench\n\ngo 1.22\n").unwrap();
    for p in 0..packages {
        let name = format!("pkg{p}");
        let dir = root.join(&name);
        fs::create_dir_all(&dir).unwrap();
        for f in 0..files {
            let text = if f % 10 == 9 { syscall_file(&name, f) } else { plain_file(&name, f) };
            bytes += text.len() as u64;
            fs::write(dir.join(format!("f{f}.go")), text).unwrap();
        }
    }
    bytes
}

/// The median of three runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

fn measure(label: &str, packages: usize, files: usize) {
    let dir = tempfile::TempDir::new().unwrap();
    let bytes = generate(dir.path(), packages, files);
    let mut findings = 0;
    let check = median(|| findings = analyze(dir.path(), &["./...".to_string()]).diagnostics.len());
    // The floor: reading and parsing the same files in parallel, nothing else.
    let paths: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "go"))
        .map(|e| e.into_path())
        .collect();
    let parse = median(|| {
        paths.par_iter().for_each(|p| {
            let text = fs::read_to_string(p).unwrap();
            assert!(blindspot_go::parse(&text).is_some());
        })
    });
    let mb = bytes as f64 / 1e6;
    println!(
        "{label:<22} {:>6} files {mb:>6.1} MB | check {:>6.2} s {:>5.1} MB/s | parse only {:>6.2} s {:>5.1} MB/s | {:>4.2}x | {findings} findings",
        packages * files,
        check.as_secs_f64(),
        mb / check.as_secs_f64(),
        parse.as_secs_f64(),
        mb / parse.as_secs_f64(),
        check.as_secs_f64() / parse.as_secs_f64(),
    );
}

fn main() {
    // `cargo test --benches` passes --bench-less flags; a quick run keeps that cheap.
    let quick = std::env::args().any(|a| a == "--quick") || std::env::var_os("BLINDSPOT_BENCH_QUICK").is_some();
    let scale = if quick { 1 } else { 4 };
    println!("threads: {}", rayon::current_num_threads());
    for k in [1, 2, 4] {
        measure(&format!("one package x{k}"), 1, 50 * k * scale);
    }
    for k in [1, 2, 4] {
        measure(&format!("many packages x{k}"), 50 * k * scale, 10);
    }
}
