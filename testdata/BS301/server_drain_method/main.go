package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"os"
	"time"
)

func process(job Job) {
	sum := sha256.Sum256([]byte(job.Payload))
	time.Sleep(time.Duration(sum[0]) * time.Millisecond)
	fmt.Printf("%d %x\n", job.ID, sum[:8])
}

func main() {
	s := NewServer(4)
	in := bufio.NewScanner(os.Stdin)
	for id := 1; in.Scan(); id++ {
		if !s.Accepting() {
			fmt.Fprintln(os.Stderr, "jobd: not accepting new jobs")
			break
		}
		s.jobs <- Job{ID: id, Payload: in.Text()}
	}
	s.Close()
}
