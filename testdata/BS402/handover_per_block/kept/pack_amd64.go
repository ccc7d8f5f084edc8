//go:build amd64

package kept

// packBlock copies src into dst in assembly and returns the size written.
//
//go:noescape
func packBlock(dst, src []byte) int
