// Package spawn starts processes the way package syscall does: one child-side function per
// operating system, marked //go:norace, and one waiting goroutine per operating system.
// Only the files of one operating system are ever built together.
package spawn

type attr struct {
	pidfd int
	files []uintptr
}

var lastAttr *attr
