// Package pool hands out connections and counts the ones still open, with
// finalizers as a safety net for connections dropped without Close.
package pool

import (
	"runtime"
	"sync"
)

var (
	openConns   int
	leakedConns int
	dialErrors  int
	reapedConns int
)

type conn struct {
	fd   int
	addr string
}

// Dial opens a connection. The directive forgets to say why the race is fine,
// so it silences nothing.
func Dial(addr string) *conn {
	openConns++
	c := &conn{fd: 3 + openConns, addr: addr}
	runtime.SetFinalizer(c, func(c *conn) {
		openConns-- /* want BS001 BS302 */ //blindspot:ignore BS302
	})
	return c
}

// Track names a rule that does not exist.
func Track(c *conn) {
	leakedConns++
	runtime.SetFinalizer(c, func(c *conn) {
		leakedConns-- /* want BS001 BS302 */ //blindspot:ignore BS320 gauge only
	})
}

// Retry has a directive alone on its line that names no rule at all.
func Retry(addr string) *conn {
	dialErrors++
	c := &conn{addr: addr}
	runtime.SetFinalizer(c, func(c *conn) {
		/* want BS001 */ //blindspot:ignore
		dialErrors-- // want BS302
	})
	return c
}

// Reap misspells the directive.
func Reap(c *conn) {
	reapedConns++
	runtime.SetFinalizer(c, func(c *conn) {
		reapedConns-- /* want BS001 BS302 */ //blindspot:ignroe BS302 reviewed
	})
}

var closedConns int

// Close counts closed connections. Its directive is valid (ids, then the reason), so it
// is not BS001, and it silences the BS302 finding on its line.
func Close(c *conn) {
	closedConns++
	runtime.SetFinalizer(c, func(c *conn) {
		closedConns-- //blindspot:ignore BS302 the gauge is advisory; reviewed in #77
	})
}

var statsMu sync.Mutex

// Stats reports the counters.
func Stats() (int, int, int, int, int) {
	statsMu.Lock()
	defer statsMu.Unlock()
	return openConns, leakedConns, dialErrors, reapedConns, closedConns
}

/* want BS001 */ //blindspot:file-ignore BS302 a file-ignore after the package clause is misplaced
