// Code in the shape of the generated zsyscall_linux_amd64.go wrappers.

package dirent

import (
	"unsafe"

	. "golang.org/x/sys/unix"
)

var _zero uintptr

// getdents converts the unsafe.Pointer variable _p0 inside the argument list: no finding.
func getdents(fd int, buf []byte) (n int, err error) {
	var _p0 unsafe.Pointer
	if len(buf) > 0 {
		_p0 = unsafe.Pointer(&buf[0])
	} else {
		_p0 = unsafe.Pointer(&_zero)
	}
	r0, _, e1 := Syscall(SYS_GETDENTS64, uintptr(fd), uintptr(_p0), uintptr(len(buf)))
	n = int(r0)
	if e1 != 0 {
		err = e1
	}
	return
}

// readlink keeps the converted address in a variable (dot import): a finding.
func readlink(path *byte, buf []byte) (n int, err error) {
	bp := uintptr(unsafe.Pointer(&buf[0])) // want BS202
	r0, _, e1 := Syscall(SYS_READLINKAT, uintptr(AT_FDCWD), uintptr(unsafe.Pointer(path)), bp, uintptr(len(buf)), 0, 0)
	n = int(r0)
	if e1 != 0 {
		err = e1
	}
	return
}
