//! Unit tests of the memory model: origins, aliasing, contexts, accesses, locks, joins.

mod common;

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::memory::{AccessKind, Accessor, ContextKind, Via, MEMORY, RACES};
use blindspot_analysis::{Cx, Imports};
use common::*;

const CGO: &str = "package p\n\n// #include <stdlib.h>\nimport \"C\"\n\nimport (\n\t\"sync\"\n\t\"unsafe\"\n)\n\n";

#[test]
fn origin_flows_through_views_fields_and_helpers() {
    let src = format!(
        "{CGO}type ring struct {{ buf []byte; n int }}\n\nfunc alloc(n int) []byte {{\n\treturn unsafe.Slice((*byte)(C.malloc(C.size_t(n))), n)\n}}\n\nfunc newRing() *ring {{\n\treturn &ring{{buf: alloc(64)}}\n}}\n\nfunc (r *ring) put(i int, b byte) {{\n\tr.buf[i] = b\n\tr.n++\n}}\n"
    );
    let pkg = source(&src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.objects.len(), 1);
    let obj = &m.objects[0];
    assert_eq!(obj.origin, Origin::CHeap);
    assert_eq!(line_of(&pkg, obj.origin_span), 14);
    // r.buf[i] = b is a write to the C memory; r.n++ is Go memory and not an access.
    let lines: Vec<(usize, AccessKind)> = obj.accesses.iter().map(|a| (line_of(&pkg, a.span), a.kind)).collect();
    assert_eq!(lines, vec![(22, AccessKind::Write)]);
}

#[test]
fn contexts_locks_and_joins() {
    let src = format!(
        "{CGO}type table struct {{\n\tmu   sync.Mutex\n\tdata *[16]C.int\n}}\n\nfunc (t *table) bump(i int) {{\n\tt.mu.Lock()\n\tdefer t.mu.Unlock()\n\tt.data[i]++\n}}\n\nfunc (t *table) peek(i int) C.int {{\n\treturn t.data[i]\n}}\n\nfunc Run() {{\n\tt := &table{{data: (*[16]C.int)(C.calloc(16, 4))}}\n\tt.data[0] = 1\n\tvar wg sync.WaitGroup\n\tfor w := 0; w < 4; w++ {{\n\t\twg.Add(1)\n\t\tgo func() {{\n\t\t\tdefer wg.Done()\n\t\t\tt.bump(w)\n\t\t}}()\n\t}}\n\t_ = t.peek(1)\n\twg.Wait()\n\t_ = t.peek(2)\n}}\n"
    );
    let pkg = source(&src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.contexts.len(), 2);
    let ContextKind::Goroutine { repeated, spawn, .. } = m.context(blindspot_analysis::memory::ContextId(1)).clone()
    else {
        panic!()
    };
    assert!(repeated, "started in a loop");
    assert_eq!(line_of(&pkg, spawn), 32);
    let obj = &m.objects[0];
    let bump = obj.accesses.iter().find(|a| line_of(&pkg, a.span) == 19).unwrap();
    assert_eq!(bump.kind, AccessKind::ReadWrite);
    assert_eq!(bump.locks, vec!["table.mu".to_string()]);
    let peek = obj.accesses.iter().find(|a| line_of(&pkg, a.span) == 23).unwrap();
    assert!(peek.locks.is_empty());
    // bump is locked against itself across the workers; peek (spawner, unlocked) races
    // with bump before wg.Wait(). The race's primary access is bump's write.
    let races = cx.result(&RACES);
    assert_eq!(races.len(), 1);
    let r = &races[0];
    assert_eq!(line_of(&pkg, obj.accesses[r.primary].span), 19);
    assert_eq!(line_of(&pkg, obj.accesses[r.other].span), 23);
    assert_eq!(m.context(r.other_context), &ContextKind::Spawner);
}

