package main

import (
	"runtime"
	"sync"
)

// thumbCache remembers which thumbnails are still referenced somewhere; the
// cleanup of a thumbnail forgets it under the cache's own mutex.
type thumbCache struct {
	mu      sync.Mutex
	entries map[string]int
	evicted int
}

type thumbnail struct {
	key    string
	pixels []byte
}

func (c *thumbCache) add(key string, pixels []byte) *thumbnail {
	t := &thumbnail{key: key, pixels: pixels}
	c.mu.Lock()
	c.entries[key] = len(pixels)
	c.mu.Unlock()
	runtime.AddCleanup(t, func(key string) {
		c.mu.Lock()
		delete(c.entries, key)
		c.evicted++
		c.mu.Unlock()
	}, key)
	return t
}

func (c *thumbCache) bytes() (total, evicted int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.entries {
		total += n
	}
	return total, c.evicted
}
