package main

import (
	"strconv"
	"sync"
)

// perWorker holds one slot per loader goroutine; each goroutine writes only
// the slot of its own id.
var perWorker [8]uint64

// loadWorker is started once per id. It encodes records into a buffer that
// it allocates itself and counts into its own slot of perWorker.
//
//go:norace
func loadWorker(id int, n int, wg *sync.WaitGroup) {
	defer wg.Done()
	buf := make([]byte, 0, 64)
	for i := 0; i < n; i++ {
		key := strconv.AppendInt(buf[:0], int64(id*n+i), 10)
		if shardOf(key, 8) == id {
			perWorker[id]++
		}
	}
}

// encodeAll encodes every value on a goroutine of its own; the record
// buffer is declared inside the loop, so each goroutine gets a fresh one.
func encodeAll(values []uint64) [][]byte {
	out := make(chan []byte, len(values))
	for _, v := range values {
		rec := make([]byte, 10)
		go func(v uint64) {
			n := putUvarint(rec, v)
			out <- rec[:n]
		}(v)
	}
	res := make([][]byte, 0, len(values))
	for range values {
		res = append(res, <-out)
	}
	return res
}
