package snapshot

import "sync"

// Table is a live table readers use, and a spare one it is rebuilt into.
type Table struct {
	live  []byte
	spare []byte
}

// Snapshot copies the live table on a background goroutine while the caller goes on
// reading it: the assembly only loads through what it copies from, so a read meets a read.
func (t *Table) Snapshot(done chan<- []byte) byte {
	out := make([]byte, len(t.live))
	go func() {
		copyBlock(out, t.live)
		done <- out
	}()
	return t.live[0]
}

// Refill copies into the spare table on a background goroutine while the caller reads the
// spare table: the assembly stores through what it copies into.
func (t *Table) Refill(src []byte, wg *sync.WaitGroup) byte {
	wg.Add(1)
	go func() {
		defer wg.Done()
		copyBlock(t.spare, src) // want BS402
	}()
	return t.spare[0]
}
