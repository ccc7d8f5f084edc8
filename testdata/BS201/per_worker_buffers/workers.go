package main

import (
	"encoding/binary"
	"log"
	"net"

	"golang.org/x/sys/unix"
)

type flowRecord struct {
	version uint16
	count   uint16
	from    string
}

// startWorkers runs one receive loop per SO_REUSEPORT socket. Every worker
// allocates its own datagram buffer inside the goroutine, so the kernel
// writes memory that no other goroutine can see.
func startWorkers(fds []int, out chan<- flowRecord) {
	for _, fd := range fds {
		go func(fd int) {
			buf := make([]byte, 9000)
			for {
				n, from, err := unix.Recvfrom(fd, buf, 0)
				if err != nil {
					log.Printf("worker %d: %v", fd, err)
					return
				}
				if n < 4 {
					continue
				}
				out <- flowRecord{
					version: binary.BigEndian.Uint16(buf[0:2]),
					count:   binary.BigEndian.Uint16(buf[2:4]),
					from:    peerName(from),
				}
			}
		}(fd)
	}
}

func peerName(sa unix.Sockaddr) string {
	if in4, ok := sa.(*unix.SockaddrInet4); ok {
		return net.IP(in4.Addr[:]).String()
	}
	return "?"
}
