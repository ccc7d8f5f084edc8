//go:build amd64

package own

// decodeSeq decodes src with the tables in s, updating their state, in assembly.
//
//go:noescape
func decodeSeq(s *tables, src []byte) int
