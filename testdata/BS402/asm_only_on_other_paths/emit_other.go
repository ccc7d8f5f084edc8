//go:build !amd64

package blockpack

func emitLiteral(dst, lit []byte) int {
	return copy(dst, lit)
}

func checksum(tmp *[256]uint32, src []byte) uint32 {
	var sum uint32
	for _, b := range src {
		tmp[b]++
		sum += tmp[b]
	}
	return sum
}

// encodeBlock is the portable encoder.
func encodeBlock(dst, src []byte) int {
	return encodePortable(dst, src)
}
