// Package scatter reads records with readv(2) into a header and a body buffer. The kernel
// writes what the iovecs name, not the iovec array itself: Tail's goroutine reads into the
// shared header while Peek decodes it, a race -race cannot see. Drain reads into buffers
// of its own goroutine and waits for it: not a race.
package scatter

import (
	"sync"
	"syscall"
	"unsafe"
)

var (
	header = make([]byte, 16)
	body   = make([]byte, 4096)
)

func readRecord(fd int, hdr, data []byte) {
	iovs := []syscall.Iovec{{Base: &hdr[0]}, {Base: &data[0]}}
	iovs[0].SetLen(len(hdr))
	iovs[1].SetLen(len(data))
	syscall.Syscall(syscall.SYS_READV, uintptr(fd), uintptr(unsafe.Pointer(&iovs[0])), uintptr(len(iovs))) // want BS201
}

// Tail keeps reading records into the shared buffers.
func Tail(fd int) {
	go func() {
		for {
			readRecord(fd, header, body)
		}
	}()
}

// Peek decodes the current header.
func Peek() uint16 {
	return uint16(header[0]) | uint16(header[1])<<8
}

// Drain reads one record on a goroutine into buffers it makes, and waits for it.
func Drain(fd int) []byte {
	var wg sync.WaitGroup
	var got []byte
	wg.Add(1)
	go func() {
		defer wg.Done()
		h, d := make([]byte, 16), make([]byte, 512)
		readOwn(fd, h, d)
		got = d
	}()
	wg.Wait()
	return got
}

func readOwn(fd int, hdr, data []byte) {
	var iov [2]syscall.Iovec
	iov[0].Base = &hdr[0]
	iov[1].Base = &data[0]
	syscall.Syscall(syscall.SYS_READV, uintptr(fd), uintptr(unsafe.Pointer(&iov[0])), 2)
}
