package segwriter

import "hash/crc32"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Fingerprint checksums a copy of rec in pure Go on the caller's goroutine.
func Fingerprint(rec []byte) uint32 {
	cp := append([]byte(nil), rec...)
	return crc32.Checksum(cp, castagnoli)
}
