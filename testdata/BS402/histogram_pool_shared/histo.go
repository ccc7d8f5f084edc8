//go:build amd64

// Package histo builds byte histograms of large inputs in parallel.
package histo

import (
	"log"
	"sync"
)

// Histogram counts byte values.
type Histogram struct {
	counts [256]uint32
	mode   byte
}

// Build splits data into chunks and counts them on a worker per chunk. All
// the workers fold into the same histogram, and the progress line reads it
// while they do.
func Build(data []byte, workers int) *Histogram {
	h := &Histogram{}
	chunk := (len(data) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(data))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			accumulate(h, data[lo:hi])
		}()
	}
	log.Printf("histo: %d workers started, NUL count so far %d", workers, h.counts[0])
	wg.Wait()
	// After the join the counts are stable.
	var best uint32
	for i, c := range h.counts {
		if c > best {
			h.mode, best = byte(i), c
		}
	}
	return h
}
