//! Scale: blindspot on a large, realistic, generated Go module, against the floor of
//! reading and parsing the same files, with peak memory. The targets it checks (issue 7,
//! for a 2-core machine): a cold run at most 0.8× the parse-only time when most packages
//! have no trigger (1.3× when all have one), a cached run under 0.5 s per 100 MB, and a peak
//! RSS under 500 MB.
//!
//! Two trees are generated (`module example.com/bench`, hundreds of packages, about 100 MB;
//! 25 MB with `BLINDSPOT_BENCH_QUICK=1`), with the same ordinary code and the same package
//! sizes:
//! - *few triggers*: one package in ten holds what blindspot looks for (cgo with a
//!   `C.malloc`'d buffer shared with a goroutine, raw `syscall.Syscall` wrappers with
//!   `uintptr` conversions, `os/signal` handlers mutating package state, or
//!   `runtime.SetFinalizer`), and few of the others import those packages;
//! - *all triggers*: every package holds one.
//!
//! The ordinary code is what real packages hold: types with methods and constructors,
//! interfaces and type switches, closures, maps, wrapped errors, switch statements,
//! formatting, tables of struct literals, comments, and (in about a third of the packages)
//! mutexes and goroutines joined by WaitGroups. Packages import 1-4 earlier packages (a DAG)
//! and call their exported functions; about half have a test file.
//!
//! Measured on each tree in three rounds of the three, median of three (peak RSS: the
//! largest of the three):
//! - *parse only*: this program re-executed as `scale --parse-only DIR`, which reads and
//!   tree-sitter-parses every `.go` file in parallel (rayon) and drops the trees;
//! - *parse + walk*: the same, also visiting every node of each tree once with a tree
//!   cursor (its kind, field and start): the least any analysis of the trees must do, so
//!   the floor of a cold run on a tree whose every package must be parsed;
//! - *cold*: `blindspot check --format json ./...` with an empty `--cache-dir`;
//! - *cached*: the same with the cache the round's cold run left (skipped, with a note,
//!   when the binary's `check --help` does not list `--cache-dir`).
//!
//! Each is a child process, timed by wall clock, its peak RSS read from `wait4`. An
//! untimed `--statistics` run first warms the page cache and counts the packages the
//! prefilter left unparsed, and the findings.
//!
//! Run with `cargo bench --bench scale` (add `BLINDSPOT_BENCH_QUICK=1` for the small tree);
//! the report is a markdown table on stdout, progress goes to stderr. Without `--bench`
//! (`cargo test --benches`) it runs once on a tiny tree, as a smoke test. To look at a
//! tree, `scale --generate DIR [few|all]` (the bench binary, under target/release/deps)
//! writes one and exits.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rayon::prelude::*;

const MODULE: &str = "example.com/bench";
const SEED: u64 = 0x05ca_1e0f_b11d_5907;

// --- Random numbers (no dependency; the tree must be the same on every run) -----------

struct Rng(u64);

impl Rng {
    fn new(a: u64, b: u64) -> Rng {
        let mut r = Rng(SEED ^ a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.wrapping_mul(0xc2b2_ae3d_27d4_eb4f));
        r.next();
        r
    }

    /// splitmix64.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// --- The generated tree ----------------------------------------------------------------

/// What makes a package need parsing (see `src/prefilter.rs`), one kind per trigger file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Trigger {
    Cgo,
    Syscall,
    Signal,
    Finalizer,
}

/// The rotation of trigger kinds: cgo, syscall and signal three times each, a finalizer once.
const KINDS: [Trigger; 10] = [
    Trigger::Cgo,
    Trigger::Syscall,
    Trigger::Signal,
    Trigger::Cgo,
    Trigger::Syscall,
    Trigger::Signal,
    Trigger::Finalizer,
    Trigger::Cgo,
    Trigger::Syscall,
    Trigger::Signal,
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    FewTriggers,
    AllTriggers,
}

impl Shape {
    fn label(self) -> &'static str {
        match self {
            Shape::FewTriggers => "few triggers",
            Shape::AllTriggers => "all triggers",
        }
    }

    fn trigger(self, p: usize) -> Option<Trigger> {
        match self {
            Shape::FewTriggers => (p % 10 == 3).then(|| KINDS[(p / 10) % KINDS.len()]),
            Shape::AllTriggers => Some(KINDS[p % KINDS.len()]),
        }
    }

    /// The cold-run target, as a multiple of the parse-only time.
    fn cold_target(self) -> f64 {
        match self {
            Shape::FewTriggers => 0.8,
            Shape::AllTriggers => 1.3,
        }
    }
}

/// One package of the tree, decided before any file is written.
struct PackagePlan {
    trigger: Option<Trigger>,
    /// Its ordinary code takes locks and starts goroutines (a third of the packages).
    concurrent: bool,
    deps: Vec<usize>,
    /// Files besides the test file, the first being the package's API (`pkgNNN.go`).
    files: usize,
    test: bool,
}

fn package_name(p: usize) -> String {
    format!("pkg{p:03}")
}

/// Plans `count` packages. The content of a package depends only on its index (not on
/// the shape), so both shapes hold the same ordinary code; only the trigger files and the
/// imports differ.
fn plan(shape: Shape, count: usize) -> Vec<PackagePlan> {
    (0..count)
        .map(|p| {
            let mut rng = Rng::new(1, p as u64);
            let concurrent = rng.chance(0.33);
            let files = rng.range(3, 10);
            let test = rng.chance(0.5);
            // Imports, from their own stream: 1-4 earlier packages. With few triggers, a
            // package imports a trigger package only rarely (one in twelve may).
            let mut deps_rng = Rng::new(2, p as u64);
            let wanted = deps_rng.range(1, 4).min(p);
            let may_import_trigger = shape == Shape::AllTriggers || deps_rng.chance(0.08);
            let mut deps = Vec::new();
            let mut triggers = 0;
            for _ in 0..wanted * 20 {
                if deps.len() == wanted {
                    break;
                }
                let d = deps_rng.below(p);
                let is_trigger = shape.trigger(d).is_some();
                if deps.contains(&d)
                    || (is_trigger && shape == Shape::FewTriggers && (!may_import_trigger || triggers > 0))
                {
                    continue;
                }
                triggers += usize::from(is_trigger);
                deps.push(d);
            }
            deps.sort_unstable();
            PackagePlan { trigger: shape.trigger(p), concurrent, deps, files, test }
        })
        .collect()
}

/// A Go file being built: its imports are collected from what its fragments use.
#[derive(Default)]
struct GoFile {
    imports: BTreeSet<String>,
    cgo_preamble: Option<String>,
    body: String,
}

impl GoFile {
    fn add(&mut self, imports: &[&str], text: &str) {
        self.imports.extend(imports.iter().map(|i| i.to_string()));
        self.body.push_str(text);
        self.body.push('\n');
    }

