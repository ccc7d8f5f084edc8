package kmsg

import "syscall"

// readRecord fills buf from /dev/kmsg with a raw read(2): the kernel writes buf.
func readRecord(fd int, buf []byte) (int, error) {
	n, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafePointer(buf)), uintptr(len(buf))) // want BS201
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
