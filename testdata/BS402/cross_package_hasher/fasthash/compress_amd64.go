package fasthash

// compress absorbs whole 64-byte blocks into state (AVX2, compress_amd64.s).
//
//go:noescape
func compress(state *[8]uint64, blocks []byte)
