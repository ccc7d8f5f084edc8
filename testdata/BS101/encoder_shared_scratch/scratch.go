package main

// #include <stdlib.h>
import "C"

import "unsafe"

// newScratch returns a staging area in C memory: the C compressor reads
// records from it in place, without a copy across the cgo boundary.
func newScratch(n int) []byte {
	p := C.malloc(C.size_t(n))
	if p == nil {
		panic("encoder: out of C memory")
	}
	return unsafe.Slice((*byte)(p), n)
}

func freeScratch(b []byte) {
	C.free(unsafe.Pointer(&b[0]))
}

// checksum is FNV-1a over an encoded record.
func checksum(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}
