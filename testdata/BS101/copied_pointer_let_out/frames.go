// Package frames publishes C frame buffers to a reader goroutine. A copy of the pointer in
// another local variable is the same object: once the copy is published, writes through
// either variable race with the reader.
package frames

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

var current unsafe.Pointer

// Publish fills a new frame, publishes it through its copy, then patches its header: the
// patch races with Watch's reads. The first fill, before the copy is published, does not.
func Publish(pixels []byte) {
	var frame unsafe.Pointer
	frame = C.malloc(C.size_t(len(pixels) + 8))
	copy(unsafe.Slice((*byte)(frame), len(pixels)+8)[8:], pixels)
	next := frame
	current = next
	*(*uint64)(frame) = uint64(len(pixels)) // want BS101
}

// Watch reads the published frame's header in a goroutine of its own.
func Watch(out chan<- uint64) {
	go func() {
		for {
			out <- *(*uint64)(current)
		}
	}()
}
