package blockpipe

// blockLen reads a block's length header.
func blockLen(src []byte) int {
	return int(src[0])
}

// Unpack expands a block; the assembly consumes src as it goes.
func Unpack(dst, src []byte) int {
	return unpack(dst, src[1:])
}