    fn render(&self, pkg: &str, doc: Option<&str>) -> String {
        let mut s = String::with_capacity(self.body.len() + 1024);
        s.push_str(
            "// Copyright 2024 The Bench Authors. All rights reserved.\n// Use of this source code is governed by a \
             BSD-style license that can be\n// found in the LICENSE file.\n\n",
        );
        if let Some(doc) = doc {
            s.push_str(doc);
        }
        let _ = writeln!(s, "package {pkg}\n");
        if let Some(preamble) = &self.cgo_preamble {
            let _ = writeln!(s, "/*\n{preamble}*/\nimport \"C\"\n");
        }
        let (local, std): (Vec<&String>, Vec<&String>) = self.imports.iter().partition(|i| i.starts_with(MODULE));
        match (std.len(), local.len()) {
            (0, 0) => {}
            (1, 0) => {
                let _ = writeln!(s, "import \"{}\"\n", std[0]);
            }
            _ => {
                s.push_str("import (\n");
                for i in &std {
                    let _ = writeln!(s, "\t\"{i}\"");
                }
                if !std.is_empty() && !local.is_empty() {
                    s.push('\n');
                }
                for i in &local {
                    let _ = writeln!(s, "\t\"{i}\"");
                }
                s.push_str(")\n\n");
            }
        }
        s.push_str(&self.body);
        s
    }
}

/// A piece of Go code: `@T` is a type name, `@N` a number unique in the package, `@lower`
/// a lower-case noun, `@K` a random constant.
struct Template {
    imports: &'static [&'static str],
    text: &'static str,
}

const NOUNS: &[&str] = &[
    "Account", "Session", "Order", "Route", "Volume", "Lease", "Token", "Bucket", "Peer", "Shard", "Job", "Manifest",
    "Layer", "Endpoint", "Quota", "Snapshot", "Record", "Policy", "Mount", "Image", "Task", "Node", "Event", "Metric",
    "Secret", "Frame", "Segment", "Batch", "Tenant", "Replica",
];

const FILE_NAMES: &[&str] =
    &["types.go", "store.go", "codec.go", "parse.go", "state.go", "errors.go", "table.go", "format.go", "util.go"];

const EXTRA_FIELDS: &[(&str, &str)] = &[
    ("Owner", "string"),
    ("Retries", "int"),
    ("Deadline", "time.Duration"),
    ("Weight", "float64"),
    ("Enabled", "bool"),
    ("Aliases", "[]string"),
    ("Limits", "map[string]int64"),
    ("Checksum", "uint32"),
];

const RECORD: Template = Template {
    imports: &["errors", "fmt", "sort", "strings", "time"],
    text: r#"// @T describes one @lower known to this package. New@T fills it in and checks
// it; the zero value is not valid.
type @T struct {
	ID       int
	Name     string
	Labels   map[string]string
	Created  time.Time
	Priority int
@FIELDS	parent   *@T
}

var errEmpty@N = errors.New("@lower: empty name")

// New@T returns a validated @T with lower-case label keys.
func New@T(id int, name string, labels map[string]string) (*@T, error) {
	v := &@T{
		ID:      id,
		Name:    name,
		Labels:  make(map[string]string, len(labels)),
		Created: time.Unix(int64(id)*3600, 0).UTC(),
	}
	for k, val := range labels {
		v.Labels[strings.ToLower(k)] = val
	}
	if err := v.Validate(); err != nil {
		return nil, fmt.Errorf("new @lower %q: %w", name, err)
	}
	return v, nil
}

// Validate reports the first problem found.
func (v *@T) Validate() error {
	switch {
	case v.ID < 0:
		return fmt.Errorf("@lower %d: negative id", v.ID)
	case v.Name == "":
		return errEmpty@N
	case len(v.Name) > 253:
		return fmt.Errorf("@lower %q...: name too long (%d bytes)", v.Name[:16], len(v.Name))
	}
	for k := range v.Labels {
		if strings.ContainsAny(k, " \t\n") {
			return fmt.Errorf("@lower %q: label %q contains white space", v.Name, k)
		}
	}
	return nil
}

// Class buckets the priority.
func (v *@T) Class() string {
	switch p := v.Priority; {
	case p >= 90:
		return "critical"
	case p >= 50:
		return "high"
	case p >= @K%50:
		return "normal"
	default:
		return "low"
	}
}

// String formats the record as name#id{k=v,...}, labels sorted.
func (v *@T) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s#%d", v.Name, v.ID)
	keys := make([]string, 0, len(v.Labels))
	for k := range v.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i == 0 {
			b.WriteByte('{')
		} else {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%s", k, v.Labels[k])
	}
	if len(keys) > 0 {
		b.WriteByte('}')
	}
	return b.String()
}

// Clone returns a deep copy without the parent link.
func (v *@T) Clone() *@T {
	c := *v
	c.parent = nil
	c.Labels = make(map[string]string, len(v.Labels))
	for k, val := range v.Labels {
		c.Labels[k] = val
	}
	return &c
}
"#,
};

const CODEC: Template = Template {
    imports: &["errors", "fmt", "io"],
    text: r#"// @T encodes and decodes integers for the @lower wire format.
type @T interface {
	Encode(dst []byte, v int64) []byte
	Decode(src []byte) (int64, int, error)
	Name() string
}

type varint@N struct{}

func (varint@N) Name() string { return "varint" }

func (varint@N) Encode(dst []byte, v int64) []byte {
	u := uint64(v) << 1
	if v < 0 {
		u = ^u
	}
	for u >= 0x80 {
		dst = append(dst, byte(u)|0x80)
		u >>= 7
	}
	return append(dst, byte(u))
}

func (varint@N) Decode(src []byte) (int64, int, error) {
	var u uint64
	var s uint
	for i, b := range src {
		if i == 10 {
			return 0, 0, errOverflow@N
		}
		if b < 0x80 {
			u |= uint64(b) << s
			v := int64(u >> 1)
			if u&1 != 0 {
				v = ^v
			}
			return v, i + 1, nil
		}
		u |= uint64(b&0x7f) << s
		s += 7
	}
	return 0, 0, io.ErrUnexpectedEOF
}

type fixed@N struct{ width int }

func (f fixed@N) Name() string { return fmt.Sprintf("fixed%d", f.width*8) }

func (f fixed@N) Encode(dst []byte, v int64) []byte {
	for i := 0; i < f.width; i++ {
		dst = append(dst, byte(v>>(8*i)))
	}
	return dst
}

func (f fixed@N) Decode(src []byte) (int64, int, error) {
	if len(src) < f.width {
		return 0, 0, io.ErrUnexpectedEOF
	}
	var v int64
	for i := 0; i < f.width; i++ {
		v |= int64(src[i]) << (8 * i)
	}
	return v, f.width, nil
}

var errOverflow@N = errors.New("@lower: varint overflows 64 bits")

// codecs@N lists the formats by name.
var codecs@N = map[string]@T{
	"varint":  varint@N{},
	"fixed32": fixed@N{width: 4},
	"fixed64": fixed@N{width: 8},
}

// Lookup@T returns the named codec.
func Lookup@T(name string) (@T, error) {
	c, ok := codecs@N[name]
	if !ok {
		return nil, fmt.Errorf("@lower: unknown codec %q", name)
	}
	return c, nil
}

// describe@N names a codec's kind.
func describe@N(c @T) string {
	switch c := c.(type) {
	case varint@N:
		return "variable-length " + c.Name()
	case fixed@N:
		return fmt.Sprintf("%d-byte %s", c.width, c.Name())
	case nil:
		return "none"
	default:
		return "custom " + c.Name()
	}
}
"#,
};

