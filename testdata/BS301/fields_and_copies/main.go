package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// The consumer's counters and flags: the signal handler writes only run and stopReason.
var state struct {
	run        bool
	stopReason string
	consumed   int
	reported   int
}

func main() {
	state.run = true
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		state.run = false // want BS301
		noteStop(sig)
		redraw(cursor{x: 0, y: 0})
	}()
	go report()
	for state.run {
		state.consumed++
		time.Sleep(time.Millisecond)
	}
	fmt.Fprintln(os.Stderr, "stopped")
}

// noteStop writes a field nothing else touches: not a finding (main's and report's writes
// are to other fields of state).
func noteStop(sig os.Signal) {
	state.stopReason = sig.String()
}

// report writes reported and reads consumed: other fields than the handler's, not a race
// with it; its read of run is (found above).
func report() {
	for state.run {
		state.reported = state.consumed
		time.Sleep(time.Second)
	}
}

type cursor struct{ x, y int }

// redraw and status get their cursor by value: each moves its own copy.
func redraw(pos cursor) {
	pos.x += 3
	pos.y++
	status(pos)
}

func status(pos cursor) {
	fmt.Printf("\033[%d;%dH%s", pos.y, pos.x, "stopping")
}

func init() {
	go func() {
		for {
			status(cursor{x: 1, y: 1})
			time.Sleep(time.Second)
		}
	}()
}
