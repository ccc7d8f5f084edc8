package winapi

import (
	"unsafe"

	win "golang.org/x/sys/windows"
)

var (
	modkernel32 = win.NewLazySystemDLL("kernel32.dll")
	modntdll    = win.NewLazySystemDLL("ntdll.dll")

	procGetVolumeInformationW = modkernel32.NewProc("GetVolumeInformationW")
	procRtlGetVersion         = modntdll.NewProc("RtlGetVersion")
)

// rtlGetVersion converts in Call's argument list: no finding.
func rtlGetVersion(info *osVersionInfo) error {
	r, _, _ := procRtlGetVersion.Call(uintptr(unsafe.Pointer(info)))
	if r != 0 {
		return win.Errno(r)
	}
	return nil
}
