// Package lanes splits a batch into lanes that the C mixer reads. It loops
// with Go 1.22's range over an integer and Go 1.23's range over a function.
package lanes

// #include <stdlib.h>
import "C"

import (
	"iter"
	"sync"
	"unsafe"
)

// Count starts one goroutine per lane with a range over an integer. Every
// goroutine stores its lane number into the same C slot: the last store wins
// and none of them is ordered with the others.
func Count(lanes int) int32 {
	slot := (*C.int)(C.malloc(C.size_t(unsafe.Sizeof(C.int(0)))))
	defer C.free(unsafe.Pointer(slot))
	var wg sync.WaitGroup
	for i := range lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			*slot = C.int(i) // want BS101
		}()
	}
	wg.Wait()
	return int32(*slot)
}

// Lanes yields the lane numbers below n.
func Lanes(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// Tally starts one goroutine per lane yielded by a range-over-func loop; they
// all add into one C counter.
func Tally(n int) int64 {
	total := (*C.long)(C.calloc(1, C.size_t(unsafe.Sizeof(C.long(0)))))
	defer C.free(unsafe.Pointer(total))
	var wg sync.WaitGroup
	for lane := range Lanes(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			*total += C.long(lane) // want BS101
		}()
	}
	wg.Wait()
	return int64(*total)
}

// Scratch gives every goroutine of a range-over-func loop a C buffer of its
// own, allocated in the iteration and freed by the goroutine that uses it.
func Scratch(n int, out chan<- byte) {
	for lane := range Lanes(n) {
		buf := (*C.char)(C.malloc(16))
		go func() {
			*buf = C.char(lane)
			out <- byte(*buf)
			C.free(unsafe.Pointer(buf))
		}()
	}
}

// Fill sizes its loop with a range over an integer, but only one goroutine
// touches the C buffer, and the caller reads it after the goroutine is done.
func Fill(n int) byte {
	buf := (*[64]C.char)(C.calloc(64, 1))
	defer C.free(unsafe.Pointer(buf))
	done := make(chan struct{})
	go func() {
		for i := range min(n, 64) {
			buf[i] = C.char(i)
		}
		close(done)
	}()
	<-done
	return byte(buf[n/2])
}
