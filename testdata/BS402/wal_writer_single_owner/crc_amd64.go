package wal

// crc32cUpdate continues the Castagnoli CRC crc over p (SSE4.2 CRC32,
// crc_amd64.s).
//
//go:noescape
func crc32cUpdate(crc uint32, p []byte) uint32

// memclr zeroes p with non-temporal stores.
//
//go:noescape
func memclr(p []byte)
