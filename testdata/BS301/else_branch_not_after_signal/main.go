package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// The dashboard's log line, and the number of ticks, owned by whichever goroutine draws.
var (
	logLine int
	ticks   int
)

func main() {
	withDashboard := flag.Bool("dashboard", false, "draw a dashboard")
	flag.Parse()
	done := make(chan struct{})
	go tick(done)

	if !*withDashboard {
		// Headless: stop on a signal. The dashboard branch below never runs after it.
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
		<-sigs
		close(done)
	} else {
		go dashboard(done)
		time.Sleep(time.Minute)
		close(done)
	}
	// After the signal, beside tick: a race.
	ticks = 0 // want BS301
	time.Sleep(time.Second)
}

func tick(done chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-time.After(time.Second):
			ticks++
			fmt.Println("tick", logLine)
		}
	}
}

// dashboard resets the log line it draws from.
func dashboard(done chan struct{}) {
	logLine = 0
	<-done
}
