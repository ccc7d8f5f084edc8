// Package bufs makes its buffers with a constructor. Each call of the constructor makes a
// buffer of its own: C filling one goroutine's buffer does not race with another
// goroutine reading a different one.
package bufs

/*
static void fill(char *p, int n) { for (int i = 0; i < n; i++) p[i] = 1; }
*/
import "C"

import "unsafe"

func newBuf(n int) []byte {
	return make([]byte, n)
}

// Background fills a buffer of the goroutine's own while the caller reads another.
func Background(n int) byte {
	mine := newBuf(n)
	go func() {
		theirs := newBuf(n)
		C.fill((*C.char)(unsafe.Pointer(&theirs[0])), C.int(n))
	}()
	return mine[0]
}

// Shared hands the caller's buffer to the goroutine: C writes it while the caller reads it.
func Shared(n int) byte {
	buf := newBuf(n)
	go func() {
		C.fill((*C.char)(unsafe.Pointer(&buf[0])), C.int(n)) // want BS102
	}()
	return buf[0]
}
