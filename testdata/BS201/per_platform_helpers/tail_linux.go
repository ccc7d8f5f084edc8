package kmsg

import (
	"log"
	"time"
)

// Tail reads kernel log records in the background while the caller samples the record
// buffer. On Linux, readRecord is the raw read(2) of read_linux.go, not the Plan 9 stub.
func Tail(fd int) {
	buf := make([]byte, 8192)
	go func() {
		for {
			if _, err := readRecord(fd, buf); err != nil {
				return
			}
		}
	}()
	for {
		time.Sleep(time.Second)
		log.Printf("last record starts %q", buf[:16])
	}
}
