package seccomp

import "unsafe"

type sockFprog struct {
	len    uint16
	filter unsafe.Pointer
}

const prSetSeccomp = 22

func install(prog *sockFprog) error {
	return prctl(prSetSeccomp, uintptr(unsafe.Pointer(prog))) // want BS202
}

func (d *device) queryInfo(out *[64]byte) error {
	return d.ioctl(0x8004, uintptr(unsafe.Pointer(out))) // want BS202
}

// A closure wrapper: the parameter reaches the syscall through the literal.
func setName(name *[16]byte) error {
	call := func(op int, p uintptr) error { return rawPrctl(op, p, 0) }
	return call(15, uintptr(unsafe.Pointer(name))) // want BS202
}

// Passing a plain number through the wrappers is fine.
func noNewPrivs() error {
	return prctl(38, 1)
}
