package main

import (
	"log"
	"time"
)

// livenessTrace periodically logs the header of the datagram sitting in the
// receive buffer, as a liveness trace. It peeks at m.buf from its own
// goroutine while listen keeps receiving into it.
func livenessTrace(m *ueventMonitor, every time.Duration) {
	for {
		time.Sleep(every)
		log.Printf("uevent: receive buffer head %q", headerLine(m.buf))
	}
}
