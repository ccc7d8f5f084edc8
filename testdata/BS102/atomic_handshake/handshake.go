// Package handshake passes a Go word to C, which spins on it with C11 atomics while Go
// advances it with sync/atomic: the atomics on both sides are the protocol. The same word
// read plainly by Go is a race -race cannot see.
package handshake

/*
#include <stdatomic.h>
#include <stdint.h>

static void wait_for(uint32_t *word, uint32_t want) {
	while (atomic_load((_Atomic uint32_t *)word) != want) {
	}
	atomic_store((_Atomic uint32_t *)word, want + 1);
}
*/
import "C"

import (
	"runtime"
	"sync/atomic"
)

var step uint32

// Step hands &step to C on a goroutine and advances it with atomics: not a finding.
func Step() {
	go func() { C.wait_for((*C.uint32_t)(&step), 1) }()
	atomic.StoreUint32(&step, 1)
	for atomic.LoadUint32(&step) != 2 {
		runtime.Gosched()
	}
}

var plain uint32

// Peek hands &plain to the same C code and reads it without atomics: a finding.
func Peek() uint32 {
	go func() { C.wait_for((*C.uint32_t)(&plain), 1) }() // want BS102
	return plain
}
