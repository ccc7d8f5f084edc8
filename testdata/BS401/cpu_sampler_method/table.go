package main

import "sync"

// statusTable counts responses by status class. record was made
// //go:norace as a hot-path optimisation; it is called from every handler
// goroutine, and snapshot reads the same fields from the reporter.
type statusTable struct {
	byClass [6]uint64
	bytes   uint64
}

//go:norace
func (t *statusTable) record(status, size int) {
	t.byClass[status/100]++ // want BS401
	t.bytes += uint64(size) // want BS401
}

func (t *statusTable) snapshot() ([6]uint64, uint64) {
	return t.byClass, t.bytes
}

func serveAll(t *statusTable, reqs []int) {
	var wg sync.WaitGroup
	for _, status := range reqs {
		wg.Add(1)
		go func(status int) {
			defer wg.Done()
			t.record(status, 512)
		}(status)
	}
	wg.Wait()
}
