// Package ioctl is a vendored dependency: findings inside it are not reported,
// but its wrapper is known to importers.
package ioctl

import "golang.org/x/sys/unix"

// Ioctl issues an ioctl with an integer argument.
func Ioctl(fd int, req uint, arg uintptr) error {
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if errno != 0 {
		return errno
	}
	return nil
}
