package netlink

import "unsafe"

// bufAddr hides the conversion in a helper; its result is a plain integer by the time the
// syscall runs.
func bufAddr(b []byte) uintptr {
	if len(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(&b[0])) // want BS202
}

// describe formats an address for a log line: a uintptr used for printing only.
func describe(b []byte) string {
	return "buffer at " + hex(uintptr(unsafe.Pointer(&b[0])))
}

func hex(v uintptr) string {
	const digits = "0123456789abcdef"
	out := []byte{}
	for v > 0 {
		out = append([]byte{digits[v%16]}, out...)
		v /= 16
	}
	return "0x" + string(out)
}

// at does pointer arithmetic in one expression and converts back (rule 3 of
// unsafe.Pointer): its result is a pointer the collector sees, not an integer, however the
// caller passes it on.
func at(b []byte, off uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(unsafe.Pointer(&b[0])) + off)
}

// word does the same through a typed pointer.
func word(b []byte, i uintptr) *uint32 {
	return (*uint32)(unsafe.Pointer(uintptr(unsafe.Pointer(&b[0])) + i*4))
}
