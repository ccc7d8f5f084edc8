package main

import (
	"fmt"
	"syscall"
)

const regionSize = 1 << 16

// The snapshot region is an anonymous mapping (it is later handed to a
// forked compressor). The header is written before any goroutine exists,
// one goroutine scrambles the body, and the caller reads the region again
// only after receiving the digest.
func main() {
	mem, err := syscall.Mmap(-1, 0, regionSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_SHARED)
	if err != nil {
		panic(err)
	}
	copy(mem, "SNAP0001")
	for i := 8; i < len(mem); i++ {
		mem[i] = byte(i * 31)
	}

	digest := make(chan uint64)
	go func() {
		var h uint64
		for i, b := range mem[8:] {
			h = h*131 + uint64(b)
			mem[8+i] = b ^ 0x5a
		}
		digest <- h
	}()
	h := <-digest

	magic := make([]byte, 8)
	copy(magic, mem[:8])
	fmt.Printf("%s digest %016x first body byte %#x\n", magic, h, mem[8])

	lo, hi, err := splitEncode(mem[8:])
	if err != nil {
		panic(err)
	}
	fmt.Println("halves encoded:", lo, hi)

	debugDump(mem)
	syscall.Munmap(mem)
}
