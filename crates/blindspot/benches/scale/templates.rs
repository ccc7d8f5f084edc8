//! The ordinary Go code the generated packages are made of: records, codecs, tables,
//! state machines, stores, parsers, registries, pools, caches, an API file, tests.

/// A piece of Go code: `@T` is a type name, `@N` a number unique in the package, `@lower`
/// a lower-case noun, `@K` a random constant.
pub(crate) struct Template {
    pub(crate) imports: &'static [&'static str],
    pub(crate) text: &'static str,
}

pub(crate) const NOUNS: &[&str] = &[
    "Account", "Session", "Order", "Route", "Volume", "Lease", "Token", "Bucket", "Peer", "Shard", "Job", "Manifest",
    "Layer", "Endpoint", "Quota", "Snapshot", "Record", "Policy", "Mount", "Image", "Task", "Node", "Event", "Metric",
    "Secret", "Frame", "Segment", "Batch", "Tenant", "Replica",
];

pub(crate) const FILE_NAMES: &[&str] =
    &["types.go", "store.go", "codec.go", "parse.go", "state.go", "errors.go", "table.go", "format.go", "util.go"];

pub(crate) const EXTRA_FIELDS: &[(&str, &str)] = &[
    ("Owner", "string"),
    ("Retries", "int"),
    ("Deadline", "time.Duration"),
    ("Weight", "float64"),
    ("Enabled", "bool"),
    ("Aliases", "[]string"),
    ("Limits", "map[string]int64"),
    ("Checksum", "uint32"),
];

pub(crate) const RECORD: Template = Template {
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

pub(crate) const CODEC: Template = Template {
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

pub(crate) const ROWS: Template = Template {
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

pub(crate) const STATE: Template = Template {
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

pub(crate) const STORE: Template = Template {
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

pub(crate) const PARSE: Template = Template {
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

pub(crate) const ONCE: Template = Template {
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

pub(crate) const TABLE: Template = Template {
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

pub(crate) const REGISTRY: Template = Template {
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

pub(crate) const POOL: Template = Template {
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

pub(crate) const CACHE: Template = Template {
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

pub(crate) const API: Template = Template {
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

pub(crate) const TEST: Template = Template {
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
