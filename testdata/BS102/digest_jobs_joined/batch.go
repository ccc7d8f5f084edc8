package digest

import "sync"

// HashAll hashes every chunk on its own goroutine; the results are read only
// after wg.Wait.
func HashAll(chunks [][]byte) []Sum {
	sums := make([]Sum, len(chunks))
	var wg sync.WaitGroup
	for i := range chunks {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			hashInto(chunks[i], &sums[i])
		}(i)
	}
	wg.Wait()
	if len(sums) > 0 {
		sums[0][31] ^= 1 // domain separation for the first chunk, after the join
	}
	return sums
}

// Stamped prepares the header before the goroutine starts and reads the sum
// after receiving on done.
func Stamped(payload []byte, version byte) (Sum, []byte) {
	msg := make([]byte, 4+len(payload))
	msg[0], msg[1], msg[2], msg[3] = 'D', 'G', 'S', version
	copy(msg[4:], payload)

	var sum Sum
	done := make(chan struct{})
	go func() {
		hashInto(msg, &sum)
		close(done)
	}()
	<-done
	msg[3] = 0 // the header is reused as a tombstone once hashed
	return sum, msg
}

// Pair hashes a and b concurrently and combines the two sums after the
// helper method has joined both jobs.
func Pair(a, b []byte) Sum {
	ja, jb := Start(a), Start(b)
	ja.Wait()
	jb.Wait()
	var out Sum
	for i := range out {
		out[i] = ja.sum[i] ^ jb.sum[i]
	}
	return out
}
