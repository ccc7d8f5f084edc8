// Package cursor steps a C cursor on a goroutine so that a context can interrupt it. Next
// waits for its goroutine on every way out (each clause of its select receives from done,
// one of them in a nested select), so the goroutine lives within a call of Next: Close,
// which Next never calls, runs before or after it, never during it. A Ring's Prefetch
// returns on cancellation without waiting, so its goroutine can still be stepping when
// Close frees the values.
package cursor

/*
#include <stdlib.h>
static void interrupt(void) {}
*/
import "C"

import (
	"context"
	"unsafe"
)

type Cursor struct {
	vals *C.int
	n    int
}

// Open allocates the cursor's values in C.
func Open(n int) *Cursor {
	return &Cursor{vals: (*C.int)(C.malloc(C.size_t(n) * 4)), n: n}
}

// stepLocked advances every value; Next calls it directly and on its goroutine.
func (c *Cursor) stepLocked() {
	s := unsafe.Slice(c.vals, c.n)
	for i := range s {
		s[i]++
	}
}

// Next steps on a goroutine and waits for it on every path.
func (c *Cursor) Next(ctx context.Context) error {
	if ctx.Done() == nil {
		c.stepLocked()
		return nil
	}
	done := make(chan struct{})
	go func() {
		c.stepLocked()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		select {
		case <-done:
		default:
			C.interrupt()
			<-done
		}
		return ctx.Err()
	}
}

// Close frees the values.
func (c *Cursor) Close() {
	C.free(unsafe.Pointer(c.vals))
}

// Ring is stepped ahead of time by Prefetch.
type Ring struct {
	vals *C.int
	n    int
}

// NewRing allocates the ring's values in C.
func NewRing(n int) *Ring {
	return &Ring{vals: (*C.int)(C.malloc(C.size_t(n) * 4)), n: n}
}

func (r *Ring) step() {
	s := unsafe.Slice(r.vals, r.n)
	for i := range s {
		s[i]++
	}
}

// Prefetch steps on a goroutine but does not wait for it when the context is cancelled.
func (r *Ring) Prefetch(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		r.step()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close frees the values, maybe while Prefetch's goroutine still steps them.
func (r *Ring) Close() {
	C.free(unsafe.Pointer(r.vals)) // want BS101
}
