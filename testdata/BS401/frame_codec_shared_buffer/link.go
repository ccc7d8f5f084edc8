package main

import (
	"fmt"
	"time"
)

// uplink keeps one outgoing frame buffer. The sender goroutine checksums it
// every period while the producer copies the next payload into it in place.
type uplink struct {
	frame []byte
	sent  chan uint16
}

func (u *uplink) sender(period time.Duration) {
	for {
		time.Sleep(period)
		u.sent <- crc16(u.frame)
	}
}

func (u *uplink) run(payloads [][]byte) {
	go u.sender(100 * time.Millisecond)
	for _, p := range payloads {
		time.Sleep(50 * time.Millisecond)
		copy(u.frame, p)
	}
}

// downlink unmasks received payloads in place on its own goroutine; the
// monitor peeks at the same buffer from the caller's goroutine.
type downlink struct {
	payload []byte
}

func (d *downlink) unmaskLoop(key [4]byte, rounds int) {
	for r := 0; r < rounds; r++ {
		maskPayload(d.payload, key)
		time.Sleep(10 * time.Millisecond)
	}
}

func (d *downlink) monitor() {
	go d.unmaskLoop([4]byte{0x5a, 0xa5, 0x3c, 0xc3}, 100)
	for i := 0; i < 10; i++ {
		time.Sleep(100 * time.Millisecond)
		fmt.Printf("payload head: % x\n", d.payload[:8])
	}
}

func main() {
	u := &uplink{frame: make([]byte, 1500), sent: make(chan uint16, 64)}
	u.run([][]byte{[]byte("hello"), []byte("world")})
	fmt.Println(len(u.sent), "frames sent")

	d := &downlink{payload: make([]byte, 1500)}
	d.monitor()
}
