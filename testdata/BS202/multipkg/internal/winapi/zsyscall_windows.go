// Package winapi wraps the Win32 calls the tools need. Its wrappers take
// pointers as uintptr, as mkwinsyscall used to generate them.
package winapi

import (
	"syscall"

	"golang.org/x/sys/windows"
)

var (
	modkernel32                   = windows.NewLazySystemDLL("kernel32.dll")
	procGetVolumeInformationW     = modkernel32.NewProc("GetVolumeInformationW")
	procGetDiskFreeSpaceExW       = modkernel32.NewProc("GetDiskFreeSpaceExW")
)

// GetVolumeInformation passes its buffers straight to the procedure.
func GetVolumeInformation(root, name uintptr, size uint32, serial uintptr) error {
	r, _, err := syscall.SyscallN(procGetVolumeInformationW.Addr(), root, name, uintptr(size), serial, 0, 0, 0, 0)
	if r == 0 {
		return err
	}
	return nil
}

// GetDiskFreeSpace converts in the call: callers pass pointers, not integers.
func GetDiskFreeSpace(root *uint16, free *uint64) error {
	r, _, err := procGetDiskFreeSpaceExW.Call(uintptr(unsafePointer(root)), uintptr(unsafePointer(free)), 0, 0)
	if r == 0 {
		return err
	}
	return nil
}
