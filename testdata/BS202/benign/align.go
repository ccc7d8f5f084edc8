package align

import (
	"fmt"
	"syscall"
	"unsafe"
)

// isAligned inspects an address: uintptr used for arithmetic only.
func isAligned(b []byte, to uintptr) bool {
	addr := uintptr(unsafe.Pointer(&b[0]))
	return addr%to == 0
}

func dump(p unsafe.Pointer) {
	fmt.Printf("object at %#x\n", uintptr(p))
}

// pread converts in the argument list, with an offset added: still the argument list.
func pread(fd int, buf []byte, skip int, off int64) (int, error) {
	n, _, e := syscall.Syscall6(syscall.SYS_PREAD64, uintptr(fd), uintptr(unsafe.Pointer(&buf[0]))+uintptr(skip), uintptr(len(buf)-skip), uintptr(off), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// The address is stored, but only an integer constant reaches the syscall.
func closeFd(fd int, b []byte) error {
	base := uintptr(unsafe.Pointer(&b[0]))
	_ = base
	_, _, e := syscall.Syscall(syscall.SYS_CLOSE, uintptr(fd), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
