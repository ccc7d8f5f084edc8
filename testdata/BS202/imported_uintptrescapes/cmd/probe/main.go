package main

import (
	"fmt"
	"syscall"
	"unsafe"

	"example.com/probe/ffi"
)

func main() {
	name := []byte("/tmp/probe\x00")
	// Written in the argument list of a go:uintptrescapes function: kept alive.
	fd := ffi.Call(syscall.SYS_OPEN, uintptr(unsafe.Pointer(&name[0])), syscall.O_RDONLY)

	// Held in a variable first: nothing keeps buf alive until the call.
	buf := make([]byte, 64)
	p := uintptr(unsafe.Pointer(&buf[0])) // want BS202
	n := ffi.Call(syscall.SYS_READ, fd, p, uintptr(len(buf)))

	// A wrapper without the directive: even in the argument list, too late.
	ffi.Forward(syscall.SYS_CLOSE, uintptr(unsafe.Pointer(&name[0]))) // want BS202
	fmt.Println(n)
}
