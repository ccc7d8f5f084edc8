package spawn

// forkChild runs in the child after fork, where the race detector must not run.
//
//go:norace
func forkChild(a *attr) {
	a.pidfd = 3 // want BS401
}

// Start forks and waits for the pid file descriptor on another goroutine.
func Start(a *attr) {
	lastAttr = a
	forkChild(a)
}
