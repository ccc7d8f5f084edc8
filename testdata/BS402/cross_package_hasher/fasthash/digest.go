// Package fasthash is a fast non-cryptographic 512-bit hash for
// deduplication.
package fasthash

import "encoding/binary"

var iv = [8]uint64{
	0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
	0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
}

// Sum512 hashes data on the calling goroutine.
func Sum512(data []byte) [64]byte {
	state := iv
	full := len(data) &^ 63
	compress(&state, data[:full])
	var tail [64]byte
	copy(tail[:], data[full:])
	tail[63] = byte(len(data))
	compress(&state, tail[:])
	var out [64]byte
	for i, w := range state {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return out
}

// Async hashes blocks written to it on a background goroutine.
type Async struct {
	state   [8]uint64
	blocks  chan []byte
	flushed chan struct{}
}

// NewAsync starts the background hasher.
func NewAsync() *Async {
	a := &Async{state: iv, blocks: make(chan []byte, 64), flushed: make(chan struct{})}
	go a.absorb()
	return a
}

func (a *Async) absorb() {
	for blk := range a.blocks {
		if blk != nil {
			compress(&a.state, blk) // want BS402
			continue
		}
		// A nil block is a flush request: every block queued before it has
		// been compressed.
		a.flushed <- struct{}{}
	}
}

// Write queues whole blocks; the caller must not reuse p.
func (a *Async) Write(p []byte) {
	a.blocks <- p
}

// Peek returns the first state word without waiting for the queued blocks:
// it reads the state while absorb may be compressing into it.
func (a *Async) Peek() uint64 {
	return a.state[0]
}

// Sum waits until every queued block is absorbed, then reads the state.
func (a *Async) Sum() [64]byte {
	a.blocks <- nil
	<-a.flushed
	var out [64]byte
	for i := range a.state {
		binary.LittleEndian.PutUint64(out[8*i:], a.state[i])
	}
	return out
}
