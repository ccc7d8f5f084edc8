package vecio

import (
	"syscall"
	"unsafe"
)

// iovec mirrors struct iovec with the base as a plain integer, so the kernel's pointer
// to each buffer is invisible to the garbage collector.
type iovec struct {
	base uintptr
	len  uint64
}

func readv(fd int, bufs [][]byte) (int, error) {
	iovs := make([]iovec, 0, len(bufs))
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		iovs = append(iovs, iovec{
			base: uintptr(unsafe.Pointer(&b[0])), // want BS202
			len:  uint64(len(b)),
		})
	}
	n, _, e := syscall.Syscall(syscall.SYS_READV, uintptr(fd), uintptr(unsafe.Pointer(&iovs[0])), uintptr(len(iovs)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// goodIovec uses a pointer-typed base (as syscall.Iovec does): no finding.
type goodIovec struct {
	base *byte
	len  uint64
}

func writev(fd int, bufs [][]byte) (int, error) {
	iovs := make([]goodIovec, len(bufs))
	for i, b := range bufs {
		iovs[i] = goodIovec{base: &b[0], len: uint64(len(b))}
	}
	n, _, e := syscall.Syscall(syscall.SYS_WRITEV, uintptr(fd), uintptr(unsafe.Pointer(&iovs[0])), uintptr(len(iovs)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}
