package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"syscall"
)

func main() {
	ix, err := openIndex(filepath.Join(os.TempDir(), "keys.idx"), 1<<14)
	if err != nil {
		log.Fatal(err)
	}

	deleted := map[uint32]bool{4096: true, 8192: true}
	done := make(chan int)
	go ix.compact(deleted, done)

	for _, k := range []string{"user:17", "user:42", "order:9"} {
		if off, ok := ix.Lookup(k); ok {
			fmt.Printf("%s at offset %d\n", k, off)
		}
	}
	fmt.Println("dropped buckets:", <-done)

	if err := syscall.Munmap(ix.mem); err != nil {
		log.Fatal(err)
	}
}
