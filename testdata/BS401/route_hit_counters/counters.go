package main

import "hash/fnv"

const slots = 256

// routeHits and totalHits are bumped on every request. Someone marked the
// hot path //go:norace to silence the race detector instead of fixing it:
// the increments from concurrent workers are lost, and the reader sees torn
// values, with -race none the wiser.
var (
	routeHits [slots]uint64
	totalHits uint64
)

//go:norace
func countHit(route string) {
	routeHits[slotOf(route)]++ // want BS401
	totalHits++                // want BS401
}

func slotOf(route string) int {
	h := fnv.New32a()
	h.Write([]byte(route))
	return int(h.Sum32() % slots)
}
