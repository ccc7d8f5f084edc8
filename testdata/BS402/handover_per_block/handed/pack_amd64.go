//go:build amd64

package handed

// packBlock copies src into dst in assembly and returns the size written.
//
//go:noescape
func packBlock(dst, src []byte) int
