//go:build amd64

package keystream

// chachaBlock writes the keystream block for counter into out.
//
//go:noescape
func chachaBlock(out *[64]byte, key *[32]byte, counter uint32)
