package align

import (
	"syscall"
	"unsafe"
)

// xattrSize asks the kernel how large an attribute is: a nil buffer is the number 0, and no
// object needs to stay alive for it.
func xattrSize(path *byte, name *byte) (int, error) {
	none := uintptr(unsafe.Pointer(nil))
	empty := uintptr(unsafe.Pointer((*byte)(nil)))
	n, _, errno := syscall.Syscall6(syscall.SYS_GETXATTR, uintptr(unsafe.Pointer(path)), uintptr(unsafe.Pointer(name)), none, empty, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
