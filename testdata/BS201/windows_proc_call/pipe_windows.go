// Package winio reads a named pipe through kernel32's ReadFile, called with
// (*LazyProc).Call: Windows writes the buffer, unseen by -race, while Peek reads it on
// another goroutine. Fill waits for its reader before looking at the buffer: in order.
package winio

import (
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	kernel32     = windows.NewLazySystemDLL("kernel32.dll")
	procReadFile = kernel32.NewProc("ReadFile")
	procPeek     = syscall.NewLazyDLL("kernel32.dll").NewProc("PeekNamedPipe")
)

type pipe struct {
	h   windows.Handle
	buf []byte
}

func (p *pipe) read() {
	var n uint32
	procReadFile.Call(uintptr(p.h), uintptr(unsafe.Pointer(&p.buf[0])), uintptr(len(p.buf)), uintptr(unsafe.Pointer(&n)), 0) // want BS201
}

// Listen reads the pipe on a goroutine of its own, forever.
func Listen(h windows.Handle) *pipe {
	p := &pipe{h: h, buf: make([]byte, 4096)}
	go func() {
		for {
			p.read()
		}
	}()
	return p
}

// Peek looks at the first byte read so far.
func (p *pipe) Peek() byte {
	return p.buf[0]
}

// Fill reads once on a goroutine and waits for it.
func Fill(h windows.Handle) []byte {
	buf := make([]byte, 512)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var avail uint32
		procPeek.Call(uintptr(h), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, uintptr(unsafe.Pointer(&avail)), 0)
	}()
	wg.Wait()
	return buf
}
