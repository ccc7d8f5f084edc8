package main

import (
	"bufio"
	"flag"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// exitReason and stoppedAt are written by the signal goroutine and read by
// main only after that goroutine closed done.
var (
	exitReason string
	stoppedAt  time.Time
)

func main() {
	workers := flag.Int("workers", 4, "export workers")
	flag.Parse()
	start := time.Now()

	exitReason = "input exhausted"
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGTERM, os.Interrupt)
	stop := make(chan struct{})
	finished := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case s := <-quit:
			exitReason = "caught " + s.String()
			stoppedAt = time.Now()
			close(stop)
		case <-finished:
		}
	}()

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		hups := 0
		last := start
		for range hup {
			hups++
			log.Printf("exportd: SIGHUP #%d (%s since the last), nothing to reload",
				hups, time.Since(last).Round(time.Second))
			last = time.Now()
		}
	}()

	usr2 := make(chan os.Signal, 1)
	signal.Notify(usr2, syscall.SIGUSR2)
	go traceSignals(usr2)

	records := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go exportWorker(i, records, stop, &wg)
	}

	in := bufio.NewScanner(os.Stdin)
feed:
	for in.Scan() {
		select {
		case records <- in.Text():
		case <-stop:
			break feed
		}
	}
	close(records)
	wg.Wait()
	close(finished)
	<-done
	if stoppedAt.IsZero() {
		stoppedAt = time.Now()
	}
	log.Printf("exportd: %s after %s", exitReason, stoppedAt.Sub(start).Round(time.Millisecond))
}
