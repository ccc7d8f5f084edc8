package main

/*
#cgo LDFLAGS: -lpthread
#include "store.h"
*/
import "C"

import "sync"

const (
	maxRecent = 8
	logWarn   = int(C.STORE_LOG_WARN)
)

// The store's log lines and compaction results. Its threads call the hooks
// below concurrently, and the status page reads the same state: everything
// here is guarded by mu.
var (
	mu          sync.Mutex
	recent      []string
	byLevel     = map[int]int{}
	keptByShard = map[int]int{}
)

//export goStoreLog
func goStoreLog(level C.int, msg *C.char) {
	line := C.GoString(msg)
	mu.Lock()
	defer mu.Unlock()
	byLevel[int(level)]++
	remember(line)
}

// remember keeps the last maxRecent log lines. The caller holds mu.
func remember(line string) {
	recent = append(recent, line)
	if len(recent) > maxRecent {
		recent = recent[len(recent)-maxRecent:]
	}
}

//export goOnShardCompacted
func goOnShardCompacted(shard, live C.int) {
	mu.Lock()
	noteShard(int(shard), int(live))
	mu.Unlock()
}

// noteShard records a compaction result. The caller holds mu.
func noteShard(shard, live int) {
	keptByShard[shard] = live
}

func compact(shards int) {
	C.store_compact(C.int(shards))
}
