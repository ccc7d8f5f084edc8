//go:build amd64

package blockpack

// checksum counts src's bytes into the table tmp (checksum in emit_amd64.s): it indexes tmp
// with bytes it reads from src, and stores only into tmp.
//
//go:noescape
func checksum(tmp *[256]uint32, src []byte) uint32