const ROWS: Template = Template {
    imports: &["fmt", "sort", "strings"],
    text: r#"// @T is a row of the @lower usage report.
type @T struct {
	Key   string
	Count int
	Bytes int64
	Tags  []string
}

// Filter@T keeps the rows pred accepts.
func Filter@T(rows []@T, pred func(@T) bool) []@T {
	out := rows[:0:0]
	for _, r := range rows {
		if pred(r) {
			out = append(out, r)
		}
	}
	return out
}

// Top@T returns the n largest rows by size, ties broken by key.
func Top@T(rows []@T, n int) []@T {
	sorted := append([]@T(nil), rows...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Bytes != sorted[j].Bytes {
			return sorted[i].Bytes > sorted[j].Bytes
		}
		return sorted[i].Key < sorted[j].Key
	})
	if n < len(sorted) {
		sorted = sorted[:n]
	}
	return sorted
}

// GroupBy@T sums the rows by key.
func GroupBy@T(rows []@T, key func(@T) string) map[string]@T {
	groups := make(map[string]@T)
	for _, r := range rows {
		k := key(r)
		g := groups[k]
		g.Key = k
		g.Count += r.Count
		g.Bytes += r.Bytes
		g.Tags = append(g.Tags, r.Tags...)
		groups[k] = g
	}
	return groups
}

func summarize@N(rows []@T) string {
	byPrefix := GroupBy@T(rows, func(r @T) string {
		if i := strings.IndexByte(r.Key, '/'); i > 0 {
			return r.Key[:i]
		}
		return r.Key
	})
	large := Filter@T(rows, func(r @T) bool { return r.Bytes > @K })
	total := int64(0)
	next := func(rs []@T) func() int {
		i := 0
		return func() int {
			if i < len(rs) {
				total += rs[i].Bytes
				i++
			}
			return i
		}
	}(rows)
	for next() < len(rows) {
	}
	return fmt.Sprintf("%d groups, %d large, %d bytes, top %v", len(byPrefix), len(large), total, Top@T(rows, 3))
}
"#,
};

const STATE: Template = Template {
    imports: &["fmt"],
    text: r#"// @T is the life cycle of a @lower.
type @T int

const (
	@TPending @T = iota
	@TRunning
	@TPaused
	@TDone
	@TFailed
)

func (s @T) String() string {
	switch s {
	case @TPending:
		return "pending"
	case @TRunning:
		return "running"
	case @TPaused:
		return "paused"
	case @TDone:
		return "done"
	case @TFailed:
		return "failed"
	default:
		return fmt.Sprintf("@T(%d)", int(s))
	}
}

// transitions@N lists where each state may move next.
var transitions@N = map[@T][]@T{
	@TPending: {@TRunning, @TFailed},
	@TRunning: {@TPaused, @TDone, @TFailed},
	@TPaused:  {@TRunning, @TFailed},
}

// TransitionError@N is returned for a move the life cycle does not allow.
type TransitionError@N struct {
	From, To @T
}

func (e *TransitionError@N) Error() string {
	return fmt.Sprintf("@lower: cannot move from %v to %v", e.From, e.To)
}

// Next@T checks a transition and returns the new state.
func Next@T(from, to @T) (@T, error) {
	for _, t := range transitions@N[from] {
		if t == to {
			return to, nil
		}
	}
	return from, &TransitionError@N{From: from, To: to}
}

// Terminal@N reports whether no transition leaves s.
func Terminal@N(s @T) bool {
	return len(transitions@N[s]) == 0
}
"#,
};

const STORE: Template = Template {
    imports: &["errors"],
    text: r#"// @TError records which operation on which @lower failed.
type @TError struct {
	Op  string
	Key string
	Err error
}

func (e *@TError) Error() string { return e.Op + " " + e.Key + ": " + e.Err.Error() }

func (e *@TError) Unwrap() error { return e.Err }

var (
	Err@TNotFound = errors.New("@lower not found")
	Err@TConflict = errors.New("@lower already exists")
)

// @TStore is an in-memory table of @lower values. It is not safe for concurrent use.
type @TStore struct {
	items        map[string][]byte
	hits, misses int
}

// Get returns a copy-free view of the value.
func (s *@TStore) Get(key string) ([]byte, error) {
	v, ok := s.items[key]
	if !ok {
		s.misses++
		return nil, &@TError{Op: "get", Key: key, Err: Err@TNotFound}
	}
	s.hits++
	return v, nil
}

// Put stores a copy of v.
func (s *@TStore) Put(key string, v []byte, overwrite bool) error {
	if s.items == nil {
		s.items = make(map[string][]byte)
	}
	if _, ok := s.items[key]; ok && !overwrite {
		return &@TError{Op: "put", Key: key, Err: Err@TConflict}
	}
	s.items[key] = append([]byte(nil), v...)
	return nil
}

// classify@N maps an error to an HTTP-like status.
func classify@N(err error) int {
	var e *@TError
	switch {
	case err == nil:
		return 200
	case errors.Is(err, Err@TNotFound):
		return 404
	case errors.Is(err, Err@TConflict):
		return 409
	case errors.As(err, &e):
		return 400
	default:
		return 500
	}
}
"#,
};

const PARSE: Template = Template {
    imports: &["fmt", "sort", "strconv", "strings"],
    text: r##"// Parse@T reads "key = value" lines, summing repeated keys; "#" starts a comment
// and a line "end" stops the input.
func Parse@T(text string) (map[string]int, error) {
	out := make(map[string]int)
	lineNo := 0
lines:
	for _, line := range strings.Split(text, "\n") {
		lineNo++
		line = strings.TrimSpace(line)
		switch {
		case line == "", strings.HasPrefix(line, "#"):
			continue
		case line == "end":
			break lines
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("@lower line %d: missing '='", lineNo)
		}
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return nil, fmt.Errorf("@lower line %d: %w", lineNo, err)
		}
		out[strings.TrimSpace(key)] += n
	}
	return out, nil
}

// Format@T writes the map back in the same syntax, keys sorted.
func Format@T(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(" = ")
		b.WriteString(strconv.Itoa(m[k]))
		b.WriteByte('\n')
	}
	return b.String()
}
"##,
};

const ONCE: Template = Template {
    imports: &["strings", "sync", "sync/atomic"],
    text: r#"var (
	@lowerDefaults@N     map[string]string
	@lowerDefaultsOnce@N sync.Once
	@lowerRequests@N     atomic.Int64
)

// @TDefault returns the built-in value of key, building the table once.
func @TDefault(key string) string {
	@lowerRequests@N.Add(1)
	@lowerDefaultsOnce@N.Do(func() {
		@lowerDefaults@N = map[string]string{
			"mode":    "strict",
			"retries": "3",
			"backoff": "250ms",
			"region":  "eu-west-1",
			"limit":   "@K",
		}
	})
	if v, ok := @lowerDefaults@N[strings.ToLower(key)]; ok {
		return v
	}
	return ""
}

