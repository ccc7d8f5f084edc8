// A directory of small programs, each a file with its own func main, as golang/go's test/
// keeps them. They share top-level names but never run together.
package main

import (
	"log"
	"syscall"
)

var buf [4096]byte

func main() {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	// Only this program's main goroutine ever touches buf.
	n, _, err := syscall.Recvfrom(fd, buf[:], 0)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d bytes", n)
}
