package spawn

// child runs in the child after fork, where the race detector must not run.
//
//go:norace
func child(a *attr) {
	a.pidfd = 3
}

// Start runs the child side.
func Start(a *attr) {
	lastAttr = a
	child(a)
}
