package main

// #include <stdlib.h>
import "C"

import (
	"sync"
	"unsafe"
)

// Each entry is two int64 words: last-seen time and flags. The C expiry
// module reads the same array, so it lives in C memory.
const entrySize = 16

type sessionTable struct {
	mu   sync.RWMutex
	base unsafe.Pointer
	n    int
}

// growEntries resizes the entry array; a nil old pointer allocates it.
func growEntries(old unsafe.Pointer, n int) unsafe.Pointer {
	p := C.realloc(old, C.size_t(n*entrySize))
	if p == nil {
		panic("session table: out of C memory")
	}
	return p
}

// sweep counts expired sessions under the read lock; it runs on its own
// goroutine and reports on out.
func (t *sessionTable) sweep(now, ttl int64, out chan<- int) {
	expired := 0
	t.mu.RLock()
	for i := 0; i < t.n; i++ {
		lastSeen := *(*int64)(unsafe.Add(t.base, i*entrySize))
		if lastSeen != 0 && now-lastSeen > ttl {
			expired++
		}
	}
	t.mu.RUnlock()
	out <- expired
}

// Touch records activity for session i. It never takes the lock: the read
// lock held by sweep does not exclude this store.
func (t *sessionTable) Touch(i int, now int64) {
	*(*int64)(unsafe.Add(t.base, i*entrySize)) = now // want BS101
}
