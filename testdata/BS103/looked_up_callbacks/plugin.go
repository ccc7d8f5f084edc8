// Package plugin finds one of its exported callbacks by name with dlsym and calls it
// through a trampoline, a C function that calls the pointer it is handed. What the lookup
// returns goes nowhere but into the trampoline, so the looked-up callback runs inside it,
// during the C call Load makes, on Load's goroutine. A callback that neither the package's
// C nor its Go names may be run by anything, on any thread.
package plugin

/*
#include <stdint.h>
#include <stdlib.h>
#include <dlfcn.h>
#cgo linux LDFLAGS: -ldl

static uintptr_t lookup(char *name) { return (uintptr_t)dlsym(RTLD_DEFAULT, name); }
static void call(uintptr_t f) { ((void (*)(void))f)(); }
*/
import "C"

import "unsafe"

var hits int

//export OnLoad
func OnLoad() {
	hits++
}

//export OnEvent
func OnEvent() {
	hits++ // want BS103
}

// Load finds OnLoad by name and calls it through the trampoline.
func Load() int {
	name := C.CString("OnLoad")
	defer C.free(unsafe.Pointer(name))
	C.call(C.lookup(name))
	return hits
}
