// Package pollstats samples the C driver's packet counters. It is written
// with Go 1.26's new(expr), which allocates a variable holding a value.
package pollstats

/*
#include <stdint.h>

// driver_sample adds the packets received since the last call to *total.
static void driver_sample(int64_t *total) {
	*total += 1;
}
*/
import "C"

import (
	"time"
	"unsafe"
)

// Watch lets the driver add to a counter on a sampler goroutine and prints
// the counter while the sampler runs: the C stores and the Go loads are not
// ordered.
func Watch(stop <-chan struct{}, report func(int64)) {
	total := new(int64(0))
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				C.driver_sample((*C.int64_t)(unsafe.Pointer(total))) // want BS102
			}
		}
	}()
	for range 10 {
		time.Sleep(10 * time.Millisecond)
		report(*total)
	}
}

// Snapshot samples into a copy: new(*total) allocates a new variable holding
// the value of *total, so the driver writes memory no other goroutine sees.
func Snapshot(total *int64, done chan<- int64) {
	own := new(*total)
	go func() {
		C.driver_sample((*C.int64_t)(unsafe.Pointer(own)))
		done <- *own
	}()
	*total = 0
}
