//go:build unix

package spawn

// reap reads the attributes on a goroutine on every Unix, Linux included: this one does
// run beside forkChild.
func reap(a *attr) {
	go func() {
		println(a.pidfd)
	}()
}

func StartUnix(a *attr) {
	reap(a)
	Start(a)
}
