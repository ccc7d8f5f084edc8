// Package ping hands buffers to the kernel from goroutines that make one system call
// each: `go syscall.Sendto(...)` runs the call, and the kernel's access to the buffer, in
// the new goroutine, not in the function that writes the statement.
package ping

import (
	"sync"
	"syscall"
)

// Flood sends the packet on a goroutine per target while it rewrites the sequence
// number: the kernel may be reading the packet as it changes.
func Flood(fd int, pkt []byte, targets []syscall.Sockaddr) {
	for i, to := range targets {
		go syscall.Sendto(fd, pkt, 0, to) // want BS201
		pkt[2] = byte(i)
	}
}

// Receive fills buf on a goroutine while the caller reads it.
func Receive(fd int, buf []byte) byte {
	go syscall.Recvfrom(fd, buf, 0) // want BS201
	return buf[0]
}

// Send waits for its sender before reusing the packet: in order.
func Send(fd int, pkt []byte, to syscall.Sockaddr) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		syscall.Sendto(fd, pkt, 0, to)
	}()
	wg.Wait()
	pkt[2] = 0
}
