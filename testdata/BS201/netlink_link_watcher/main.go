package main

import (
	"fmt"
	"log"
	"time"
)

func main() {
	w, err := newLinkWatcher()
	if err != nil {
		log.Fatal(err)
	}
	go w.run()

	for i := 0; i < 30; i++ {
		time.Sleep(2 * time.Second)
		n, typ := w.lastHeader()
		fmt.Printf("last rtnetlink message: type=%d len=%d\n", typ, n)
	}
}
