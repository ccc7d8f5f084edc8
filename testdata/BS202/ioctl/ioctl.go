package term

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctl takes the argument as a uintptr: every caller that converts a pointer for it
// converts outside the syscall's own argument list.
func ioctl(fd int, req uint, arg uintptr) error {
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if errno != 0 {
		return errno
	}
	return nil
}

// ioctlPtr is the fixed form: the pointer travels as an unsafe.Pointer and is converted
// in the syscall's argument list.
func ioctlPtr(fd int, req uint, arg unsafe.Pointer) error {
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), uintptr(arg))
	if errno != 0 {
		return errno
	}
	return nil
}
