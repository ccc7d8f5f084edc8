package main

import (
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// latestSeed holds the most recent seed block. The refresher allocates a
// fresh block on every round, lets the kernel fill it, and only then
// publishes it; a published block is never written again.
var latestSeed atomic.Pointer[[32]byte]

func refreshSeeds(every time.Duration) {
	for {
		block := new([32]byte)
		if _, err := unix.Getrandom(block[:], 0); err == nil {
			latestSeed.Store(block)
		}
		time.Sleep(every)
	}
}

func currentSeed() [32]byte {
	if b := latestSeed.Load(); b != nil {
		return *b
	}
	return [32]byte{}
}
