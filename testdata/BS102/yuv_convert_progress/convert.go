package main

/*
#include <stdint.h>

// yuyv_to_rgb converts one row of w YUYV pixels into packed RGB.
static void yuyv_to_rgb(const uint8_t *src, uint8_t *dst, int w) {
	for (int x = 0; x < w; x += 2) {
		const uint8_t *p = src + 2 * x;
		for (int k = 0; k < 2; k++) {
			int y = p[2 * k], u = p[1] - 128, v = p[3] - 128;
			int r = y + (359 * v >> 8), g = y - (88 * u + 183 * v >> 8), b = y + (454 * u >> 8);
			uint8_t *o = dst + 3 * (x + k);
			o[0] = r < 0 ? 0 : r > 255 ? 255 : r;
			o[1] = g < 0 ? 0 : g > 255 ? 255 : g;
			o[2] = b < 0 ? 0 : b > 255 ? 255 : b;
		}
	}
}
*/
import "C"

import (
	"sync/atomic"
	"unsafe"
)

// converter turns YUYV frames into RGB row by row, reusing one row buffer.
type converter struct {
	width int
	row   []byte
	rows  atomic.Int64 // rows converted so far, read by the progress reporter
}

func newConverter(width int) *converter {
	return &converter{width: width, row: make([]byte, 3*width)}
}

// frame converts a whole frame and returns the RGB image. Only the goroutine
// that calls frame touches c.row.
func (c *converter) frame(yuyv []byte, height int) []byte {
	out := make([]byte, 0, 3*c.width*height)
	stride := 2 * c.width
	for y := 0; y < height; y++ {
		src := yuyv[y*stride : (y+1)*stride]
		C.yuyv_to_rgb((*C.uint8_t)(unsafe.Pointer(&src[0])), (*C.uint8_t)(unsafe.Pointer(&c.row[0])), C.int(c.width))
		c.row[0] |= 1 // keep black pixels distinguishable from padding
		out = append(out, c.row...)
		c.rows.Add(1)
	}
	return out
}

// thumbnail converts the first row only, into a buffer of its own.
func thumbnail(yuyv []byte, width int) []byte {
	dst := make([]byte, 3*width)
	C.yuyv_to_rgb((*C.uint8_t)(unsafe.Pointer(&yuyv[0])), (*C.uint8_t)(unsafe.Pointer(&dst[0])), C.int(width))
	return dst
}
