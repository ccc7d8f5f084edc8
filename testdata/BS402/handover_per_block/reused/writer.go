//go:build amd64

// Package reused is handed with one difference: ReadFrom takes one buffer before its loop
// and reads every block into it, while the goroutine the previous block went to may still
// be packing it. A race.
package reused

import (
	"io"
	"sync"
)

const blockSize = 64 << 10

// byter is what a reader that already holds its data offers.
type byter interface {
	Bytes() []byte
}

type Writer struct {
	buffers     sync.Pool
	concurrency int
	out         chan chan []byte
	dst         io.Writer
}

func NewWriter(dst io.Writer, concurrency int) *Writer {
	w := &Writer{concurrency: concurrency, out: make(chan chan []byte, 16), dst: dst}
	w.buffers.New = func() any { return make([]byte, blockSize+16) }
	return w
}

// ReadFrom encodes what the reader holds in place, or reads it block by block into one
// buffer, handed to writeFull after each block.
func (w *Writer) ReadFrom(r io.Reader) (int64, error) {
	if br, ok := r.(byter); ok {
		buf := br.Bytes()
		w.encodeSync(buf)
		return int64(len(buf)), nil
	}
	var n int64
	inbuf := w.buffers.Get().([]byte)[:blockSize]
	for {
		k, err := io.ReadFull(r, inbuf)
		if k == 0 {
			w.buffers.Put(inbuf)
			break
		}
		n += int64(k)
		w.writeFull(inbuf[:k])
		if err != nil {
			break
		}
	}
	return n, nil
}

// writeFull encodes the block in place and returns, or hands it to a goroutine.
func (w *Writer) writeFull(inbuf []byte) {
	if w.concurrency == 1 {
		w.encodeSync(inbuf)
		w.buffers.Put(inbuf)
		return
	}
	obuf := w.buffers.Get().([]byte)[:len(inbuf)+16]
	res := make(chan []byte, 1)
	w.out <- res
	go func() {
		n := packBlock(obuf, inbuf) // want BS402
		res <- obuf[:n]
		w.buffers.Put(inbuf)
	}()
}

func (w *Writer) encodeSync(p []byte) {
	obuf := w.buffers.Get().([]byte)[:len(p)+16]
	n := packBlock(obuf, p)
	w.dst.Write(obuf[:n])
	w.buffers.Put(obuf)
}
