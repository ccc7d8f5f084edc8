package main

import (
	"context"
	"log"
	"net/http"
	"sort"
)

func newMux(ctx context.Context, hits chan<- string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case hits <- r.URL.Path:
		case <-ctx.Done():
		default:
		}
		w.Write([]byte("gateway\n"))
	})
	return mux
}

// countRequests owns the per-path counts: only this goroutine touches them.
func countRequests(ctx context.Context, hits <-chan string, dumps <-chan struct{}) {
	counts := make(map[string]int)
	for {
		select {
		case path := <-hits:
			counts[path]++
		case <-dumps:
			paths := make([]string, 0, len(counts))
			for p := range counts {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			for _, p := range paths {
				log.Printf("gateway: %6d %s", counts[p], p)
			}
		case <-ctx.Done():
			return
		}
	}
}