// @TRequests reports how many lookups were made.
func @TRequests() int64 { return @lowerRequests@N.Load() }
"#,
};

const TABLE: Template = Template {
    imports: &["fmt", "strings"],
    text: r#"// @lowerProfiles@N lists the built-in @lower profiles.
var @lowerProfiles@N = []struct {
	Name    string
	Limit   int
	Weight  float64
	Enabled bool
	Tags    []string
}{
@ROWS}

// Profile@N returns the named profile's limit scaled by its weight.
func Profile@N(name string) (int, error) {
	for _, p := range @lowerProfiles@N {
		if !strings.EqualFold(p.Name, name) {
			continue
		}
		if !p.Enabled {
			return 0, fmt.Errorf("@lower profile %q is disabled", p.Name)
		}
		return int(float64(p.Limit) * p.Weight), nil
	}
	return 0, fmt.Errorf("no @lower profile %q", name)
}
"#,
};

const REGISTRY: Template = Template {
    imports: &["sort", "sync"],
    text: r#"// @TRegistry counts @lower values by key. It is safe for concurrent use.
type @TRegistry struct {
	mu      sync.Mutex
	entries map[string]*@TEntry
	order   []string
}

// @TEntry is one key of a @TRegistry.
type @TEntry struct {
	Key   string
	Value int
	Seen  int
}

// Add adds v to key's entry, creating it.
func (r *@TRegistry) Add(key string, v int) @TEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil {
		r.entries = make(map[string]*@TEntry)
	}
	e, ok := r.entries[key]
	if !ok {
		e = &@TEntry{Key: key}
		r.entries[key] = e
		r.order = append(r.order, key)
	}
	e.Value += v
	e.Seen++
	return *e
}

// Snapshot returns the entries in insertion order, or by value when byValue is set.
func (r *@TRegistry) Snapshot(byValue bool) []@TEntry {
	r.mu.Lock()
	out := make([]@TEntry, 0, len(r.order))
	for _, k := range r.order {
		out = append(out, *r.entries[k])
	}
	r.mu.Unlock()
	if byValue {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	}
	return out
}
"#,
};

const POOL: Template = Template {
    imports: &["sync"],
    text: r#"// hash@N hashes the inputs on workers goroutines and returns the results in order.
func hash@N(inputs []string, workers int) []uint64 {
	if workers < 1 {
		workers = 1
	}
	results := make([]uint64, len(inputs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				h := uint64(14695981039346656037)
				for j := 0; j < len(inputs[i]); j++ {
					h ^= uint64(inputs[i][j])
					h *= 1099511628211
				}
				results[i] = h
			}
		}()
	}
	for i := range inputs {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// fanIn@N merges the channels into one, closed when all are.
func fanIn@N(chs ...<-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	wg.Add(len(chs))
	for _, ch := range chs {
		go func(ch <-chan string) {
			defer wg.Done()
			for s := range ch {
				out <- s
			}
		}(ch)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
"#,
};

const CACHE: Template = Template {
    imports: &["fmt", "sync"],
    text: r#"// @TCache memoizes loaded @lower values. It is safe for concurrent use.
type @TCache struct {
	mu    sync.RWMutex
	items map[string][]byte
	loads int
}

// Get returns the cached value of key, loading it on a miss.
func (c *@TCache) Get(key string, load func(string) ([]byte, error)) ([]byte, error) {
	c.mu.RLock()
	v, ok := c.items[key]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := load(key)
	if err != nil {
		return nil, fmt.Errorf("@lower cache: load %s: %w", key, err)
	}
	c.mu.Lock()
	if c.items == nil {
		c.items = make(map[string][]byte)
	}
	c.items[key] = v
	c.loads++
	c.mu.Unlock()
	return v, nil
}

// Warm loads the keys in parallel and returns the first error.
func (c *@TCache) Warm(keys []string, load func(string) ([]byte, error)) error {
	errs := make(chan error, len(keys))
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			if _, err := c.Get(k, load); err != nil {
				errs <- err
			}
		}(k)
	}
	wg.Wait()
	close(errs)
	return <-errs
}
"#,
};

const API: Template = Template {
    imports: &["fmt", "strconv"],
    text: r#"// Version is the package's wire format version.
const Version = "1.@N.0"

// Describe formats n for humans.
func Describe(n int) string {
	switch {
	case n < 0:
		return "-" + Describe(-n)
	case n < 1000:
		return strconv.Itoa(n)
	case n < 1000000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	default:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	}
}
"#,
};

const TEST: Template = Template {
    imports: &["testing"],
    text: r#"func TestDescribe(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1500, "1.5k"},
		{-2500000, "-2.5M"},
	}
	for _, c := range cases {
		if got := Describe(c.n); got != c.want {
			t.Errorf("Describe(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestScoreIsStable(t *testing.T) {
	for _, s := range []string{"", "a", "hello, world"} {
		if a, b := Score(s), Score(s); a != b {
			t.Fatalf("Score(%q) = %d then %d", s, a, b)
		}
	}
}
"#,
};

const CGO_PREAMBLE: &str = r#"#include <stdlib.h>
#include <string.h>

static size_t checksum(const unsigned char *p, size_t n) {
	size_t s = 0;
	for (size_t i = 0; i < n; i++) {
		s = s * 31 + p[i];
	}
	return s;
}
"#;

const CGO: Template = Template {
    imports: &["sync", "unsafe"],
    text: r#"// Alloc returns n bytes of C memory; free it with Free.
func Alloc(n int) unsafe.Pointer {
	return C.malloc(C.size_t(n))
}

// Free releases memory from Alloc.
func Free(p unsafe.Pointer) { C.free(p) }

// CBuffer is a byte view of C memory, checksummed in the background.
type CBuffer struct {
	mu   sync.Mutex
	data []byte
	sum  uint64
}

// NewCBuffer allocates a zeroed buffer of n bytes in C memory.
func NewCBuffer(n int) *CBuffer {
	p := C.malloc(C.size_t(n))
	C.memset(p, 0, C.size_t(n))
	return &CBuffer{data: unsafe.Slice((*byte)(p), n)}
}

// Checksum starts the C checksum on a goroutine while it refills the buffer: the
// goroutine reads what this goroutine writes, in memory the race detector does not see.
func (b *CBuffer) Checksum(fill byte) uint64 {
	done := make(chan uint64)
	go func() {
		s := C.checksum((*C.uchar)(unsafe.Pointer(&b.data[0])), C.size_t(len(b.data)))
		done <- uint64(s)
	}()
	for i := range b.data {
		b.data[i] = fill
	}
	return <-done
}

// Sum adds the bytes up on a goroutine, under the buffer's lock.
func (b *CBuffer) Sum() uint64 {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.mu.Lock()
		for _, c := range b.data {
			b.sum += uint64(c)
		}
		b.mu.Unlock()
	}()
	wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sum
}

// Close frees the C memory.
func (b *CBuffer) Close() {
	if len(b.data) > 0 {
		C.free(unsafe.Pointer(&b.data[0]))
	}
	b.data = nil
}
"#,
};

const SYSCALL: Template = Template {
    imports: &["syscall", "unsafe"],
    text: r#"// Ioctl issues a raw ioctl; the memory arg points to must stay valid for the call.
func Ioctl(fd int, req uint, arg uintptr) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if e != 0 {
		return e
	}
	return nil
}

// Winsize is the kernel's struct winsize.
type Winsize struct {
	Row, Col, X, Y uint16
}

// GetWinsize asks the terminal on fd for its size.
func GetWinsize(fd int) (Winsize, error) {
	var ws Winsize
	err := Ioctl(fd, syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws)))
	return ws, err
}

