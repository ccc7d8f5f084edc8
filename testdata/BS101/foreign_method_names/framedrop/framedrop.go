// Package framedrop frees a mapped C frame on a goroutine while its owner still reads the
// frame's width from the same C memory: a race -race cannot see.
package framedrop

/*
#include <stdlib.h>
typedef struct { int width; int height; } frame_t;
*/
import "C"

import "unsafe"

// Frame is a C frame.
type Frame struct {
	c *C.frame_t
}

// Close frees the frame.
func (f *Frame) Close() {
	C.free(unsafe.Pointer(f.c)) // want BS101
}

// Map allocates a frame.
func Map() *Frame {
	c := (*C.frame_t)(C.malloc(C.sizeof_frame_t))
	return &Frame{c: c}
}

// Drop frees a frame in the background while it reads its width.
func Drop() int {
	f := Map()
	go f.Close()
	return int(f.c.width)
}
