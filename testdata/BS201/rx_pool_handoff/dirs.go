package main

import (
	"strings"
	"sync"
	"syscall"
)

// scanDir lists a directory and reads its security label at the same time:
// a helper goroutine fills ents with getdents(2) while the caller reads the
// xattr into its own buffer. The caller parses ents only after wg.Wait().
func scanDir(path string, fd int) (names []string, label string) {
	ents := make([]byte, 8192)
	n := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if m, err := syscall.Getdents(fd, ents); err == nil {
			n = m
		}
	}()

	lbl := make([]byte, 256)
	if m, err := syscall.Getxattr(path, "security.selinux", lbl); err == nil {
		label = strings.TrimRight(string(lbl[:m]), "\x00")
	}

	wg.Wait()
	_, _, names = syscall.ParseDirent(ents[:n], -1, nil)
	return names, label
}
