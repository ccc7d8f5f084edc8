//go:build !amd64

package popcount

import "math/bits"

// countOnes is the portable fallback: plain Go, which -race instruments.
func countOnes(total *uint64, p []byte) {
	for _, b := range p {
		*total += uint64(bits.OnesCount8(b))
	}
}
