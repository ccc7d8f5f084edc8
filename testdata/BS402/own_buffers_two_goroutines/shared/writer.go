//go:build amd64

// Package shared is apart's shape with one scratch buffer for the package: `Write`'s
// goroutines pack into it while `WriteFull`'s goroutine checks it. A race.
package shared

var scratch = make([]byte, 4096)

type chunk struct {
	data []byte
}

type Writer struct {
	out chan chunk
}

func NewWriter() *Writer {
	return &Writer{out: make(chan chunk, 64)}
}

// Write packs each block of p on a goroutine of its own, into the package's scratch.
func (w *Writer) Write(p []byte) {
	for len(p) > 0 {
		in := p
		if len(in) > 1024 {
			in = in[:1024]
		}
		p = p[len(in):]
		go func() {
			m := packBlock(scratch, in) // want BS402
			w.out <- chunk{data: append([]byte(nil), scratch[:m]...)}
		}()
	}
}

// WriteFull sends the scratch as it is when it is all zeros.
func (w *Writer) WriteFull(inbuf []byte) {
	go func() {
		if zeros(scratch) {
			w.out <- chunk{data: inbuf}
		}
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
