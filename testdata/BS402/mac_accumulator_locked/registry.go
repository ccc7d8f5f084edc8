package macacc

import "sync"

// Channel is the control channel of a stream. Its embedded RWMutex guards key
// and tag: readers take the read lock, rekeying takes the write lock.
type Channel struct {
	sync.RWMutex
	key [2]uint64
	pad [2]uint64
	tag [16]byte
}

// Rekey installs a new key and re-derives the channel tag from header.
func (c *Channel) Rekey(r, s [2]uint64, header []byte) {
	c.Lock()
	defer c.Unlock()
	c.key, c.pad = r, s
	var h [3]uint64
	polyBlocks(&h, &c.key, header)
	foldTag(&c.tag, &h, &c.pad)
}

// Tag returns a copy of the current channel tag.
func (c *Channel) Tag() [16]byte {
	var t [16]byte
	c.RLock()
	copy(t[:], c.tag[:])
	c.RUnlock()
	return t
}

// Rotate rekeys the channel in the background while Tag keeps serving
// readers; done is closed when the rotation is over.
func Rotate(c *Channel, keys [][2][2]uint64, header []byte) (done chan struct{}) {
	done = make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			c.Rekey(k[0], k[1], header)
		}
	}()
	return done
}
