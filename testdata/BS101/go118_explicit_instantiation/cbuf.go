// Package cbuf allocates typed C buffers with a generic helper called with an
// explicit type argument.
package cbuf

// #include <stdlib.h>
import "C"

import "unsafe"

// alloc returns n zeroed values of type T from the C heap.
func alloc[T any](n int) *T {
	var zero T
	return (*T)(C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof(zero))))
}

// pair returns a key and a value from the C heap, for two type arguments.
func pair[K, V any]() (*K, *V) {
	var k K
	var v V
	return (*K)(C.malloc(C.size_t(unsafe.Sizeof(k)))), (*V)(C.malloc(C.size_t(unsafe.Sizeof(v))))
}

// Level publishes a level from a goroutine into a C cell that the caller
// reads while the goroutine may still write it.
func Level(v int32) int32 {
	cell := alloc[C.int](1)
	go func() {
		*cell = C.int(v) // want BS101
	}()
	return int32(*cell)
}

// Both writes a key and a value on a goroutine; the caller reads the key.
func Both(k, v int32) int32 {
	key, val := pair[C.int, C.long]()
	go func() {
		*key = C.int(k) // want BS101
		*val = C.long(v)
	}()
	return int32(*key)
}

// heap returns a value of type T from the Go heap.
func heap[T any]() *T {
	return new(T)
}

// Counter shares Go memory from an explicitly instantiated helper: an
// ordinary Go race, which -race reports when it runs.
func Counter() int {
	n := heap[int]()
	go func() {
		*n = 1
	}()
	return *n
}
