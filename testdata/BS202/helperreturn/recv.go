package netlink

import (
	"syscall"
	"unsafe"
)

func recv(fd int, b []byte) (int, error) {
	n, _, e := syscall.Syscall6(syscall.SYS_RECVFROM, uintptr(fd), bufAddr(b), uintptr(len(b)), 0, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

func recvAt(fd int, b []byte, off int) (int, error) {
	n, _, e := syscall.Syscall6(syscall.SYS_RECVFROM, uintptr(fd), uintptr(at(b, uintptr(off))), uintptr(len(b)-off), 0, 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

func setWord(fd int, b []byte) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), 0x5401, uintptr(unsafe.Pointer(word(b, 1))))
	if e != 0 {
		return e
	}
	return nil
}
