// Package arena hands out scratch buffers from the C heap so that the C
// decoder can keep pointers into them.
package arena

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

// New returns a C-allocated buffer of n bytes.
func New(n int) []byte {
	return unsafe.Slice((*byte)(C.malloc(C.size_t(n))), n)
}

// Free releases a buffer returned by New.
func Free(b []byte) {
	C.free(unsafe.Pointer(&b[0]))
}
