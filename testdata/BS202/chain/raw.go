package seccomp

import sys "syscall"

// rawPrctl is the innermost wrapper; prctl forwards to it.
func rawPrctl(option int, arg2, arg3 uintptr) error {
	_, _, e := sys.RawSyscall(sys.SYS_PRCTL, uintptr(option), arg2, arg3)
	if e != 0 {
		return e
	}
	return nil
}

func prctl(option int, arg uintptr) error {
	return rawPrctl(option, arg, 0)
}

// device wraps an ioctl as a method; calls to it are resolved by the method's name.
type device struct {
	fd int
}

func (d *device) ioctl(req uint, arg uintptr) error {
	_, _, e := sys.Syscall(sys.SYS_IOCTL, uintptr(d.fd), uintptr(req), arg)
	if e != 0 {
		return e
	}
	return nil
}
