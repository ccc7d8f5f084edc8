package main

import (
	"fmt"
	"log"
	"syscall"
)

// ueventMonitor listens on NETLINK_KOBJECT_UEVENT for device hotplug events.
type ueventMonitor struct {
	fd  int
	buf []byte
}

func openUeventMonitor() (*ueventMonitor, error) {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, syscall.NETLINK_KOBJECT_UEVENT)
	if err != nil {
		return nil, fmt.Errorf("uevent socket: %w", err)
	}
	sa := &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK, Groups: 1}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("uevent bind: %w", err)
	}
	return &ueventMonitor{fd: fd, buf: make([]byte, 64<<10)}, nil
}

// listen receives uevents and forwards them parsed. syscall.Recvfrom does
// not tell the race detector that the kernel fills m.buf.
func (m *ueventMonitor) listen(events chan<- map[string]string) {
	for {
		n, _, err := syscall.Recvfrom(m.fd, m.buf, 0) // want BS201
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			log.Printf("uevent: %v", err)
			close(events)
			return
		}
		events <- parseUevent(m.buf[:n])
	}
}
