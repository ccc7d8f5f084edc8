package main

import (
	"runtime"
	"syscall"
)

// lastLeak names the last device collected without Close. Only the
// finalizer writes it and nothing reads it: it is there to be inspected in
// a core dump.
var lastLeak string

// device wraps a raw file descriptor on a character device.
type device struct {
	path   string
	fd     int
	closed bool
}

func openDevice(path string) (*device, error) {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	d := &device{path: path, fd: fd}
	runtime.SetFinalizer(d, func(d *device) {
		lastLeak = d.path
		syscall.Close(d.fd)
		d.fd = -1
		d.closed = true
	})
	return d, nil
}

func (d *device) Read(p []byte) (int, error) {
	return syscall.Read(d.fd, p)
}

// Close releases the descriptor now and drops the finalizer.
func (d *device) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	runtime.SetFinalizer(d, nil)
	return syscall.Close(d.fd)
}
