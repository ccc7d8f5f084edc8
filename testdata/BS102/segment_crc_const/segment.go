// Package segwriter writes log segments with a CRC trailer.
package segwriter

/*
#include <stddef.h>
#include <stdint.h>

// crc32c returns the Castagnoli CRC of p[0..n), continuing from crc. It only
// reads p.
static uint32_t crc32c(uint32_t crc, const unsigned char *p, size_t n) {
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++) {
			crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1u)));
		}
	}
	return ~crc;
}

// whiten XORs p[0..n) in place with an LFSR stream seeded by seed.
static void whiten(unsigned char *p, size_t n, uint32_t seed) {
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] ^= (unsigned char)(seed >> 16);
	}
}
*/
import "C"

import (
	"encoding/binary"
	"sync"
	"unsafe"
)

// Segment is an in-memory log segment.
type Segment struct {
	data []byte
}

// SealAsync computes the segment's CRC in the background so that the caller
// can keep going, then patches the record count into the header while crc32c
// may still be reading the header bytes.
func SealAsync(seg *Segment, records uint32) <-chan uint32 {
	sum := make(chan uint32, 1)
	go func() {
		sum <- uint32(C.crc32c(0, (*C.uchar)(unsafe.Pointer(&seg.data[0])), C.size_t(len(seg.data)))) // want BS102
	}()
	binary.LittleEndian.PutUint32(seg.data[4:8], records)
	seg.data[8] = 1 // sealed flag
	return sum
}

// Describe computes the CRC in the background while this goroutine only reads
// the segment header: crc32c takes const memory, so two readers do not race.
func Describe(data []byte) (magic uint32, crc uint32) {
	sum := make(chan uint32, 1)
	go func() {
		sum <- uint32(C.crc32c(0, (*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(len(data))))
	}()
	magic = uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24
	return magic, <-sum
}

// VerifyHalves checks the two halves of a segment on two goroutines at once;
// both only read the segment.
func VerifyHalves(data []byte, want [2]uint32) bool {
	var got [2]uint32
	var wg sync.WaitGroup
	half := len(data) / 2
	wg.Add(2)
	go func() {
		defer wg.Done()
		got[0] = uint32(C.crc32c(0, (*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(half)))
	}()
	go func() {
		defer wg.Done()
		got[1] = uint32(C.crc32c(0, (*C.uchar)(unsafe.Pointer(&data[half])), C.size_t(len(data)-half)))
	}()
	wg.Wait()
	return got == want
}

// Obfuscate whitens a record in place on a worker goroutine while the caller
// logs the record's type byte: whiten writes, so the read races with it.
func Obfuscate(rec []byte, seed uint32, logf func(string, ...any)) {
	done := make(chan struct{})
	go func() {
		C.whiten((*C.uchar)(unsafe.Pointer(&rec[0])), C.size_t(len(rec)), C.uint32_t(seed)) // want BS102
		close(done)
	}()
	logf("obfuscating record of type %d", rec[0])
	<-done
}
