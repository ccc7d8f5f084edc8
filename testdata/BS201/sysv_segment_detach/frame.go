//go:build linux && amd64

// Package framegrab keeps captured frames in System V shared memory segments that a
// capture server fills. The segments are attached with a raw shmat(2) and detached with a
// raw shmdt(2) on a cleanup goroutine once the last upload is done: the kernel is handed
// the address of a mapping, never Go memory, so BS201 has nothing to say.
package framegrab

import (
	"errors"
	"sync"
	"syscall"
	"unsafe"
)

const maxFrame = 1 << 30

type Frame struct {
	addr unsafe.Pointer
	pix  []byte

	mu       sync.Mutex
	inFlight int
	released bool
}

func attach(size int) (unsafe.Pointer, error) {
	id, _, errno := syscall.RawSyscall(syscall.SYS_SHMGET, 0, uintptr(size), 0o600)
	if errno != 0 {
		return nil, errno
	}
	p, _, errno := syscall.RawSyscall(syscall.SYS_SHMAT, id, 0, 0)
	if errno != 0 {
		return nil, errno
	}
	return unsafe.Pointer(p), nil
}

func detach(p unsafe.Pointer) error {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SHMDT, uintptr(p), 0, 0); errno != 0 {
		return errno
	}
	return nil
}

// NewFrame attaches a segment and views it as bytes: slicing through the array pointer
// computes an address and reads nothing.
func NewFrame(w, h int) (*Frame, error) {
	n := 4 * w * h
	if n <= 0 || n > maxFrame {
		return nil, errors.New("framegrab: bad size")
	}
	addr, err := attach(n)
	if err != nil {
		return nil, err
	}
	a := (*[maxFrame]byte)(addr)
	f := &Frame{addr: addr}
	f.pix = (*a)[:n:n]
	return f, nil
}

func (f *Frame) BeginUpload() {
	f.mu.Lock()
	f.inFlight++
	f.mu.Unlock()
}

func (f *Frame) EndUpload() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inFlight--
	if f.inFlight == 0 && f.released {
		go f.cleanUp()
	}
}

func (f *Frame) Release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.released && f.inFlight == 0 {
		go f.cleanUp()
	}
	f.released = true
}

func (f *Frame) cleanUp() {
	_ = detach(f.addr)
}
