package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
)

func main() {
	f, err := openBloom(filepath.Join(os.TempDir(), "seen-urls.bloom"), 1<<16)
	if err != nil {
		log.Fatal(err)
	}

	done := make(chan struct{})
	go f.preload([]string{"https://a.example/", "https://b.example/x"}, done)

	// The crawler keeps serving while the filter is preloaded.
	for _, u := range []string{"https://a.example/", "https://c.example/"} {
		if !f.MayContain(u) {
			f.Add(u)
			fmt.Println("crawl", u)
		}
	}
	<-done
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
