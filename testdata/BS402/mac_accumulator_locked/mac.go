// Package macacc authenticates a stream of records that arrive from several
// connections at once, with one running MAC per stream.
package macacc

import "sync"

// Stream is a running MAC over records appended concurrently. mu guards h:
// every assembly call that touches it and every Go read of it hold mu.
type Stream struct {
	mu      sync.Mutex
	r, s    [2]uint64
	h       [3]uint64
	records int
}

// NewStream keys a stream.
func NewStream(r, s [2]uint64) *Stream {
	return &Stream{r: r, s: s}
}

// Append absorbs one record (a multiple of 16 bytes). Connections call it
// from their own goroutines.
func (st *Stream) Append(rec []byte) {
	st.mu.Lock()
	polyBlocks(&st.h, &st.r, rec)
	st.records++
	st.mu.Unlock()
}

// Checkpoint returns the tag of everything appended so far.
func (st *Stream) Checkpoint() (tag [16]byte, records int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	foldTag(&tag, &st.h, &st.s)
	return tag, st.records
}

// Reset starts a new epoch.
func (st *Stream) Reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.h[0], st.h[1], st.h[2] = 0, 0, 0
	st.records = 0
}

// Serve appends the records of every connection concurrently and takes a
// checkpoint every second record batch, while the connections keep going.
func Serve(st *Stream, conns [][][]byte, checkpoint func([16]byte, int)) {
	var wg sync.WaitGroup
	for _, recs := range conns {
		wg.Add(1)
		go func(recs [][]byte) {
			defer wg.Done()
			for _, rec := range recs {
				st.Append(rec)
			}
		}(recs)
	}
	checkpoint(st.Checkpoint())
	st.Reset()
	wg.Wait()
	checkpoint(st.Checkpoint())
}
