package main

import (
	"syscall"
	"time"
	"unsafe"
)

// rttProbe is owned by a single goroutine: run is the only code that ever
// touches p.pkt, and callers get results as values on p.results.
type rttProbe struct {
	fd      int
	pkt     [64]byte
	results chan time.Duration
}

func (p *rttProbe) run(interval time.Duration) {
	for seq := uint16(0); ; seq++ {
		p.pkt[0] = 8 // ICMP echo request
		p.pkt[6] = byte(seq >> 8)
		p.pkt[7] = byte(seq)
		start := time.Now()
		_, _, errno := syscall.Syscall6(syscall.SYS_SENDTO, uintptr(p.fd), uintptr(unsafe.Pointer(&p.pkt[0])), uintptr(len(p.pkt)), 0, 0, 0)
		if errno == 0 {
			syscall.Syscall6(syscall.SYS_RECVFROM, uintptr(p.fd), uintptr(unsafe.Pointer(&p.pkt[0])), uintptr(len(p.pkt)), 0, 0, 0)
			p.results <- time.Since(start)
		}
		time.Sleep(interval)
	}
}
