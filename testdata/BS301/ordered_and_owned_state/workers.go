package main

import (
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
)

func exportWorker(id int, records <-chan string, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-stop:
			return
		case rec, ok := <-records:
			if !ok {
				return
			}
			fields := strings.Split(rec, ",")
			fmt.Printf("%d\t%s\n", id, strings.Join(fields, "\t"))
		}
	}
}

// traceSignals logs each SIGUSR2 with a running count kept in its own map.
func traceSignals(ch <-chan os.Signal) {
	seen := make(map[string]int)
	for s := range ch {
		seen[s.String()]++
		log.Printf("exportd: %v received %d times", s, seen[s.String()])
	}
}
