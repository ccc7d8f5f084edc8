package stackpool

import (
	"syscall"
	"unsafe"
)

// Stack is a goroutine stack carved from a mapping: it grows down from top.
type Stack struct {
	mem []byte
	top uintptr
}

// Trim hands the unused part of the stack below sp back to the kernel. used is a distance
// between two addresses, a number of bytes: no object to keep alive. free is an address
// held in a variable across the call: found.
func (s *Stack) Trim(sp *byte) error {
	used := s.top - uintptr(unsafe.Pointer(sp))
	free := uintptr(unsafe.Pointer(&s.mem[0])) // want BS202
	size := uintptr(len(s.mem)) - used
	size -= size % 4096
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, free, size, 4)
	if errno != 0 {
		return errno
	}
	return nil
}

// Offset reports how far into its page sp is: a remainder is an offset, not an address.
func Offset(fd int, sp *byte) error {
	off := uintptr(unsafe.Pointer(sp)) % 4096
	_, _, errno := syscall.Syscall(syscall.SYS_LSEEK, uintptr(fd), off, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
