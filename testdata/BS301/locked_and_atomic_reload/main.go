package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
)

func main() {
	if err := reloadRoutes("routes.conf"); err != nil {
		log.Fatalf("edgegate: %v", err)
	}
	settings.Store(loadSettings())
	gate := NewGate("blocklist.txt")

	// SIGUSR1 reloads the routes and the settings; SIGUSR2 pauses or resumes
	// the gateway.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGUSR1, syscall.SIGUSR2)
	go func() {
		for s := range sigs {
			switch s {
			case syscall.SIGUSR1:
				routesMu.Lock()
				err := reloadRoutes("routes.conf")
				routesMu.Unlock()
				if err != nil {
					log.Printf("edgegate: routes: %v", err)
				}
				settings.Store(loadSettings())
				atomic.AddInt64(&reloads, 1)
			case syscall.SIGUSR2:
				paused.Store(!paused.Load())
			}
		}
	}()

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		client := strings.Split(r.RemoteAddr, ":")[0]
		if paused.Load() || gate.Blocked(client) {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		routesMu.RLock()
		target, ok := routes[r.Host]
		routesMu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, settings.Load().Scheme+"://"+target+r.URL.Path, http.StatusFound)
	})
	http.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "reloads %d blocklist loads %d paused %v scheme %s\n",
			atomic.LoadInt64(&reloads), gate.Loads(), paused.Load(), settings.Load().Scheme)
	})
	log.Fatal(http.ListenAndServe(settings.Load().Listen, nil))
}
