package main

import "time"

// The functions in this file race on purpose, but the race detector
// instruments every one of them, so `go test -race` reports the races: none
// is a blind spot.

var (
	lastSeen  int64
	lastHash  uint32
	beatCount int
)

// touch records activity. The line above func has a space after the
// slashes, which makes it an ordinary comment and not a directive.
//
// go:norace
func touch(now time.Time) {
	lastSeen = now.UnixNano()
}

// beat only carries a different directive.
//
//go:noinline
func beat() {
	beatCount++
}

// fingerprint is //go:norace, but it only reads its argument and its own
// locals; the directive does not reach recordHash below it.
//
//go:norace
func fingerprint(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

func recordHash(b []byte) {
	lastHash = fingerprint(b)
}
