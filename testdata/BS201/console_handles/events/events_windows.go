// Package events counts pending console input into a field that Windows writes on the
// scanning goroutine while `Pending` reads it: a race -race cannot see.
package events

import (
	"syscall"
	"unsafe"
)

var (
	kernel32                   = syscall.NewLazyDLL("kernel32.dll")
	procGetNumberOfInputEvents = kernel32.NewProc("GetNumberOfConsoleInputEvents")
)

// Counter keeps the last count of pending input events.
type Counter struct {
	in      syscall.Handle
	pending uint32
}

// Start begins counting pending input events.
func (c *Counter) Start() {
	go c.scan()
}

func (c *Counter) scan() {
	for {
		r, _, _ := procGetNumberOfInputEvents.Call(uintptr(c.in), uintptr(unsafe.Pointer(&c.pending))) // want BS201
		if r == 0 {
			return
		}
	}
}

// Pending is the last count.
func (c *Counter) Pending() uint32 {
	return c.pending
}
