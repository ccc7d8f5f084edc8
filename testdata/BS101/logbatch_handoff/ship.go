package main

/*
#include <stdio.h>
#include <stdlib.h>

// ship_batch forwards one batch of log lines to the collector.
static void ship_batch(const char *buf, size_t n) {
	fwrite(buf, 1, n, stderr);
}
*/
import "C"

import "unsafe"

// batch owns a C buffer; whoever holds the batch owns the buffer.
type batch struct {
	data unsafe.Pointer
	len  int
}

// shipper is the only reader of the batches it receives, and frees them.
func shipper(in <-chan batch, done chan<- int) {
	shipped := 0
	for b := range in {
		C.ship_batch((*C.char)(b.data), C.size_t(b.len))
		C.free(b.data)
		shipped++
	}
	done <- shipped
}

func newBatch(size int) batch {
	return batch{data: C.malloc(C.size_t(size)), len: 0}
}
