// Package ranges walks C buffers that a goroutine fills. `for i := range buf` reads only
// the slice's length, never its elements, so it does not race with the goroutine's writes;
// `for _, b := range buf` reads every element and does.
package ranges

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

// Offsets builds the index list while the filler runs: lengths only.
func Offsets(n int) []int {
	p := C.malloc(C.size_t(n))
	buf := unsafe.Slice((*byte)(p), n)
	done := make(chan struct{})
	go func() {
		buf[0] = 1
		close(done)
	}()
	var offsets []int
	for i := range buf {
		offsets = append(offsets, i)
	}
	for range buf {
	}
	<-done
	C.free(p)
	return offsets
}

// Sum reads the elements while the filler writes them.
func Sum(n int) int {
	p := C.malloc(C.size_t(n))
	buf := unsafe.Slice((*byte)(p), n)
	done := make(chan struct{})
	go func() {
		buf[0] = 1 // want BS101
		close(done)
	}()
	sum := 0
	for _, b := range buf {
		sum += int(b)
	}
	<-done
	C.free(p)
	return sum
}
