package main

import (
	"fmt"
	"time"
)

// drain takes the events logged since the previous call.
func drain() []deviceEvent {
	batch := events
	events = nil
	return batch
}

func main() {
	if err := openDevice(5*time.Millisecond, 240); err != nil {
		fmt.Println(err)
		return
	}

	// The UI loop redraws while the playback thread keeps logging.
	tick := time.NewTicker(50 * time.Millisecond)
	underruns := 0
	for i := 0; i < 10; i++ {
		<-tick.C
		batch := drain()
		for _, ev := range batch {
			if ev.underrun {
				underruns++
			}
		}
		if len(batch) > 0 {
			fmt.Printf("%d events, last: %v\n", len(batch), batch[len(batch)-1])
		}
	}
	tick.Stop()
	closeDevice()
	fmt.Printf("%d underruns, %d events not shown\n", underruns, len(drain()))
}
