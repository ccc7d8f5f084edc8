package blockenc

// EncodeAll gives each goroutine a block copied into a buffer made in its own turn of
// the loop, filled before the go statement: each goroutine has its own, nothing is shared.
func EncodeAll(blocks [][]byte, out chan []byte) {
	for _, b := range blocks {
		in := make([]byte, len(b))
		copy(in, b)
		go func() {
			dst := make([]byte, 2*len(in))
			out <- dst[:pack(dst, in)]
		}()
	}
}

// EncodeReused fills one scratch buffer, made once before the loop, while the goroutines
// of earlier turns are still packing it.
func EncodeReused(blocks [][]byte, out chan []byte) {
	scratch := make([]byte, 1<<16)
	for _, b := range blocks {
		copy(scratch, b)
		go func() {
			dst := make([]byte, 1<<17)
			out <- dst[:pack(dst, scratch[:len(b)])] // want BS402
		}()
	}
}

// EncodeThenClear makes a fresh buffer per turn but clears it after the go statement,
// while its goroutine may still be packing it.
func EncodeThenClear(blocks [][]byte, out chan []byte) {
	for _, b := range blocks {
		in := make([]byte, len(b))
		copy(in, b)
		go func() {
			dst := make([]byte, 2*len(in))
			out <- dst[:pack(dst, in)] // want BS402
		}()
		clear(in)
	}
}
