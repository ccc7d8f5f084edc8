// Package pool runs tasks on goroutines of its own.
package pool

import "sync"

// Group runs functions concurrently and waits for them.
type Group struct{ wg sync.WaitGroup }

// Go runs task on a new goroutine.
func Go(g *Group, task func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		task()
	}()
}

// Wait blocks until every task has returned.
func Wait(g *Group) { g.wg.Wait() }
