package snapshot

// copyBlock copies src into dst, eight bytes at a time.
//
//go:noescape
func copyBlock(dst, src []byte)
