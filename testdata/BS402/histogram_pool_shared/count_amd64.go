//go:build amd64

package histo

// countBytes adds the occurrences of each byte value in p to counts. It is
// implemented with AVX2 gathers in count_amd64.s.
//
//go:noescape
func countBytes(counts []uint32, p []byte)

// accumulate folds one chunk into the histogram.
func accumulate(h *Histogram, chunk []byte) {
	countBytes(h.counts[:], chunk) // want BS402
}
