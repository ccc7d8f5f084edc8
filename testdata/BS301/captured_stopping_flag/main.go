package main

import (
	"bufio"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

func main() {
	queue, err := openQueue("frontier.txt")
	if err != nil {
		log.Fatalf("crawler: %v", err)
	}

	var stopping bool
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		log.Printf("crawler: %v, finishing the current batch", s)
		stopping = true // want BS301
	}()

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stopping {
			batch := queue.next(20)
			if len(batch) == 0 {
				return
			}
			for _, url := range batch {
				if err := fetch(url); err != nil {
					log.Printf("crawler: %s: %v", url, err)
				}
			}
		}
	}()
	wg.Wait()
	log.Printf("crawler: %d urls left in the frontier", queue.remaining())
}

type frontier struct {
	urls []string
}

func openQueue(path string) (*frontier, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	q := &frontier{}
	in := bufio.NewScanner(f)
	for in.Scan() {
		q.urls = append(q.urls, in.Text())
	}
	return q, in.Err()
}

func (q *frontier) next(n int) []string {
	if n > len(q.urls) {
		n = len(q.urls)
	}
	batch := q.urls[:n]
	q.urls = q.urls[n:]
	return batch
}

func (q *frontier) remaining() int {
	return len(q.urls)
}
