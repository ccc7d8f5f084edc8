package main

import (
	"syscall"
	"unsafe"
)

// frame is one receive buffer of the pool. Ownership travels with the
// pointer: whoever received the frame last is its only user.
type frame struct {
	data []byte
	n    int
}

// receiver takes an empty frame from free, lets the kernel fill it and
// hands it to the consumer on full. After the send it never touches that
// frame again.
func receiver(fd int, free <-chan *frame, full chan<- *frame) {
	defer close(full)
	for f := range free {
		n, _, errno := syscall.Syscall6(syscall.SYS_RECVFROM, uintptr(fd), uintptr(unsafe.Pointer(&f.data[0])), uintptr(len(f.data)), 0, 0, 0)
		if errno != 0 {
			return
		}
		f.n = int(n)
		full <- f
	}
}
