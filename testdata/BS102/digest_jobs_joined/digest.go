// Package digest hashes files' contents with the vendor's C implementation.
package digest

/*
#include <stddef.h>
#include <stdint.h>

// fnv1a_256 hashes p[0..n) into out[0..32) (four interleaved FNV-1a lanes).
static void fnv1a_256(const unsigned char *p, size_t n, unsigned char *out) {
	uint64_t lane[4] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull, 0x100000001b3ull, 0x1b3ull};
	for (size_t i = 0; i < n; i++) {
		lane[i & 3] = (lane[i & 3] ^ p[i]) * 0x100000001b3ull;
	}
	for (int i = 0; i < 32; i++) {
		out[i] = (unsigned char)(lane[i / 8] >> (8 * (i % 8)));
	}
}
*/
import "C"

import "unsafe"

// Sum is a 256-bit digest.
type Sum [32]byte

func hashInto(data []byte, out *Sum) {
	C.fnv1a_256((*C.uchar)(unsafe.SliceData(data)), C.size_t(len(data)), (*C.uchar)(unsafe.Pointer(&out[0])))
}

// Job hashes one buffer in the background. Wait blocks until Sum is ready.
type Job struct {
	data []byte
	sum  Sum
	done chan struct{}
}

// Start hashes data on a goroutine of its own.
func Start(data []byte) *Job {
	j := &Job{data: data, done: make(chan struct{})}
	go j.run()
	return j
}

func (j *Job) run() {
	defer close(j.done)
	C.fnv1a_256((*C.uchar)(unsafe.Pointer(&j.data[0])), C.size_t(len(j.data)), (*C.uchar)(unsafe.Pointer(&j.sum[0])))
}

// Wait blocks until the digest is computed.
func (j *Job) Wait() {
	<-j.done
}

// Result waits for the job and returns its digest.
func (j *Job) Result() Sum {
	j.Wait()
	var s Sum
	copy(s[:], j.sum[:])
	return s
}
