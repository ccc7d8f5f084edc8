package main

import "sync"

// latencyHist is filled by one background goroutine and read by the caller
// only after wg.Wait().
var latencyHist [16]uint32

//go:norace
func accumulate(samples []uint32) {
	for _, s := range samples {
		b := 0
		for s > 1 && b < len(latencyHist)-1 {
			s >>= 1
			b++
		}
		latencyHist[b]++
	}
}

func histogramOf(samples []uint32) [16]uint32 {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		accumulate(samples)
	}()
	wg.Wait()
	return latencyHist
}
