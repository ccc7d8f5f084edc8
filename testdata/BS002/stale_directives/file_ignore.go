//blindspot:file-ignore BS302 this file's gauges are advisory; reviewed in #398

package pool

import "runtime"

var liveSlabs int

// Slab allocates a slab; the whole file's finalizer races were reviewed.
func Slab(n int) *buffer {
	liveSlabs++
	s := &buffer{b: make([]byte, n)}
	runtime.SetFinalizer(s, func(s *buffer) {
		liveSlabs--
	})
	return s
}

// Slabs reads the counter.
func Slabs() int { return liveSlabs }
