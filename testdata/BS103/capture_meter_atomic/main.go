package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	done := make(chan struct{})
	go func() {
		record(4, 100)
		close(done)
	}()

	peaks := make([]int, 4)
	for {
		select {
		case l := <-levels:
			if l.peak > peaks[l.mic] {
				peaks[l.mic] = l.peak
			}
		case <-done:
			fmt.Printf("captured %d frames, %d clipped buffers, peaks %v\n",
				atomic.LoadInt64(&framesCaptured), clipped.Load(), peaks)
			return
		}
	}
}
