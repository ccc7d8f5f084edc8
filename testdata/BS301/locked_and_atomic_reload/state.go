package main

import (
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

type Settings struct {
	Listen string
	Scheme string
}

var (
	settings atomic.Pointer[Settings]
	paused   atomic.Bool
	reloads  int64 // updated with sync/atomic only

	routesMu sync.RWMutex
	routes   map[string]string // guarded by routesMu
)

func loadSettings() *Settings {
	s := &Settings{Listen: ":8080", Scheme: "https"}
	if v := os.Getenv("EDGEGATE_SCHEME"); v != "" {
		s.Scheme = v
	}
	return s
}

// reloadRoutes reads "host target" lines. The caller holds routesMu once
// other goroutines run.
func reloadRoutes(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	next := make(map[string]string)
	for _, line := range strings.Split(string(data), "\n") {
		if host, target, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			next[host] = target
		}
	}
	routes = next
	return nil
}
