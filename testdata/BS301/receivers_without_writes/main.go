package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	hits := make(chan string, 1024)
	srv := &http.Server{Addr: ":8443", Handler: newMux(ctx, hits)}

	// SIGTERM and SIGINT: stop listening, cancel the root context, then let
	// main return.
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM, os.Interrupt)
	done := make(chan struct{})
	go func() {
		s := <-term
		log.Printf("gateway: %v, shutting down", s)
		signal.Stop(term)
		cancel()
		shutdownCtx, release := context.WithTimeout(context.Background(), 10*time.Second)
		defer release()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			log.Printf("gateway: shutdown: %v", err)
		}
		close(done)
	}()

	// SIGUSR1 asks the counter goroutine for a dump; the receiver only
	// forwards the request.
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	dumps := make(chan struct{}, 1)
	go func() {
		for range usr1 {
			select {
			case dumps <- struct{}{}:
			default:
			}
		}
	}()

	// SIGHUP is logged and otherwise ignored.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			log.Printf("gateway: SIGHUP ignored, restart to load new certificates")
		}
	}()

	go countRequests(ctx, hits, dumps)

	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatalf("gateway: %v", err)
	}
	<-done
}
