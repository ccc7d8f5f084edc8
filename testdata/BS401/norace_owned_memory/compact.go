package main

import (
	"sort"
	"time"
)

// compactor is driven by a single goroutine: compactLoop is the only code
// that touches c.keys and c.scratch once it has started.
type compactor struct {
	keys    [][]byte
	scratch []byte
	every   time.Duration
}

//go:norace
func (c *compactor) compactLoop(rounds int) {
	for r := 0; r < rounds; r++ {
		sort.Slice(c.keys, func(i, j int) bool { return fnv64(c.keys[i]) < fnv64(c.keys[j]) })
		for _, k := range c.keys {
			c.scratch = append(c.scratch[:0], k...)
		}
		time.Sleep(c.every)
	}
}
