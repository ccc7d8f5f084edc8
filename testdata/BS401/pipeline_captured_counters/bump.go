package main

// bump adds one to a counter. It was marked //go:norace so that the race
// detector would stop complaining about "harmless" statistics; the counters
// it is given are captured variables that another goroutine reads.
//
//go:norace
func bump(n *uint64) {
	*n++ // want BS401
}

// addBytes is the same for byte totals.
//
//go:norace
func addBytes(total *uint64, n int) {
	*total += uint64(n) // want BS401
}
