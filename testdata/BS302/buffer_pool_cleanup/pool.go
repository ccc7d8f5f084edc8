// Package bufpool recycles fixed-size byte buffers. Buffers that callers drop
// without calling Release are recovered by a runtime cleanup.
package bufpool

import (
	"runtime"
	"sync"
)

// Buffer is one pooled buffer.
type Buffer struct {
	B  []byte
	id int
}

// Pool hands out buffers of size bytes.
type Pool struct {
	size  int
	trace func(id int)

	mu     sync.Mutex
	free   [][]byte
	nextID int
	live   int
	peak   int
}

// New returns a pool of size-byte buffers; trace, if not nil, is called with
// the id of every buffer the garbage collector recovers.
func New(size int, trace func(id int)) *Pool {
	return &Pool{size: size, trace: trace}
}

// Get returns a buffer. The cleanup registered here captures the pool p and
// the backing array, never the Buffer itself.
func (p *Pool) Get() *Buffer {
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.live++
	if p.live > p.peak {
		p.peak = p.live
	}
	var b []byte
	if n := len(p.free); n > 0 {
		b = p.free[n-1]
		p.free = p.free[:n-1]
	} else {
		b = make([]byte, p.size)
	}
	p.mu.Unlock()

	buf := &Buffer{B: b, id: id}
	runtime.AddCleanup(buf, func(id int) {
		p.live-- // want BS302
		p.recycle(b)
		if p.trace != nil {
			p.trace(id)
		}
	}, id)
	return buf
}

// recycle puts a backing array back on the free list.
func (p *Pool) recycle(b []byte) {
	p.mu.Lock()
	p.free = append(p.free, b[:cap(b)])
	p.mu.Unlock()
}

// Live reports the buffers handed out and not yet recovered, and the peak.
func (p *Pool) Live() (live, peak int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.live, p.peak
}
