package main

import (
	"hash/crc32"
	"os"
	"syscall"
	"unsafe"
)

// keyIndex maps key buckets to record offsets in the data file. The bucket
// array is a shared file mapping so that restarts need no rebuild.
type keyIndex struct {
	mem     []byte
	buckets []uint32
}

func openIndex(path string, nbuckets int) (*keyIndex, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := nbuckets * 4
	if err := f.Truncate(int64(size)); err != nil {
		return nil, err
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	b := unsafe.Slice((*uint32)(unsafe.Pointer(&mem[0])), nbuckets)
	return &keyIndex{mem: mem, buckets: b}, nil
}

// compact clears buckets that point at deleted records. It is started as a
// goroutine and reports how many buckets it dropped.
func (ix *keyIndex) compact(deleted map[uint32]bool, done chan<- int) {
	dropped := 0
	for b, off := range ix.buckets {
		if off != 0 && deleted[off] {
			ix.buckets[b] = 0 // want BS203
			dropped++
		}
	}
	done <- dropped
}

// Lookup serves reads; the server keeps calling it during compaction.
func (ix *keyIndex) Lookup(key string) (uint32, bool) {
	b := crc32.ChecksumIEEE([]byte(key)) % uint32(len(ix.buckets))
	off := ix.buckets[b]
	return off, off != 0
}
