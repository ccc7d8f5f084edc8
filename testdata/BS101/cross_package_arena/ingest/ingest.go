package ingest

import (
	"sync"

	"example.com/ingest/arena"
)

// Normalize lower-cases records in parallel, all workers sharing one scratch
// buffer from the arena package.
func Normalize(records [][]byte) int {
	scratch := arena.New(4096)
	var wg sync.WaitGroup
	total := 0
	for _, rec := range records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range rec {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				scratch[i] = c // want BS101
			}
		}()
	}
	wg.Wait()
	total = len(scratch)
	arena.Free(scratch)
	return total
}
