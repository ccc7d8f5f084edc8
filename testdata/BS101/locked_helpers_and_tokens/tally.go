// Package tally keeps counters in C memory and guards them in the ways Go code does.
//
// Board bumps its counters in bumpLocked, a helper its callers call with b.mu held: every
// call of the helper holds the lock, so the helper does too. Meter passes its counters
// around as a token on a channel of capacity one: Add takes the token and gives it back when
// it returns, so only one Add touches them at a time. Neither is a race (both were reported
// when a helper's body held no lock of its callers and a channel was no lock).
//
// Gauge's goroutine writes the counters without the lock that Set's helper holds: a race.
// Dial's goroutine calls the helper itself unlocked: a race of the helper's write with itself.
// Pool's channel holds four tokens, all the same counters: four goroutines hold them at once,
// a race.
package tally

/*
#include <stdlib.h>
*/
import "C"

import "sync"

// Board guards its counters with a mutex; bumpLocked expects the caller to hold it.
type Board struct {
	mu    sync.Mutex
	cells *[64]uint64
}

func NewBoard() *Board {
	return &Board{cells: (*[64]uint64)(C.calloc(64, 8))}
}

func (b *Board) bumpLocked(i int) {
	b.cells[i%64]++
}

func (b *Board) Add(i int) {
	b.mu.Lock()
	b.bumpLocked(i)
	b.mu.Unlock()
}

func (b *Board) Run(n int) {
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.Add(k)
		}()
	}
	b.Add(0)
	wg.Wait()
}

type meterCells struct {
	cells *[64]uint64
}

// Meter's counters travel as the one token of a channel of capacity one.
type Meter struct {
	tok chan *meterCells
}

func NewMeter() *Meter {
	m := &Meter{tok: make(chan *meterCells, 1)}
	m.tok <- &meterCells{cells: (*[64]uint64)(C.calloc(64, 8))}
	return m
}

func (m *Meter) Add(i int) {
	c := <-m.tok
	defer func() { m.tok <- c }()
	c.cells[i%64]++
}

func (m *Meter) Run(n int) {
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Add(k)
		}()
	}
	m.Add(0)
	wg.Wait()
}

// Gauge's goroutine skips the lock.
type Gauge struct {
	mu    sync.Mutex
	cells *[64]uint64
}

func NewGauge() *Gauge {
	return &Gauge{cells: (*[64]uint64)(C.calloc(64, 8))}
}

func (g *Gauge) setLocked(v uint64) {
	g.cells[0] = v
}

func (g *Gauge) Set(v uint64) {
	g.mu.Lock()
	g.setLocked(v)
	g.mu.Unlock()
}

func (g *Gauge) Run() {
	done := make(chan struct{})
	go func() {
		g.cells[1] = 1 // want BS101
		close(done)
	}()
	g.Set(2)
	<-done
}

type poolCells struct {
	cells *[64]uint64
}

// Pool hands out four tokens that are all the same counters.
type Pool struct {
	tok chan *poolCells
}

func NewPool() *Pool {
	p := &Pool{tok: make(chan *poolCells, 4)}
	shared := &poolCells{cells: (*[64]uint64)(C.calloc(64, 8))}
	for i := 0; i < 4; i++ {
		p.tok <- shared
	}
	return p
}

func (p *Pool) Add(i int) {
	c := <-p.tok
	defer func() { p.tok <- c }()
	c.cells[i%64]++ // want BS101
}

func (p *Pool) Run(n int) {
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Add(k)
		}()
	}
	wg.Wait()
}

// Dial's goroutine calls the helper without the lock that Set takes: the helper's one write
// races with itself, run by the goroutine and by the spawner.
type Dial struct {
	mu    sync.Mutex
	cells *[64]uint64
}

func NewDial() *Dial {
	return &Dial{cells: (*[64]uint64)(C.calloc(64, 8))}
}

func (d *Dial) setLocked(v uint64) {
	d.cells[0] = v // want BS101
}

func (d *Dial) Set(v uint64) {
	d.mu.Lock()
	d.setLocked(v)
	d.mu.Unlock()
}

func (d *Dial) Run() {
	done := make(chan struct{})
	go func() {
		d.setLocked(1)
		close(done)
	}()
	d.Set(2)
	<-done
}
