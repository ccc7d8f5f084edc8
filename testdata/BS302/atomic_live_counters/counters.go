package main

import (
	"runtime"
	"sync/atomic"
)

// liveSockets and liveArenas are only touched through sync/atomic, by the
// constructors, by the finalizers and by the metrics reporter.
var (
	liveSockets int64
	liveArenas  atomic.Int64
)

type socket struct {
	fd   int
	peer string
}

func newSocket(fd int, peer string) *socket {
	atomic.AddInt64(&liveSockets, 1)
	s := &socket{fd: fd, peer: peer}
	runtime.SetFinalizer(s, func(s *socket) {
		atomic.AddInt64(&liveSockets, -1)
	})
	return s
}

type arena struct {
	buf []byte
	off int
}

func newArena(n int) *arena {
	liveArenas.Add(1)
	a := &arena{buf: make([]byte, n)}
	runtime.SetFinalizer(a, func(*arena) { liveArenas.Add(-1) })
	return a
}

func liveCounts() (sockets, arenas int64) {
	return atomic.LoadInt64(&liveSockets), liveArenas.Load()
}
