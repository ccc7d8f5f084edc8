package main

import (
	"hash/crc32"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

const pageSize = 4096

// sealPages writes one CRC per data page into a separate sidecar mapping.
// Each goroutine writes only the element of its own page parameter; the
// caller reads the table after wg.Wait.
func sealPages(data []byte, sidecar int) ([]uint32, error) {
	pages := len(data) / pageSize
	mem, err := unix.Mmap(sidecar, 0, pages*4, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	sums := unsafe.Slice((*uint32)(unsafe.Pointer(&mem[0])), pages)

	var wg sync.WaitGroup
	for p := 0; p < pages; p++ {
		wg.Add(1)
		go func(page int) {
			defer wg.Done()
			sums[page] = crc32.ChecksumIEEE(data[page*pageSize : (page+1)*pageSize])
		}(p)
	}
	wg.Wait()
	return sums, nil
}

// markEmpty flags all-zero pages in a mapped bitmap byte per page. The
// closures capture the per-iteration loop variable (Go 1.22 semantics).
func markEmpty(data []byte, flags []byte) {
	var wg sync.WaitGroup
	for i := 0; i < len(flags); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			flags[i] = 1
			for _, b := range data[i*pageSize : (i+1)*pageSize] {
				if b != 0 {
					flags[i] = 0
					break
				}
			}
		}()
	}
	wg.Wait()
}
