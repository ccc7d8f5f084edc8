package main

import (
	"log"
	"syscall"
	"time"
)

// pinger sends the echo request in pkt every interval. It is started with
// `go pinger(fd, pkt, to, interval)`; syscall.Sendto hands pkt to the kernel
// without telling the race detector that the kernel reads it.
func pinger(fd int, pkt []byte, to syscall.Sockaddr, interval time.Duration) {
	for {
		if err := syscall.Sendto(fd, pkt, 0, to); err != nil { // want BS201
			log.Printf("ping: %v", err)
		}
		time.Sleep(interval)
	}
}
