// Package winmsg sends window messages whose parameters point at Go structs. `SendMessage`
// is marked `//go:uintptrescapes`, with a blank line between the directive and the
// function, which the compiler still applies: a conversion in its argument list keeps the
// struct alive for the call (not a finding). `post` has no directive: the struct is held
// only as a uintptr while it runs (a finding).
package winmsg

import (
	"syscall"
	"unsafe"
)

var (
	user32          = syscall.NewLazyDLL("user32.dll")
	procSendMessage = user32.NewProc("SendMessageW")
	procPostMessage = user32.NewProc("PostMessageW")
)

//go:uintptrescapes

// SendMessage sends a message and waits for it to be handled.
func SendMessage(hwnd syscall.Handle, msg uint32, wparam, lparam uintptr) uintptr {
	r, _, _ := procSendMessage.Call(uintptr(hwnd), uintptr(msg), wparam, lparam)
	return r
}

func post(hwnd syscall.Handle, msg uint32, wparam, lparam uintptr) {
	procPostMessage.Call(uintptr(hwnd), uintptr(msg), wparam, lparam)
}

type rect struct{ left, top, right, bottom int32 }

// Bounds asks the window for its bounds.
func Bounds(hwnd syscall.Handle) rect {
	var r rect
	SendMessage(hwnd, 0x0400, 0, uintptr(unsafe.Pointer(&r)))
	return r
}

// Nudge posts the window a rectangle to move by.
func Nudge(hwnd syscall.Handle) {
	d := rect{1, 1, 1, 1}
	post(hwnd, 0x0401, 0, uintptr(unsafe.Pointer(&d))) // want BS202
}