// ReadAt reads len(b) bytes at off.
func ReadAt(fd int, b []byte, off int64) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, _, e := syscall.Syscall6(syscall.SYS_PREAD64, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(off), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// WriteAll writes b, keeping its address as a uintptr across statements.
func WriteAll(fd int, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	p := uintptr(unsafe.Pointer(&b[0]))
	for left := len(b); left > 0; {
		n, _, e := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), p, uintptr(left))
		if e != 0 {
			return e
		}
		left -= int(n)
		p += n
	}
	return nil
}
"#,
};

const SIGNAL: Template = Template {
    imports: &["os", "os/signal", "sync", "syscall"],
    text: r#"var (
	reloads    int
	stopping   bool
	settingsMu sync.Mutex
	settings   = map[string]string{}
)

// WatchSignals reloads the settings on SIGHUP and marks the process as stopping on
// SIGTERM or an interrupt.
func WatchSignals(load func() map[string]string) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP, syscall.SIGTERM, os.Interrupt)
	go func() {
		for sig := range ch {
			switch sig {
			case syscall.SIGHUP:
				reloads++
				next := load()
				settingsMu.Lock()
				settings = next
				settingsMu.Unlock()
			default:
				stopping = true
				signal.Stop(ch)
				return
			}
		}
	}()
}

// Stopping reports whether a termination signal arrived.
func Stopping() bool { return stopping }

// Reloads reports how many times the settings were reloaded.
func Reloads() int { return reloads }

// Setting returns one setting.
func Setting(key string) string {
	settingsMu.Lock()
	defer settingsMu.Unlock()
	return settings[key]
}
"#,
};

const FINALIZER: Template = Template {
    imports: &["os", "runtime", "sync"],
    text: r#"// Handle is an open file tracked by this package; a finalizer closes the ones
// callers forget.
type Handle struct {
	f  *os.File
	id int
}

var (
	openMu    sync.Mutex
	openPaths = map[int]string{}
	finalized int
)

// OpenHandle opens path and registers it under id.
func OpenHandle(path string, id int) (*Handle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := &Handle{f: f, id: id}
	openMu.Lock()
	openPaths[id] = path
	openMu.Unlock()
	runtime.SetFinalizer(h, func(h *Handle) {
		// Runs on the finalizer goroutine: the counter is shared with Finalized.
		finalized++
		openMu.Lock()
		delete(openPaths, h.id)
		openMu.Unlock()
		_ = h.f.Close()
	})
	return h, nil
}

// Close closes the file and cancels the finalizer.
func (h *Handle) Close() error {
	runtime.SetFinalizer(h, nil)
	openMu.Lock()
	delete(openPaths, h.id)
	openMu.Unlock()
	return h.f.Close()
}

// Finalized reports how many handles the garbage collector closed.
func Finalized() int { return finalized }
"#,
};

/// How a package uses an imported trigger package's API (`@dep` is its name).
fn trigger_use(kind: Trigger) -> (&'static [&'static str], &'static str) {
    match kind {
        Trigger::Cgo => (
            &[],
            r#"// checksum@N fills a C buffer from @dep and checksums it.
func checksum@N(fill byte) uint64 {
	buf := @dep.NewCBuffer(4096)
	defer buf.Close()
	return buf.Checksum(fill) + buf.Sum()
}
"#,
        ),
        Trigger::Syscall => (
            &["unsafe"],
            r#"// termSize@N asks the terminal on standard output for its size.
func termSize@N() (rows, cols int) {
	var ws [4]uint16
	if err := @dep.Ioctl(1, 0x5413, uintptr(unsafe.Pointer(&ws))); err != nil {
		return 0, 0
	}
	return int(ws[0]), int(ws[1])
}
"#,
        ),
        Trigger::Signal => (
            &[],
            r#"// watch@N reloads the log level on SIGHUP.
func watch@N(level string) bool {
	@dep.WatchSignals(func() map[string]string { return map[string]string{"level": level} })
	return @dep.Stopping()
}
"#,
        ),
        Trigger::Finalizer => (
            &[],
            r#"// probe@N opens and closes path.
func probe@N(path string) error {
	h, err := @dep.OpenHandle(path, @N)
	if err != nil {
		return err
	}
	return h.Close()
}
"#,
        ),
    }
}

/// Fills a template's placeholders.
fn fill(text: &str, ty: &str, n: usize, lower: &str, k: usize) -> String {
    text.replace("@T", ty).replace("@N", &n.to_string()).replace("@lower", lower).replace("@K", &k.to_string())
}

/// Generates the files of one package.
struct PackageGen<'a> {
    plans: &'a [PackagePlan],
    p: usize,
    name: String,
}

