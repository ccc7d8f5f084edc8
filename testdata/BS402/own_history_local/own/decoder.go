//go:build amd64

// Package own decodes with the tables of a history. DecodeAll borrows a block from the
// decoder's free list and decodes with the history of the block's frame; the stream
// goroutine keeps a history of its own in a local variable, whose address goes only to
// the decoding helpers. The assembly that updates a borrowed frame's tables never touches
// the stream's history. Not a finding.
package own

type tables struct {
	state [4]uint64
	lit   *[256]byte
}

type history struct {
	dec    tables
	window int
}

type frame struct {
	hist history
}

type block struct {
	frame *frame
}

type Decoder struct {
	blocks chan *block
}

// NewDecoder lends out n blocks, each with the frame the caller keeps for it.
func NewDecoder(n int, frames map[int]*frame) *Decoder {
	d := &Decoder{blocks: make(chan *block, n)}
	for i := 0; i < n; i++ {
		d.blocks <- &block{frame: frames[i]}
	}
	return d
}

// DecodeAll decodes in with the history of a borrowed block's frame.
func (d *Decoder) DecodeAll(in []byte) uint64 {
	b := <-d.blocks
	defer func() {
		d.blocks <- b
	}()
	f := b.frame
	f.hist.window = len(in)
	return decodeWith(&f.hist, in)
}

// DecodeAsync decodes in on a goroutine.
func (d *Decoder) DecodeAsync(in []byte, out chan<- uint64) {
	go func() {
		out <- d.DecodeAll(in)
	}()
}

// Stream decodes ins on a goroutine, with a history of its own that starts from the
// tables of a borrowed block's frame.
func (d *Decoder) Stream(ins [][]byte, out chan<- uint64) {
	go func() {
		var hist history
		var sum uint64
		for _, in := range ins {
			b := <-d.blocks
			hist.dec = b.frame.hist.dec
			d.blocks <- b
			sum += decodeWith(&hist, in)
		}
		out <- sum
	}()
}

func decodeWith(h *history, in []byte) uint64 {
	h.reset(len(in))
	if h.dec.lit == nil {
		return 0
	}
	decodeSeq(&h.dec, in)
	return h.dec.first()
}

func (h *history) reset(window int) {
	h.window = window
}

func (t *tables) first() uint64 {
	return t.state[0]
}
