package main

import (
	"fmt"
	"sync"
	"time"
	"unsafe"

	. "golang.org/x/sys/unix"
)

const (
	statAccepted = iota
	statRejected
	statBytes
	numStats
)

func main() {
	// A shared anonymous page: a forked log shipper reads the same stats.
	page, err := Mmap(-1, 0, Getpagesize(), PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANON)
	if err != nil {
		panic(err)
	}
	stats := (*[numStats]uint64)(unsafe.Pointer(&page[0]))

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // accept loop
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			stats[statAccepted]++ // want BS203
		}
	}()
	go func() { // exporter
		defer wg.Done()
		for i := 0; i < 5; i++ {
			fmt.Printf("accepted=%d rejected=%d\n", stats[statAccepted], stats[statRejected])
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()

	if err := Munmap(page); err != nil {
		panic(err)
	}
}
