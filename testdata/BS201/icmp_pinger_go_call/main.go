package main

import (
	"log"
	"os"
	"syscall"
	"time"
)

func main() {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, syscall.IPPROTO_ICMP)
	if err != nil {
		log.Fatal(err)
	}
	to := &syscall.SockaddrInet4{Addr: [4]byte{192, 0, 2, 1}}
	pkt := echoRequest(uint16(os.Getpid()), "blindspot")
	stamp(pkt, 0)
	go pinger(fd, pkt, to, time.Second)

	// Bumps the sequence number in place while pinger may be sending.
	for seq := uint16(1); ; seq++ {
		time.Sleep(time.Second)
		stamp(pkt, seq)
	}
}
