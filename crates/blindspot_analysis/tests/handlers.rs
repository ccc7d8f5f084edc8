//! Unit tests of handler contexts: which code runs when a signal arrives, a finalizer or a
//! cleanup runs, or C calls back, and which of its writes reach shared state.

mod common;

use blindspot_analysis::handlers::{HandlerKind, State, HANDLERS};
use blindspot_analysis::{Cx, Imports};
use common::*;

/// (kind, line of the write, line of the conflicting access) for every handler write.
fn writes(src: &str) -> Vec<(HandlerKind, usize, Option<usize>)> {
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let facts = cx.result(&HANDLERS);
    facts
        .writes
        .iter()
        .map(|w| {
            (
                facts.handlers[w.handler].kind,
                line_of(&pkg, w.write.span),
                w.other.as_ref().map(|o| line_of(&pkg, o.span)),
            )
        })
        .collect()
}

#[test]
fn signal_channel_is_followed_into_a_method_through_a_field() {
    let src = "package p

import (
	sig \"os/signal\"
	\"os\"
	\"syscall\"
)

type Server struct {
	hup      chan os.Signal
	draining bool
	reloads  int
}

func New() *Server {
	s := &Server{hup: make(chan os.Signal, 1)}
	sig.Notify(s.hup, syscall.SIGTERM)
	go s.watch()
	return s
}

func (s *Server) watch() {
	s.reloads = 0
	for {
		select {
		case <-s.hup:
			s.draining = true
		default:
			s.reloads++
		}
	}
}

func (s *Server) Serve() bool {
	return s.draining || s.reloads > 3
}
";
    // Only the case that receives the signal is handler code: `s.reloads++` in the default
    // case and the write before the loop are the goroutine's ordinary work.
    assert_eq!(writes(src), vec![(HandlerKind::Signal, 27, Some(35))]);
}

#[test]
fn signal_receiver_writes_are_ordered_by_spawn_and_join() {
    let src = "package p

import (
	\"os\"
	\"os/signal\"
)

var last os.Signal
var count int

func Run(work func()) {
	count = 1
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	done := make(chan struct{})
	go func() {
		s := <-ch
		last = s
		count++
		close(done)
	}()
	work()
	<-done
	println(last, count)
}
";
    // `count = 1` comes before the `go` statement and the prints after the join: nothing
    // runs beside the handler.
    assert_eq!(writes(src), vec![]);
}

#[test]
fn a_channel_returned_by_a_helper_and_passed_to_a_named_goroutine() {
    let src = "package p

import (
	\"os\"
	\"os/signal\"
	\"sync\"
)

var (
	mu      sync.Mutex
	level   int
	rotated int
)

func notifyChan() chan os.Signal {
	c := make(chan os.Signal, 1)
	signal.Notify(c)
	return c
}

func handle(c <-chan os.Signal) {
	for range c {
		mu.Lock()
		bump()
		mu.Unlock()
		rotate()
	}
}

func bump() { level++ }

func rotate() { rotated++ }

func Main() {
	go handle(notifyChan())
	for i := 0; i < 3; i++ {
		go func() { println(level, rotated) }()
	}
}
";
    // `bump` runs under the lock; `rotate` does not.
    assert_eq!(writes(src), vec![(HandlerKind::Signal, 32, Some(37))]);
}

#[test]
fn finalizers_own_their_object_and_share_the_rest() {
    let src = "package p

import \"runtime\"

type File struct {
	fd     int
	closed bool
}

var open int

func Open() *File {
	open++
	f := &File{fd: 3}
	runtime.SetFinalizer(f, (*File).close)
	return f
}

func (f *File) close() {
	f.closed = true
	f.fd = -1
	open--
}

type Pool struct{ live int }

func (p *Pool) Get() *File {
	f := &File{}
	p.live++
	runtime.AddCleanup(f, func(fd int) { p.live-- }, f.fd)
	return f
}
";
    let got = writes(src);
    assert_eq!(got, vec![(HandlerKind::Finalizer, 22, Some(13)), (HandlerKind::Cleanup, 30, Some(29))]);
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    let states: Vec<&State> = cx.result(&HANDLERS).writes.iter().map(|w| &w.state).collect();
    assert!(matches!(states[1], State::Field { ty, field } if ty == "Pool" && field == "live"));
}

#[test]
fn export_callbacks_write_package_state_through_helpers() {
    let src = "package p

import \"C\"

import (
	\"sync\"
	\"sync/atomic\"
)

var (
	seen    int
	hits    atomic.Int64
	once    sync.Once
	ready   bool
	names   = map[string]int{}
	namesMu sync.Mutex
)

//export onRecord
func onRecord(n C.int) {
	local := int(n)
	local++
	hits.Add(1)
	once.Do(func() { ready = true })
	record(local)
	namesMu.Lock()
	names[\"x\"] = local
	namesMu.Unlock()
}

func record(n int) {
	seen += n
}
";
    // Only `seen`, through the helper; with no other access it is still reported.
    assert_eq!(writes(src), vec![(HandlerKind::Export, 32, None)]);
}

#[test]
fn a_method_called_on_a_package_variable_writes_that_variable() {
    let src = "package p

import \"C\"

type registry struct {
	names map[string]int
	total int
}

var reg = &registry{names: map[string]int{}}

type other struct{ total int }

//export onName
func onName(n C.int) {
	reg.add(int(n))
	var o other
	o.bump()
}

func (r *registry) add(n int) {
	r.names[\"x\"] = n
	r.count()
}

func (r *registry) count() { r.total++ }

func (o *other) bump() { o.total++ }

func Total() int { return reg.total }
";
    // Both writes are `reg`'s; `o` is a local of the callback. `Total` reads `reg.total`,
    // the field `count` writes, not `names`.
    let got = writes(src);
    assert_eq!(got, vec![(HandlerKind::Export, 22, None), (HandlerKind::Export, 26, Some(30))]);
}

#[test]
fn packages_without_handlers_have_no_facts() {
    let src = "package p\n\nvar n int\n\nfunc F() { go func() { n++ }(); n = 2 }\n";
    let pkg = source(src);
    let cx = Cx::new(&pkg, Imports::none());
    assert!(cx.result(&HANDLERS).handlers.is_empty());
}
