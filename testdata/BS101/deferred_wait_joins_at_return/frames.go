// Package frames clears C frame buffers with helper goroutines.
package frames

/*
#include <stdlib.h>
*/
import "C"

import (
	"sync"
	"unsafe"
)

// Clear waits for its helper only when it returns: the deferred wg.Wait() runs after the
// loop, which writes the frame while the helper does.
func Clear(n int) unsafe.Pointer {
	frame := (*[1 << 20]byte)(C.malloc(C.size_t(n)))[:n:n]
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range frame {
			frame[i] = 0 // want BS101
		}
	}()
	defer wg.Wait()
	for i := range frame {
		frame[i] = 0xff
	}
	return unsafe.Pointer(&frame[0])
}

// ClearThenFill waits before its own writes: ordered.
func ClearThenFill(n int) unsafe.Pointer {
	frame := (*[1 << 20]byte)(C.malloc(C.size_t(n)))[:n:n]
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range frame {
			frame[i] = 0
		}
	}()
	wg.Wait()
	for i := range frame {
		frame[i] = 0xff
	}
	return unsafe.Pointer(&frame[0])
}
