// Package wal appends checksummed records to a write-ahead log.
package wal

import (
	"encoding/binary"
	"io"
	"sync/atomic"
)

// Writer frames records into a reusable page buffer. Only the goroutine that
// calls Append and Flush touches page; the metrics goroutine reads nothing but
// the atomic counters.
type Writer struct {
	dst  io.Writer
	page []byte
	used int

	records atomic.Uint64
	bytes   atomic.Uint64
}

// NewWriter returns a writer with 32 KiB pages.
func NewWriter(dst io.Writer) *Writer {
	return &Writer{dst: dst, page: make([]byte, 32<<10)}
}

// Append frames rec as length, CRC, payload.
func (w *Writer) Append(rec []byte) error {
	if w.used+8+len(rec) > len(w.page) {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	hdr := w.page[w.used : w.used+8]
	binary.LittleEndian.PutUint32(hdr[0:4], uint32(len(rec)))
	binary.LittleEndian.PutUint32(hdr[4:8], crc32cUpdate(0, rec))
	copy(w.page[w.used+8:], rec)
	w.used += 8 + len(rec)
	w.records.Add(1)
	return nil
}

// Flush writes the page out and clears it.
func (w *Writer) Flush() error {
	if w.used == 0 {
		return nil
	}
	n, err := w.dst.Write(w.page[:w.used])
	w.bytes.Add(uint64(n))
	memclr(w.page[:w.used])
	w.used = 0
	return err
}

// Verify recomputes the CRC of every framed record in the page.
func (w *Writer) Verify() bool {
	for off := 0; off+8 <= w.used; {
		n := int(binary.LittleEndian.Uint32(w.page[off:]))
		want := binary.LittleEndian.Uint32(w.page[off+4:])
		if crc32cUpdate(0, w.page[off+8:off+8+n]) != want {
			return false
		}
		off += 8 + n
	}
	return true
}
