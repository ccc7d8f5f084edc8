package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

// converted counts finished frames; the progress goroutine only loads it.
var converted int64

func main() {
	const width, height = 640, 480
	conv := newConverter(width)
	frames := [][]byte{make([]byte, 2*width*height), make([]byte, 2*width*height)}

	// The progress reporter never touches the frames or the row buffer; it only
	// reads atomic counters.
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fmt.Fprintf(os.Stderr, "\r%d frames, %d rows", atomic.LoadInt64(&converted), conv.rows.Load())
			}
		}
	}()

	for _, f := range frames {
		rgb := conv.frame(f, height)
		atomic.AddInt64(&converted, 1)
		fmt.Println(len(rgb))
	}
	close(done)
	fmt.Println(len(thumbnail(frames[0], width)))
}
