package main

/*
#include <stddef.h>
#include <stdint.h>

// rle_pack run-length encodes src[0..n) into dst as (count, byte) pairs and
// returns the encoded size, or 0 when dst[0..cap) is too small.
static size_t rle_pack(uint8_t *dst, size_t cap, const uint8_t *src, size_t n) {
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t run = 1;
		while (i + run < n && src[i + run] == src[i] && run < 255) {
			run++;
		}
		if (o + 2 > cap) {
			return 0;
		}
		dst[o++] = (uint8_t)run;
		dst[o++] = src[i];
		i += run;
	}
	return o;
}
*/
import "C"

import "unsafe"

// blockPacker compresses blocks one after the other into a scratch buffer it
// reuses for every block, so that packing does not allocate.
type blockPacker struct {
	scratch []byte
	sizes   chan int
}

func newBlockPacker(blockSize int) *blockPacker {
	return &blockPacker{scratch: make([]byte, 2*blockSize), sizes: make(chan int, 16)}
}

// run packs every block it receives and reports each packed size. It runs on a
// goroutine of its own and closes sizes when blocks is closed.
func (p *blockPacker) run(blocks <-chan []byte) {
	for blk := range blocks {
		n := C.rle_pack((*C.uint8_t)(unsafe.Pointer(&p.scratch[0])), C.size_t(len(p.scratch)), (*C.uint8_t)(unsafe.Pointer(&blk[0])), C.size_t(len(blk))) // want BS102
		p.sizes <- int(n)
	}
	close(p.sizes)
}

// packHeader packs a small header synchronously on the caller's goroutine,
// into a buffer of its own: no other goroutine ever sees dst.
func packHeader(hdr []byte) []byte {
	dst := make([]byte, 2*len(hdr))
	n := C.rle_pack((*C.uint8_t)(unsafe.Pointer(&dst[0])), C.size_t(len(dst)), (*C.uint8_t)(unsafe.Pointer(&hdr[0])), C.size_t(len(hdr)))
	return dst[:n]
}

// leadingRun returns the first (count, byte) pair of the last packed block.
func (p *blockPacker) leadingRun() (count, value byte) {
	return p.scratch[0], p.scratch[1]
}
