package main

// #include <stdlib.h>
import "C"

import (
	"fmt"
	"hash/crc32"
	"sync"
	"unsafe"
)

const (
	blockOK      = 1
	blockCorrupt = 2
)

// verifyBlocks marks each block in a C status array that the repair tool
// (C code) scans. Goroutines capture the per-iteration loop variable (Go
// 1.22 semantics), so each one writes its own element.
func verifyBlocks(blocks [][]byte, want []uint32) int {
	n := len(blocks)
	status := (*[1 << 16]byte)(C.calloc(C.size_t(n), 1))[:n:n]

	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if crc32.ChecksumIEEE(blocks[i]) == want[i] {
				status[i] = blockOK
			} else {
				status[i] = blockCorrupt
			}
		}()
	}
	wg.Wait()

	bad := 0
	for i, s := range status {
		if s == blockCorrupt {
			fmt.Println("corrupt block", i)
			bad++
		}
	}
	C.free(unsafe.Pointer(&status[0]))
	return bad
}
