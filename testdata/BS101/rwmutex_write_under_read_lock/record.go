package gauges

// Hit counts a request on route i. It takes the read lock, as if bumping a counter were
// reading the table: other Hit calls and Snapshot hold the same read lock at once.
func Hit(i int) {
	hits.mu.RLock()
	hits.slots[i%64]++ // want BS101
	hits.mu.RUnlock()
}

// Fail counts an error on route i under the write lock: nothing else holds the lock meanwhile.
func Fail(i int) {
	errors.mu.Lock()
	defer errors.mu.Unlock()
	errors.slots[i%64]++
}
