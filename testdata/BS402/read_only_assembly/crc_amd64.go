package framecheck

// crc32c folds p into a checksum (crc_amd64.s). It only loads from p.
//
//go:noescape
func crc32c(seed uint32, p []byte) uint32

// scrub overwrites p with zeros (crc_amd64.s).
//
//go:noescape
func scrub(p []byte)
