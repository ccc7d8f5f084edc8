package main

import (
	"bufio"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	path := flag.String("log", "/var/log/ingestd/access.log", "access log path")
	flag.Parse()

	if err := reopenLog(*path); err != nil {
		log.Fatalf("ingestd: %v", err)
	}

	// logrotate renames the file and sends SIGUSR1 (postrotate script).
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	go func() {
		for range usr1 {
			if err := reopenLog(*path); err != nil {
				log.Printf("ingestd: rotate: %v", err)
				continue
			}
			log.Printf("ingestd: reopened %s", *path)
		}
	}()

	lines := make(chan string, 256)
	done := make(chan struct{})
	go writeEntries(lines, done)

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		lines <- in.Text()
	}
	close(lines)
	<-done
}
