package main

import (
	"fmt"

	"golang.org/x/sys/unix"
)

const (
	segSize   = 1 << 16
	hdrSize   = 16
	stateSent = 'U'
)

// segment is one mapped spill segment. Ownership travels with the pointer:
// whoever received the segment last is its only user.
type segment struct {
	seq  int
	mem  []byte
	used int
}

func newSegment(seq int) (*segment, error) {
	mem, err := unix.Mmap(-1, 0, segSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	return &segment{seq: seq, mem: mem}, nil
}

// uploader is the single consumer: it checksums each segment, marks it sent
// and unmaps it.
func uploader(in <-chan *segment, done chan<- uint32) {
	var total uint32
	for s := range in {
		total += sum(s.mem[:s.used])
		s.mem[0] = stateSent
		fmt.Printf("segment %d uploaded (%d bytes)\n", s.seq, s.used)
		unix.Munmap(s.mem)
	}
	done <- total
}

func sum(b []byte) uint32 {
	var h uint32
	for _, c := range b {
		h = h*31 + uint32(c)
	}
	return h
}
