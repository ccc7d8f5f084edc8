package main

import (
	"log"
	"time"
)

func main() {
	w, err := newConfigWatcher("/etc/myapp")
	if err != nil {
		log.Fatal(err)
	}
	changed := make(chan struct{}, 1)
	go w.loop(changed)
	go func() {
		for range changed {
			log.Print("configuration changed, reloading")
		}
	}()

	for {
		time.Sleep(5 * time.Second)
		log.Printf("last inotify mask: %#x", w.firstEventMask())
	}
}
