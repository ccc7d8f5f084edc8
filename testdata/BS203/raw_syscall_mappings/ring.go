//go:build linux && amd64

// Package telemetry maps its counters with raw system calls instead of syscall.Mmap: an
// anonymous shared page from mmap(2), and a System V segment from shmat(2) that a sidecar
// attaches too. The first result of such a call is the address of a mapping, which the
// race detector does not see.
package telemetry

import (
	"sync"
	"syscall"
	"unsafe"
)

const pageSize = 4096

func mapPage() *[pageSize / 8]uint64 {
	p, _, errno := syscall.Syscall6(syscall.SYS_MMAP, 0, pageSize,
		syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED|syscall.MAP_ANONYMOUS, ^uintptr(0), 0)
	if errno != 0 {
		panic(errno)
	}
	return (*[pageSize / 8]uint64)(unsafe.Pointer(p))
}

func attachSegment(id uintptr) []uint32 {
	p, _, errno := syscall.RawSyscall(syscall.SYS_SHMAT, id, 0, 0)
	if errno != 0 {
		panic(errno)
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(p)), 64)
}

// Count runs one goroutine per worker on the shared page; the reporter reads the totals
// while they still run.
func Count(workers int, report func(uint64)) {
	page := mapPage()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			page[0]++ // want BS203
		}()
	}
	report(page[0])
	wg.Wait()
}

// Publish writes the sidecar's segment from a goroutine while the caller reads it.
func Publish(id uintptr, seq uint32) uint32 {
	seg := attachSegment(id)
	done := make(chan struct{})
	go func() {
		seg[1] = seq // want BS203
		close(done)
	}()
	last := seg[1]
	<-done
	return last
}
