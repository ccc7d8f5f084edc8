package main

// #include <stdlib.h>
import "C"

import (
	"math"
	"unsafe"
)

// applyWindow copies the samples into a C buffer that the FFT library reads,
// tapers them on a worker goroutine, and reads the result once the worker
// has closed done. The buffer is filled before the goroutine starts and
// touched by no one else while it runs.
func applyWindow(samples []float32) float32 {
	n := len(samples)
	win := unsafe.Slice((*float32)(C.malloc(C.size_t(n*4))), n)
	copy(win, samples)
	win[0], win[n-1] = 0, 0

	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range win {
			w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n-1))
			win[i] *= float32(w)
		}
	}()
	<-done

	var energy float32
	for _, v := range win {
		energy += v * v
	}
	C.free(unsafe.Pointer(&win[0]))
	return energy
}
