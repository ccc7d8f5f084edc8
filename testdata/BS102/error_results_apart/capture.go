// Package capture reads frames and headers from a device through C. Both readers return
// ([]byte, error), and both return the same package-level error when the device is closed,
// as GrabMarked does. A call's value is its first result: the error they share does not make
// the frames and headers one piece of memory (it did when every returned value joined one
// location, and that one object then reported only Grab). So Grab's goroutine, which has C
// fill the frame while the caller writes the header, shares nothing; GrabMarked writing its
// frame while C fills it is a race.
package capture

/*
#include <stddef.h>
void capture_fill(void *dst, size_t n);
*/
import "C"

import (
	"bytes"
	"errors"
	"unsafe"
)

var errClosed = errors.New("capture: device closed")

// Device is an open capture device.
type Device struct {
	closed bool
	blank  []byte
	magic  []byte
}

func (d *Device) nextFrame() ([]byte, error) {
	if d.closed {
		return nil, errClosed
	}
	return bytes.Clone(d.blank), nil
}

func (d *Device) nextHeader() ([]byte, error) {
	if d.closed {
		return nil, errClosed
	}
	return bytes.Clone(d.magic), nil
}

// Grab fills a frame on a goroutine while it stamps a header, and reads the frame once the
// goroutine is done: nothing is shared while C fills the frame.
func (d *Device) Grab() ([]byte, []byte, error) {
	frame, err := d.nextFrame()
	if err != nil {
		return nil, nil, err
	}
	done := make(chan struct{})
	go func() {
		C.capture_fill(unsafe.Pointer(&frame[0]), C.size_t(len(frame)))
		close(done)
	}()
	hdr, err := d.nextHeader()
	if err == nil {
		hdr[0] = 0x7f
	}
	<-done
	frame[0] = 0x01
	return frame, hdr, err
}

// GrabMarked marks a frame of its own while C still fills it: a race.
func (d *Device) GrabMarked() ([]byte, error) {
	if d.closed {
		return nil, errClosed
	}
	frame := make([]byte, 4096)
	done := make(chan struct{})
	go func() {
		C.capture_fill(unsafe.Pointer(&frame[0]), C.size_t(len(frame))) // want BS102
		close(done)
	}()
	frame[1] = 0x02
	<-done
	return frame, nil
}