impl PackageGen<'_> {
    fn plan(&self) -> &PackagePlan {
        &self.plans[self.p]
    }

    /// One ordinary fragment, numbered `n`.
    fn fragment(&self, rng: &mut Rng, file: &mut GoFile, n: usize) {
        let noun = rng.pick(NOUNS);
        let ty = format!("{noun}{n}");
        let lower = noun.to_lowercase();
        let k = rng.range(10, 1 << 20);
        let concurrent = [REGISTRY, POOL, CACHE];
        let plain =
            [RECORD, RECORD, RECORD, CODEC, ROWS, ROWS, STATE, STATE, STORE, STORE, PARSE, PARSE, ONCE, TABLE, TABLE];
        let template = if self.plan().concurrent && rng.chance(0.3) { rng.pick(&concurrent) } else { rng.pick(&plain) };
        let mut text = fill(template.text, &ty, n, &lower, k);
        if text.contains("@FIELDS") {
            let mut fields = String::new();
            for _ in 0..rng.range(0, 5) {
                let (f, t) = rng.pick(EXTRA_FIELDS);
                if !fields.contains(&format!("\t{f} ")) {
                    let _ = writeln!(fields, "\t{f:<8} {t}");
                }
            }
            text = text.replace("@FIELDS", &fields);
        }
        if text.contains("@ROWS") {
            let mut rows = String::new();
            let tags = ["edge", "eu", "us", "batch", "canary", "internal", "legacy"];
            for r in 0..rng.range(8, 40) {
                let _ = writeln!(
                    rows,
                    "\t{{Name: \"{lower}-{r}\", Limit: {}, Weight: {:.2}, Enabled: {}, Tags: []string{{\"{}\", \"{}\"}}}},",
                    rng.range(1, 5000),
                    rng.unit() * 2.0,
                    rng.chance(0.8),
                    rng.pick(&tags),
                    rng.pick(&tags),
                );
            }
            text = text.replace("@ROWS", &rows);
        }
        file.add(template.imports, &text);
    }

    /// A function calling the exported API of some of the package's imports.
    fn link(&self, rng: &mut Rng, file: &mut GoFile, n: usize, deps: &[usize]) {
        let mut text = format!(
            "// link{n} weighs names with the packages this one builds on.\nfunc link{n}(names []string) \
             map[string]int {{\n\tout := make(map[string]int, len(names))\n\tfor _, n := range names {{\n\t\tw := \
             len(n)\n"
        );
        let mut imports = Vec::new();
        for &d in deps {
            let dep = package_name(d);
            if rng.chance(0.5) {
                let _ = writeln!(text, "\t\tw += {dep}.Score(n) % 101");
            } else {
                let _ = writeln!(text, "\t\tw += len({dep}.Describe(w))");
            }
            imports.push(format!("{MODULE}/{dep}"));
        }
        text.push_str("\t\tout[n] = w\n\t}\n\treturn out\n}\n");
        let imports: Vec<&str> = imports.iter().map(String::as_str).collect();
        file.add(&imports, &text);
    }

    /// Adds ordinary fragments (and, in one file in two, a call into the imports) until the
    /// file reaches `size` bytes; fragments are numbered from `*n`.
    fn pad(&self, rng: &mut Rng, file: &mut GoFile, n: &mut usize, size: usize) {
        let deps = &self.plan().deps;
        if !deps.is_empty() && rng.chance(0.5) {
            let a = *rng.pick(deps);
            let b = *rng.pick(deps);
            let chosen: Vec<usize> = if a == b { vec![a] } else { vec![a, b] };
            self.link(rng, file, *n, &chosen);
            *n += 1;
        }
        while file.body.len() < size {
            self.fragment(rng, file, *n);
            *n += 1;
        }
    }

    /// The package's API file: `Score` (which calls into every import), `Describe`, and
    /// uses of the trigger packages it imports.
    fn api_file(&self, rng: &mut Rng, n: &mut usize, size: usize) -> GoFile {
        let mut file = GoFile::default();
        file.add(API.imports, &fill(API.text, "", self.p, "", 0));
        let mut score = String::from(
            "// Score weighs a string: its own hash, and what the packages it builds on make of it.\nfunc Score(s \
             string) int {\n\th := 0\n\tfor _, c := range s {\n\t\th = h*31 + int(c)\n\t}\n",
        );
        let mut imports = Vec::new();
        for &d in &self.plan().deps {
            let dep = package_name(d);
            let _ = writeln!(score, "\th += len({dep}.Describe(h % 1000))");
            imports.push(format!("{MODULE}/{dep}"));
        }
        score.push_str("\treturn h & 0x7fffffff\n}\n");
        let refs: Vec<&str> = imports.iter().map(String::as_str).collect();
        file.add(&refs, &score);
        for &d in &self.plan().deps {
            if let Some(kind) = self.plans[d].trigger {
                let (imports, text) = trigger_use(kind);
                file.add(imports, &fill(text, "", *n, "", 0).replace("@dep", &package_name(d)));
                *n += 1;
            }
        }
        self.pad(rng, &mut file, n, size);
        file
    }

    fn trigger_file(&self, kind: Trigger, rng: &mut Rng, n: &mut usize, size: usize) -> (&'static str, GoFile) {
        let mut file = GoFile::default();
        let (name, template) = match kind {
            Trigger::Cgo => {
                file.cgo_preamble = Some(CGO_PREAMBLE.to_string());
                ("cbuffer.go", CGO)
            }
            Trigger::Syscall => ("sysio.go", SYSCALL),
            Trigger::Signal => ("signals.go", SIGNAL),
            Trigger::Finalizer => ("handle.go", FINALIZER),
        };
        file.add(template.imports, template.text);
        self.pad(rng, &mut file, n, size);
        (name, file)
    }

    /// Writes the package into `root`; returns (files, bytes) of Go source written.
    fn write(&self, root: &Path) -> (usize, u64) {
        let dir = root.join(&self.name);
        fs::create_dir_all(&dir).unwrap();
        let plan = self.plan();
        let mut written = (0, 0);
        let mut emit = |name: &str, text: String| {
            written.0 += 1;
            written.1 += text.len() as u64;
            fs::write(dir.join(name), text).unwrap();
        };
        // Every file has its own random stream and numbering, so a file is the same in
        // both shapes unless it is the trigger file.
        let names: Vec<&str> = {
            let mut rng = Rng::new(3, self.p as u64);
            let mut names = FILE_NAMES.to_vec();
            for i in (1..names.len()).rev() {
                names.swap(i, rng.below(i + 1));
            }
            names
        };
        for f in 0..plan.files {
            let mut rng = Rng::new(4, (self.p as u64) << 8 | f as u64);
            // Sizes between 5 and 40 KB, most of them small (a mean near 19 KB).
            let size = 5_000 + (35_000.0 * rng.unit().powf(1.6)) as usize;
            let mut n = f * 100;
            if f == 0 {
                let doc = format!(
                    "// Package {} is one package of the generated scale benchmark: records, codecs,\n// tables and \
                     parsers built on the packages it imports.\n",
                    self.name
                );
                let text = self.api_file(&mut rng, &mut n, size).render(&self.name, Some(&doc));
                emit(&format!("{}.go", self.name), text);
            } else if let (Some(kind), true) = (plan.trigger, f == plan.files - 1) {
                let (name, file) = self.trigger_file(kind, &mut rng, &mut n, size);
                emit(name, file.render(&self.name, None));
            } else {
                let mut file = GoFile::default();
                self.pad(&mut rng, &mut file, &mut n, size);
                emit(names[f - 1], file.render(&self.name, None));
            }
        }
        if plan.test {
            let mut file = GoFile::default();
            file.add(TEST.imports, TEST.text);
            emit(&format!("{}_test.go", self.name), file.render(&self.name, None));
        }
        written
    }
}

/// What the prefilter would find in a file's text (its lists, `src/prefilter.rs`): a
/// trigger import or word, or a goroutine or lock.
fn mentions_trigger(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "import \"C\"",
        "\"syscall\"",
        "\"golang.org/x/sys/",
        "\"os/signal\"",
        "SetFinalizer",
        "AddCleanup",
        "go:norace",
        "go:uintptrescapes",
        "go:linkname",
        "//export",
        ".Go(",
        ".Lock()",
        ".RLock()",
    ];
    WORDS.iter().any(|w| text.contains(w))
        || ["\tgo ", " go ", "{go ", ";go ", ":go ", "\ngo "].iter().any(|w| text.contains(w))
}

/// What was generated.
struct Tree {
    packages: usize,
    trigger_packages: usize,
    concurrent_packages: usize,
    /// Packages without a trigger that import one that has one.
    trigger_importers: usize,
    /// Packages whose text the prefilter finds nothing in.
    quiet_packages: usize,
    depth: usize,
    files: usize,
    bytes: u64,
}

