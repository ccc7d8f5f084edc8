package main

/*
#cgo LDFLAGS: -lpthread
#include "device.h"
*/
import "C"

import (
	"fmt"
	"time"
)

// deviceEvent is one notification from the sound card's playback thread.
type deviceEvent struct {
	underrun bool
	frames   int
	at       time.Duration
}

func (e deviceEvent) String() string {
	if e.underrun {
		return fmt.Sprintf("%v underrun", e.at)
	}
	return fmt.Sprintf("%v played %d frames", e.at, e.frames)
}

// events is the log of device notifications, drained by the UI loop.
var events []deviceEvent

//export goOnDeviceEvent
func goOnDeviceEvent(kind, frames C.int, usec C.longlong) {
	ev := deviceEvent{
		underrun: kind == C.DEV_UNDERRUN,
		frames:   int(frames),
		at:       time.Duration(usec) * time.Microsecond,
	}
	events = append(events, ev) // want BS103
}

func openDevice(period time.Duration, frames int) error {
	if rc := C.dev_open(C.int(period/time.Microsecond), C.int(frames)); rc != 0 {
		return fmt.Errorf("dev_open: error %d", int(rc))
	}
	return nil
}

func closeDevice() {
	C.dev_close()
}
