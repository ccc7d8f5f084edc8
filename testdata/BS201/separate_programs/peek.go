package main

import (
	"log"
	"time"
)

var buf [4096]byte

// This program's goroutine reads the buf of this program, which no system call fills.
func main() {
	go func() {
		for {
			log.Printf("head %x", buf[:8])
			time.Sleep(time.Second)
		}
	}()
	for i := range buf {
		buf[i] = byte(i)
	}
	time.Sleep(time.Minute)
}
