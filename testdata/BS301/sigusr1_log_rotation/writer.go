package main

import (
	"fmt"
	"os"
	"time"
)

// writeEntries appends one timestamped line per entry to accessLog, from its
// own goroutine, while the signal goroutine may swap the file underneath.
func writeEntries(lines <-chan string, done chan<- struct{}) {
	defer close(done)
	dropped := 0
	for line := range lines {
		stamp := time.Now().UTC().Format(time.RFC3339)
		if _, err := fmt.Fprintf(accessLog, "%s %s\n", stamp, line); err != nil {
			dropped++
			fmt.Fprintf(os.Stderr, "ingestd: write: %v (%d dropped)\n", err, dropped)
		}
	}
	if err := accessLog.Sync(); err != nil {
		fmt.Fprintf(os.Stderr, "ingestd: sync: %v\n", err)
	}
}