#[test]
fn before_go_after_join_and_disjoint_are_ordered() {
    let src = format!(
        "{CGO}func Fill(rows, cols int) float64 {{\n\tgrid := unsafe.Slice((*C.float)(C.malloc(C.size_t(rows*cols*4))), rows*cols)\n\tgrid[0] = 1\n\tvar wg sync.WaitGroup\n\tfor r := 0; r < rows; r++ {{\n\t\twg.Add(1)\n\t\tgo func(row int) {{\n\t\t\tdefer wg.Done()\n\t\t\tline := grid[row*cols : (row+1)*cols]\n\t\t\tfor c := range line {{\n\t\t\t\tline[c] = 2\n\t\t\t}}\n\t\t}}(r)\n\t}}\n\twg.Wait()\n\treturn float64(grid[1])\n}}\n"
    );
    let pkg = source(&src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    let obj = &m.objects[0];
    let lines: Vec<usize> = obj.accesses.iter().map(|a| line_of(&pkg, a.span)).collect();
    let write = obj.accesses.iter().find(|a| line_of(&pkg, a.span) == 21).unwrap_or_else(|| panic!("{lines:?}"));
    assert!(write.disjoint, "indexed through a view bounded by the goroutine's parameter");
    assert!(cx.result(&RACES).is_empty(), "{:?}", cx.result(&RACES));
}

#[test]
fn go_copies_and_static_storage_are_not_c_heap() {
    let src = "package p\n\n// #include <stdlib.h>\n// static char name[16];\n// static char *get_name(void) { return name; }\nimport \"C\"\n\nfunc f(p *C.char, n C.int) []byte {\n\tgo func() { *C.get_name() = 1 }()\n\t*C.get_name() = 2\n\treturn C.GoBytes(nil, n)\n}\n";
    let pkg = source(src);
    assert!(Cx::new(&pkg, Imports::none()).result(&MEMORY).objects.is_empty());
}

#[test]
fn mmap_through_a_struct_field_and_a_method_goroutine() {
    let src = "package p\n\nimport \"golang.org/x/sys/unix\"\n\ntype journal struct { data []byte; off int }\n\nfunc open(fd, n int) (*journal, error) {\n\tb, err := unix.Mmap(fd, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &journal{data: b}, nil\n}\n\nfunc (j *journal) sum() (s int) {\n\tfor _, v := range j.data {\n\t\ts += int(v)\n\t}\n\treturn s\n}\n\nfunc (j *journal) flusher() { _ = j.sum() }\n\nfunc (j *journal) Append(rec []byte) {\n\tcopy(j.data[j.off:], rec)\n\tj.off += len(rec)\n}\n\nfunc Run(fd int) {\n\tj, _ := open(fd, 4096)\n\tgo j.flusher()\n\tj.Append([]byte(\"x\"))\n}\n";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.objects.len(), 1);
    assert_eq!(m.objects[0].origin, Origin::Mmap);
    let races = cx.result(&RACES);
    let obj = &m.objects[0];
    let dbg: Vec<_> = obj
        .accesses
        .iter()
        .map(|a| (line_of(&pkg, a.span), a.kind, a.func, &m.func_contexts(&pkg)[a.func.index()]))
        .collect();
    assert_eq!(races.len(), 1, "{dbg:?}");
    assert_eq!(line_of(&pkg, obj.accesses[races[0].primary].span), 25, "the copy in Append writes");
    assert_eq!(obj.accesses[races[0].primary].via, Via::Copy);
    assert!(matches!(m.context(races[0].other_context), ContextKind::Goroutine { .. }));
}

#[test]
fn go_memory_handed_to_c_is_an_object_whose_c_call_races() {
    let src = "package p

// static void fill(int *out, int n) { for (int i = 0; i < n; i++) out[i] = i; }
// static int sum(const int *in, int n) { int s = 0; for (int i = 0; i < n; i++) s += in[i]; return s; }
import \"C\"

type hub struct{ readings [8]C.int }

func (h *hub) poll() {
	C.fill(&h.readings[0], 8)
}

func (h *hub) Peek() C.int { return h.readings[0] }

func (h *hub) Total() C.int { return C.sum(&h.readings[0], 8) }

func Run(h *hub) {
	go h.poll()
	_ = h.Peek()
	_ = h.Total()
}
";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.objects.len(), 1);
    let obj = &m.objects[0];
    assert_eq!(obj.origin, Origin::Go);
    let kinds: Vec<(usize, AccessKind, Accessor)> =
        obj.accesses.iter().map(|a| (line_of(&pkg, a.span), a.kind, a.accessor)).collect();
    assert_eq!(
        kinds,
        vec![
            (10, AccessKind::ReadWrite, Accessor::C),
            (13, AccessKind::Read, Accessor::Go),
            // `const int *`: the preamble says sum only reads.
            (15, AccessKind::Read, Accessor::C),
        ]
    );
    let races = cx.result(&RACES);
    assert_eq!(races.len(), 1, "one race per kind of accessor");
    assert_eq!(line_of(&pkg, obj.accesses[races[0].primary].span), 10, "the C call is the primary");
}

