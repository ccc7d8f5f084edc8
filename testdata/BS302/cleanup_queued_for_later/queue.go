package texturecache

import "sync"

var (
	pendingMu sync.Mutex
	pending   []func()
)

// later queues f for the render loop: a cleanup must not block on the GPU, so it hands
// the real work over instead of doing it.
func later(f func()) {
	pendingMu.Lock()
	defer pendingMu.Unlock()
	pending = append(pending, f)
}

// FlushPending runs the queued work on the render loop's goroutine.
func FlushPending() {
	pendingMu.Lock()
	fs := pending
	pending = nil
	pendingMu.Unlock()
	for _, f := range fs {
		f()
	}
}

// now runs f at once, on the caller's goroutine.
func now(f func()) {
	f()
}
