//go:build amd64

// Package borrowed decodes blocks with block decoders borrowed from a pool channel: a
// decoder taken from the channel belongs to its taker until it is sent back, so calls
// running at once each work in a decoder of their own.
package borrowed

import "sync"

type blockDec struct {
	scratch [256]byte
	hist    []byte
}

func newBlockDec() *blockDec {
	return &blockDec{hist: make([]byte, 0, 1024)}
}

// decode unpacks src into the decoder's scratch space (in assembly) and keeps it.
func (b *blockDec) decode(src []byte) int {
	n := unpack(&b.scratch, src)
	b.hist = append(b.hist[:0], b.scratch[:n]...)
	return n
}

type Decoder struct {
	free chan *blockDec
}

// NewDecoder fills the pool with n decoders, each made for its own send.
func NewDecoder(n int) *Decoder {
	d := &Decoder{free: make(chan *blockDec, n)}
	for i := 0; i < n; i++ {
		d.free <- newBlockDec()
	}
	return d
}

// DecodeAll may be called concurrently: each call borrows a decoder and sends it back
// when done. Not a race.
func (d *Decoder) DecodeAll(src []byte) int {
	b := <-d.free
	defer func() { d.free <- b }()
	return b.decode(src)
}

// DecodeParallel decodes every block on a goroutine of its own.
func (d *Decoder) DecodeParallel(blocks [][]byte, shared bool) {
	var wg sync.WaitGroup
	for _, blk := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.DecodeAll(blk)
		}()
	}
	wg.Wait()
}
