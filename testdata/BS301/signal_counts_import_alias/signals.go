package main

import (
	"fmt"
	"log"
	"os"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

// reloadCount counts the signals handled, by name, for the status line.
var reloadCount = map[string]int{}

func handleSignals(ch <-chan os.Signal) {
	for {
		sig := <-ch
		switch sig {
		case syscall.SIGHUP:
			log.Printf("routed: SIGHUP, upstreams are static, nothing to reload")
		case syscall.SIGUSR1:
			log.Printf("routed: %d goroutines", runtime.NumGoroutine())
		}
		reloadCount[sig.String()]++ // want BS301
	}
}

// reportStatus logs the uptime and the signal counts, reading reloadCount
// from its own goroutine.
func reportStatus(every time.Duration) {
	for range time.Tick(every) {
		parts := make([]string, 0, len(reloadCount))
		for name, n := range reloadCount {
			parts = append(parts, fmt.Sprintf("%s=%d", name, n))
		}
		sort.Strings(parts)
		log.Printf("routed: up %s, signals: %s",
			time.Since(started).Round(time.Second), strings.Join(parts, " "))
	}
}
