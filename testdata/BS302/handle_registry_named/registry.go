package main

import (
	"errors"
	"runtime"
	"sync/atomic"
	"time"
)

// entry describes an open handle for the debug endpoint. It does not point
// back at the handle, so the registry does not keep handles alive.
type entry struct {
	path   string
	size   int
	opened time.Time
}

// registry lists every handle that is still open. releaseHandle runs on the
// finalizer goroutine and forgets the handle there, while the debug server
// looks handles up from its own goroutines.
var (
	registry = map[uint64]entry{}
	nextID   atomic.Uint64
)

var errClosed = errors.New("handle already closed")

type handle struct {
	id   uint64
	path string
	buf  []byte
}

func openHandle(path string, size int) *handle {
	h := &handle{id: nextID.Add(1), path: path, buf: make([]byte, size)}
	registry[h.id] = entry{path: path, size: size, opened: time.Now()}
	runtime.SetFinalizer(h, releaseHandle)
	return h
}

// releaseHandle is the finalizer of every handle, and also does the work of
// an explicit Close.
func releaseHandle(h *handle) {
	delete(registry, h.id) // want BS302
	h.buf = nil
}

func (h *handle) Close() error {
	if h.buf == nil {
		return errClosed
	}
	runtime.SetFinalizer(h, nil)
	releaseHandle(h)
	return nil
}

// Lookup is called by the debug server for /handles/{id}.
func Lookup(id uint64) (entry, bool) {
	e, ok := registry[id]
	return e, ok
}
