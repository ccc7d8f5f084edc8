package term

import (
	"unsafe"

	"github.com/acme/ioctl"
	"golang.org/x/sys/unix"
)

// Size asks the terminal for its size through the vendored wrapper.
func Size(fd int) (rows, cols uint16, err error) {
	var ws unix.Winsize
	err = ioctl.Ioctl(fd, unix.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws))) // want BS202
	return ws.Row, ws.Col, err
}

// Flush passes a plain integer: no finding.
func Flush(fd int) error {
	return ioctl.Ioctl(fd, unix.TCFLSH, uintptr(unix.TCIOFLUSH))
}
