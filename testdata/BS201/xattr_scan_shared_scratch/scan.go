package main

import (
	"bytes"
	"sync"

	"golang.org/x/sys/unix"
)

type labelInfo struct {
	path  string
	attrs int
	label string
}

// scanLabels reads the extended attributes of many files with a small worker
// pool. The scratch buffers were hoisted out of the workers "to save
// allocations": every worker now has the kernel write the same two buffers,
// and parses them while another worker's syscall is overwriting them.
func scanLabels(paths []string, workers int) []labelInfo {
	names := make([]byte, 4096)
	value := make([]byte, 256)

	jobs := make(chan string)
	results := make(chan labelInfo)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				info := labelInfo{path: p}
				if n, err := unix.Listxattr(p, names); err == nil { // want BS201
					info.attrs = bytes.Count(names[:n], []byte{0})
				}
				if n, err := unix.Getxattr(p, "security.selinux", value); err == nil { // want BS201
					info.label = string(bytes.TrimRight(value[:n], "\x00"))
				}
				results <- info
			}
		}()
	}
	go func() {
		for _, p := range paths {
			jobs <- p
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var out []labelInfo
	for r := range results {
		out = append(out, r)
	}
	return out
}
