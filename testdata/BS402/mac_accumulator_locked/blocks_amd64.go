package macacc

// polyBlocks absorbs the 16-byte blocks of msg into the accumulator h using
// the clamped key r (MULX, blocks_amd64.s).
//
//go:noescape
func polyBlocks(h *[3]uint64, r *[2]uint64, msg []byte)

// foldTag writes the final tag for accumulator h and pad s into out.
//
//go:noescape
func foldTag(out *[16]byte, h *[3]uint64, s *[2]uint64)
