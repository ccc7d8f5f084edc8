package main

import (
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// auditReader drains NETLINK_AUDIT records. The kernel writes r.buf only
// while r.mu is held, and every Go reader of r.buf takes r.mu too.
type auditReader struct {
	mu  sync.Mutex
	fd  int
	buf []byte
	n   int
}

// pump is the receive goroutine. It waits for readability without the lock
// and then drains one datagram non-blocking under it.
func (r *auditReader) pump() {
	fds := []unix.PollFd{{Fd: int32(r.fd), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != nil && err != unix.EINTR {
			return
		}
		r.mu.Lock()
		n, _, errno := unix.Syscall6(unix.SYS_RECVFROM, uintptr(r.fd), uintptr(unsafe.Pointer(&r.buf[0])), uintptr(len(r.buf)), unix.MSG_DONTWAIT, 0, 0)
		if errno == 0 {
			r.n = int(n)
		}
		r.mu.Unlock()
	}
}

// lastRecord copies out the most recent record, nlmsghdr stripped, for the
// status endpoint.
func (r *auditReader) lastRecord() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n < 16 {
		return nil
	}
	rec := make([]byte, r.n-16)
	copy(rec, r.buf[16:r.n])
	return rec
}
