// Package squash compresses through a C codec into a Go scratch buffer that each Writer
// owns. The fields of different Writers are different memory: workers that each build
// their own Writer never touch another's buffer, however many of them run at once, and
// a test that uses a Writer of its own while they run shares nothing with them. (Package
// `spool` beside it shows the race when two goroutines use one Writer.)
package squash

/*
#include <stddef.h>
size_t squash_block(void *dst, size_t cap, const void *src, size_t n);
*/
import "C"

import "unsafe"

// Writer compresses into a scratch buffer of its own.
type Writer struct {
	out  []byte
	sink func([]byte)
}

// NewWriter makes a Writer that hands compressed blocks to sink.
func NewWriter(sink func([]byte)) *Writer {
	return &Writer{out: make([]byte, 4096), sink: sink}
}

// Write compresses p into the scratch buffer.
func (w *Writer) Write(p []byte) int {
	if len(p) == 0 {
		return 0
	}
	if len(w.out) < 2*len(p) {
		w.out = make([]byte, 2*len(p))
	}
	n := C.squash_block(unsafe.Pointer(&w.out[0]), C.size_t(len(w.out)), unsafe.Pointer(&p[0]), C.size_t(len(p)))
	return int(n)
}

// Flush hands the scratch buffer's first n bytes on.
func (w *Writer) Flush(n int) {
	w.sink(w.out[:n])
}

func roundTrip(data []byte) int {
	w := NewWriter(func([]byte) {})
	n := w.Write(data)
	w.Flush(n)
	return n
}

// Parallel compresses every input on a worker of its own; each worker's Writer is its own.
func Parallel(inputs [][]byte) int {
	done := make(chan int)
	for _, in := range inputs {
		go func(in []byte) {
			done <- roundTrip(in)
		}(in)
	}
	total := 0
	for range inputs {
		total += <-done
	}
	return total
}

// Alongside compresses in the background while the caller uses a Writer of its own.
func Alongside(a, b []byte) int {
	go func() {
		roundTrip(a)
	}()
	w := NewWriter(func([]byte) {})
	n := w.Write(b)
	w.Flush(n)
	return n
}
