package main

/*
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

// mix_key folds the session key into the state of the C stream cipher.
static uint64_t mix_key(unsigned char *key, size_t n) {
	uint64_t s = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		s = (s ^ key[i]) * 1099511628211ULL;
	}
	return s;
}
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"
)

// rotate re-derives the session key in place on every tick until stop is
// closed. The C cipher keeps using the same key buffer meanwhile.
func rotate(key unsafe.Pointer, n int, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	k := unsafe.Slice((*byte)(key), n)
	for round := byte(1); ; round++ {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
		}
		for i := range k {
			k[i] = k[i]<<1 ^ round // want BS101
		}
	}
}

func main() {
	initial := []byte("0123456789abcdef0123456789abcdef")
	key := C.CBytes(initial)
	n := len(initial)

	stop := make(chan struct{})
	done := make(chan struct{})
	go rotate(key, n, stop, done)

	var state C.uint64_t
	for block := 0; block < 200; block++ {
		state ^= C.mix_key((*C.uchar)(key), C.size_t(n))
		time.Sleep(50 * time.Microsecond)
	}
	close(stop)
	<-done

	fmt.Printf("cipher state: %#x\n", uint64(state))
	C.free(key)
}
