package main

// #include <stdlib.h>
import "C"

import (
	"strings"
	"sync"
	"unsafe"
)

// mailbox is a ring of fixed-size message slots in C memory, polled by a C
// plugin. Every Go access goes through the embedded mutex.
type mailbox struct {
	sync.Mutex
	slots []byte
	size  int
	next  int
}

func openMailbox(count, size int) *mailbox {
	p := C.calloc(C.size_t(count), C.size_t(size))
	return &mailbox{slots: unsafe.Slice((*byte)(p), count*size), size: size}
}

func (m *mailbox) post(msg string) {
	m.Lock()
	defer m.Unlock()
	off := m.next * m.size
	slot := m.slots[off : off+m.size]
	n := copy(slot, msg)
	for i := n; i < len(slot); i++ {
		slot[i] = 0
	}
	m.next = (m.next + 1) % (len(m.slots) / m.size)
}

func (m *mailbox) peek(i int) string {
	m.Lock()
	defer m.Unlock()
	slot := m.slots[i*m.size : (i+1)*m.size]
	return strings.TrimRight(string(slot), "\x00")
}

// deliver runs on its own goroutine and posts heartbeat messages.
func (m *mailbox) deliver(count int, done chan<- struct{}) {
	for i := 0; i < count; i++ {
		m.post("heartbeat")
	}
	close(done)
}

func (m *mailbox) close() {
	m.Lock()
	defer m.Unlock()
	C.free(unsafe.Pointer(&m.slots[0]))
	m.slots = nil
}
