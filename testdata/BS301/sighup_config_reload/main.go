package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	path := flag.String("config", "/etc/quotad/quotad.json", "configuration file")
	addr := flag.String("listen", ":8080", "listen address")
	flag.Parse()

	initial, err := loadConfig(*path)
	if err != nil {
		log.Fatalf("quotad: %v", err)
	}
	cfg = initial

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			next, err := loadConfig(*path)
			if err != nil {
				log.Printf("quotad: reload failed, keeping the old config: %v", err)
				continue
			}
			cfg = next // want BS301
			log.Printf("quotad: reloaded %s (%d tenants)", *path, len(next.Quotas))
		}
	}()

	http.HandleFunc("/quota", handleQuota)
	http.HandleFunc("/healthz", handleHealth)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
