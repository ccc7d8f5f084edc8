// Package fsutil adds a second layer: its wrapper forwards the integer.
package fsutil

import (
	"unsafe"

	"example.com/volumes/internal/winapi"
)

// Serial forwards the serial pointer (already an integer) to winapi.
func Serial(root uintptr, serial uintptr) error {
	return winapi.GetVolumeInformation(root, 0, 0, serial)
}

// Label converts here and hands the integers to winapi.
func Label(root *uint16, buf []uint16) error {
	return winapi.GetVolumeInformation(uintptr(unsafe.Pointer(root)), uintptr(unsafe.Pointer(&buf[0])), uint32(len(buf)), 0) // want BS202 BS202
}
