// Package perfmap opens one ring per CPU for each perf map, registers each ring's fd in
// the kernel map through C, and publishes the fds for a poller goroutine. A fresh slice
// filled through C in an inner loop, and published only after that loop, is private while
// C writes it, though the outer loop publishes the previous turn's slice: not a race
// (`Open`). Publishing inside the inner loop lets the poller read the slice while the next
// turn's C call writes it (`OpenEager`): a race.
package perfmap

/*
int map_update(int fd, int key, void *value);
*/
import "C"

import "unsafe"

type ring struct {
	fds []C.int
}

// Maps holds the rings of every perf map.
type Maps struct {
	rings map[string]*ring
	fd    map[string]C.int
}

func openFds(n int) []C.int {
	fds := make([]C.int, n)
	for i := range fds {
		fds[i] = C.int(100 + i)
	}
	return fds
}

// Open registers the rings of every map and publishes them once registered.
func (m *Maps) Open(cpus int) {
	for name, r := range m.rings {
		fds := openFds(cpus)
		for cpu := 0; cpu < cpus; cpu++ {
			C.map_update(m.fd[name], C.int(cpu), unsafe.Pointer(&fds[cpu]))
		}
		r.fds = fds
	}
}

// OpenEager publishes each map's fds before they are all registered.
func (m *Maps) OpenEager(cpus int) {
	for name, r := range m.rings {
		fds := openFds(cpus)
		for cpu := 0; cpu < cpus; cpu++ {
			C.map_update(m.fd[name], C.int(cpu), unsafe.Pointer(&fds[cpu])) // want BS102
			r.fds = fds
		}
	}
}

// Poll reads every ring's fds on a goroutine of its own.
func (m *Maps) Poll(out chan<- C.int) {
	go func() {
		for _, r := range m.rings {
			for _, fd := range r.fds {
				out <- fd
			}
		}
	}()
}
