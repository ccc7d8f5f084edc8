package main

import (
	"path/filepath"
	"syscall"
)

type link struct {
	path, target string
}

// resolveAll resolves symlinks concurrently. Each iteration declares its own
// target buffer, so every goroutine started by the loop has a private one.
func resolveAll(paths []string) []link {
	results := make(chan link, len(paths))
	for _, p := range paths {
		target := make([]byte, syscall.PathMax)
		go func(p string) {
			n, err := syscall.Readlink(p, target)
			if err != nil {
				results <- link{p, ""}
				return
			}
			if target[0] != '/' {
				results <- link{p, filepath.Join(filepath.Dir(p), string(target[:n]))}
				return
			}
			results <- link{p, string(target[:n])}
		}(p)
	}
	out := make([]link, 0, len(paths))
	for range paths {
		out = append(out, <-results)
	}
	return out
}
