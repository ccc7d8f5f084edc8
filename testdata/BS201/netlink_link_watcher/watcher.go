package main

import (
	"encoding/binary"
	"fmt"
	sys "syscall"
	"unsafe"
)

const rtmgrpLink = 0x1

// linkWatcher receives rtnetlink link notifications. The receive loop runs on
// its own goroutine and lets the kernel write straight into w.buf.
type linkWatcher struct {
	fd  int
	buf []byte
}

func newLinkWatcher() (*linkWatcher, error) {
	fd, err := sys.Socket(sys.AF_NETLINK, sys.SOCK_RAW|sys.SOCK_CLOEXEC, sys.NETLINK_ROUTE)
	if err != nil {
		return nil, fmt.Errorf("netlink socket: %w", err)
	}
	if err := sys.Bind(fd, &sys.SockaddrNetlink{Family: sys.AF_NETLINK, Groups: rtmgrpLink}); err != nil {
		sys.Close(fd)
		return nil, fmt.Errorf("netlink bind: %w", err)
	}
	return &linkWatcher{fd: fd, buf: make([]byte, 32<<10)}, nil
}

// run is started with `go w.run()`. recvfrom(2) is issued through the raw
// entry point so that no Sockaddr is allocated per message; the race
// detector therefore never learns that the kernel writes w.buf.
func (w *linkWatcher) run() {
	for {
		_, _, errno := sys.Syscall6(sys.SYS_RECVFROM, uintptr(w.fd), uintptr(unsafe.Pointer(&w.buf[0])), uintptr(len(w.buf)), 0, 0, 0) // want BS201
		if errno == sys.EINTR {
			continue
		}
		if errno != 0 {
			return
		}
	}
}

// lastHeader decodes the nlmsghdr at the start of the buffer for the status
// page. It runs on the main goroutine while run keeps receiving.
func (w *linkWatcher) lastHeader() (length uint32, typ uint16) {
	length = binary.LittleEndian.Uint32(w.buf[0:4])
	typ = binary.LittleEndian.Uint16(w.buf[4:6])
	return length, typ
}
