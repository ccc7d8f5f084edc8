// Package ifreq asks the kernel twice with one request. The buffer's address is stored in
// the request between the two calls, so the second call is the one that uses it: the trail
// names that call, not the first one, which ran before the store.
package ifreq

import (
	"syscall"
	"unsafe"
)

type ifreq struct {
	name [16]byte
	data uintptr
}

// Stats reads the statistics into buf.
func Stats(fd int, buf []byte) error {
	req := &ifreq{}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), 0x8946, uintptr(unsafe.Pointer(req))); e != 0 {
		return e
	}
	req.data = uintptr(unsafe.Pointer(&buf[0])) // want BS202
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), 0x8946, uintptr(unsafe.Pointer(req))); e != 0 {
		return e
	}
	return nil
}
