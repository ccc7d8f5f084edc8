package render

/*
#include <stdlib.h>
*/
import "C"

import (
	"unsafe"

	"example.com/render/pool"
)

// Shade fills a C frame buffer from tasks run by the pool package, while the
// caller keeps writing the status row of the same buffer.
func Shade(width, height int) {
	frame := unsafe.Slice((*byte)(C.malloc(C.size_t(width*height))), width*height)
	var g pool.Group
	for y := 0; y < height; y++ {
		pool.Go(&g, func() {
			for x := 0; x < width; x++ {
				frame[x] = byte(x ^ y) // want BS101
			}
		})
	}
	frame[0] = 0xff
	pool.Wait(&g)
	C.free(unsafe.Pointer(&frame[0]))
}
