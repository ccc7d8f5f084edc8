// Package ffi calls raw system entry points.
package ffi

import "syscall"

// Call invokes the system call trap with args. Marked go:uintptrescapes: the compiler
// keeps alive (on the heap) what the uintptr arguments of each call point to, so a
// caller may write uintptr(unsafe.Pointer(p)) in the argument list.
//
//go:uintptrescapes
func Call(trap uintptr, args ...uintptr) uintptr {
	return call3(trap, args...)
}

func call3(trap uintptr, args ...uintptr) uintptr {
	for len(args) < 3 {
		args = append(args, 0)
	}
	r, _, _ := syscall.Syscall(trap, args[0], args[1], args[2])
	return r
}

// Forward hands its argument on: a wrapper, with no such promise.
func Forward(trap, arg uintptr) uintptr {
	r, _, _ := syscall.Syscall(trap, arg, 0, 0)
	return r
}
