package chunkhash

// sum256 hashes p into out (SHA-NI, sum_amd64.s).
//
//go:noescape
func sum256(out *[32]byte, p []byte)

// fillRandom fills p with RDRAND output.
//
//go:noescape
func fillRandom(p []byte)
