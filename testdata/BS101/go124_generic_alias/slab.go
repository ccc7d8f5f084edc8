// Package slab keeps C buffers in a generic struct reached through a Go 1.24
// generic type alias.
package slab

// #include <stdlib.h>
import "C"

import "unsafe"

type slab[T any] struct {
	base *T
	n    int
}

// Slab is a generic alias of slab.
type Slab[T any] = slab[T]

// Bytes is an alias of one instance of the generic alias.
type Bytes = Slab[C.char]

// Stamp fills the first cell of a C slab on a goroutine while the caller
// reads it.
func Stamp(v byte) byte {
	s := Slab[C.char]{base: (*C.char)(C.malloc(64)), n: 64}
	go func() {
		*s.base = C.char(v) // want BS101
	}()
	return byte(*s.base)
}

// Own hands each goroutine a slab of its own, declared with the alias.
func Own(vals []byte, out chan<- byte) {
	for _, v := range vals {
		var s Bytes
		s.base = (*C.char)(C.malloc(1))
		go func() {
			*s.base = C.char(v)
			out <- byte(*s.base)
			C.free(unsafe.Pointer(s.base))
		}()
	}
}
