// Package boxes keeps C buffers in the fields of struct types that share a field name. A
// field belongs to its type: the inbox's goroutine never touches an outbox's buffer, so
// reading an outbox on the caller's goroutine does not race with it.
package boxes

// #include <stdlib.h>
import "C"

import (
	"unsafe"

	"example.com/typedfields/store"
)

type inbox struct {
	buf *C.char
}

type outbox struct {
	buf *C.char
}

type ring struct {
	buf *C.char
}

// Fill writes an inbox's buffer on a goroutine and waits for it before reading.
func Fill(in *inbox) byte {
	in.buf = (*C.char)(C.malloc(16))
	done := make(chan struct{})
	go func() {
		*in.buf = 1
		close(done)
	}()
	<-done
	return byte(*in.buf)
}

// Peek reads an outbox's buffer, and frees it, on the calling goroutine.
func Peek(out *outbox) byte {
	v := byte(*out.buf)
	C.free(unsafe.Pointer(out.buf))
	out.buf = nil
	return v
}

// Spin writes a ring's buffer on a goroutine while the caller reads it: the same field of
// the same type, really shared.
func Spin(r *ring) byte {
	r.buf = (*C.char)(C.malloc(16))
	go func() {
		*r.buf = 1 // want BS101
	}()
	return byte(*r.buf)
}

// Share fills a box of another package's type: blindspot does not read that package's
// declarations, so the field is matched by name, a guess that makes the finding medium.
func Share() byte {
	b := store.Open()
	b.Buf = (*byte)(C.malloc(16))
	go func() {
		*b.Buf = 1 // want BS101
	}()
	return *b.Buf
}
