package blockpipe

import "log"

// Run recycles block buffers through free: a buffer goes back on the channel only after
// its goroutine has unpacked it, so the next receive gets it back in order. The assembly
// call is in another file than the loop: not a finding.
func Run(free chan []byte, out chan []byte) {
	for {
		buf := <-free
		n := blockLen(buf)
		go func() {
			dst := make([]byte, n)
			Unpack(dst, buf)
			free <- buf
			out <- dst
		}()
	}
}

// Peek logs the head of a buffer it still shares with the unpacking goroutine: found.
func Peek(buf []byte, out chan []byte) {
	go func() {
		dst := make([]byte, 64)
		unpack(dst, buf) // want BS402
		out <- dst
	}()
	log.Printf("head %x", buf[:4])
}
