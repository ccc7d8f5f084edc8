// Package journal reads a C journal handle that C fills in when the journal opens.
package journal

/*
typedef struct { int fd; } handle;

static int journal_open(handle *h) { h->fd = 3; return 0; }
static int journal_wait(handle h) { return h.fd; }
*/
import "C"

import (
	"errors"
	"sync"
)

type Journal struct {
	mu sync.Mutex
	h  C.handle
}

// Open fills j.h in C before it returns j: no goroutine can reach j yet, so the C write
// races with nothing (it was reported against Follow's goroutine).
func Open() (j *Journal, err error) {
	j = &Journal{}
	if C.journal_open(&j.h) < 0 {
		return nil, errors.New("open failed")
	}
	return j, nil
}

// Reopen refills the handle of a journal already shared: Follow's goroutine may be
// reading it.
func (j *Journal) Reopen() error {
	if C.journal_open(&j.h) < 0 { // want BS102
		return errors.New("reopen failed")
	}
	return nil
}

// Follow waits in a goroutine of its own.
func (j *Journal) Follow() <-chan int {
	ch := make(chan int, 1)
	go func() {
		ch <- int(C.journal_wait(j.h))
	}()
	return ch
}
