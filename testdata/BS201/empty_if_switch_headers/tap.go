// Package tapdev reads frames from a TAP device with raw read(2) calls. Its
// `if` and `switch` headers have an empty init statement (`if ; cond`),
// which gofmt removes but the language allows.
package tapdev

import (
	"syscall"
	"unsafe"
)

// Pump reads frames on a goroutine into one buffer while the caller decodes
// the same buffer: the kernel's stores and the Go loads are not ordered.
func Pump(fd int, frames int, decode func([]byte)) {
	buf := make([]byte, 1500)
	go func() {
		for i := 0; i < frames; i++ {
			if ; i%2 == 0 {
				syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))) // want BS201
			}
		}
	}()
	for i := 0; i < frames; i++ {
		decode(buf[:64])
	}
}

// Probe reads one header according to the mode, on a goroutine, and returns
// its first byte while the read may still be running.
func Probe(fd int, mode int) byte {
	var hdr [14]byte
	go func() {
		switch ; mode {
		case 1:
			syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&hdr[0])), 14) // want BS201
		}
	}()
	return hdr[0]
}

// Peek reads into a buffer of its own inside an `if ;` header; no other
// goroutine ever sees it.
func Peek(fd int) byte {
	var one [1]byte
	if ; fd >= 0 {
		syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&one[0])), 1)
	}
	return one[0]
}
