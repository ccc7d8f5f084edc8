// Package blockpack compresses blocks on goroutines. emitLiteral is assembly on amd64 and Go
// elsewhere; the portable encoders encodePortable and encodeGo call it.
//
// Pack's goroutines reach encodePortable only through the !amd64 encodeBlock, where
// emitLiteral is Go, which -race instruments: no build runs the assembly on their shared
// scratch buffer, so that is not a finding (a build that checked constraints file by file,
// not along the calls, joined the amd64 assembly to the !amd64 path). Salvage's goroutines
// call encodeGo directly, in every build, amd64 included: their shared buffer is a finding.
//
// Sum's goroutines hand the shared input to checksum, whose assembly reads it and indexes
// its own table with the bytes it reads (`(AX)(SI*4)`): it stores only into the table, so
// reading the input beside it is no race.
package blockpack

import "sync"

func encodePortable(dst, src []byte) int {
	n := 0
	for len(src) > 0 {
		lit := src
		if len(lit) > 60 {
			lit = lit[:60]
		}
		n += emitLiteral(dst[n:], lit)
		src = src[len(lit):]
	}
	return n
}

// encodeGo emits src as literals of at most 16 bytes.
func encodeGo(dst, src []byte) int {
	n := 0
	for i := 0; i < len(src); i += 16 {
		n += emitLiteral(dst[n:], src[i:min(i+16, len(src))]) // want BS402
	}
	return n
}

// Pack encodes each block into a shared scratch buffer (a Go race on amd64, where
// encodeBlock copies, which -race sees) and reports the first byte.
func Pack(blocks [][]byte) []byte {
	scratch := make([]byte, 1<<16)
	firsts := make([]byte, len(blocks))
	var wg sync.WaitGroup
	for i, b := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			encodeBlock(scratch, b)
			firsts[i] = scratch[0]
		}()
	}
	wg.Wait()
	return firsts
}

// Salvage re-encodes damaged blocks with the portable encoder on every platform.
func Salvage(blocks [][]byte) []byte {
	spare := make([]byte, 1<<16)
	firsts := make([]byte, len(blocks))
	var wg sync.WaitGroup
	for i, b := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			encodeGo(spare, b)
			firsts[i] = spare[0]
		}()
	}
	wg.Wait()
	return firsts
}

// Sum checksums the same input on several goroutines, each with its own table.
func Sum(input []byte, rounds int) []uint32 {
	sums := make([]uint32, rounds)
	var wg sync.WaitGroup
	for r := 0; r < rounds; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tmp [256]uint32
			sums[r] = checksum(&tmp, input) + uint32(input[0])
		}()
	}
	wg.Wait()
	return sums
}
