package shadow

import (
	"syscall"
	"unsafe"
)

type recorder struct{ calls []uintptr }

// Syscall records its arguments; it is not a raw syscall.
func (r *recorder) Syscall(trap, a1, a2, a3 uintptr) (uintptr, uintptr, syscall.Errno) {
	r.calls = append(r.calls, trap, a1, a2, a3)
	return 0, 0, 0
}

// A local named syscall shadows the import: syscall.Syscall here is the recorder's method.
func record(b []byte) []uintptr {
	syscall := &recorder{}
	p := uintptr(unsafe.Pointer(&b[0]))
	syscall.Syscall(1, p, 0, 0)
	return syscall.calls
}