/// Writes the tree of `shape` with `packages` packages into `root`.
fn generate(root: &Path, shape: Shape, packages: usize) -> Tree {
    fs::write(root.join("go.mod"), format!("module {MODULE}\n\ngo 1.22\n")).unwrap();
    let plans = plan(shape, packages);
    let written: Vec<(usize, u64, bool)> = (0..packages)
        .into_par_iter()
        .map(|p| {
            let generator = PackageGen { plans: &plans, p, name: package_name(p) };
            let (files, bytes) = generator.write(root);
            let quiet = fs::read_dir(root.join(&generator.name))
                .unwrap()
                .flatten()
                .all(|e| !mentions_trigger(&fs::read_to_string(e.path()).unwrap()));
            (files, bytes, quiet)
        })
        .collect();
    for (p, plan) in plans.iter().enumerate() {
        let quiet = written[p].2;
        // The generator's own check: a package is quiet exactly when it has neither a
        // trigger nor concurrent code.
        assert_eq!(quiet, plan.trigger.is_none() && !plan.concurrent, "package {p}: the prefilter would see it");
    }
    let mut depth = vec![0; packages];
    for p in 0..packages {
        depth[p] = 1 + plans[p].deps.iter().map(|&d| depth[d]).max().unwrap_or(0);
    }
    Tree {
        packages,
        trigger_packages: plans.iter().filter(|p| p.trigger.is_some()).count(),
        concurrent_packages: plans.iter().filter(|p| p.concurrent).count(),
        trigger_importers: plans
            .iter()
            .filter(|p| p.trigger.is_none() && p.deps.iter().any(|&d| plans[d].trigger.is_some()))
            .count(),
        quiet_packages: written.iter().filter(|w| w.2).count(),
        depth: depth.iter().copied().max().unwrap_or(0),
        files: written.iter().map(|w| w.0).sum(),
        bytes: written.iter().map(|w| w.1).sum(),
    }
}

// --- Measuring child processes -----------------------------------------------------------

struct Measured {
    secs: f64,
    /// Peak resident set size, KB.
    rss_kb: u64,
    /// The exit code, or None if a signal ended it.
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `cmd` to completion: wall time, and peak RSS from `wait4` (Linux reports KB).
// The child is reaped by wait4, which clippy does not recognize as a wait.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> Measured {
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
    Measured { secs, rss_kb: usage.ru_maxrss as u64, code, stdout, stderr }
}

/// Median time and largest peak RSS of `runs` measurements; `None` if a run failed.
struct Summary {
    secs: f64,
    rss_mb: f64,
}

