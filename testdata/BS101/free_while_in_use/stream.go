package codec

/*
#include <stdlib.h>

typedef struct { unsigned char *scratch; int pos; } decoder;

static decoder *decoder_new(void) {
	decoder *d = calloc(1, sizeof(decoder));
	d->scratch = malloc(4096);
	return d;
}

static int decode_step(decoder *d, int n) { d->pos += n; return d->pos; }

static void decoder_free(decoder *d) {
	free(d->scratch);
	free(d);
}
*/
import "C"

// Stream decodes chunks on a goroutine of its own until the input closes.
type Stream struct {
	dec *C.decoder
	in  chan int
}

// NewStream starts the stream's decoding goroutine.
func NewStream() *Stream {
	s := &Stream{dec: C.decoder_new(), in: make(chan int)}
	go s.run()
	return s
}

func (s *Stream) run() {
	for n := range s.in {
		C.decode_step(s.dec, C.int(n))
	}
}

// Close closes the input and frees the decoder at once: run may still be decoding the
// last chunk.
func (s *Stream) Close() {
	close(s.in)
	C.decoder_free(s.dec) // want BS101
}
