package app

/*
#include <stdlib.h>
*/
import "C"

import (
	"unsafe"

	"example.com/telemetry/ring"
)

// Collect records from a sampler goroutine and sums on the caller's: both go
// through ring's lock, so they are ordered.
func Collect(n int) uint64 {
	buf := unsafe.Slice((*uint64)(C.calloc(C.size_t(n), 8)), n)
	go func() {
		for i := 0; ; i++ {
			ring.Record(buf, i, uint64(i))
		}
	}()
	return ring.Sum(buf)
}

// CollectAndClear resets the buffer while the sampler may still record: Reset
// takes no lock.
func CollectAndClear(n int) uint64 {
	buf := unsafe.Slice((*uint64)(C.calloc(C.size_t(n), 8)), n)
	go func() {
		for i := 0; ; i++ {
			ring.Record(buf, i, uint64(i)) // want BS101
		}
	}()
	s := ring.Sum(buf)
	ring.Reset(buf)
	return s
}

// Stamp writes slot 0 directly while the sampler records through the lock.
func Stamp(n int) {
	buf := unsafe.Slice((*uint64)(C.calloc(C.size_t(n), 8)), n)
	go func() {
		for i := 0; ; i++ {
			ring.Record(buf, i, uint64(i)) // want BS101
		}
	}()
	buf[0] = 1
}
