// Package handles points Go structs into C memory: `&cc.parent` of a C-allocated struct is
// an address inside C memory, not Go memory, and handing the pointer a handle holds to C is
// not handing C Go memory.
package handles

/*
#include <stdlib.h>
typedef struct { int kind; } base;
typedef struct { base parent; int extra; } custom;
static int base_kind(base *b) { return b->kind; }
*/
import "C"

import "unsafe"

type Handle struct {
	ptr *C.base
}

// NewCustom makes a handle whose pointer is the parent part of a C struct.
func NewCustom() *Handle {
	cc := (*C.custom)(C.calloc(1, C.size_t(unsafe.Sizeof(C.custom{}))))
	h := &Handle{}
	h.ptr = &cc.parent
	return h
}

// Kind asks C on a goroutine while the caller reads the C struct through a copy of the
// pointer: only C memory is touched, and only read.
func (h *Handle) Kind() int {
	done := make(chan int, 1)
	go func() {
		done <- int(C.base_kind(h.ptr))
	}()
	b := (*C.base)(unsafe.Pointer(h.ptr))
	k := int(b.kind)
	return k + <-done
}
