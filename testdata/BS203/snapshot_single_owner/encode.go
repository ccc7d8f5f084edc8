package main

import (
	"fmt"
	"syscall"

	"golang.org/x/sync/errgroup"
)

// splitEncode run-length encodes both halves into two scratch mappings,
// each written by one errgroup goroutine and read after g.Wait.
func splitEncode(body []byte) (int, int, error) {
	half := len(body) / 2
	lo, err := syscall.Mmap(-1, 0, 2*half, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return 0, 0, err
	}
	hi, err := syscall.Mmap(-1, 0, 2*half, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return 0, 0, err
	}
	var nlo, nhi int
	var g errgroup.Group
	g.Go(func() error { nlo = rle(lo, body[:half]); return nil })
	g.Go(func() error { nhi = rle(hi, body[half:]); return nil })
	if err := g.Wait(); err != nil {
		return 0, 0, err
	}
	fmt.Printf("first runs: %d/%d\n", lo[0], hi[0])
	syscall.Munmap(lo)
	syscall.Munmap(hi)
	return nlo, nhi, nil
}

func rle(dst, src []byte) int {
	n := 0
	for i := 0; i < len(src); {
		j := i
		for j < len(src) && j-i < 255 && src[j] == src[i] {
			j++
		}
		dst[n], dst[n+1] = byte(j-i), src[i]
		n += 2
		i = j
	}
	return n
}

// debugDump copies the header into Go memory; the copy, not the mapping, is
// what the two goroutines below race on, and -race reports that itself.
func debugDump(mem []byte) {
	hdr := make([]byte, 8)
	copy(hdr, mem[:8])
	done := make(chan struct{})
	go func() {
		hdr[0] = 's'
		close(done)
	}()
	hdr[1] = 'n'
	<-done
	fmt.Printf("header copy: %q\n", hdr)
}
