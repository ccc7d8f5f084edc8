package app

/*
#include <stdlib.h>
*/
import "C"

import (
	"unsafe"

	"example.com/wire/scramble"
)

// SendAsync hands a C frame to scramble.Start and then stamps its header
// while the scrambling goroutine may still be writing it.
func SendAsync(n int) {
	frame := unsafe.Slice((*byte)(C.malloc(C.size_t(n))), n)
	scramble.Start(frame, 7) // want BS101
	frame[0] = 0x7e
}

// SendSync uses the joining variant: stamping afterwards is ordered.
func SendSync(n int) {
	frame := unsafe.Slice((*byte)(C.malloc(C.size_t(n))), n)
	scramble.Process(frame, 7)
	frame[0] = 0x7e
	C.free(unsafe.Pointer(&frame[0]))
}
