package audit

import (
	"syscall"
	"unsafe"
)

// writeAll issues write(2) directly on the audit descriptor.
func writeAll(fd int, msg []byte) error {
	for len(msg) > 0 {
		addr := uintptr(unsafe.Pointer(&msg[0])) // want BS202
		n, _, e := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), addr, uintptr(len(msg)))
		if e != 0 {
			return e
		}
		msg = msg[n:]
	}
	return nil
}

// writeOnce converts in the argument list: no finding.
func writeOnce(fd int, msg []byte) (int, error) {
	n, _, e := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&msg[0])), uintptr(len(msg)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

type request struct {
	fd   int
	addr uintptr
	size uintptr
}

// submit stores the address in a struct field at submit time and reads into it later.
func submit(fd int, buf []byte) *request {
	r := &request{fd: fd, size: uintptr(len(buf))}
	r.addr = uintptr(unsafe.Pointer(&buf[0])) // want BS202
	return r
}

func (r *request) run() error {
	_, _, e := syscall.Syscall(syscall.SYS_READ, uintptr(r.fd), r.addr, r.size)
	if e != 0 {
		return e
	}
	return nil
}
