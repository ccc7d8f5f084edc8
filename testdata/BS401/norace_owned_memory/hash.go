package main

// Hot-path helpers marked //go:norace. They only touch their own locals and
// the memory their caller passes in; every caller below owns that memory.

//go:norace
func fnv64(key []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range key {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

//go:norace
func putUvarint(dst []byte, v uint64) int {
	i := 0
	for v >= 0x80 {
		dst[i] = byte(v) | 0x80
		v >>= 7
		i++
	}
	dst[i] = byte(v)
	return i + 1
}

//go:norace
func shardOf(key []byte, shards int) int {
	var scratch [8]byte
	n := putUvarint(scratch[:], fnv64(key))
	return int(scratch[n-1]) % shards
}
