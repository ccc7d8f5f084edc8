package main

import (
	"log"
	"time"
	"unsafe"

	. "golang.org/x/sys/unix"
)

// pool holds fresh random bytes that session tokens are cut from, and
// shardSalt randomizes the session-table shard of each token. Both are
// refreshed in the background by reseed.
var (
	pool      [64]byte
	shardSalt uint64
)

// reseed runs on its own goroutine. Getrandom and the raw getrandom(2)
// call hand the memory to the kernel without telling the race detector.
func reseed(every time.Duration) {
	for {
		if _, err := Getrandom(pool[:], 0); err != nil { // want BS201
			log.Printf("getrandom: %v", err)
		}
		_, _, errno := RawSyscall(SYS_GETRANDOM, uintptr(unsafe.Pointer(&shardSalt)), unsafe.Sizeof(shardSalt), 0) // want BS201
		if errno != 0 {
			log.Printf("getrandom salt: %v", errno)
		}
		time.Sleep(every)
	}
}