#[test]
fn a_local_buffer_of_a_function_many_goroutines_run_is_not_shared() {
    let src = "package p

import (
	\"syscall\"
	\"unsafe\"
)

func readOnce(fd int) byte {
	buf := make([]byte, 64)
	syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), 64)
	return buf[0]
}

func Serve(fds []int) {
	for _, fd := range fds {
		go readOnce(fd)
	}
	_ = readOnce(0)
}
";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.objects.len(), 1);
    let local = m.objects[0].local.as_ref().expect("buf is local to readOnce");
    assert_eq!(local.holders.len(), 1);
    assert_eq!(pkg.func(local.holders[0]).name.as_deref(), Some("readOnce"));
    assert!(cx.result(&RACES).is_empty(), "each call has its own buf");
}

#[test]
fn norace_functions_and_variables_whose_address_is_taken() {
    let src = "package p

var served int

//go:norace
func bump() { served++ }

// go:norace is only a comment here.
func bumpChecked() { served++ }

func Run() int {
	go bump()
	go bumpChecked()
	return served
}
";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.objects.len(), 1);
    let obj = &m.objects[0];
    let kinds: Vec<(usize, Accessor)> = obj.accesses.iter().map(|a| (line_of(&pkg, a.span), a.accessor)).collect();
    assert_eq!(kinds, vec![(6, Accessor::Norace), (9, Accessor::Go), (14, Accessor::Go)]);
    let races = cx.result(&RACES);
    assert_eq!(races.len(), 1);
    assert_eq!(line_of(&pkg, obj.accesses[races[0].primary].span), 6);
}

#[test]
fn a_function_returning_its_parameter_does_not_merge_its_callers_buffers() {
    let src = "package p

// static void fill(char *p, int n) {}
import \"C\"

import \"unsafe\"

func grow(b []byte) []byte { return append(b[:len(b):len(b)], 0) }

func Run() {
	shared := make([]byte, 8)
	mine := grow(make([]byte, 8))
	go func() { C.fill((*C.char)(unsafe.Pointer(&shared[0])), 8) }()
	mine[0] = 1
	shared = grow(shared)
	shared[1] = 2
}
";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    assert_eq!(m.objects.len(), 1);
    let lines: Vec<usize> = m.objects[0].accesses.iter().map(|a| line_of(&pkg, a.span)).collect();
    assert_eq!(lines, vec![13, 16], "`mine` is another buffer; `shared` keeps its identity through grow");
    assert_eq!(cx.result(&RACES).len(), 1);
}

#[test]
fn an_assignment_in_one_type_switch_case_does_not_reach_the_others() {
    let src = "package p

// static void bind(char *p, int n) {}
import \"C\"

import (
	\"fmt\"
	\"unsafe\"
)

var placeholder = []byte{0}

func Bind(x any) error {
	switch v := x.(type) {
	case []byte:
		if len(v) == 0 {
			v = placeholder
		}
		C.bind((*C.char)(unsafe.Pointer(&placeholder[0])), 0)
	default:
		return fmt.Errorf(\"%T\", v)
	}
	return nil
}

func Run() {
	go Bind(nil)
	_ = Bind(1)
}
";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let m = cx.result(&MEMORY);
    let lines: Vec<usize> = m.objects.iter().flat_map(|o| o.accesses.iter().map(|a| line_of(&pkg, a.span))).collect();
    assert!(!lines.contains(&22), "the default case's v is not placeholder: {lines:?}");
    assert!(cx.result(&RACES).is_empty());
}
