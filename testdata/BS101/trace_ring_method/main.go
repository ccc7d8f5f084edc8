package main

import "fmt"

func main() {
	ring := newTraceRing()
	events := make(chan uint64, 64)
	done := make(chan struct{})
	go ring.record(events, done)

	for i := uint64(1); i <= 5000; i++ {
		events <- i * 31
		if i%1000 == 0 {
			// Progress report while record is still writing the ring:
			// nothing orders this scan with the goroutine's stores.
			fmt.Printf("newest event so far: %#x\n", ring.newest())
		}
	}
	close(events)
	<-done
	fmt.Printf("final newest event: %#x\n", ring.newest())
	ring.release()
}
