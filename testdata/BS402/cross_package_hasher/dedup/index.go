// Package dedup finds duplicate chunks in a backup stream.
package dedup

import (
	"log"

	"example.com/dedup/fasthash"
)

// Index maps chunk digests to their first offset.
type Index map[[64]byte]int64

// Add hashes a small chunk synchronously.
func (ix Index) Add(chunk []byte, off int64) bool {
	d := fasthash.Sum512(chunk)
	if _, dup := ix[d]; dup {
		return true
	}
	ix[d] = off
	return false
}

// AddStream hashes a long stream in the background while it is read, logging
// a progress fingerprint on the way.
func (ix Index) AddStream(blocks [][]byte, off int64) bool {
	h := fasthash.NewAsync()
	for i, b := range blocks {
		h.Write(b)
		if i%1024 == 0 {
			log.Printf("dedup: block %d, state %#x", i, h.Peek())
		}
	}
	d := h.Sum()
	if _, dup := ix[d]; dup {
		return true
	}
	ix[d] = off
	return false
}
