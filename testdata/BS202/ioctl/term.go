package term

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// GetSize reads the window size of the terminal fd.
func GetSize(fd int) (width, height int, err error) {
	ws := new(unix.Winsize)
	if err := ioctl(fd, unix.TIOCGWINSZ, uintptr(unsafe.Pointer(ws))); err != nil { // want BS202
		return 0, 0, err
	}
	return int(ws.Col), int(ws.Row), nil
}

// SetSize is written correctly: no finding.
func SetSize(fd int, w, h uint16) error {
	ws := &unix.Winsize{Col: w, Row: h}
	return ioctlPtr(fd, unix.TIOCSWINSZ, unsafe.Pointer(ws))
}

// GetTermios passes a plain integer request through the same wrapper: no pointer, no
// finding.
func Flush(fd int) error {
	return ioctl(fd, unix.TCFLSH, uintptr(unix.TCIOFLUSH))
}

func getTermios(fd int) (*unix.Termios, error) {
	t := &unix.Termios{}
	p := unsafe.Pointer(t)
	err := ioctl(fd, unix.TCGETS, uintptr(p)) // want BS202
	return t, err
}
