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

// procCall carries //go:uintptrkeepalive, as syscall.SyscallN does in the standard
// library: the compiler keeps its callers' converted objects alive.
//
//go:uintptrkeepalive
func procCall(proc uintptr, args ...uintptr) uintptr {
	r, _, _ := syscall.Syscall(proc, uintptr(len(args)), args[0], args[1], 0)
	return r
}

// sysctlRaw is declared without a body and defined by no assembly here: a Go function
// linked in from elsewhere. The compiler keeps a body-less function's uintptr arguments
// alive all the same.
func sysctlRaw(mib uintptr, n uintptr) uintptr

func loadLibrary(proc uintptr, name *uint16) uintptr {
	return procCall(proc, uintptr(unsafe.Pointer(name)), 0)
}

func sysctl(mib []int32) uintptr {
	return sysctlRaw(uintptr(unsafe.Pointer(&mib[0])), uintptr(len(mib)))
}

func sysctlLate(mib []int32) uintptr {
	p := uintptr(unsafe.Pointer(&mib[0])) // want BS202
	return sysctlRaw(p, uintptr(len(mib)))
}
