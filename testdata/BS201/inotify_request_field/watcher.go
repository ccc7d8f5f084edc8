package main

import (
	"encoding/binary"
	"fmt"
	"syscall"
	"unsafe"
)

// readRequest is a prepared read(2): the address and size of the buffer the
// kernel fills. Keeping the address as a uintptr in a field both escapes the
// unsafe.Pointer rules (BS202) and hides the buffer from the race detector.
type readRequest struct {
	addr uintptr
	size uintptr
}

type configWatcher struct {
	fd  int
	buf [4096]byte
	req readRequest
}

func newConfigWatcher(dir string) (*configWatcher, error) {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_CLOSE_WRITE|syscall.IN_MOVED_TO); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	w := &configWatcher{fd: fd}
	w.req.addr = uintptr(unsafe.Pointer(&w.buf[0])) // want BS202
	w.req.size = uintptr(len(w.buf))
	return w, nil
}

// loop is started with `go w.loop(changed)`.
func (w *configWatcher) loop(changed chan<- struct{}) {
	for {
		_, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(w.fd), w.req.addr, w.req.size) // want BS201
		if errno != 0 && errno != syscall.EINTR {
			return
		}
		select {
		case changed <- struct{}{}:
		default:
		}
	}
}

// firstEventMask decodes the mask of the first inotify_event in the buffer,
// for the debug log. It runs on the caller's goroutine.
func (w *configWatcher) firstEventMask() uint32 {
	return binary.LittleEndian.Uint32(w.buf[4:8])
}
