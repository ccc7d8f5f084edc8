package main

import (
	"log"
	"net/http"
	"os"
	sig "os/signal"
	"syscall"
	"time"
)

var started = time.Now()

// upstreams is fixed at startup and only read afterwards.
var upstreams = map[string]string{
	"/api/":    "http://127.0.0.1:9001",
	"/static/": "http://127.0.0.1:9002",
}

func main() {
	sigCh := make(chan os.Signal, 4)
	sig.Notify(sigCh, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGUSR2)
	go handleSignals(sigCh)
	go reportStatus(30 * time.Second)

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		for prefix, target := range upstreams {
			if len(r.URL.Path) >= len(prefix) && r.URL.Path[:len(prefix)] == prefix {
				http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
				return
			}
		}
		http.NotFound(w, r)
	})
	log.Fatal(http.ListenAndServe(":8000", nil))
}
