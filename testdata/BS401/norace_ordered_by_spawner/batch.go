package main

// batch is filled by the producer and handed to the writer over a channel;
// after the send the producer never touches it again.
type batch struct {
	ids   []uint32
	total uint64
}

//go:norace
func (b *batch) add(id uint32, size int) {
	b.ids = append(b.ids, id)
	b.total += uint64(size)
}

func produce(out chan<- *batch, n int) {
	for i := 0; i < n; i++ {
		b := &batch{}
		for j := 0; j < 4; j++ {
			b.add(uint32(i*4+j), 100+j)
		}
		out <- b
	}
	close(out)
}

func writer(in <-chan *batch, done chan<- uint64) {
	var sum uint64
	for b := range in {
		sum += b.total + uint64(len(b.ids))
	}
	done <- sum
}
