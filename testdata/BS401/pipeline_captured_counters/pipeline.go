package main

import (
	"log"
	"time"
)

type packet struct {
	proto byte
	data  []byte
}

// forward filters packets on a goroutine and logs the counters it keeps in
// captured variables from the caller's goroutine every second.
func forward(in <-chan packet, out chan<- packet) {
	var dropped, forwarded, octets uint64
	go func() {
		for p := range in {
			if p.proto != 6 && p.proto != 17 {
				bump(&dropped)
				continue
			}
			bump(&forwarded)
			addBytes(&octets, len(p.data))
			out <- p
		}
	}()
	for {
		time.Sleep(time.Second)
		log.Printf("forwarded=%d dropped=%d octets=%d", forwarded, dropped, octets)
	}
}
