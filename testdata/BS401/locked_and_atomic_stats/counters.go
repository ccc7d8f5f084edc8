package main

import (
	"sync/atomic"
	"time"
)

// served and lastNanos are only ever touched through sync/atomic, inside and
// outside the //go:norace hot path (-race still sees atomic operations).
var (
	served    uint64
	lastNanos int64
)

//go:norace
func markServed(now time.Time) {
	atomic.AddUint64(&served, 1)
	atomic.StoreInt64(&lastNanos, now.UnixNano())
}

func servedSince() (uint64, time.Time) {
	return atomic.LoadUint64(&served), time.Unix(0, atomic.LoadInt64(&lastNanos))
}
