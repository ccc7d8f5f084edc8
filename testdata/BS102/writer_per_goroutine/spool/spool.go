// Package spool compresses a spool file's blocks through a C codec into the scratch
// buffer of one Writer that two goroutines use: `Drain` reads `w.out` in Go while the
// background `pump` has C write it in `fill`, unseen by -race.
package spool

/*
#include <stddef.h>
size_t spool_block(void *dst, size_t cap, const void *src, size_t n);
*/
import "C"

import "unsafe"

// Writer holds the scratch buffer blocks are compressed into.
type Writer struct {
	out []byte
}

func newWriter() *Writer {
	return &Writer{out: make([]byte, 4096)}
}

func (w *Writer) fill(p []byte) {
	C.spool_block(unsafe.Pointer(&w.out[0]), C.size_t(len(w.out)), unsafe.Pointer(&p[0]), C.size_t(len(p))) // want BS102
}

func pump(w *Writer, blocks [][]byte) {
	for _, b := range blocks {
		w.fill(b)
	}
}

// Drain compresses in the background while it hands the scratch buffer on.
func Drain(blocks [][]byte, sink func([]byte)) {
	w := newWriter()
	go pump(w, blocks)
	sink(w.out[:16])
}
