package main

import (
	"log"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
)

// Gate holds the blocked client addresses, reread on SIGHUP.
type Gate struct {
	path string
	hup  chan os.Signal
	stop chan struct{}

	mu      sync.Mutex
	blocked map[string]bool
	loads   int
}

func NewGate(path string) *Gate {
	g := &Gate{path: path, hup: make(chan os.Signal, 1), stop: make(chan struct{})}
	g.reload()
	signal.Notify(g.hup, syscall.SIGHUP)
	go g.watch()
	return g
}

func (g *Gate) watch() {
	for {
		select {
		case <-g.hup:
			g.reload()
			g.mu.Lock()
			g.loads++
			g.mu.Unlock()
		case <-g.stop:
			return
		}
	}
}

func (g *Gate) reload() {
	data, err := os.ReadFile(g.path)
	if err != nil {
		log.Printf("edgegate: blocklist: %v", err)
	}
	next := make(map[string]bool)
	for _, addr := range strings.Fields(string(data)) {
		next[addr] = true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.blocked = next
}

func (g *Gate) Blocked(client string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.blocked[client]
}

func (g *Gate) Loads() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.loads
}
