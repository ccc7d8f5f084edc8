// Package pool counts live buffers for a metrics gauge. The counters are
// advisory, so the team reviewed and silenced the finalizer races; a few
// directives outlived the code they were written for.
package pool

import "runtime"

var (
	liveBuffers int
	liveArenas  int
	liveFrames  int
	bytesLeaked int
)

type buffer struct{ b []byte }

// Get allocates a buffer; its finalizer decrements the gauge.
func Get(n int) *buffer {
	liveBuffers++
	b := &buffer{b: make([]byte, n)}
	runtime.SetFinalizer(b, func(b *buffer) {
		liveBuffers-- //blindspot:ignore BS302 the gauge is advisory; a lost update is harmless
	})
	return b
}

// Arena does the same with the directive on the line above, by rule name.
func Arena(n int) *buffer {
	liveArenas++
	a := &buffer{b: make([]byte, n)}
	runtime.SetFinalizer(a, func(a *buffer) {
		//blindspot:ignore finalizer-shared-state advisory gauge, reviewed in #412
		liveArenas--
	})
	return a
}

// Frame uses golangci-lint's syntax.
func Frame(n int) *buffer {
	liveFrames++
	f := &buffer{b: make([]byte, n)}
	runtime.SetFinalizer(f, func(f *buffer) {
		liveFrames-- //nolint:blindspot // advisory gauge
	})
	return f
}

// Leak used to write bytesLeaked from its finalizer; it now only logs, and the
// directives stayed behind.
func Leak(n int) *buffer {
	bytesLeaked += n
	l := &buffer{b: make([]byte, n)}
	runtime.SetFinalizer(l, func(l *buffer) {
		println("leaked", len(l.b)) /* want BS002 */ //blindspot:ignore BS302 gauge only
		println("done") /* want BS002 */ //nolint:blindspot // old race
		println("bye")  //nolint:all
	})
	return l
}

// Gauges reads every counter.
func Gauges() (int, int, int, int) {
	return liveBuffers, liveArenas, liveFrames, bytesLeaked
}
