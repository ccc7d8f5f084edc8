// Package app wires the audit collector together.
package app

import (
	"encoding/binary"
	"unsafe"

	"example.com/auditd/sysx"
	"golang.org/x/sys/unix"
)

// Collector receives kernel audit records into buf on a supervised
// goroutine.
type Collector struct {
	fd  int
	buf []byte
}

func NewCollector() (*Collector, error) {
	fd, err := sysx.OpenNetlink(unix.NETLINK_AUDIT, 1)
	if err != nil {
		return nil, err
	}
	return &Collector{fd: fd, buf: make([]byte, 8970)}, nil
}

// Start hands the receive loop to sysx.Supervise, which runs it on another
// goroutine and returns at once.
func (c *Collector) Start() {
	sysx.Supervise("audit-rx", func() {
		for {
			_, _, errno := unix.Syscall6(unix.SYS_RECVFROM, uintptr(c.fd), uintptr(unsafe.Pointer(&c.buf[0])), uintptr(len(c.buf)), 0, 0, 0) // want BS201
			if errno != 0 && errno != unix.EINTR {
				panic(errno)
			}
		}
	})
}

// LastType reports the nlmsg_type of the record in the buffer, for the
// metrics endpoint; it runs on the caller's goroutine while the supervised
// loop keeps receiving.
func (c *Collector) LastType() uint16 {
	return binary.LittleEndian.Uint16(c.buf[4:6])
}
