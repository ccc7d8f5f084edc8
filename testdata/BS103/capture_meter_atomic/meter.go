package main

/*
#cgo LDFLAGS: -lpthread
#include "capture.h"
*/
import "C"

import "sync/atomic"

// clipLevel is the peak above which a buffer counts as clipped.
const clipLevel = 32000

// level is one buffer's peak, sent to the VU meter.
type level struct {
	mic  int
	peak int
}

// The capture threads of every microphone call goOnCaptureBuffer at once;
// the counters are updated atomically and the peaks go over a channel.
var (
	framesCaptured int64
	clipped        atomic.Int64
	levels         = make(chan level, 64)
)

//export goOnCaptureBuffer
func goOnCaptureBuffer(mic, peak, frames C.int) {
	atomic.AddInt64(&framesCaptured, int64(frames))
	if peak >= clipLevel {
		clipped.Add(1)
	}
	select {
	case levels <- level{mic: int(mic), peak: int(peak)}:
	default:
		// The meter is behind: drop this reading rather than stall the
		// capture thread.
	}
}

func record(mics, buffers int) {
	C.capture_run(C.int(mics), C.int(buffers))
}
