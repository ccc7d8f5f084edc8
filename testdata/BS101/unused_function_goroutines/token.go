package token

/*
#include <stdlib.h>

typedef struct { int slots; int busy; } module;

static module *module_open(void) { return calloc(1, sizeof(module)); }
static void module_close(module *m) { free(m); }
static int module_sign(module *m, int n) { m->busy = n; return n; }
static int module_wait(module *m) { return m->slots; }
*/
import "C"

// Module holds a C module handle.
type Module struct {
	m *C.module
}

func Open() *Module {
	return &Module{m: C.module_open()}
}

// Close releases the module.
func (mod *Module) Close() {
	C.module_close(mod.m)
	mod.m = nil
}

// Sign runs in the caller's goroutine.
func (mod *Module) Sign(n int) int {
	return int(C.module_sign(mod.m, C.int(n)))
}

// WaitEvent waits for a slot event in a goroutine of its own, which nothing joins: a
// caller's Close may free the module while module_wait still reads it.
func (mod *Module) WaitEvent() <-chan int {
	ch := make(chan int, 1)
	go func() {
		ch <- int(C.module_wait(mod.m)) // want BS101
	}()
	return ch
}
