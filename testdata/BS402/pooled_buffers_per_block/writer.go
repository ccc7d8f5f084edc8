//go:build amd64

// Package blockwriter compresses blocks on goroutines of their own and writes them in
// order. Each block goroutine packs into an output buffer it takes from a pool for itself,
// and reads a slice of the caller's input that no one writes; every packed block, and the
// stream header, travel in the same `chunk.data` field, so the alias classes put the
// buffers, the input and the header in one class.
package blockwriter

import (
	"io"
	"sync"
)

var streamHeader = []byte("BLK1")

type chunk struct {
	data []byte
}

type Writer struct {
	out     io.Writer
	buffers sync.Pool
	queue   chan chan chunk
	done    chan struct{}
}

func NewWriter(out io.Writer) *Writer {
	w := &Writer{out: out, queue: make(chan chan chunk, 8), done: make(chan struct{})}
	w.buffers.New = func() any { return make([]byte, 4096) }
	go w.drain()
	first := make(chan chunk, 1)
	first <- chunk{data: streamHeader}
	w.queue <- first
	return w
}

// drain writes the chunks in the order they were queued.
func (w *Writer) drain() {
	for next := range w.queue {
		c := <-next
		w.out.Write(c.data)
	}
	close(w.done)
}

// Write packs p block by block, each block on a goroutine of its own: every goroutine has
// its own pooled output buffer, made in the turn that starts it, and only reads its part
// of p. Not a race.
func (w *Writer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		in := p
		if len(in) > 1024 {
			in = in[:1024]
		}
		p = p[len(in):]
		obuf := w.buffers.Get().([]byte)[:len(in)]
		result := make(chan chunk, 1)
		w.queue <- result
		go func() {
			if incompressible(in) {
				// Stored as it is: the input travels in the same field as packed blocks.
				result <- chunk{data: in}
				return
			}
			m := packBlock(obuf, in)
			result <- chunk{data: obuf[:m]}
		}()
	}
	return n, nil
}

// incompressible says whether a block has no run worth packing.
func incompressible(b []byte) bool {
	for i := 1; i < len(b); i++ {
		if b[i] == b[i-1] {
			return false
		}
	}
	return true
}

// WriteShared packs every block into one buffer, made once before the loop, that all its
// goroutines share, and
// stamps the header into it before starting each: the stamp races with the assembly
// writes of the goroutines of earlier turns.
func (w *Writer) WriteShared(p []byte) {
	out := make([]byte, 4096)
	for len(p) > 0 {
		in := p
		if len(in) > 1024 {
			in = in[:1024]
		}
		p = p[len(in):]
		result := make(chan chunk, 1)
		w.queue <- result
		copy(out, streamHeader)
		go func() {
			m := packBlock(out, in) // want BS402
			result <- chunk{data: out[:m]}
		}()
	}
}

// Close waits for every queued chunk to be written.
func (w *Writer) Close() {
	close(w.queue)
	<-w.done
}
