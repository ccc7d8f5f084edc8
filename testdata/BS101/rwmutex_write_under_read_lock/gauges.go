// Package gauges keeps counters in C memory that an exporter reads. Two tables, each
// guarded by a sync.RWMutex. The hit table is bumped under RLock, the lock meant for
// readers: two bumps, or a bump and a snapshot, hold it together, and the write races.
// The error table is bumped under Lock, which keeps readers and other writers out.
package gauges

/*
#include <stdlib.h>
*/
import "C"

import (
	"sync"
	"unsafe"
)

type hitTable struct {
	mu    sync.RWMutex
	slots *[64]uint64
}

type errorTable struct {
	mu    sync.RWMutex
	slots *[64]uint64
}

var (
	hits   = &hitTable{slots: (*[64]uint64)(C.calloc(64, 8))}
	errors = &errorTable{slots: (*[64]uint64)(C.calloc(64, 8))}
)

// read copies the hit table out under its read lock.
func (t *hitTable) read() [64]uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return *t.slots
}

// read copies the error table out under its read lock.
func (t *errorTable) read() [64]uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return *t.slots
}

// Free releases both tables' C memory, each under its write lock.
func Free() {
	hits.mu.Lock()
	C.free(unsafe.Pointer(hits.slots))
	hits.mu.Unlock()
	errors.mu.Lock()
	C.free(unsafe.Pointer(errors.slots))
	errors.mu.Unlock()
}
