package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
)

func main() {
	table, err := openCounters(filepath.Join(os.TempDir(), "route-hits.bin"))
	if err != nil {
		log.Fatal(err)
	}

	requests := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for route := range requests {
				// Read-modify-write from eight workers with no lock and
				// no atomic: increments are lost, and -race is blind to it.
				table.hits[routeSlot(route)]++ // want BS203
			}
		}()
	}

	routes := []string{"/", "/login", "/api/items", "/api/cart"}
	for i := 0; i < 4000; i++ {
		requests <- routes[i%len(routes)]
	}
	close(requests)
	wg.Wait()

	for _, r := range routes {
		fmt.Printf("%-12s %d\n", r, table.hits[routeSlot(r)])
	}
	if err := table.Close(); err != nil {
		log.Fatal(err)
	}
}
