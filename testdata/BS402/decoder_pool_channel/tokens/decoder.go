//go:build amd64

// Package tokens hands out decoders over a channel whose tokens are all one decoder: taking
// a token from it gives nothing of one's own.
package tokens

import "sync"

type blockDec struct {
	scratch [256]byte
	hist    []byte
}

func newBlockDec() *blockDec {
	return &blockDec{hist: make([]byte, 0, 1024)}
}

type Decoder struct {
	shared chan *blockDec
}

// NewDecoder fills the channel with n tokens that are all one decoder.
func NewDecoder(n int) *Decoder {
	d := &Decoder{shared: make(chan *blockDec, n)}
	one := newBlockDec()
	for i := 0; i < n; i++ {
		d.shared <- one
	}
	return d
}

// DecodeShared borrows from the channel whose tokens are all the same decoder: two calls
// at once decode into one scratch space.
func (d *Decoder) DecodeShared(src []byte) int {
	b := <-d.shared
	defer func() { d.shared <- b }()
	n := unpack(&b.scratch, src) // want BS402
	b.hist = append(b.hist[:0], b.scratch[:n]...)
	return n
}

// DecodeParallel decodes every block on a goroutine of its own.
func (d *Decoder) DecodeParallel(blocks [][]byte) {
	var wg sync.WaitGroup
	for _, blk := range blocks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.DecodeShared(blk)
		}()
	}
	wg.Wait()
}
