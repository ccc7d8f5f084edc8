package main

import (
	"fmt"
	"sync"
)

func main() {
	const frames = 480
	master := newBus(frames)
	lvl := &meter{}

	// The metering goroutine runs for the whole session, concurrently with
	// every push into the window: both sides hold the meter's embedded mutex.
	stop := make(chan struct{})
	metered := make(chan int)
	go func() {
		peak := 0
		for {
			select {
			case <-stop:
				metered <- peak
				return
			default:
				if p := lvl.peak(); p > peak {
					peak = p
				}
			}
		}
	}()

	voices := make([][]int16, 4)
	for v := range voices {
		voices[v] = make([]int16, frames)
		for i := range voices[v] {
			voices[v][i] = int16((i * (v + 1) * 37) % 2000)
		}
	}

	var wg sync.WaitGroup
	for _, voice := range voices {
		wg.Add(1)
		go func(voice []int16) {
			defer wg.Done()
			master.add(voice)
		}(voice)
	}

	// Draining while voices are still being mixed is fine: add and drain both
	// hold master.mu.
	master.drain(lvl.push)
	wg.Wait()
	master.drain(lvl.push)
	close(stop)
	fmt.Println("peak:", <-metered)
}
