// Package chunkhash hashes the chunks of a content-defined chunker.
package chunkhash

import "sync"

// Chunk is a hashed chunk. Sum is salted so that equal chunks of different
// tenants do not collide.
type Chunk struct {
	Off int64
	Sum [32]byte
}

// HashChunks hashes every chunk on its own goroutine. The salt and the
// digest are declared inside each goroutine and the chunk view per loop
// iteration, so no two goroutines share what the assembly writes.
func HashChunks(data []byte, cuts []int) []Chunk {
	out := make(chan Chunk, len(cuts))
	var wg sync.WaitGroup
	start := 0
	for _, end := range cuts {
		chunk := data[start:end]
		off := int64(start)
		start = end
		wg.Add(1)
		go func() {
			defer wg.Done()
			var salt [16]byte
			fillRandom(salt[:])
			var sum [32]byte
			sum256(&sum, chunk)
			for i := range salt {
				sum[i] ^= salt[i]
			}
			out <- Chunk{Off: off, Sum: sum}
		}()
	}
	wg.Wait()
	close(out)
	var chunks []Chunk
	for c := range out {
		chunks = append(chunks, c)
	}
	return chunks
}

// Pipeline reads chunks into recycled buffers on a reader goroutine and
// hashes them here. A buffer belongs to whoever received it last: the reader
// fills it and sends it, this goroutine hashes it and sends it back.
func Pipeline(next func([]byte) int, n int) [][32]byte {
	free := make(chan []byte, 2)
	full := make(chan []byte, 2)
	for i := 0; i < 2; i++ {
		free <- make([]byte, 64<<10)
	}
	go func() {
		defer close(full)
		for i := 0; i < n; i++ {
			buf := <-free
			m := next(buf)
			fillRandom(buf[m:])
			full <- buf
		}
	}()
	var sums [][32]byte
	for buf := range full {
		var s [32]byte
		sum256(&s, buf)
		buf[0] = 0
		sums = append(sums, s)
		free <- buf
	}
	return sums
}
