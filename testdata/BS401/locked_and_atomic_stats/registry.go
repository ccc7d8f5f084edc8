package main

import "sync"

// routeRegistry counts hits per route slot. The //go:norace hot path still
// takes r.mu, and so does every reader: the race detector is not needed to
// keep it correct.
type routeRegistry struct {
	mu   sync.Mutex
	hits [32]uint64
}

//go:norace
func (r *routeRegistry) hit(slot int) {
	r.mu.Lock()
	r.hits[slot&31]++
	r.mu.Unlock()
}

func (r *routeRegistry) busiest() (slot int, hits uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, n := range r.hits {
		if n > hits {
			slot, hits = i, n
		}
	}
	return slot, hits
}

// ipLimiter is a per-client token count guarded by its embedded RWMutex.
type ipLimiter struct {
	sync.RWMutex
	used [256]uint32
}

//go:norace
func (l *ipLimiter) allow(ip [4]byte, limit uint32) bool {
	l.Lock()
	defer l.Unlock()
	i := ip[3]
	if l.used[i] >= limit {
		return false
	}
	l.used[i]++
	return true
}

func (l *ipLimiter) usage(i byte) uint32 {
	l.RLock()
	defer l.RUnlock()
	return l.used[i]
}

// errorsByCode is package state guarded by a package-level mutex.
var (
	errMu        sync.Mutex
	errorsByCode = map[int]int{}
	errorTotal   int
)

//go:norace
func noteError(code int) {
	errMu.Lock()
	errorsByCode[code]++
	errorTotal++
	errMu.Unlock()
}

func errorSummary() (int, int) {
	errMu.Lock()
	defer errMu.Unlock()
	return errorTotal, errorsByCode[502]
}
