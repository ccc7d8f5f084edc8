package vdso

import (
	"syscall"
	"unsafe"
)

// callVDSO is implemented in call_amd64.s: a body-less function keeps its uintptr
// arguments' objects alive when they are converted in the call.
func callVDSO(fn uintptr, arg1, arg2 uintptr) uintptr

// rawWrite carries //go:uintptrescapes: its callers may convert in its argument list.
//
//go:uintptrescapes
func rawWrite(fd int, p uintptr, n int) int {
	r, _, _ := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), p, uintptr(n))
	return int(r)
}

func clockGettime(fn uintptr, ts *syscall.Timespec) uintptr {
	return callVDSO(fn, 1, uintptr(unsafe.Pointer(ts)))
}

func clockGettimeLate(fn uintptr, ts *syscall.Timespec) uintptr {
	p := uintptr(unsafe.Pointer(ts)) // want BS202
	return callVDSO(fn, 1, p)
}

func hello(fd int, msg []byte) int {
	return rawWrite(fd, uintptr(unsafe.Pointer(&msg[0])), len(msg))
}
