// Package lut builds a lookup table in C memory lazily with sync.Once. The function passed
// to Do runs once, before any Do call returns, so goroutines that go through gamma() see a
// finished table. A goroutine that reads the table without going through Do does not.
package lut

/*
#include <stdlib.h>
*/
import "C"

import (
	"sync"
	"unsafe"
)

var (
	gammaOnce sync.Once
	gammaLUT  []byte
)

func gamma() []byte {
	gammaOnce.Do(func() {
		p := C.malloc(256)
		gammaLUT = unsafe.Slice((*byte)(p), 256)
		for i := range gammaLUT {
			gammaLUT[i] = byte(i)
		}
	})
	return gammaLUT
}

// Apply maps pixels through the table on several goroutines, each going through gamma().
func Apply(px []byte) {
	done := make(chan struct{})
	go func() {
		t := gamma()
		for i := range px[:len(px)/2] {
			px[i] = t[px[i]]
		}
		close(done)
	}()
	t := gamma()
	for i := len(px) / 2; i < len(px); i++ {
		px[i] = t[px[i]]
	}
	<-done
}

type cache struct {
	once  sync.Once
	table []byte
}

func (c *cache) build() {
	c.once.Do(func() {
		p := C.malloc(64)
		c.table = unsafe.Slice((*byte)(p), 64)
		c.table[0] = 1 // want BS101
	})
}

// Peek starts the initialization on a goroutine and reads the table without calling Do:
// nothing orders the read after the write.
func (c *cache) Peek() byte {
	go c.build()
	if c.table == nil {
		return 0
	}
	return c.table[0]
}
