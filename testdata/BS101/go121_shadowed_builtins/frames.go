// Package frames builds C frames. Its functions declare locals named after
// builtins (make, new, min, clear), which take the builtins' place.
package frames

// #include <stdlib.h>
import "C"

import "unsafe"

// Header writes a frame header on a goroutine while the caller reads it. The
// frame comes from a local `make`, which allocates from the C heap.
func Header(n int, tag byte) byte {
	make := func(n int) *C.char {
		return (*C.char)(C.malloc(C.size_t(n)))
	}
	frame := make(n - 1)
	go func() {
		*frame = C.char(tag) // want BS101
	}()
	return byte(*frame)
}

// Trailer does the same with a local `new`.
func Trailer(tag byte) byte {
	new := func() *C.char { return (*C.char)(C.malloc(1)) }
	t := new()
	go func() {
		*t = C.char(tag) // want BS101
	}()
	return byte(*t)
}

// Pad uses the builtin make and new: Go memory, which -race sees.
func Pad(n int) int {
	pad := make([]byte, n)
	cnt := new(int)
	go func() {
		pad[0] = 1
		*cnt = n
	}()
	return int(pad[0]) + *cnt
}

// Clip calls a local `min` and a local `clear`, which free a C buffer; the
// buffer is used by one goroutine only.
func Clip(n int) int {
	buf := (*C.char)(C.malloc(C.size_t(n)))
	clear := func() { C.free(unsafe.Pointer(buf)) }
	min := func(a, b int) int {
		if a < b {
			return a
		}
		return b
	}
	*buf = 1
	m := min(n, 8)
	clear()
	return m
}
