// Package procname sets the calling thread's name. golang.org/x/sys is a
// module dependency here, not part of the analyzed tree: blindspot knows its
// uintptr wrappers without reading it.
package procname

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Set uses unix.Prctl, whose arguments are plain integers: the name buffer is
// not kept alive by the conversion.
func Set(name string) error {
	var buf [16]byte
	copy(buf[:15], name)
	return unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&buf[0])), 0, 0, 0) // want BS202
}

// Get uses the pointer-typed wrapper: nothing to report.
func Get() (string, error) {
	var buf [16]byte
	if err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0); err != nil {
		return "", err
	}
	return unix.ByteSliceToString(buf[:]), nil
}
