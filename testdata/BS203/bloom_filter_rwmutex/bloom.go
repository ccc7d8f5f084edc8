package main

import (
	"hash/fnv"
	"os"
	"sync"
	"syscall"
)

// bloom is a Bloom filter persisted in a shared file mapping. Writers take
// the write lock, readers the read lock.
type bloom struct {
	mu   sync.RWMutex
	bits []byte
	k    int
}

func openBloom(path string, size int) (*bloom, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := f.Truncate(int64(size)); err != nil {
		return nil, err
	}
	bits, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &bloom{bits: bits, k: 3}, nil
}

func probe(key string, i, nbits int) int {
	h := fnv.New64a()
	h.Write([]byte{byte(i)})
	h.Write([]byte(key))
	return int(h.Sum64() % uint64(nbits))
}

func (b *bloom) Add(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < b.k; i++ {
		p := probe(key, i, len(b.bits)*8)
		b.bits[p/8] |= 1 << (p % 8)
	}
}

func (b *bloom) MayContain(key string) bool {
	found := true
	b.mu.RLock()
	for i := 0; i < b.k && found; i++ {
		p := probe(key, i, len(b.bits)*8)
		found = b.bits[p/8]&(1<<(p%8)) != 0
	}
	b.mu.RUnlock()
	return found
}

// preload runs on its own goroutine at start-up.
func (b *bloom) preload(keys []string, done chan<- struct{}) {
	for _, k := range keys {
		b.Add(k)
	}
	close(done)
}

func (b *bloom) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return syscall.Munmap(b.bits)
}
