package main

import (
	"log"
	"syscall"
	"time"
)

var ring [4096]byte

// This program really races: the kernel fills ring in the receiving goroutine while main
// peeks at it, and -race sees neither the kernel's write nor a Go one.
func main() {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for {
			if _, _, err := syscall.Recvfrom(fd, ring[:], 0); err != nil { // want BS201
				return
			}
		}
	}()
	for {
		time.Sleep(time.Second)
		log.Printf("head %x", ring[:8])
	}
}
