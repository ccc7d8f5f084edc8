// Package ring serializes every touch of a caller's sample buffer behind one
// package-level mutex, so that callers on several goroutines need no lock of
// their own.
package ring

import "sync"

var mu sync.Mutex

// Record stores v in slot i of buf.
func Record(buf []uint64, i int, v uint64) {
	mu.Lock()
	defer mu.Unlock()
	store(buf, i, v)
}

func store(buf []uint64, i int, v uint64) {
	buf[i%len(buf)] = v
}

// Sum reads every slot of buf.
func Sum(buf []uint64) uint64 {
	mu.Lock()
	defer mu.Unlock()
	var s uint64
	for _, v := range buf {
		s += v
	}
	return s
}

// Reset clears buf without taking the lock: callers must own buf.
func Reset(buf []uint64) {
	for i := range buf {
		buf[i] = 0
	}
}
