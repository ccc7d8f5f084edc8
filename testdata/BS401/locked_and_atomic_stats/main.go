package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	reg := &routeRegistry{}
	lim := &ipLimiter{}

	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				reg.hit(i)
				if !lim.allow([4]byte{10, 0, 0, byte(i)}, 50) {
					noteError(429)
				}
				markServed(time.Now())
			}
		}(w)
	}

	for i := 0; i < 3; i++ {
		time.Sleep(10 * time.Millisecond)
		n, at := servedSince()
		total, bad := errorSummary()
		slot, hits := reg.busiest()
		fmt.Printf("busiest slot %d (%d hits), 10.0.0.7 used %d, served %d at %v, errors %d (502: %d)\n",
			slot, hits, lim.usage(7), n, at.Format(time.RFC3339), total, bad)
	}
	wg.Wait()
}
