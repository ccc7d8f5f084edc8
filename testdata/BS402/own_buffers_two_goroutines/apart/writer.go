//go:build amd64

// Package apart starts two kinds of block goroutine, from two methods: each packs into an
// output buffer its own call takes from the pool. An incompressible block travels as it
// is, in the same `chunk.data` field as the packed ones, so the alias classes put every
// buffer and every input in one class; followed back access by access, `Write`'s
// goroutines write only their own buffers and `WriteFull`'s read only what its caller
// handed over. Not a race.
package apart

import "sync"

type chunk struct {
	data []byte
}

type Writer struct {
	buffers sync.Pool
	out     chan chunk
}

func NewWriter() *Writer {
	w := &Writer{out: make(chan chunk, 64)}
	w.buffers.New = func() any { return make([]byte, 4096) }
	return w
}

// Write packs each block of p on a goroutine of its own, into a pooled buffer.
func (w *Writer) Write(p []byte) {
	for len(p) > 0 {
		in := p
		if len(in) > 1024 {
			in = in[:1024]
		}
		p = p[len(in):]
		obuf := w.buffers.Get().([]byte)
		go func() {
			m := packBlock(obuf, in)
			w.out <- chunk{data: obuf[:m]}
		}()
	}
}

// WriteFull packs one block the caller gives up, or sends it as it is when it is all
// zeros.
func (w *Writer) WriteFull(inbuf []byte) {
	obuf := w.buffers.Get().([]byte)
	go func() {
		if zeros(inbuf) {
			w.out <- chunk{data: inbuf}
			return
		}
		m := packBlock(obuf, inbuf)
		w.out <- chunk{data: obuf[:m]}
	}()
}

func zeros(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
