package winapi

import (
	"unsafe"

	win "golang.org/x/sys/windows"
)

type osVersionInfo struct {
	size  uint32
	major uint32
	minor uint32
}

// volumeName builds the argument vector first and spreads it into Call.
func volumeName(root *uint16) (string, error) {
	var name [win.MAX_PATH + 1]uint16
	args := []uintptr{
		uintptr(unsafe.Pointer(root)), // want BS202
		uintptr(unsafe.Pointer(&name[0])), // want BS202
		uintptr(len(name)),
		0, 0, 0, 0, 0,
	}
	r, _, err := procGetVolumeInformationW.Call(args...)
	if r == 0 {
		return "", err
	}
	return win.UTF16ToString(name[:]), nil
}

// serial goes through SyscallN with the address kept in a local first.
func serial(root *uint16) (uint32, error) {
	var sn uint32
	snp := uintptr(unsafe.Pointer(&sn)) // want BS202
	r, _, e := win.SyscallN(procGetVolumeInformationW.Addr(), uintptr(unsafe.Pointer(root)), 0, 0, snp, 0, 0, 0, 0)
	if r == 0 {
		return 0, e
	}
	return sn, nil
}

// finder uses a *LazyProc held in a struct field.
type finder struct {
	proc *win.LazyProc
}

func (f *finder) find(pattern *uint16, data *win.Win32finddata) (win.Handle, error) {
	p := uintptr(unsafe.Pointer(data)) // want BS202
	h, _, err := f.proc.Call(uintptr(unsafe.Pointer(pattern)), p)
	if h == 0 {
		return 0, err
	}
	return win.Handle(h), nil
}
