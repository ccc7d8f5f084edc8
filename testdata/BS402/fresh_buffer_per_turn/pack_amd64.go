package blockenc

// pack compresses src into dst and returns the length written (pack_amd64.s).
//
//go:noescape
func pack(dst, src []byte) int
