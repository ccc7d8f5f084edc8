package wal

import (
	"io"
	"log"
	"time"
)

// Run appends every record from src and reports throughput once a second
// from a separate goroutine that only loads the writer's atomic counters.
func Run(dst io.Writer, src <-chan []byte) error {
	w := NewWriter(dst)
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				log.Printf("wal: %d records, %d bytes", w.records.Load(), w.bytes.Load())
			}
		}
	}()
	defer close(stop)
	for rec := range src {
		if err := w.Append(rec); err != nil {
			return err
		}
	}
	if !w.Verify() {
		log.Print("wal: page checksum mismatch")
	}
	return w.Flush()
}
