package main

import (
	"fmt"
	"strings"
	"unsafe"
)

func main() {
	lines := []string{
		"GET /healthz 200",
		"POST /orders 201",
		"GET /orders/17 404",
		"DELETE /orders/17 204",
		"GET /metrics 200",
	}

	in := make(chan batch, 2)
	done := make(chan int)
	go shipper(in, done)

	for start := 0; start < len(lines); start += 2 {
		end := start + 2
		if end > len(lines) {
			end = len(lines)
		}
		text := strings.Join(lines[start:end], "\n") + "\n"

		// Fill the buffer, then hand it off: after the send this
		// function never touches it again.
		b := newBatch(len(text))
		buf := unsafe.Slice((*byte)(b.data), len(text))
		b.len = copy(buf, text)
		in <- b
	}
	close(in)
	fmt.Println("batches shipped:", <-done)
}
