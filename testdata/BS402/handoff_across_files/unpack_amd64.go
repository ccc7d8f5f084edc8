package blockpipe

// unpack expands the block src into dst (unpack_amd64.s).
//
//go:noescape
func unpack(dst, src []byte) int
