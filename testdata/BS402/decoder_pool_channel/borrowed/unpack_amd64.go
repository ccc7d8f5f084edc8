//go:build amd64

package borrowed

// unpack decodes src into dst in assembly and returns the bytes written.
//
//go:noescape
func unpack(dst *[256]byte, src []byte) int
