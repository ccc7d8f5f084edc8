package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	xunix "golang.org/x/sys/unix"
)

const (
	workers = 4
	genOff  = workers * 8 // uint32 generation counter after the slots
	mapSize = genOff + 8
)

// Workers publish heartbeats into a file mapping that an external supervisor
// polls. All Go accesses to the mapping are atomic.
func main() {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "heartbeats.shm"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		panic(err)
	}
	if err := f.Truncate(mapSize); err != nil {
		panic(err)
	}
	mem, err := xunix.Mmap(int(f.Fd()), 0, mapSize, xunix.PROT_READ|xunix.PROT_WRITE, xunix.MAP_SHARED)
	f.Close()
	if err != nil {
		panic(err)
	}
	beats := unsafe.Slice((*int64)(unsafe.Pointer(&mem[0])), workers)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
				atomic.StoreInt64(&beats[id], time.Now().UnixNano())
				atomic.AddUint32((*uint32)(unsafe.Pointer(&mem[genOff])), 1)
			}
		}(w)
	}

	// Watchdog: flags workers whose heartbeat is older than 50ms.
	for round := 0; round < 5; round++ {
		time.Sleep(5 * time.Millisecond)
		now := time.Now().UnixNano()
		for id := 0; id < workers; id++ {
			if last := atomic.LoadInt64(&beats[id]); last != 0 && now-last > int64(50*time.Millisecond) {
				fmt.Println("worker stalled:", id)
			}
		}
		gen := atomic.LoadUint32((*uint32)(unsafe.Pointer(&mem[genOff])))
		fmt.Println("generation:", gen)
	}
	close(stop)
	wg.Wait()
	xunix.Munmap(mem)
}
