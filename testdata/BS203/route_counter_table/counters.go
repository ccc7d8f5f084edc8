package main

import (
	"hash/fnv"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

const numCounters = 512

// counterFile is a table of hit counters in a file mapping that the
// monitoring sidecar maps as well.
type counterFile struct {
	mem  []byte
	hits []uint64
}

func openCounters(path string) (*counterFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := f.Truncate(numCounters * 8); err != nil {
		return nil, err
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, numCounters*8, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	hits := unsafe.Slice((*uint64)(unsafe.Pointer(&mem[0])), numCounters)
	return &counterFile{mem: mem, hits: hits}, nil
}

func (c *counterFile) Close() error {
	return unix.Munmap(c.mem)
}

func routeSlot(route string) int {
	h := fnv.New32a()
	h.Write([]byte(route))
	return int(h.Sum32() % numCounters)
}
