package main

import (
	"fmt"
	"strings"
	"sync"
)

type record struct {
	id   int
	name string
}

const workers = 4

func main() {
	// One staging buffer for the whole pool: every worker encodes into it.
	scratch := newScratch(4096)
	jobs := make(chan record)
	digests := make([]uint32, workers)

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for rec := range jobs {
				line := fmt.Sprintf("%d\t%s\n", rec.id, strings.ToUpper(rec.name))
				n := copy(scratch, line) // want BS101
				digests[id] ^= checksum(scratch[:n])
			}
		}(w)
	}

	names := []string{"ada", "grace", "edsger", "barbara", "ken", "dennis"}
	for i, name := range names {
		jobs <- record{id: i, name: name}
	}
	close(jobs)
	wg.Wait()

	fmt.Println("per-worker digests:", digests)
	freeScratch(scratch)
}
