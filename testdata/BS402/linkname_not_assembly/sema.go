// Package sema wakes waiters through runtime functions reached by //go:linkname. Those
// declarations have no body, but no assembly of this package defines them: they are Go
// functions of the runtime, not assembly, so handing them &s.count is not an unseen access.
package sema

import (
	_ "unsafe" // for go:linkname
)

// Pulled from the runtime with a linkname directive.
//
//go:linkname semrelease sync.runtime_Semrelease
func semrelease(addr *uint32, handoff bool, skipframes int)

// Pushed from elsewhere: no directive here, no assembly either.
func procPin() int

// Implemented in spin_amd64.s: assembly, unlike the two above.
func spin(addr *uint32)

type waker struct {
	count uint32
	wake  chan struct{}
}

func (w *waker) run() {
	for range w.wake {
		semrelease(&w.count, false, 0)
		_ = procPin()
	}
}

type spinner struct {
	state uint32
	kick  chan struct{}
}

func (s *spinner) loop() {
	for range s.kick {
		spin(&s.state) // want BS402
	}
}

// Spin is the same shape with an assembly function: its store to state races with the read.
func Spin() uint32 {
	s := &spinner{kick: make(chan struct{})}
	go s.loop()
	s.kick <- struct{}{}
	return s.state
}

// Start starts the waking goroutine and reads the count while it runs.
func Start() uint32 {
	w := &waker{wake: make(chan struct{})}
	go w.run()
	w.wake <- struct{}{}
	return w.count
}
