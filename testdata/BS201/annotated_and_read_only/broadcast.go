package main

import (
	"syscall"
	"unsafe"
)

// discoverProbe is the fixed service-discovery datagram. Go code never
// writes it after initialisation.
var discoverProbe = [...]byte{0x53, 0x44, 0x01, 0x00, 'h', 'e', 'l', 'l', 'o'}

// probeAll sends the probe on every socket at once, one goroutine per
// socket, plus one from the caller, all with raw sendto(2). The kernel only
// reads the probe; two raw syscalls on the same memory with no Go access in
// between are not a race the rule reports.
func probeAll(fds []int) {
	for _, fd := range fds {
		go func(fd int) {
			syscall.Syscall6(syscall.SYS_SENDTO, uintptr(fd), uintptr(unsafe.Pointer(&discoverProbe[0])), uintptr(len(discoverProbe)), 0, 0, 0)
		}(fd)
	}
	syscall.RawSyscall6(syscall.SYS_SENDTO, uintptr(fds[0]), uintptr(unsafe.Pointer(&discoverProbe[0])), uintptr(len(discoverProbe)), syscall.MSG_DONTROUTE, 0, 0)
}
