package spawn

// startPlan9 reads pidfd on a goroutine while Start runs the child side. Start and child
// of exec_linux.go are never built with this file (Plan 9 has its own, in exec_other.go),
// so evidence joining the two files describes no program.
func startPlan9(a *attr) {
	go func() {
		println(a.pidfd)
	}()
	Start(a)
}
