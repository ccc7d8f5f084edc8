// Package connpool keeps idle TCP connections to one backend.
package connpool

import (
	"errors"
	"net"
	"runtime"
	"sync"
	"time"
)

// openConns counts connections dialed and not yet closed or collected; the
// pool's mutex guards it in dial, but the finalizer that catches leaked
// connections does not take the mutex.
var (
	openConns int
	dialed    int
)

// Conn is a pooled connection. Callers that forget to Put it back leak it
// until the garbage collector finds it.
type Conn struct {
	net.Conn
	created time.Time
	closed  bool
}

// Pool hands out connections to addr and keeps up to maxIdle of them.
type Pool struct {
	addr    string
	timeout time.Duration
	maxIdle int

	mu   sync.Mutex
	idle []*Conn
}

// New returns a pool for addr.
func New(addr string, maxIdle int) *Pool {
	return &Pool{addr: addr, timeout: 3 * time.Second, maxIdle: maxIdle}
}

func (p *Pool) dial() (*Conn, error) {
	nc, err := net.DialTimeout("tcp", p.addr, p.timeout)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	openConns++
	dialed++
	p.mu.Unlock()
	c := &Conn{Conn: nc, created: time.Now()}
	runtime.SetFinalizer(c, func(c *Conn) {
		if !c.closed {
			c.Conn.Close()
			c.closed = true
		}
		openConns-- // want BS302
	})
	return c, nil
}

// Get returns an idle connection or dials a new one.
func (p *Pool) Get() (*Conn, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	return p.dial()
}

// Put gives c back to the pool, or drops it when the pool is full.
func (p *Pool) Put(c *Conn) error {
	if c.closed {
		return errors.New("connpool: put of a closed connection")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) < p.maxIdle {
		p.idle = append(p.idle, c)
		return nil
	}
	return c.Conn.Close()
}

// Stats is a snapshot for the metrics endpoint.
type Stats struct {
	Open, Dialed, Idle int
}

// Stats reports how many connections are open, dialed in total and idle.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{Open: openConns, Dialed: dialed, Idle: len(p.idle)}
}
