//go:build amd64

// Package keystream generates a ChaCha-style keystream ahead of time, so that
// XORing a message never waits for the block function.
package keystream

// Stream buffers one keystream block. refill runs on its own goroutine and
// keeps the block topped up.
type Stream struct {
	key    [32]byte
	block  [64]byte
	used   int
	ctr    uint32
	wanted chan struct{}
}

// New starts the keystream for key.
func New(key [32]byte) *Stream {
	s := &Stream{key: key, used: 64, wanted: make(chan struct{}, 1)}
	go s.refill()
	return s
}

// refill computes the next block whenever XORKeyStream asks for one. The
// request is only a wake-up: the block is written while the consumer may
// still be reading the previous one.
func (s *Stream) refill() {
	for range s.wanted {
		chachaBlock(&s.block, &s.key, s.ctr) // want BS402
		s.ctr++
	}
}

// XORKeyStream XORs src with the keystream into dst.
func (s *Stream) XORKeyStream(dst, src []byte) {
	for i := range src {
		if s.used == len(s.block) {
			s.wanted <- struct{}{}
			s.used = 0
		}
		dst[i] = src[i] ^ s.block[s.used]
		s.used++
	}
}
