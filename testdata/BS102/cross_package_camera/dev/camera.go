// Package dev wraps the capture library of the board's camera module.
package dev

/*
#include <stddef.h>
#include <string.h>

// cap_grab copies the sensor's current frame into dst[0..n).
static int cap_grab(int handle, unsigned char *dst, size_t n) {
	memset(dst, handle & 0xff, n);
	return (int)n;
}

// cap_exposure reads the four exposure registers into regs.
static void cap_exposure(int handle, unsigned int *regs) {
	for (int i = 0; i < 4; i++) {
		regs[i] = (unsigned int)(handle * 31 + i);
	}
}
*/
import "C"

import (
	"sync"
	"time"
	"unsafe"
)

// Camera is an open camera. Start captures continuously into frame, which
// Frame copies out.
type Camera struct {
	handle C.int
	frame  []byte

	mu       sync.Mutex
	exposure [4]uint32
	gain     float64
}

// Open opens the camera with the given handle and frame size.
func Open(handle, frameSize int) *Camera {
	return &Camera{handle: C.int(handle), frame: make([]byte, frameSize), gain: 1}
}

// Start begins continuous capture and metering in the background.
func (c *Camera) Start() {
	go c.capture()
	go c.meter()
}

// capture overwrites c.frame with every new frame, as fast as the sensor goes.
func (c *Camera) capture() {
	for {
		if C.cap_grab(c.handle, (*C.uchar)(unsafe.Pointer(&c.frame[0])), C.size_t(len(c.frame))) < 0 { // want BS102
			return
		}
	}
}

// Frame returns a copy of the latest frame. The copy runs while capture may be
// rewriting the frame from C: the preview can tear, and -race stays silent.
func (c *Camera) Frame() []byte {
	out := make([]byte, len(c.frame))
	copy(out, c.frame)
	return out
}

// meter refreshes the exposure registers ten times a second. The registers
// are only touched with c.mu held.
func (c *Camera) meter() {
	for range time.Tick(100 * time.Millisecond) {
		c.mu.Lock()
		C.cap_exposure(c.handle, (*C.uint)(unsafe.Pointer(&c.exposure[0])))
		c.gain = float64(c.exposure[0]) / 1024
		c.mu.Unlock()
	}
}

// Exposure returns the shutter time and the analog gain last metered.
func (c *Camera) Exposure() (shutter, gain uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exposure[0]<<16 | c.exposure[1], c.exposure[2]
}

// GrabInto captures one frame into dst synchronously, on the caller's
// goroutine.
func (c *Camera) GrabInto(dst []byte) error {
	if C.cap_grab(c.handle, (*C.uchar)(unsafe.Pointer(&dst[0])), C.size_t(len(dst))) < 0 {
		return errGrab
	}
	return nil
}
