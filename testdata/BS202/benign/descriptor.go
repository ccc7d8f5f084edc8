package align

import (
	"syscall"
	"unsafe"
)

const headerOffset = 16

// probe checks an address in code, found through a function descriptor: the pointer is
// made from an integer, so holding it as a uintptr lets no Go object go.
func probe(desc uintptr) uintptr {
	entry := ((*[2]uintptr)(unsafe.Pointer(desc)))[1]
	header := (*[4]uint32)(unsafe.Pointer(entry - headerOffset))
	addr := uintptr(unsafe.Pointer(header)) + uintptr(header[2])
	r, _, _ := syscall.Syscall(syscall.SYS_MINCORE, addr, 1, 0)
	return r
}

// probeBuffer does the same with an address inside a Go buffer: rule 3 arithmetic keeps it
// Go memory, and holding it as a uintptr before the syscall is a finding.
func probeBuffer(buf []byte) uintptr {
	header := (*[4]uint32)(unsafe.Pointer(uintptr(unsafe.Pointer(&buf[0])) + headerOffset))
	addr := uintptr(unsafe.Pointer(header)) // want BS202
	r, _, _ := syscall.Syscall(syscall.SYS_MINCORE, addr, 1, 0)
	return r
}