fn summarize(label: &str, runs: Vec<Measured>, ok: impl Fn(Option<i32>) -> bool) -> Option<Summary> {
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

fn blindspot(root: &Path, cache: Option<&Path>, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_blindspot"));
    cmd.current_dir(root).env_remove("BLINDSPOT_CACHE_DIR").args(["check", "--format", "json"]).args(extra);
    if let Some(dir) = cache {
        cmd.arg("--cache-dir").arg(dir);
    }
    cmd.arg("./...").stdin(Stdio::null()).stdout(Stdio::null());
    cmd
}

/// blindspot exits 1 when it finds something; 2 is an error.
fn blindspot_ok(code: Option<i32>) -> bool {
    matches!(code, Some(0 | 1))
}

/// The child mode: read and parse every Go file under `dir` in parallel, drop the trees;
/// with `walk`, visit every node of each tree once first.
fn parse_pass(dir: &Path, walk: bool) {
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

// --- The benchmark -----------------------------------------------------------------------

struct Row {
    shape: Shape,
    tree: Tree,
    /// Packages loaded and left unparsed, from `--statistics`.
    prefilter: Option<(usize, usize)>,
    findings: String,
    parse: Option<Summary>,
    walk: Option<Summary>,
    cold: Option<Summary>,
    cached: Option<Summary>,
    cached_same: Option<bool>,
}

fn run_shape(shape: Shape, packages: usize, runs: usize, cache_flag: bool) -> Row {
    let start = Instant::now();
    let dir = tempfile::Builder::new().prefix("blindspot-scale-").tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let tree = generate(&root, shape, packages);
    eprintln!(
        "{}: {} packages, {} files, {:.1} MB generated in {:.1} s under {}",
        shape.label(),
        tree.packages,
        tree.files,
        tree.bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        root.display()
    );

    // Untimed: warms the page cache, and says what the prefilter skipped and what was found.
    let stats_cache = tempfile::tempdir().unwrap();
    let cache_arg = |dir: &Path| cache_flag.then(|| dir.to_path_buf());
    let stats =
        measure(blindspot(&root, cache_arg(stats_cache.path()).as_deref(), &["--statistics"]).stdout(Stdio::piped()));
    let prefilter = stats.stderr.lines().find_map(|l| {
        let (loaded, rest) = l.split_once(" packages, ")?;
        Some((loaded.trim().parse().ok()?, rest.split_whitespace().next()?.parse().ok()?))
    });
    let counts = |out: &str| -> BTreeMap<String, u64> {
        serde_json::from_str::<Vec<serde_json::Value>>(out)
            .unwrap_or_default()
            .iter()
            .filter_map(|r| Some((r["rule"].as_str()?.to_string(), r["count"].as_u64()?)))
            .collect()
    };
    let found = counts(&stats.stdout);
    let findings = if !blindspot_ok(stats.code) {
        format!("error (exit {:?})", stats.code)
    } else if found.is_empty() {
        "none".to_string()
    } else {
        found.iter().map(|(rule, n)| format!("{rule} ×{n}")).collect::<Vec<_>>().join(", ")
    };
    eprintln!("  statistics run: {:.2} s, findings: {findings}", stats.secs);

    // Rounds of parse only, cold, cached, so that a change in the machine's load (it may be
    // shared) touches the three alike. Each cold run gets an empty cache directory; the
    // cached run of the round reuses it.
    let exe = std::env::current_exe().unwrap();
    let expected = format!("{} {}", tree.files, tree.bytes);
    let (mut parse_runs, mut walk_runs, mut cold_runs, mut cached_runs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        for (mode, runs) in [("--parse-only", &mut parse_runs), ("--parse-walk", &mut walk_runs)] {
            let m = measure(Command::new(&exe).arg(mode).arg(&root).stdout(Stdio::piped()));
            assert!(m.code != Some(0) || m.stdout.trim() == expected, "{mode} saw {} for {expected}", m.stdout);
            runs.push(m);
        }
        let dir = tempfile::tempdir().unwrap();
        cold_runs.push(measure(&mut blindspot(&root, cache_arg(dir.path()).as_deref(), &[])));
        if cache_flag {
            cached_runs.push(measure(&mut blindspot(&root, Some(dir.path()), &[])));
        }
    }
    let parse = summarize("parse only", parse_runs, |c| c == Some(0));
    let walk = summarize("parse + walk", walk_runs, |c| c == Some(0));
    let cold = summarize("cold", cold_runs, blindspot_ok);
    let (mut cached, mut cached_same) = (None, None);
    if cache_flag {
        cached = summarize("cached", cached_runs, blindspot_ok);
        // The statistics again, from the statistics run's own cache: the same findings?
        let again = measure(blindspot(&root, Some(stats_cache.path()), &["--statistics"]).stdout(Stdio::piped()));
        cached_same = Some(blindspot_ok(again.code) && counts(&again.stdout) == found);
    }
    Row { shape, tree, prefilter, findings, parse, walk, cold, cached, cached_same }
}

/// A target check's cell: PASS or FAIL and the measure (no verdict on a smoke test).
fn verdict(judge: bool, pass: bool, measure: String) -> String {
    match (judge, pass) {
        (false, _) => format!("not judged: {measure}"),
        (true, true) => format!("PASS: {measure}"),
        (true, false) => format!("FAIL: {measure}"),
    }
}

/// The 1-minute load average, to tell a busy machine from a slow program.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| Some(l.split_whitespace().next()?.to_string()))
        .unwrap_or_default()
}

/// The report. `judge`: whether to hold the numbers to the targets (not on a smoke test's
/// debug build and tiny tree).
fn print_report(mode: &str, judge: bool, cores: usize, cache_flag: bool, rows: &[Row], load: (String, String)) {
    println!("## blindspot scale benchmark ({mode})\n");
    println!(
        "{cores} cores{}; median of the runs, peak RSS the largest; load average {} before, {} after.\n",
        if cores == 2 { "" } else { " (the targets are for 2 cores)" },
        load.0,
        load.1,
    );
    println!(
        "| tree | packages | files | MB | parse only | parse + walk | cold | cached | peak RSS parse / cold / cached | \
         cold target | cached target | RSS target |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |");
    for row in rows {
        let t = &row.tree;
        let mb = t.bytes as f64 / 1e6;
        let parsed = match row.prefilter {
            Some((loaded, skipped)) => format!("; {} of {loaded} parsed", loaded - skipped),
            None => String::new(),
        };
        let packages = format!("{} ({} with a trigger{parsed})", t.packages, t.trigger_packages);
        let parse =
            row.parse.as_ref().map_or("failed".to_string(), |p| format!("{:.2} s ({:.1} MB/s)", p.secs, mb / p.secs));
        let walk = match (&row.walk, &row.parse) {
            (Some(w), Some(p)) => format!("{:.2} s ({:.2}×)", w.secs, w.secs / p.secs),
            (Some(w), None) => format!("{:.2} s", w.secs),
            _ => "failed".to_string(),
        };
        let ratio = match (&row.cold, &row.parse) {
            (Some(c), Some(p)) => Some(c.secs / p.secs),
            _ => None,
        };
        let cold = match (&row.cold, ratio) {
            (Some(c), Some(r)) => format!("{:.2} s ({:.1} MB/s, {r:.2}×)", c.secs, mb / c.secs),
            (Some(c), None) => format!("{:.2} s ({:.1} MB/s)", c.secs, mb / c.secs),
            _ => "failed".to_string(),
        };
        let per_100mb = row.cached.as_ref().map(|c| c.secs * 100.0 / mb);
        let cached = match (&row.cached, per_100mb) {
            (Some(c), Some(per)) => format!("{:.2} s ({per:.2} s/100 MB)", c.secs),
            _ if !cache_flag => "n/a (no --cache-dir)".to_string(),
            _ => "failed".to_string(),
        };
        let mbs = |s: &Option<Summary>| s.as_ref().map_or("-".to_string(), |s| format!("{:.0}", s.rss_mb));
        let rss = format!("{} / {} / {} MB", mbs(&row.parse), mbs(&row.cold), mbs(&row.cached));
        let cold_target = match ratio {
            Some(r) => {
                let target = row.shape.cold_target();
                verdict(judge, r <= target, format!("{r:.2}× (target ≤ {target}×)"))
            }
            None => "n/a".to_string(),
        };
        let cached_target = match per_100mb {
            Some(per) => verdict(judge, per < 0.5, format!("{per:.2} s/100 MB (target < 0.5)")),
            None => "n/a".to_string(),
        };
        let peak = [&row.cold, &row.cached].iter().filter_map(|s| s.as_ref()).map(|s| s.rss_mb).fold(0.0, f64::max);
        let rss_target = match row.cold {
            Some(_) => verdict(judge, peak < 500.0, format!("{peak:.0} MB (target < 500)")),
            None => "n/a".to_string(),
        };
        println!(
            "| {} | {packages} | {} | {mb:.1} | {parse} | {walk} | {cold} | {cached} | {rss} | {cold_target} | \
             {cached_target} | {rss_target} |",
            row.shape.label(),
            t.files,
        );
    }
    println!();
    for row in rows {
        let t = &row.tree;
        println!(
            "- {}: packages with a trigger {}, with locks or goroutines {}, with neither {}, without a \
             trigger but importing a package with one {}; import depth {}. Findings: {}.{}",
            row.shape.label(),
            t.trigger_packages,
            t.concurrent_packages,
            t.quiet_packages,
            t.trigger_importers,
            t.depth,
            row.findings,
            match row.cached_same {
                Some(true) => " Cached run: same findings.",
                Some(false) => " Cached run: DIFFERENT findings from the cold run.",
                None => "",
            }
        );
    }
    if !cache_flag {
        println!("\nThe cached runs were skipped: this blindspot's `check --help` lists no `--cache-dir`.");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    for (mode, walk) in [("--parse-only", false), ("--parse-walk", true)] {
        if let Some(i) = args.iter().position(|a| a == mode) {
            let dir = args.get(i + 1).unwrap_or_else(|| panic!("usage: scale {mode} DIR"));
            parse_pass(Path::new(dir), walk);
            return;
        }
    }
    // `cargo bench` passes --bench; without it (`cargo test --benches`) a tiny smoke run.
    let bench = args.iter().any(|a| a == "--bench" || a == "--generate");
    let quick = args.iter().any(|a| a == "--quick")
        || std::env::var("BLINDSPOT_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let (mode, packages, runs) = match (bench, quick) {
        (false, _) => ("smoke test", 12, 1),
        (true, true) => ("quick, BLINDSPOT_BENCH_QUICK=1", 200, 3),
        (true, false) => ("full", 800, 3),
    };
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let root = PathBuf::from(args.get(i + 1).expect("--generate DIR [few|all]"));
        let shape = if args.get(i + 2).is_some_and(|a| a == "all") { Shape::AllTriggers } else { Shape::FewTriggers };
        fs::create_dir_all(&root).unwrap();
        let tree = generate(&root, shape, packages);
        println!(
            "{}: {} packages, {} files, {:.1} MB",
            root.display(),
            tree.packages,
            tree.files,
            tree.bytes as f64 / 1e6
        );
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let help = Command::new(env!("CARGO_BIN_EXE_blindspot")).args(["check", "--help"]).output().unwrap();
    let cache_flag = String::from_utf8_lossy(&help.stdout).contains("--cache-dir");
    if !cache_flag {
        eprintln!("note: `blindspot check --help` lists no --cache-dir; the cached runs are skipped");
    }
    eprintln!("{mode}: {cores} cores, {runs} runs of each measurement");
    let load_before = load_average();
    let rows: Vec<Row> = [Shape::FewTriggers, Shape::AllTriggers]
        .into_iter()
        .map(|s| run_shape(s, packages, runs, cache_flag))
        .collect();
    print_report(mode, bench, cores, cache_flag, &rows, (load_before, load_average()));
}
