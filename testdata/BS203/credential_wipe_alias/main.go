package main

import (
	"fmt"
	sys "syscall"
	"time"
)

const slotSize = 64

// wipe zeroes a retired credential slot once its grace period is over. It
// runs on its own goroutine so that rotation returns immediately.
func wipe(slot []byte, grace time.Duration, done chan<- struct{}) {
	time.Sleep(grace)
	for i := range slot {
		slot[i] = 0 // want BS203
	}
	close(done)
}

func main() {
	// Credentials live in an anonymous mapping so that they can be locked
	// in RAM and excluded from core dumps.
	region, err := sys.Mmap(-1, 0, 16*slotSize, sys.PROT_READ|sys.PROT_WRITE, sys.MAP_ANON|sys.MAP_PRIVATE)
	if err != nil {
		panic(err)
	}
	copy(region[0:slotSize], "tok-a:7f3c9e1d")
	copy(region[slotSize:2*slotSize], "tok-b:21ab04c8")

	done := make(chan struct{})
	go wipe(region[0:slotSize], time.Millisecond, done)

	// In-flight requests still authenticate with the retired token while
	// wipe may be clearing it.
	token := make([]byte, 14)
	for i := 0; i < 3; i++ {
		copy(token, region[0:14])
		fmt.Printf("in-flight request %d uses %q\n", i, token)
		time.Sleep(time.Millisecond)
	}
	<-done

	if err := sys.Munmap(region); err != nil {
		panic(err)
	}
}
