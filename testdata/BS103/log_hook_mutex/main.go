package main

import (
	"fmt"
	"time"
)

// status renders what the store reported so far.
func status() string {
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for _, live := range keptByShard {
		total += live
	}
	return fmt.Sprintf("%d shards done, %d live keys, %d warnings, last: %q",
		len(keptByShard), total, byLevel[logWarn], last())
}

func last() string {
	if len(recent) == 0 {
		return ""
	}
	return recent[len(recent)-1]
}

func main() {
	done := make(chan struct{})
	go func() {
		compact(12)
		close(done)
	}()

	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			fmt.Println(status())
		case <-done:
			fmt.Println(status())
			return
		}
	}
}
