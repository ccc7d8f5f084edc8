package main

// digest is computed by a helper goroutine into a captured variable that the
// caller reads only after the goroutine closes done.
//
//go:norace
func adler32(data []byte, out *uint32) {
	a, b := uint32(1), uint32(0)
	for _, c := range data {
		a = (a + uint32(c)) % 65521
		b = (b + a) % 65521
	}
	*out = b<<16 | a
}

func digestAsync(data []byte) uint32 {
	var sum uint32
	done := make(chan struct{})
	go func() {
		defer close(done)
		adler32(data, &sum)
	}()
	<-done
	return sum
}
