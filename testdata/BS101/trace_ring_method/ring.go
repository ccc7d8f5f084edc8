package main

/*
#include <stdint.h>
#include <stdlib.h>

// ring_storage hands out zeroed C memory for the trace ring, so that the C
// exporter thread can read the ring without calling back into Go.
static uint64_t *ring_storage(size_t slots) {
	return calloc(slots, sizeof(uint64_t));
}
*/
import "C"

import "unsafe"

const ringSlots = 1 << 12

// traceRing keeps the most recent trace events in C memory.
type traceRing struct {
	slots *[ringSlots]uint64
	mask  uint64
}

func newTraceRing() *traceRing {
	p := C.ring_storage(ringSlots)
	return &traceRing{slots: (*[ringSlots]uint64)(unsafe.Pointer(p)), mask: ringSlots - 1}
}

// record stores each event tagged with its sequence number. It runs on its
// own goroutine and closes done when the event stream ends.
func (r *traceRing) record(events <-chan uint64, done chan<- struct{}) {
	var seq uint64
	for ev := range events {
		r.slots[seq&r.mask] = ev<<16 | seq&0xffff // want BS101
		seq++
	}
	close(done)
}

// newest scans the ring for the entry with the highest sequence tag.
func (r *traceRing) newest() uint64 {
	var best uint64
	for _, v := range r.slots {
		if v&0xffff > best&0xffff {
			best = v
		}
	}
	return best
}

func (r *traceRing) release() {
	C.free(unsafe.Pointer(r.slots))
	r.slots = nil
}
