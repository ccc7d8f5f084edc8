package main

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

const (
	numSymbols = 256
	entrySize  = 32 // one length byte, then up to 31 name bytes
)

// symtab is a memory-mapped symbol table shared with the profiler's
// sampling process: entry i holds the name of function i.
type symtab struct {
	mem []byte
}

func mapSymtab() (*symtab, error) {
	mem, err := unix.Mmap(-1, 0, numSymbols*entrySize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_ANON)
	if err != nil {
		return nil, err
	}
	return &symtab{mem: mem}, nil
}

// writeEntry stores one length-prefixed name.
func writeEntry(mem []byte, i int, name string) {
	var entry [entrySize]byte
	if len(name) > entrySize-1 {
		name = name[:entrySize-1]
	}
	entry[0] = byte(len(name))
	copy(entry[1:], name)
	copy(mem[i*entrySize:(i+1)*entrySize], entry[:]) // want BS203
}

// reload rewrites the table after a hot patch; it runs on its own goroutine.
func (s *symtab) reload(names []string, done chan<- struct{}) {
	for i, name := range names {
		writeEntry(s.mem, i, name)
	}
	close(done)
}

// name returns entry i as a string that aliases the mapping: no copy.
func (s *symtab) name(i int) string {
	p := unsafe.Add(unsafe.Pointer(&s.mem[0]), i*entrySize)
	n := int(*(*byte)(p))
	return unsafe.String((*byte)(unsafe.Add(p, 1)), n)
}
