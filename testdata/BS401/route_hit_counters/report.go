package main

import (
	"fmt"
	"sort"
)

// topRoutes ranks slots by hits. It reads the counters while the workers
// are still bumping them.
func topRoutes(n int) []string {
	idx := make([]int, slots)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return routeHits[idx[a]] > routeHits[idx[b]] })
	out := make([]string, 0, n)
	for _, i := range idx[:n] {
		out = append(out, fmt.Sprintf("slot %d: %d/%d", i, routeHits[i], totalHits))
	}
	return out
}
