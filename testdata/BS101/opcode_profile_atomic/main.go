package main

/*
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

const numOps = 64

// Interpreter threads count executed opcodes and branch misses in C memory,
// which the C profiler dumps on SIGPROF. Every Go access is atomic.
func main() {
	execs := (*[numOps]uint64)(C.calloc(numOps, 8))
	misses := unsafe.Slice((*C.uint32_t)(C.calloc(numOps, 4)), numOps)

	var wg sync.WaitGroup
	for t := 0; t < 4; t++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			x := seed
			for i := 0; i < 100000; i++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				op := x % numOps
				atomic.AddUint64(&execs[op], 1)
				if x&0xff == 0 {
					atomic.AddUint32((*uint32)(unsafe.Pointer(&misses[op])), 1)
				}
			}
		}(uint64(t + 1))
	}

	// Live sampling while the interpreter threads run.
	for s := 0; s < 3; s++ {
		time.Sleep(time.Millisecond)
		fmt.Printf("sample %d: op0=%d misses0=%d\n", s,
			atomic.LoadUint64(&execs[0]),
			atomic.LoadUint32((*uint32)(unsafe.Pointer(&misses[0]))))
	}
	wg.Wait()

	C.free(unsafe.Pointer(execs))
	C.free(unsafe.Pointer(&misses[0]))
}
