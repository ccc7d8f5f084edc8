// Package handles counts released handles from finalizers. Finalizers run one after another
// on the single finalizer goroutine, so two finalizers updating the same counters do not
// race with each other; code outside the finalizers reading them does.
package handles

import "runtime"

var (
	closed   int
	bytesOut int
)

type conn struct{ fd int }

type file struct {
	fd   int
	size int
}

func NewConn(fd int) *conn {
	c := &conn{fd: fd}
	runtime.SetFinalizer(c, func(c *conn) {
		closed++
	})
	return c
}

func NewFile(fd, size int) *file {
	f := &file{fd: fd, size: size}
	runtime.SetFinalizer(f, func(f *file) {
		closed++
		account(f.size)
	})
	return f
}

// account is called only from a finalizer.
func account(n int) {
	bytesOut += n
}

var leaked int

type buffer struct{ n int }

func NewBuffer(n int) *buffer {
	b := &buffer{n: n}
	runtime.SetFinalizer(b, func(b *buffer) {
		leaked += b.n // want BS302
	})
	return b
}

// Leaked reads what the finalizer writes, from whatever goroutine calls it.
func Leaked() int {
	return leaked
}
