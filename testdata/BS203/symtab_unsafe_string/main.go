package main

import (
	"fmt"
	"log"

	"golang.org/x/sys/unix"
)

func main() {
	tab, err := mapSymtab()
	if err != nil {
		log.Fatal(err)
	}
	// Initial contents, written before any goroutine exists.
	for i, n := range []string{"main.main", "main.serve", "runtime.gcBgMarkWorker"} {
		writeEntry(tab.mem, i, n)
	}

	done := make(chan struct{})
	go tab.reload([]string{"main.main", "main.serveV2", "main.handle"}, done)

	// The sampler resolves frames while the table is being rewritten: the
	// returned strings alias bytes that reload is overwriting.
	for i := 0; i < 3; i++ {
		name := tab.name(i)
		fmt.Printf("frame %d: %s (%d bytes)\n", i, name, len(name))
	}
	<-done

	if err := unix.Munmap(tab.mem); err != nil {
		log.Fatal(err)
	}
}
