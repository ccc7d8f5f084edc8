package main

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// The functions in this file race on purpose, through wrappers that annotate
// their buffers for the race detector: `go test -race` reports every one of
// them, so they are not blind spots.

// tailStdin reads standard input with syscall.Read while the caller inspects
// the same buffer.
func tailStdin(buf []byte) byte {
	go func() {
		for {
			if _, err := syscall.Read(0, buf); err != nil {
				return
			}
		}
	}()
	return buf[0]
}

// pollSysfs re-reads a sysfs attribute with unix.Pread while the caller
// clears the buffer.
func pollSysfs(fd int, buf []byte) {
	go func() {
		for {
			unix.Pread(fd, buf, 0)
		}
	}()
	for i := range buf {
		buf[i] = 0
	}
}

// echoBack writes the buffer out with syscall.Write and unix.Pwrite while
// the caller rewrites its first byte.
func echoBack(fd int, buf []byte) {
	go func() {
		syscall.Write(fd, buf)
		unix.Pwrite(fd, buf, 4096)
	}()
	buf[0] = '#'
}

// slurp reads through *os.File, whose methods are annotated as well.
func slurp(f *os.File, buf []byte) int {
	go f.Read(buf)
	go f.ReadAt(buf, 512)
	return len(buf) - int(buf[len(buf)-1])
}
